"""Check functions for the exercises: specific feedback on a learner's answer.

Each check prints its verdict (so a notebook cell shows it) and returns nothing.
Notebook-specific checks compute the expected value themselves with `helpers`,
so no answer is typed in here.
"""

import math

import numpy as np


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
    return f"Not quite: {name} = {value:.6g}" + (f" ({hints[0]})." if hints else ".")


def check_number(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """Print the feedback for a numeric answer against an expected value."""
    print(feedback(answer, expected, name=name, rtol=rtol, atol=atol))


def is_correct(answer, expected, rtol=1e-3, atol=1e-9):
    """True when `answer` is a finite number close to `expected` (used by tests and checks)."""
    return feedback(answer, expected, rtol=rtol, atol=atol).startswith("Correct")


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
