"""Notebook 01's exercise checks: right answers pass, known mistakes get their specific hint.

Expected values are computed here from the article's numbers with SciPy, not taken from helpers.
"""

import io
import math
from contextlib import redirect_stdout

import numpy as np
import pytest
from scipy.special import expit, logit

from helpers.exercises.sigmoid import check_sigmoid_inverse, check_sigmoid_output, check_sigmoid_slope

A = 0.2 * 0.35 + 0.2 * 0.7  # the worked example's first hidden unit: w11 x1 + w21 x2


def run(check, answer, **kw):
    """What the check prints; it must return None."""
    out = io.StringIO()
    with redirect_stdout(out):
        assert check(answer, **kw) is None
    return out.getvalue()


@pytest.mark.parametrize("check,right", [
    (check_sigmoid_output, expit(A)),
    (check_sigmoid_slope, expit(A) * expit(-A)),
    (check_sigmoid_inverse, logit(0.9)),
])
def test_right_answers_pass(check, right):
    assert run(check, right).startswith("Correct")
    assert run(check, round(right, 4)).startswith("Correct"), "four decimals are enough"


@pytest.mark.parametrize("check", [check_sigmoid_output, check_sigmoid_slope, check_sigmoid_inverse])
def test_unanswered_and_non_numbers(check):
    assert run(check, None).startswith("Not answered yet")
    assert "should be a number" in run(check, "abc")
    assert "should be a number" in run(check, [0.5, 0.6])


@pytest.mark.parametrize("wrong,hint", [
    (expit(-A), "exponent is -a"),
    (math.exp(-A), "e^(-a) alone"),
    (A, "a itself"),
    (0.56, "round"),  # the article's rounded value
    (0.9, None),
])
def test_output_mistakes(wrong, hint):
    text = run(check_sigmoid_output, wrong)
    assert text.startswith("Not quite")
    if hint:
        assert hint in text


@pytest.mark.parametrize("wrong,hint", [
    (A * (1 - A), "OUTPUT"),
    (expit(expit(A)) * expit(-expit(A)), "fed the output back"),
    (expit(A), "not its slope"),
    (-expit(A) * expit(-A), "sign"),
])
def test_slope_mistakes(wrong, hint):
    text = run(check_sigmoid_slope, wrong)
    assert text.startswith("Not quite") and hint in text


@pytest.mark.parametrize("wrong,hint", [
    (0.9, "the output 0.9"),
    (expit(0.9), "the other way round"),
    (1 / 0.9 - 1, "take -ln"),
    (math.log(0.9), "ln(0.9)"),
    (-logit(0.9), "sign"),
    (2.2, "round"),
])
def test_inverse_mistakes(wrong, hint):
    text = run(check_sigmoid_inverse, wrong)
    assert text.startswith("Not quite") and hint in text
    assert f"σ({wrong:.6g}) = {expit(wrong):.6g}" in text, "shows what the answer actually gives"


def test_inverse_other_targets():
    assert run(check_sigmoid_inverse, 0.0, target=0.5).startswith("Correct")
    assert run(check_sigmoid_inverse, logit(0.25), target=0.25).startswith("Correct")
    with pytest.raises(ValueError, match="between 0 and 1"):
        check_sigmoid_inverse(1.0, target=1.0)


@pytest.mark.parametrize("check,right,wrong", [
    (check_sigmoid_output, expit(A), 0.55),
    (check_sigmoid_slope, expit(A) * expit(-A), 0.2),
    (check_sigmoid_inverse, logit(0.9), 2.5),
])
def test_one_element_lists_and_arrays_are_numbers(check, right, wrong):
    """A learner's [0.55] or np.array([0.55]) is read as 0.55, for right and for wrong answers alike."""
    assert run(check, [right]).startswith("Correct")
    assert run(check, np.array([right])).startswith("Correct")
    for answer in ([wrong], np.array([wrong]), (wrong,)):
        text = run(check, answer)
        assert text.startswith(f"Not quite: you entered {wrong:g} for "), text


@pytest.mark.parametrize("check,wrong", [
    (check_sigmoid_output, expit(-A)),  # a known mistake
    (check_sigmoid_slope, 0.9),  # no known mistake
    (check_sigmoid_inverse, 0.9),
])
def test_wrong_answers_say_what_was_entered(check, wrong):
    assert run(check, wrong).startswith(f"Not quite: you entered {wrong:.6g} for ")


def test_slope_at_zero_is_a_known_mistake():
    """0.25 is σ'(0), within 2% of σ'(0.21): it must not be taken for a rounding slip."""
    text = run(check_sigmoid_slope, 0.25)
    assert text.startswith("Not quite") and "σ'(0), the largest slope" in text and "round" not in text


def test_the_notebook_leaves_no_global_a_behind():
    """The exercises' unit is `a1`; with no notebook-level `a` (not even a loop variable), a learner's `sigmoid(a)`
    is a NameError, not a silent σ of some leftover value. That is why the checks no longer hint at a stale `a`."""
    import ast
    import json
    import pathlib

    nb = json.loads((pathlib.Path(__file__).parent.parent / "notebooks" / "01-sigmoid.ipynb").read_text())
    assigned = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.parse("".join(cell["source"])).body:  # module level only: function bodies are local
            for target in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.Lambda)) else []:
                if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store):
                    assigned.add(target.id)
    assert "a1" in assigned and "a" not in assigned


