"""Checks for notebook 05 Vanishing and exploding gradients."""

import math

import numpy as np

from .core import Case, check_function, feedback, finite_float


def check_chain_factor(answer):
    """δ_1 / δ_10 in a chain of 10 sigmoid units, all weights w = 2, every unit at a = 0."""
    from ..activations import sigmoid_prime

    expected = (2.0 * sigmoid_prime(0.0)) ** 9
    text = feedback(answer, expected, name="δ_1 / δ_10", rtol=1e-3, atol=0)
    value = finite_float(answer)
    if text.startswith("Not quite") and value is not None and "close" not in text:  # "close": nothing to add
        if math.isclose(value, (2.0 * sigmoid_prime(0.0)) ** 10, rel_tol=1e-3):
            text += " Count the factors: from layer 10 back to layer 1 the signal crosses 9 connections."
        elif math.isclose(value, sigmoid_prime(0.0) ** 9, rel_tol=1e-3):
            text += " Each factor is w·σ'(a), not σ'(a) alone: do not forget the weight w = 2."
        elif value > 1:
            text += " The factor per layer is 2 · 1/4 = 1/2, so δ shrinks on the way back: expect a number below 1."
        else:
            text += " Multiply the per-layer factor w·σ'(0) by itself once per connection between layer 10 and layer 1."
    print(text)


# --- coding exercise: the initial scale from the derivation ----------------------------------------------
# E[f'²] near a = 0 for each activation: tanh'(0) = 1, ReLU' is 1 for half of the units, σ'(0) = 1/4.
_SLOPE_SQUARED = {"tanh": 1.0, "relu": 0.5, "sigmoid": 1 / 16}


def _init_std(activation, n_in, n_out):
    """The reference: Xavier's compromise Var(w) = 2 / ((n_in + n_out) E[f'²]) for tanh and the sigmoid, He's
    forward rule Var(w) = 1 / (n_in E[f'²]) = 2 / n_in for ReLU; returns the standard deviation."""
    if activation == "relu":
        return math.sqrt(2 / n_in)
    return math.sqrt(2 / ((n_in + n_out) * _SLOPE_SQUARED[activation]))


def _init_variance(activation, n_in, n_out):
    return _init_std(activation, n_in, n_out) ** 2


def _only(activation, wrong):
    """A wrong variant for one activation; right for the others (so the diagnosis names the mistake made)."""
    return lambda act, n_in, n_out: wrong(n_in, n_out) if act == activation else _init_std(act, n_in, n_out)


_INIT_MISTAKES = [
    (_init_variance, "that is the variance Var(w). Var(w) = s², so the standard deviation s is its square root "
                     "(np.random.normal and Network take the standard deviation)."),
    (_only("tanh", lambda n_in, n_out: math.sqrt(6 / (n_in + n_out))),
     "√(6 / (n_in + n_out)) is the half-width of Glorot & Bengio's UNIFORM distribution U[-r, r], whose variance "
     "r²/3 is 2 / (n_in + n_out). For a normal distribution take √(2 / (n_in + n_out))."),
    (_only("tanh", lambda n_in, n_out: math.sqrt(1 / (n_in + n_out))),
     "the 2 is missing for tanh: Xavier averages the forward rule 1/n_in and the backward rule 1/n_out, "
     "Var(w) = 2 / (n_in + n_out)."),
    (_only("tanh", lambda n_in, n_out: math.sqrt(1 / n_in)),
     "that keeps only the forward pass, Var(w) = 1/n_in. Xavier's compromise uses both widths: 2 / (n_in + n_out)."),
    (_only("tanh", lambda n_in, n_out: math.sqrt(2 / n_in)),
     "that is He's rule for ReLU, 2 / n_in. tanh passes every unit with slope 1 near 0 (E[f'²] = 1), so it takes "
     "Xavier's compromise: Var(w) = 2 / (n_in + n_out)."),
    (_only("relu", lambda n_in, n_out: math.sqrt(2 / n_out)),
     "for ReLU (He) the width is n_in, the number of inputs each unit sums over: Var(w) = 2 / n_in, not 2 / n_out."),
    (_only("relu", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out))),
     "that is Xavier's formula; for ReLU E[f'²] = 1/2, and He's rule is Var(w) = 2 / n_in."),
    (_only("relu", lambda n_in, n_out: math.sqrt(1 / n_in)),
     "for ReLU only half the units pass δ on (E[f'²] = 1/2), so the variance must double: 2 / n_in, not 1 / n_in."),
    (_only("sigmoid", lambda n_in, n_out: 16 * math.sqrt(2 / (n_in + n_out))),
     "16 × Xavier's standard deviation multiplies the VARIANCE by 256. E[σ'²] = 1/16 asks for 16 times the variance, "
     "that is √16 = 4 times the standard deviation."),
    (_only("sigmoid", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out))),
     "that is Xavier's tanh scale. The sigmoid's slope near 0 is 1/4, so E[σ'²] = 1/16: the variance must be 16 "
     "times larger."),
    (_only("relu", lambda n_in, n_out: math.sqrt(4 / (n_in + n_out))),
     "that is the compromise 2 / ((n_in + n_out) E[f'²]) with E[f'²] = 1/2. For ReLU, He et al. keep the forward "
     "rule alone: Var(w) = 1 / (n_in E[f'²]) = 2 / n_in."),
    (_only("sigmoid", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)) / 4),
     "the weights came out 4 times SMALLER than Xavier's. A small slope asks for larger weights: the variance is "
     "divided by E[σ'²] = 1/16, so s = 4 × Xavier, not Xavier / 4."),
    (_only("sigmoid", lambda n_in, n_out: 2 * math.sqrt(2 / (n_in + n_out))),
     "that is 2 × Xavier, from E[σ'²] = 1/4. E[f'²] is the slope SQUARED: σ'(0)² = (1/4)² = 1/16, so s = 4 × Xavier."),
    (_only("sigmoid", lambda n_in, n_out: 4 * math.sqrt(6 / (n_in + n_out))),
     "4 × √(6 / (n_in + n_out)) is Glorot & Bengio's bound for the sigmoid with a UNIFORM distribution U[-r, r] "
     "(variance r²/3). For a normal distribution the standard deviation is 4 × √(2 / (n_in + n_out))."),
]


