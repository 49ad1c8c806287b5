"""tools/colab.py: the Colab badge and setup cell, applied to copies of the notebooks (the committed ones are only
changed by running the tool); the setup cell does nothing outside Colab; on a simulated Colab (a stub google.colab
module, a Python without this project, pip pointed at a wheel built here, no network) it installs helpers and every
notebook's imports then work."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import colab  # noqa: E402
import run_notebooks  # noqa: E402

REPO, REF = "someone/backprop-fork", "v9.9.9"
ARCHIVE = 'f"https://github.com/{colab_repo}/archive/{colab_ref}.tar.gz"'  # what the setup cell installs


@pytest.fixture
def copies(tmp_path):
    """Copies of the notebooks and README.md with the tool applied."""
    for path in [*NOTEBOOKS, ROOT / "README.md"]:
        shutil.copy(path, tmp_path)
    paths = sorted(tmp_path.glob("*.ipynb")) + [tmp_path / "README.md"]
    colab.apply(paths, REPO, REF)
    return paths


def setup_cells(paths):
    return [json.loads(p.read_text())["cells"][1] for p in paths if p.suffix == ".ipynb"]


def test_every_notebook_gets_a_badge_next_to_binder_and_the_setup_cell(copies):
    for path in copies:
        text = path.read_text()
        target = path.name if path.suffix == ".ipynb" else "00-start-here.ipynb"
        url = f"https://colab.research.google.com/github/{REPO}/blob/{REF}/notebooks/{target}"
        assert f") [![Open in Colab]({colab.BADGE_IMAGE})]({url})" in text, path.name
        assert text.count("colab-badge.svg") == 1
    for cell in setup_cells(copies):
        source = "".join(cell["source"])
        assert cell["id"] == colab.CELL_ID and cell["cell_type"] == "code"
        assert source.count('if "google.colab" in sys.modules:') == 1
        assert f'colab_repo, colab_ref = "{REPO}", "{REF}"' in source
        assert '"--no-deps"' in source
        assert " ".join(p.stem for p in NOTEBOOKS) in source  # a Colab link to each notebook of the series


def test_the_tool_is_idempotent_and_follows_a_new_ref_and_repository(copies):
    before = {p: p.read_text() for p in copies}
    assert colab.apply(copies, REPO, REF) == []
    assert {p: p.read_text() for p in copies} == before
    colab.apply(copies, "other/name", "abc1234")
    for path in copies:
        text = path.read_text()
        assert REPO not in text and REF not in text and text.count("colab-badge.svg") == 1
        if path.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            assert [c.get("id") for c in cells].count(colab.CELL_ID) == 1 and cells[1]["id"] == colab.CELL_ID
            assert "blob/abc1234/notebooks" in text
    assert colab.existing_ref(copies) == "abc1234"
    assert colab.existing_ref([p for p in NOTEBOOKS if colab.CELL_ID not in p.read_text()]) is None


def test_the_tool_leaves_the_rest_of_each_notebook_alone(copies):
    for path in copies:
        if path.suffix != ".ipynb":
            continue
        new, old = json.loads(path.read_text()), json.loads((ROOT / "notebooks" / path.name).read_text())
        kept = [c for c in new["cells"] if c.get("id") != colab.CELL_ID]
        rest = [c for c in old["cells"][1:] if c.get("id") != colab.CELL_ID]
        assert [c["source"] for c in kept[1:]] == [c["source"] for c in rest]
        assert new["metadata"] == old["metadata"]


def test_outside_colab_the_setup_cell_does_nothing_and_prints_nothing(copies, tmp_path):
    cell = setup_cells(copies)[0]
    probe = "import importlib.util\nprint(sorted(k for k in globals() if not k.startswith('_'))[-3:])"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("".join(cell["source"])),
                                         nbformat.v4.new_code_cell(probe)])
    run = run_notebooks.run_notebook(tmp_path / "x.ipynb", timeout=60, nb=nb)
    assert run.error is None
    assert run.nb.cells[0].outputs == []
    assert "colab_repo" not in run.nb.cells[1].outputs[0]["text"]  # the guarded block did not run


def colab_like_python(tmp_path):
    """A virtual environment with what Colab has (the dependencies: this project's, linked in) but without this
    project, and a kernel spec that starts it."""
    venv = tmp_path / "colab-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)  # pip: linked in below
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    deps = tmp_path / "deps"
    deps.mkdir()
    ours = ("backprop_notebooks", "__editable__", "helpers", "_backprop")
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(ours) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    (site / "colab_deps.pth").write_text(f"{deps}\n")
    spec = tmp_path / "jupyter" / "kernels" / "colab-sim"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "simulated Colab", "language": "python"}))
    return python, tmp_path / "jupyter"


def helpers_wheel(tmp_path):
    """The helpers package built into a wheel here (from a copy of the sources), offline."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src)
    shutil.copytree(ROOT / "helpers", src / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "-w", out, src], check=True)
    (wheel,) = out.glob("*.whl")
    return wheel


def test_on_a_simulated_colab_the_setup_cell_makes_every_notebooks_imports_work(copies, tmp_path, monkeypatch):
    python, jupyter_path = colab_like_python(tmp_path)
    wheel = helpers_wheel(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # no network: pip can only install the wheel
    content = tmp_path / "content"  # Colab's working directory: no helpers/ folder in it
    content.mkdir()
    cells = ['import sys, types\nsys.modules["google.colab"] = types.ModuleType("google.colab")  # as on Colab',
             'import importlib.util\nassert importlib.util.find_spec("helpers") is None, "helpers already there"']
    for path in copies:
        if path.suffix != ".ipynb":
            continue
        nb = json.loads(path.read_text())
        setup = "".join(nb["cells"][1]["source"])
        assert setup.count(ARCHIVE) == 1
        cells.append(setup.replace(ARCHIVE, f'"{wheel}"'))
        imports = next(c for c in nb["cells"][2:] if c["cell_type"] == "code")
        cells.append("".join(imports["source"]))
    cells.append("import helpers\nprint(helpers.__file__)")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    run = run_notebooks.run_notebook(content / "colab.ipynb", timeout=120, nb=nb, kernel_name="colab-sim")
    assert run.error is None, run.error
    where = run.nb.cells[-1].outputs[0]["text"].strip()
    assert where.startswith(str(tmp_path / "colab-venv")), f"helpers imported from {where}, not the installed wheel"
    links = run.nb.cells[2].outputs[0]["data"]["text/markdown"]
    for path in NOTEBOOKS:
        assert f"https://colab.research.google.com/github/{REPO}/blob/{REF}/notebooks/{path.name}" in links
    assert os.environ.get("PIP_NO_INDEX") == "1"


def test_relink_moves_the_binder_and_colab_links_and_keeps_the_ref(tmp_path):
    import relink

    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copy(ROOT / "README.md", tmp_path)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    notebooks = sorted((tmp_path / "notebooks").glob("*.ipynb"))
    colab.apply([*notebooks, tmp_path / "README.md"], colab.project()[0], "v1.2.3")
    relink.main("new-owner/new-name", root=tmp_path)
    assert 'Repository = "https://github.com/new-owner/new-name"' in (tmp_path / "pyproject.toml").read_text()
    for path in [*notebooks, tmp_path / "README.md"]:
        text = path.read_text()
        assert "mybinder.org/v2/gh/new-owner/new-name/HEAD" in text
        assert "colab.research.google.com/github/new-owner/new-name/blob/v1.2.3/notebooks/" in text
        assert colab.project()[0] not in text, path.name
    assert colab.existing_ref(notebooks) == "v1.2.3"
