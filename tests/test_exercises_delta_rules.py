"""Notebook 03's checks: the two coding exercises (each typical mistake gets its own diagnosis) and one number.

The right and wrong answers are written here by hand, independently of helpers.exercises.delta_rules.
"""

import json
import math

import numpy as np
import pytest

from conftest import ROOT
from helpers.exercises.delta_rules import (
    _backward,
    _backward_cases,
    _reference_backward,
    check_backward,
    check_centred_gradient,
    check_saturation_ratio,
)

# --- exercise 1: backward ---------------------------------------------------------------------------


def backward(W, b, o, T):
    """A right answer, written out the way a learner would."""
    L = len(W)
    dW, db = [None] * L, [None] * L
    delta = o[L] * (1 - o[L]) * (T - o[L])
    for l in range(L - 1, -1, -1):
        dW[l] = -o[l].T @ delta
        db[l] = -delta.sum(axis=0)
        if l > 0:
            delta = (delta @ W[l].T) * o[l] * (1 - o[l])
    return dW, db


def variant(output_slope=lambda o, a: o * (1 - o), hidden_slope=None, transpose=True, sign=1, factor=1, mean=False,
            bias="sum", dW_T=False, slope_above=False):
    """A learner's backward with one slip; the slope functions get (o, a) of the layer."""
    hidden_slope = hidden_slope or output_slope

    def fn(W, b, o, T):
        L, B = len(W), len(T)
        a = [None] + [o[l] @ W[l] + b[l] for l in range(L)]  # a[l] belongs to o[l]
        dW, db = [None] * L, [None] * L
        delta = factor * output_slope(o[L], a[L]) * (T - o[L])
        for l in range(L - 1, -1, -1):
            g = -sign * delta / (B if mean else 1)
            dW[l] = g.T @ o[l] if dW_T else o[l].T @ g
            db[l] = {"sum": g.sum(axis=0), "none": np.zeros(W[l].shape[1]), "rows": g,
                     "units": g.sum(axis=1)}[bias]
            if l > 0:
                k = l + 1 if slope_above else l
                delta = (delta @ (W[l].T if transpose else W[l])) * hidden_slope(o[k], a[k])
        return dW, db
    return fn


def sig(x):
    return 1 / (1 + np.exp(-x))


def said(capsys, check, fn):
    result = check(fn)
    return result, capsys.readouterr().out


def test_the_reference_is_network_backward_and_the_switchboard_agrees(capsys):
    for case in _backward_cases():
        expected = _reference_backward(*case.args)
        for got in (backward(*case.args), _backward(*case.args)):
            for e, g in zip(expected[0] + expected[1], got[0] + got[1]):
                np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-15)


def test_a_right_backward_passes(capsys):
    result, out = said(capsys, check_backward, backward)
    assert result.passed and out.startswith("Correct! backward passed all 5 cases")
    assert "a batch of 1" in out and "non-zero biases" in out and "4 layers" in out


@pytest.mark.parametrize("fn,diagnosis", [
    (variant(sign=-1), "wrong sign"),
    (variant(factor=2), "twice too large"),
    (variant(mean=True), "mean over the batch"),
    (variant(output_slope=lambda o, a: 1.0), "the slope f'(a) is missing"),
    (variant(output_slope=lambda o, a: 1.0, hidden_slope=lambda o, a: o * (1 - o)), "output δ is missing the slope"),
    (variant(hidden_slope=lambda o, a: 1.0), "hidden rule is missing the slope"),
    (variant(output_slope=lambda o, a: sig(o) * (1 - sig(o))), "applied σ' to the output"),
    (variant(output_slope=lambda o, a: a * (1 - a)), "a(1 − a)"),
    (variant(slope_above=True), "slope comes from the wrong layer"),
    (variant(dW_T=True), "dW[l] is transposed"),
    (variant(bias="none"), "bias gradients are zero"),
    (lambda W, b, o, T: tuple(g[::-1] for g in backward(W, b, o, T)), "from the output layer down"),
    (variant(bias="rows"), "one row per example"),
    (variant(bias="units"), "summed over the wrong axis"),
])
def test_each_mistake_gets_its_own_diagnosis(capsys, fn, diagnosis):
    result, out = said(capsys, check_backward, fn)
    assert not result.passed and out.startswith("Not yet")
    assert out.count("Diagnosis:") == 1, out
    assert diagnosis in out.split("Diagnosis: ")[1], out


