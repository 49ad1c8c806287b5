"""Make every notebook open and run on Google Colab: an "Open in Colab" badge next to the Binder badge, and a first
code cell that, on Colab only, installs this series' `helpers` package from the repository at a pinned tag.

Idempotent: run it again and nothing changes; with another --ref or repository, the badges and cells follow.
The repository comes from the one Repository URL in pyproject.toml; the tag defaults to v<project version>, the
release the notebooks belong to (the badge opens the notebook at the same tag, so notebook and helpers match).

Usage: python tools/colab.py [--ref TAG_OR_COMMIT] [NOTEBOOK_OR_README ...]   (default: notebooks/NN-*.ipynb and
README.md)
Then run `make execute` (the new cell shifts the execution counts). `make relink` (tools/relink.py) calls it again
with the repository's new name, keeping the ref the notebooks already have.

On Colab the cell also shows Colab links to every notebook of the series: the links between notebooks in the
text are relative (they work in JupyterLab, on Binder and on a static site), and on Colab they would leave Colab.
Outside Colab (JupyterLab, Binder, nbval, a site build) the cell does nothing and prints nothing.
"""

import argparse
import json
import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CELL_ID = "colab-setup"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = re.compile(r"\[!\[Binder\]\([^)]*\)\]\([^)]*\)")
COLAB_BADGE = re.compile(r" ?\[!\[Open in Colab\]\([^)]*\)\]\([^)]*\)")


def project():
    """(owner/name from [project.urls] Repository, project version) of pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    url = data["project"]["urls"]["Repository"]
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+)", url)
    if not match:
        raise ValueError(f"pyproject.toml: Repository must be https://github.com/owner/name, got {url!r}")
    return match[1], data["project"]["version"]


def colab_url(repo, ref, name):
    return f"https://colab.research.google.com/github/{repo}/blob/{ref}/notebooks/{name}"


def badge(repo, ref, name):
    return f"[![Open in Colab]({BADGE_IMAGE})]({colab_url(repo, ref, name)})"


def with_badge(text, repo, ref, name):
    """The markdown `text` with its Colab badge (for notebook `name`) right after its Binder badge."""
    text = COLAB_BADGE.sub("", text)
    binder = BINDER_BADGE.search(text)
    if not binder:
        raise ValueError(f"{name}: no Binder badge to put the Colab badge next to")
    return text[:binder.end()] + " " + badge(repo, ref, name) + text[binder.end():]


def setup_source(repo, ref, names):
    """The first code cell: on Colab, install helpers at `ref` (no dependencies: Colab has them) and show links."""
    stems = " ".join(name.removesuffix(".ipynb") for name in names)
    link = "https://colab.research.google.com/github/{colab_repo}/blob/{colab_ref}/notebooks/{name}.ipynb"
    return "\n".join([
        f"# Only on Google Colab: install this series' helpers package (release {ref}; no dependencies, Colab has",
        "# them) and show Colab links to the notebooks (the links in the text would leave Colab). Elsewhere this cell",
        "# does nothing.",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        "    import importlib",
        "    import subprocess",
        "",
        "    from IPython.display import Markdown, display",
        "",
        f'    colab_repo, colab_ref = "{repo}", "{ref}"',
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",',
        '                    f"https://github.com/{colab_repo}/archive/{colab_ref}.tar.gz"], check=True)',
        "    importlib.invalidate_caches()",
        '    colab_links = [f"[{name[:2]}](' + link + ')"',
        f'                   for name in "{stems}".split()]',
        '    display(Markdown("The series on Colab: " + " · ".join(colab_links)))',
    ])


def existing_ref(paths):
    """The ref that the setup cell of the first of these notebooks that has one installs from, or None."""
    for path in paths:
        if path.suffix != ".ipynb":
            continue
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            found = re.search(r'colab_repo, colab_ref = "[^"]+", "([^"]+)"', "".join(cell["source"]))
            if cell.get("id") == CELL_ID and found:
                return found[1]
    return None


def setup_cell(repo, ref, names):
    return {"cell_type": "code", "execution_count": None, "id": CELL_ID, "metadata": {}, "outputs": [],
            "source": setup_source(repo, ref, names).splitlines(keepends=True)}


def update_notebook(nb, name, repo, ref, names):
    """The notebook dict with its Colab badge and setup cell (index 1, after the title cell) up to date."""
    title = nb["cells"][0]
    title["source"] = with_badge("".join(title["source"]), repo, ref, name).splitlines(keepends=True)
    cells = [cell for cell in nb["cells"] if cell.get("id") != CELL_ID]
    old = next((cell for cell in nb["cells"] if cell.get("id") == CELL_ID), None)
    new = setup_cell(repo, ref, names)
    if old is not None and old["source"] == new["source"]:
        new = old  # unchanged: keep its execution count and outputs
    nb["cells"] = [cells[0], new, *cells[1:]]
    return nb


def dumps(nb):
    """As nbformat writes a notebook (and as the committed notebooks are)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def apply(paths, repo, ref):
    """Update notebooks (and README.md's badge, if given) in place; returns the paths that changed."""
    names = sorted(p.name for p in paths if p.suffix == ".ipynb")
    changed = []
    for path in paths:
        old = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            new = dumps(update_notebook(json.loads(old), path.name, repo, ref, names))
        else:  # README.md: the badge opens the first notebook
            new = with_badge(old, repo, ref, names[0] if names else "00-start-here.ipynb")
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", help="the tag or commit to install helpers from (default: v<project version>)")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    repo, version = project()
    paths = args.paths or [*sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")), ROOT / "README.md"]
    for path in apply(paths, repo, args.ref or f"v{version}"):
        print("updated", path)


if __name__ == "__main__":
    sys.exit(main())
