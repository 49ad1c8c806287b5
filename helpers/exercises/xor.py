"""Checks for notebook 04 XOR: the learner's training loop, the best tied output, a 2-2-1 network by hand."""

import copy

import numpy as np

from ..activations import sigmoid
from ..data import xor_data
from ..network import Network
from .core import Case, check_function

# --- exercise 1: a full-batch training loop ------------------------------------------------------


def _train(W1, b1, W2, b2, X, T, eta, epochs, mistake=None):
    """Full-batch gradient descent on E = ½ Σ_p (t_p - o_p)² for a 2-H-1 sigmoid network: the reference
    (mistake=None), or one of the typical wrong versions (the names in _MISTAKES)."""
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
    X, T = np.asarray(X, dtype=float), np.asarray(T, dtype=float)
    scale = {"ascent": -eta, "mean": eta / len(X), "no_half": 2 * eta}.get(mistake, eta)
    batches = [(X[p:p + 1], T[p:p + 1]) for p in range(len(X))] if mistake == "online" else [(X, T)]
    for _ in range(epochs):
        for Xb, Tb in batches:
            with_bias = mistake != "no_bias_forward"
            a1 = Xb @ W1 + (b1 if with_bias else 0)
            o1 = sigmoid(a1)
            a2 = o1 @ W2 + (b2 if with_bias else 0)
            o2 = sigmoid(a2)
            slope2, slope1 = o2 * (1 - o2), o1 * (1 - o1)
            if mistake == "slope_from_a":
                slope2, slope1 = a2 * (1 - a2), a1 * (1 - a1)
            elif mistake == "slope_of_sigmoid_of_o":  # σ'(x) = σ(x)(1 - σ(x)) applied to o instead of a
                slope2, slope1 = sigmoid(o2) * (1 - sigmoid(o2)), sigmoid(o1) * (1 - sigmoid(o1))
            delta2 = (Tb - o2) * (1 if mistake == "no_output_slope" else slope2)  # δ = -∂E/∂a
            if mistake == "stale_W2":  # W2 changed before the hidden δ was computed from it
                W2 = W2 + scale * o1.T @ delta2
            sent_back = (Tb - o2) if mistake == "hidden_from_error" else delta2
            back = (W2 @ sent_back.T) if mistake == "hidden_transposed" else sent_back @ W2.T
            if back.shape != o1.shape:
                raise ValueError("this wrong variant does not run for these shapes")
            delta1 = back * (1 if mistake == "no_hidden_slope" else slope1)
            if mistake != "stale_W2":
                W2 = W2 + scale * (a1 if mistake == "a_as_input" else o1).T @ delta2
            W1 = W1 + scale * Xb.T @ delta1
            if mistake == "bias_not_summed":
                b1, b2 = b1 + scale * delta1, b2 + scale * delta2
            elif mistake == "bias_sum_all":  # .sum() without axis: one number for all units
                b1, b2 = b1 + scale * delta1.sum(), b2 + scale * delta2.sum()
            elif mistake != "no_bias_update":
                b1, b2 = b1 + scale * delta1.sum(axis=0), b2 + scale * delta2.sum(axis=0)
        if mistake == "one_step":  # a `return` indented into the loop
            break
    return (W1, W2, b1, b2) if mistake == "order" else (W1, b1, W2, b2)


def _reference_train(W1, b1, W2, b2, X, T, eta, epochs):
    return _train(W1, b1, W2, b2, X, T, eta, epochs)


def _variant(mistake):
    def wrong(W1, b1, W2, b2, X, T, eta, epochs):
        try:
            with np.errstate(all="ignore"):  # some wrong variants overflow on some cases: that is their business
                return _train(W1, b1, W2, b2, X, T, eta, epochs, mistake)
        except ValueError:  # a variant that cannot run on this case never matches: give the right answer
            return _reference_train(W1, b1, W2, b2, X, T, eta, epochs)
    wrong.__name__ = f"train_xor_{mistake}"
    return wrong


