"""Checks for notebook 01 The sigmoid: three numeric exercises and two coding exercises.

Coding exercises: `check_slope_from_output(fn)` (σ' from a layer's outputs) and `check_stable_sigmoid(fn)`
(a sigmoid that never overflows). Their expected values are computed here (o(1 - o); σ in long double precision
or with SciPy's `expit`), not taken from our own helpers.
"""

import contextlib
import functools
import io
import math
import re
import warnings

import numpy as np
from scipy.special import expit

from ..activations import sigmoid
from ..data import ARTICLE_PRINTED, worked_example_arrays
from .core import (
    Case,
    CheckResult,
    as_number,
    check_function,
    check_with_mistakes,
    difference,
    feedback,
    finite_float,
    rounded_or_cut,
    typed_precision,
)


def _rounded_answer(answer, expected, name, min_sig=3):
    """The verdict for an answer that is `expected` rounded or cut off at the digits typed (at least `min_sig`
    significant ones), which the relative tolerance of `check_with_mistakes` alone can reject (0.247 for
    σ'(0.21) = 0.247264 is 0.1 % off); None for any other answer."""
    if answer is None or isinstance(answer, (bool, str)):
        return None
    try:
        value = finite_float(as_number(answer))
    except (TypeError, ValueError):
        return None
    if value is None or typed_precision(value)[0] < min_sig or not rounded_or_cut(value, expected):
        return None
    sig = typed_precision(value)[0]
    given = "." if sig >= 10 else f" (right to the {sig} significant figures you gave)."
    return f"Correct! {name} = {value:.6g}{given}"


def _worked_example_a():
    """a = w_{1,1} x_1 + w_{2,1} x_2, the weighted sum into the worked example's first hidden unit."""

    X, W1, _, _, _ = worked_example_arrays()
    return float((X @ W1)[0, 0])


def check_sigmoid_output(answer):
    """Exercise: the output o = σ(a) of the worked example's first hidden unit."""

    a = _worked_example_a()
    if (text := _rounded_answer(answer, sigmoid(a), "σ(a)")) is not None:
        return print(text)
    check_with_mistakes(answer, sigmoid(a), "σ(a)", [
        (sigmoid(-a), "That is σ(-a) = 1/(1 + e^a): in σ(a) = 1/(1 + e^(-a)) the exponent is -a."),
        (math.exp(-a), "That is e^(-a) alone: the output is 1/(1 + e^(-a))."),
        (a, "That is a itself: the output is a passed through the sigmoid."),
        (float(ARTICLE_PRINTED["y3"][0]),
         f"That is the article's printed y3 = {ARTICLE_PRINTED['y3'][0]}, one of its slips: σ({a:.2f}) = "
         f"{sigmoid(a):.6f}, which rounds to {sigmoid(a):.2f} (notebook 02 lists the article's errata)."),
    ])


def check_sigmoid_slope(answer):
    """Exercise: the slope σ'(a) of the worked example's first hidden unit, at its input a."""
    from ..activations import sigmoid_prime

    a = _worked_example_a()
    if (text := _rounded_answer(answer, sigmoid_prime(a), "σ'(a)")) is not None:
        return print(text)
    check_with_mistakes(answer, sigmoid_prime(a), "σ'(a)", [
        (a * (1 - a), "That is a(1 - a): the shortcut o(1 - o) takes the OUTPUT o = σ(a), not the input a."),
        (sigmoid_prime(sigmoid(a)), "That is σ'(o): you fed the output back into the derivative. Use o(1 - o)."),
        (sigmoid(a), "That is σ(a) itself, not its slope σ'(a) = σ(a)(1 - σ(a))."),
        (sigmoid_prime(0.0), "That is σ'(0), the largest slope, at a = 0; this unit's a is not 0."),
    ])


