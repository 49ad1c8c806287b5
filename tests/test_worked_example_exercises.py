"""The check functions of notebook 02's exercises, with right and wrong answers computed here by hand.

Each exercise uses a setting the notebook does not work out above it: the second step (exercise 1), the target
t = 0.9 (exercise 2), w13 = -0.3 (exercise 3). The expected values below are computed here in plain Python floats.
"""

import json
import math
import pathlib
import re

import pytest

from helpers.exercises.worked_example import (
    EX2_TARGET,
    EX3_W13,
    check_delta4_second_step,
    check_Delta_w23_mse,
    check_new_w12,
    check_sign_Delta_w11,
    solution_02,
)


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


X1, X2, T = 0.35, 0.7, 0.5
W0 = {"w11": 0.2, "w21": 0.2, "w12": 0.3, "w22": 0.3, "w13": 0.3, "w23": 0.9}


def hand(w, t=T):
    """Forward and backward pass by hand: (y3, y4, y5, δ3, δ4, δ5) and the new weights (η = 1)."""
    y3, y4 = sig(w["w11"] * X1 + w["w21"] * X2), sig(w["w12"] * X1 + w["w22"] * X2)
    y5 = sig(w["w13"] * y3 + w["w23"] * y4)
    d5 = y5 * (1 - y5) * (t - y5)
    d3, d4 = y3 * (1 - y3) * w["w13"] * d5, y4 * (1 - y4) * w["w23"] * d5
    new = {"w11": w["w11"] + d3 * X1, "w21": w["w21"] + d3 * X2, "w12": w["w12"] + d4 * X1,
           "w22": w["w22"] + d4 * X2, "w13": w["w13"] + d5 * y3, "w23": w["w23"] + d5 * y4}
    return (y3, y4, y5, d3, d4, d5), new


(Y3, Y4, Y5, D3, D4, D5), W1 = hand(W0)
(_, Y4b, _, D3b, D4b, D5b), _ = hand(W1)  # the second step


def said(capsys, check, answer):
    check(answer)
    return capsys.readouterr().out


def test_the_settings_are_new_ones():
    assert EX2_TARGET == 0.9 and EX3_W13 == -0.3


@pytest.mark.parametrize("check", [check_delta4_second_step, check_new_w12, check_sign_Delta_w11, check_Delta_w23_mse])
def test_unanswered(capsys, check):
    assert said(capsys, check, None).startswith("Not answered yet")


def test_delta4_second_step(capsys):
    assert said(capsys, check_delta4_second_step, D4b).startswith("Correct")
    assert said(capsys, check_delta4_second_step, round(D4b, 7)).startswith("Correct")
    assert "first step" in said(capsys, check_delta4_second_step, D4)
    assert "old w23" in said(capsys, check_delta4_second_step, Y4b * (1 - Y4b) * 0.9 * D5b)
    assert "first step's δ5" in said(capsys, check_delta4_second_step, Y4b * (1 - Y4b) * W1["w23"] * D5)
    assert "first pass's y4" in said(capsys, check_delta4_second_step, Y4 * (1 - Y4) * W1["w23"] * D5b)
    assert "left out w23" in said(capsys, check_delta4_second_step, Y4b * (1 - Y4b) * D5b)
    assert "You used w13" in said(capsys, check_delta4_second_step, Y4b * (1 - Y4b) * W1["w13"] * D5b)
    assert "δ3" in said(capsys, check_delta4_second_step, D3b)
    assert "sign is wrong" in said(capsys, check_delta4_second_step, -D4b)
    assert "should be a number" in said(capsys, check_delta4_second_step, "small")


