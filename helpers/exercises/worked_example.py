"""Checks for notebook 02 The worked example.

Numeric exercises (check_delta4_second_step, check_new_w12, check_sign_Delta_w11, check_Delta_w23_mse) judge an
answer at the precision the learner typed; the coding exercise (check_backprop_step) runs the learner's one
backpropagation step in plain floats on several settings and names the typical slips.
"""

import math

from IPython.display import Markdown

from ..data import ARTICLE_PRINTED, WORKED_EXAMPLE
from ..worked_example import WEIGHT_NAMES, backprop_step, initial_weights
from .core import Case, check_function, feedback, rounded_or_cut, typed_precision

# Each exercise uses a setting the notebook has not worked out above it (the second step, another target,
# another weight), so its answer cannot be read off a printed number. solution_02(n) renders the collapsed
# solution with its numbers computed here.


# --- numeric answers: right to the precision the learner typed --------------------------------------

def precise_feedback(answer, expected, name, slips=(), min_sig=3):
    """The feedback for a numeric answer, judged at the precision the learner typed.

    Correct: the correct value rounded or cut off at the last digit typed, with at least `min_sig` significant
    digits (for 0.30402: 0.304 or 0.3040, not 0.305), or within 1e-9 relative for a full-precision answer.
    A slip (value, why) is named only when the answer is within one unit of the last digit typed of it and of
    the correct value it is not (at 3 significant figures two values 0.1 % apart cannot be told apart, so
    neither is named), or when the answer is exactly the slip's value (0.3 for a weight that starts at 0.3: it
    was not changed).
    """
    text = feedback(answer, expected, name=name)  # handles None, text, nan; we redo the verdict below
    if text.startswith(("Not answered", f"{name} should", f"{name} is")):
        return text
    value = float(answer)
    sig, unit = typed_precision(value)

    def fits(target):  # within one unit of the last digit typed
        return abs(value - target) <= max(unit, 1e-9 * abs(target))

    def rounds_or_cuts_to(target):
        return rounded_or_cut(value, target)

    if rounds_or_cuts_to(expected) and (sig >= min_sig or abs(value - expected) <= 1e-9 * abs(expected)):
        given = "." if sig >= 10 else f" (right to the {sig} significant figures you gave)."
        return f"Correct! {name} = {value:.6g}{given}"
    near = [(abs(value - wrong), why) for wrong, why in slips
            if value == wrong or fits(wrong) and not fits(expected)]
    if near:
        return f"Not quite: you entered {value:.6g} for {name}. {min(near)[1]}"
    if rounds_or_cuts_to(expected):
        return (f"Right as far as it goes, but {value:g} has only {sig} significant figure{'s' * (sig > 1)}: "
                f"give {name} to at least {min_sig}.")
    if expected and math.isclose(-value, expected, rel_tol=1e-3):
        hint = " (the size is right but the sign is wrong)"
    elif expected and any(math.isclose(value, expected * f, rel_tol=1e-3) for f in (10, 0.1)):
        hint = " (off by a factor of ten: check the decimal point)"
    elif math.isclose(value, expected, rel_tol=0.02):
        hint = (" (close, but not right to the digits you typed: keep full precision in intermediate values, "
                "or type fewer digits)")
    else:
        hint = ""
    return f"Not quite: you entered {value:.6g} for {name}{hint}."


def check_precise(answer, expected, name, slips=(), min_sig=3):
    """Print precise_feedback (see there)."""
    print(precise_feedback(answer, expected, name, slips, min_sig))


def _article(key):
    return float(ARTICLE_PRINTED[key][0])


def _second_step():
    """(first step, second step): the second starts from the weights after the first update."""
    first = backprop_step()
    return first, backprop_step(w=first.w_new)