def check_sigmoid_inverse(answer, target=0.9):
    """Exercise: the input a at which σ(a) = target."""

    if not 0 < target < 1:
        raise ValueError(f"the sigmoid only takes values strictly between 0 and 1, got target {target}")
    expected = math.log(target / (1 - target))  # the logit, the inverse of σ
    text = feedback(answer, expected, name="the input a")
    if _rounded_answer(answer, expected, "a") is not None:
        text = "Correct"  # rounded or cut off at the 3 or more digits typed (2.197 for ln 9 = 2.19722...)
    if text.startswith("Not quite"):
        value = as_number(answer)
        mistakes = [
            (target, f"That is the output {target:g}; the question asks for the input a that produces it."),
            (sigmoid(target), f"That is σ({target:g}); we want the a with σ(a) = {target:g}, the other way round."),
            (1 / target - 1, "That is e^(-a): take -ln of it to get a."),
            (math.log(target), f"That is ln({target:g}): first solve {target:g} = 1/(1 + e^(-a)) for e^(-a)."),
        ]
        why = next((w for v, w in mistakes if math.isclose(value, v, rel_tol=1e-3, abs_tol=1e-9)), None)
        if why is None and text.endswith(").") and " (" in text:  # keep feedback's generic hint
            why = text[text.rindex(" (") + 2:-2]
            why = why[0].upper() + why[1:] + "."
        text = (f"Not quite: you entered {value:.6g} for the input a, but σ({value:.6g}) = {sigmoid(value):.6g}, "
                f"not {target:g}." + (f" {why}" if why else ""))
    elif text.startswith("Correct"):
        value = as_number(answer)
        text = f"Correct! a = {value:.6g} gives σ(a) = {sigmoid(value):.6g}."
    print(text)


# --- coding exercise: the slope from the output ----------------------------------------------------

def _slope_reference(o):
    return o * (1 - o)


def _slope_cases():
    rng = np.random.default_rng(1)  # seeded: the same cases every run
    return [
        Case("one output o = 0.5, a Python float", 0.5),
        Case("a layer of four outputs, shape (4,)", np.array([0.1, 0.5, 0.73, 0.99])),
        Case("a batch of 3 examples × 5 units, shape (3, 5)", expit(rng.normal(0, 2, size=(3, 5)))),
        Case("a batch of 1 example × 3 units, shape (1, 3)", expit(rng.normal(0, 2, size=(1, 3)))),
    ]


_SLOPE_MISTAKES = [
    (lambda o: expit(o) * (1 - expit(o)),
     "you applied the sigmoid again: σ(o)(1 - σ(o)) is σ' at the point o, as if o were the weighted sum. "
     "o is already the output σ(a), so the slope is simply o * (1 - o)."),
    (lambda o: o * (o - 1), "the sign is flipped: o * (o - 1) = -o(1 - o). A sigmoid's slope is never negative."),
    (lambda o: 1 - o * o, "that is 1 - o², the slope of tanh written with its output; the sigmoid's is o(1 - o)."),
    (lambda o: 1 - o, "that is 1 - o alone: the slope is the product o * (1 - o)."),
    (lambda o: np.full(np.shape(o), 0.25) if np.ndim(o) else 0.25,
     "that is σ'(0) = 1/4 for every unit: the largest slope, reached only where o = 1/2. Use each unit's o."),
]


def check_slope_from_output(fn):
    """Exercise: fn(o) returns σ'(a) = o(1 - o) for outputs o of any shape (a float, a layer, a batch)."""
    return check_function(fn, "slope_from_output", _slope_cases(), _slope_reference, _SLOPE_MISTAKES)


# --- coding exercise: a sigmoid that never overflows ------------------------------------------------

def _quiet(formula):
    """A wrong variant evaluated without NumPy's warnings (the check compares its values, not its noise)."""
    @functools.wraps(formula)
    def variant(a):
        with np.errstate(all="ignore"):
            return formula(np.asarray(a))
    return variant


@_quiet
def _naive(a):
    return 1 / (1 + np.exp(-a))


@_quiet
def _one_minus_mirror(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + z), 1 - 1 / (1 + z))  # 1 - σ(-a) for a < 0: cancellation


@_quiet
def _tanh_form(a):
    return (1 + np.tanh(a / 2)) / 2  # equal on paper; 1 + tanh cancels for a << 0


@_quiet
def _one_dimensional(a):
    return np.atleast_1d(expit(a))


@_quiet
def _flattened(a):
    return expit(a).ravel()


