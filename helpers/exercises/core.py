"""The feedback machinery every notebook's checks share.

Numeric answers: `feedback` / `check_number` say whether a number is right and, for a known slip, what
went wrong. Coding exercises: `check_function` runs the learner's function on seeded cases, compares
with a reference, and names the mistake when the result equals a deliberately wrong variant.
Checks compute every expected value with `helpers`, so no answer is typed in here.
"""

import copy
import decimal
import inspect
import math
import pathlib
import traceback

import numpy as np

_HELPERS = pathlib.Path(__file__).resolve().parent.parent  # frames inside helpers/ are ours, not the learner's


def feedback(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """The feedback text for a numeric answer: correct, not answered, or what looks wrong."""
    if answer is None or answer is Ellipsis:
        return f"Not answered yet: replace None with {name}."
    try:
        value = float(np.asarray(answer, dtype=float).item())
    except (TypeError, ValueError):
        return f"{name} should be a number, got {type(answer).__name__}."
    if not math.isfinite(value):
        return f"{name} is {value}: check for a division by zero or an overflow."
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return f"Correct! {name} = {value:.6g}."
    hints = []
    if expected != 0 and math.isclose(-value, expected, rel_tol=rtol, abs_tol=atol):
        hints.append("the size is right but the sign is wrong")
    elif expected != 0 and any(math.isclose(value, expected * f, rel_tol=rtol) for f in (10, 0.1)):
        hints.append("off by a factor of ten: check the decimal point")
    elif math.isclose(value, expected, rel_tol=0.05):
        hints.append("close: did you round an intermediate value? Keep full precision")
    return f"Not quite: you entered {value:.6g} for {name}" + (f" ({hints[0]})." if hints else ".")


def check_number(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """Print the feedback for a numeric answer against an expected value."""
    print(feedback(answer, expected, name=name, rtol=rtol, atol=atol))


def is_correct(answer, expected, rtol=1e-3, atol=1e-9):
    """True when `answer` is a finite number close to `expected` (used by tests and checks)."""
    return feedback(answer, expected, rtol=rtol, atol=atol).startswith("Correct")


def typed_precision(value):
    """(significant digits, one unit of the last digit) of a number as typed: 0.00768 -> (3, 1e-05).

    A number computed in full precision has about 15 significant digits and a tiny unit.
    """
    if value == 0:
        return 0, 0.0  # a typed 0 is exact
    digits = decimal.Decimal(f"{abs(value):.15g}").normalize().as_tuple()
    return len(digits.digits), 10.0 ** digits.exponent


def rounded_or_cut(value, target):
    """True when the number `value`, as typed, is `target` rounded or cut off at its last digit:
    rounded_or_cut(0.304, 0.30402) and rounded_or_cut(-0.00768, -0.0076844) hold, rounded_or_cut(0.305, 0.30402)
    does not."""
    _, unit = typed_precision(value)
    slack = 1e-9 * max(abs(target), unit)  # 0.1 + 0.2 is not 0.3 in floats
    rounded = abs(value - target) <= unit / 2 + slack
    cut = value * target >= 0 and abs(value) <= abs(target) + slack and abs(target - value) < unit + slack
    return rounded or cut


def check_with_hints(answer, expected, name, hints, rtol=1e-3):
    """Print the feedback; for a wrong number close to a known slip [(value, message)], say what that slip
    was (the closest slip within rtol, if any)."""
    text = feedback(answer, expected, name=name, rtol=rtol)
    if text.startswith("Not quite"):
        value = float(np.asarray(answer, dtype=float).item())
        near = [(abs(value - wrong) / max(abs(wrong), 1e-300), message) for wrong, message in hints
                if math.isclose(value, wrong, rel_tol=rtol, abs_tol=1e-12)]
        if near:
            text = f"Not quite: {name} = {value:.6g}. {min(near)[1]}"
    print(text)


def as_number(answer):
    """The answer as a float, parsed as `feedback` does (a number, or a one-element list or array)."""
    return float(np.asarray(answer, dtype=float).item())


def check_with_mistakes(answer, expected, name, mistakes):
    """Like check_number, but a wrong answer equal to a known mistake [(value, why)] gets that explanation."""
    text = feedback(answer, expected, name=name)
    if text.startswith("Not quite"):
        value = as_number(answer)
        for wrong, why in mistakes:
            if math.isclose(value, wrong, rel_tol=1e-3, abs_tol=1e-9):
                text = f"Not quite: you entered {value:.6g} for {name}. {why}"
                break
    print(text)


def is_number(answer):
    return not isinstance(answer, bool) and isinstance(answer, (int, float, np.integer, np.floating))


def finite_float(answer):
    """The answer as a float if it is a finite number, else None (notebook 05's checks)."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


# --- coding exercises ----------------------------------------------------------------------------

class CheckResult:
    """What a check found. It has printed its feedback already, so a notebook shows nothing more for it.

    passed: True when every case passed; answered: False while the skeleton still raises
    NotImplementedError; feedback: the text printed for the learner (a grader can show it too);
    cases_passed / cases_total: how many of the check's cases the function got right (None when the check has
    no cases), which `points` turns into partial credit.
    """

    def __init__(self, name, passed, feedback, answered=True, cases_passed=None, cases_total=None):
        self.name, self.passed, self.feedback, self.answered = name, passed, feedback, answered
        self.cases_passed, self.cases_total = cases_passed, cases_total
        for listener in RESULT_LISTENERS:  # the autograder's hidden test collects the result this way
            listener(self)

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return f"CheckResult({self.name!r}, passed={self.passed})"

    def _ipython_display_(self):
        pass  # the feedback was printed when the check ran

    def points(self, out_of):
        """The points earned out of `out_of`: all when passed, else the share of cases passed (a float, for
        nbgrader's partial credit). Raises AssertionError with the feedback when nothing was earned."""
        if out_of <= 0:
            raise ValueError(f"out_of must be positive, got {out_of}")
        if self.passed:
            return float(out_of)
        share = self.cases_passed / self.cases_total if self.answered and self.cases_total else 0.0
        earned = round(out_of * share, 2)
        if earned <= 0:
            raise AssertionError(self.feedback)
        return earned


RESULT_LISTENERS = []  # callables that receive every CheckResult made (used by helpers.exercises.grading)


class Case:
    """One call of the learner's function: a short description and the arguments."""

    def __init__(self, description, *args, **kwargs):
        self.description, self.args, self.kwargs = description, args, kwargs

    def call(self, fn):
        return fn(*self.args, **self.kwargs)


class NotAnswered(Exception):
    """The learner's function still raises NotImplementedError."""


def _learner_line(tb):
    """'line N of f: source' for the innermost frame of the traceback that is not inside helpers or a library."""
    frames = traceback.extract_tb(tb)
    mine = [f for f in frames if not f.filename.startswith(str(_HELPERS))
            and "site-packages" not in f.filename and "/lib/python" not in f.filename]
    frame = (mine or frames)[-1]
    return f"line {frame.lineno} of {frame.name}: {(frame.line or '').strip()}"


def call_learner(fn, case):
    """fn's result on a deep copy of the case's arguments, and the names of any arguments fn changed.

    Raises NotAnswered for NotImplementedError, and RuntimeError with a short message (the learner's line
    that raised) for any other exception.
    """
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    try:
        result = fn(*args, **kwargs)
    except NotImplementedError:
        raise NotAnswered() from None
    except Exception as error:  # the learner's bug: report it in two lines, not as a wall of traceback
        raise RuntimeError(f"your function raised {type(error).__name__}: {error}\n"
                           f"  at {_learner_line(error.__traceback__)}") from None
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = []
    changed = [names[k] if k < len(names) else f"argument {k + 1}"
               for k, (before, after) in enumerate(zip(case.args, args)) if _changed(after, before)]
    changed += [key for key in kwargs if _changed(kwargs[key], case.kwargs[key])]
    return result, changed


def _changed(after, before):
    """True when an argument differs from its value before the call. deepcopy hands back the very same object
    for what cannot change (a function, a number, a string): such an argument is unchanged, not "not numbers"."""
    return after is not before and difference(after, before) is not None


def _fmt(x):
    return np.array2string(np.asarray(x), precision=6, threshold=12, edgeitems=2, separator=", ")


def difference(received, expected, where="the result", rtol=1e-7, atol=1e-10):
    """None when received equals expected (numbers, arrays, and lists or tuples of them, to rtol/atol),
    else a sentence saying where and how they differ first."""
    if received is None and expected is not None:
        return f"{where} is None" + (": did your function end without a `return`?" if where == "the result" else ".")
    if isinstance(expected, str):  # a text argument, such as an activation's name: compared as text
        return None if received == expected else f"{where} should be {expected!r}; it is {received!r}."
    if isinstance(expected, dict):
        if not isinstance(received, dict):
            return (f"{where} should be a dict with the keys {', '.join(map(str, expected))}; "
                    f"it is a {type(received).__name__}.")
        missing = [str(key) for key in expected if key not in received]
        if missing:
            return f"{where} has no {', '.join(missing)}: it needs all of {', '.join(map(str, expected))}."
        for key in expected:
            found = difference(received[key], expected[key], f"{where}[{key!r}]", rtol, atol)
            if found:
                return found
        return None
    if isinstance(expected, (list, tuple)) and not np.isscalar(expected) and _is_nested(expected):
        if not isinstance(received, (list, tuple)) or len(received) != len(expected):
            got = f"a {type(received).__name__} of length {len(received)}" if isinstance(received, (list, tuple)) \
                else f"a {type(received).__name__}"
            return f"{where} should be a {type(expected).__name__} of {len(expected)} items; it is {got}."
        for k, (r, e) in enumerate(zip(received, expected)):
            found = difference(r, e, f"{where}[{k}]", rtol, atol)
            if found:
                return found
        return None
    try:
        r = np.asarray(received, dtype=float)
    except (TypeError, ValueError):
        return f"{where} should be numbers; it is a {type(received).__name__}."
    e = np.asarray(expected, dtype=float)
    if r.shape != e.shape:
        hint = " (it looks transposed)" if r.ndim == 2 and r.shape == e.shape[::-1] else ""
        return f"{where} has shape {r.shape}, expected {e.shape}{hint}."
    if not np.isfinite(r).all():
        return f"{where} contains nan or inf: look for an overflow or a division by zero."
    if np.allclose(r, e, rtol=rtol, atol=atol):
        return None
    k = np.unravel_index(np.argmax(np.abs(r - e)), e.shape) if e.ndim else ()
    at = f" at index {tuple(int(i) for i in k)}" if e.ndim else ""
    sign = " (every entry has the opposite sign)" if np.allclose(r, -e, rtol=rtol, atol=atol) else ""
    return (f"{where} differs{at}: expected {float(e[k]):.6g}, received {float(r[k]):.6g}{sign}.\n"
            f"  expected {_fmt(e)}\n  received {_fmt(r)}")


def _is_nested(x):
    """True for a list or tuple of arrays (a structure to compare item by item), False for a plain list of numbers."""
    return any(isinstance(item, (list, tuple, np.ndarray)) for item in x) or len(x) == 0


def check_function(fn, name, cases, reference, mistakes=(), rtol=1e-7, atol=1e-10):
    """Run the learner's fn on every case and compare with reference(*args); print the verdict; return a CheckResult.

    mistakes: (wrong_fn, diagnosis) pairs, wrong variants of the reference. When the learner's result equals a
    wrong variant's (and that variant really differs from the reference on this case), the diagnosis is printed.
    """
    def done(passed, text, answered=True, cases_passed=None):
        print(text)
        return CheckResult(name, passed, text, answered, cases_passed, len(cases))

    if not callable(fn):
        return done(False, f"Pass your function {name} itself, without parentheses after its name: "
                           f"got a {type(fn).__name__}.", cases_passed=0)
    first_failure, passed = None, 0  # every case runs (for partial credit); the first failure is what is printed
    for number, case in enumerate(cases, 1):
        where = f"case {number} of {len(cases)} ({case.description})"
        expected = case.call(reference)
        try:
            received, changed = call_learner(fn, case)
        except NotAnswered:
            if first_failure is not None:  # a later case reached an unfinished branch: keep the first failure
                return done(False, first_failure, cases_passed=passed)
            return done(False, f"Not answered yet: write the body of {name} (replace `raise NotImplementedError`).",
                        answered=False, cases_passed=0)
        except RuntimeError as error:
            first_failure = first_failure or f"Not yet: in {where}, {error}"
            continue
        found = difference(received, expected, rtol=rtol, atol=atol)
        if found is None and changed:
            found = (f"the result is right, but your function changed its input {', '.join(changed)} in place "
                     "(for example with -= or *=): the caller's arrays must stay as they were; work on new arrays.")
        if found is None:
            passed += 1
            continue
        if first_failure is None:
            first_failure = f"Not yet: in {where}, {found}"
            for wrong, why in mistakes:
                wrong_result = case.call(wrong)
                if difference(wrong_result, expected, rtol=rtol, atol=atol) is not None and \
                        difference(received, wrong_result, rtol=rtol, atol=atol) is None:
                    first_failure += f"\nDiagnosis: {why}"
                    break
            if changed and "in place" not in found:  # a wrong result from code that also wrote into its inputs
                first_failure += (f"\nNote: your function also changed its input {', '.join(changed)} in place (for "
                                  "example with -= or *=), so later lines read changed values: work on new arrays.")
    if first_failure is not None:
        return done(False, first_failure, cases_passed=passed)
    described = "; ".join(case.description for case in cases)
    return done(True, f"Correct! {name} passed all {len(cases)} cases ({described}).", cases_passed=passed)