def check_delta4_second_step(answer):
    """Exercise 1: δ4, the error term of h2, in the SECOND step (from the weights after one update)."""
    first, second = _second_step()
    y4, d5, w1 = second.fwd["y4"], second.delta["delta5"], first.w_new
    check_precise(answer, second.delta["delta4"], "δ4 (second step)", [
        (first.delta["delta4"], "That is δ4 of the first step: use the second forward pass and the new weights."),
        (y4 * (1 - y4) * initial_weights()["w23"] * d5,
         "You used the old w23: the second step sends δ5 back through the updated w23 (w_new)."),
        (y4 * (1 - y4) * w1["w23"] * first.delta["delta5"],
         "You used the first step's δ5: compute δ5 again from the new output y5."),
        (first.fwd["y4"] * (1 - first.fwd["y4"]) * w1["w23"] * d5,
         "You used the first pass's y4 in y4(1 − y4): take y4 from the second forward pass."),
        (y4 * (1 - y4) * d5, "You left out w23: δ5 reaches h2 through the weight w23."),
        (y4 * (1 - y4) * w1["w13"] * d5, "You used w13, the weight from h1; h2 is connected to O3 by w23."),
        (second.delta["delta3"], "That is δ3, the error term of h1."),
        (y4 * (1 - y4) * w1["w23"] * second.error, "You used t − y5 where δ5 belongs: δ5 = y5(1 − y5)(t − y5)."),
    ])  # these slips differ from the answer by less than 0.1 %: only an answer with more digits shows them


EX2_TARGET = 0.9  # exercise 2: another target, so the output is too small instead of too large
EX3_W13 = -0.3  # exercise 3: a negative weight from h1 to O3


def check_new_w12(answer, t=EX2_TARGET):
    """Exercise 2: the new w12 (from x1 into h2) after one step from the article's weights, with target t."""
    step, article_step = backprop_step(t=t), backprop_step()
    (x1, x2), w, d = WORKED_EXAMPLE["x"], initial_weights(), step.delta
    eta = WORKED_EXAMPLE["eta"]
    check_precise(answer, step.w_new["w12"], "new w12", [
        (w["w12"], "That is the old w12, unchanged: the step adds Δw12 = η δ4 x1 to it."),
        (article_step.w_new["w12"], f"That is the new w12 for the article's target t = {WORKED_EXAMPLE['target']:g} "
                                    f"(section 3): with t = {t:g}, δ5 and so δ4 change."),
        (step.Delta_w["w12"], "That is the change Δw12: add it to the old w12."),
        (w["w12"] - step.Delta_w["w12"], "You subtracted Δw12: with δ = -∂E/∂a the change is added."),
        (w["w12"] + eta * d["delta3"] * x1, "You used δ3: w12 enters h2, so it takes h2's error term δ4."),
        (w["w12"] + eta * d["delta5"] * x1, "You used δ5: w12 enters h2, so it takes δ4 = y4(1 − y4) w23 δ5."),
        (w["w12"] + eta * d["delta4"] * x2, "You used x2: w12 leaves x1, so Δw12 = η δ4 x1."),
    ])


def _sign_word(value):
    return "positive" if value > 0 else "negative"


def _sign_story(step, w13):
    """Why Δw11 has its sign, one factor at a time (x1 > 0 and η > 0 in the article's example)."""
    y5, t, d = step.fwd["y5"], step.fwd["y5"] + step.error, step.delta
    return (f"y5 = {y5:.4f} is {'above' if y5 > t else 'below'} t = {t:g}, so δ5 = y5(1 − y5)(t − y5) = "
            f"{d['delta5']:.4g} is {_sign_word(d['delta5'])}; w13 = {w13:g} {'flips' if w13 < 0 else 'keeps'} "
            f"that sign, so δ3 = y3(1 − y3) w13 δ5 = {d['delta3']:.4g} is {_sign_word(d['delta3'])} "
            f"(y3(1 − y3) > 0 always); x1 > 0 and η > 0 keep it, so Δw11 = η δ3 x1 = {step.Delta_w['w11']:.4g} "
            f"is {_sign_word(step.Delta_w['w11'])}.")


def check_sign_Delta_w11(answer, w13=EX3_W13):
    """Exercise 3: is Δw11 positive or negative if w13 had the value `w13` (the rest as in the article)?
    Accepts "+", "-", "positive", "negative" or a number."""
    step = backprop_step(w={**initial_weights(), "w13": w13})
    right = _sign_word(step.Delta_w["w11"])
    if answer is None or answer is Ellipsis:
        print('Not answered yet: replace None with "positive" or "negative".')
        return
    words = {"+": "positive", "positive": "positive", "-": "negative", "−": "negative", "negative": "negative"}
    if isinstance(answer, str):
        given = words.get(answer.strip().lower())
    elif isinstance(answer, (int, float)) and not isinstance(answer, bool) and math.isfinite(answer) and answer:
        given = "positive" if answer > 0 else "negative"
    else:
        given = None
    if given is None:
        print(f'Answer "positive" or "negative" (or "+" / "-"), got {answer!r}.')
    elif given == right:
        print(f"Correct! With w13 = {w13:g}: {_sign_story(step, w13)}")
    else:
        print(f"Not quite. Go through the signs one factor at a time: is y5 above or below t (so what sign has "
              f"δ5)? Then δ3 = y3(1 − y3) w13 δ5, with w13 = {w13:g}. Then Δw11 = η δ3 x1.")