def _init_cases():
    return [Case(f"{act}, n_in = {n_in}, n_out = {n_out}", act, n_in, n_out)
            for act, n_in, n_out in [("tanh", 784, 30), ("relu", 30, 784), ("sigmoid", 3, 5), ("tanh", 64, 64),
                                     ("relu", 64, 64), ("sigmoid", 64, 64), ("tanh", 1, 10), ("relu", 7, 1)]]


def check_init_std(fn):
    """Check init_std(activation, n_in, n_out) -> the standard deviation of the initial weights."""
    return check_function(fn, "init_std", _init_cases(), _init_std, _INIT_MISTAKES, rtol=1e-6, atol=0)


# --- coding exercise: clipping by global norm -----------------------------------------------------------
def _clip(grads, c):
    """The reference: every array times c / ‖g‖ if the global norm ‖g‖ > c; unchanged copies otherwise."""
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    scale = c / norm if norm > c else 1.0
    return [g * scale for g in grads]


def _clip_each(grads, c):
    return [g * (c / np.linalg.norm(g) if np.linalg.norm(g) > c else 1.0) for g in grads]


def _clip_always(grads, c):
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    return [g * (c / norm) for g in grads]


def _clip_upside_down(grads, c):
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    return [g * (norm / c if norm > c else 1.0) for g in grads]


def _clip_squared_norm(grads, c):
    squared = sum(float(np.sum(g * g)) for g in grads)
    return [g * (c / squared if squared > c else 1.0) for g in grads]


def _clip_by_value(grads, c):
    return [np.clip(g, -c, c) for g in grads]


def _clip_first_only(grads, c):
    norm = float(np.linalg.norm(grads[0]))
    return [g * (c / norm if norm > c else 1.0) for g in grads]


def _clip_sum_of_norms(grads, c):
    norm = sum(float(np.linalg.norm(g)) for g in grads)
    return [g * (c / norm if norm > c else 1.0) for g in grads]


def _clip_mean_of_squares(grads, c):
    norm = math.sqrt(sum(float(np.mean(g * g)) for g in grads))
    return [g * (c / norm if norm > c else 1.0) for g in grads]


def _clip_largest_entry(grads, c):
    norm = max(float(np.max(np.abs(g))) for g in grads)
    return [g * (c / norm if norm > c else 1.0) for g in grads]


def _clip_never(grads, c):
    return [g.copy() for g in grads]


_CLIP_MISTAKES = [
    (_clip_each, "each array was clipped on its own. Clipping by GLOBAL norm measures the length of all arrays "
                 "together, √(Σ over every array of Σ g²), and scales every array by the same factor, so the direction "
                 "of the whole gradient stays."),
    (_clip_always, "the gradient was rescaled even though its norm is below c. Clip only when ‖g‖ > c; otherwise "
                   "return it unchanged (scaling up a small gradient would make small steps large)."),
    (_clip_upside_down, "the factor is upside down: multiply by c / ‖g‖ (below 1 when ‖g‖ > c), not ‖g‖ / c."),
    (_clip_squared_norm, "the norm is missing its square root: ‖g‖ = √(Σ g²), not Σ g²."),
    (_clip_by_value, "that clips every entry to [-c, c] (clipping by value, np.clip). Clipping by norm keeps the "
                     "direction: multiply every array by c / ‖g‖."),
    (_clip_first_only, "the norm was taken of the first array only. The global norm counts the entries of ALL the "
                       "arrays (weights and biases)."),
    (_clip_sum_of_norms, "the norms of the arrays were added. The global norm is √(‖g₁‖² + ‖g₂‖² + ...), the length "
                         "of all entries as one long vector, not ‖g₁‖ + ‖g₂‖ + ...."),
    (_clip_mean_of_squares, "the norm was computed from the MEAN of the squares (np.mean or a root-mean-square). "
                            "The norm adds them up: √(Σ g²), with np.sum."),
    (_clip_largest_entry, "the largest entry was used as the norm. The global norm is the length of all entries "
                          "together, √(Σ g²), larger than any single entry."),
    (_clip_never, "the arrays came back unchanged, although their global norm is above c. Check the condition "
                  "(clip when ‖g‖ > c) and the norm: the square root of the SUM of all squared entries."),
]


def _clip_cases():
    rng = np.random.default_rng(5)
    W, b = rng.normal(0, 3.0, size=(3, 2)), rng.normal(0, 3.0, size=2)
    small = [0.1 * W, 0.1 * b]
    three = [rng.normal(size=(4, 5)), rng.normal(size=5), np.array([[30.0]])]
    return [
        Case("a 3×2 weight gradient and a bias gradient of 2, norm above c = 3", [W, b], 3.0),
        Case("the same two arrays scaled down, norm below c: nothing changes", small, 3.0),
        Case("three arrays, one of them 1×1 and large, c = 2.5", three, 2.5),
        Case("one array, norm just above c = 1", [np.array([0.6, -0.9])], 1.0),
    ]


def check_clip_by_global_norm(fn):
    """Check clip_by_global_norm(grads, c) -> a list of new arrays, clipped together to a global norm of at most c."""
    return check_function(fn, "clip_by_global_norm", _clip_cases(), _clip, _CLIP_MISTAKES)