# --- coding exercise: the slope from the output ------------------------------------------------------

from helpers.activations import sigmoid_prime  # noqa: E402
from helpers.exercises.sigmoid import (  # noqa: E402
    _expit64,
    _expit64_in_float64,
    check_slope_from_output,
    check_stable_sigmoid,
)


def checked(check, fn):
    out = io.StringIO()
    with redirect_stdout(out):
        result = check(fn)
    return result, out.getvalue()


def test_slope_reference_solution_passes():
    result, text = checked(check_slope_from_output, lambda o: o * (1 - o))
    assert result.passed and text.startswith("Correct!") and "batch of 1" in text


def test_slope_not_answered_and_exception():
    def skeleton(o):
        raise NotImplementedError

    def broken(o):
        return o.T @ o * (1 - o)

    result, text = checked(check_slope_from_output, skeleton)
    assert not result.answered and "not answered yet" in text.lower()
    result, text = checked(check_slope_from_output, broken)
    assert not result.passed and "raised" in text and "o.T @ o" in text


@pytest.mark.parametrize("wrong,diagnosis", [
    (lambda o: expit(o) * (1 - expit(o)), "applied the sigmoid again"),
    (lambda o: sigmoid_prime(o), "applied the sigmoid again"),  # the helper for inputs, given an output
    (lambda o: o * (o - 1), "sign is flipped"),
    (lambda o: 1 - o ** 2, "slope of tanh"),
    (lambda o: 1 - o, "1 - o alone"),
    (lambda o: 0.25 + 0 * np.asarray(o), "σ'(0) = 1/4"),
])
def test_slope_mistakes_get_their_diagnosis(wrong, diagnosis):
    result, text = checked(check_slope_from_output, wrong)
    assert not result.passed and diagnosis in text.split("Diagnosis:")[1]


def test_slope_in_place_is_reported():
    def in_place(o):
        o *= 1 - o  # changes the caller's array (a Python float is rebound, not changed)
        return o

    result, text = checked(check_slope_from_output, in_place)
    assert not result.passed and "changed its input o in place" in text


# --- coding exercise: a sigmoid that never overflows -------------------------------------------------

def stable(a):
    """An independent correct solution: boolean masks instead of np.where."""
    a = np.asarray(a)
    out = np.empty_like(a, dtype=np.result_type(a, np.float32))
    pos = a >= 0
    out[pos] = 1 / (1 + np.exp(-a[pos]))
    e = np.exp(a[~pos])
    out[~pos] = e / (1 + e)
    return out if out.ndim else out[()]


def test_stable_reference_solutions_pass():
    from helpers.activations import sigmoid

    for fn in (stable, sigmoid):
        result, text = checked(check_stable_sigmoid, fn)
        assert result.passed and text.startswith("Correct!") and "without a single warning" in text


def test_stable_not_answered_not_callable_and_exception():
    def skeleton(a):
        raise NotImplementedError

    result, text = checked(check_stable_sigmoid, skeleton)
    assert not result.answered and text.startswith("Not answered yet")
    result, text = checked(check_stable_sigmoid, stable(1.0))
    assert not result.passed and "without parentheses" in text

    def broken(a):
        return 1 / (1 + np.exp(-a[0, 0]))

    result, text = checked(check_stable_sigmoid, broken)
    assert not result.passed and "raised IndexError" in text and "a[0, 0]" in text


def naive(a):
    return 1 / (1 + np.exp(-np.asarray(a)))


def naive_silenced(a):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-np.asarray(a)))


def both_branches(a):
    a = np.asarray(a)
    return np.where(a >= 0, 1 / (1 + np.exp(-a)), np.exp(a) / (1 + np.exp(a)))


def one_minus_mirror(a):
    a = np.asarray(a)
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + z), 1 - 1 / (1 + z))


def tanh_form(a):
    return 0.5 * (1 + np.tanh(np.asarray(a) / 2))


def python_if(a):
    if a >= 0:
        return 1 / (1 + np.exp(-a))
    return np.exp(a) / (1 + np.exp(a))


def math_exp(a):
    return 1 / (1 + math.exp(-a))


def one_dimensional(a):
    return np.atleast_1d(stable(a))


def flattened(a):
    return stable(a).ravel()


@pytest.mark.parametrize("wrong,case,diagnosis", [
    (naive, "case 5 of 6", "that is the textbook formula 1 / (1 + np.exp(-a)): for a = -1000"),
    (naive_silenced, "case 5 of 6", "with its warnings switched off"),
    (both_branches, "case 5 of 6", "NumPy computes BOTH"),
    (one_minus_mirror, "case 1 of 6", "you computed 1 - σ(-a)"),
    (tanh_form, "case 1 of 6", "(1 + tanh(a/2)) / 2"),
    (python_if, "case 1 of 6", "a Python `if`"),
    (math_exp, "case 1 of 6", "math.exp takes one number"),
    (one_dimensional, "case 3 of 6", "shape ()"),
    (flattened, "case 2 of 6", "flattened"),
])
def test_stable_mistakes_get_their_diagnosis(wrong, case, diagnosis):
    result, text = checked(check_stable_sigmoid, wrong)
    assert not result.passed and text.startswith(f"Not yet: in {case} ")
    assert text.count("Diagnosis:") == 1 and diagnosis in text.split("Diagnosis:")[1]


