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