_STABLE_MISTAKES = [
    (_naive, "that is the textbook formula 1 / (1 + np.exp(-a)) with its warnings switched off: np.exp(-a) "
             "overflows to inf once -a exceeds ln(largest float), about 709.78 in float64 and 88.72 in float32, "
             "and the result 0 loses a tiny but non-zero value. Exponentiate -|a| only: z = np.exp(-np.abs(a))."),
    (_one_minus_mirror, "for a < 0 you computed 1 - σ(-a). Equal on paper, but σ(-a) is within 1e-9 of 1 at "
                        "a = -20 and rounds to exactly 1 beyond a ≈ -36.7: subtracting two nearly equal numbers "
                        "cancels the digits that mattered (or all of them). Use z / (1 + z) with z = e^(-|a|)."),
    (_tanh_form, "(1 + tanh(a/2)) / 2 is equal on paper, but for a << 0, tanh(a/2) is within a rounding error "
                 "of -1, and 1 + tanh(a/2) cancels: few correct digits, then 0. Use z / (1 + z) with z = e^(-|a|)."),
    (_one_dimensional, "a single number must give a single number (shape ()), not an array of shape (1,): "
                       "np.atleast_1d, np.array(a, ndmin=1) or a list around a add an axis."),
    (_flattened, "the result has been flattened: a batch of shape (3, 4) must give an array of shape (3, 4), "
                 "one σ per entry. Avoid .ravel(), .flatten() and building a list with a loop."),
]


def _stable_cases():
    rng = np.random.default_rng(2)  # seeded: the same batch every run
    return [
        Case("moderate values, shape (5,)", np.array([-5.0, -1.5, 0.0, 2.0, 5.0])),
        Case("a batch of shape (3, 4)", rng.normal(0, 4, size=(3, 4))),
        Case("one number, the Python float 0.5", 0.5),
        Case("large negative values -20, -30, -40, -100", np.array([-20.0, -30.0, -40.0, -100.0])),
        Case("the extremes ±1000 and ±740, float64", np.array([-1000.0, -740.0, 0.0, 740.0, 1000.0])),
        Case("float32 values -100, -89, 0, 89, 100", np.array([-100.0, -89.0, 0.0, 89.0, 100.0], dtype=np.float32)),
    ]


def _expit64(a):
    """σ(a) as a float64 (for float32 input too), correct to the last bit or so that float64 can hold.

    Where NumPy's long double has a wider range than float64 (x86: 80 bits, e^1000 fits), σ is computed with
    it and rounded once. Elsewhere: SciPy's expit, except below a = -40, where σ(a) = e^a / (1 + e^a) equals e^a
    to a relative 1e-17 (1 + e^a rounds to 1) and expit returns 0 below about -709.78, although σ(-740) ≈
    4.2e-322 is still a (subnormal) float64.
    """
    a = np.asarray(a, dtype=np.float64)
    with np.errstate(under="ignore"):  # e^(-1000) is 0 to the last bit
        if np.finfo(np.longdouble).maxexp > np.finfo(np.float64).maxexp:
            out = (1 / (1 + np.exp(-a.astype(np.longdouble)))).astype(np.float64)
        else:
            out = _expit64_in_float64(a)
    return out if out.ndim else float(out)


def _expit64_in_float64(a):
    """The fallback of `_expit64` where long double is float64: expit, and e^a below a = -40."""
    a = np.asarray(a, dtype=np.float64)
    with np.errstate(under="ignore"):
        return np.where(a < -40, np.exp(np.minimum(a, 0)), expit(a))


class _Watched:
    """The learner's function, called through a wrapper that records the warnings of each call."""

    def __init__(self, fn):
        self.calls = []  # (warning messages, result) per call, in the order of the cases
        self.__wrapped__ = fn  # inspect.signature follows it, so check_function names changed arguments

        @functools.wraps(fn)
        def watched(*args, **kwargs):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = fn(*args, **kwargs)
            self.calls.append(([f"{w.category.__name__}: {w.message}" for w in caught], result))
            return result

        self.fn = watched


_WARNED_BUT_RIGHT = (
    "the values are right, but on the way some e^x overflowed to inf and was thrown away. Typically "
    "np.where(a >= 0, f(a), g(a)): NumPy computes BOTH f(a) and g(a) for every entry, so the formula meant "
    "for a < 0 still runs on a = 1000 (or the reverse). Compute z = np.exp(-np.abs(a)) once, which never "
    "overflows, and use it in both branches."
)
_WARNED_NAIVE = (
    "that is the textbook formula 1 / (1 + np.exp(-a)): for a = -1000 it computes e^1000, far beyond the largest "
    "float64 (e^x overflows from x ≈ 709.78). 1/(1 + inf) = 0 is close in absolute terms, but σ(-740) ≈ 4.2e-322 "
    "is lost, and the warning is the symptom. Exponentiate -|a| only: z = np.exp(-np.abs(a)) lies in (0, 1]."
)
_TRUTH_VALUE = (
    "a Python `if` looks at one True or False, but `a >= 0` on an array is a whole array of them. Choose per "
    "entry instead: np.where(a >= 0, ..., ...) on values that are safe everywhere, or boolean masks "
    "such as out[a >= 0] = ..."
)
_MATH_MODULE = "math.exp takes one number; np.exp works on every entry of an array at once."


