"""Check functions for the exercises: specific feedback on a learner's answer.

Each check prints its verdict (so a notebook cell shows it) and returns nothing.
Notebook-specific checks compute the expected value themselves with `helpers`,
so no answer is typed in here.
"""

import math


def feedback(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """The feedback text for a numeric answer: correct, not answered, or what looks wrong."""
    if answer is None or answer is Ellipsis:
        return f"Not answered yet: replace the ... or None with {name}."
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return f"{name} should be a number, got {type(answer).__name__}."
    if not math.isfinite(value):
        return f"{name} is {value}: check for a division by zero or an overflow."
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return f"Correct! {name} = {value:.6g}."
    hints = []
    if expected != 0 and math.isclose(-value, expected, rel_tol=rtol, abs_tol=atol):
        hints.append("the size is right but the sign is wrong")
    elif expected != 0 and any(math.isclose(value, expected * f, rel_tol=rtol) for f in (10, 0.1)):
        hints.append("off by a factor of ten: check the decimal point")
    elif math.isclose(value, expected, rel_tol=0.05):
        hints.append("close: did you round an intermediate value? Keep full precision")
    return f"Not quite: {name} = {value:.6g}" + (f" ({hints[0]})." if hints else ".")


def check_number(answer, expected, name="your answer", rtol=1e-3, atol=1e-9):
    """Print the feedback for a numeric answer against an expected value."""
    print(feedback(answer, expected, name=name, rtol=rtol, atol=atol))


def is_correct(answer, expected, rtol=1e-3, atol=1e-9):
    """True when `answer` is a finite number close to `expected` (used by tests and checks)."""
    return feedback(answer, expected, rtol=rtol, atol=atol).startswith("Correct")


# --- notebook 04: XOR ---------------------------------------------------------------------
import numpy as np  # noqa: E402


def best_single_unit_score(n_grid=41, limit=10.0):
    """The most XOR patterns one sigmoid unit o = σ(w1 x1 + w2 x2 + b) gets on the correct side of 0.5.

    Found by brute force over a grid of (w1, w2, b) in [-limit, limit]³ (the answer only depends on
    the signs of the weighted sums, so a coarse grid is enough).
    """
    from .data import xor_data

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
    from .data import xor_data

    _, T = xor_data()
    o = np.asarray(outputs, dtype=float).reshape(-1)
    if o.shape != (4,):
        raise ValueError(f"give four outputs, one per XOR pattern, got {o.shape[0]}")
    return 0.5 * float(np.sum((T[:, 0] - o) ** 2))


def check_stuck_loss(answer):
    """Exercise: the loss E of a run stuck with outputs (0, 1, ½, ½) on the XOR patterns."""
    expected = xor_loss([0.0, 1.0, 0.5, 0.5])
    if is_correct(answer, 2 * expected):
        print(f"Not quite: E = {float(answer):g} is twice too big. Did you forget the ½ in E = ½ Σ (t - o)²? "
              "(It is also the loss when all four outputs are ½; here two of them are right.)")
        return
    check_number(answer, expected, name="E")


def check_xor_network(W1, b1, W2, b2):
    """Exercise: do these 2-2-1 weights (W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)) compute XOR?"""
    from .data import xor_data
    from .network import Network

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
