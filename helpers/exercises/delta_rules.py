"""Checks for notebook 03 The delta rules: two coding exercises and one number.

`check_backward(fn)`: the learner's backward pass for sigmoid layers and E = ½ Σ (t - o)², any depth and
batch, against `Network.backward` on seeded networks; a wrong result that equals one of the typical
mistakes (`_backward` with one thing changed) gets that mistake's diagnosis.
`check_centred_gradient(fn)`: the learner's centred-difference gradient against functions whose gradient
is known exactly, with the typical mistakes of a gradient check diagnosed the same way.
"""

import contextlib
import functools
import io
import math

import numpy as np

from ..data import worked_example_arrays
from ..network import Network
from .core import Case, CheckResult, check_function, check_with_hints

# --- exercise 1: the backward pass -----------------------------------------------------------------

def _network_case(description, sizes, batch, seed):
    """W, b, the cached outputs o (o[0] = X) of a seeded sigmoid network with non-zero biases, and targets T."""
    rng = np.random.default_rng(seed)
    W = [rng.normal(0.0, 1.0, size=(n_in, n_out)) for n_in, n_out in zip(sizes, sizes[1:])]
    b = [rng.normal(0.0, 0.5, size=n_out) for n_out in sizes[1:]]
    X, T = rng.normal(size=(batch, sizes[0])), rng.random((batch, sizes[-1]))
    net = Network.from_weights(W, b)
    net.forward(X)
    return Case(description, W, b, [o.copy() for o in net.o], T)


def _backward_cases():
    X, W1, W2, T, _ = worked_example_arrays()
    b = [np.zeros(2), np.zeros(1)]
    net = Network.from_weights([W1, W2], b)
    net.forward(X)
    return [
        Case("notebook 02's 2-2-1 network, a batch of 1, biases 0", [W1, W2], b, [o.copy() for o in net.o], T),
        _network_case("1 layer 3→2, a batch of 1, non-zero biases", [3, 2], 1, 31),
        _network_case("2 layers 3-5-2, a batch of 4", [3, 5, 2], 4, 32),
        _network_case("3 square layers 3-3-3-3, a batch of 2", [3, 3, 3, 3], 2, 33),
        _network_case("4 layers 2-5-3-4-1, a batch of 7", [2, 5, 3, 4, 1], 7, 34),
    ]


def _reference_backward(W, b, o, T):
    """What Network.backward returns for these weights, biases and inputs o[0]."""
    net = Network.from_weights(W, b)
    net.forward(o[0])
    dW, db = net.backward(T)
    return [g.copy() for g in dW], [g.copy() for g in db]


def _backward(W, b, o, T, slope="o(1-o)", output_slope=True, hidden_slope=True, transpose=True,
              slope_layer=0, sign=1.0, factor=1.0, mean=False, bias="sum", dW_transposed=False, reverse=False,
              bias_sign=1.0, carry=True, early=False):
    """The delta rules written out, with switches that make each typical mistake (defaults: right)."""
    L, B = len(W), len(T)

    def f_prime(l):  # the slope f'(a) of the units whose output is o[l]
        if slope == "σ'(o)":  # σ' applied to the output, as if it were the weighted sum
            s = 1 / (1 + np.exp(-o[l]))
            return s * (1 - s)
        if slope == "a(1-a)":  # the output's shortcut applied to the weighted sum
            a = o[l - 1] @ W[l - 1] + b[l - 1]
            return a * (1 - a)
        if slope == "σ'(a) without b":  # the weighted sum recomputed without the bias
            s = 1 / (1 + np.exp(-(o[l - 1] @ W[l - 1])))
            return s * (1 - s)
        return o[l] * (1 - o[l])

    delta = (T - o[L]) * (f_prime(L) if output_slope else 1.0) * factor
    dW, db = [None] * L, [None] * L
    def down(delta, l):  # the hidden rule: from layer l's δ to the δ of the layer below
        back = delta @ (W[l].T if transpose else W[l])
        return back * (f_prime(l + slope_layer) if hidden_slope else 1.0)

    for l in range(L - 1, -1, -1):
        if early and l > 0:  # δ moved down before layer l's gradients are taken
            delta = down(delta, l)
        g = -sign * delta / (B if mean else 1)
        dW[l] = g.T @ o[l] if dW_transposed else o[l].T @ g
        db[l] = bias_sign * {"sum": g.sum(axis=0), "none": np.zeros(g.shape[1]), "rows": g,
                             "units": g.sum(axis=1), "mean": g.mean(axis=0)}[bias]
        if l > 0 and carry and not early:
            delta = down(delta, l)
    return (dW[::-1], db[::-1]) if reverse else (dW, db)


