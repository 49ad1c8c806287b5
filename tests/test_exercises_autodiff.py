"""Notebook 07's coding exercise: check_softplus accepts a right softplus and names each typical mistake."""

import math

import pytest

from helpers.autodiff import Value
from helpers.exercises.autodiff import POINTS, _reference, check_fd_passes, check_softplus


def sig(x):
    return 1 / (1 + math.exp(-x))


def softplus_closure(v):
    """The reference solution, written like the notebook's solution cell."""
    out = Value(math.log(1 + math.exp(v.data)), (v,), "softplus")

    def _backward():
        v.grad += sig(v.data) * out.grad
    out._backward = _backward
    return out


def softplus_local(v):
    """The other right answer: give Value the local derivative and let the engine do the rest."""
    return Value(math.log(1 + math.exp(v.data)), (v,), "softplus", local=(sig(v.data),))


def make(rule):
    def softplus(v):
        out = Value(math.log(1 + math.exp(v.data)), (v,), "softplus")

        def _backward():
            rule(v, out)
        out._backward = _backward
        return out
    return softplus


def overwrite(v, out):
    v.grad = sig(v.data) * out.grad


def no_out_grad(v, out):
    v.grad += sig(v.data)


def sigma_minus(v, out):
    v.grad += 1 / (1 + math.exp(v.data)) * out.grad


def itself(v, out):
    v.grad += math.log(1 + math.exp(v.data)) * out.grad


def exp_only(v, out):
    v.grad += math.exp(v.data) * out.grad


def sigma_of_output(v, out):
    v.grad += sig(out.data) * out.grad


def sigmoid_rule_on_output(v, out):
    v.grad += out.data * (1 - out.data) * out.grad


def sigma_prime(v, out):
    v.grad += sig(v.data) * (1 - sig(v.data)) * out.grad


def adds_to_out(v, out):
    out.grad += sig(v.data) * out.grad


def no_parent(v):
    """Forgets to list v as the parent; the backward rule itself is right."""
    out = Value(math.log(1 + math.exp(v.data)), (), "softplus")

    def _backward():
        v.grad += sig(v.data) * out.grad
    out._backward = _backward
    return out


def no_backward(v):
    return Value(math.log(1 + math.exp(v.data)), (v,), "softplus")


def test_reference_is_the_analytic_derivative():
    """The check's reference (finite differences) agrees with y' = 4σ + σx + softplus, worked out by hand."""
    for x in POINTS:
        sp = math.log1p(math.exp(x))
        y, dy = _reference(x)
        assert y == pytest.approx(4 * sp + sp * x, rel=1e-14)
        assert dy == pytest.approx(4 * sig(x) + sig(x) * x + sp, rel=1e-8)


@pytest.mark.parametrize("solution", [softplus_closure, softplus_local])
def test_right_answers_pass(solution, capsys):
    result = check_softplus(solution)
    out = capsys.readouterr().out
    assert result.passed and out.startswith("Correct!") and f"all {len(POINTS)} cases" in out


@pytest.mark.parametrize("wrong, diagnosis", [
    (make(overwrite), "`v.grad = ...`"),
    (make(no_out_grad), "multiplies it by the gradient that reached the output"),
    (make(sigma_minus), "σ(−x)"),
    (make(itself), "softplus(x) itself"),
    (make(exp_only), "the derivative of the inside"),
    (make(sigma_of_output), "σ at the output"),
    (make(sigmoid_rule_on_output), "the sigmoid's own rule"),
    (make(sigma_prime), "the derivative of σ"),
    (no_parent, "does not record v as its parent"),
    (no_backward, "never reaches v through softplus"),
    (make(adds_to_out), "never reaches v through softplus"),
])
def test_each_mistake_gets_its_own_diagnosis(wrong, diagnosis, capsys):
    result = check_softplus(wrong)
    out = capsys.readouterr().out
    assert not result.passed and out.startswith("Not yet")
    assert "Diagnosis:" in out and diagnosis in out, out


def test_not_answered_yet(capsys):
    def softplus(v):
        raise NotImplementedError

    result = check_softplus(softplus)
    assert not result.answered and "not answered yet" in capsys.readouterr().out.lower()


def test_an_exception_is_reported_with_the_learners_line(capsys):
    def softplus(v):
        out = Value(math.log(1 + math.exp(v.data)), (v,), "softplus")

        def _backward():
            v.grad += sigmoid(v.data) * out.grad  # noqa: F821 - the learner's typo
        out._backward = _backward
        return out

    result = check_softplus(softplus)
    out = capsys.readouterr().out
    assert not result.passed and "NameError" in out and "v.grad += sigmoid(v.data) * out.grad" in out


def test_returning_a_number_instead_of_a_value(capsys):
    result = check_softplus(lambda v: math.log(1 + math.exp(v.data)))
    out = capsys.readouterr().out
    assert not result.passed and "returned a float, not a Value" in out and "NEW node" in out
    assert "line" not in out  # no line of the check's own code, as if the learner's code had raised


def test_passing_the_result_instead_of_the_function(capsys):
    result = check_softplus(softplus_closure(Value(0.0)))
    assert not result.passed and "without parentheses" in capsys.readouterr().out


@pytest.mark.parametrize("answer, expected", [
    (2 * (64 * 32 + 32 + 32 * 10 + 10), "Correct!"),
    (64 * 32 + 32 + 32 * 10 + 10, "TWO passes"),
    (2 * (64 * 32 + 32 * 10), "left out the biases"),
    (64 * 32 + 32 * 10, "weights alone"),
    (2, "reverse mode's count"),
    (64 * 32 + 32 + 32 * 10 + 10 + 1, "ONE-SIDED"),
    (2 * (64 * 32 + 32 * 10 + 32), "hidden layer only"),
    (2 * (64 * 32 + 32 * 10 + 10), "output layer only"),
    (2 * (64 * 32 + 32 * 10 + 64 + 32 + 10), "gave the inputs biases"),
    (1234, "Not quite"),
    (None, "Not answered yet"),
])
def test_fd_passes(answer, expected, capsys):
    check_fd_passes(answer)
    assert expected in capsys.readouterr().out
