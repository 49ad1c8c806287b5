"""Check functions for the exercises: specific feedback on a learner's answer.

Each check prints its verdict (so a notebook cell shows it) and returns nothing.
Notebook-specific checks compute the expected value themselves with `helpers`,
so no answer is typed in here.
"""

import math

import numpy as np

from .activations import softmax


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


# --- notebook 06: handwritten digits ---
def _is_number(answer):
    return not isinstance(answer, bool) and isinstance(answer, (int, float, np.integer, np.floating))


def _check_count(answer, expected, name, hint):
    """Feedback for an answer that must be one exact whole number."""
    if not _is_number(answer) or not math.isfinite(answer):
        print(feedback(answer, expected, name=name))  # not answered, not a number, or nan/inf
    elif answer != int(answer):
        print(f"Not quite: {name} is a whole number, got {answer}.")
    elif answer == expected:
        print(f"Correct! {name} = {int(answer)}.")
    else:
        print(f"Not quite: {name} is not {int(answer)}; {hint}")


def check_cross_entropy(answer, scores, true_class):
    """The cross-entropy loss E = -ln o_c of one example with output scores a and true class c."""
    o = softmax(np.asarray(scores, dtype=float))
    expected = -math.log(o[true_class])
    if _is_number(answer) and math.isclose(answer, o[true_class], rel_tol=1e-3):
        print(f"Not quite: {answer:.6g} is the probability o_c itself; the loss is minus its logarithm.")
    elif _is_number(answer) and math.isclose(answer, -math.log10(o[true_class]), rel_tol=1e-3):
        print("Not quite: that is log base 10; the cross-entropy uses the natural logarithm (np.log).")
    elif _is_number(answer) and math.isclose(answer, -expected, rel_tol=1e-3):
        print("Not quite: the loss is minus the log-probability, so it is never negative.")
    elif _is_number(answer) and any(math.isclose(answer, -math.log(p), rel_tol=1e-3)
                                    for k, p in enumerate(o) if k != true_class):
        print(f"Not quite: that is the loss for another class; use the probability of class {true_class}.")
    else:
        check_number(answer, expected, name="the loss E")


def check_updates_per_epoch(answer, n_examples, batch_size):
    """How many weight updates one epoch of mini-batch SGD makes: the last batch may be smaller."""
    expected = -(-n_examples // batch_size)  # ceiling division
    if _is_number(answer) and answer == n_examples // batch_size and expected != n_examples // batch_size:
        print(f"Almost: {n_examples} = {n_examples // batch_size} × {batch_size} + {n_examples % batch_size}; "
              "the leftover examples form one more, smaller batch, and it makes an update too.")
    else:
        _check_count(answer, expected, "the number of updates per epoch",
                     f"count the batches of {batch_size} needed to cover all {n_examples} examples.")


def check_best_epoch(answer, history):
    """The epoch (counted from 1) with the lowest validation loss in a `helpers.training.History`."""
    val_loss = np.asarray(history.val_loss)
    if val_loss.size == 0:
        raise ValueError("this history has no validation loss: train with X_val and y_val")
    expected = int(np.argmin(val_loss)) + 1
    if _is_number(answer) and answer == expected - 1:
        print("Off by one: np.argmin counts from 0, but the epochs count from 1.")
    elif _is_number(answer) and answer == int(np.argmin(history.train_loss)) + 1 and answer != expected:
        print("Not quite: that is where the TRAINING loss is lowest; the question asks about validation.")
    elif _is_number(answer) and answer == int(np.argmax(history.val_acc)) + 1 and answer != expected:
        print("Not quite: that is the best validation ACCURACY; the question asks about the validation loss.")
    else:
        _check_count(answer, expected, "the best epoch",
                     "find where history.val_loss is smallest (np.argmin), and count epochs from 1.")