def test_new_w12_with_target_09(capsys):
    (_, _, y5, d3, d4, d5), new = hand(W0, t=0.9)
    assert d5 > 0 and new["w12"] > 0.3, "with t = 0.9 the output is too small and w12 grows"
    assert said(capsys, check_new_w12, new["w12"]).startswith("Correct")
    assert "t = 0.5" in said(capsys, check_new_w12, W1["w12"])  # the answer for the article's target
    assert "add it to the old w12" in said(capsys, check_new_w12, d4 * X1)
    assert "subtracted" in said(capsys, check_new_w12, 0.3 - d4 * X1)
    assert "You used δ3" in said(capsys, check_new_w12, 0.3 + d3 * X1)
    assert "You used δ5" in said(capsys, check_new_w12, 0.3 + d5 * X1)
    assert "You used x2" in said(capsys, check_new_w12, 0.3 + d4 * X2)


def test_new_w12_other_target(capsys):
    _, new = hand(W0, t=0.2)
    assert said(capsys, lambda a: check_new_w12(a, t=0.2), new["w12"]).startswith("Correct")


def Delta_w11_with(w13):
    (_, _, _, d3, _, _), _ = hand({**W0, "w13": w13})
    return d3 * X1


@pytest.mark.parametrize("answer", ["positive", "+", " Positive ", 1, 0.00055])
def test_sign_right(capsys, answer):
    assert Delta_w11_with(-0.3) > 0
    out = said(capsys, check_sign_Delta_w11, answer)
    assert out.startswith("Correct") and "flips" in out and f"{Delta_w11_with(-0.3):.4g}" in out


@pytest.mark.parametrize("answer", ["negative", "-", "−", -0.000955])
def test_sign_wrong(capsys, answer):
    out = said(capsys, check_sign_Delta_w11, answer)
    assert out.startswith("Not quite") and "w13 = -0.3" in out


def test_sign_with_the_article_weight(capsys):
    assert Delta_w11_with(0.3) < 0
    out = said(capsys, lambda a: check_sign_Delta_w11(a, w13=0.3), "negative")
    assert out.startswith("Correct") and "keeps" in out


@pytest.mark.parametrize("answer", ["maybe", 0, True, float("nan")])
def test_sign_unreadable(capsys, answer):
    assert said(capsys, check_sign_Delta_w11, answer).startswith("Answer")


def test_dw23_mse(capsys):
    assert said(capsys, check_Delta_w23_mse, 2 * D5 * Y4).startswith("Correct")
    assert "factor 2" in said(capsys, check_Delta_w23_mse, D5 * Y4)
    assert "halved" in said(capsys, check_Delta_w23_mse, D5 * Y4 / 2)
    assert "article's Δw23" in said(capsys, check_Delta_w23_mse, -0.022184)
    assert "rounded" in said(capsys, check_Delta_w23_mse, 2 * -0.0376 * 0.59)


def bold(markdown):
    """The number a solution gives as its answer (in bold)."""
    return float(re.search(r"\*\*([-+0-9.e]+)\*\*", markdown).group(1))


def test_solutions_give_the_hand_computed_numbers():
    texts = {n: solution_02(n).data for n in (1, 2, 3, 4)}
    assert all(t.startswith("<details><summary>Solution</summary>") and t.endswith("</details>")
               for t in texts.values())
    assert math.isclose(bold(texts[1]), D4b, rel_tol=1e-5)
    assert math.isclose(bold(texts[2]), hand(W0, t=0.9)[1]["w12"], rel_tol=0, abs_tol=5e-7)  # 6 decimals
    assert texts[3].count("**Positive.**") == 1 and f"{Delta_w11_with(-0.3):.4g}" in texts[3]
    assert math.isclose(bold(texts[4]), 2 * D5 * Y4, rel_tol=1e-5)
    with pytest.raises(ValueError, match="1 to 4"):
        solution_02(5)


def test_the_notebook_states_the_settings_the_checks_use():
    path = pathlib.Path(__file__).parents[1] / "notebooks" / "02-worked-example.ipynb"
    prose = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                      if c["cell_type"] == "markdown")
    assert f"$t = {EX2_TARGET:g}$" in prose and f"$w_{{1,3}} = {EX3_W13:g}$" in prose
