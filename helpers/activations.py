"""Activation functions and their derivatives.

Every function takes a number or an array of real numbers and returns the same shape:
a Python float for a Python number, an array (or NumPy scalar) otherwise.
Float32 stays float32; integers and booleans become float64.
Text, complex numbers and other objects raise TypeError.

NaN goes in, NaN comes out (we do not raise): a NaN usually means something upstream
already went wrong, and hiding it behind a plausible number would make that harder to find.
This module imports nothing else from `helpers`.
"""

import numpy as np


def as_real_array(x, name="a"):
    """Return `x` as a float NumPy array, or raise TypeError for anything that is not real numbers."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers, not the text {x!r}")
    try:
        arr = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{name} must be a number or a rectangular array of numbers ({err})") from None
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real: complex numbers such as {x!r} are not supported here")
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    if arr.dtype.kind != "f":
        if isinstance(x, np.ndarray):
            what = f"an array of dtype {arr.dtype}"
        elif isinstance(x, (list, tuple)):
            what = f"a {type(x).__name__} whose entries are not all numbers"
        else:
            what = type(x).__name__
        raise TypeError(f"{name} must be a number or an array of numbers, got {what}")
    return arr


def _like_input(x, out):
    """A Python float for a Python number; a NumPy scalar for a 0-d input; an array otherwise."""
    if isinstance(x, (bool, int, float)) and not isinstance(x, np.generic):
        return float(out)
    if isinstance(out, np.ndarray) and out.ndim == 0:
        return out[()]
    return out


def sigmoid(a):
    """σ(a) = 1 / (1 + e^(-a)), without overflow for any a.

    The textbook formula computes e^(-a), which overflows for a below about -709 (float64).
    Multiplying numerator and denominator by e^a gives the equal form e^a / (1 + e^a).
    With z = e^(-|a|), which lies in (0, 1] and cannot overflow:
        σ(a) = 1 / (1 + z)  for a >= 0,    σ(a) = z / (1 + z)  for a < 0.
    The underflow of z to 0 for large |a| is silenced on purpose: the true value is below
    the smallest float, so 0 is the correctly rounded result.
    """
    arr = as_real_array(a)
    with np.errstate(under="ignore"):  # e^(-1000) is 0 to the last bit: harmless
        z = np.exp(-np.abs(arr))
        out = np.where(arr >= 0, 1, z) / (1 + z)
    return _like_input(a, out)


def sigmoid_prime(a):
    """σ'(a), the derivative of the sigmoid, from its INPUT a (the weighted sum).

    σ'(a) = σ(a)(1 - σ(a)) = σ(a)σ(-a) = z / (1 + z)² with z = e^(-|a|).
    The last form gives full relative precision in both tails, where o(1 - o) gives 0 for
    a above about 36.7 because o = σ(a) rounds to exactly 1.
    If you have the OUTPUT o = σ(a) instead, use `sigmoid_prime_from_output(o)`.
    """
    arr = as_real_array(a)
    with np.errstate(under="ignore"):
        z = np.exp(-np.abs(arr))
        out = z / ((1 + z) * (1 + z))
    return _like_input(a, out)


def sigmoid_prime_from_output(o):
    """σ'(a) from the sigmoid's OUTPUT o = σ(a): o(1 - o).

    Backpropagation has o from the forward pass, so this costs one multiplication.
    A sigmoid's output lies in [0, 1]; anything else means an input a was passed by
    mistake, so we raise ValueError (use `sigmoid_prime(a)` for inputs).
    """
    arr = as_real_array(o, name="o")
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError(
            "sigmoid_prime_from_output expects outputs o = σ(a), which lie in [0, 1]; "
            "got values outside [0, 1]. For the input a, use sigmoid_prime(a)"
        )
    return _like_input(o, arr * (1 - arr))


def tanh(a):
    """tanh(a), an S-curve like σ but from -1 to 1: tanh(a) = 2σ(2a) - 1."""
    return _like_input(a, np.tanh(as_real_array(a)))


def tanh_prime(a):
    """tanh'(a) = 1 - tanh(a)², from the input a. Its maximum is 1, at a = 0."""
    t = np.tanh(as_real_array(a))
    return _like_input(a, 1 - t * t)


def relu(a):
    """ReLU: max(0, a)."""
    return _like_input(a, np.maximum(as_real_array(a), 0))


def relu_prime(a):
    """ReLU'(a): 1 where a > 0, 0 where a < 0; at a = 0 (no derivative) we choose 0."""
    arr = as_real_array(a)
    return _like_input(a, np.heaviside(arr, 0).astype(arr.dtype))


def identity(a):
    """f(a) = a, for a linear output unit."""
    return _like_input(a, as_real_array(a).copy())


def identity_prime(a):
    """The derivative of the identity: 1 everywhere (NaN stays NaN)."""
    arr = as_real_array(a)
    return _like_input(a, np.where(np.isnan(arr), arr, 1).astype(arr.dtype))


def softmax(a, axis=-1):
    """softmax(a)_k = e^(a_k) / Σ_m e^(a_m) along `axis` (each row of a batch sums to 1).

    Subtracting the row maximum first changes nothing mathematically and keeps every
    e^(...) <= 1, so scores of 1000 do not overflow. A score of -inf gets probability 0;
    a row containing NaN or +inf gives NaN.
    """
    arr = as_real_array(a)
    if arr.ndim == 0:
        raise ValueError("softmax needs at least one axis of scores, got a single number")
    if arr.shape[axis] == 0:
        raise ValueError(f"softmax needs at least one score along axis {axis}, got shape {arr.shape}")
    with np.errstate(under="ignore", invalid="ignore"):  # inf - inf gives NaN, as documented
        e = np.exp(arr - np.max(arr, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)
