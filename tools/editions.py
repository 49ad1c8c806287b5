"""The student edition and autograding of the series, with nbgrader.

    python tools/editions.py student [--out student]           # make student
    python tools/editions.py grade SUBMISSIONS [--out grades]   # make grade SUBMISSIONS=dir
    python tools/editions.py times                              # the study-time table of the README

The committed notebooks are the teacher's edition. `stage` turns our exercise tags into nbgrader cell metadata
in a course folder (build/nbgrader by default): a `skeleton` cell becomes an answer cell whose stub nbgrader
restores; a `check` cell (and a numeric check, a cell that is just one `check_...(...)` call) becomes an autograded
test cell worth its points; `solution` cells and `<details><summary>Solution` blocks are dropped. nbgrader's
`generate_assignment` then writes the student edition and its gradebook (SQLite); `autograde` runs the
submissions with a time limit per cell. Our code only supplies the points (helpers/exercises/grading.py) and
reads the gradebook into a report.

Points: a cell's metadata key "points" if it has one, else 2 for a coding exercise (a `check` cell after a
`skeleton`) and 1 for a numeric check. A check earns all its points when it passes, else the share of its cases
that passed (CheckResult.points); numeric checks are all or nothing.
"""

import argparse
import ast
import csv
import os
import pathlib
import re
import shutil
import sys
import textwrap
import warnings

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
COURSE = ROOT / "build" / "nbgrader"
POINTS_CODING, POINTS_NUMERIC = 2, 1
TIMEOUT = 120  # seconds per cell when grading (make grade CELL_TIMEOUT=...)

