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


STALE_A = 40.0  # what `a` holds after notebook 01's section 5 table


@pytest.mark.parametrize("check,wrong", [
    (check_sigmoid_output, expit(STALE_A)),
    (check_sigmoid_output, 1 / (1 + math.exp(-STALE_A))),
    (check_sigmoid_slope, expit(STALE_A) * expit(-STALE_A)),
    (check_sigmoid_slope, 0.0),  # o(1 - o) with o = σ(40), which rounds to 1
    (check_sigmoid_slope, STALE_A * (1 - STALE_A)),
])
def test_a_stale_a_of_40_gets_pointed_to_a1(check, wrong):
    text = run(check, wrong)
    assert text.startswith("Not quite") and "a = 40" in text and "`a1`" in text
