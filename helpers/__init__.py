"""Shared code for the backprop-notebooks series: one concept per module."""

from .activations import (
    identity,
    identity_prime,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    sigmoid_prime_from_output,
    softmax,
    tanh,
    tanh_prime,
)
from .data import WORKED_EXAMPLE, digits_split, one_hot, worked_example_arrays, xor_data
from .exercises.core import check_number
from .gradcheck import numerical_gradient, relative_error
from .network import Network

__all__ = [
    "identity", "identity_prime", "relu", "relu_prime", "sigmoid", "sigmoid_prime",
    "sigmoid_prime_from_output", "softmax", "tanh", "tanh_prime",
    "WORKED_EXAMPLE", "digits_split", "one_hot", "worked_example_arrays", "xor_data",
    "check_number", "numerical_gradient", "relative_error", "Network",
]
