"""The worked example (notebook 02) against an independent computation in plain Python floats."""

import inspect
import math

import numpy as np
import pytest

import helpers.worked_example as we
from helpers.data import ARTICLE_PRINTED, WORKED_EXAMPLE, worked_example_arrays
from helpers.network import Network

# The example's data, typed here from the article (independently of helpers.data).
X1, X2, T, ETA = 0.35, 0.7, 0.5, 1.0
W0 = {"w11": 0.2, "w21": 0.2, "w12": 0.3, "w22": 0.3, "w13": 0.3, "w23": 0.9}
TOL = 1e-12


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


def by_hand(w, x1=X1, x2=X2, t=T, eta=ETA):
    """One backpropagation step written out, with no code shared with helpers."""
    r = {}
    r["a1"] = w["w11"] * x1 + w["w21"] * x2
    r["a2"] = w["w12"] * x1 + w["w22"] * x2
    r["y3"], r["y4"] = sig(r["a1"]), sig(r["a2"])
    r["a3"] = w["w13"] * r["y3"] + w["w23"] * r["y4"]
    r["y5"] = sig(r["a3"])
    r["error"] = t - r["y5"]
    # E = ½ (t - y5)²: δ = -∂E/∂a
    r["delta5"] = (t - r["y5"]) * r["y5"] * (1.0 - r["y5"])
    r["delta3"] = r["delta5"] * w["w13"] * r["y3"] * (1.0 - r["y3"])
    r["delta4"] = r["delta5"] * w["w23"] * r["y4"] * (1.0 - r["y4"])
    r["Delta_w"] = {
        "w11": eta * r["delta3"] * x1, "w21": eta * r["delta3"] * x2,
        "w12": eta * r["delta4"] * x1, "w22": eta * r["delta4"] * x2,
        "w13": eta * r["delta5"] * r["y3"], "w23": eta * r["delta5"] * r["y4"],
    }
    r["w_new"] = {k: w[k] + r["Delta_w"][k] for k in w}
    return r


HAND = by_hand(W0)
HAND2 = by_hand(HAND["w_new"])


def close(a, b, tol=TOL):
    return math.isclose(a, b, rel_tol=0, abs_tol=tol)


# --- the data -------------------------------------------------------------------------------
def test_data_is_the_article_example():
    assert WORKED_EXAMPLE["x"] == (X1, X2)
    assert WORKED_EXAMPLE["target"] == T and WORKED_EXAMPLE["eta"] == ETA
    assert we.initial_weights() == W0


def test_arrays_and_weight_matrices_agree():
    X, W1, W2, Tarr, eta = worked_example_arrays()
    mats = we.weight_matrices(W0)
    assert np.array_equal(np.array(mats[0]), W1) and np.array_equal(np.array(mats[1]), W2)
    assert X.tolist() == [[X1, X2]] and Tarr.tolist() == [[T]] and eta == ETA


def test_article_printed_values_are_quoted_where_they_appear():
    assert set(ARTICLE_PRINTED) == set(we.RULES)
    for key, (text, where) in ARTICLE_PRINTED.items():
        float(text)  # a number
        assert text in where, f"{key}: {text} does not appear in the quoted line {where!r}"


# --- the step, against the hand computation ----------------------------------------------------
def test_forward_matches_hand():
    fwd = we.forward((X1, X2), W0)
    for key in ["a1", "y3", "a2", "y4", "a3", "y5"]:
        assert close(fwd[key], HAND[key]), key


def test_backward_and_weight_changes_match_hand():
    fwd = we.forward((X1, X2), W0)
    delta = we.backward(fwd, W0, T)
    for key in ["delta5", "delta3", "delta4"]:
        assert close(delta[key], HAND[key]), key
    Delta_w = we.weight_changes((X1, X2), fwd, delta, ETA)
    for key in W0:
        assert close(Delta_w[key], HAND["Delta_w"][key]), key


def test_backprop_step_and_second_pass_match_hand():
    step = we.backprop_step()
    assert close(step.error, HAND["error"])
    for key in W0:
        assert close(step.w_new[key], HAND["w_new"][key]), key
    second = we.forward((X1, X2), step.w_new)
    for key in ["y3", "y4", "y5"]:
        assert close(second[key], HAND2[key]), key