def check_Delta_w23_mse(answer):
    """Exercise 4: Δw23 with η = 1 if the loss were the article's printed E = (t - y5)², not ½ (t - y5)²."""
    step = backprop_step()
    eta = WORKED_EXAMPLE["eta"]
    check_precise(answer, 2 * step.Delta_w["w23"], "Δw23 for E = (t − y5)²", [
        (step.Delta_w["w23"], "That is Δw23 for E = ½(t − y5)²: the derivative of (t − y5)² brings a factor 2."),
        (step.Delta_w["w23"] / 2,
         "You halved it: the derivative of (t − y5)² is 2(t − y5) times the inner derivative."),
        (_article("Delta_w23"), f"That is the article's Δw23 (for the ½ loss, with y4 = {ARTICLE_PRINTED['y4'][0]})."),
        (2 * eta * _article("delta5") * _article("y4"), "Right idea, but with the article's rounded δ5 and y4."),
    ])


# --- coding exercise: one backpropagation step of the 2-2-1 network in plain Python floats ----------

def _sigmoid(a):
    return 1.0 / (1.0 + math.exp(-a))


def _step_variant(x1, x2, w, t, eta, *, o_j=False, sign=1.0, slope_from_a=False, hidden_no_w=False,
                  updated_w=False, no_eta=False, factor=1.0, no_slope=False, hidden_no_slope=False,
                  new_weights=False, error_for_delta5=False, swap_output_w=False, swap_inputs=False):
    """The six weight changes of one step, with the slips the keywords name (all off: the right answer)."""
    a1, a2 = w["w11"] * x1 + w["w21"] * x2, w["w12"] * x1 + w["w22"] * x2
    y3, y4 = _sigmoid(a1), _sigmoid(a2)
    a3 = w["w13"] * y3 + w["w23"] * y4
    y5 = _sigmoid(a3)

    def slope(a, y):
        return 1.0 if no_slope else a * (1 - a) if slope_from_a else y * (1 - y)

    delta5 = factor * slope(a3, y5) * (t - y5)
    step = 1.0 if no_eta else eta
    w13, w23 = (w["w23"], w["w13"]) if swap_output_w else (w["w13"], w["w23"])
    if updated_w:  # the output weights already changed when the hidden units get their δ
        w13, w23 = w13 + step * delta5 * y3, w23 + step * delta5 * y4
    back = (t - y5) if error_for_delta5 else delta5
    w13, w23 = (1.0, 1.0) if hidden_no_w else (w13, w23)
    s3, s4 = (1.0, 1.0) if hidden_no_slope else (slope(a1, y3), slope(a2, y4))
    delta3, delta4 = s3 * w13 * back, s4 * w23 * back
    i1, i2 = (x2, x1) if swap_inputs else (x1, x2)  # swap_inputs: w21 taken as the weight from x1
    out = {"w11": (delta3, x1, y3), "w21": (delta3, i2, y3), "w12": (delta4, i1, y4), "w22": (delta4, x2, y4),
           "w13": (delta5, y3, y5), "w23": (delta5, y4, y5)}
    changes = {name: sign * step * d * (o_receiving if o_j else o_sending)
               for name, (d, o_sending, o_receiving) in out.items()}
    return {name: w[name] + changes[name] for name in WEIGHT_NAMES} if new_weights else changes


def reference_step(x1, x2, w, t, eta):
    """The right answer: the six weight changes of one step, from helpers.worked_example."""
    return backprop_step((x1, x2), w, t, eta).Delta_w


def _slip(**flags):
    def wrong(x1, x2, w, t, eta):
        return _step_variant(x1, x2, w, t, eta, **flags)
    return wrong


