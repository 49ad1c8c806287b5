"""Rewrite every Binder link in README.md and notebooks/ to point at another repository.

The repository is defined once, in pyproject.toml ([project.urls] Repository); this script
updates that line and every mybinder.org link. Usage: python tools/relink.py owner/name
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/")


def main(repo):
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        sys.exit(f"expected owner/name, got {repo!r}")
    pyproject = ROOT / "pyproject.toml"
    text = re.sub(r'Repository = "https://github.com/[\w.-]+/[\w.-]+"',
                  f'Repository = "https://github.com/{repo}"', pyproject.read_text())
    pyproject.write_text(text)
    for path in [ROOT / "README.md", *sorted((ROOT / "notebooks").glob("*.ipynb"))]:
        old = path.read_text()
        new = LINK.sub(f"mybinder.org/v2/gh/{repo}/", old)
        if new != old:
            path.write_text(new)
            print("updated", path.relative_to(ROOT))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
