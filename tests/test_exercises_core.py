"""The shared feedback of helpers.exercises, and notebook 00's check."""

import math

import numpy as np
import pytest

from helpers.exercises.core import feedback, is_correct
from helpers.exercises.start_here import check_sigmoid_of_zero


@pytest.mark.parametrize("answer", [None, ...])
def test_unanswered(answer):
    assert feedback(answer, 0.5).startswith("Not answered yet")


def test_correct_within_tolerance_and_array_of_one():
    assert feedback(0.50004, 0.5).startswith("Correct")
    assert is_correct(np.array([0.5]), 0.5)


@pytest.mark.parametrize("answer,hint", [
    (-0.25, "sign is wrong"),
    (2.5, "factor of ten"),
    (0.025, "factor of ten"),
    (0.253, "round"),
])
def test_specific_hints(answer, hint):
    text = feedback(answer, 0.25, name="x")
    assert text.startswith(f"Not quite: you entered {answer:.6g} for x")
    assert hint in text


def test_far_off_answer_gets_no_misleading_hint():
    assert feedback(7.0, 0.25) == "Not quite: you entered 7 for your answer."


@pytest.mark.parametrize("answer", ["abc", [1, 2], {"a": 1}])
def test_not_a_number(answer):
    assert "should be a number" in feedback(answer, 0.5)


@pytest.mark.parametrize("answer", [math.inf, math.nan])
def test_not_finite(answer):
    assert "division by zero or an overflow" in feedback(answer, 0.5)


def test_check_sigmoid_of_zero(capsys):
    check_sigmoid_of_zero(1 / (1 + math.exp(0)))
    assert capsys.readouterr().out.startswith("Correct")
    check_sigmoid_of_zero(1)
    assert "e^0 = 1 alone" in capsys.readouterr().out
    check_sigmoid_of_zero(None)
    assert capsys.readouterr().out.startswith("Not answered yet")


def test_a_function_argument_is_not_reported_as_changed():
    """deepcopy hands back the same function object; check_function must not call it 'changed in place'."""
    from helpers.exercises.core import Case, call_learner

    def square(v):
        return v * v

    result, changed = call_learner(lambda f, x: f(x).sum(), Case("f and x", square, np.arange(3.0)))
    assert result == 5.0 and changed == []
    _, changed = call_learner(lambda f, x: x.__imul__(2), Case("f and x", square, np.arange(3.0)))
    assert changed == ["x"]


def test_difference_names_none_and_an_opposite_sign():
    from helpers.exercises.core import difference

    assert difference(None, np.ones(2)) == "the result is None: did your function end without a `return`?"
    assert difference([np.ones(2), None], [np.ones(2), np.ones(3)]) == "the result[1] is None."
    assert "(every entry has the opposite sign)" in difference(-np.arange(1.0, 4.0), np.arange(1.0, 4.0))
    assert "opposite sign" not in difference(np.array([-1.0, 2.0]), np.array([1.0, 2.0]))


def test_a_wrong_result_that_also_changed_an_input_gets_a_note(capsys):
    from helpers.exercises.core import Case, check_function

    def doubles_in_place(x):
        x *= 2  # the caller's array
        return x + 1

    result = check_function(doubles_in_place, "f", [Case("x", np.arange(3.0))], lambda x: 2 * x)
    out = capsys.readouterr().out
    assert not result.passed and "differs" in out and "Note: your function also changed its input x in place" in out
