"""Every notebook is held to the series' conventions (see README, "Contributing a notebook")."""

import ast
import json
import re

import pytest

from conftest import NOTEBOOKS, ROOT

NAME = re.compile(r"^(\d\d)-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
ids = [nb.name for nb in NOTEBOOKS]


def load(nb):
    return json.loads(nb.read_text())


def code_cells(nb):
    return [c for c in load(nb)["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"
    assert NOTEBOOKS[0].name == "00-start-here.ipynb"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_file_name(nb):
    assert NAME.match(nb.name), f"{nb.name}: name it like 03-delta-rules.ipynb"


def test_numbers_are_unique_and_consecutive():
    numbers = [int(nb.name[:2]) for nb in NOTEBOOKS]
    assert numbers == list(range(len(numbers))), f"notebook numbers {numbers} should be 0, 1, 2, ..."


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_first_cell_is_a_markdown_title(nb):
    first = load(nb)["cells"][0]
    assert first["cell_type"] == "markdown", "the first cell must be markdown"
    assert "".join(first["source"]).startswith("# "), "the first cell must start with a '# Title'"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_navigation_line(nb):
    """The first cell has 'previous · contents · next', linking to the neighbouring notebooks."""
    text = "".join(load(nb)["cells"][0]["source"])
    nav = [line for line in text.splitlines() if "·" in line and "ontents" in line]
    assert nav, "the first cell needs a navigation line: [← prev](..) · [Contents](00-start-here.ipynb) · [next →](..)"
    targets = [t for _, t in LINK.findall(nav[0])]
    for target in targets:
        assert (nb.parent / target).is_file(), f"navigation links to {target}, which does not exist"
    i = NOTEBOOKS.index(nb)
    expected = {n.name for n in NOTEBOOKS[max(i - 1, 0):i + 2] if n != nb} | {"00-start-here.ipynb"}
    expected.discard(nb.name)
    assert expected <= set(targets), f"navigation should link to {sorted(expected)}, links to {targets}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_kernelspec_is_python3(nb):
    assert load(nb)["metadata"].get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_executed_top_to_bottom(nb):
    counts = [c["execution_count"] for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"execution counts {counts}: run `make execute` so the notebook is run top to bottom")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_no_errors_or_stderr_in_stored_outputs(nb):
    for cell in code_cells(nb):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"stored error {out.get('ename')} in cell {cell['source'][:1]}"
            assert out.get("name") != "stderr", (
                f"stderr output (a warning?) in cell {cell['source'][:1]}: catch and explain it instead")


def _ends_in_expression(source):
    """True when the last statement is a bare expression (not a call) whose value Jupyter shows."""
    source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return (bool(body) and isinstance(body[-1], ast.Expr) and not isinstance(body[-1].value, ast.Call)
            and not source.rstrip().endswith(";"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_cells_ending_in_an_expression_have_output(nb):
    for cell in code_cells(nb):
        source = "".join(cell["source"])
        if _ends_in_expression(source):
            assert cell["outputs"], f"no stored output for a cell ending in an expression:\n{source}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_ignored_outputs_say_why(nb):
    for cell in code_cells(nb):
        tags = cell.get("metadata", {}).get("tags", [])
        source = "".join(cell["source"])
        assert "nbval-skip" not in tags and "NBVAL_SKIP" not in source, "do not skip cells: every cell runs"
        if "nbval-ignore-output" in tags or "NBVAL_IGNORE_OUTPUT" in source:
            assert re.search(r"#\s*nbval-ignore-output:\s*\S+", source), (
                "a cell whose output nbval ignores needs a comment '# nbval-ignore-output: <why>'")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_has_a_figure_and_a_widget(nb):
    kinds = {k for c in code_cells(nb) for out in c["outputs"] for k in out.get("data", {})}
    assert "image/png" in kinds or "text/html" in kinds, "every notebook shows at least one figure"
    assert "application/vnd.jupyter.widget-view+json" in kinds, "every notebook has at least one widget"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_listed_in_readme_and_start_here(nb):
    for doc in ["README.md"]:
        assert nb.name in (ROOT / doc).read_text(), f"{nb.name} is missing from {doc}'s table"
    start = "".join("".join(c["source"]) for c in load(NOTEBOOKS[0])["cells"])
    assert nb.name in start or nb == NOTEBOOKS[0], f"{nb.name} is missing from 00-start-here's path"


NUMBER = re.compile(r"(?<![\w.])\d+\.\d{3,}")


def _output_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        for kind, value in out.get("data", {}).items():
            if kind.startswith("text/"):
                parts.append("".join(value))
    return "\n".join(parts)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_numbers_in_prose_were_computed_above(nb):
    """A number with 3+ decimals in a markdown cell must appear in an earlier code cell or its output."""
    seen = []
    for cell in load(nb)["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            seen.append(source)
            seen.append(_output_text(cell))
            continue
        text = "\n".join(seen)
        for number in NUMBER.findall(source):
            assert number in text, (
                f"the prose says {number}, but no cell above prints it: compute it, then quote the output\n"
                f"in: {source[:200]}")
