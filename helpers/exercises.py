"""Check functions for the exercises: specific feedback on a learner's answer.

Each check prints its verdict (so a notebook cell shows it) and returns nothing.
Notebook-specific checks compute the expected value themselves with `helpers`,
so no answer is typed in here.
"""

import math

import numpy as np

from .activations import softmax


def feedback(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """The feedback text for a numeric answer: correct, not answered, or what looks wrong."""
    if answer is None or answer is Ellipsis:
        return f"Not answered yet: replace the ... or None with {name}."
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


def _check_with_mistakes(answer, expected, name, mistakes):
    """Like check_number, but a wrong answer equal to a known mistake [(value, why)] gets that explanation."""
    text = feedback(answer, expected, name=name)
    if text.startswith("Not quite"):
        value = float(answer)
        for wrong, why in mistakes:
            if math.isclose(value, wrong, rel_tol=1e-3, abs_tol=1e-9):
                text = f"Not quite: {name} = {value:.6g}. {why}"
                break
    print(text)


def check_sigmoid_output(answer):
    """Exercise: the output o = σ(a) of the worked example's first hidden unit."""
    from .activations import sigmoid

    a = _worked_example_a()
    _check_with_mistakes(answer, sigmoid(a), "σ(a)", [
        (sigmoid(-a), "That is σ(-a) = 1/(1 + e^a): in σ(a) = 1/(1 + e^(-a)) the exponent is -a."),
        (math.exp(-a), "That is e^(-a) alone: the output is 1/(1 + e^(-a))."),
        (a, "That is a itself: the output is a passed through the sigmoid."),
    ])


def check_sigmoid_slope(answer):
    """Exercise: the slope σ'(a) of the worked example's first hidden unit, at its input a."""
    from .activations import sigmoid, sigmoid_prime

    a = _worked_example_a()
    _check_with_mistakes(answer, sigmoid_prime(a), "σ'(a)", [
        (a * (1 - a), "That is a(1 - a): the shortcut o(1 - o) takes the OUTPUT o = σ(a), not the input a."),
        (sigmoid_prime(sigmoid(a)), "That is σ'(o): you fed the output back into the derivative. Use o(1 - o)."),
        (sigmoid(a), "That is σ(a) itself, not its slope σ'(a) = σ(a)(1 - σ(a))."),
    ])


def check_sigmoid_inverse(answer, target=0.9):
    """Exercise: the input a at which σ(a) = target."""
    from .activations import sigmoid

    if not 0 < target < 1:
        raise ValueError(f"the sigmoid only takes values strictly between 0 and 1, got target {target}")
    expected = math.log(target / (1 - target))  # the logit, the inverse of σ
    text = feedback(answer, expected, name="the input a")
    if text.startswith("Not quite"):
        value = float(answer)
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
        text = f"Not quite: σ({value:.6g}) = {sigmoid(value):.6g}, not {target:g}." + (f" {why}" if why else "")
    elif text.startswith("Correct"):
        value = float(answer)
        text = f"Correct! a = {value:.6g} gives σ(a) = {sigmoid(value):.6g}."
    print(text)



# --- notebook 02: the worked example -----------------------------------------------------------
from .data import ARTICLE_PRINTED, WORKED_EXAMPLE  # noqa: E402  (this section's imports, next to their use)
from .worked_example import backprop_step, initial_weights  # noqa: E402


def _check_with_hints(answer, expected, name, hints):
    """Print the feedback; for a wrong number close to a known slip, add what that slip was."""
    text = feedback(answer, expected, name=name)
    if text.startswith("Not quite"):
        value = float(answer)
        for wrong, message in hints:
            if math.isclose(value, wrong, rel_tol=1e-3, abs_tol=1e-12):
                text = f"Not quite: {name} = {value:.6g}. {message}"
                break
    print(text)


def _article(key):
    return float(ARTICLE_PRINTED[key][0])


def check_delta4(answer):
    """Exercise: δ4, the error term of hidden unit h2, in the article's example."""
    step = backprop_step()
    y4, d5, w = step.fwd["y4"], step.delta["delta5"], initial_weights()
    _check_with_hints(answer, step.delta["delta4"], "δ4", [
        (_article("delta4"), "That is the article's printed value, ten times too large."),
        (y4 * (1 - y4) * d5, "You left out w23: δ5 reaches h2 through the weight w23."),
        (y4 * (1 - y4) * w["w13"] * d5, "You used w13, the weight from h1; h2 is connected to O3 by w23."),
        (step.delta["delta3"], "That is δ3, the error term of h1."),
        (y4 * (1 - y4) * w["w23"] * step.error, "You used t − y5 where δ5 belongs: δ5 = y5(1 − y5)(t − y5)."),
    ])


def check_new_w12(answer):
    """Exercise: the new weight w12 (from x1 into h2) after one step."""
    step = backprop_step()
    (x1, x2), w, d = WORKED_EXAMPLE["x"], initial_weights(), step.delta
    _check_with_hints(answer, step.w_new["w12"], "new w12", [
        (_article("w12_new"), "That is the article's printed value, which follows from no rule: see the errata."),
        (w["w12"] + _article("delta4") * x1, "You used the article's δ4, which is ten times too large."),
        (step.dw["w12"], "That is the change Δw12: add it to the old w12."),
        (w["w12"] - step.dw["w12"], "You subtracted Δw12: with δ = -∂E/∂a the change is added."),
        (w["w12"] + d["delta3"] * x1, "You used δ3: w12 enters h2, so it takes h2's error term δ4."),
        (w["w12"] + d["delta4"] * x2, "You used x2: w12 leaves x1, so Δw12 = η δ4 x1."),
    ])


def check_sign_dw11(answer):
    """Exercise: is Δw11 positive or negative? Accepts "+", "-", "positive", "negative" or a number."""
    step = backprop_step()
    right = "negative" if step.dw["w11"] < 0 else "positive"
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
        print(f"Correct! Δw11 = η δ3 x1 is {right}: η > 0, x1 > 0 and δ3 = {step.delta['delta3']:.6g} < 0. "
              f"The article prints {ARTICLE_PRINTED['dw11'][0]}, with the wrong sign.")
    else:
        print(f"Not quite: look at the signs of the three factors of Δw11 = η δ3 x1 "
              f"(δ3 = {step.delta['delta3']:.6g}). The article makes the same slip.")


def check_dw23_mse(answer):
    """Exercise: Δw23 with η = 1 if the loss were the article's printed E = (t - y5)², not ½ (t - y5)²."""
    step = backprop_step()
    eta = WORKED_EXAMPLE["eta"]
    _check_with_hints(answer, 2 * step.dw["w23"], "Δw23 for E = (t − y5)²", [
        (step.dw["w23"], "That is Δw23 for E = ½(t − y5)²: the derivative of (t − y5)² brings a factor 2."),
        (step.dw["w23"] / 2, "You halved it: the derivative of (t − y5)² is 2(t − y5) times the inner derivative."),
        (_article("dw23"), f"That is the article's Δw23 (for the ½ loss, with y4 = {ARTICLE_PRINTED['y4'][0]})."),
        (2 * eta * _article("delta5") * _article("y4"), "Right idea, but with the article's rounded δ5 and y4."),
    ])


# --- notebook 06: handwritten digits ---
def _is_number(answer):
    return not isinstance(answer, bool) and isinstance(answer, (int, float, np.integer, np.floating))


def _check_count(answer, expected, name, hint):
    """Feedback for an answer that must be one exact whole number."""
    if not _is_number(answer) or not math.isfinite(answer):
        print(feedback(answer, expected, name=name))  # not answered, not a number, or nan/inf
    elif answer != int(answer):
        print(f"Not quite: {name} is a whole number, got {answer}.")
    elif answer == expected:
        print(f"Correct! {name} = {int(answer)}.")
    else:
        print(f"Not quite: {name} is not {int(answer)}; {hint}")


def check_cross_entropy(answer, scores, true_class):
    """The cross-entropy loss E = -ln o_c of one example with output scores a and true class c."""
    o = softmax(np.asarray(scores, dtype=float))
    expected = -math.log(o[true_class])
    if _is_number(answer) and math.isclose(answer, o[true_class], rel_tol=1e-3):
        print(f"Not quite: {answer:.6g} is the probability o_c itself; the loss is minus its logarithm.")
    elif _is_number(answer) and math.isclose(answer, -math.log10(o[true_class]), rel_tol=1e-3):
        print("Not quite: that is log base 10; the cross-entropy uses the natural logarithm (np.log).")
    elif _is_number(answer) and math.isclose(answer, -expected, rel_tol=1e-3):
        print("Not quite: the loss is minus the log-probability, so it is never negative.")
    elif _is_number(answer) and any(math.isclose(answer, -math.log(p), rel_tol=1e-3)
                                    for k, p in enumerate(o) if k != true_class):
        print(f"Not quite: that is the loss for another class; use the probability of class {true_class}.")
    else:
        check_number(answer, expected, name="the loss E")


def check_updates_per_epoch(answer, n_examples, batch_size):
    """How many weight updates one epoch of mini-batch SGD makes: the last batch may be smaller."""
    expected = -(-n_examples // batch_size)  # ceiling division
    if _is_number(answer) and answer == n_examples // batch_size and expected != n_examples // batch_size:
        print(f"Almost: {n_examples} = {n_examples // batch_size} × {batch_size} + {n_examples % batch_size}; "
              "the leftover examples form one more, smaller batch, and it makes an update too.")
    else:
        _check_count(answer, expected, "the number of updates per epoch",
                     f"count the batches of {batch_size} needed to cover all {n_examples} examples.")


def check_best_epoch(answer, history):
    """The epoch (counted from 1) with the lowest validation loss in a `helpers.training.History`."""
    val_loss = np.asarray(history.val_loss)
    if val_loss.size == 0:
        raise ValueError("this history has no validation loss: train with X_val and y_val")
    expected = int(np.argmin(val_loss)) + 1
    if _is_number(answer) and answer == expected - 1:
        print("Off by one: np.argmin counts from 0, but the epochs count from 1.")
    elif _is_number(answer) and answer == int(np.argmin(history.train_loss)) + 1 and answer != expected:
        print("Not quite: that is where the TRAINING loss is lowest; the question asks about validation.")
    elif _is_number(answer) and answer == int(np.argmax(history.val_acc)) + 1 and answer != expected:
        print("Not quite: that is the best validation ACCURACY; the question asks about the validation loss.")
    else:
        _check_count(answer, expected, "the best epoch",
                     "find where history.val_loss is smallest (np.argmin), and count epochs from 1.")
