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
], ids=["sum", "sign", "sign-and-sum", "labels-as-targets", "wrong-axis", "no-softmax", "sigmoid-slope",
        "mean-over-entries"])
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
