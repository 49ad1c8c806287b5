"""Checks for notebook 03 The delta rules."""

import math

import numpy as np

from ..data import worked_example_arrays
from ..network import Network
from .core import (
    check_with_hints,
)


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
    check_with_hints(answer, v["d5"], "δ5", [
        (t - y5, "That is t − y5 alone: the output rule multiplies it by the slope f'(a) = y5(1 − y5)."),
        (y5 * (1 - y5), "That is the slope y5(1 − y5) alone: multiply it by the error t − y5."),
        (_worked_example_deltas(0.5)["d5"], "That is δ5 for the article's target 0.5; here t = 0.9."),
    ])


def check_hidden_delta(answer, t=0.9):
    """Exercise: hidden unit h2's δ4 in the worked example when the target is t."""
    v = _worked_example_deltas(t)
    y4, d5 = v["y4"], v["d5"]
    check_with_hints(answer, v["d4"], "δ4", [
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
    check_with_hints(answer, delta["bce"] / delta["half_sse"], "the ratio δ_bce / δ_sse", [
        (delta["half_sse"] / delta["bce"], "That is the inverse: the cross-entropy δ is the LARGER one."),
        (o * (1 - o), "That is σ'(a) itself: the ratio is 1 / σ'(a)."),
        (4.0, "1/σ'(0) = 4 holds at a = 0 only; use the slope at this a."),
        (math.exp(abs(a)), f"That is e^{abs(a):g} = {math.exp(abs(a)):.1f}, from notebook 01's tail approximation "
                           f"σ'(a) ≈ e^(-|a|): {1 - o * (1 - o) * math.exp(abs(a)):.1%} below the exact ratio here. "
                           "Exactly, "
                           f"1/σ'(a) = (1 + e^a)(1 + e^(-a)) = 2 + e^a + e^(-a) = {1 / (o * (1 - o)):.1f}."),
    ], rtol=1e-2)  # three significant digits are enough: a rounded 150 passes
