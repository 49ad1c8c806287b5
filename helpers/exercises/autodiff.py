"""Checks for notebook 07 Automatic differentiation.

The coding exercise adds an operation to helpers.autodiff: softplus(x) = log(1 + eˣ), whose local derivative is
eˣ / (1 + eˣ) = σ(x). The check runs the learner's softplus inside a small graph where it is used twice, with
output gradients other than 1 and its input reused (an intermediate node, not an input), and compares the
result and ∂y/∂x with centred finite differences of plain `math` at several points (negative, 0, positive).
"""

import math

from ..autodiff import Value
from ..network import Network
from .core import Case, CheckResult, check_function, check_with_hints

POINTS = (-3.0, -0.5, 0.0, 0.8, 2.5)


def _softplus(x):
    return math.log1p(math.exp(x))


def _sigma(x):
    return 1 / (1 + math.exp(-x))


def _y(x):
    """The test expression in plain math: y = 4·softplus(x) + x·softplus(x)."""
    return 4 * _softplus(x) + x * _softplus(x)


def _run(softplus, x):
    """[y, ∂y/∂x] for y = 4·softplus(x) + x·softplus(x), computed with the given softplus on Values.

    x is an intermediate node, 1·z from an input z, as softplus's input is in a network: the gradient must
    pass through the learner's node and on through x (a node that forgot its parent stops it there)."""
    z = Value(x)
    v = 1 * z
    first = softplus(v)
    if not isinstance(first, Value):
        raise TypeError(f"softplus must return a new Value, got {type(first).__name__}")
    y = 4 * first + v * softplus(v)  # softplus's output gradient is 4, then x; v is used three times
    y.backward()
    return [y.data, z.grad]


def _reference(x, h=1e-6):
    """[y, dy/dx by centred finite differences]: nothing here uses helpers.autodiff."""
    return [_y(x), (_y(x + h) - _y(x - h)) / (2 * h)]


def _cases():
    return [Case(f"x = {x:g}", x) for x in POINTS]


def _with_backward(local, overwrite=False, times_out_grad=True, at_output=False, parents=True):
    """A softplus whose backward adds (or overwrites) local(x) × out.grad (or local(x) alone); at_output: local
    evaluated at the output softplus(x) instead of the input x; parents=False: the new Value forgets v."""
    def softplus(v):
        out = Value(_softplus(v.data), (v,) if parents else (), "softplus")

        def _backward():
            step = local(out.data if at_output else v.data) * (out.grad if times_out_grad else 1.0)
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
     "output, out.grad (here 4 for one use and x for the other): `v.grad += σ(x) * out.grad`."),
    (_with_backward(lambda x: _sigma(-x)),
     "your local derivative is 1 / (1 + eˣ) = σ(−x). The derivative of log(1 + eˣ) is eˣ / (1 + eˣ) = σ(x)."),
    (_with_backward(_softplus),
     "you used softplus(x) itself as its derivative; the derivative of log(1 + eˣ) is eˣ / (1 + eˣ) = σ(x)."),
    (_with_backward(math.exp),
     "your local derivative is eˣ, the derivative of the inside 1 + eˣ only; the chain rule through log "
     "divides it by 1 + eˣ, giving σ(x)."),
    (_with_backward(_sigma, at_output=True),
     "you evaluated σ at the output, σ(softplus(x)); the local derivative is σ at the INPUT: σ(v.data), not "
     "σ(out.data)."),
    (_with_backward(lambda y: y * (1 - y), at_output=True),
     "you used y(1 − y) with y = softplus(x): that is the sigmoid's own rule, where y = σ(x). For softplus the "
     "local derivative is σ(x) itself, computed from the input: σ(v.data)."),
    (_with_backward(lambda x: _sigma(x) * (1 - _sigma(x))),
     "you used σ(x)(1 − σ(x)), the derivative of σ. The derivative of softplus is σ(x) itself, one step earlier."),
    (_with_backward(_sigma, parents=False),
     "your new Value does not record v as its parent: write `Value(..., (v,), \"softplus\")`. Without it the "
     "sweep does not know that the output depends on v: v's own backward step may run before yours has added "
     "to v.grad, and what you add then never reaches the nodes v was computed from."),
    (_no_backward,
     "the gradient never reaches v through softplus: either no backward rule is attached (write "
     "`out._backward = _backward` after defining it, or pass local=(σ(x),) to Value), or your rule adds to "
     "something other than v.grad."),
]


def check_softplus(softplus):
    """Exercise: softplus(v) returns a new Value log(1 + eᵛ) whose backward adds σ(v) · out.grad to v.grad."""
    if not callable(softplus):
        return check_function(softplus, "softplus", [], _reference)

    try:
        probe = softplus(Value(0.5))
    except Exception:  # NotImplementedError or the learner's bug: check_function reports it with the line
        probe = None
    if probe is not None and not isinstance(probe, Value):
        text = (f"Not yet: softplus returned a {type(probe).__name__}, not a Value. It must return a NEW node of "
                "the graph, so that the backward sweep can pass through it: `out = Value(number, (v,), "
                "\"softplus\")`, then `return out`.")
        print(text)
        return CheckResult("softplus", False, text)

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
        (weights + biases + 1, "That is the count for ONE-SIDED differences (E(w + h) for each parameter, and "
                               "E(w) once); centred differences need E(w + h) and E(w − h) for each parameter."),
        (2 * (weights + net.b[0].size), "You counted the biases of the hidden layer only: the output units have "
                                        "biases too."),
        (2 * (weights + net.b[-1].size), "You counted the biases of the output layer only: the hidden units have "
                                         "biases too."),
        (2 * (weights + biases + sizes[0]), "You gave the inputs biases too: the inputs are data; only the hidden "
                                            "and output units have a bias."),
    ], rtol=1e-9)
