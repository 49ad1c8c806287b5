"""The check functions of notebook 02's exercises, with right and wrong answers computed here by hand."""

import math

import pytest

from helpers.exercises import check_delta4, check_dw23_mse, check_new_w12, check_sign_dw11


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


X1, X2, T = 0.35, 0.7, 0.5
Y3, Y4 = sig(0.2 * X1 + 0.2 * X2), sig(0.3 * X1 + 0.3 * X2)
Y5 = sig(0.3 * Y3 + 0.9 * Y4)
D5 = Y5 * (1 - Y5) * (T - Y5)
D3, D4 = Y3 * (1 - Y3) * 0.3 * D5, Y4 * (1 - Y4) * 0.9 * D5


def said(capsys, check, answer):
    check(answer)
    return capsys.readouterr().out


@pytest.mark.parametrize("check", [check_delta4, check_new_w12, check_sign_dw11, check_dw23_mse])
def test_unanswered(capsys, check):
    assert said(capsys, check, None).startswith("Not answered yet")


def test_delta4(capsys):
    assert said(capsys, check_delta4, D4).startswith("Correct")
    assert said(capsys, check_delta4, round(D4, 6)).startswith("Correct")
    assert "ten times too large" in said(capsys, check_delta4, -0.0819)
    assert "left out w23" in said(capsys, check_delta4, Y4 * (1 - Y4) * D5)
    assert "You used w13" in said(capsys, check_delta4, Y4 * (1 - Y4) * 0.3 * D5)
    assert "δ3" in said(capsys, check_delta4, D3)
    assert "sign is wrong" in said(capsys, check_delta4, -D4)
    assert "round" in said(capsys, check_delta4, 0.59 * 0.41 * 0.9 * -0.0376)
    assert "should be a number" in said(capsys, check_delta4, "small")


def test_new_w12(capsys):
    assert said(capsys, check_new_w12, 0.3 + D4 * X1).startswith("Correct")
    assert "follows from no rule" in said(capsys, check_new_w12, 0.273225)
    assert "article's δ4" in said(capsys, check_new_w12, 0.3 - 0.0819 * X1)
    assert "add it to the old w12" in said(capsys, check_new_w12, D4 * X1)
    assert "subtracted" in said(capsys, check_new_w12, 0.3 - D4 * X1)
    assert "You used δ3" in said(capsys, check_new_w12, 0.3 + D3 * X1)
    assert "You used x2" in said(capsys, check_new_w12, 0.3 + D4 * X2)


@pytest.mark.parametrize("answer", ["negative", "-", " Negative ", "−", -1, -0.000955])
def test_sign_right(capsys, answer):
    out = said(capsys, check_sign_dw11, answer)
    assert out.startswith("Correct") and "0.000945" in out


@pytest.mark.parametrize("answer", ["positive", "+", 0.000945])
def test_sign_wrong(capsys, answer):
    assert said(capsys, check_sign_dw11, answer).startswith("Not quite")


@pytest.mark.parametrize("answer", ["maybe", 0, True, float("nan")])
def test_sign_unreadable(capsys, answer):
    assert said(capsys, check_sign_dw11, answer).startswith("Answer")


def test_dw23_mse(capsys):
    assert said(capsys, check_dw23_mse, 2 * D5 * Y4).startswith("Correct")
    assert "factor 2" in said(capsys, check_dw23_mse, D5 * Y4)
    assert "halved" in said(capsys, check_dw23_mse, D5 * Y4 / 2)
    assert "article's Δw23" in said(capsys, check_dw23_mse, -0.022184)
    assert "rounded" in said(capsys, check_dw23_mse, 2 * -0.0376 * 0.59)
