"""Notebook 01's exercise checks: right answers pass, known mistakes get their specific hint.

Expected values are computed here from the article's numbers with SciPy, not taken from helpers.
"""

import io
import math
from contextlib import redirect_stdout

import pytest
from scipy.special import expit, logit

from helpers.exercises import check_sigmoid_inverse, check_sigmoid_output, check_sigmoid_slope

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
