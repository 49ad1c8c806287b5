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


# --- notebook 04: XOR ---------------------------------------------------------------------
def plot_xor_points(X, T, ax=None, size=90):
    """The training patterns as dots in the input plane: white for target 0, black for target 1."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    X, t = np.asarray(X, dtype=float), np.asarray(T, dtype=float).reshape(-1)
    for value, face, label in ((0.0, "white", "target 0"), (1.0, "black", "target 1")):
        on = t == value
        ax.scatter(X[on, 0], X[on, 1], s=size, c=face, edgecolors="black", linewidths=1.5, zorder=3, label=label)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    return ax


def plot_decision_boundary(predict, X=None, T=None, ax=None, lim=(-0.25, 1.25), n=101, title=None, cmap="RdBu_r"):
    """Colour the input plane by a model's output in [0, 1] and draw the line where it crosses 0.5.

    predict: a function from an (m, 2) array of inputs to m outputs (any shape with m numbers),
    e.g. `lambda G: net.forward(G)`. X, T: training points to draw on top (optional).
    Returns the Axes; its image is `ax.images[0]` (for a colour bar).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    g = np.linspace(lim[0], lim[1], n)
    G = np.array(np.meshgrid(g, g)).reshape(2, -1).T  # (n*n, 2): x1 varies fastest
    o = np.asarray(predict(G), dtype=float).reshape(n, n)
    ax.imshow(o, origin="lower", extent=(lim[0], lim[1], lim[0], lim[1]), vmin=0, vmax=1, cmap=cmap,
              interpolation="bilinear")
    if o.min() < 0.5 < o.max():
        ax.contour(g, g, o, levels=[0.5], colors="black", linewidths=1.2)
    if X is not None:
        plot_xor_points(X, T, ax=ax, size=50)
    ax.set(xlim=lim, ylim=lim, xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    if title:
        ax.set_title(title)
    return ax


def plot_loss_curves(losses, ax=None, labels=None, logy=True, title="Loss during training", ylabel="loss E",
                     **line_kw):
    """Loss against epoch for one or more runs.

    losses: a 1-D array (one run), a 2-D array (epochs, runs) or a list of 1-D arrays; entry k is the
    loss after k epochs. labels: one per run (optional). Extra keywords go to `ax.plot`.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    if isinstance(losses, (list, tuple)):
        curves = [np.asarray(L, dtype=float).reshape(-1) for L in losses]
    else:
        arr = np.asarray(losses, dtype=float)
        curves = [arr] if arr.ndim == 1 else list(arr.T)
    if labels is not None and len(labels) != len(curves):
        raise ValueError(f"got {len(labels)} labels for {len(curves)} loss curves")
    for i, L in enumerate(curves):
        ax.plot(np.arange(len(L)), L, label=None if labels is None else labels[i], **line_kw)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel=ylabel, title=title)
    if labels is not None:
        ax.legend()
    return ax