STEP_MISTAKES = [
    (_slip(new_weights=True), "You returned the new weights w + Δw: return the changes Δw alone."),
    (_slip(o_j=True), "You multiplied δ_j by o_j, the output of the unit the weight ENTERS (the article's printed "
                      "Δw_ij = η δ_j O_j, a misprint). Use o_i, the output of the unit it LEAVES: x1 or x2 for "
                      "w11 ... w22, y3 or y4 for w13 and w23."),
    (_slip(sign=-1.0), "Every change has the wrong sign. With δ = −∂E/∂a the change Δw = +η δ_j o_i is ADDED "
                       "(subtracting it climbs the loss); or δ5 was computed from y5 − t instead of t − y5."),
    (_slip(slope_from_a=True), "The sigmoid's slope is computed from the weighted sum, as a(1 − a): the shortcut "
                               "σ'(a) = o(1 − o) takes the OUTPUT o = σ(a), so use y3(1 − y3), y4(1 − y4), "
                               "y5(1 − y5)."),
    (_slip(factor=2.0), "Every change is twice too large: that is the gradient of E = (t − y5)² without the ½ "
                        "(a factor 2 in δ5), or η doubled. δ5 = y5(1 − y5)(t − y5) belongs to E = ½(t − y5)²."),
    (_slip(no_eta=True), "The changes are not multiplied by the learning rate: Δw = η δ_j o_i (η = 1 in the "
                         "article's example hides this)."),
    (_slip(hidden_no_w=True), "The hidden units' δ miss the weight: δ5 reaches h1 through w13 and h2 through "
                              "w23, so δ3 = y3(1 − y3) w13 δ5 and δ4 = y4(1 − y4) w23 δ5."),
    (_slip(updated_w=True), "You sent δ5 back through the UPDATED w13, w23: all changes of one step are computed "
                            "with the weights of its forward pass, then applied together."),
    (_slip(swap_output_w=True), "δ3 and δ4 use each other's weight: h1 reaches O3 through w13 (so δ3 takes w13), "
                                "h2 through w23."),
    (_slip(swap_inputs=True), "Δw21 and Δw12 use each other's input: the first index is the unit the weight "
                              "leaves, so w21 comes from x2 (Δw21 = η δ3 x2) and w12 from x1 (Δw12 = η δ4 x1)."),
    (_slip(error_for_delta5=True), "The hidden units got the error t − y5 where δ5 belongs: "
                                   "δ3 = y3(1 − y3) w13 δ5, with δ5 = y5(1 − y5)(t − y5)."),
    (_slip(hidden_no_slope=True), "The hidden δ miss their own slope: δ3 = y3(1 − y3) w13 δ5 and "
                                  "δ4 = y4(1 − y4) w23 δ5 (each unit passes the error through its own sigmoid)."),
    (_slip(no_slope=True), "No sigmoid slope anywhere: δ5 = y5(1 − y5)(t − y5), and each hidden δ has its own "
                           "y(1 − y) factor too."),
]

# Several settings: the article's, the output below the target, negative weights and inputs, and a small η.
# A slip can hide in one setting (η = 1 hides a missing η), not in all of them.
STEP_CASES = [
    ("the article's example: x = (0.35, 0.7), t = 0.5, η = 1", 0.35, 0.7, initial_weights(), 0.5, 1.0),
    ("t = 0.9 above the output, η = 0.25", 0.35, 0.7, initial_weights(), 0.9, 0.25),
    ("negative weights and input, t = 0.2, η = 2", 1.0, -0.5,
     {"w11": -0.4, "w21": 0.6, "w12": 0.1, "w22": -0.8, "w13": -0.3, "w23": 0.5}, 0.2, 2.0),
    ("large inputs, t = 0.95, η = 0.1", -1.2, 2.5,
     {"w11": 0.7, "w21": -0.2, "w12": -0.5, "w22": 0.9, "w13": 1.5, "w23": -1.1}, 0.95, 0.1),
]
def check_backprop_step(fn, cases=None):
    """Coding exercise: fn(x1, x2, w, t, eta) -> the dict Delta_w of the six weight changes of one step.

    Runs fn on several settings, compares with the reference, and names the slip when fn's result equals a
    known wrong variant's. Prints the verdict; returns a CheckResult.
    """
    cases = STEP_CASES if cases is None else cases
    return check_function(fn, "backprop_step_221", [Case(description, *args) for description, *args in cases],
                          reference_step, STEP_MISTAKES, rtol=1e-7, atol=1e-12)


