"""make student and make grade (tools/editions.py, nbgrader): no solution in the student edition, the student
edition runs, and autograding a class of generated submissions (correct, typical mistakes, a raising cell, an
endless loop, a corrupt file) gives the right points and feedback without one submission harming another."""

import csv
import os
import re
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT

TOOL = ROOT / "tools" / "editions.py"
SIGMOID = ROOT / "notebooks" / "01-sigmoid.ipynb"


def run_tool(*args, timeout=300):
    """python tools/editions.py ... in a subprocess (nbgrader's imports stay out of pytest's warning filter)."""
    result = subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True,
                            timeout=timeout, cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def tagged(nb, tag):
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


# --- the student edition of notebook 01 --------------------------------------------------------------

@pytest.fixture(scope="module")
def student_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    run_tool("student", "--out", out, "--course", out.parent / "course-student", "--notebooks", SIGMOID)
    return nbformat.read(out / SIGMOID.name, as_version=4)


def test_student_edition_has_no_solution(student_edition):
    teacher = nbformat.read(SIGMOID, as_version=4)
    text = "\n".join(c.source for c in student_edition.cells)
    solution_code = [c for c in tagged(teacher, "solution") if c.cell_type == "code"]
    assert solution_code, "notebook 01 has coding exercises with solution cells"
    skeletons = "\n".join(c.source for c in tagged(teacher, "skeleton"))
    for cell in solution_code:  # every line that is not also in a skeleton or a check call
        for line in cell.source.splitlines():
            line = line.strip()
            if line and not line.startswith(("check_", "#")) and line not in skeletons:
                assert line not in text, f"solution line in the student edition: {line!r}"
    blocks = [b for c in teacher.cells if c.cell_type == "markdown"
              for b in re.findall(r"<details>.*?</details>", c.source, re.S)]
    assert len(blocks) >= 5
    for block in blocks:
        body = block.split("</summary>", 1)[-1]
        sentences = [s.strip() for s in re.split(r"(?<=[.:])\s", body) if len(s.strip()) > 30]
        for sentence in sentences:
            assert sentence not in text, f"solution text in the student edition: {sentence!r}"
    assert "<details>" not in text and "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text


def test_student_edition_keeps_the_exercises(student_edition):
    meta = [c.metadata.get("nbgrader", {}) for c in student_edition.cells]
    answers = [c for c, m in zip(student_edition.cells, meta) if m.get("solution")]
    checks = [c for c, m in zip(student_edition.cells, meta) if m.get("grade") and not m.get("solution")]
    assert [c.source.strip().splitlines()[-1].strip() for c in answers] == ["raise NotImplementedError"] * 2
    assert [c.source for c in checks][-2:] == ["check_slope_from_output(slope_from_output)",
                                               "check_stable_sigmoid(stable_sigmoid)"]
    assert all(not c.get("outputs") for c in student_edition.cells if c.cell_type == "code")


def test_student_edition_runs_top_to_bottom(student_edition, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.reads(nbformat.writes(student_edition), as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = {c.source: "".join(o.get("text", "") for o in c.outputs) for c in nb.cells if c.cell_type == "code"}
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]
    assert not errors
    for source in ["check_slope_from_output(slope_from_output)", "check_stable_sigmoid(stable_sigmoid)",
                   "check_sigmoid_output(answer)"]:
        assert printed[source].lower().startswith("not answered yet"), printed[source]


# --- end to end: a tiny assignment, a class of generated submissions -------------------------------------

SECRET_CODE, SECRET_TEXT = "o * (1 - o)  # the fixture's solution", "The fixture's solution text, never shown."


def code(source, *tags):
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


def fixture_notebook(path):
    """A teacher's notebook with one numeric and one coding exercise, laid out as the series does."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [
        code("from helpers.exercises.sigmoid import check_sigmoid_output, check_slope_from_output"),
        nbformat.v4.new_markdown_cell("**Exercise 1.** The output σ(a) of the worked example's first hidden unit."),
        code("answer = None"),
        code("check_sigmoid_output(answer)"),
        nbformat.v4.new_markdown_cell(f"<details><summary>Solution</summary>\n\n{SECRET_TEXT} (numeric)\n</details>"),
        nbformat.v4.new_markdown_cell("**Exercise 2.** Write `slope_from_output(o)`."),
        code('def slope_from_output(o):\n    """σ\'(a) from the output o."""\n    raise NotImplementedError',
             "skeleton"),
        code("check_slope_from_output(slope_from_output)", "check"),
        nbformat.v4.new_markdown_cell(f"<details><summary>Solution</summary>\n\n{SECRET_TEXT}\n</details>",
                                      metadata={"tags": ["solution"]}),
        code(f"def slope_from_output(o):\n    return {SECRET_CODE}\n\n\ncheck_slope_from_output(slope_from_output)",
             "solution"),
        code('print("the last cell ran")'),
    ]
    nbformat.write(nb, path)
    return path