_MISTAKES_TEXT = [
    ("ascent", "Your steps go uphill: the weights moved by +η ∂E/∂w instead of -η ∂E/∂w (or δ has the wrong sign). "
               "With δ = (t - o) o(1 - o) = -∂E/∂a, the change is Δw = +η o δ; with the gradient dW = -o δ it is "
               "W - η dW."),
    ("no_output_slope", "The output δ lacks the slope f′(a) = o(1 - o): δ_out = (t - o) o(1 - o). (Without it you "
                        "follow the gradient of the cross-entropy loss, not of ½ Σ (t - o)².)"),
    ("slope_of_sigmoid_of_o", "The slopes were computed as σ(o)(1 - σ(o)), the sigmoid applied a second time: "
                              "σ'(a) = σ(a)(1 - σ(a)) takes the weighted sum a, and since o = σ(a) it is simply "
                              "o(1 - o)."),
    ("hidden_from_error", "The hidden δ was computed from the output error t - o instead of the output δ: "
                          "δ_hidden = (δ_out @ W2.T) * o1 * (1 - o1), with δ_out = (t - o) o(1 - o), slope "
                          "included."),
    ("no_hidden_slope", "The hidden δ lacks the slope f′(a) = o(1 - o) of the hidden units: "
                        "δ_hidden = (δ_out @ W2.T) * o1 * (1 - o1)."),
    ("slope_from_a", "The slopes were computed from the weighted sums a, as a(1 - a): the sigmoid's slope is "
                     "o(1 - o), from its output o = σ(a)."),
    ("hidden_transposed", "The hidden δ came out transposed: W2 @ δ_out.T has shape (H, P) and only runs here "
                          "because H = P = 4. Hidden unit j of pattern p gets Σ_k δ_out[p, k] W2[j, k]: "
                          "δ_out @ W2.T, shape (P, H)."),
    ("bias_not_summed", "The bias changes were not summed over the patterns: δ has one row per pattern, so "
                        "b + η δ becomes a (P, H) array. Use η δ.sum(axis=0), one number per unit."),
    ("bias_sum_all", "The bias changes were summed over everything, patterns and units alike (`.sum()` without "
                     "an axis), so every hidden bias got the same change. Sum over the patterns only: "
                     "η δ.sum(axis=0), one number per unit."),
    ("a_as_input", "W2's change used the hidden units' weighted sums a instead of their outputs o: the input a "
                   "weight carries is o = σ(a), so ΔW2 = η o1.T @ δ_out."),
    ("no_bias_update", "The biases never change: they are parameters too, Δb = η Σ_p δ (a weight from an input "
                       "that is always 1)."),
    ("no_bias_forward", "The forward pass leaves out the biases: a = X @ W1 + b1 and a = o1 @ W2 + b2."),
    ("stale_W2", "W2 was updated before the hidden δ was computed, so δ_hidden used the new W2. Compute every δ "
                 "with the weights of the forward pass first, then change the weights."),
    ("mean", "Your steps are P times too small: you averaged over the patterns (the gradient of the mean loss). "
             "The loss here is the sum E = ½ Σ_p (t_p - o_p)², so Δw = η Σ_p o δ."),
    ("no_half", "Your steps are twice too large: E = ½ Σ (t - o)² has the ½ so that its derivative is "
                "-(t - o), without a factor 2."),
    ("one_step", "Your function stopped after the first epoch: the first case (one step) passes, but with more "
                 "epochs it returns the weights after one. Is the `return` indented inside the loop?"),
    ("order", "Return the four arrays in the order (W1, b1, W2, b2), the order of the arguments: you returned "
              "(W1, W2, b1, b2)."),
    ("online", "You updated after every pattern (online updates); the exercise asks for one full-batch step per "
               "epoch, with the δs of all P patterns computed from the same weights."),
]
_MISTAKES = [(_variant(name), text) for name, text in _MISTAKES_TEXT]


def _start(H, seed, bias_scale=0.0):
    """Initial (W1, b1, W2, b2) of a 2-H-1 network drawn as `Network([2, H, 1], rng=seed)` draws them,
    plus biases drawn from N(0, bias_scale²) (so that a bias mistake shows)."""
    net = Network([2, H, 1], rng=seed)
    rng = np.random.default_rng(seed + 1000)
    return net.W[0], bias_scale * rng.normal(size=H), net.W[1], bias_scale * rng.normal(size=1)


SUCCESS_CASE = dict(H=4, seed=0, eta=0.5, epochs=2000)  # the run that must learn XOR


