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


# --- notebook 05: vanishing and exploding gradients ---
GRADIENT_INITS = {"N(0, 1)": "normal", "N(0, 0.01²)": 0.01, "Xavier": "xavier", "He": "he"}
GRADIENT_ACTIVATIONS = ("sigmoid", "tanh", "relu")


def gradient_profile(depth, activation, init, X, T, width=64, seed=0):
    """Per-layer gradient measurements of a fresh network at initialisation.

    The network has `depth` hidden layers of `width` units with the given activation, and a
    softmax output with cross-entropy loss; init is a name or a standard deviation (as in
    `Network`). One forward and backward pass on (X, T); returns `layer_stats` (a dict of arrays).
    """
    from .gradients import measure
    from .network import Network

    if isinstance(depth, bool) or int(depth) != depth or depth < 1:
        raise ValueError(f"depth (the number of hidden layers) must be a whole number >= 1, got {depth}")
    if activation not in GRADIENT_ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(GRADIENT_ACTIVATIONS)}, got {activation!r}")
    X, T = np.asarray(X), np.asarray(T)
    depth = int(depth)
    net = Network([X.shape[-1]] + [width] * depth + [T.shape[-1]], [activation] * depth + ["softmax"],
                  loss="cce", init=init, rng=seed)
    return measure(net, X, T)


def init_label(init):
    """A readable name for an init setting: "Xavier", "N(0, 0.01²)", ..."""
    names = {value: label for label, value in GRADIENT_INITS.items()}
    return names.get(init, f"N(0, {init}²)" if not isinstance(init, str) else init)


def show_gradient_profile(depth, activation, init, X, T, width=64, seed=0):
    """Draw the per-layer measurements of `gradient_profile` (the function behind `gradient_widget`)."""
    from .plots import plot_layer_gradients

    stats = gradient_profile(depth, activation, init, X, T, width=width, seed=seed)
    fig, ax = plt.subplots(figsize=(7, 4))
    plot_layer_gradients(stats, ax=ax, title=f"{depth} hidden {activation} layers of {width}, "
                                             f"init {init_label(init)}: sizes per layer at initialisation")
    plt.show()


def gradient_widget(X, T, depth=10, activation="sigmoid", init="xavier"):
    """Depth, activation and initialisation -> the per-layer gradient plot, redrawn live."""
    def draw(depth, activation, init):
        show_gradient_profile(depth, activation, init, X, T)

    return widgets.interact(
        draw,
        depth=widgets.IntSlider(value=depth, min=1, max=30, step=1, description="hidden layers"),
        activation=widgets.Dropdown(options=GRADIENT_ACTIVATIONS, value=activation, description="activation"),
        init=widgets.Dropdown(options=list(GRADIENT_INITS.items()), value=init, description="init"),
    )