def learner(bias=lambda delta: -delta.sum(axis=0), slope=None, carry=True, early=False, in_place=False):
    """A learner's backward written out by hand, with one of the slips the review found (defaults: right)."""
    def fn(W, b, o, T):
        L = len(W)
        dW, db = [None] * L, [None] * L
        f_prime = slope or (lambda l: o[l] * (1 - o[l]))
        delta = f_prime(L) * (T - o[L])
        for l in range(L - 1, -1, -1):
            if early and l > 0:
                delta = (delta @ W[l].T) * f_prime(l)
            dW[l] = -o[l].T @ delta
            db[l] = bias(delta)
            if in_place:
                W[l] -= 0.5 * dW[l]  # an update slipped into the backward pass
            if l > 0 and not early:
                below = (delta @ W[l].T) * f_prime(l)
                if carry:
                    delta = below
        return dW, db
    return fn


@pytest.mark.parametrize("fn,diagnosis", [
    (learner(bias=lambda delta: -delta.sum(axis=0, keepdims=True)), "keepdims=True"),
    (learner(bias=lambda delta: delta.sum(axis=0)), "db has the wrong sign (dW is right)"),
    (learner(bias=lambda delta: -delta.mean(axis=0)), "mean of −δ over the batch"),
])
def test_more_learner_slips_get_their_diagnosis(capsys, fn, diagnosis):
    result, out = said(capsys, check_backward, fn)
    assert not result.passed and out.count("Diagnosis:") == 1 and diagnosis in out.split("Diagnosis: ")[1], out


def test_a_slope_recomputed_without_the_bias_is_diagnosed_once_biases_are_not_zero(capsys):
    def make(W, b, o, T):
        def f_prime(l):
            s = sig(o[l - 1] @ W[l - 1])  # the weighted sum without + b[l - 1]
            return s * (1 - s)
        return learner(slope=f_prime)(W, b, o, T)
    result, out = said(capsys, check_backward, make)
    assert out.startswith("Not yet: in case 2 of 5") and "non-zero biases" in out, out
    assert "leaves out the bias" in out.split("Diagnosis: ")[1]


def test_delta_not_carried_down_and_delta_moved_too_early_are_diagnosed(capsys):
    _, out = said(capsys, check_backward, learner(carry=False))
    assert "dW[0] has shape (2, 1), expected (2, 2)" in out and "δ is not carried down" in out, out
    _, out = said(capsys, check_backward, learner(early=True))
    assert "the δ of the layer below" in out.split("Diagnosis: ")[1], out


def test_a_wrong_result_from_code_that_changes_its_inputs_says_so(capsys):
    result, out = said(capsys, check_backward, learner(in_place=True))
    assert not result.passed and "differs" in out and "also changed its input W in place" in out, out


def test_a_missing_layer_and_a_missing_db_are_named(capsys):
    def skips_layer_0(W, b, o, T):
        dW, db = learner()(W, b, o, T)
        dW[0] = None  # as if the loop stopped at l = 1
        return dW, db

    _, out = said(capsys, check_backward, skips_layer_0)
    assert "dW[0] is None" in out, out
    _, out = said(capsys, check_backward, lambda W, b, o, T: learner()(W, b, o, T)[0])
    assert "`return dW, db`" in out.split("Diagnosis: ")[1], out
    _, out = said(capsys, check_backward, lambda W, b, o, T: None)
    assert "the result is None: did your function end without a `return`?" in out, out


def test_the_article_style_update_direction_is_named_as_a_sign_slip(capsys):
    """The article adds o.T @ δ (the weight change's direction) and keeps the bias sum's dims."""
    article = learner(bias=lambda delta: delta.sum(axis=0, keepdims=True))
    _, out = said(capsys, check_backward, lambda W, b, o, T: ([-g for g in article(W, b, o, T)[0]],
                                                              article(W, b, o, T)[1]))
    assert "(every entry has the opposite sign)" in out, out


