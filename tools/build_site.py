"""Build the series as a static website (make site): stage the pages, fetch MathJax, run Sphinx with myst-nb.

The notebooks are not executed again: their stored outputs are what strict nbval checks. The staged copy
differs from the committed notebooks in three ways only, all for a page that works without a kernel and
without the internet:
- each badge image (loaded from mybinder.org or colab) becomes a plain launch link;
- each widget output becomes a note that the sliders need a live kernel, with launch links;
- the home page is made from the README's table of notebooks.
Usage: python tools/build_site.py [--out build/site]
"""

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import time

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MATHJAX = "mathjax@3.2.2"  # from the npm registry; served from the site itself
CACHE = ROOT / "build" / "cache"
STATIC = CACHE / "static"  # a second html_static_path (site/conf.py): MathJax, copied into the site's _static
WIDGET = "application/vnd.jupyter.widget-view+json"
BADGE = re.compile(r"\[!\[([^\]]*)\]\((https?://[^)\s]+)\)\]\((https?://[^)\s]+)\)")
COLAB_CELL = "colab-setup"  # the id of tools/colab.py's first code cell
TABLE_LINK = re.compile(r"\]\(notebooks/([\w.-]+\.ipynb)\)")


def repository():
    """The GitHub repository URL, named once in pyproject.toml ([project.urls] Repository)."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["urls"]["Repository"].rstrip("/")


def slug():
    """owner/name of the repository."""
    return repository().removeprefix("https://github.com/")


def binder_url(notebook=None):
    url = f"https://mybinder.org/v2/gh/{slug()}/HEAD"
    return url + (f"?labpath=notebooks/{notebook}" if notebook else "")


def colab_url(notebook=None):
    url = f"https://colab.research.google.com/github/{slug()}/blob/main"
    return url + (f"/notebooks/{notebook}" if notebook else "")


def site_url():
    """Where GitHub Pages publishes the site of the repository."""
    owner, name = slug().split("/")
    return f"https://{owner.lower()}.github.io/{name}/"


def widget_note(notebook):
    return (
        '<div class="widget-note" role="note"><p><strong>Interactive widget.</strong> Its sliders and buttons need '
        "a live Python kernel, which this page does not have; the figure above shows one setting. "
        f'<a href="{binder_url(notebook)}">Launch this notebook on Binder</a> or '
        f'<a href="{colab_url(notebook)}">open it in Colab</a> to play with it.</p></div>')


def launch_link(badge):
    """A badge [![Binder](image)](url) as a plain link that loads nothing: [Launch on Binder](url)."""
    name = badge.group(1)
    return f"[{name if name.lower().startswith('open') else 'Launch on ' + name}]({badge.group(3)})"


def stage_notebook(path, dest):
    """Copy one notebook to the staging folder, with launch links instead of badges and notes instead of widgets."""
    nb = json.loads(path.read_text())
    nb["metadata"].pop("widgets", None)  # no widget state on a static page
    nb["cells"] = [c for c in nb["cells"] if c.get("id") != COLAB_CELL]  # it does nothing outside Colab
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            cell["source"] = BADGE.sub(launch_link, text)
        for k, out in enumerate(cell.get("outputs", [])):
            if WIDGET in out.get("data", {}):
                note = widget_note(path.name)
                cell["outputs"][k] = {"output_type": "display_data", "metadata": {},
                                      "data": {"text/html": note, "text/plain": "(an interactive widget)"}}
    (dest / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False))


def home_page(notebooks):
    """index.md: what the series is, the README's table of notebooks (links to the pages), how to run it."""
    readme = (ROOT / "README.md").read_text()
    intro = readme.split("\n## ")[0].split("\n", 1)[1]
    intro = BADGE.sub("", intro).strip()
    table = readme.split("## The notebooks", 1)[1].split("\n## ", 1)[0].strip()
    present = {nb.name for nb in notebooks}
    table = "\n".join(row for row in table.splitlines()  # the rows of the notebooks being built
                      if not TABLE_LINK.search(row) or TABLE_LINK.search(row).group(1) in present)
    table = TABLE_LINK.sub(lambda m: f"]({m.group(1)})", table)
    toctree = "\n".join(nb.stem for nb in notebooks)
    return f"""# Backpropagation, computed

{intro}

## The notebooks

{table}

## Run them yourself

These pages show every notebook with its stored outputs. The sliders and buttons need a live Python kernel:
[launch the series on Binder]({binder_url("00-start-here.ipynb")}), open a notebook in Colab with the button at
the top of its page, or install it on your computer ([instructions and source]({repository()})).

```{{toctree}}
:hidden:
:maxdepth: 1

{toctree}
```
"""


def fetch_mathjax(cache, static):
    """Copy MathJax's TeX-to-HTML component, its fonts and its TeX extensions into static/mathjax (from npm once)."""
    package = cache / "mathjax" / "package"
    if not (package / "es5" / "tex-chtml.js").is_file():
        cache.mkdir(parents=True, exist_ok=True)
        tgz = subprocess.run(["npm", "pack", MATHJAX, "--silent", "--pack-destination", str(cache)],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(cache / tgz) as tar:
            tar.extractall(cache / "mathjax", filter="data")
    es5 = package / "es5"
    target = static / "mathjax"
    if (target / "tex-chtml.js").is_file():
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(es5 / "tex-chtml.js", target / "tex-chtml.js")
    for sub in ["output/chtml/fonts/woff-v2", "input/tex/extensions"]:
        shutil.copytree(es5 / sub, target / sub, dirs_exist_ok=True)


def stage(notebook_dir, staging, cache):
    """Everything Sphinx reads: the notebooks, index.md, _static (CSS and MathJax)."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    notebooks = sorted(notebook_dir.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        sys.exit(f"no notebooks in {notebook_dir}")
    for nb in notebooks:
        stage_notebook(nb, staging)
    (staging / "index.md").write_text(home_page(notebooks))
    fetch_mathjax(cache, STATIC)


def build(out, notebook_dir=ROOT / "notebooks", quiet=True):
    """Stage and build into out/html with warnings as errors; return the seconds it took."""
    start = time.perf_counter()
    out = pathlib.Path(out)
    stage(pathlib.Path(notebook_dir), out / "src", CACHE)
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-c", str(ROOT / "site"),
               "-d", str(out / "doctrees"), str(out / "src"), str(out / "html")] + (["-q"] if quiet else [])
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "site"))
    parser.add_argument("--notebooks", default=str(ROOT / "notebooks"))
    args = parser.parse_args()
    seconds = build(args.out, args.notebooks, quiet=False)
    html = pathlib.Path(args.out) / "html"
    size = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    print(f"built {html} in {seconds:.1f} s, {size / 1e6:.1f} MB; open {html / 'index.html'}")


if __name__ == "__main__":
    main()
