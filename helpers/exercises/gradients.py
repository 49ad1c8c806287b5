"""Checks for notebook 05 Vanishing and exploding gradients."""

import math

import numpy as np

from .core import (
    feedback,
    finite_float,
)


def check_chain_factor(answer):
    """δ_1 / δ_10 in a chain of 10 sigmoid units, all weights w = 2, every unit at a = 0."""
    from ..activations import sigmoid_prime

    expected = (2.0 * sigmoid_prime(0.0)) ** 9
    text = feedback(answer, expected, name="δ_1 / δ_10", rtol=1e-3, atol=0)
    value = finite_float(answer)
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
    from ..activations import sigmoid_prime

    expected = 1.0 / sigmoid_prime(0.0)  # σ' is largest at a = 0
    text = feedback(answer, expected, name="the smallest |w|", rtol=1e-3, atol=0)
    value = finite_float(answer)
    if text.startswith("Not quite") and value is not None and "close" not in text:
        if math.isclose(value, sigmoid_prime(0.0), rel_tol=1e-3):
            text += " That is the largest σ'(a); you need the |w| that makes |w|·σ'(a) = 1."
        else:
            text += " The largest value of σ'(a) is σ'(0): solve |w| · σ'(0) = 1."
    print(text)


CLIP_EXERCISE = ([[2.0, -1.0, 2.0], [-6.0, 2.0]], 5.6)  # (g1 for the weights, g2 for the biases), threshold c


def check_clipped_entry(answer):
    """The first entry of g2 = (-6, 2) after clipping (g1 = (2, -1, 2), g2) to a global norm of 5.6."""
    from ..gradients import clip_by_norm

    parts, c = CLIP_EXERCISE
    grads = [np.array(g) for g in parts]
    clipped, norm = clip_by_norm(grads, c)
    expected = clipped[1][0]
    text = feedback(answer, expected, name="the clipped first entry of g2", rtol=1e-3, atol=0)
    value = finite_float(answer)
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