def test_w_not_transposed_with_square_layers_is_diagnosed(capsys):
    from helpers.exercises.core import check_function
    from helpers.exercises.delta_rules import _BACKWARD_MISTAKES
    square = [case for case in _backward_cases() if "square" in case.description]
    result = check_function(variant(transpose=False), "backward", square, _reference_backward, _BACKWARD_MISTAKES)
    out = capsys.readouterr().out
    assert not result.passed and "W is not transposed in the hidden rule" in out, out


def test_w_not_transposed_that_raises_gets_a_shape_diagnosis(capsys):
    result, out = said(capsys, check_backward, variant(transpose=False))
    assert "your function raised ValueError" in out and "delta = (delta @ (W[l].T if transpose else W[l]))" in out
    assert "Diagnosis: two shapes do not fit together" in out and "δ @ W[l].T" in out


def test_the_gradient_lists_are_named_dW_and_db(capsys):
    _, out = said(capsys, check_backward, variant(bias="none"))
    assert "db[0] differs" in out and "the result[" not in out


def test_a_right_result_that_changes_its_input_is_reported(capsys):
    def sneaky(W, b, o, T):
        T -= o[-1]  # the error t - o, written into the caller's T
        L = len(W)
        dW, db = [None] * L, [None] * L
        delta = o[L] * (1 - o[L]) * T
        for l in range(L - 1, -1, -1):
            dW[l], db[l] = -o[l].T @ delta, -delta.sum(axis=0)
            if l > 0:
                delta = (delta @ W[l].T) * o[l] * (1 - o[l])
        return dW, db
    result, out = said(capsys, check_backward, sneaky)
    assert not result.passed and "changed its input T in place" in out


def test_not_answered_and_errors(capsys):
    def skeleton(W, b, o, T):
        raise NotImplementedError

    def broken(W, b, o, T):
        return W[7]

    result, out = said(capsys, check_backward, skeleton)
    assert not result.answered and "not answered yet" in out.lower()
    result, out = said(capsys, check_backward, broken)
    assert "IndexError" in out and "return W[7]" in out and len(out.splitlines()) <= 3
    _, out = said(capsys, check_backward, backward(*_backward_cases()[0].args))
    assert "without parentheses" in out


# --- exercise 2: centred_gradient ----------------------------------------------------------------


def centred_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def centred_with_copies(f, x, h=1e-5):  # another right answer: never touches x
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