def solution_02(exercise):
    """The collapsed solution of notebook 02's exercise 1, 2, 3 or 4, its numbers computed (Markdown)."""
    w = initial_weights()
    if exercise == 1:
        first, second = _second_step()
        text = (
            "The second step is the first one again, from the new weights `w_new`; its forward pass is `second` "
            "(section 4). First δ5 from the new output, then back to $h_2$ through the **updated** $w_{2,3}$:\n\n"
            "```python\n"
            "y4_2, y5_2 = second[\"y4\"], second[\"y5\"]\n"
            "delta5_2 = y5_2 * (1 - y5_2) * (t - y5_2)\n"
            "answer = y4_2 * (1 - y4_2) * w_new[\"w23\"] * delta5_2\n"
            "```\n\n"
            f"This gives δ5 = {second.delta['delta5']:.6g} and δ4 = **{second.delta['delta4']:.6g}** "
            f"(first step: δ5 = {first.delta['delta5']:.6g}, δ4 = {first.delta['delta4']:.6g})."
            + (" Both shrink a little, because the output moved a little closer to the target."
               if abs(second.delta["delta4"]) < abs(first.delta["delta4"])
               and abs(second.delta["delta5"]) < abs(first.delta["delta5"]) else ""))
    elif exercise == 2:
        t = EX2_TARGET
        step = backprop_step(t=t)
        text = (
            f"The target does not enter the forward pass, so `y3`, `y4`, `y5` are those of section 2. But now the "
            f"output is too *small*: t − y5 = {step.error:.6g} > 0, so δ5 = {step.delta['delta5']:.6g} and "
            f"δ4 = y4(1 − y4) w23 δ5 = {step.delta['delta4']:.6g} are positive. $w_{{1,2}}$ enters $h_2$ (so δ4) "
            "and leaves $x_1$ (so $o_i = x_1$):\n\n"
            "```python\n"
            f"delta5_t = y5 * (1 - y5) * ({t:g} - y5)\n"
            "delta4_t = y4 * (1 - y4) * w[\"w23\"] * delta5_t\n"
            "answer = w[\"w12\"] + eta * delta4_t * x1\n"
            "```\n\n"
            f"which is **{step.w_new['w12']:.6f}**: with the output too small, $w_{{1,2}}$ grows "
            f"(by {step.Delta_w['w12']:.6g}) instead of shrinking.")
    elif exercise == 3:
        w13, t = EX3_W13, WORKED_EXAMPLE["target"]
        step = backprop_step(w={**w, "w13": w13})
        text = (
            f"**{_sign_word(step.Delta_w['w11']).capitalize()}.** Without computing: "
            "$a_3 = w_{1,3} y_3 + w_{2,3} y_4$ "
            f"is still positive ({w['w23']:g} y4 outweighs {abs(w13):g} y3, as y3 and y4 are about equal), "
            f"so $y_5 = \\sigma(a_3) > \\sigma(0) = 0.5$: still above $t = {t:g}$, and $\\delta_5 < 0$ as before. "
            "But now $w_{1,3} < 0$, so "
            "$\\delta_3 = y_3(1 - y_3)\\,w_{1,3}\\,\\delta_5$ is a product of two negative numbers and a positive "
            "one: positive. With $x_1 > 0$, $\\Delta w_{1,1} = \\eta\\,\\delta_3\\,x_1 > 0$. In numbers: "
            f"{_sign_story(step, w13)}\n\n"
            "So the sign of a hidden unit's δ depends on the sign of the weight that carries δ5 back, and the sign "
            "of a Δw on the sign of the input too; in the article's network all of them are positive.")
    elif exercise == 4:
        step = backprop_step()
        text = (
            "The derivative of $(t - y_5)^2$ is twice that of $\\tfrac12 (t - y_5)^2$, so every Δw doubles:\n\n"
            "```python\n"
            "answer = 2 * eta * delta5 * y4\n"
            "```\n\n"
            f"which is 2 × ({step.Delta_w['w23']:.6g}) = **{2 * step.Delta_w['w23']:.6g}**. "
            "A factor of 2 in the loss is "
            "the same as a factor of 2 in the learning rate.")
    else:
        raise ValueError(f"notebook 02 has exercises 1 to 4, got {exercise!r}")
    return Markdown(f"<details><summary>Solution</summary>\n\n{text}\n\n</details>")
