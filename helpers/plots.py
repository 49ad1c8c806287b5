"""Figures the notebooks share. Each function draws on a given Axes (or a new figure) and returns it."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

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


# --- notebook 06: handwritten digits ---
def _as_digit_images(images):
    images = np.asarray(images, dtype=float)
    if images.ndim == 1:
        images = images[None, :]
    if images.ndim != 2 or images.shape[1] != 64:
        raise ValueError(f"images must be rows of 64 pixels (8x8), got shape {images.shape}")
    return images.reshape(-1, 8, 8)


def plot_digits(images, titles=None, n_cols=10, title=None):
    """A grid of 8x8 digit images, given as rows of 64 pixels in [0, 1] (dark = ink); returns the figure."""
    images = _as_digit_images(images)
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images")
    n_rows = -(-len(images) // n_cols)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(0.9 * n_cols, 1.05 * n_rows + 0.4), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < len(images):
            ax.imshow(images[k], cmap="gray_r", vmin=0, vmax=1)
            if titles is not None:
                ax.set_title(str(titles[k]), fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_class_counts(counts, ax=None):
    """Grouped bars: how many examples of each digit every split has. `counts` maps split name -> counts."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.2))
    width = 0.8 / len(counts)
    for k, (name, c) in enumerate(counts.items()):
        c = np.asarray(c)
        ax.bar(np.arange(len(c)) + (k - (len(counts) - 1) / 2) * width, c, width, label=f"{name} ({c.sum()})")
    ax.set(xlabel="digit", ylabel="number of images", xticks=range(len(c)), title="Examples per digit in each split")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_history(histories, metric="loss", x="epoch", ax=None, log=False, train=True, val=True):
    """Training (solid) and validation (dashed) curves of one or more `History`s, keyed by label.

    metric: "loss" or "acc"; x: "epoch" or "seconds" (wall-clock training time);
    train=False or val=False leaves those curves out.
    """
    if metric not in ("loss", "acc") or x not in ("epoch", "seconds"):
        raise ValueError('metric must be "loss" or "acc", x must be "epoch" or "seconds"')
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    for k, (label, h) in enumerate(histories.items()):
        color = f"C{k}"
        xs = np.arange(1, h.epochs + 1) if x == "epoch" else np.asarray(h.seconds)
        if train:
            ax.plot(xs, getattr(h, f"train_{metric}"), color=color, label=f"{label}: training")
        if val and getattr(h, f"val_{metric}"):
            ax.plot(xs, getattr(h, f"val_{metric}"), color=color, ls="--", label=f"{label}: validation")
    ax.set(xlabel="epoch" if x == "epoch" else "training time (s)",
           ylabel="cross-entropy loss" if metric == "loss" else "accuracy")
    if log:
        ax.set_yscale("log")
    if x == "epoch":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    return ax


def plot_confusion_matrix(C, ax=None, title="Confusion matrix"):
    """Counts C[i, j] of true class i predicted as j, with the numbers written in the cells."""
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ValueError(f"a confusion matrix is square, got shape {C.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5))
    ax.imshow(C, cmap="Blues")
    for (i, j), count in np.ndenumerate(C):
        if count:
            ax.text(j, i, count, ha="center", va="center", fontsize=8,
                    color="white" if count > C.max() / 2 else "black")
    ax.set(xlabel="predicted digit", ylabel="true digit", title=title,
           xticks=range(len(C)), yticks=range(len(C)))
    return ax


def plot_mistakes(images, y_true, P, n_cols=6):
    """Each misclassified image above a bar chart of its predicted probabilities (true class green,
    predicted class red). `P` has one row of class probabilities per image; returns the figure."""
    images, P, y_true = _as_digit_images(images), np.asarray(P), np.asarray(y_true)
    if not (len(images) == len(P) == len(y_true)) or len(images) == 0:
        raise ValueError("need the same number (at least one) of images, labels and probability rows")
    n_rows = -(-len(images) // n_cols)
    fig, axes = plt.subplots(2 * n_rows, n_cols, figsize=(1.6 * n_cols, 2.4 * n_rows + 0.3),
                             gridspec_kw={"height_ratios": [1.6, 1] * n_rows}, squeeze=False)
    for k in range(n_rows * n_cols):
        ax_img, ax_bar = axes[2 * (k // n_cols), k % n_cols], axes[2 * (k // n_cols) + 1, k % n_cols]
        ax_img.set_axis_off()
        if k >= len(images):
            ax_bar.set_axis_off()
            continue
        pred = int(P[k].argmax())
        ax_img.imshow(images[k], cmap="gray_r", vmin=0, vmax=1)
        ax_img.set_title(f"true {y_true[k]}, said {pred}", fontsize=9)
        colors = ["tab:green" if c == y_true[k] else "tab:red" if c == pred else "tab:gray" for c in range(P.shape[1])]
        ax_bar.bar(range(P.shape[1]), P[k], color=colors)
        ax_bar.set(ylim=(0, 1), xticks=range(P.shape[1]), yticks=[0, 0.5, 1])
        ax_bar.tick_params(labelsize=6)
    fig.suptitle("Misclassified test images and the network's probabilities (green: true digit, red: its answer)")
    fig.tight_layout()
    return fig