def forward_difference(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        grad[i] = (f(x + e) - f(x)) / h
    return grad


def divided_by_h(f, x, h=1e-5):
    return 2 * centred_with_copies(f, x, h)


def never_restored(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        grad[i] = (up - f(x)) / (2 * h)
    return grad


def all_at_once(f, x, h=1e-5):
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


def nudged_back_to_x(f, x, h=1e-5):  # x[i] -= h after x[i] += h returns to x, not to x - h
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= h
        grad[i] = (up - f(x)) / (2 * h)
    return grad


def aliased(f, x, h=1e-5):  # x_minus = x_plus = x: the same array
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        x_plus = x
        x_plus[i] += h
        up = f(x_plus)
        x_minus = x
        x_minus[i] -= h
        grad[i] = (up - f(x_minus)) / (2 * h)
    return grad


def divided_by_2_times_h(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / 2 * h
    return grad


def nudged_a_flat_copy(f, x, h=1e-5):
    flat, grad = x.flatten(), np.zeros(x.size)
    for k in range(x.size):
        flat[k] += h
        up = f(x)  # f gets x, which never moved
        flat[k] -= 2 * h
        grad[k] = (up - f(x)) / (2 * h)
        flat[k] += h
    return grad.reshape(x.shape)


def row_by_row(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in range(len(x)):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        grad[i] = (up - f(x)) / (2 * h)
        x[i] += h
    return grad


def backward_difference(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        grad[i] = (f(x) - f(x - e)) / h
    return grad


@pytest.mark.parametrize("fn,diagnosis", [
    (nudged_back_to_x, "about half the gradient"),
    (aliased, "x_minus = x makes no copy"),
    (divided_by_2_times_h, "((up − down) / 2) * h"),
    (nudged_a_flat_copy, "nudging a copy of x"),
    (row_by_row, "you nudged a row at once"),
    (backward_difference, "backward difference"),
])
def test_more_gradient_check_slips_are_diagnosed(capsys, fn, diagnosis):
    result, out = said(capsys, check_centred_gradient, fn)
    assert not result.passed and out.count("Diagnosis:") == 1 and diagnosis in out.split("Diagnosis: ")[1], out


def test_down_minus_up_gets_the_sign_hint(capsys):
    _, out = said(capsys, check_centred_gradient, lambda f, x, h=1e-5: -centred_with_copies(f, x, h))
    assert "(every entry has the opposite sign)" in out, out


@pytest.mark.parametrize("fn", [centred_gradient, centred_with_copies])
def test_right_gradient_checks_pass(capsys, fn):
    result, out = said(capsys, check_centred_gradient, fn)
    assert result.passed and out.startswith("Correct! centred_gradient passed all 3 cases"), out


@pytest.mark.parametrize("fn,diagnosis", [
    (forward_difference, "forward difference"),
    (divided_by_h, "divide their difference by 2h"),
    (never_restored, "did not put each entry back"),
    (all_at_once, "nudged every entry at once"),
])
def test_each_gradient_check_mistake_is_diagnosed(capsys, fn, diagnosis):
    result, out = said(capsys, check_centred_gradient, fn)
    assert not result.passed and diagnosis in out.split("Diagnosis: ")[1], out


def test_gradient_check_not_answered_and_error(capsys):
    def skeleton(f, x, h=1e-5):
        raise NotImplementedError

    def broken(f, x, h=1e-5):
        return f(x) / undefined_name  # noqa: F821

    result, out = said(capsys, check_centred_gradient, skeleton)
    assert not result.answered and "not answered yet" in out.lower()
    _, out = said(capsys, check_centred_gradient, broken)
    assert "NameError" in out and "undefined_name" in out


def test_the_test_functions_are_not_reported_as_changed(capsys):
    """f is passed to the learner's function; deepcopy hands back the same function, which is not a change."""
    _, out = said(capsys, check_centred_gradient, centred_gradient)
    assert "in place" not in out


# --- the notebook's solution cells pass their checks ---------------------------------------------


def test_notebook_solutions_pass(capsys):
    """Fill each skeleton with the notebook's own solution cell and run the check, as a learner would."""
    nb = json.loads((ROOT / "notebooks" / "03-delta-rules.ipynb").read_text())
    solutions = [c for c in nb["cells"] if c["cell_type"] == "code" and "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) == 2
    for cell in solutions:
        namespace = {"np": np, "check_backward": check_backward, "check_centred_gradient": check_centred_gradient}
        exec("".join(cell["source"]), namespace)
        assert capsys.readouterr().out.startswith("Correct!")


# --- exercise 3: a number ----------------------------------------------------------------------------

O = 1 / (1 + math.exp(5.0))  # the saturated output σ(-5)
RATIO = (1 - O) / (O * (1 - O) * (1 - O))


def test_saturation_ratio(capsys):
    check_saturation_ratio(None)
    assert capsys.readouterr().out.startswith("Not answered yet")
    check_saturation_ratio(RATIO)
    assert capsys.readouterr().out.startswith("Correct")


O6 = 1 / (1 + math.exp(6.0))  # section 4's unit, a = -6


@pytest.mark.parametrize("wrong,hint", [(1 / RATIO, "inverse"), (4.0, "a = 0"), (-RATIO, "sign"),
                                        (round(1 / (O6 * (1 - O6)), 1), "a = -6"), (round(RATIO / 2, 1), "doubled"),
                                        (round(1 - O, 4), "cross-entropy δ = t − o alone")])
def test_saturation_ratio_hints(capsys, wrong, hint):
    check_saturation_ratio(wrong)
    out = capsys.readouterr().out
    assert not out.startswith("Correct") and hint in out, out


@pytest.mark.parametrize("rounded", [150, 150.4, round(RATIO, 2)])
def test_saturation_ratio_accepts_three_significant_digits(capsys, rounded):
    check_saturation_ratio(rounded)
    assert capsys.readouterr().out.startswith("Correct")


@pytest.mark.parametrize("wrong", [145, 155, 148.0])
def test_saturation_ratio_rejects_a_ratio_off_by_more_than_one_percent(capsys, wrong):
    check_saturation_ratio(wrong)
    assert not capsys.readouterr().out.startswith("Correct")
