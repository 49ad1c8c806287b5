"""Activation functions and their derivatives.

Every function takes a number or an array of real numbers and returns the same shape.
Float32 stays float32; integers and booleans become float64.
NaN goes in, NaN comes out (we do not raise): a NaN usually means something upstream
already went wrong, and hiding it would make that harder to find.
This module imports nothing else from `helpers`.
"""

import numpy as np


def as_real_array(x, name="a"):
    """Return `x` as a float NumPy array, or raise TypeError for non-real input."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers, not the text {x!r}")
    arr = np.asarray(x)
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real: complex numbers have no sigmoid here")
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise TypeError(f"{name} must be a number or an array of numbers, got dtype {arr.dtype}")
    return arr


def _like_input(x, out):
    """Give a Python float back for a Python number, an array (or NumPy scalar) otherwise."""
    if isinstance(x, (int, float)) and not isinstance(x, np.generic):
        return float(out)
    return out


def sigmoid(a):
    """σ(a) = 1 / (1 + e^(-a)), computed without overflow for any a.

    For a < 0 we use the equal form e^a / (1 + e^a): then the exponent is never positive.
    """
    arr = as_real_array(a)
    e = np.exp(-np.abs(arr))  # in (0, 1]: cannot overflow
    out = np.where(arr >= 0, 1 / (1 + e), e / (1 + e))
    return _like_input(a, out)


def sigmoid_prime(a):
    """σ'(a), the derivative of the sigmoid, from its INPUT a: σ(a)(1 - σ(a))."""
    s = sigmoid(as_real_array(a))
    return _like_input(a, s * (1 - s))


def sigmoid_prime_from_output(o):
    """σ'(a) from the sigmoid's OUTPUT o = σ(a): o(1 - o).

    The output of a sigmoid lies in [0, 1]; anything else means an input a was passed
    by mistake, so we raise ValueError (use `sigmoid_prime(a)` for inputs).
    """
    arr = as_real_array(o, name="o")
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError(
            "sigmoid_prime_from_output expects outputs o = σ(a) in [0, 1]; "
            "for the input a, use sigmoid_prime(a)"
        )
    return _like_input(o, arr * (1 - arr))


def tanh(a):
    """tanh(a), an S-curve like σ but from -1 to 1: tanh(a) = 2σ(2a) - 1."""
    return _like_input(a, np.tanh(as_real_array(a)))


def tanh_prime(a):
    """tanh'(a) = 1 - tanh(a)²."""
    t = np.tanh(as_real_array(a))
    return _like_input(a, 1 - t * t)


def relu(a):
    """ReLU: max(0, a)."""
    arr = as_real_array(a)
    return _like_input(a, np.maximum(arr, 0))


def relu_prime(a):
    """ReLU'(a): 1 where a > 0, else 0 (at a = 0 we choose 0)."""
    arr = as_real_array(a)
    return _like_input(a, (arr > 0).astype(arr.dtype))


def identity(a):
    """f(a) = a, for a linear output unit."""
    return _like_input(a, as_real_array(a).copy())


def identity_prime(a):
    """The derivative of the identity: 1 everywhere."""
    arr = as_real_array(a)
    return _like_input(a, np.ones_like(arr))


def softmax(a, axis=-1):
    """softmax(a)_k = e^(a_k) / Σ_m e^(a_m) along `axis` (each row of a batch sums to 1).

    Subtracting the row maximum first changes nothing mathematically and keeps e^(...) <= 1.
    """
    arr = as_real_array(a)
    if arr.ndim == 0:
        raise ValueError("softmax needs at least one axis of scores, got a single number")
    shifted = arr - np.max(arr, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)