SIGMA_A = ("from helpers.activations import sigmoid\nfrom helpers.data import worked_example_arrays\n"
           "X, W1, *_ = worked_example_arrays()\nanswer = sigmoid({sign}(X @ W1)[0, 0])")
SLOPE = 'def slope_from_output(o):\n    """σ\'(a) from the output o."""\n    {body}'

# student: (numeric answer cell, body of slope_from_output, where the file goes)
CLASS = {
    "alice": (SIGMA_A.format(sign=""), "return o * (1 - o)", "99-fixture/99-fixture.ipynb"),
    "bob": (SIGMA_A.format(sign="-"), "return 0.25 + 0 * o", "99-fixture.ipynb"),  # σ(-a); σ'(0) everywhere
    "carol": ("answer = sigma_of_a  # a name never defined: the cell raises", "return o * (1 - o)",
              "99-fixture.ipynb"),
    "dave": (SIGMA_A.format(sign=""), "while True:  # never ends: the cell's time limit stops it\n        pass",
             "99-fixture/99-fixture.ipynb"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    teacher = fixture_notebook(base / "99-fixture.ipynb")
    run_tool("student", "--out", base / "student", "--course", base / "course", "--notebooks", teacher)
    release = nbformat.read(base / "student" / "99-fixture.ipynb", as_version=4)
    text = "\n".join(c.source for c in release.cells)
    assert SECRET_CODE not in text and SECRET_TEXT not in text
    for name, (answer, body, where) in CLASS.items():
        nb = nbformat.reads(nbformat.writes(release), as_version=4)
        nb.cells[2].source = answer
        nb.cells[5].source = SLOPE.format(body=body)
        (base / "subs" / name / where).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, base / "subs" / name / where)
    corrupt = base / "subs" / "erin" / "99-fixture.ipynb"
    corrupt.parent.mkdir(parents=True)
    corrupt.write_text(nbformat.writes(release)[:700])  # cut off mid-file: not valid JSON
    (base / "subs" / "frank").mkdir()  # handed in nothing
    printed = run_tool("grade", base / "subs", "--out", base / "grades", "--course", base / "course",
                       "--notebooks", teacher, "--timeout", 10)
    with open(base / "grades" / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return {(r["student"], r["exercise"]): r for r in rows}, (base / "grades" / "summary.md").read_text(), printed


def points(rows, student):
    return {exercise: (float(r["points"]), float(r["max_points"])) for (name, exercise), r in rows.items()
            if name == student and r["max_points"]}


def test_all_correct_gets_full_marks(graded):
    rows, summary, _ = graded
    assert points(rows, "alice") == {"check_sigmoid_output": (1, 1), "check_slope_from_output": (2, 2)}
    assert rows[("alice", "check_slope_from_output")]["feedback"].startswith("Correct! slope_from_output passed")
    assert "## alice: 3 / 3 points" in summary


def test_typical_mistakes_get_partial_points_and_their_diagnosis(graded):
    rows, summary, _ = graded
    assert points(rows, "bob") == {"check_sigmoid_output": (0, 1), "check_slope_from_output": (0.5, 2)}
    assert "That is σ(-a)" in rows[("bob", "check_sigmoid_output")]["feedback"]
    slope = rows[("bob", "check_slope_from_output")]
    assert slope["status"] == "partial" and "Diagnosis: that is σ'(0) = 1/4 for every unit" in slope["feedback"]
    assert "## bob: 0.5 / 3 points" in summary and "Diagnosis: that is σ'(0)" in summary


def test_a_raising_cell_is_graded_as_far_as_it_goes(graded):
    rows, _, _ = graded
    assert points(rows, "carol") == {"check_sigmoid_output": (0, 1), "check_slope_from_output": (2, 2)}
    assert "NameError" in rows[("carol", "check_sigmoid_output")]["feedback"]
    assert "NameError: name 'sigma_of_a' is not defined" in rows[("carol", "(other cells)")]["feedback"]


def test_an_endless_loop_is_stopped_by_the_cell_time_limit(graded):
    rows, _, _ = graded
    assert points(rows, "dave") == {"check_sigmoid_output": (1, 1), "check_slope_from_output": (0, 2)}
    assert "ran out of time" in rows[("dave", "check_slope_from_output")]["feedback"]


def test_a_corrupt_file_or_none_is_flagged_and_the_others_are_intact(graded):
    rows, summary, printed = graded
    erin = rows[("erin", "check_slope_from_output")]
    assert erin["status"] == "not graded" and "not a readable notebook" in erin["feedback"]
    assert "## erin: 0 / 3 points" in summary
    assert {name for name, _ in rows} == {"alice", "bob", "carol", "dave", "erin", "frank"}
    assert "no notebook" in rows[("frank", "(notebook)")]["feedback"]
    assert "## alice: 3 / 3 points" in printed


# --- the pieces, as plain functions --------------------------------------------------------------------

def test_check_function_counts_the_cases_passed_and_prints_the_first_failure(capsys):
    from helpers.exercises.sigmoid import check_slope_from_output

    result = check_slope_from_output(lambda o: 0.25 + 0 * o)  # right only for o = 0.5, the first case
    printed = capsys.readouterr().out
    assert (result.cases_passed, result.cases_total) == (1, 4)
    assert printed.startswith("Not yet: in case 2 of 4") and printed.count("Not yet") == 1
    assert result.points(2) == 0.5


def test_points_all_none_and_not_answered(capsys):
    from helpers.exercises.core import CheckResult
    from helpers.exercises.sigmoid import check_slope_from_output

    assert check_slope_from_output(lambda o: o * (1 - o)).points(3) == 3.0
    with pytest.raises(AssertionError, match="Diagnosis: the sign is flipped"):
        check_slope_from_output(lambda o: o * (o - 1)).points(2)
    with pytest.raises(AssertionError, match="Not answered yet"):
        check_slope_from_output(lambda o: (_ for _ in ()).throw(NotImplementedError)).points(2)
    with pytest.raises(AssertionError, match="custom"):  # a check's own CheckResult without cases: all or nothing
        CheckResult("f", False, "custom verdict").points(2)
    with pytest.raises(ValueError):
        CheckResult("f", True, "ok").points(0)


def test_grading_collects_the_result_or_the_printed_verdict(capsys):
    from helpers.activations import sigmoid
    from helpers.data import worked_example_arrays
    from helpers.exercises import grading
    from helpers.exercises.sigmoid import check_sigmoid_output, check_slope_from_output

    graded = grading.start()
    check_slope_from_output(lambda o: 0.25 + 0 * o)
    assert graded.points(2) == 0.5
    graded = grading.start()
    check_sigmoid_output(0.5)
    with pytest.raises(AssertionError, match="Not quite"):
        graded.points(1)
    graded = grading.start()
    print("RuntimeWarning: overflow in exp", file=sys.stderr)  # how a warning from the learner's code is shown
    X, W1, *_ = worked_example_arrays()
    check_sigmoid_output(sigmoid((X @ W1)[0, 0]))
    assert graded.points(1) == 1.0
    captured = capsys.readouterr()
    assert "overflow in exp" in captured.out and captured.err == ""  # nbgrader gives 0 for any stderr
    assert not isinstance(sys.stdout, grading._Tee) and not isinstance(sys.stderr, grading._Tee)


def test_stage_puts_the_solution_body_where_the_skeleton_raises(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    import editions

    staged, exercises = editions.stage(fixture_notebook(tmp_path / "99-fixture.ipynb"))
    assert exercises == [("check_sigmoid_output", 1), ("check_slope_from_output", 2)]
    answer = next(c for c in staged.cells if c.metadata.get("nbgrader", {}).get("solution"))
    assert answer.source.endswith(f"    ### BEGIN SOLUTION\n    return {SECRET_CODE}\n    ### END SOLUTION")
    text = "\n".join(c.source for c in staged.cells)
    assert SECRET_TEXT not in text and "<details>" not in text and text.count(SECRET_CODE) == 1


def test_points_declared_in_the_check_cells_metadata(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    import editions

    path = fixture_notebook(tmp_path / "99-fixture.ipynb")
    nb = nbformat.read(path, as_version=4)
    tagged(nb, "check")[0].metadata["points"] = 5
    nbformat.write(nb, path)
    staged, exercises = editions.stage(path)
    assert exercises == [("check_sigmoid_output", 1), ("check_slope_from_output", 5)]
    check = next(c for c in staged.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "check_slope_from_output")
    assert check.metadata.nbgrader["points"] == 5 and "_graded.points(5)" in check.source