def _safe(wrong):
    """A wrong variant that returns None where its mistake makes NumPy raise (shapes that do not fit)."""
    @functools.wraps(wrong)
    def run(*args):
        try:
            return wrong(*args)
        except ValueError:
            return None
    return run


_BACKWARD_MISTAKES = [
    (functools.partial(_backward, sign=-1.0),
     "every gradient has the wrong sign. δ = f'(a)(t − o) is −∂E/∂a, so ∂E/∂W = −o[l].T @ δ: you returned "
     "o[l].T @ δ, which is −∂E/∂W (the direction of the weight change Δw = η δ o, not the gradient)."),
    (functools.partial(_backward, factor=2.0),
     "every gradient is twice too large. The loss is E = ½ Σ (t − o)²: the ½ cancels the 2 of the square, "
     "so the output δ is f'(a)(t − o), not 2 f'(a)(t − o)."),
    (functools.partial(_backward, mean=True),
     "your gradients are the mean over the batch. E = ½ Σ (t − o)² sums over the examples, so its gradient is "
     "the sum: o[l].T @ δ adds up the examples already, do not divide by the batch size."),
    (functools.partial(_backward, output_slope=False, hidden_slope=False),
     "the slope f'(a) is missing: every δ needs its layer's f'(a) = o(1 − o), at the output and in every "
     "hidden layer."),
    (functools.partial(_backward, output_slope=False),
     "the output δ is missing the slope: with a sigmoid output unit it is o(1 − o)(t − o), not just t − o "
     "(t − o alone is the δ of cross-entropy, section 4)."),
    (functools.partial(_backward, hidden_slope=False),
     "the hidden rule is missing the slope: δ of a hidden layer is (δ above @ W.T) times f'(a) = o(1 − o) "
     "of the hidden layer's own output."),
    (functools.partial(_backward, slope="σ'(o)"),
     "you applied σ' to the output o. σ'(a) = σ(a)(1 − σ(a)) takes the weighted sum a; written with the "
     "output it is o(1 − o), with no further σ (the article's code invites this slip)."),
    (functools.partial(_backward, slope="a(1-a)"),
     "you used a(1 − a) with the weighted sum a. The shortcut f'(a) = o(1 − o) needs the output o = σ(a), "
     "which the forward pass cached in o."),
    (_safe(functools.partial(_backward, slope_layer=1)),
     "in the hidden rule the slope comes from the wrong layer: δ of the units whose output is o[l] needs "
     "o[l](1 − o[l]), their own slope, not the slope of the layer above."),
    (_safe(functools.partial(_backward, transpose=False)),
     "W is not transposed in the hidden rule. Going down from layer l's δ (one column per unit of layer l) to "
     "the layer below, each unit i collects Σ_j W[l][i, j] δ_j: that is δ @ W[l].T. (With square layers "
     "δ @ W[l] runs, but adds up the wrong weights.)"),
    (functools.partial(_backward, dW_transposed=True),
     "dW[l] is transposed: δ.T @ o[l] has shape (units out, units in); ∂E/∂W[l] has the shape of W[l], "
     "(units in, units out), which is −o[l].T @ δ."),
    (functools.partial(_backward, reverse=True),
     "your lists run from the output layer down: dW[0] must belong to W[0], the first layer. If you append "
     "while going backwards, reverse the lists at the end (or fill them by index, dW[l] = ...)."),
    (functools.partial(_backward, slope="σ'(a) without b"),
     "your slope σ'(a) leaves out the bias: the weighted sum is a = o[l] @ W[l] + b[l] (with b = 0, as in case "
     "1, it makes no difference). Simpler: the forward pass cached σ(a) in o[l + 1], and σ'(a) = o(1 − o)."),
    (_safe(functools.partial(_backward, carry=False)),
     "δ is not carried down: you used the output layer's δ for every layer. Each layer needs its own δ, made "
     "from the δ of the layer above by the hidden rule, delta = (delta @ W[l].T) * o[l] * (1 − o[l])."),
    (_safe(functools.partial(_backward, early=True)),
     "dW[l] was computed with the δ of the layer below: take dW[l] and db[l] from layer l's own δ first, "
     "then move δ down with the hidden rule for the next (lower) layer."),
    (functools.partial(_backward, bias_sign=-1.0),
     "db has the wrong sign (dW is right): a bias gradient has the same minus as a weight gradient, "
     "∂E/∂b = −Σ δ over the batch, since δ = −∂E/∂a."),
    (functools.partial(_backward, bias="mean"),
     "db[l] is the mean of −δ over the batch: E sums over the examples, so sum −δ over axis 0, as "
     "−o[l].T @ δ does for dW[l]."),
    (functools.partial(_backward, bias="none"),
     "the bias gradients are zero. A bias is a weight from a unit whose output is always 1, so "
     "∂E/∂b = −Σ δ over the batch: not 0, even when b itself is 0."),
    (functools.partial(_backward, bias="rows"),
     "db[l] must have the shape of b[l], (units,): sum −δ over the examples, −delta.sum(axis=0). Without the "
     "sum, −δ has one row per example; with keepdims=True the sum stays a row of shape (1, units)."),
    (functools.partial(_backward, bias="units"),
     "db[l] is summed over the wrong axis: sum −δ over the examples (axis 0), one number per unit, not over "
     "the units (axis 1)."),
]

