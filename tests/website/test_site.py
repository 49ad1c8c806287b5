"""The website: built with warnings as errors, every page loaded in Chromium from 127.0.0.1 and checked.

Checks: nothing requested from another host, no console error, math rendered (no raw TeX in the text), every
image with alt text that says what it shows, every internal link and anchor resolves, axe-core finds no serious
or critical violation. A deliberately broken fixture site proves that the checks can fail.
"""

import json
import pathlib

import pytest

from .conftest import ARTIFACTS
from .sitecheck import page_problems, serve, static_problems

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_the_build_has_a_page_per_notebook_and_a_home_page(site):
    html, seconds = site
    assert (html / "index.html").is_file()
    for name in NOTEBOOKS:
        assert (html / f"{name}.html").is_file(), f"no page for {name}"
    home = (html / "index.html").read_text()
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in home, f"the home page's table does not link to {name}"
    assert seconds < 60, f"make site took {seconds:.0f} s"


def test_pages_have_launch_and_download_buttons_and_neighbour_links(site, build_site):
    html, _ = site
    for k, name in enumerate(NOTEBOOKS):
        page = (html / f"{name}.html").read_text()
        assert build_site.binder_url().split("/HEAD")[0] in page, f"{name}: no Binder launch button"
        assert "colab.research.google.com/github/" + build_site.slug() in page, f"{name}: no Colab launch button"
        assert f"_sources/{name}.ipynb" in page, f"{name}: no download-notebook button"
        if k + 1 < len(NOTEBOOKS):
            assert f'href="{NOTEBOOKS[k + 1]}.html"' in page, f"{name}: no link to the next page"


def test_widgets_are_replaced_by_a_note_with_launch_links(site):
    html, _ = site
    for name in NOTEBOOKS:
        page = (html / f"{name}.html").read_text()
        assert "widget-view+json" not in page, f"{name}: a widget's JSON is on the static page"
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
        widgets = sum("application/vnd.jupyter.widget-view+json" in out.get("data", {})
                      for c in nb["cells"] for out in c.get("outputs", []))
        assert page.count('class="widget-note"') == widgets, f"{name}: every widget gets its note"


def test_static_checks_find_no_problem(site):
    html, _ = site
    assert static_problems(html) == []


@pytest.fixture(scope="module")
def served(site):
    with serve(site[0]) as base:
        yield base


@pytest.mark.parametrize("name", ["index"] + NOTEBOOKS)
def test_page_in_chromium(browser, served, name):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    try:
        assert page_problems(page, f"{served}{name}.html", Axe()) == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}-light.png")
    finally:
        page.close()


def test_dark_mode_page_is_readable(browser, served):
    """The theme's dark mode: no serious contrast problem, and every figure is opaque, its corner pixel white
    (show_figure saves it with a white background, so dark lines never land on the dark page)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        name = NOTEBOOKS[1]
        assert page_problems(page, f"{served}{name}.html", Axe()) == []
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        corners = page.evaluate("""() => [...document.querySelectorAll('.cell_output img')].map(img => {
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const context = canvas.getContext('2d');
            context.drawImage(img, 0, 0);
            return Array.from(context.getImageData(0, 0, 1, 1).data);
        })""")
        assert corners and all(c == [255, 255, 255, 255] for c in corners), corners
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}-dark.png")
    finally:
        context.close()


def _broken_notebook(folder):
    """A notebook with a figure without alt text and a link to a page that does not exist."""
    cells = [
        {"cell_type": "markdown", "id": "title", "metadata": {},
         "source": "# Broken\n\n<a href=\"no-such-page.html\">a link</a>"},
        {"cell_type": "code", "id": "figure", "execution_count": 1, "metadata": {}, "source": "show()",
         "outputs": [{"output_type": "display_data", "metadata": {},
                      "data": {"text/html": '<img src="data:image/png;base64,iVBORw0KGgo="/>',
                               "text/plain": "figure"}}]},
    ]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / "00-broken.ipynb").write_text(json.dumps(nb))


def test_a_broken_site_fails_the_checks(build_site, tmp_path, browser):
    _broken_notebook(tmp_path)
    build_site.build(tmp_path / "out", notebook_dir=tmp_path)
    problems = static_problems(tmp_path / "out" / "html")
    assert any("00-broken.html: an image has no alt text" in p for p in problems), problems
    assert any("00-broken.html: broken link no-such-page.html" in p for p in problems), problems
    with serve(tmp_path / "out" / "html") as base:
        page = browser.new_page()
        try:
            found = page_problems(page, f"{base}00-broken.html")
        finally:
            page.close()
    assert not any("another host" in p for p in found)


def test_a_page_that_loads_from_another_host_is_caught(browser, tmp_path):
    (tmp_path / "index.html").write_text('<html><body><main>$$x$$ <img src="http://example.invalid/a.png" '
                                         'alt="a picture of nothing at all"></main></body></html>')
    problems = static_problems(tmp_path)
    assert any("loads http://example.invalid/a.png from another host" in p for p in problems), problems
    with serve(tmp_path) as base:
        page = browser.new_page()
        page.route("http://example.invalid/**", lambda route: route.abort())  # never leaves the machine
        try:
            found = page_problems(page, f"{base}index.html")
        finally:
            page.close()
    assert any("requested http://example.invalid/a.png from another host" in p for p in found), found
    assert any("raw TeX '$$'" in p for p in found), found