def test_backprop_step_with_other_numbers():
    w = {"w11": -1.5, "w21": 0.7, "w12": 2.0, "w22": -0.3, "w13": 1.1, "w23": -2.2}
    step = we.backprop_step((1.0, -0.5), w, 0.9, 0.25)
    hand = by_hand(w, 1.0, -0.5, 0.9, 0.25)
    for key in w:
        assert close(step.w_new[key], hand["w_new"][key]), key


def test_known_values_of_the_example():
    """A few values to 6 digits, as a reader would check them with a calculator."""
    step = we.backprop_step()
    assert round(step.fwd["y3"], 6) == 0.552308 and round(step.fwd["y4"], 6) == 0.578105
    assert round(step.fwd["y5"], 6) == 0.665074 and round(step.delta["delta4"], 8) == -0.00807143


def test_update_is_gradient_descent_on_half_squared_error():
    """Δw = η δ_j o_i equals -η ∂E/∂w for E = ½(t - y5)², by centred differences in plain floats."""
    h = 1e-6
    for key in W0:
        plus, minus = dict(W0), dict(W0)
        plus[key] += h
        minus[key] -= h
        slope = (we.loss((X1, X2), plus, T) - we.loss((X1, X2), minus, T)) / (2 * h)
        assert math.isclose(-ETA * slope, HAND["Delta_w"][key], rel_tol=1e-7), key


def test_loss_is_half_squared_error():
    assert close(we.loss((X1, X2), W0, T), 0.5 * HAND["error"] ** 2)


def test_the_general_network_agrees():
    """helpers.network (notebook 03's) computes the same step from the same matrices."""
    net = Network.from_weights([np.array(m) for m in we.weight_matrices(W0)])
    net.forward(np.array([[X1, X2]]))
    dW, _ = net.backward(np.array([[T]]))
    step = we.backprop_step()
    assert np.allclose(-ETA * dW[0], we.weight_matrices(step.Delta_w)[0], rtol=0, atol=TOL)
    assert np.allclose(-ETA * dW[1], we.weight_matrices(step.Delta_w)[1], rtol=0, atol=TOL)


def test_train_converges_like_a_hand_loop():
    ys, w = we.train(tol=1e-3)
    hand_w, hand_ys = dict(W0), []
    while True:
        r = by_hand(hand_w)
        hand_ys.append(r["y5"])
        if abs(T - r["y5"]) < 1e-3:
            break
        hand_w = r["w_new"]
    assert len(ys) == len(hand_ys)
    assert all(close(a, b, 1e-10) for a, b in zip(ys, hand_ys))
    assert abs(T - ys[-1]) < 1e-3 <= abs(T - ys[-2])
    errors = [abs(T - y) for y in ys]
    assert all(b < a for a, b in zip(errors, errors[1:])), "every update should bring y5 closer"
    assert all(close(w[k], hand_w[k], 1e-10) for k in W0)


def test_train_gives_up_with_a_message():
    with pytest.raises(RuntimeError, match="after 3 steps"):
        we.train(tol=1e-9, max_steps=3)
    with pytest.raises(ValueError, match="tol"):
        we.train(tol=0)


