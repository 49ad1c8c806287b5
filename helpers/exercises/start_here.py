"""Checks for notebook 00 Start here."""



from ..activations import sigmoid
from .core import (
    feedback,
    is_correct,
)


def check_sigmoid_of_zero(answer):
    """Exercise: σ(0)."""

    text = feedback(answer, sigmoid(0.0), name="σ(0)")
    if text.startswith("Not quite") and is_correct(answer, 1.0):
        text += " That is e^0 = 1 alone: σ(0) = 1/(1 + e^0)."
    print(text)