_SHAPE_ERRORS = ("matmul", "not aligned", "could not be broadcast", "shapes")


def _quietly(run):
    """Run a check, and return its CheckResult and the text it printed (printing nothing)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = run()
    return result, out.getvalue().rstrip("\n")


def check_backward(fn):
    """Exercise: backward(W, b, o, T) -> (dW, db) for sigmoid layers and E = ½ Σ (t - o)²."""
    result, text = _quietly(lambda: check_function(fn, "backward", _backward_cases(), _reference_backward,
                                                   _BACKWARD_MISTAKES))
    text = text.replace("the result[0][", "dW[").replace("the result[1][", "db[")
    if "Diagnosis" not in text and ("the result should be" in text or "the result[0] should" in text
                                    or "the result[1] should" in text):
        text += ("\nDiagnosis: backward returns two lists, `return dW, db`: dW with one array per layer (dW[l] "
                 "shaped like W[l]) and db likewise (db[l] shaped like b[l]).")
    if "your function raised" in text and any(s in text for s in _SHAPE_ERRORS):
        text += ("\nDiagnosis: two shapes do not fit together. Print them: layer l's δ is (batch, units of "
                 "layer l) and W[l] is (units below, units of layer l), so the hidden rule is δ @ W[l].T and "
                 "the gradient is −o[l].T @ δ.")
    print(text)
    return CheckResult(result.name, result.passed, text, result.answered)


# --- exercise 2: a gradient check ------------------------------------------------------------------

def _known(f, gradient, text):
    """A test function f with its exact gradient attached (deep copies keep a function as it is)."""
    f.gradient, f.text = gradient, text
    return f


def _gradient_cases():
    rng = np.random.default_rng(35)
    A = rng.normal(size=(3, 3))
    A = A + A.T  # symmetric: the gradient of ½ xᵀAx is A x
    quadratic = _known(lambda x: 0.5 * x @ A @ x, lambda x: A @ x, "½ xᵀAx")

    def logsumexp(M):
        return np.log(np.exp(M).sum())

    softmax = _known(logsumexp, lambda M: np.exp(M) / np.exp(M).sum(), "log Σ exp")

    W = [rng.normal(size=(2, 3)), rng.normal(size=(3, 1))]
    b = [rng.normal(0, 0.5, size=3), rng.normal(0, 0.5, size=1)]
    X, T = rng.normal(size=(5, 2)), rng.random((5, 1))

    def loss(W0):
        return Network.from_weights([W0, W[1]], b).loss(X, T)

    def exact(W0):
        net = Network.from_weights([W0, W[1]], b)
        net.forward(X)
        return net.backward(T)[0][0].copy()

    network = _known(loss, exact, "a network's loss")
    return [
        Case("f(x) = ½ xᵀAx for a vector x of 3 numbers, exact gradient A x", quadratic, rng.normal(size=3), 1e-5),
        Case("f(M) = log Σ exp(M) for a 2×3 matrix, exact gradient softmax(M)", softmax, rng.normal(size=(2, 3)),
             1e-5),
        Case("E(W[0]) of a 2-3-1 network (batch of 5), exact gradient from Network.backward", network, W[0], 1e-5),
    ]


def _reference_gradient(f, x, h):
    return f.gradient(x)


def _differences(f, x, h, kind="centred", divide=2.0, restore=True, precedence=False):
    """Finite differences with switches that make each typical mistake (defaults: right).

    kind: "centred"; "forward" (f(x + h) − f(x)) / h; "backward" (f(x) − f(x − h)) / h; "half" (f(x + h) − f(x))
    / (2h); "all at once" (h added to every entry); "rows" (x[i] for i in range(len(x))).
    precedence: (up − down) / 2 * h, which is h² times the gradient.
    """
    x = np.array(x, dtype=float)  # a copy: the mistakes must not change the case's own array
    grad = np.zeros_like(x)
    if kind == "all at once":
        return np.full_like(x, (f(x + h) - f(x - h)) / (divide * h))
    for i in (range(len(x)) if kind == "rows" else np.ndindex(x.shape)):
        old = np.copy(x[i])
        x[i] = old + (0 if kind == "backward" else h)
        up = f(x)
        x[i] = old - h if kind in ("centred", "rows", "backward") else old
        down = f(x)
        if restore:
            x[i] = old
        step = h if kind in ("forward", "backward") else divide * h
        grad[i] = (up - down) / divide * h if precedence else (up - down) / step
    return grad


_GRADIENT_MISTAKES = [
    (functools.partial(_differences, kind="forward"),
     "that is the forward difference (f(x + h) − f(x)) / h. Its error shrinks only like h (here about "
     "h/2 times the curvature), against h² for the centred difference (f(x + h) − f(x − h)) / (2h)."),
    (functools.partial(_differences, kind="backward"),
     "that is the backward difference (f(x) − f(x − h)) / h. Like any one-sided difference its error shrinks "
     "only like h, against h² for the centred difference (f(x + h) − f(x − h)) / (2h)."),
    (functools.partial(_differences, kind="half"),
     "every entry is about half the gradient: your second value is f(x), not f(x − h e_i). Either the second "
     "nudge only undid the first (x[i] -= h after x[i] += h goes back to x: subtract 2h, or set x[i] = old − h), "
     "or x_minus is the same array as x_plus (x_minus = x makes no copy: use x.copy())."),
    (functools.partial(_differences, precedence=True),  # h² times the gradient is 0 to the check's atol
     "every entry is 0, or nearly (h² times the gradient). Two slips do that: (up − down) / 2 * h, which "
     "Python reads as ((up − down) / 2) * h (write / (2 * h)); or nudging a copy of x (x.flatten() and "
     "x.copy() make new arrays) while f still gets x (pass the nudged copy to f)."),
    (functools.partial(_differences, kind="rows"),
     "the entries of each row share one value: for a matrix, x[i] with i in range(len(x)) is a whole row, "
     "so you nudged a row at once. Visit single entries with for i in np.ndindex(x.shape)."),
    (functools.partial(_differences, divide=1.0),
     "every entry is twice too large: f(x + h) and f(x − h) are 2h apart, so divide their difference by 2h, "
     "not by h."),
    (functools.partial(_differences, restore=False),
     "you did not put each entry back after nudging it: x[i] stays at x[i] − h, so every later entry is "
     "measured at a shifted point. Restore x[i] = old after the two values."),
    (functools.partial(_differences, kind="all at once"),
     "you nudged every entry at once: f(x + h) − f(x − h) with h added to all of x measures the sum of all "
     "the partial derivatives. Nudge one entry at a time (numerical_derivative may nudge all at once only "
     "because σ acts on each entry separately)."),
]


def check_centred_gradient(fn):
    """Exercise: centred_gradient(f, x, h) -> the gradient of f at x by centred differences."""
    # a centred difference with h = 1e-5 is off by about h² ≈ 1e-10 (relative) and by rounding ε|f|/h ≈ 2e-11;
    # the forward difference is off by about h/2 times the curvature, some 1e-6 or more: rtol 1e-7 tells them apart
    return check_function(fn, "centred_gradient", _gradient_cases(), _reference_gradient, _GRADIENT_MISTAKES,
                          rtol=1e-7, atol=1e-9)


# --- exercise 3: a number ----------------------------------------------------------------------------

def _ratio_at(a):
    """1 / σ'(a), the ratio of the two output δ at weighted sum a (t = 1)."""
    o = 1 / (1 + math.exp(-a))
    return 1 / (o * (1 - o))