@pytest.mark.parametrize("call, error, message", [
    (lambda: we.forward((0.35,), W0), ValueError, "two inputs"),
    (lambda: we.forward("ab", W0), ValueError, "two inputs"),
    (lambda: we.forward((0.35, float("nan")), W0), ValueError, "finite"),
    (lambda: we.forward((0.35, "x"), W0), TypeError, "x2 must be a number"),
    (lambda: we.forward((0.35, 0.7), {"w11": 0.2}), ValueError, "missing"),
    (lambda: we.forward((0.35, 0.7), [0.2] * 6), TypeError, "dict"),
    (lambda: we.backprop_step(eta=0), ValueError, "positive"),
    (lambda: we.backprop_step(t=float("inf")), ValueError, "finite"),
])
def test_bad_input_is_explained(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- errata ----------------------------------------------------------------------------------
P = {k: float(v[0]) for k, v in ARTICLE_PRINTED.items()}

# The article's arithmetic redone by hand, each line with the numbers the article printed before it.
REPLAY = {
    "a1": 0.2 * 0.35 + 0.2 * 0.7,
    "y3": sig(0.21),
    "a2": 0.3 * 0.35 + 0.3 * 0.7,
    "y4": sig(0.315),
    "y3_in_a3": 0.56,
    "a3": 0.3 * 0.57 + 0.9 * 0.59,
    "y5": sig(0.702),
    "error": 0.5 - 0.67,
    "delta5": 0.67 * (1 - 0.67) * -0.17,
    "delta3": 0.56 * (1 - 0.56) * 0.3 * -0.0376,
    "delta4": 0.59 * (1 - 0.59) * 0.9 * -0.0376,
    "Delta_w23": 1 * -0.0376 * 0.59,
    "w23_new": 0.9 + -0.022184,
    "Delta_w11": 1 * -0.0027 * 0.35,
    "w11_new": 0.2 + 0.000945,
    "w12_new": 0.3 + 1 * -0.0819 * 0.35,
    "w13_new": 0.3 + 1 * -0.0376 * 0.56,
    "w21_new": 0.2 + 1 * -0.0027 * 0.7,
    "w22_new": 0.3 + 1 * -0.0819 * 0.7,
    "y3_2": sig(0.200945 * 0.35 + 0.269445 * 0.7),
    "y4_2": sig(0.273225 * 0.35 + 0.18534 * 0.7),
    "y5_2": sig(0.086615 * 0.57 + 0.877816 * 0.56),
    "error_2": 0.5 - 0.61,
}

# My own reading of each printed number (see notebook 02, section 5).
VERDICTS = {
    "a1": "correct", "y3": "mistake", "a2": "correct", "y4": "mistake", "y3_in_a3": "mistake",
    "a3": "mistake", "y5": "correct", "error": "correct", "delta5": "rounding", "delta3": "correct",
    "delta4": "mistake", "Delta_w23": "mistake", "w23_new": "mistake", "Delta_w11": "mistake", "w11_new": "mistake",
    "w12_new": "mistake", "w13_new": "mistake", "w21_new": "mistake", "w22_new": "mistake",
    "y3_2": "mistake", "y4_2": "mistake", "y5_2": "mistake", "error_2": "mistake",
}


def test_printed_values_are_the_ones_the_replay_uses():
    """The REPLAY table above types the article's numbers again: both transcriptions must agree."""
    assert P["y3"] == 0.56 and P["y3_in_a3"] == 0.57 and P["delta4"] == -0.0819 and P["Delta_w11"] == 0.000945
    assert P["w13_new"] == 0.086615 and P["y5_2"] == 0.61


def test_exact_column_is_the_hand_computation():
    exact = we.exact_values()
    hand = {**{k: HAND[k] for k in ["a1", "y3", "a2", "y4", "a3", "y5", "error", "delta5", "delta3", "delta4"]},
            "y3_in_a3": HAND["y3"], "Delta_w23": HAND["Delta_w"]["w23"], "Delta_w11": HAND["Delta_w"]["w11"],
            **{f"{k}_new": HAND["w_new"][k] for k in W0},
            "y3_2": HAND2["y3"], "y4_2": HAND2["y4"], "y5_2": HAND2["y5"], "error_2": HAND2["error"]}
    assert set(exact) == set(hand)
    for key in hand:
        assert close(exact[key], hand[key]), key


def test_replay_column_is_the_hand_replay():
    for key in we.RULES:
        value, _ = we.replay(key)
        assert close(value, REPLAY[key]), key


def test_rendered_formulas_compute_the_replay():
    """The formula text shown in the reasons, evaluated as Python, gives the replayed value."""
    for key in we.RULES:
        value, text = we.replay(key)
        python = text.replace("σ", "sig").replace("×", "*").replace("−", "-")
        assert close(eval(python, {"sig": sig}), value), (key, text)


def test_rules_take_the_inputs_their_formula_names():
    for key, (_, _, rule) in we.RULES.items():
        assert tuple(inspect.signature(rule).parameters) == we.rule_inputs(key), key


def test_verdicts_match_the_analysis_by_hand():
    rows = we.errata()
    assert [r.key for r in rows] == list(ARTICLE_PRINTED)
    assert {r.key: r.verdict for r in rows} == VERDICTS


def test_reasons_name_the_slip():
    reason = {r.key: r.reason for r in we.errata()}
    assert reason["delta4"].startswith("ten times too large")
    assert reason["Delta_w11"].startswith("sign error")
    assert reason["y3_in_a3"].startswith("no arithmetic: contradicts its own y3 = 0.56")
    assert "y3 = 0.57" in reason["a3"] and "y4 = 0.59" in reason["a3"]
    assert "y4 = 0.59" in reason["Delta_w23"] and "Δw11 = 0.000945" in reason["w11_new"]
    assert reason["delta5"].startswith("right arithmetic on rounded numbers")
    assert "-0.0028" in reason["delta3"]
    assert reason["y5"] == "agrees with the exact value, although computed from wrong a3 = 0.702"
    assert "0.3 + 1 × (-0.0819) × 0.35 = 0.271335" in reason["w12_new"]


def test_delta3_is_right_by_a_double_accident():
    """The article's own line gives -0.00277939..., which rounds to -0.0028; it prints -0.0027 (cut off), which is
    what the exact -0.0027276 rounds to: a wrong y3 and a cut-off digit cancel."""
    own = 0.56 * (1 - 0.56) * 0.3 * -0.0376
    assert round(own, 4) == -0.0028 and math.trunc(own * 1e4) / 1e4 == -0.0027
    assert round(HAND["delta3"], 4) == -0.0027
    row = {r.key: r for r in we.errata()}["delta3"]
    assert row.verdict == "correct"
    assert row.reason.startswith("agrees with the exact value only by luck")
    assert "cut off instead of rounded" in row.reason and "wrong y3 = 0.56" in row.reason


def test_truncate_like():
    assert we.truncate_like(-0.00277939, "-0.0027") == "-0.0027"
    assert we.truncate_like(0.5523, "0.56") == "0.55"
    assert we.truncate_like(0.20999999999999996, "0.21") == "0.21", "float noise below the last digit is not cut"
    assert we.truncate_like(-0.00004, "0.0001") == "0.0000"


def test_a_cut_off_number_is_named_as_such():
    exact = we.exact_values()
    printed = {k: f"{exact[k]:.6f}" for k in exact}
    printed["delta4"] = "-0.0080"  # the exact -0.00807143 cut off instead of rounded to -0.0081
    row = {r.key: r for r in we.errata(printed)}["delta4"]
    assert row.verdict == "mistake" and row.reason.startswith("cut off instead of rounded")


def test_rounding_range_of_delta5_by_hand():
    """δ5 from y5 = 0.67 and t - y5 = -0.17, each anywhere within half a unit of its last digit."""
    corners = [y * (1 - y) * e for y in (0.665, 0.675) for e in (-0.175, -0.165)]
    low, high, boxes = we.rounding_range("delta5")
    assert close(low, min(corners)) and close(high, max(corners))
    assert set(boxes) == {"y5", "error"} and close(boxes["y5"][0], 0.665) and close(boxes["error"][1], -0.165)
    assert low < HAND["delta5"] < high and low < -0.0376 < high, "both the exact and the printed δ5 fit"
    low, high, _ = we.rounding_range("y3")  # σ(0.21): 0.21 printed with 2 decimals
    assert close(low, sig(0.205)) and close(high, sig(0.215))


def test_repeats_have_no_arithmetic_to_redo():
    assert [k for k in we.RULES if we.is_repeat(k)] == ["y3_in_a3"]
    line = [row for row in we.errata_markdown(we.errata()).splitlines() if row.startswith("| 5 |")][0]
    assert "| — (no arithmetic) |" in line and "0.56 |" not in line


def test_correctly_printed_numbers_get_correct():
    """Feed the errata the exact values printed to 6 decimals: every line is then correct."""
    exact = we.exact_values()
    printed = {k: f"{exact[k]:.6f}" for k in exact}
    assert {r.verdict for r in we.errata(printed)} == {"correct"}
    printed["Delta_w11"] = f"{-exact['Delta_w11']:.6f}"  # now the article's sign slip
    rows = {r.key: r for r in we.errata(printed)}
    assert rows["Delta_w11"].verdict == "mistake" and rows["Delta_w11"].reason.startswith("sign error")
    printed["w11_new"] = f"{0.2 - exact['Delta_w11']:.6f}"  # and the carried-over new weight
    rows = {r.key: r for r in we.errata(printed)}
    assert rows["w11_new"].verdict == "mistake" and "Δw11" in rows["w11_new"].reason


def test_rounding_verdict_needs_a_rounded_input():
    exact = we.exact_values()
    printed = {k: f"{exact[k]:.6f}" for k in exact}
    printed["y5"], printed["error"] = "0.67", "-0.17"  # correct roundings
    printed["delta5"] = f"{0.67 * 0.33 * -0.17:.4f}"  # carried to 4 decimals: off by rounding only
    rows = {r.key: r for r in we.errata(printed)}
    assert rows["y5"].verdict == "correct" and rows["delta5"].verdict == "rounding"


@pytest.mark.parametrize("text, value, expected", [
    ("0.56", 0.552308, False), ("0.55", 0.552308, True), ("-0.0027", -0.00272759, True),
    ("-0.0028", -0.00272759, False), ("0.21", 0.20999999999999996, True), ("0.0", -1e-9, True),
    ("3", 2.6, True), ("0.877816", 0.878743, False),
])
def test_agrees(text, value, expected):
    assert we.agrees(text, value) is expected


def test_round_like_and_decimals():
    assert we.decimals("-0.0376") == 4 and we.decimals("3") == 0
    assert we.round_like(-0.0367703, "-0.0376") == "-0.0368"
    assert we.round_like(-1e-9, "0.00") == "0.00"


def test_markdown_table_has_a_row_per_printed_number():
    table = we.errata_markdown(we.errata())
    lines = table.splitlines()
    assert len(lines) == 2 + len(ARTICLE_PRINTED)
    assert all(line.count("|") == 8 for line in lines[2:])  # no stray | inside a cell
    assert "| 11 | $\\delta_4$ | -0.0819 | -0.00807143 |" in table


def test_diagram_kwargs_use_the_article_names():
    step = we.backprop_step()
    kw = we.diagram_kwargs(W0, fwd=step.fwd, delta=step.delta, Delta_w=step.Delta_w, t=T)
    assert kw["names"] == [["x1", "x2"], ["h1", "h2"], ["O3"]]
    assert kw["o"][0] == (X1, X2) and kw["o"][2] == [step.fwd["y5"]]
    assert kw["W"][1] == [[0.3], [0.9]] and kw["Delta_W"][0][1][0] == step.Delta_w["w21"]
    assert kw["delta"] == [[step.delta["delta3"], step.delta["delta4"]], [step.delta["delta5"]]]


def test_only_w22_of_the_similarly_updated_weights_is_reconstructed():
    """0.18534 = 0.3 + 2 × (−0.0819) × 0.7: the article's Δw22 = η δ4 x2, with its wrong δ4, applied twice."""
    assert f"{0.3 + 2 * -0.0819 * 0.7:.5f}" == ARTICLE_PRINTED["w22_new"][0] == "0.18534"
    found = {r.weight: r for r in we.reconstruct_similar()}
    assert set(found) == {"w12", "w13", "w21", "w22"}
    assert [g.slip for g in found["w22"].matches] == ["applied twice"]
    assert "δ4 = -0.0819" in found["w22"].matches[0].formula and "x2" in found["w22"].matches[0].formula
    for name in ("w12", "w13", "w21"):
        assert found[name].matches == [] and found[name].units > 100, name
    assert len(we.similar_weight_guesses("w12")) == 4 * 5 * 4  # δ choices × outputs × (once, twice) × (±)


def test_a_guess_equal_to_the_right_rule_is_called_so():
    right = [g for g in we.similar_weight_guesses("w22") if g.slip == "the right rule"]
    assert len(right) == 1 and math.isclose(right[0].value, 0.3 + 1.0 * -0.0819 * 0.7)


def test_train_rejects_a_target_the_sigmoid_cannot_reach():
    with pytest.raises(ValueError, match="between 0 and 1"):
        we.train(t=1.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        we.train(t=-0.1, tol=0.01)
    ys, _ = we.train(t=0.95, eta=4.0)  # inside (0, 1): reached
    assert abs(0.95 - ys[-1]) < 1e-3
