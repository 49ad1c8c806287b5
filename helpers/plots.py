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


# --- notebook 05: vanishing and exploding gradients ---
LAYER_MEASURES = {  # key of helpers.gradients.layer_stats -> (label, colour, marker)
    "delta": (r"$\|\delta\|$ back-propagated error", "tab:red", "o"),
    "dW": (r"$\|\partial E/\partial W\|$ weight gradient", "tab:blue", "s"),
    "o_spread": ("spread of the outputs $o$ over the examples", "tab:green", "^"),
}


def plot_layer_gradients(stats, ax=None, title=None, legend=True):
    """Per-layer measurements from `helpers.gradients.layer_stats` on a log scale.

    Layer 1 is the first hidden layer, the last one is the output layer; the backward pass
    runs from right to left. Zeros (nothing to draw on a log scale) are left out.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    for key, (label, colour, marker) in LAYER_MEASURES.items():
        values = np.asarray(stats[key], dtype=float)
        layers = np.arange(1, len(values) + 1)
        shown = np.isfinite(values) & (values > 0)
        ax.plot(layers[shown], values[shown], marker=marker, ms=4, color=colour, label=label)
    ax.set_yscale("log")
    # plain tick labels (1e-05, 0.2, ...) and no minor ticks: much faster to draw than the default 10^x labels
    finite = np.concatenate([np.asarray(stats[key], dtype=float) for key in LAYER_MEASURES])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    few_decades = finite.size and np.log10(finite.max() / finite.min()) < 2
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if few_decades else (1.0,)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set(xlabel="layer (1 = first hidden, last = output)", ylabel="size (log scale)")
    ax.set_xticks(layers if len(layers) <= 12 else layers[::max(1, len(layers) // 10)])
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc="best", fontsize="small")
    return ax
