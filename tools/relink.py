"""Rewrite every Binder and Colab link in README.md and notebooks/ to point at another repository.

The repository is defined once, in pyproject.toml ([project.urls] Repository); this script
updates that line and every mybinder.org link, and, where the notebooks have their Colab badge and
setup cell (tools/colab.py), rewrites those too, at the ref they already install from.
Usage: python tools/relink.py owner/name
"""

import pathlib
import re
import sys

import colab  # tools/colab.py, beside this file

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/")


def main(repo, root=ROOT):
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        sys.exit(f"expected owner/name, got {repo!r}")
    pyproject = root / "pyproject.toml"
    text = re.sub(r'Repository = "https://github.com/[\w.-]+/[\w.-]+"',
                  f'Repository = "https://github.com/{repo}"', pyproject.read_text())
    pyproject.write_text(text)
    for path in [root / "README.md", *sorted((root / "notebooks").glob("*.ipynb"))]:
        old = path.read_text()
        new = LINK.sub(f"mybinder.org/v2/gh/{repo}/", old)
        if new != old:
            path.write_text(new)
            print("updated", path.relative_to(root))
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    ref = colab.existing_ref(notebooks)
    if ref is not None:  # the Colab badges and setup cells, regenerated for the new repository
        for path in colab.apply([*notebooks, root / "README.md"], repo, ref):
            print("updated", path.relative_to(root), "(Colab)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