def _add_relative_difference(text, watched, cases):
    """When the failing case's numbers agree to the digits shown, say how large the relative difference is."""
    number = int(re.search(r"in case (\d+) of", text)[1])
    if number > len(watched.calls) or "differs" not in text:
        return text
    received = np.asarray(watched.calls[number - 1][1], dtype=float)
    expected = np.asarray(cases[number - 1].call(_expit64), dtype=float)
    if received.shape != expected.shape or not np.all(np.isfinite(received)):
        return text
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(expected != 0, np.abs(received - expected) / np.abs(expected), np.inf)
    worst = float(np.max(np.where(received == expected, 0, relative)))
    if not 0 < worst < 1e-6:
        return text
    first, _, rest = text.partition("\n")
    rest_lines = rest.split("\n")
    note = (f"  The values agree to the digits shown but not to the last digits float64 holds: "
            f"largest relative difference {worst:.1e}, and the check allows 1e-15.")
    return "\n".join([first, *[line for line in rest_lines if not line.startswith("Diagnosis")], note,
                      *[line for line in rest_lines if line.startswith("Diagnosis")]])


def _renumber(match, offset, total):
    return f"in case {int(match[1]) + offset} of {total} ("


def check_stable_sigmoid(fn):
    """Exercise: fn(a) returns σ(a) for a number or an array of any shape, float64 or float32, without a warning.

    Float64 results must agree with the exact σ (see `_expit64`) to 1e-15 relative; float32 ones to 1e-6
    (float32 holds about 7 digits). A warning (an overflow, or inf/inf) fails the check even when the values are right.
    """
    if not callable(fn):
        return check_function(fn, "stable_sigmoid", [], _expit64)
    watched, cases = _Watched(fn), _stable_cases()
    # float64: 1e-15 relative, and 4 steps of the smallest subnormal (5e-324) where values are that tiny
    tolerances = [(1e-15, 2e-323) if np.asarray(case.args[0]).dtype != np.float32 else (1e-6, 1e-44) for case in cases]
    text, first = "", 0
    while first < len(cases):  # one check_function run per stretch of cases with the same tolerance
        last = first + 1
        while last < len(cases) and tolerances[last] == tolerances[first]:
            last += 1
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            result = check_function(watched.fn, "stable_sigmoid", cases[first:last], _expit64, _STABLE_MISTAKES,
                                    *tolerances[first])
        renumber = functools.partial(_renumber, offset=first, total=len(cases))  # case k of the stretch
        text = re.sub(r"in case (\d+) of \d+ \(", renumber, buffer.getvalue().strip())
        if not result.passed:
            break
        first = last
    for number, (caught, received) in enumerate(watched.calls, 1):
        if caught:  # a warning fails the check, and says more than the values (checked up to this case)
            case = cases[number - 1]
            right = difference(received, case.call(_expit64), "", *tolerances[number - 1]) is None
            text = (f"Not yet: in case {number} of {len(cases)} ({case.description}), your function warned: "
                    f"{'; '.join(sorted(set(caught)))}.\nDiagnosis: {_WARNED_BUT_RIGHT if right else _WARNED_NAIVE}")
            break
    if text.startswith("Not yet") and "differs" in text:
        text = _add_relative_difference(text, watched, cases)
    if "truth value of an array" in text:
        text += f"\nDiagnosis: {_TRUTH_VALUE}"
    elif "converted to Python scalars" in text:
        text += f"\nDiagnosis: {_MATH_MODULE}"
    passed = text.startswith("Correct!")
    if passed:
        described = "; ".join(case.description for case in cases)
        text = f"Correct! stable_sigmoid passed all {len(cases)} cases ({described}), without a single warning."
    print(text)
    return CheckResult("stable_sigmoid", passed, text, answered=not text.startswith("Not answered"))
