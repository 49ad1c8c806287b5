"""Figures the notebooks share. Each function draws on a given Axes (or a new figure) and returns it."""

import matplotlib.pyplot as plt
import numpy as np

from .activations import sigmoid


def _real_number(value, name):
    """`value` as a float, or a plain TypeError / ValueError for text, arrays, complex, NaN, inf."""
    if isinstance(value, (str, bytes, complex)) or np.ndim(value) != 0 or np.asarray(value).dtype.kind not in "biuf":
        raise TypeError(f"{name} must be one real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def plot_neuron(w, b, ax=None, x_range=(-6.0, 6.0)):
    """Draw o = σ(w·x + b) against x, and mark its steepest point x = -b/w with the tangent there.

    The tangent's slope is w·σ'(0) = w/4. With w = 0 the curve is flat at σ(b): nothing to mark.
    """
    w, b = _real_number(w, "w"), _real_number(b, "b")
    if not x_range[0] < x_range[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    x = np.linspace(*x_range, 400)
    ax.plot(x, sigmoid(w * x + b), color="tab:blue", label=rf"$o = \sigma({w:g}x {b:+g})$")
    if w != 0 and x_range[0] <= -b / w <= x_range[1]:
        x0, slope = -b / w + 0.0, w / 4  # + 0.0 turns -0.0 into 0.0
        half_width = 2 / abs(w)  # where the tangent reaches 0 and 1
        xt = np.array([x0 - half_width, x0 + half_width])
        ax.plot(xt, 0.5 + slope * (xt - x0), "--", color="tab:red", lw=1, label=f"tangent, slope w/4 = {slope:.3g}")
        ax.plot([x0], [0.5], "o", color="tab:red", label=f"steepest point x = -b/w = {x0:.3g}")
    ax.set(xlabel="input x", ylabel="output o", xlim=x_range, ylim=(-0.05, 1.05), title="One sigmoid neuron")
    ax.axhline(0.5, color="grey", lw=0.5)
    ax.legend(loc=_empty_corner(w, b, x_range), fontsize="small")
    return ax


def _empty_corner(w, b, x_range):
    """The corner of a sigmoid plot that the curve o = σ(w·x + b) leaves free, for the legend."""
    mid = (x_range[0] + x_range[1]) / 2
    if w == 0:
        return "upper left" if sigmoid(b) < 0.5 else "lower left"
    rises_late = -b / w >= mid  # the step sits in the right half of the plot
    if w > 0:
        return "upper left" if rises_late else "lower right"
    return "lower left" if rises_late else "upper right"