def test_stable_warnings_are_named_and_silenced():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check itself must not let a learner's warning escape
        result, text = checked(check_stable_sigmoid, naive)
    assert "warned: RuntimeWarning: overflow encountered in exp" in text


def test_stable_float32_only_mistake_is_caught_in_the_float32_case():
    def float64_inside(a):  # right in float64, but its float32 path is the silenced naive formula
        a = np.asarray(a)
        return stable(a) if a.dtype == np.float64 or a.ndim == 0 else naive_silenced(a)

    result, text = checked(check_stable_sigmoid, float64_inside)
    assert text.startswith("Not yet: in case 6 of 6 (float32") and "warnings switched off" in text


def test_stable_in_place_is_reported():
    def in_place(a):
        a = np.asarray(a)  # for an array, this is the caller's array itself
        negative = a < 0
        np.abs(a, out=a)  # ... so this overwrites it
        z = np.exp(-a)
        return np.where(negative, z, 1) / (1 + z)

    result, text = checked(check_stable_sigmoid, in_place)
    assert not result.passed and "changed its input a in place" in text


def test_stable_tiny_differences_are_quantified():
    def a_few_ulps_off(a):
        return stable(a) * (1 + 1e-14)

    result, text = checked(check_stable_sigmoid, a_few_ulps_off)
    assert not result.passed and "largest relative difference 1.0e-14" in text and "1e-15" in text


def test_the_reference_is_exact_with_or_without_long_double():
    """Both ways of computing the expected σ agree, and keep the subnormal σ(-740) that expit rounds to 0."""
    a = np.concatenate([np.linspace(-1000, 1000, 20_001), [-740.0, -89.0, 36.7, 1e-9]])
    exact, fallback = _expit64(a), _expit64_in_float64(a)
    np.testing.assert_allclose(fallback, exact, rtol=1e-15, atol=2e-323)
    assert exact[-4] > 0 and expit(-740.0) == 0
    assert math.isclose(_expit64(-740.0), math.exp(-740.0), rel_tol=0.01)  # subnormal: few digits held


def _notebook_cells(tag):
    import json
    import pathlib

    nb = json.loads((pathlib.Path(__file__).parent.parent / "notebooks" / "01-sigmoid.ipynb").read_text())
    return ["".join(c["source"]) for c in nb["cells"]
            if c["cell_type"] == "code" and tag in c.get("metadata", {}).get("tags", [])]


def test_the_notebooks_skeletons_are_unanswered_and_its_solutions_pass():
    """Run each coding exercise's skeleton and solution cell from the notebook itself, outside nbval."""
    skeletons, solutions = _notebook_cells("skeleton"), _notebook_cells("solution")
    assert len(skeletons) == len(solutions) == 2
    checks = {"check_slope_from_output": check_slope_from_output, "check_stable_sigmoid": check_stable_sigmoid}
    for skeleton, solution in zip(skeletons, solutions):
        namespace = {"np": np, **checks}
        exec(skeleton, namespace)  # defines the learner's function, which raises NotImplementedError
        name = next(n for n in namespace if n not in {"np", "__builtins__", *checks})
        check = next(f for c, f in checks.items() if c in solution)
        assert not checked(check, namespace[name])[0].answered
        out = io.StringIO()
        with redirect_stdout(out):
            exec(solution, namespace)  # the same name, now solved, and the check run again
        assert out.getvalue().startswith("Correct!"), out.getvalue()


def test_the_articles_printed_y3_is_named_as_its_slip():
    """The article prints y3 = 0.56; σ(0.21) = 0.5523 rounds to 0.55, so a learner who copies 0.56 hears why."""
    text = run(check_sigmoid_output, 0.56)
    assert "article's printed y3 = 0.56" in text and "rounds to 0.55" in text, text
    assert "did you round" not in text


@pytest.mark.parametrize("check,rounded,off_by_one", [
    (check_sigmoid_output, 0.552, 0.553),  # σ(0.21) = 0.552308
    (check_sigmoid_slope, 0.247, 0.248),  # σ'(0.21) = 0.247264: 0.247 is 0.1 % off, still the right 3 figures
    (check_sigmoid_inverse, 2.197, 2.195),  # ln 9 = 2.197225
    (check_sigmoid_inverse, 2.19, 2.18),  # cut off
])
def test_the_value_rounded_or_cut_off_at_three_figures_is_right(check, rounded, off_by_one):
    assert run(check, rounded).startswith("Correct"), run(check, rounded)
    assert run(check, [rounded]).startswith("Correct")
    assert run(check, off_by_one).startswith("Not quite"), run(check, off_by_one)
