"""The check functions of notebook 03's exercises, with right and wrong answers computed here by hand."""

import math

import pytest

from helpers.exercises.delta_rules import (
    check_delta_shape,
    check_hidden_delta,
    check_output_delta,
    check_saturation_ratio,
)


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


T = 0.9  # the exercises' target
Y3, Y4 = sig(0.2 * 0.35 + 0.2 * 0.7), sig(0.3 * 0.35 + 0.3 * 0.7)
Y5 = sig(0.3 * Y3 + 0.9 * Y4)
D5 = Y5 * (1 - Y5) * (T - Y5)
D3, D4 = Y3 * (1 - Y3) * 0.3 * D5, Y4 * (1 - Y4) * 0.9 * D5
O = sig(-5.0)  # the saturated output of exercise 4
RATIO = (1 - O) / (O * (1 - O) * (1 - O))


def said(capsys, check, answer):
    check(answer)
    return capsys.readouterr().out


@pytest.mark.parametrize("check", [check_output_delta, check_hidden_delta, check_delta_shape, check_saturation_ratio])
def test_unanswered(capsys, check):
    assert said(capsys, check, None).startswith("Not answered yet")


@pytest.mark.parametrize("check,right", [(check_output_delta, D5), (check_hidden_delta, D4),
                                         (check_delta_shape, (50, 32)), (check_saturation_ratio, RATIO)])
def test_right_answers(capsys, check, right):
    assert said(capsys, check, right).startswith("Correct")


def test_right_shape_as_a_list(capsys):
    assert said(capsys, check_delta_shape, [50, 32]).startswith("Correct")


@pytest.mark.parametrize("check,wrong,hint", [
    (check_output_delta, T - Y5, "slope"),
    (check_output_delta, -D5, "sign"),
    (check_output_delta, Y5 * (1 - Y5) * (0.5 - Y5), "target 0.5"),
    (check_hidden_delta, Y4 * (1 - Y4) * 0.3 * D5, "w13"),
    (check_hidden_delta, 0.9 * D5, "slope"),
    (check_hidden_delta, Y4 * (1 - Y4) * D5, "w23"),
    (check_hidden_delta, D3, "δ3"),
    (check_hidden_delta, Y4 * (1 - Y4) * 0.9 * Y5 * (1 - Y5) * (0.5 - Y5), "target 0.5"),
    (check_hidden_delta, 1.0, "Not quite"),
    (check_delta_shape, (32, 50), "swapped"),
    (check_delta_shape, (64, 32), "W[0]"),
    (check_delta_shape, (50, 64), "input"),
    (check_delta_shape, (50, 10), "output"),
    (check_delta_shape, (7, 7), "one row per example"),
    (check_delta_shape, "50 by 32", "tuple"),
    (check_saturation_ratio, 1 / RATIO, "inverse"),
    (check_saturation_ratio, 4.0, "a = 0"),
    (check_saturation_ratio, -RATIO, "sign"),
])
def test_wrong_answers_get_specific_feedback(capsys, check, wrong, hint):
    out = said(capsys, check, wrong)
    assert not out.startswith("Correct") and hint in out, out


def test_checks_return_nothing(capsys):
    assert check_output_delta(D5) is None and check_delta_shape((50, 32)) is None


@pytest.mark.parametrize("rounded", [150, 150.4, round(RATIO, 2)])
def test_saturation_ratio_accepts_three_significant_digits(capsys, rounded):
    assert said(capsys, check_saturation_ratio, rounded).startswith("Correct")


@pytest.mark.parametrize("wrong", [145, 155, 148.0])
def test_saturation_ratio_rejects_a_ratio_off_by_more_than_one_percent(capsys, wrong):
    assert not said(capsys, check_saturation_ratio, wrong).startswith("Correct")
