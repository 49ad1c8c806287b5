"""Figures the notebooks share. Each function draws on a given Axes (or a new figure) and returns it."""

import matplotlib.pyplot as plt
import numpy as np

from .activations import sigmoid


def plot_neuron(w, b, ax=None, x_range=(-6.0, 6.0)):
    """Draw o = σ(w·x + b) against x and mark its steepest point x = -b/w (if w ≠ 0)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    x = np.linspace(*x_range, 400)
    ax.plot(x, sigmoid(w * x + b), color="tab:blue", label=rf"$o = \sigma({w:g}x {b:+g})$")
    if w != 0 and x_range[0] <= -b / w <= x_range[1]:
        ax.plot([-b / w], [0.5], "o", color="tab:red", label=f"steepest: x = {-b / w:.3g}, slope {w / 4:.3g}")
    ax.set(xlabel="input x", ylabel="output o", ylim=(-0.05, 1.05), title="One sigmoid neuron")
    ax.axhline(0.5, color="grey", lw=0.5)
    ax.legend(loc="upper left")
    return ax
