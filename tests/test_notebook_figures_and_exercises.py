"""Two conventions of every notebook: each figure carries alt text, and each notebook has a coding exercise.

A figure is shown with `helpers.figures.show_figure(fig, alt=...)`, so its stored output is an <img> with alt
text; a bare PNG output (from plt.show() or a figure left as a cell's value) has none. A coding exercise is a
cell tagged `skeleton` (raises NotImplementedError), a `check` cell (stored output: not answered yet), a markdown
cell and a code cell tagged `solution`; the solution cell runs the check again, and strict nbval re-executes it,
so "Correct!" in its stored output is re-proved on every test run.
"""

import ast
import json
import re

import pytest

from conftest import NOTEBOOKS

ids = [nb.name for nb in NOTEBOOKS]
IMG = re.compile(r"<img\b[^>]*>")
ALT = re.compile(r'\balt="([^"]*)"')


def cells(nb):
    return json.loads(nb.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def output_text(cell):
    return "".join("".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
                   for out in cell.get("outputs", []))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_every_figure_has_alt_text(nb):
    alts = []
    for cell in cells(nb):
        if cell["cell_type"] != "code":
            continue
        assert "plt.show()" not in source(cell), (
            f"plt.show() gives no alt text: use show_figure(fig, alt=...) in\n{source(cell)[:300]}")
        for out in cell["outputs"]:
            data = out.get("data", {})
            assert "image/png" not in data, f"a figure without alt text in\n{source(cell)[:300]}"
            for img in IMG.findall("".join(data.get("text/html", ""))):
                alt = ALT.search(img)
                assert alt and len(alt.group(1).split()) >= 5, f"an image without a real alt text: {img[:120]}"
                assert not alt.group(1).lower().endswith((".png", ".svg", ".jpg")), f"alt text is a file name: {img}"
                alts.append(alt.group(1))
    assert alts, "every notebook shows at least one figure (with show_figure)"
    assert len(set(alts)) == len(alts), "two figures share one alt text: say what each one shows"


def _defined_functions(code):
    return {node.name for node in ast.walk(ast.parse(code)) if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("nb", [nb for nb in NOTEBOOKS if not nb.name.startswith("00")],
                         ids=[i for i in ids if not i.startswith("00")])
def test_has_a_coding_exercise_with_check_and_solution(nb):
    all_cells = cells(nb)
    skeletons = [k for k, c in enumerate(all_cells) if "skeleton" in tags(c)]
    assert skeletons, "every notebook from 01 on has a coding exercise: a code cell tagged `skeleton`"
    for k in skeletons:
        skeleton = all_cells[k]
        names = _defined_functions(source(skeleton))
        assert names and "raise NotImplementedError" in source(skeleton), (
            f"a skeleton defines the learner's function and raises NotImplementedError:\n{source(skeleton)}")
        rest = all_cells[k + 1:]
        check = next(c for c in rest if c["cell_type"] == "code")
        assert "check" in tags(check), "the code cell after a skeleton is its check, tagged `check`"
        assert "Not answered yet" in output_text(check), "the stored notebook keeps the exercise unanswered"
        solution = next((c for c in rest if c["cell_type"] == "code" and "solution" in tags(c)
                         and names & _defined_functions(source(c))), None)
        assert solution is not None, f"no code cell tagged `solution` defines {sorted(names)}"
        assert output_text(solution).lstrip().startswith("Correct!"), (
            "the solution cell runs the check again; its stored output must start with 'Correct!'")
        explained = [c for c in rest[:rest.index(solution)] if c["cell_type"] == "markdown" and "solution" in tags(c)]
        assert explained and "<details>" in source(explained[-1]), (
            "a markdown cell tagged `solution` with a collapsed <details> solution comes before the solution code")
