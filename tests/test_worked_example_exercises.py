"""The check functions of notebook 02's exercises, with right and wrong answers computed here by hand.

Each exercise uses a setting the notebook does not work out above it: the second step (exercise 1), the target
t = 0.9 (exercise 2), w13 = -0.3 (exercise 3). The expected values below are computed here in plain Python floats.
"""

import json
import math
import pathlib
import re

import pytest

from helpers.exercises.core import typed_precision
from helpers.exercises.worked_example import (
    EX2_TARGET,
    EX3_W13,
    check_backprop_step,
    check_delta4_second_step,
    check_Delta_w23_mse,
    check_new_w12,
    check_sign_Delta_w11,
    precise_feedback,
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
    assert "significant figures" in said(capsys, check_delta4_second_step, -0.0077)  # 2 figures: too few
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
    out = said(capsys, check_new_w12, 0.3)
    assert "unchanged" in out and "round" not in out, "0.3 is the old weight, not a rounded new one"


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


# --- answers right to the precision typed are right; a slip is named only where it fits better ---

def test_typed_precision():
    assert typed_precision(-0.00768) == (3, pytest.approx(1e-5))
    assert typed_precision(0.3) == (1, pytest.approx(0.1))
    assert typed_precision(0.0) == (0, 0.0)
    assert typed_precision(D4b)[0] >= 14


def test_delta4_to_three_figures_is_right(capsys):
    first_pass_y4 = Y4 * (1 - Y4) * W1["w23"] * D5b  # the slip, 0.08 % from the answer
    assert abs(first_pass_y4 - D4b) < 1e-3 * abs(D4b)
    assert f"{D4b:.3g}" == f"{first_pass_y4:.3g}" == "-0.00768"
    out = said(capsys, check_delta4_second_step, -0.00768)
    assert out.startswith("Correct") and "y4" not in out
    assert said(capsys, check_delta4_second_step, float(f"{D4b:.5g}")).startswith("Correct")
    assert said(capsys, check_delta4_second_step, math.trunc(D4b * 1e6) / 1e6).startswith("Correct")  # cut off
    assert "first pass's y4" in said(capsys, check_delta4_second_step, float(f"{first_pass_y4:.5g}"))


def test_a_slip_is_not_named_when_the_right_value_fits_as_well():
    # 0.3 has one significant figure: 0.304 and 0.301 both fit it; only an exact match names a slip
    text = precise_feedback(0.30, 0.304, "x", slips=[(0.301, "SLIP")])
    assert "SLIP" not in text and "significant figure" in text
    assert "SLIP" in precise_feedback(0.3011, 0.304, "x", slips=[(0.30105, "SLIP")])
    assert "SLIP" in precise_feedback(0.3, 0.304, "x", slips=[(0.3, "SLIP")])


# --- the coding exercise: wrong versions written here by hand, each must get its own diagnosis ---

def one_step(x1, x2, w, t, eta, slope=lambda a, y: y * (1 - y), half=1.0, rate=None, out_w=None, new=False):
    """A by-hand step with knobs for the mistakes (defaults: right)."""
    y3, y4 = sig(w["w11"] * x1 + w["w21"] * x2), sig(w["w12"] * x1 + w["w22"] * x2)
    a3 = w["w13"] * y3 + w["w23"] * y4
    y5 = sig(a3)
    d5 = slope(a3, y5) * (t - y5) / half
    w13, w23 = out_w(w, d5, y3, y4, eta) if out_w else (w["w13"], w["w23"])
    d3 = slope(w["w11"] * x1 + w["w21"] * x2, y3) * w13 * d5
    d4 = slope(w["w12"] * x1 + w["w22"] * x2, y4) * w23 * d5
    eta = eta if rate is None else rate
    Delta_w = {"w11": eta * d3 * x1, "w21": eta * d3 * x2, "w12": eta * d4 * x1, "w22": eta * d4 * x2,
               "w13": eta * d5 * y3, "w23": eta * d5 * y4}
    return {k: w[k] + v for k, v in Delta_w.items()} if new else Delta_w


def receiving_output(x1, x2, w, t, eta):
    """The article's printed rule: Δw_ij = η δ_j o_j, the output of the receiving unit."""
    y3, y4 = sig(w["w11"] * x1 + w["w21"] * x2), sig(w["w12"] * x1 + w["w22"] * x2)
    y5 = sig(w["w13"] * y3 + w["w23"] * y4)
    d5 = y5 * (1 - y5) * (t - y5)
    d3, d4 = y3 * (1 - y3) * w["w13"] * d5, y4 * (1 - y4) * w["w23"] * d5
    return {"w11": eta * d3 * y3, "w21": eta * d3 * y3, "w12": eta * d4 * y4, "w22": eta * d4 * y4,
            "w13": eta * d5 * y5, "w23": eta * d5 * y5}


WRONG_STEPS = {
    "o_j": (receiving_output, "o_j"),
    "subtracted": (lambda *a: {k: -v for k, v in one_step(*a).items()}, "wrong sign"),
    "slope of a": (lambda *a: one_step(*a, slope=lambda a, y: a * (1 - a)), "a(1 − a)"),
    "no half": (lambda *a: one_step(*a, half=0.5), "without the ½"),
    "no eta": (lambda *a: one_step(*a, rate=1.0), "learning rate"),
    "no w in hidden rule": (lambda *a: one_step(*a, out_w=lambda w, d5, y3, y4, eta: (1.0, 1.0)), "miss the weight"),
    "updated output weight": (lambda *a: one_step(*a, out_w=lambda w, d5, y3, y4, eta: (
        w["w13"] + eta * d5 * y3, w["w23"] + eta * d5 * y4)), "UPDATED w13, w23"),
    "new weights returned": (lambda *a: one_step(*a, new=True), "new weights"),
    "no slopes": (lambda *a: one_step(*a, slope=lambda a, y: 1.0), "No sigmoid slope"),
}


@pytest.mark.parametrize("mistake", list(WRONG_STEPS))
def test_each_slip_gets_its_own_diagnosis(capsys, mistake):
    fn, words = WRONG_STEPS[mistake]
    result = check_backprop_step(fn)
    out = capsys.readouterr().out
    assert not result.passed and out.startswith("Not yet") and "Diagnosis:" in out and words in out
    others = [w for m, (_, w) in WRONG_STEPS.items() if m != mistake]
    assert not any(w in out.split("Diagnosis:")[1] for w in others), "one diagnosis, the right one"


def test_the_right_step_passes(capsys):
    result = check_backprop_step(one_step)
    assert result.passed and capsys.readouterr().out.startswith("Correct! backprop_step_221 passed all 4 cases")


def test_the_article_case_is_the_hand_computation():
    Delta_w = one_step(X1, X2, W0, T, 1.0)
    assert math.isclose(Delta_w["w23"], D5 * Y4) and math.isclose(Delta_w["w11"], D3 * X1)


def test_coding_exercise_reports(capsys):
    def unanswered(x1, x2, w, t, eta):
        raise NotImplementedError

    def crashes(x1, x2, w, t, eta):
        return {"w11": w["w99"]}

    def in_place(x1, x2, w, t, eta):
        changes = one_step(x1, x2, w, t, eta)
        w["w11"] += changes["w11"]
        return changes

    result = check_backprop_step(unanswered)
    assert not result.answered and capsys.readouterr().out.lower().startswith("not answered yet")
    check_backprop_step(crashes)
    out = capsys.readouterr().out
    assert "KeyError" in out and 'return {"w11": w["w99"]}' in out and "Traceback" not in out
    check_backprop_step(in_place)
    assert "changed its input w in place" in capsys.readouterr().out
    check_backprop_step(lambda x1, x2, w, t, eta: list(one_step(x1, x2, w, t, eta).values()))
    assert "should be a dict with the keys" in capsys.readouterr().out
    check_backprop_step(lambda x1, x2, w, t, eta: {"w11": 0.0})
    assert "has no w21" in capsys.readouterr().out
    check_backprop_step(one_step(X1, X2, W0, T, 1.0))
    assert "without parentheses" in capsys.readouterr().out


def test_the_notebook_solution_passes(capsys):
    """Fill the skeleton with the notebook's solution cell and run the check on it."""
    path = pathlib.Path(__file__).parents[1] / "notebooks" / "02-worked-example.ipynb"
    cells = json.loads(path.read_text())["cells"]
    solution = next("".join(c["source"]) for c in cells
                    if "solution" in c.get("metadata", {}).get("tags", []) and c["cell_type"] == "code"
                    and "def backprop_step_221" in "".join(c["source"]))
    namespace = {"check_backprop_step": check_backprop_step, "sigmoid": sig}
    exec(solution, namespace)
    assert check_backprop_step(namespace["backprop_step_221"]).passed


def test_only_the_rounded_or_cut_off_value_is_right_at_the_digits_typed():
    # 0.30402 to 3 figures is 0.304 (rounded or cut off); 0.305 is one unit off in the last digit typed
    assert precise_feedback(0.304, 0.30402, "x").startswith("Correct")
    assert precise_feedback(0.3040, 0.30402, "x").startswith("Correct")
    assert precise_feedback(-0.0076, -0.0076844, "x", min_sig=2).startswith("Correct")  # cut off
    assert precise_feedback(-0.0077, -0.0076844, "x", min_sig=2).startswith("Correct")  # rounded
    for wrong in (0.305, 0.303):
        text = precise_feedback(wrong, 0.30402, "x")
        assert text.startswith("Not quite") and "not right to the digits you typed" in text, text
    text = precise_feedback(0.31, 0.30402, "x")  # 0.30402 rounds to 0.30 at 2 decimals, not 0.31
    assert text.startswith("Not quite") and "as far as it goes" not in text, text
    assert "as far as it goes" in precise_feedback(0.30, 0.30402, "x")
