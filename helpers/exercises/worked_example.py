"""Checks for notebook 02 The worked example."""

import math

from IPython.display import Markdown

from ..data import ARTICLE_PRINTED, WORKED_EXAMPLE
from ..worked_example import backprop_step, initial_weights
from .core import (
    check_with_hints,
)

# Each exercise uses a setting the notebook has not worked out above it (the second step, another target,
# another weight), so its answer cannot be read off a printed number. solution_02(n) renders the collapsed
# solution with its numbers computed here.



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
    check_with_hints(answer, second.delta["delta4"], "δ4 (second step)", [
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
    ], rtol=3e-4)  # tight: the slips above differ from the answer by less than 0.1 %


EX2_TARGET = 0.9  # exercise 2: another target, so the output is too small instead of too large
EX3_W13 = -0.3  # exercise 3: a negative weight from h1 to O3


def check_new_w12(answer, t=EX2_TARGET):
    """Exercise 2: the new w12 (from x1 into h2) after one step from the article's weights, with target t."""
    step, article_step = backprop_step(t=t), backprop_step()
    (x1, x2), w, d = WORKED_EXAMPLE["x"], initial_weights(), step.delta
    eta = WORKED_EXAMPLE["eta"]
    check_with_hints(answer, step.w_new["w12"], "new w12", [
        (article_step.w_new["w12"], f"That is the new w12 for the article's target t = {WORKED_EXAMPLE['target']:g} "
                                    f"(section 3): with t = {t:g}, δ5 and so δ4 change."),
        (step.dw["w12"], "That is the change Δw12: add it to the old w12."),
        (w["w12"] - step.dw["w12"], "You subtracted Δw12: with δ = -∂E/∂a the change is added."),
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
            f"(y3(1 − y3) > 0 always); x1 > 0 and η > 0 keep it, so Δw11 = η δ3 x1 = {step.dw['w11']:.4g} "
            f"is {_sign_word(step.dw['w11'])}.")


def check_sign_dw11(answer, w13=EX3_W13):
    """Exercise 3: is Δw11 positive or negative if w13 had the value `w13` (the rest as in the article)?
    Accepts "+", "-", "positive", "negative" or a number."""
    step = backprop_step(w={**initial_weights(), "w13": w13})
    right = _sign_word(step.dw["w11"])
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


def check_dw23_mse(answer):
    """Exercise 4: Δw23 with η = 1 if the loss were the article's printed E = (t - y5)², not ½ (t - y5)²."""
    step = backprop_step()
    eta = WORKED_EXAMPLE["eta"]
    check_with_hints(answer, 2 * step.dw["w23"], "Δw23 for E = (t − y5)²", [
        (step.dw["w23"], "That is Δw23 for E = ½(t − y5)²: the derivative of (t − y5)² brings a factor 2."),
        (step.dw["w23"] / 2, "You halved it: the derivative of (t − y5)² is 2(t − y5) times the inner derivative."),
        (_article("dw23"), f"That is the article's Δw23 (for the ½ loss, with y4 = {ARTICLE_PRINTED['y4'][0]})."),
        (2 * eta * _article("delta5") * _article("y4"), "Right idea, but with the article's rounded δ5 and y4."),
    ])


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
            f"(by {step.dw['w12']:.6g}) instead of shrinking.")
    elif exercise == 3:
        w13, t = EX3_W13, WORKED_EXAMPLE["target"]
        step = backprop_step(w={**w, "w13": w13})
        text = (
            f"**{_sign_word(step.dw['w11']).capitalize()}.** Without computing: $a_3 = w_{{1,3}} y_3 + w_{{2,3}} y_4$ "
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
            f"which is 2 × ({step.dw['w23']:.6g}) = **{2 * step.dw['w23']:.6g}**. A factor of 2 in the loss is "
            "the same as a factor of 2 in the learning rate.")
    else:
        raise ValueError(f"notebook 02 has exercises 1 to 4, got {exercise!r}")
    return Markdown(f"<details><summary>Solution</summary>\n\n{text}\n\n</details>")
