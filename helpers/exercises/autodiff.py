"""Checks for notebook 07 Automatic differentiation.

The coding exercise adds an operation to helpers.autodiff: softplus(x) = log(1 + eˣ), whose local derivative is
eˣ / (1 + eˣ) = σ(x). The check runs the learner's softplus inside a small graph where it is used twice, with
output gradients other than 1 and its input reused, and compares the result and ∂y/∂x with centred finite
differences of plain `math` at several points (negative, 0, positive).
"""

import math

from ..autodiff import Value
from ..network import Network
from .core import Case, check_function, check_with_hints

POINTS = (-3.0, -0.5, 0.0, 0.8, 2.5)


def _softplus(x):
    return math.log1p(math.exp(x))


def _sigma(x):
    return 1 / (1 + math.exp(-x))


def _y(x):
    """The test expression in plain math: y = 2·softplus(x) + softplus(x)·x."""
    return 2 * _softplus(x) + _softplus(x) * x


def _run(softplus, x):
    """[y, ∂y/∂x] for y = 2·softplus(x) + softplus(x)·x, computed with the given softplus on Values."""
    v = Value(x)
    first = softplus(v)
    if not isinstance(first, Value):
        raise TypeError(f"softplus must return a new Value, got {type(first).__name__}")
    y = 2 * first + softplus(v) * v  # softplus's output gradient is 2, then x; v is used three times
    y.backward()
    return [y.data, v.grad]


def _reference(x, h=1e-6):
    """[y, dy/dx by centred finite differences]: nothing here uses helpers.autodiff."""
    return [_y(x), (_y(x + h) - _y(x - h)) / (2 * h)]


def _cases():
    return [Case(f"x = {x:g}", x) for x in POINTS]


def _with_backward(local, overwrite=False, times_out_grad=True):
    """A softplus whose backward adds (or overwrites) local(x) × out.grad (or local(x) alone)."""
    def softplus(v):
        out = Value(_softplus(v.data), (v,), "softplus")

        def _backward():
            step = local(v.data) * (out.grad if times_out_grad else 1.0)
            v.grad = step if overwrite else v.grad + step
        out._backward = _backward
        return out
    return softplus


def _no_backward(v):
    return Value(_softplus(v.data), (v,), "softplus")


_MISTAKES = [
    (_with_backward(_sigma, overwrite=True),
     "you wrote `v.grad = ...`, which throws away what other uses of v already added: a Value used in several "
     "places must receive the SUM of the contributions. Write `v.grad += ...`."),
    (_with_backward(_sigma, times_out_grad=False),
     "you added the local derivative σ(x) alone. The chain rule multiplies it by the gradient that reached the "
     "output, out.grad (here 2 for one use and x for the other): `v.grad += σ(x) * out.grad`."),
    (_with_backward(lambda x: _sigma(-x)),
     "your local derivative is 1 / (1 + eˣ) = σ(−x). The derivative of log(1 + eˣ) is eˣ / (1 + eˣ) = σ(x)."),
    (_with_backward(_softplus),
     "you used softplus(x) itself as its derivative; the derivative of log(1 + eˣ) is eˣ / (1 + eˣ) = σ(x)."),
    (_with_backward(math.exp),
     "your local derivative is eˣ, the derivative of the inside 1 + eˣ only; the chain rule through log "
     "divides it by 1 + eˣ, giving σ(x)."),
    (_no_backward,
     "the gradient never flows through softplus: the new Value needs a backward rule. Set `out._backward` to a "
     "function that adds σ(x) · out.grad to v.grad (or pass local=(σ(x),) to Value)."),
]


def check_softplus(softplus):
    """Exercise: softplus(v) returns a new Value log(1 + eᵛ) whose backward adds σ(v) · out.grad to v.grad."""
    if not callable(softplus):
        return check_function(softplus, "softplus", [], _reference)

    def run(x):
        return _run(softplus, x)
    mistakes = [(lambda x, wrong=wrong: _run(wrong, x), why) for wrong, why in _MISTAKES]
    return check_function(run, "softplus", _cases(), _reference, mistakes, rtol=1e-6, atol=1e-9)


def check_fd_passes(answer, sizes=(64, 32, 10)):
    """Exercise: how many forward passes centred finite differences need for every gradient of a network
    with these layer sizes and biases (two per weight or bias)."""
    net = Network(list(sizes), rng=0)
    weights = sum(w.size for w in net.W)
    biases = sum(b.size for b in net.b)
    check_with_hints(answer, 2 * (weights + biases), "the number of forward passes", [
        (weights + biases, "That is the number of weights and biases, n: centred differences need TWO passes "
                           "for each, E(w + h) and E(w − h)."),
        (2 * weights, "You left out the biases: each bias is a parameter too and needs its own two passes."),
        (weights, "That is the number of weights alone: add the biases, and count two passes for each."),
        (2, "That is reverse mode's count (one forward and one backward pass), not finite differences'."),
    ], rtol=1e-9)
