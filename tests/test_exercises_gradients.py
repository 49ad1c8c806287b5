"""The coding exercises of notebook 05: init_std and clip_by_global_norm. Right and wrong answers are written here
from the formulas, each typical mistake gets its own diagnosis."""

import math

import numpy as np
import pytest

from helpers.exercises.gradients import check_clip_by_global_norm, check_init_std


def said(capsys, check, fn):
    result = check(fn)
    return result, capsys.readouterr().out


# --- init_std --------------------------------------------------------------------------------------
def right_std(activation, n_in, n_out):
    slope_squared = {"tanh": 1.0, "sigmoid": 0.25 ** 2}
    if activation == "relu":
        return math.sqrt(2 / n_in)
    return math.sqrt(2 / (n_in + n_out) / slope_squared[activation])


def with_mistake(activation, wrong):
    return lambda act, n_in, n_out: wrong(n_in, n_out) if act == activation else right_std(act, n_in, n_out)


def test_init_std_right_answer_passes(capsys):
    result, out = said(capsys, check_init_std, right_std)
    assert result.passed and out.startswith("Correct!")


@pytest.mark.parametrize("wrong,diagnosis", [
    (lambda act, n_in, n_out: right_std(act, n_in, n_out) ** 2, "that is the variance"),
    (with_mistake("tanh", lambda n_in, n_out: math.sqrt(6 / (n_in + n_out))), "UNIFORM"),
    (with_mistake("tanh", lambda n_in, n_out: math.sqrt(1 / (n_in + n_out))), "the 2 is missing"),
    (with_mistake("tanh", lambda n_in, n_out: math.sqrt(1 / n_in)), "only the forward pass"),
    (with_mistake("tanh", lambda n_in, n_out: math.sqrt(2 / n_in)), "that is He's rule"),
    (with_mistake("relu", lambda n_in, n_out: math.sqrt(2 / n_out)), "not 2 / n_out"),
    (with_mistake("relu", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out))), "that is Xavier's formula"),
    (with_mistake("relu", lambda n_in, n_out: math.sqrt(1 / n_in)), "must double"),
    (with_mistake("sigmoid", lambda n_in, n_out: 16 * math.sqrt(2 / (n_in + n_out))), "VARIANCE by 256"),
    (with_mistake("sigmoid", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out))), "Xavier's tanh scale"),
    (with_mistake("relu", lambda n_in, n_out: math.sqrt(1 / ((n_in + n_out) / 2 * 0.5))), "forward rule alone"),
    (with_mistake("sigmoid", lambda n_in, n_out: 0.25 * math.sqrt(2 / (n_in + n_out))), "not Xavier / 4"),
    (with_mistake("sigmoid", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out) / 0.25)), "slope SQUARED"),
    (with_mistake("sigmoid", lambda n_in, n_out: 4 * math.sqrt(3 * 2 / (n_in + n_out))), "bound for the sigmoid"),
])
def test_init_std_each_mistake_is_diagnosed(capsys, wrong, diagnosis):
    result, out = said(capsys, check_init_std, wrong)
    assert not result.passed and out.startswith("Not yet")
    assert "Diagnosis:" in out and diagnosis in out


def test_init_std_not_answered(capsys):
    def init_std(activation, n_in, n_out):
        raise NotImplementedError

    result, out = said(capsys, check_init_std, init_std)
    assert not result.answered and "not answered yet" in out.lower()


def test_init_std_exception_is_reported_with_the_line(capsys):
    def init_std(activation, n_in, n_out):
        return math.sqrt(2 / (n_in - n_in))  # a division by zero

    result, out = said(capsys, check_init_std, init_std)
    assert not result.passed and "ZeroDivisionError" in out and "n_in - n_in" in out


# --- clip_by_global_norm ---------------------------------------------------------------------------
def global_length(grads):
    return math.sqrt(sum(float((g ** 2).sum()) for g in grads))


def right_clip(grads, c):
    norm = global_length(grads)
    return [g * (c / norm) if norm > c else g.copy() for g in grads]


def test_clip_right_answer_passes(capsys):
    result, out = said(capsys, check_clip_by_global_norm, right_clip)
    assert result.passed and out.startswith("Correct!")


def each_alone(grads, c):
    return [right_clip([g], c)[0] for g in grads]


def always(grads, c):
    return [g * (c / global_length(grads)) for g in grads]


def upside_down(grads, c):
    norm = global_length(grads)
    return [g * (norm / c) if norm > c else g for g in grads]


def no_square_root(grads, c):
    squared = global_length(grads) ** 2
    return [g * (c / squared) if squared > c else g for g in grads]


def by_value(grads, c):
    return [np.minimum(np.maximum(g, -c), c) for g in grads]


def first_only(grads, c):
    norm = global_length(grads[:1])
    return [g * (c / norm) if norm > c else g for g in grads]


def sum_of_norms(grads, c):
    norm = sum(global_length([g]) for g in grads)
    return [g * (c / norm) if norm > c else g for g in grads]


def rms(grads, c):
    norm = np.sqrt(sum(np.mean(g ** 2) for g in grads))
    return [g * (c / norm) if norm > c else g for g in grads]


def largest_entry(grads, c):
    norm = max(np.abs(g).max() for g in grads)
    return [g * (c / norm) if norm > c else g for g in grads]


def condition_reversed(grads, c):
    norm = global_length(grads)
    return [g * (c / norm) if norm < c else g for g in grads]


def in_place(grads, c):
    norm = global_length(grads)
    if norm > c:
        for g in grads:
            g *= c / norm
    return grads


@pytest.mark.parametrize("wrong,diagnosis", [
    (each_alone, "clipped on its own"), (always, "below c"), (upside_down, "upside down"),
    (no_square_root, "square root"), (by_value, "clipping by value"), (first_only, "first array only"),
    (sum_of_norms, "were added"), (rms, "MEAN of the squares"), (largest_entry, "largest entry"),
    (condition_reversed, "came back unchanged"),
])
def test_clip_each_mistake_is_diagnosed(capsys, wrong, diagnosis):
    result, out = said(capsys, check_clip_by_global_norm, wrong)
    assert not result.passed and "Diagnosis:" in out and diagnosis in out


def test_clip_in_place_is_reported(capsys):
    result, out = said(capsys, check_clip_by_global_norm, in_place)
    assert not result.passed and "in place" in out


def test_clip_not_answered(capsys):
    def clip_by_global_norm(grads, c):
        raise NotImplementedError

    result, out = said(capsys, check_clip_by_global_norm, clip_by_global_norm)
    assert not result.answered and "not answered yet" in out.lower()


def test_clip_exception_is_reported_with_the_line(capsys):
    def clip_by_global_norm(grads, c):
        return [g / c for g in grads[5]]  # an index that does not exist

    result, out = said(capsys, check_clip_by_global_norm, clip_by_global_norm)
    assert not result.passed and "IndexError" in out and "grads[5]" in out