SOLUTION_BLOCK = re.compile(r"<details>\s*<summary>\s*(?:<b>)?\s*solution.*?</details>\s*", re.S | re.I)
CHECK_CALL = re.compile(r"^\s*(check_\w+)\(", re.M)


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def _cell_meta(grade_id, *, grade=False, solution=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": grade and not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _is_check_call(source):
    """True for a cell that is exactly one call of a check_... function (a numeric exercise's check cell); a cell
    that also sets the answer is not one (nbgrader restores graded cells, which would undo the answer)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return (len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Call)
            and isinstance(tree.body[0].value.func, ast.Name) and tree.body[0].value.func.id.startswith("check_"))


def _function_name(source):
    """The name of the first function a cell defines, or None (also for code that does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    return next((node.name for node in tree.body if isinstance(node, ast.FunctionDef)), None)


def _solution_body(source, name):
    """The body of function `name` in a solution cell, without its docstring, dedented; None if not found."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    lines = source.splitlines()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]
            if not body:
                return None
            return textwrap.dedent("\n".join(lines[body[0].lineno - 1:body[-1].end_lineno]))
    return None


def _answer_source(skeleton, solution):
    """The skeleton with its `raise NotImplementedError` line replaced by the solution's body between nbgrader's
    solution delimiters (generate_assignment puts the `raise NotImplementedError` stub back). Lines the skeleton
    already has before its `raise` (such as copying the inputs) are not repeated from the solution."""
    name = _function_name(skeleton)
    body = _solution_body(solution, name) if solution is not None and name else None
    given = set()
    out = []
    for line in skeleton.splitlines():
        if line.strip().startswith("raise NotImplementedError"):
            indent = line[:len(line) - len(line.lstrip())]
            inner = body.splitlines() if body else ["raise NotImplementedError"]
            while inner and inner[0].split("#")[0].strip() in given:
                inner = inner[1:]
            inner = [indent + x if x else x for x in inner]
            out += [indent + "### BEGIN SOLUTION", *inner, indent + "### END SOLUTION"]
        else:
            out.append(line)
            given.add(line.split("#")[0].strip())
    return "\n".join(out)


def _graded_check(source, points):
    """A check cell's source with the hidden lines that turn its result into points."""
    return ("### BEGIN HIDDEN TESTS\nfrom helpers.exercises import grading as _grading\n_graded = _grading.start()\n"
            f"### END HIDDEN TESTS\n{source.rstrip()}\n### BEGIN HIDDEN TESTS\n_graded.points({points})\n"
            "### END HIDDEN TESTS")


def stage(notebook):
    """The course's source notebook for one teacher's notebook: nbgrader metadata from our tags, solutions out.

    Returns (notebook, exercises) where exercises is a list of (grade_id, points)."""
    nb = nbformat.read(notebook, as_version=4)
    cells, exercises, used = [], [], set()
    solutions = [c for c in nb.cells if c.cell_type == "code" and "solution" in _tags(c)]
    open_skeleton = False
    for cell in nb.cells:
        tags = _tags(cell)
        if "solution" in tags:
            continue
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type == "markdown":
            cell.source = SOLUTION_BLOCK.sub("", cell.source)
            if not cell.source.strip():
                continue
        elif "skeleton" in tags and "NotImplementedError" in cell.source:
            name = _function_name(cell.source) or f"answer{len(used) + 1}"
            solution = next((s.source for s in solutions if _function_name(s.source) == name), None)
            cell.source = _answer_source(cell.source, solution)
            cell.metadata.nbgrader = _cell_meta(f"answer_{name}", solution=True)
            open_skeleton = True
        elif cell.cell_type == "code" and ("check" in tags or _is_check_call(cell.source)):
            found = CHECK_CALL.search(cell.source)
            grade_id = found.group(1) if found else "check"
            while grade_id in used:
                grade_id += "_"
            used.add(grade_id)
            default = POINTS_CODING if "check" in tags and open_skeleton else POINTS_NUMERIC
            points = cell.metadata.get("points", default)
            cell.source = _graded_check(cell.source, points)
            cell.metadata.nbgrader = _cell_meta(grade_id, grade=True, points=points)
            exercises.append((grade_id, points))
            open_skeleton = False
        cells.append(cell)
    nb.cells = cells
    return nb, exercises


def _config(course, timeout):
    (course / "nbgrader_config.py").write_text(textwrap.dedent(f"""\
        # written by tools/editions.py
        c = get_config()
        c.CourseDirectory.root = {str(course)!r}
        c.ClearSolutions.code_stub = {{"python": "raise NotImplementedError"}}
        c.Execute.timeout = {int(timeout)}
        c.Execute.interrupt_on_timeout = True
        """))


def _api(course, timeout=TIMEOUT):
    """nbgrader's Python API on the course folder (one process: nbgrader takes seconds to import)."""
    bin_dir = str(pathlib.Path(sys.executable).parent)  # nbgrader runs `alembic`, installed next to this Python
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course)
    config.ClearSolutions.code_stub = {"python": "raise NotImplementedError"}
    config.Execute.timeout = int(timeout)
    config.Execute.interrupt_on_timeout = True
    return NbGraderAPI(config=config)


def build_course(course=COURSE, notebooks=None, timeout=TIMEOUT):
    """A fresh nbgrader course: one assignment per notebook (named after it), its source and its release
    (the student edition). Returns {assignment: [(grade_id, points), ...]}."""
    course = pathlib.Path(course)
    notebooks = sorted(notebooks or NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    _config(course, timeout)
    api = _api(course, timeout)
    assignments = {}
    for path in notebooks:
        path = pathlib.Path(path)
        staged, exercises = stage(path)
        folder = course / "source" / path.stem
        folder.mkdir(parents=True)
        nbformat.write(staged, folder / path.name)
        result = api.generate_assignment(path.stem)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {path.stem} failed:\n{result.get('error')}")
        assignments[path.stem] = exercises
    return assignments


def student(out, course=COURSE, notebooks=None):
    """Write the student edition (nbgrader's release of every notebook) into `out`; returns the paths."""
    build_course(course, notebooks)
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for release in sorted((pathlib.Path(course) / "release").glob("*/*.ipynb")):
        shutil.copyfile(release, out / release.name)
        written.append(out / release.name)
    (out / "README.txt").write_text(
        "Student edition of backprop-notebooks, made by `make student`: no solutions; every exercise says\n"
        "\"Not answered yet\" until it is done. Hand these notebooks out in place of notebooks/ (see the\n"
        "README's section For teachers); collect them back one folder per student for `make grade`.\n")
    return written


# --- grading ------------------------------------------------------------------------------------

def _submissions(folder, assignments):
    """{(student, assignment): path} for every notebook in folder/<student>/ (at any depth) whose name is one of
    the series' notebooks, and a list of (student, file, problem) for files that cannot be graded."""
    found, problems = {}, []
    for student_dir in sorted(p for p in pathlib.Path(folder).iterdir() if p.is_dir()):
        for path in sorted(student_dir.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            if path.stem not in assignments:
                problems.append((student_dir.name, path.stem, "not one of the series' notebooks: not graded"))
                continue
            try:
                nbformat.read(path, as_version=4)
            except Exception as error:  # json.JSONDecodeError, nbformat's validation and reader errors
                why = "not valid JSON: cut off, or not a notebook" if "JSON" in f"{type(error).__name__} {error}" \
                    else f"{type(error).__name__}: {' '.join(str(error).split())[:90]}"
                problems.append((student_dir.name, path.stem, f"not a readable notebook ({why}): not graded"))
                continue
            found[(student_dir.name, path.stem)] = path
        if not any(name == student_dir.name for name, _ in found) and \
                not any(p[0] == student_dir.name for p in problems):
            problems.append((student_dir.name, "(none)", "no notebook (.ipynb) in this student's folder"))
    return found, problems


def _cell_feedback(cell):
    """The check's printed feedback and, if the cell raised something other than the check's own verdict, the
    error (ename: evalue), from an autograded notebook's cell."""
    printed = "".join(o.get("text", "") for o in cell.get("outputs", [])
                      if o.get("output_type") == "stream" and o.get("name") == "stdout").strip()
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors and not (errors[0]["ename"] == "AssertionError" and printed):
        ename, evalue = errors[0]["ename"], errors[0].get("evalue", "")
        if ename == "KeyboardInterrupt" or "Timeout" in ename:
            return (printed + "\n" if printed else "") + "the cell ran out of time (stopped after the time limit)"
        return (printed + "\n" if printed else "") + f"the cell raised {ename}: {evalue}".strip()
    return printed


def _notebook_issues(nb):
    """Cells (not check cells) of an autograded notebook that raised or timed out: '[cell 7] NameError: ...'."""
    issues = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                what = "ran out of time" if output["ename"] == "KeyboardInterrupt" or "Timeout" in output["ename"] \
                    else f"{output['ename']}: {output.get('evalue', '')}"[:160]
                issues.append(f"cell {number} {what}")
    return issues


def grade(submissions, out, course=COURSE, notebooks=None, timeout=TIMEOUT):
    """Autograde every submission with nbgrader and write out/grades.csv and out/summary.md. Returns the rows."""
    course, out = pathlib.Path(course), pathlib.Path(out)
    if not pathlib.Path(submissions).is_dir():
        raise SystemExit(f"SUBMISSIONS must be a folder with one folder per student, got {submissions}")
    all_notebooks = sorted(notebooks or NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    names = {pathlib.Path(p).stem for p in all_notebooks}
    found, problems = _submissions(submissions, names)
    wanted = sorted({a for _, a in found})
    exercises = build_course(course, [p for p in all_notebooks if pathlib.Path(p).stem in wanted], timeout)
    for (name, assignment), path in found.items():
        target = course / "submitted" / name / assignment
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / f"{assignment}.ipynb")
    api, logs = _api(course, timeout), {}
    for name, assignment in sorted(found):  # one student at a time: nbgrader keeps going after a failure
        result = api.autograde(assignment, name)
        logs[(name, assignment)] = log = course / f"autograde-{assignment}-{name}.log"
        log.write_text((result.get("log") or "") + (result.get("error") or ""))

    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for (name, assignment) in sorted(found):
            autograded = course / "autograded" / name / assignment / f"{assignment}.ipynb"
            if not autograded.exists():
                why = f"nbgrader could not grade it (see {logs[(name, assignment)]})"
                for grade_id, points in exercises[assignment]:
                    rows.append([name, assignment, grade_id, 0, points, "not graded", why])
                continue
            nb = nbformat.read(autograded, as_version=4)
            cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
            issues = _notebook_issues(nb)
            for grade_id, points in exercises[assignment]:
                try:
                    entry = gradebook.find_grade(grade_id, assignment, assignment, name)
                    score, max_score = entry.score, entry.max_score
                except MissingEntry:
                    score, max_score = 0, points
                text = _cell_feedback(cells[grade_id]) if grade_id in cells else "the check cell is missing"
                status = "full" if score == max_score else ("partial" if score else "none")
                rows.append([name, assignment, grade_id, score, max_score, status, text])
            if issues:
                rows.append([name, assignment, "(other cells)", "", "", "note", "; ".join(issues)])
    for name, stem, problem in problems:
        for grade_id, points in exercises.get(stem, [("(notebook)", "")]):
            rows.append([name, stem, grade_id, 0 if points != "" else "", points, "not graded", problem])
    rows.sort(key=lambda r: (r[0], r[1]))
    _write_report(rows, out)
    return rows


def _write_report(rows, out):
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "grades.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "notebook", "exercise", "points", "max_points", "status", "feedback"])
        writer.writerows(rows)
    lines = ["# Grade report", ""]
    for name in sorted({r[0] for r in rows}):
        mine = [r for r in rows if r[0] == name]
        earned = sum(r[3] for r in mine if isinstance(r[3], (int, float)))
        total = sum(r[4] for r in mine if isinstance(r[4], (int, float)))
        lines += [f"## {name}: {earned:g} / {total:g} points", ""]
        for _, notebook, exercise, points, max_points, status, text in mine:
            score = f"{points:g}/{max_points:g}" if isinstance(points, (int, float)) and max_points != "" else "-"
            first, *rest = (text or "(no output)").splitlines() or [""]
            lines.append(f"- {notebook} {exercise}: {score} ({status}) {first}")
            lines += [f"    {line}" for line in rest]
        lines.append("")
    (out / "summary.md").write_text("\n".join(lines))


# --- study time (README: For teachers) -----------------------------------------------------------

READING_WORDS_PER_MINUTE = 100
MINUTES_PER_CODE_CELL, MINUTES_PER_CODING_EXERCISE, MINUTES_PER_NUMERIC_EXERCISE = 0.5, 12, 4


def study_time(notebook):
    """(core words, code cells in the core, coding exercises, numeric exercises, minutes) for one notebook:
    the core path is everything before the first '## Going further' heading; solutions are not counted."""
    nb = nbformat.read(notebook, as_version=4)
    words = code = coding = numeric = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.search(r"^#+\s*Going further", cell.source, re.M):
            break
        tags = _tags(cell)
        if "solution" in tags:
            continue
        if cell.cell_type == "markdown":
            words += len(re.findall(r"[A-Za-z0-9]+", SOLUTION_BLOCK.sub("", cell.source)))
        elif "check" in tags:
            coding += 1
        elif cell.cell_type == "code" and _is_check_call(cell.source):
            numeric += 1
        elif "skeleton" not in tags:
            code += 1
    minutes = (words / READING_WORDS_PER_MINUTE + code * MINUTES_PER_CODE_CELL
               + coding * MINUTES_PER_CODING_EXERCISE + numeric * MINUTES_PER_NUMERIC_EXERCISE)
    return words, code, coding, numeric, minutes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("student", help="write the student edition")
    p.add_argument("--out", default=str(ROOT / "student"))
    p = sub.add_parser("grade", help="autograde a folder of submissions (one folder per student)")
    p.add_argument("submissions")
    p.add_argument("--out", default=str(ROOT / "grades"))
    p.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per cell")
    for p in sub.choices.values():
        p.add_argument("--course", default=str(COURSE), help="nbgrader's course folder (rebuilt each time)")
        p.add_argument("--notebooks", nargs="*", help="teacher's notebooks (default: notebooks/NN-*.ipynb)")
    sub.add_parser("times", help="print the study-time table").add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's gradebook, SQLAlchemy 2.1: harmless
    if args.command == "student":
        for path in student(args.out, args.course, args.notebooks):
            print("wrote", path)
    elif args.command == "grade":
        rows = grade(args.submissions, args.out, args.course, args.notebooks, args.timeout)
        print((pathlib.Path(args.out) / "summary.md").read_text())
        print(f"{len(rows)} rows: {pathlib.Path(args.out) / 'grades.csv'}, {pathlib.Path(args.out) / 'summary.md'}")
    else:
        paths = args.notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
        print("| notebook | core words | code cells | coding ex. | numeric ex. | minutes |")
        print("|---|---|---|---|---|---|")
        for path in paths:
            words, code, coding, numeric, minutes = study_time(path)
            print(f"| {pathlib.Path(path).stem} | {words} | {code} | {coding} | {numeric} | {5 * round(minutes / 5)} |")


if __name__ == "__main__":
    main()