def _cases():
    X, T = xor_data()
    s = SUCCESS_CASE
    return [
        Case("one step, H = 4 hidden units for P = 4 patterns, non-zero biases, η = 0.5", *_start(4, 1, 0.5), X, T,
             0.5, 1),
        Case("a batch of one pattern, H = 2, 3 steps", *_start(2, 2, 0.5), X[2:3], T[2:3], 1.0, 3),
        Case("H = 3, 10 steps", *_start(3, 3, 0.5), X, T, 1.0, 10),
        Case("H = 2, 10 steps, η = 2", *_start(2, 4, 0.5), X, T, 2.0, 10),
        Case("H = 5, 50 steps", *_start(5, 5, 0.5), X, T, 0.7, 50),
        Case(f"seed {s['seed']}, H = {s['H']}, η = {s['eta']}, {s['epochs']:,} epochs from zero biases",
             *_start(s["H"], s["seed"]), X, T, s["eta"], s["epochs"]),
    ]


def xor_outputs(W1, b1, W2, b2):
    """The four outputs of a 2-H-1 sigmoid network on the XOR patterns."""
    X, _ = xor_data()
    return sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)[:, 0]


_SHAPE_HINT = ("Hint: a shape error usually means a transpose is missing or one too many. The shapes: "
               "X (P, 2) @ W1 (2, H) → (P, H); o1 (P, H) @ W2 (H, 1) → (P, 1); δ_out (P, 1) @ W2.T (1, H) → (P, H); "
               "X.T (2, P) @ δ_hidden (P, H) → (2, H), the shape of W1; o1.T (H, P) @ δ_out (P, 1) → (H, 1), "
               "the shape of W2.")


def check_train_xor(fn):
    """Exercise: the learner's full-batch training loop train_xor(W1, b1, W2, b2, X, T, eta, epochs)."""
    result = check_function(fn, "train_xor", _cases(), _reference_train, _MISTAKES, rtol=1e-6, atol=1e-9)
    if not result.passed and "raised ValueError" in result.feedback and \
            any(word in result.feedback for word in ("shape", "dimension", "broadcast")):
        print(_SHAPE_HINT)
        result.feedback += "\n" + _SHAPE_HINT
    if result.passed:
        case = _cases()[-1]
        o = xor_outputs(*fn(*copy.deepcopy(case.args))[:4])
        _, T = xor_data()
        s = SUCCESS_CASE
        text = (f"On seed {s['seed']} (H = {s['H']}, η = {s['eta']}, {s['epochs']:,} epochs) your loop gives the "
                f"outputs {', '.join(f'{v:.3f}' for v in o)}: "
                f"{np.sum(np.abs(T[:, 0] - o) < 0.5)} of 4 on the correct side of ½.")
        print(text)
        result.feedback += "\n" + text
    return result


# --- exercise 2: the best shared output of tied patterns ---------------------------------------------

SOFT_TARGETS = (0.1, 0.9)  # the targets of exercise 2, in place of 0 and 1


def xor_loss(outputs, targets=None):
    """E = ½ Σ_p (t_p - o_p)² for four outputs o (in the order of `xor_data`); targets default to XOR's."""
    o = np.asarray(outputs, dtype=float).reshape(-1)
    if o.shape != (4,):
        raise ValueError(f"give four outputs, one per XOR pattern, got {o.shape[0]}")
    t = xor_data()[1][:, 0] if targets is None else np.asarray(targets, dtype=float).reshape(-1)
    return 0.5 * float(np.sum((t - o) ** 2))


def soft_targets(low=SOFT_TARGETS[0], high=SOFT_TARGETS[1]):
    """XOR's targets with 0 replaced by `low` and 1 by `high`."""
    return np.where(xor_data()[1][:, 0] > 0.5, high, low)


def tied_best(tied=(0, 2, 3), targets=None):
    """The best shared output v for the XOR patterns `tied` (the others exactly right), and its loss E."""
    t = xor_data()[1][:, 0] if targets is None else np.asarray(targets, dtype=float)
    v = float(np.mean(t[list(tied)]))  # a shared output minimises Σ (t - v)² at the mean target
    o = t.copy()
    o[list(tied)] = v
    return v, xor_loss(o, t)


def _near(x, y, rtol):
    return abs(x - y) <= rtol * abs(y)


