"""Gradient checking: compare a backprop gradient with centered finite differences."""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    """Centered finite differences of a scalar function f at the array x.

    For every entry i: (f(x + h e_i) - f(x - h e_i)) / (2h). The error of this estimate
    shrinks like h², against h for the one-sided (f(x + h e_i) - f(x)) / h.

    `x` must be a float64 array. It is changed in place, one entry at a time, and
    restored, so `f` may ignore its argument and read `x` from elsewhere (for example
    a network's weight matrix): `numerical_gradient(lambda _: net.loss(X, T), net.W[0])`.
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("x must be a float64 NumPy array (it is perturbed in place)")
    if not h > 0:
        raise ValueError(f"the step h must be positive, got {h}")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = float(f(x))
        x[i] = old - h
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(analytic, numeric):
    """Entry-wise |a - n| / max(|a|, |n|), defined as 0 where both are 0.

    Take `.max()` of the result for one number per gradient.
    """
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"shapes differ: analytic {a.shape} vs numeric {n.shape}")
    scale = np.maximum(np.abs(a), np.abs(n))
    diff = np.abs(a - n)
    return np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