def check_saturation_ratio(answer, a=-5.0, t=1.0):
    """Exercise: how many times larger a saturated sigmoid output's δ is with cross-entropy than with ½ SSE."""
    delta = {}
    for loss in ("half_sse", "bce"):
        net = Network.from_weights([[[a]]], activations="sigmoid", loss=loss)
        net.forward([[1.0]])  # one input 1 through the weight a: the output unit's weighted sum is a
        net.backward([[t]])
        delta[loss] = net.delta[0][0, 0]
    o = net.o[1][0, 0]
    check_with_hints(answer, delta["bce"] / delta["half_sse"], "the ratio δ_bce / δ_sse", [
        (delta["half_sse"] / delta["bce"], "That is the inverse: the cross-entropy δ is the LARGER one."),
        (o * (1 - o), "That is σ'(a) itself: the ratio is 1 / σ'(a)."),
        (4.0, "1/σ'(0) = 4 holds at a = 0 only; use the slope at this a."),
        (delta["bce"], "That is the cross-entropy δ = t − o alone: divide it by the squared error's δ."),
        (delta["bce"] / delta["half_sse"] / 2, "You doubled the squared error's δ: with E = ½ (t − o)² the ½ cancels "
                                               "the 2 of the square, so δ = σ'(a)(t − o)."),
        (_ratio_at(-6.0), f"That is the ratio at a = -6, section 4's unit; this unit has a = {a:g}."),
        (math.exp(abs(a)), f"That is e^{abs(a):g} = {math.exp(abs(a)):.1f}, from notebook 01's tail approximation "
                           f"σ'(a) ≈ e^(-|a|): {1 - o * (1 - o) * math.exp(abs(a)):.1%} below the exact ratio here. "
                           "Exactly, "
                           f"1/σ'(a) = (1 + e^a)(1 + e^(-a)) = 2 + e^a + e^(-a) = {1 / (o * (1 - o)):.1f}."),
    ], rtol=1e-2)  # three significant digits are enough: a rounded 150 passes