def check_tied_loss(answer):
    """Exercise 2: targets 0.1 and 0.9; (0,0), (1,0), (1,1) share one output v, (0,1) is exactly 0.9: the best (v, E).

    Both numbers are accepted to three significant digits (within 0.2 %); within 2 % the learner is told to
    keep more digits rather than that the answer is wrong.
    """
    if answer is None or answer is Ellipsis:
        print("Not answered yet: replace None with a pair (v, E).")
        return
    try:
        v, E = (float(x) for x in np.asarray(answer, dtype=float).reshape(-1))
    except (TypeError, ValueError):
        print("Give a pair of numbers (v, E), for example (0.4, 0.3).")
        return
    t = soft_targets()
    v_best, E_best = tied_best(targets=t)
    if not _near(v, v_best, 2e-3):
        if _near(v, v_best, 0.02):
            print(f"Close: v = {v:.4g} is near the best shared output, but not to three significant digits. "
                  "Keep more digits.")
        elif _near(v, tied_best()[0], 2e-3):
            print(f"Not quite: v = {v:.4g} is the best tie for targets 0 and 1. Here the targets are "
                  f"{t[0]:g} and {t[1]:g}: which value minimises the sum of squared distances to them?")
        elif any(_near(v, w, 2e-3) for w in (1 - v_best, tied_best((0, 1, 2), t)[0], tied_best((0, 1, 2))[0])):
            # the mirror image, or the text's targets 1, 1, 0 (v = ⅔)
            print(f"Not quite: v = {v:.4g} is the best tie when two of the three tied targets are high. "
                  f"Here the tied targets are {t[0]:g}, {t[2]:g}, {t[3]:g}.")
        elif _near(v, 0.5, 2e-3):
            print("Not quite: ½ hedges halfway, but two of the three tied targets are low. "
                  "Minimise the three squared errors over v (set the derivative to zero).")
        else:
            print(f"Not quite: v = {v:.4g} is not the best shared output. "
                  "Minimise the three tied patterns' squared errors over v (set the derivative to zero).")
        return
    if _near(E, 2 * E_best, 2e-3):
        print(f"v is right, but E = {E:.4g} is twice too big. Did you forget the ½ in E = ½ Σ (t - o)²?")
    elif _near(E, xor_loss([v_best, 1.0, v_best, v_best], t), 2e-3):
        print(f"v is right, but E = {E:.4g} charges the pattern (0, 1) as if its output were 1: "
              f"here it is exactly its target {t[1]:g} and costs nothing.")
    elif _near(E, E_best, 0.02) and not _near(E, E_best, 2e-3):
        print(f"Close: E = {E:.4g} is near the loss, but not to three significant digits. Keep more digits.")
    elif not _near(E, E_best, 2e-3):
        print(f"v is right, but E = {E:.4g} is not its loss. Put v into ½ Σ (t - o)² over the three tied "
              "patterns; the pattern (0, 1) is exactly right and costs nothing.")
    else:
        print(f"Correct! v = {v:.4g} (the mean of the tied targets) and E = {E:.4g}.")


# --- exercise 3: XOR by hand ----------------------------------------------------------------------


def check_xor_network(W1, b1, W2, b2):
    """Exercise: do these 2-2-1 weights (W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)) compute XOR?"""
    if any(w is None or w is Ellipsis for w in (W1, b1, W2, b2)):
        print("Not answered yet: fill in W1, b1, W2 and b2.")
        return
    try:
        W1, b1, W2, b2 = (np.asarray(w, dtype=float) for w in (W1, b1, W2, b2))
    except (TypeError, ValueError):
        print("W1, b1, W2 and b2 must be numbers or arrays of numbers.")
        return
    sizes = {"W1": (W1, 4, (2, 2)), "b1": (b1, 2, (2,)), "W2": (W2, 2, (2, 1)), "b2": (b2, 1, (1,))}
    for name, (w, size, shape) in sizes.items():
        if w.size != size or (name == "W1" and w.shape != (2, 2)):
            print(f"{name} should have shape {shape} (got {w.shape}): W1[i, j] is the weight from input i to hidden "
                  "unit j, W2[j, 0] from hidden unit j to the output.")
            return
        if not np.all(np.isfinite(w)):
            print(f"{name} contains NaN or inf: use finite numbers.")
            return
    net = Network.from_weights([W1, W2.reshape(2, 1)], [b1.reshape(2), b2.reshape(1)])
    X, T = xor_data()
    o = net.forward(X)[:, 0]
    wrong = [f"x = ({x[0]:g}, {x[1]:g}) gives o = {oi:.3f}, target {t:g}"
             for x, oi, t in zip(X, o, T[:, 0]) if abs(t - oi) >= 0.5]
    if wrong:
        verb = "is" if len(wrong) == 1 else "are"
        print(f"Not quite: {len(wrong)} of 4 patterns {verb} on the wrong side of 0.5: " + "; ".join(wrong) + ".")
    else:
        print("Correct! All four outputs are on the right side of 0.5: "
              + ", ".join(f"{oi:.3f}" for oi in o) + f" (E = {xor_loss(o):.4f}).")
