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


# --- notebook 05: vanishing and exploding gradients ---
def check_chain_factor(answer):
    """δ_1 / δ_10 in a chain of 10 sigmoid units, all weights w = 2, every unit at a = 0."""
    from .activations import sigmoid_prime

    expected = (2.0 * sigmoid_prime(0.0)) ** 9
    text = feedback(answer, expected, name="δ_1 / δ_10", rtol=1e-6, atol=0)
    if not text.startswith(("Correct", "Not answered")):
        value = float(answer) if _is_number(answer) else None
        if value is not None and math.isclose(value, (2.0 * sigmoid_prime(0.0)) ** 10, rel_tol=1e-6):
            text += " Count the factors: from layer 10 back to layer 1 the signal crosses 9 connections."
        elif value is not None and math.isclose(value, sigmoid_prime(0.0) ** 9, rel_tol=1e-6):
            text += " Each factor is w·σ'(a), not σ'(a) alone: do not forget the weight w = 2."
        elif value is not None and value > 1:
            text += " The factor per layer is 2 · 1/4 = 1/2, so δ shrinks on the way back: expect a number below 1."
        else:
            text += " Multiply the per-layer factor w·σ'(0) by itself once per connection between layer 10 and layer 1."
    print(text)


def check_smallest_weight(answer):
    """The smallest |w| for which one factor |w σ'(a)| can reach 1."""
    from .activations import sigmoid_prime

    expected = 1.0 / sigmoid_prime(0.0)  # σ' is largest at a = 0
    text = feedback(answer, expected, name="the smallest |w|", rtol=1e-6, atol=0)
    if not text.startswith(("Correct", "Not answered")) and _is_number(answer):
        if math.isclose(float(answer), sigmoid_prime(0.0), rel_tol=1e-6):
            text += " That is the largest σ'(a); you need the |w| that makes |w|·σ'(a) = 1."
        else:
            text += " The largest value of σ'(a) is σ'(0): solve |w| · σ'(0) = 1."
    print(text)


def check_clipped_entry(answer):
    """The first entry of g1 = [3, 4] after clipping (g1, g2 = [12]) to a global norm of 6.5."""
    import numpy as np

    from .gradients import clip_by_norm

    grads = [np.array([3.0, 4.0]), np.array([12.0])]
    clipped, _ = clip_by_norm(grads, 6.5)
    expected = clipped[0][0]
    text = feedback(answer, expected, name="the clipped first entry", rtol=1e-6, atol=0)
    if not text.startswith(("Correct", "Not answered")) and _is_number(answer):
        alone, _ = clip_by_norm(grads[:1], 6.5)  # g1 on its own is short enough: unchanged
        norm = np.sqrt(sum(np.sum(g * g) for g in grads))
        if math.isclose(float(answer), alone[0][0], rel_tol=1e-6):
            text += (" That is g1 left alone, as if only g1 counted. Clipping by norm uses the length of ALL"
                     " parts together, and with g2 it is larger than 6.5.")
        elif math.isclose(float(answer), grads[0][0] * norm / 6.5, rel_tol=1e-6):
            text += " The scale factor is upside down: multiply by max_norm / norm, which is below 1."
        else:
            text += " First compute the global norm √(3² + 4² + 12²), then scale by 6.5 / that norm."
    print(text)


def _is_number(answer):
    try:
        return math.isfinite(float(answer))
    except (TypeError, ValueError):
        return False
