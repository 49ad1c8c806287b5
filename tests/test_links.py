"""Every Binder link points at our repository and at a notebook that exists."""

import json
import re

import pytest

from conftest import NOTEBOOKS, ROOT, pyproject

BINDER = re.compile(r"https://mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/HEAD(\?labpath=([^)\s\"'>]+))?")


def _repo():
    url = pyproject()["project"]["urls"]["Repository"]
    return url.removeprefix("https://github.com/")


def _texts():
    yield "README.md", (ROOT / "README.md").read_text()
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text())["cells"]
        yield nb.name, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_readme_has_a_binder_badge():
    assert BINDER.search((ROOT / "README.md").read_text()), "README.md has no Binder link"


@pytest.mark.parametrize("name,text", list(_texts()), ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "")
def test_binder_links_point_to_existing_notebooks(name, text):
    for match in BINDER.finditer(text):
        assert match.group(1) == _repo(), f"{name}: Binder link to {match.group(1)}, not {_repo()}"
        assert match.group(3), f"{name}: Binder link without ?labpath=: {match.group(0)}"
        assert (ROOT / match.group(3)).is_file(), f"{name}: Binder labpath {match.group(3)} does not exist"


@pytest.mark.parametrize("name,text", list(_texts()), ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "")
def test_relative_links_point_to_existing_files(name, text):
    base = ROOT if name == "README.md" else ROOT / "notebooks"
    text = re.sub(r"`[^`\n]*`", "", text)  # links shown as code (e.g. in the conventions) are examples
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:|#", target):
            continue
        path = target.split("#")[0]
        assert (base / path).exists(), f"{name}: link to {target}, which does not exist"
