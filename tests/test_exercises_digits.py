"""Notebook 06's coding exercise: output_delta, the output error of softmax + cross-entropy.

Right and wrong answers are written here by hand, each the way a learner might write it, and every typical
mistake must get its own diagnosis."""

import numpy as np
import pytest

from helpers.exercises.digits import check_output_delta


def probabilities(A, axis=1):
    e = np.exp(A - A.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def targets(A, y):
    T = np.zeros_like(A)
    T[np.arange(len(A)), y] = 1.0
    return T


def right(A, y):
    return (targets(A, y) - probabilities(A)) / len(A)


def said(capsys, fn):
    result = check_output_delta(fn)
    return result, capsys.readouterr().out


def test_a_right_answer_passes_every_case(capsys):
    result, out = said(capsys, right)
    assert result.passed and out.startswith("Correct! output_delta passed all 4 cases")


def test_a_loop_over_examples_passes_too(capsys):
    def by_rows(A, y):
        delta = np.empty_like(A)
        for k, (a, label) in enumerate(zip(A, y)):
            o = np.exp(a - a.max())
            o /= o.sum()
            t = np.eye(len(a))[label]
            delta[k] = (t - o) / len(A)
        return delta
    assert said(capsys, by_rows)[0].passed


@pytest.mark.parametrize("wrong,diagnosis", [
    (lambda A, y: targets(A, y) - probabilities(A), "n times too large"),
    (lambda A, y: (probabilities(A) - targets(A, y)) / len(A), "the sign is flipped: (o - t) / n"),
    (lambda A, y: probabilities(A) - targets(A, y), "the sign is flipped and the mean is missing"),
    (lambda A, y: (y[:, None] - probabilities(A)) / len(A), "the target t is one-hot"),
    (lambda A, y: (targets(A, y) - probabilities(A, axis=0)) / len(A), "down the columns (axis=0)"),
    (lambda A, y: (targets(A, y) - A) / len(A), "used the scores a in place of the outputs"),
    (lambda A, y: right(A, y) * probabilities(A) * (1 - probabilities(A)), "an extra factor o(1 - o)"),
    (lambda A, y: (targets(A, y) - probabilities(A)) / A.size, "divided by the number of entries"),
    (lambda A, y: (targets(A, y) - 1 / (1 + np.exp(-A))) / len(A), "applied a sigmoid to each score:"),
    (lambda A, y: (targets(A, y) - 1 / (1 + np.exp(A.max(axis=1, keepdims=True) - A))) / len(A),
     "applied a sigmoid to each score (after subtracting the row maximum)"),
], ids=["sum", "sign", "sign-and-sum", "labels-as-targets", "wrong-axis", "no-softmax", "sigmoid-slope",
        "mean-over-entries", "sigmoid-not-softmax", "sigmoid-after-max"])
def test_each_typical_mistake_gets_its_own_diagnosis(capsys, wrong, diagnosis):
    result, out = said(capsys, wrong)
    assert not result.passed and out.startswith("Not yet")
    assert "\nDiagnosis: " in out and diagnosis in out.split("Diagnosis: ")[1]


def test_a_softmax_that_overflows_is_caught_on_large_scores(capsys):
    def naive(A, y):
        with np.errstate(over="ignore", invalid="ignore"):
            o = np.exp(A) / np.exp(A).sum(axis=1, keepdims=True)
        return (targets(A, y) - o) / len(A)
    result, out = said(capsys, naive)
    assert not result.passed and "scores near 1000" in out and "nan or inf" in out


def test_changing_the_scores_in_place_is_reported(capsys):
    def in_place(A, y):
        A -= A.max(axis=1, keepdims=True)
        return (targets(A, y) - probabilities(A)) / len(A)
    result, out = said(capsys, in_place)
    assert not result.passed and "changed its input A in place" in out


def test_not_answered_yet(capsys):
    def skeleton(A, y):
        raise NotImplementedError
    result, out = said(capsys, skeleton)
    assert not result.answered and out.lower().startswith("not answered yet")


def test_an_exception_is_reported_with_the_learners_line(capsys):
    def broken(A, y):
        return A @ y  # shapes do not fit
    result, out = said(capsys, broken)
    assert not result.passed and "raised ValueError" in out and "return A @ y" in out


# --- sgd_epoch: one epoch of mini-batch SGD with backpropagation written out --------------------------------
from helpers.data import digits_split  # noqa: E402
from helpers.exercises.digits import check_sgd_epoch  # noqa: E402


def learner_epoch(shuffle="once", same_batch=False, x_only=False, drop_last=False, sign=1, mean=True,
                  update_w1_first=False, relu_slope=True, bias="sum", rebind=False):
    """sgd_epoch as a learner might write it; each flag is one typical mistake."""
    def sgd_epoch(W, b, X, T, eta, batch_size, rng):
        n = len(X)
        order = rng.permutation(n) if shuffle == "once" else np.arange(n)
        stop = n - n % batch_size if drop_last else n
        for i in range(0, stop, batch_size):
            if shuffle == "per batch":
                order = rng.permutation(n)
            rows = order[:batch_size] if same_batch else order[i:i + batch_size]
            x = X[rows]
            t = T[i:i + batch_size] if x_only else T[rows]
            a1 = x @ W[0] + b[0]
            o1 = np.maximum(a1, 0)
            o2 = probabilities(o1 @ W[1] + b[1])
            d2 = (t - o2) / (len(x) if mean else 1)
            if update_w1_first:
                W[1] += sign * eta * o1.T @ d2
            d1 = d2 @ W[1].T
            if relu_slope:
                d1 = d1 * (a1 > 0)
            if rebind:  # new arrays in a new local list: the caller's W never changes
                W = [W[0] + eta * x.T @ d1, W[1] + eta * o1.T @ d2]
                continue
            if not update_w1_first:
                W[1] += sign * eta * o1.T @ d2
            W[0] += sign * eta * x.T @ d1
            if bias == "sum":
                b[1] += sign * eta * d2.sum(axis=0)
                b[0] += sign * eta * d1.sum(axis=0)
            elif bias == "mean":
                b[1] += sign * eta * np.mean(d2, axis=0)
                b[0] += sign * eta * np.mean(d1, axis=0)
    return sgd_epoch


def test_a_right_epoch_passes_and_reaches_the_stated_accuracy(capsys):
    data = digits_split(0)
    result = check_sgd_epoch(learner_epoch(), data.X_train, data.y_train, data.X_val, data.y_val)
    out = capsys.readouterr().out
    assert result.passed and out.startswith("Correct! sgd_epoch passed all 4 cases")
    accuracy = float(out.split("network to ")[1].split("%")[0])
    assert accuracy > 90  # the notebook's stated accuracy


@pytest.mark.parametrize("mistake,diagnosis", [
    (dict(shuffle="no"), "follow the data's own order"),
    (dict(same_batch=True), "the same first batch"),
    (dict(shuffle="per batch"), "a new random order for every batch"),
    (dict(x_only=True), "inputs and targets were taken from different rows"),
    (dict(drop_last=True), "the last, smaller batch is missing"),
    (dict(sign=-1), "the weights moved uphill"),
    (dict(mean=False), "the batch's sum, not its mean"),
    (dict(update_w1_first=True), "AFTER their update"),
    (dict(relu_slope=False), "lacks the ReLU's slope"),
    (dict(bias=None), "the biases did not change"),
    (dict(bias="mean"), "the bias updates are n times too small"),
    (dict(rebind=True), "came back unchanged"),
], ids=["no-shuffle", "same-batch", "shuffle-per-batch", "targets-not-shuffled", "last-batch-dropped", "sign",
        "sum-not-mean", "updated-before-hidden-delta", "no-relu-slope", "biases-not-updated", "bias-mean",
        "new-list-not-in-place"])
def test_each_typical_sgd_mistake_gets_its_own_diagnosis(capsys, mistake, diagnosis):
    result = check_sgd_epoch(learner_epoch(**mistake))
    out = capsys.readouterr().out
    assert not result.passed and "\nDiagnosis: " in out and diagnosis in out.split("Diagnosis: ")[1]


def test_sgd_epoch_not_answered_and_exceptions(capsys):
    def skeleton(W, b, X, T, eta, batch_size, rng):
        raise NotImplementedError

    def broken(W, b, X, T, eta, batch_size, rng):
        b[1] += eta * (T - X)  # shapes do not fit

    assert not check_sgd_epoch(skeleton).answered
    assert capsys.readouterr().out.lower().startswith("not answered yet")
    assert not check_sgd_epoch(broken).passed
    out = capsys.readouterr().out
    assert "raised ValueError" in out and "b[1] += eta * (T - X)" in out
    assert not check_sgd_epoch(None).passed and "Pass your function" in capsys.readouterr().out
