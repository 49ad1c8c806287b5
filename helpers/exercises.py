"""Check functions for the exercises: specific feedback on a learner's answer.

Each check prints its verdict (so a notebook cell shows it) and returns nothing.
Notebook-specific checks compute the expected value themselves with `helpers`,
so no answer is typed in here.
"""

import math

import numpy as np
from IPython.display import Markdown

from .data import ARTICLE_PRINTED, WORKED_EXAMPLE, worked_example_arrays
from .network import Network
from .worked_example import backprop_step, initial_weights


def feedback(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """The feedback text for a numeric answer: correct, not answered, or what looks wrong."""
    if answer is None or answer is Ellipsis:
        return f"Not answered yet: replace None with {name}."
    try:
        value = float(np.asarray(answer, dtype=float).item())
    except (TypeError, ValueError):
        return f"{name} should be a number, got {type(answer).__name__}."
    if not math.isfinite(value):
        return f"{name} is {value}: check for a division by zero or an overflow."
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return f"Correct! {name} = {value:.6g}."
    hints = []
    if expected != 0 and math.isclose(-value, expected, rel_tol=rtol, abs_tol=atol):
        hints.append("the size is right but the sign is wrong")
    elif expected != 0 and any(math.isclose(value, expected * f, rel_tol=rtol) for f in (10, 0.1)):
        hints.append("off by a factor of ten: check the decimal point")
    elif math.isclose(value, expected, rel_tol=0.05):
        hints.append("close: did you round an intermediate value? Keep full precision")
    return f"Not quite: you entered {value:.6g} for {name}" + (f" ({hints[0]})." if hints else ".")


def check_number(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """Print the feedback for a numeric answer against an expected value."""
    print(feedback(answer, expected, name=name, rtol=rtol, atol=atol))


def is_correct(answer, expected, rtol=1e-3, atol=1e-9):
    """True when `answer` is a finite number close to `expected` (used by tests and checks)."""
    return feedback(answer, expected, rtol=rtol, atol=atol).startswith("Correct")


# --- notebook 00: start here ---
def check_sigmoid_of_zero(answer):
    """Exercise: σ(0)."""
    from .activations import sigmoid

    text = feedback(answer, sigmoid(0.0), name="σ(0)")
    if text.startswith("Not quite") and is_correct(answer, 1.0):
        text += " That is e^0 = 1 alone: σ(0) = 1/(1 + e^0)."
    print(text)


# --- notebook 01: the sigmoid ---
def _worked_example_a():
    """a = w_{1,1} x_1 + w_{2,1} x_2, the weighted sum into the worked example's first hidden unit."""
    from .data import worked_example_arrays

    X, W1, _, _, _ = worked_example_arrays()
    return float((X @ W1)[0, 0])


# The variable `a` that notebook 01 leaves behind: the last row of section 5's table of slopes.
# A learner who types `sigmoid(a)` instead of `sigmoid(a1)` in the exercises gets σ(40), so we recognise it.
_STALE_A = 40.0


def _as_number(answer):
    """The answer as a float, parsed as `feedback` does (a number, or a one-element list or array)."""
    return float(np.asarray(answer, dtype=float).item())


def _check_with_mistakes(answer, expected, name, mistakes):
    """Like check_number, but a wrong answer equal to a known mistake [(value, why)] gets that explanation."""
    text = feedback(answer, expected, name=name)
    if text.startswith("Not quite"):
        value = _as_number(answer)
        for wrong, why in mistakes:
            if math.isclose(value, wrong, rel_tol=1e-3, abs_tol=1e-9):
                text = f"Not quite: you entered {value:.6g} for {name}. {why}"
                break
    print(text)


def _stale_a_hint(what):
    return (f"That is {what} at a = {_STALE_A:g}: did you use the variable `a`? It still holds {_STALE_A:g} from "
            "the table in section 5. This unit's weighted sum is in `a1`.")


def check_sigmoid_output(answer):
    """Exercise: the output o = σ(a) of the worked example's first hidden unit."""
    from .activations import sigmoid

    a = _worked_example_a()
    _check_with_mistakes(answer, sigmoid(a), "σ(a)", [
        (sigmoid(-a), "That is σ(-a) = 1/(1 + e^a): in σ(a) = 1/(1 + e^(-a)) the exponent is -a."),
        (math.exp(-a), "That is e^(-a) alone: the output is 1/(1 + e^(-a))."),
        (a, "That is a itself: the output is a passed through the sigmoid."),
        (sigmoid(_STALE_A), _stale_a_hint("σ(a), 1 to the last digit,")),
    ])


def check_sigmoid_slope(answer):
    """Exercise: the slope σ'(a) of the worked example's first hidden unit, at its input a."""
    from .activations import sigmoid, sigmoid_prime

    a = _worked_example_a()
    _check_with_mistakes(answer, sigmoid_prime(a), "σ'(a)", [
        (a * (1 - a), "That is a(1 - a): the shortcut o(1 - o) takes the OUTPUT o = σ(a), not the input a."),
        (sigmoid_prime(sigmoid(a)), "That is σ'(o): you fed the output back into the derivative. Use o(1 - o)."),
        (sigmoid(a), "That is σ(a) itself, not its slope σ'(a) = σ(a)(1 - σ(a))."),
        (sigmoid_prime(0.0), "That is σ'(0), the largest slope, at a = 0; this unit's a is not 0."),
        (sigmoid_prime(_STALE_A), _stale_a_hint("σ'(a), practically 0,")),
        (_STALE_A * (1 - _STALE_A), _stale_a_hint("a(1 - a)") + " And the shortcut o(1 - o) takes the output o."),
    ])


def check_sigmoid_inverse(answer, target=0.9):
    """Exercise: the input a at which σ(a) = target."""
    from .activations import sigmoid

    if not 0 < target < 1:
        raise ValueError(f"the sigmoid only takes values strictly between 0 and 1, got target {target}")
    expected = math.log(target / (1 - target))  # the logit, the inverse of σ
    text = feedback(answer, expected, name="the input a")
    if text.startswith("Not quite"):
        value = _as_number(answer)
        mistakes = [
            (target, f"That is the output {target:g}; the question asks for the input a that produces it."),
            (sigmoid(target), f"That is σ({target:g}); we want the a with σ(a) = {target:g}, the other way round."),
            (1 / target - 1, "That is e^(-a): take -ln of it to get a."),
            (math.log(target), f"That is ln({target:g}): first solve {target:g} = 1/(1 + e^(-a)) for e^(-a)."),
        ]
        why = next((w for v, w in mistakes if math.isclose(value, v, rel_tol=1e-3, abs_tol=1e-9)), None)
        if why is None and text.endswith(").") and " (" in text:  # keep feedback's generic hint
            why = text[text.rindex(" (") + 2:-2]
            why = why[0].upper() + why[1:] + "."
        text = (f"Not quite: you entered {value:.6g} for the input a, but σ({value:.6g}) = {sigmoid(value):.6g}, "
                f"not {target:g}." + (f" {why}" if why else ""))
    elif text.startswith("Correct"):
        value = _as_number(answer)
        text = f"Correct! a = {value:.6g} gives σ(a) = {sigmoid(value):.6g}."
    print(text)


# --- notebook 02: the worked example -----------------------------------------------------------
# Each exercise uses a setting the notebook has not worked out above it (the second step, another target,
# another weight), so its answer cannot be read off a printed number. solution_02(n) renders the collapsed
# solution with its numbers computed here.



def _check_with_hints(answer, expected, name, hints, rtol=1e-3):
    """Print the feedback; for a wrong number close to a known slip [(value, message)], say what that slip
    was (the closest slip within rtol, if any)."""
    text = feedback(answer, expected, name=name, rtol=rtol)
    if text.startswith("Not quite"):
        value = float(np.asarray(answer, dtype=float).item())
        near = [(abs(value - wrong) / max(abs(wrong), 1e-300), message) for wrong, message in hints
                if math.isclose(value, wrong, rel_tol=rtol, abs_tol=1e-12)]
        if near:
            text = f"Not quite: {name} = {value:.6g}. {min(near)[1]}"
    print(text)


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
    _check_with_hints(answer, second.delta["delta4"], "δ4 (second step)", [
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
    _check_with_hints(answer, step.w_new["w12"], "new w12", [
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
    _check_with_hints(answer, 2 * step.dw["w23"], "Δw23 for E = (t − y5)²", [
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


# --- notebook 03: the delta rules ---------------------------------------------------------------


def _worked_example_deltas(t):
    """The worked example's network (with target t instead of 0.5): its outputs and δ, via helpers.network."""
    X, W1, W2, _, _ = worked_example_arrays()
    net = Network.from_weights([W1, W2])
    net.forward(X)
    net.backward([[t]])
    (y3, y4), y5 = net.o[1][0], net.o[2][0, 0]
    (d3, d4), d5 = net.delta[0][0], net.delta[1][0, 0]
    return {"y3": y3, "y4": y4, "y5": y5, "d3": d3, "d4": d4, "d5": d5, "w13": W2[0, 0], "w23": W2[1, 0]}


def check_output_delta(answer, t=0.9):
    """Exercise: the output unit's δ5 in the worked example when the target is t."""
    v = _worked_example_deltas(t)
    y5 = v["y5"]
    _check_with_hints(answer, v["d5"], "δ5", [
        (t - y5, "That is t − y5 alone: the output rule multiplies it by the slope f'(a) = y5(1 − y5)."),
        (y5 * (1 - y5), "That is the slope y5(1 − y5) alone: multiply it by the error t − y5."),
        (_worked_example_deltas(0.5)["d5"], "That is δ5 for the article's target 0.5; here t = 0.9."),
    ])


def check_hidden_delta(answer, t=0.9):
    """Exercise: hidden unit h2's δ4 in the worked example when the target is t."""
    v = _worked_example_deltas(t)
    y4, d5 = v["y4"], v["d5"]
    _check_with_hints(answer, v["d4"], "δ4", [
        (y4 * (1 - y4) * v["w13"] * d5, "You used w13, the weight from h1; h2 reaches the output through w23."),
        (v["w23"] * d5, "You left out h2's own slope y4(1 − y4)."),
        (y4 * (1 - y4) * d5, "You left out the weight w23 that carries δ5 back to h2."),
        (y4 * (1 - y4) * v["w23"] * (t - v["y5"]), "You used t − y5 where δ5 belongs."),
        (v["d3"], "That is δ3, the error term of h1."),
        (_worked_example_deltas(0.5)["d4"], "That is δ4 for target 0.5: recompute δ5 with t = 0.9 first."),
    ])


def check_delta_shape(answer, sizes=(64, 32, 10), batch=50):
    """Exercise: the shape of δ for the first hidden layer, net.delta[0], for a batch of `batch` examples."""
    net = Network(list(sizes), rng=0)
    net.forward(np.zeros((batch, sizes[0])))
    net.backward(np.zeros((batch, sizes[-1])))
    expected = net.delta[0].shape
    if answer is None or answer is Ellipsis:
        print("Not answered yet: replace None with a shape such as (3, 4).")
        return
    try:
        given = tuple(int(k) for k in answer)
    except (TypeError, ValueError):
        print(f"Answer a shape: a tuple of two whole numbers such as (3, 4), got {answer!r}.")
        return
    hints = {
        expected[::-1]: "rows and columns are swapped: one row per example, one column per unit.",
        net.W[0].shape: "that is the shape of W[0] (and of its gradient), not of δ.",
        (batch, sizes[0]): "that is the shape of the input batch X: δ[0] belongs to the hidden layer's units.",
        (batch, sizes[-1]): "that is the shape of the output layer's δ, net.delta[-1].",
    }
    if given == expected:
        print(f"Correct! δ for the hidden layer has shape {expected}: one row per example, one column per unit.")
    else:
        print(f"Not quite: {given} — " + hints.get(given, "δ has one row per example and one column per unit "
                                                        "of its layer."))


def check_saturation_ratio(answer, a=-5.0, t=1.0):
    """Exercise: how many times larger a saturated sigmoid output's δ is with cross-entropy than with ½ SSE."""
    delta = {}
    for loss in ("half_sse", "bce"):
        net = Network.from_weights([[[a]]], activations="sigmoid", loss=loss)
        net.forward([[1.0]])  # one input 1 through the weight a: the output unit's weighted sum is a
        net.backward([[t]])
        delta[loss] = net.delta[0][0, 0]
    o = net.o[1][0, 0]
    _check_with_hints(answer, delta["bce"] / delta["half_sse"], "the ratio δ_bce / δ_sse", [
        (delta["half_sse"] / delta["bce"], "That is the inverse: the cross-entropy δ is the LARGER one."),
        (o * (1 - o), "That is σ'(a) itself: the ratio is 1 / σ'(a)."),
        (4.0, "1/σ'(0) = 4 holds at a = 0 only; use the slope at this a."),
    ], rtol=1e-2)  # three significant digits are enough: a rounded 150 passes


# --- notebook 06: handwritten digits ---
def _is_number(answer):
    return not isinstance(answer, bool) and isinstance(answer, (int, float, np.integer, np.floating))


def _early_stop(val_loss, patience):
    """(epoch at which training stops, epoch whose weights are kept) under early stopping, epochs from 1."""
    best, best_epoch = math.inf, None
    for epoch, E in enumerate(val_loss, start=1):
        if E < best:  # an improvement: remember this epoch
            best, best_epoch = E, epoch
        elif epoch - best_epoch >= patience:  # `patience` epochs without one: stop
            return epoch, best_epoch
    return len(val_loss), best_epoch  # never stopped early


def check_early_stop(answer, val_loss, patience):
    """answer = (stop epoch, kept epoch): early stopping with `patience` on the validation losses `val_loss`
    (epoch 1 first) stops once the loss has not improved for `patience` epochs and keeps the best epoch so far."""
    val_loss = np.asarray(val_loss, dtype=float)
    if val_loss.ndim != 1 or val_loss.size == 0:
        raise ValueError("val_loss must be a list of validation losses, one per epoch (e.g. h_plain.val_loss)")
    stop, kept = _early_stop(val_loss, patience)
    if answer is None or answer is Ellipsis:
        print("Not answered yet: replace None with two numbers, (stop epoch, kept epoch).")
        return
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2 and all(_is_number(x) for x in answer)):
        print("Give two numbers in parentheses: (the epoch training stops after, the epoch whose weights it keeps).")
        return
    s, k = answer
    overall = int(np.argmin(val_loss)) + 1
    if (s, k) == (stop, kept):
        print(f"Correct! With patience {patience} training stops after epoch {stop} and keeps the weights of "
              f"epoch {kept}" + (f", not of epoch {overall}, the best of the whole run." if kept != overall else "."))
    elif (s, k) == (kept, stop):
        print("Not quite: the right two epochs, in the wrong order: (stop epoch, kept epoch).")
    elif k == overall != kept:
        print(f"Not quite: epoch {overall} has the lowest validation loss of the whole run, but with patience "
              f"{patience} training has already stopped before it: walk through the losses from epoch 1.")
    elif k == kept:
        print(f"Half right: it keeps the weights of epoch {k}. It stops once {patience} epochs in a row have "
              "brought no improvement over that epoch.")
    elif s == stop:
        print("Half right: it stops then. Which epoch had the lowest validation loss up to that point?")
    else:
        print("Not quite: walk through val_loss from epoch 1, remember the lowest loss so far, and count the "
              f"epochs since it; training stops when that count reaches {patience}.")


def check_sklearn_alpha(answer, weight_decay, batch_size):
    """The MLPClassifier alpha that matches our weight decay λ: scikit-learn divides alpha by the batch size."""
    expected = weight_decay * batch_size
    if _is_number(answer) and math.isclose(answer, weight_decay, rel_tol=1e-3) and batch_size != 1:
        print("Not quite: that is our λ itself, but scikit-learn divides its alpha by the number of rows in the "
              "batch, so alpha must be larger to do the same.")
    elif _is_number(answer) and math.isclose(answer, weight_decay / batch_size, rel_tol=1e-3) and batch_size != 1:
        print("Not quite: the other way round. scikit-learn divides alpha by the batch size, so multiply.")
    else:
        check_number(answer, expected, name="alpha")


def check_decay_factor(answer, eta, weight_decay, n_examples, batch_size):
    """The factor by which weight decay alone shrinks a weight in one epoch: (1 - η λ) once per update."""
    updates = math.ceil(n_examples / batch_size)
    expected = (1 - eta * weight_decay) ** updates
    if _is_number(answer) and math.isclose(answer, 1 - eta * weight_decay, rel_tol=1e-5):
        print(f"Not quite: that is one update. How many updates does one epoch of {n_examples} images in "
              f"batches of {batch_size} make?")
    elif _is_number(answer) and math.isclose(answer, 1 - expected, rel_tol=1e-3):
        print("Not quite: that is the part the weight loses; the factor is the part that is left, 1 minus it.")
    elif _is_number(answer) and math.isclose(answer, (1 - eta * weight_decay) ** n_examples, rel_tol=1e-5):
        print("Not quite: the decay acts once per update (per batch), not once per image.")
    elif _is_number(answer) and math.isclose(answer, (1 - weight_decay) ** updates, rel_tol=1e-5):
        print("Not quite: the step is η λ w, so the learning rate is part of the factor.")
    else:
        check_number(answer, expected, name="the factor per epoch", rtol=1e-4)


# --- notebook 05: vanishing and exploding gradients ---
def check_chain_factor(answer):
    """δ_1 / δ_10 in a chain of 10 sigmoid units, all weights w = 2, every unit at a = 0."""
    from .activations import sigmoid_prime

    expected = (2.0 * sigmoid_prime(0.0)) ** 9
    text = feedback(answer, expected, name="δ_1 / δ_10", rtol=1e-3, atol=0)
    value = _finite_float(answer)
    if text.startswith("Not quite") and value is not None and "close" not in text:  # "close": nothing to add
        if math.isclose(value, (2.0 * sigmoid_prime(0.0)) ** 10, rel_tol=1e-3):
            text += " Count the factors: from layer 10 back to layer 1 the signal crosses 9 connections."
        elif math.isclose(value, sigmoid_prime(0.0) ** 9, rel_tol=1e-3):
            text += " Each factor is w·σ'(a), not σ'(a) alone: do not forget the weight w = 2."
        elif value > 1:
            text += " The factor per layer is 2 · 1/4 = 1/2, so δ shrinks on the way back: expect a number below 1."
        else:
            text += " Multiply the per-layer factor w·σ'(0) by itself once per connection between layer 10 and layer 1."
    print(text)


def check_smallest_weight(answer):
    """The smallest |w| for which one factor |w σ'(a)| can reach 1."""
    from .activations import sigmoid_prime

    expected = 1.0 / sigmoid_prime(0.0)  # σ' is largest at a = 0
    text = feedback(answer, expected, name="the smallest |w|", rtol=1e-3, atol=0)
    value = _finite_float(answer)
    if text.startswith("Not quite") and value is not None and "close" not in text:
        if math.isclose(value, sigmoid_prime(0.0), rel_tol=1e-3):
            text += " That is the largest σ'(a); you need the |w| that makes |w|·σ'(a) = 1."
        else:
            text += " The largest value of σ'(a) is σ'(0): solve |w| · σ'(0) = 1."
    print(text)


CLIP_EXERCISE = ([[2.0, -1.0, 2.0], [-6.0, 2.0]], 5.6)  # (g1 for the weights, g2 for the biases), threshold c


def check_clipped_entry(answer):
    """The first entry of g2 = (-6, 2) after clipping (g1 = (2, -1, 2), g2) to a global norm of 5.6."""
    from .gradients import clip_by_norm

    parts, c = CLIP_EXERCISE
    grads = [np.array(g) for g in parts]
    clipped, norm = clip_by_norm(grads, c)
    expected = clipped[1][0]
    text = feedback(answer, expected, name="the clipped first entry of g2", rtol=1e-3, atol=0)
    value = _finite_float(answer)
    if text.startswith("Not quite") and value is not None and "close" not in text and "sign" not in text:
        alone, _ = clip_by_norm(grads[1:], c)  # g2 on its own is longer than c too, but by less
        if math.isclose(value, grads[1][0], rel_tol=1e-3):
            text += (f" That is the entry before clipping. Is the length of the whole gradient larger than {c:g}?"
                     " If it is, every entry shrinks.")
        elif math.isclose(value, alone[0][0], rel_tol=1e-3):
            text += (" That is g2 clipped on its own. Clipping by norm uses the length of ALL parts together,"
                     " g1 included.")
        elif math.isclose(value, grads[1][0] * norm / c, rel_tol=1e-3):
            text += " The scale factor is upside down: multiply by c / ‖g‖, which is below 1."
        else:
            text += f" First compute the global norm of all five entries, then multiply the entry by {c:g} / that norm."
    print(text)


def _finite_float(answer):
    """The answer as a float if it is a finite number, else None (notebook 05's checks)."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


# --- notebook 04: XOR ---------------------------------------------------------------------
def best_single_unit_score(n_grid=41, limit=10.0):
    """The most XOR patterns one sigmoid unit o = σ(w1 x1 + w2 x2 + b) gets on the correct side of 0.5.

    Found by brute force over a grid of (w1, w2, b) in [-limit, limit]³ (the answer only depends on
    the signs of the weighted sums, so a coarse grid is enough).
    """
    from .data import xor_data

    X, T = xor_data()
    g = np.linspace(-limit, limit, n_grid)
    w1, w2, b = (a.reshape(-1, 1) for a in np.meshgrid(g, g, g))
    a = w1 * X[:, 0] + w2 * X[:, 1] + b  # (grid points, 4) weighted sums; o > 0.5 exactly when a > 0
    correct = (a > 0) == (T[:, 0] > 0.5)
    return int(correct.sum(axis=1).max())


def check_single_unit(answer):
    """Exercise: how many of the four XOR patterns can a single sigmoid unit get right, at best?"""
    expected = best_single_unit_score()
    if answer is not None and answer is not Ellipsis and answer == 4:
        print("Not quite: if one unit could get all four right, XOR would be linearly separable. "
              "Try to write down the four inequalities and add two of them.")
        return
    check_number(answer, expected, name="the number of patterns")


def xor_loss(outputs):
    """E = ½ Σ_p (t_p - o_p)² for four outputs o (in the order of `xor_data`)."""
    from .data import xor_data

    _, T = xor_data()
    o = np.asarray(outputs, dtype=float).reshape(-1)
    if o.shape != (4,):
        raise ValueError(f"give four outputs, one per XOR pattern, got {o.shape[0]}")
    return 0.5 * float(np.sum((T[:, 0] - o) ** 2))


def tied_best(tied=(0, 2, 3)):
    """The best shared output v for the XOR patterns `tied` (the others exactly right), and its loss E."""
    from .data import xor_data

    _, T = xor_data()
    v = float(np.mean(T[list(tied), 0]))  # a shared output minimises Σ (t - v)² at the mean target
    o = T[:, 0].copy()
    o[list(tied)] = v
    return v, xor_loss(o)


def check_tied_loss(answer):
    """Exercise: seed 5's failure, targets 0, 1, 0 of (0,0), (1,0), (1,1) tied at one output v: the best (v, E)."""
    if answer is None or answer is Ellipsis:
        print("Not answered yet: replace None with a pair (v, E).")
        return
    try:
        v, E = (float(x) for x in np.asarray(answer, dtype=float).reshape(-1))
    except (TypeError, ValueError):
        print("Give a pair of numbers (v, E), for example (0.4, 0.3).")
        return
    v_best, E_best = tied_best()
    if not is_correct(v, v_best):
        if is_correct(v, 1 - v_best):
            print(f"Not quite: v = {v:.4g} is the best tie for targets 1, 1, 0 (the other kind). "
                  "Here two of the three tied targets are 0.")
        elif is_correct(v, 0.5):
            print("Not quite: ½ hedges between 0 and 1, but two of the three tied targets are 0. "
                  "Minimise ½ (v² + (1 - v)² + v²) over v (set its derivative to zero).")
        else:
            print(f"Not quite: v = {v:.4g} is not the best shared output. "
                  "Minimise ½ (v² + (1 - v)² + v²) over v (set its derivative to zero).")
        return
    if is_correct(E, 2 * E_best):
        print(f"v is right, but E = {E:.4g} is twice too big. Did you forget the ½ in E = ½ Σ (t - o)²?")
        return
    if not is_correct(E, E_best):
        print(f"v is right, but E = {E:.4g} is not its loss. Put v into ½ (v² + (1 - v)² + v²); "
              "the pattern (0, 1) is exactly right and costs nothing.")
        return
    print(f"Correct! v = {v:.4g} (the mean of the tied targets) and E = {E:.4g}.")


def check_xor_network(W1, b1, W2, b2):
    """Exercise: do these 2-2-1 weights (W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)) compute XOR?"""
    from .data import xor_data
    from .network import Network

    if any(w is None or w is Ellipsis for w in (W1, b1, W2, b2)):
        print("Not answered yet: fill in W1, b1, W2 and b2.")
        return
    try:
        W1, b1, W2, b2 = (np.asarray(w, dtype=float) for w in (W1, b1, W2, b2))
    except (TypeError, ValueError):
        print("W1, b1, W2 and b2 must be numbers or arrays of numbers.")
        return
    sizes = {"W1": (W1, 4, (2, 2)), "b1": (b1, 2, (2,)), "W2": (W2, 2, (2, 1)), "b2": (b2, 1, (1,))}
    for name, (w, size, shape) in sizes.items():
        if w.size != size or (name == "W1" and w.shape != (2, 2)):
            print(f"{name} should have shape {shape} (got {w.shape}): W1[i, j] is the weight from input i to hidden "
                  "unit j, W2[j, 0] from hidden unit j to the output.")
            return
        if not np.all(np.isfinite(w)):
            print(f"{name} contains NaN or inf: use finite numbers.")
            return
    net = Network.from_weights([W1, W2.reshape(2, 1)], [b1.reshape(2), b2.reshape(1)])
    X, T = xor_data()
    o = net.forward(X)[:, 0]
    wrong = [f"x = ({x[0]:g}, {x[1]:g}) gives o = {oi:.3f}, target {t:g}"
             for x, oi, t in zip(X, o, T[:, 0]) if abs(t - oi) >= 0.5]
    if wrong:
        print(f"Not quite: {len(wrong)} of 4 patterns are on the wrong side of 0.5: " + "; ".join(wrong) + ".")
    else:
        print("Correct! All four outputs are on the right side of 0.5: "
              + ", ".join(f"{oi:.3f}" for oi in o) + f" (E = {xor_loss(o):.4f}).")
