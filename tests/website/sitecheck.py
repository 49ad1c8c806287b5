"""Checks of the built website: what a reader's browser gets, and that nothing comes from another host.

static_problems reads the HTML files (alt text, internal links and anchors, scripts and styles from the site
itself); page_problems loads one page in Chromium from a local server (requests, console errors, rendered math,
axe-core accessibility). Each returns a list of readable problems: empty means the page passes.
"""

import contextlib
import functools
import html.parser
import http.server
import pathlib
import threading
import urllib.parse

SERIOUS = {"serious", "critical"}
RAW_TEX = ("$$", "\\frac", "\\partial", "\\sum", "\\(", "\\[", "\\begin{")


class _Page(html.parser.HTMLParser):
    """Collects the ids, links, images and loaded resources of one HTML file."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.images, self.resources = set(), [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a)
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "preload", "icon", "modulepreload"):
            self.resources.append(a["href"])


@functools.lru_cache(maxsize=None)
def _parse(path):
    page = _Page()
    page.feed(pathlib.Path(path).read_text(errors="replace"))
    return page


def alt_problem(alt):
    """Why an alt text does not describe a figure, or None."""
    if alt is None:
        return "has no alt text"
    if len(alt.split()) < 3:
        return f"has alt text {alt!r}, too short to say what it shows"
    if alt.strip().lower().endswith((".png", ".svg", ".jpg", ".gif")) or "/" in alt.split()[0]:
        return f"has a file name as alt text: {alt!r}"
    return None


def static_problems(root):
    """Problems in every HTML file under root: images, internal links and anchors, resources from elsewhere."""
    root = pathlib.Path(root)
    problems = []
    for path in sorted(root.rglob("*.html")):
        name, page = path.relative_to(root), _parse(path)
        for img in page.images:
            alt = img.get("alt")
            theme_icon = img.get("src", "").startswith("_static/") and alt is not None
            if theme_icon and alt_problem(alt + " in the theme") is None:
                continue  # the theme's icons (a logo beside its label): a short alt, or "" for decoration, is right
            why = alt_problem(alt)
            if why:
                problems.append(f"{name}: an image {why} (src {img.get('src', '')[:60]})")
        for src in page.resources:
            if urllib.parse.urlsplit(src).netloc or src.startswith("//"):
                problems.append(f"{name}: loads {src} from another host")
        for href in page.links:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue  # links to other sites are followed by the reader, not loaded
            target = (path.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{name}: broken link {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                problems.append(f"{name}: link {href} points to a missing anchor")
    return problems


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(root):
    """An HTTP server for root on 127.0.0.1 (a free port), in a thread; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_problems(page, url, axe=None):
    """Load url in a Playwright page; problems: requests to other hosts, console errors, raw TeX, axe findings."""
    problems, host = [], urllib.parse.urlsplit(url).hostname

    def on_request(request):
        if urllib.parse.urlsplit(request.url).hostname not in (host, None) and not request.url.startswith("data:"):
            problems.append(f"requested {request.url} from another host")

    def on_response(response):
        if response.status >= 400:
            problems.append(f"HTTP {response.status} for {response.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    def on_console(message):
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(url, wait_until="load")
    has_math = page.evaluate("() => !!window.MathJax")
    if has_math:
        page.wait_for_function("() => window.MathJax.startup && window.MathJax.startup.promise", timeout=15_000)
        page.evaluate("() => window.MathJax.startup.promise")
    text = page.evaluate("""() => {  // the prose as the reader sees it, without code cells (they hold TeX in strings)
        const main = document.querySelector('main');
        if (!main) return '';
        const copy = main.cloneNode(true);
        copy.querySelectorAll('pre, code, .highlight, mjx-container, .cell_input').forEach(e => e.remove());
        document.body.appendChild(copy);
        const text = copy.innerText;
        copy.remove();
        return text;
    }""")
    for tex in RAW_TEX:
        if tex in text:
            at = text.index(tex)
            problems.append(f"raw TeX {tex!r} in the visible text: ...{text[max(0, at - 40):at + 40]!r}...")
    page.remove_listener("request", on_request)
    page.remove_listener("response", on_response)
    page.remove_listener("console", on_console)
    if axe is not None:  # preload off: axe would fetch the theme's @import-ed CSS from a wrong path (its own 404)
        found = axe.run(page, options={"resultTypes": ["violations"], "preload": False}).response
        for violation in found["violations"]:
            if violation["impact"] in SERIOUS:
                where = [n["target"] for n in violation["nodes"][:3]]
                problems.append(f"axe {violation['impact']}: {violation['id']} ({violation['help']}) at {where}")
    return problems
