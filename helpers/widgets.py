"""ipywidgets front ends. Each wraps a plain function that the tests call directly."""

import functools

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .activations import sigmoid
from .data import digits_split
from .network import Network
from .plots import plot_history, plot_neuron
from .training import train


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


# --- notebook 06: handwritten digits ---
DIGITS_BATCH_SIZES = {"8": 8, "32": 32, "128": 128, "full": None}


@functools.lru_cache(maxsize=2)
def _digits(seed):
    return digits_split(seed)


def digits_training(hidden=64, eta=0.1, batch_size=32, weight_decay=0.0, epochs=30, seed=0):
    """Train a 64-hidden-10 network (ReLU, softmax, cross-entropy) on the digits' training split.

    batch_size: a number, or None (or "full") for the whole training set. Returns (net, History) with the
    validation curves. The function behind `digits_widget`.
    """
    if batch_size == "full":
        batch_size = None
    data = _digits(seed)
    net = Network([64, hidden, 10], ["relu", "softmax"], loss="cce", init="xavier", rng=seed)
    history = train(net, data.X_train, data.y_train, data.X_val, data.y_val, epochs=epochs, eta=eta,
                    batch_size=batch_size, weight_decay=weight_decay, rng=seed)
    return net, history


def show_digits_training(hidden=64, eta=0.1, batch_size=32, weight_decay=0.0, epochs=30, seed=0):
    """Train with `digits_training` and draw the loss and accuracy curves, training and validation."""
    _, h = digits_training(hidden, eta, batch_size, weight_decay, epochs, seed)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.6))
    label = f"64-{hidden}-10"
    plot_history({label: h}, "loss", ax=ax_loss)
    plot_history({label: h}, "acc", ax=ax_acc)
    ax_loss.set_title(f"Loss (lowest validation loss at epoch {h.best_epoch})")
    ax_acc.set_title(f"Accuracy (validation after {h.epochs} epochs: {h.val_acc[-1]:.1%})")
    ax_acc.set_ylim(0.5, 1.01)
    ax_loss.legend(fontsize=8)
    fig.suptitle(f"η = {eta:g}, batch size {batch_size or 'full'}, weight decay λ = {weight_decay:g}")
    fig.tight_layout()
    plt.show()


def digits_widget():
    """Hidden size, learning rate, batch size and weight decay -> training and validation curves."""
    slow = {"continuous_update": False}  # retrain when the slider is released, not while it moves
    return widgets.interact(
        show_digits_training,
        hidden=widgets.SelectionSlider(options=[8, 16, 32, 64, 128], value=64, description="hidden", **slow),
        eta=widgets.SelectionSlider(options=[0.001, 0.01, 0.03, 0.1, 0.3, 1.0], value=0.1, description="η", **slow),
        batch_size=widgets.ToggleButtons(options=list(DIGITS_BATCH_SIZES.items()), value=32, description="batch"),
        weight_decay=widgets.SelectionSlider(options=[0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2], value=0.0,
                                             description="λ", **slow),
        epochs=widgets.fixed(30),
        seed=widgets.fixed(0),
    )
