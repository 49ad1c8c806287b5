"""Gradient checking: compare a derivative computed by hand (or by backprop) with finite differences.

Centered differences (f(x + h) - f(x - h)) / 2h have an error that shrinks like h², against h for
the one-sided (f(x + h) - f(x)) / h. Too small an h is no better: f is only known to about 1e-16
relative precision, and dividing a difference of nearly equal values by 2h amplifies that rounding
error by about 1/h. In float64, h = 1e-5 balances the two for smooth functions of moderate size.
"""

import math

import numpy as np

from .activations import as_real_array


def _check_step(h):
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)):
        raise TypeError(f"the step h must be a number, got {type(h).__name__}")
    if not (math.isfinite(h) and h > 0):
        raise ValueError(f"the step h must be a positive finite number, got {h}")


def numerical_gradient(f, x, h=1e-5):
    """Centred finite differences of a scalar function f at the array x: one entry at a time.

    For every entry i: (f(x + h e_i) - f(x - h e_i)) / (2h), where e_i is 1 at entry i, 0 elsewhere.

    `x` must be a float64 array. It is changed in place, one entry at a time, and
    restored (even if f raises), so `f` may ignore its argument and read `x` from elsewhere
    (for example a network's weight matrix): `numerical_gradient(lambda _: net.loss(X, T), net.W[0])`.
    `f` must return one number (a 1-element array is accepted too).
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("x must be a float64 NumPy array (it is perturbed in place)")
    _check_step(h)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        try:
            x[i] = old + h
            f_plus, x_plus = _scalar(f(x)), x[i]
            x[i] = old - h
            f_minus, x_minus = _scalar(f(x)), x[i]
        finally:
            x[i] = old
        # x_plus - x_minus is the step actually taken: old ± h is rounded to the nearest float
        grad[i] = (f_plus - f_minus) / (x_plus - x_minus)
    return grad


def _scalar(value):
    arr = np.asarray(value)
    if arr.size != 1:
        raise ValueError(f"f must return one number (a scalar loss), got an array of shape {arr.shape}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"f must return a real number, got {arr.dtype}")
    return float(arr.reshape(()))


def numerical_derivative(f, a, h=1e-5):
    """Centered differences (f(a + h) - f(a - h)) / 2h of an ELEMENT-WISE function, at every entry of a.

    For functions like σ that act on each entry separately, all entries can be nudged at once;
    the result has the shape of `a`. (For a scalar function of many weights, use `numerical_gradient`.)
    """
    a = as_real_array(a).astype(np.float64)
    _check_step(h)
    a_plus, a_minus = a + h, a - h
    f_plus, f_minus = as_real_array(f(a_plus), name="f(a)"), as_real_array(f(a_minus), name="f(a)")
    if f_plus.shape != a.shape:
        raise ValueError(f"f must act entry by entry: f(a) has shape {f_plus.shape}, a has shape {a.shape}")
    return (f_plus - f_minus) / (a_plus - a_minus)


def relative_error(analytic, numeric):
    """Entry-wise |a - n| / max(|a|, |n|), defined as 0 where both are 0.

    NaN where either value is NaN or infinite, so that a broken gradient can never pass a
    check like `relative_error(a, n).max() < 1e-7` (NaN < 1e-7 is False).
    Take `.max()` of the result for one number per gradient.
    """
    a = as_real_array(analytic, name="analytic").astype(np.float64)
    n = as_real_array(numeric, name="numeric").astype(np.float64)
    if a.shape != n.shape:
        raise ValueError(f"shapes differ: analytic {a.shape} vs numeric {n.shape}")
    finite = np.isfinite(a) & np.isfinite(n)
    a, n = np.where(finite, a, 0.0), np.where(finite, n, 0.0)
    scale = np.maximum(np.abs(a), np.abs(n))
    diff = np.abs(a - n)
    err = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    return np.where(finite, err, np.nan)
