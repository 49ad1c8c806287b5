"""Checks for notebook 01 The sigmoid."""

import math

from ..activations import sigmoid
from ..data import worked_example_arrays
from .core import (
    as_number,
    check_with_mistakes,
    feedback,
)


def _worked_example_a():
    """a = w_{1,1} x_1 + w_{2,1} x_2, the weighted sum into the worked example's first hidden unit."""

    X, W1, _, _, _ = worked_example_arrays()
    return float((X @ W1)[0, 0])


# The variable `a` that notebook 01 leaves behind: the last row of section 5's table of slopes.
# A learner who types `sigmoid(a)` instead of `sigmoid(a1)` in the exercises gets σ(40), so we recognise it.
_STALE_A = 40.0


def _stale_a_hint(what):
    return (f"That is {what} at a = {_STALE_A:g}: did you use the variable `a`? It still holds {_STALE_A:g} from "
            "the table in section 5. This unit's weighted sum is in `a1`.")


def check_sigmoid_output(answer):
    """Exercise: the output o = σ(a) of the worked example's first hidden unit."""

    a = _worked_example_a()
    check_with_mistakes(answer, sigmoid(a), "σ(a)", [
        (sigmoid(-a), "That is σ(-a) = 1/(1 + e^a): in σ(a) = 1/(1 + e^(-a)) the exponent is -a."),
        (math.exp(-a), "That is e^(-a) alone: the output is 1/(1 + e^(-a))."),
        (a, "That is a itself: the output is a passed through the sigmoid."),
        (sigmoid(_STALE_A), _stale_a_hint("σ(a), 1 to the last digit,")),
    ])


def check_sigmoid_slope(answer):
    """Exercise: the slope σ'(a) of the worked example's first hidden unit, at its input a."""
    from ..activations import sigmoid_prime

    a = _worked_example_a()
    check_with_mistakes(answer, sigmoid_prime(a), "σ'(a)", [
        (a * (1 - a), "That is a(1 - a): the shortcut o(1 - o) takes the OUTPUT o = σ(a), not the input a."),
        (sigmoid_prime(sigmoid(a)), "That is σ'(o): you fed the output back into the derivative. Use o(1 - o)."),
        (sigmoid(a), "That is σ(a) itself, not its slope σ'(a) = σ(a)(1 - σ(a))."),
        (sigmoid_prime(0.0), "That is σ'(0), the largest slope, at a = 0; this unit's a is not 0."),
        (sigmoid_prime(_STALE_A), _stale_a_hint("σ'(a), practically 0,")),
        (_STALE_A * (1 - _STALE_A), _stale_a_hint("a(1 - a)") + " And the shortcut o(1 - o) takes the output o."),
    ])


def check_sigmoid_inverse(answer, target=0.9):
    """Exercise: the input a at which σ(a) = target."""

    if not 0 < target < 1:
        raise ValueError(f"the sigmoid only takes values strictly between 0 and 1, got target {target}")
    expected = math.log(target / (1 - target))  # the logit, the inverse of σ
    text = feedback(answer, expected, name="the input a")
    if text.startswith("Not quite"):
        value = as_number(answer)
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
        value = as_number(answer)
        text = f"Correct! a = {value:.6g} gives σ(a) = {sigmoid(value):.6g}."
    print(text)
