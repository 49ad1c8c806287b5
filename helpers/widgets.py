"""ipywidgets front ends. Each wraps a plain function that the tests call directly."""

import ipywidgets as widgets
import matplotlib.pyplot as plt

from .activations import as_real_array, sigmoid
from .plots import _real_number, plot_neuron


def neuron_steepest_point(w, b):
    """Where o = σ(w·x + b) is steepest, and its slope there: x = -b/w, slope = w/4.

    do/dx = w·σ'(w·x + b), and σ' is largest (1/4) where its input w·x + b is 0.
    Returns (None, 0.0) when w = 0: the curve is flat.
    """
    w, b = _real_number(w, "w"), _real_number(b, "b")
    if w == 0:
        return None, 0.0
    return -b / w + 0.0, w / 4  # + 0.0 turns -0.0 into 0.0


def neuron_output(w, b, x):
    """o = σ(w·x + b) for a number or an array x."""
    w, b = _real_number(w, "w"), _real_number(b, "b")
    return sigmoid(w * as_real_array(x, name="x") + b)


def show_neuron(w=1.0, b=0.0):
    """Draw the neuron's curve for one setting and print its steepest point (the function behind `neuron_widget`)."""
    x0, slope = neuron_steepest_point(w, b)  # validates w and b
    fig, ax = plt.subplots(figsize=(6, 3.5))
    plot_neuron(w, b, ax=ax)
    plt.show()
    if x0 is None:
        print(f"w = 0: the output is σ(b) = {sigmoid(float(b)):.3f} whatever x is")
    else:
        print(f"steepest at x = -b/w = {x0:.3f}, where the slope is w/4 = {slope:.3f}")


def neuron_widget():
    """Sliders for w and b redrawing o = σ(w·x + b). Returns None, so `neuron_widget()` shows the widget once."""
    widgets.interact(
        show_neuron,
        w=widgets.FloatSlider(value=1.0, min=-5, max=5, step=0.1, description="w"),
        b=widgets.FloatSlider(value=0.0, min=-5, max=5, step=0.1, description="b"),
    )
