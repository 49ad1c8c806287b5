"""Checks for notebook 04 XOR."""


import numpy as np

from ..network import Network
from .core import (
    check_number,
    is_correct,
)


def best_single_unit_score(n_grid=41, limit=10.0):
    """The most XOR patterns one sigmoid unit o = σ(w1 x1 + w2 x2 + b) gets on the correct side of 0.5.

    Found by brute force over a grid of (w1, w2, b) in [-limit, limit]³ (the answer only depends on
    the signs of the weighted sums, so a coarse grid is enough).
    """
    from ..data import xor_data

    X, T = xor_data()
    g = np.linspace(-limit, limit, n_grid)
    w1, w2, b = (a.reshape(-1, 1) for a in np.meshgrid(g, g, g))
    a = w1 * X[:, 0] + w2 * X[:, 1] + b  # (grid points, 4) weighted sums; o > 0.5 exactly when a > 0
    correct = (a > 0) == (T[:, 0] > 0.5)
    return int(correct.sum(axis=1).max())


def check_single_unit(answer):
    """Exercise: how many of the four XOR patterns can a single sigmoid unit get right, at best?"""
    expected = best_single_unit_score()
    if answer is not None and answer is not Ellipsis and answer == 4:
        print("Not quite: if one unit could get all four right, XOR would be linearly separable. "
              "Try to write down the four inequalities and add two of them.")
        return
    check_number(answer, expected, name="the number of patterns")


def xor_loss(outputs):
    """E = ½ Σ_p (t_p - o_p)² for four outputs o (in the order of `xor_data`)."""
    from ..data import xor_data

    _, T = xor_data()
    o = np.asarray(outputs, dtype=float).reshape(-1)
    if o.shape != (4,):
        raise ValueError(f"give four outputs, one per XOR pattern, got {o.shape[0]}")
    return 0.5 * float(np.sum((T[:, 0] - o) ** 2))


def tied_best(tied=(0, 2, 3)):
    """The best shared output v for the XOR patterns `tied` (the others exactly right), and its loss E."""
    from ..data import xor_data

    _, T = xor_data()
    v = float(np.mean(T[list(tied), 0]))  # a shared output minimises Σ (t - v)² at the mean target
    o = T[:, 0].copy()
    o[list(tied)] = v
    return v, xor_loss(o)


def check_tied_loss(answer):
    """Exercise: seed 5's failure, targets 0, 1, 0 of (0,0), (1,0), (1,1) tied at one output v: the best (v, E)."""
    if answer is None or answer is Ellipsis:
        print("Not answered yet: replace None with a pair (v, E).")
        return
    try:
        v, E = (float(x) for x in np.asarray(answer, dtype=float).reshape(-1))
    except (TypeError, ValueError):
        print("Give a pair of numbers (v, E), for example (0.4, 0.3).")
        return
    v_best, E_best = tied_best()
    if not is_correct(v, v_best):
        if is_correct(v, 1 - v_best):
            print(f"Not quite: v = {v:.4g} is the best tie for targets 1, 1, 0 (the other kind). "
                  "Here two of the three tied targets are 0.")
        elif is_correct(v, 0.5):
            print("Not quite: ½ hedges between 0 and 1, but two of the three tied targets are 0. "
                  "Minimise ½ (v² + (1 - v)² + v²) over v (set its derivative to zero).")
        else:
            print(f"Not quite: v = {v:.4g} is not the best shared output. "
                  "Minimise ½ (v² + (1 - v)² + v²) over v (set its derivative to zero).")
        return
    if is_correct(E, 2 * E_best):
        print(f"v is right, but E = {E:.4g} is twice too big. Did you forget the ½ in E = ½ Σ (t - o)²?")
        return
    if not is_correct(E, E_best):
        print(f"v is right, but E = {E:.4g} is not its loss. Put v into ½ (v² + (1 - v)² + v²); "
              "the pattern (0, 1) is exactly right and costs nothing.")
        return
    print(f"Correct! v = {v:.4g} (the mean of the tied targets) and E = {E:.4g}.")


def check_xor_network(W1, b1, W2, b2):
    """Exercise: do these 2-2-1 weights (W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)) compute XOR?"""
    from ..data import xor_data

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
        print(f"Not quite: {len(wrong)} of 4 patterns are on the wrong side of 0.5: " + "; ".join(wrong) + ".")
    else:
        print("Correct! All four outputs are on the right side of 0.5: "
              + ", ".join(f"{oi:.3f}" for oi in o) + f" (E = {xor_loss(o):.4f}).")
