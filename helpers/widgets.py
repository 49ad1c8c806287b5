"""ipywidgets front ends. Each wraps a plain function that the tests call directly."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .activations import sigmoid
from .plots import plot_neuron


def neuron_steepest_point(w, b):
    """Where o = σ(w·x + b) is steepest, and its slope there: x = -b/w, slope = w/4 (σ'(0) = 1/4).

    Returns (None, 0.0) when w = 0: the curve is flat.
    """
    if not np.isfinite(w) or not np.isfinite(b):
        raise ValueError("w and b must be finite numbers")
    if w == 0:
        return None, 0.0
    return -b / w, w / 4


def neuron_output(w, b, x):
    """o = σ(w·x + b) for a number or an array x."""
    return sigmoid(w * np.asarray(x, dtype=float) + b)


def show_neuron(w=1.0, b=0.0):
    """Draw the neuron's curve for one setting (the function behind `neuron_widget`)."""
    neuron_steepest_point(w, b)  # validates
    fig, ax = plt.subplots(figsize=(6, 3.5))
    plot_neuron(w, b, ax=ax)
    plt.show()


def neuron_widget():
    """Sliders for w and b redrawing o = σ(w·x + b)."""
    return widgets.interact(
        show_neuron,
        w=widgets.FloatSlider(value=1.0, min=-5, max=5, step=0.1, description="w"),
        b=widgets.FloatSlider(value=0.0, min=-5, max=5, step=0.1, description="b"),
    )


# --- notebook 04: XOR ---------------------------------------------------------------------
from functools import lru_cache  # noqa: E402

from .batched import init_params, network, train_batch  # noqa: E402
from .data import xor_data  # noqa: E402
from .plots import plot_decision_boundary, plot_loss_curves  # noqa: E402


@lru_cache(maxsize=64)
def _xor_run(H, eta, seed, epochs):
    X, T = xor_data()
    return train_batch(init_params(H, [seed]), X, T, eta, epochs)


def xor_training(H=4, eta=0.1, seed=0, epochs=10_000):
    """Train one 2-H-1 sigmoid network on XOR, as `Network([2, H, 1], rng=seed)` with full-batch steps.

    Returns a `helpers.batched.BatchRun` for one network (cached: the same settings come back at once;
    do not modify its arrays).
    """
    for name, value in (("H", H), ("seed", seed), ("epochs", epochs)):
        if isinstance(value, bool) or int(value) != value:
            raise TypeError(f"{name} must be a whole number, got {value!r}")
    if not np.isfinite(eta) or eta <= 0:
        raise ValueError(f"the learning rate eta must be a positive number, got {eta}")
    return _xor_run(int(H), float(eta), int(seed), int(epochs))


def show_xor_training(H=4, eta=0.1, seed=0, epochs=10_000):
    """Loss curve, decision boundary and final predictions of one XOR run (the function behind `xor_widget`)."""
    run = xor_training(H, eta, seed, epochs)
    X, T = xor_data()
    net = network(run.params, 0)
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(13, 3.8), gridspec_kw={"width_ratios": [1.5, 1, 1]})
    plot_loss_curves(run.loss[:, 0], ax=ax1, title=f"2-{H}-1, η = {eta:g}, seed {seed}")
    plot_decision_boundary(net.forward, X, T, ax=ax2, title=f"output after {epochs:,} epochs")
    o = run.output[0]
    ok = np.abs(T[:, 0] - o) < 0.5
    ax3.bar(range(4), o, color=np.where(ok, "tab:green", "tab:red"))
    ax3.axhline(0.5, color="grey", lw=0.8)
    first = f", first at epoch {run.first_correct[0]:,}" if run.first_correct[0] >= 0 else ""
    ax3.set(xticks=range(4), xticklabels=[f"({a:g},{b:g})\nt = {t:g}" for (a, b), t in zip(X, T[:, 0])],
            ylim=(0, 1), ylabel="output o", title=f"{ok.sum()} of 4 on the correct side{first}")
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.9, wspace=0.35)  # (tight_layout is slow)
    plt.show()


def xor_widget():
    """Sliders for the hidden size, learning rate, seed and epochs of one XOR run."""
    slider = dict(continuous_update=False, style={"description_width": "initial"})
    return widgets.interact(
        show_xor_training,
        H=widgets.IntSlider(value=4, min=1, max=8, description="hidden units H", **slider),
        eta=widgets.SelectionSlider(options=[0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0], value=0.1,
                                    description="learning rate η", **slider),
        seed=widgets.IntSlider(value=0, min=0, max=199, description="seed", **slider),
        epochs=widgets.IntSlider(value=10_000, min=500, max=20_000, step=500, description="epochs", **slider),
    )
