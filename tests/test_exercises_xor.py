"""Notebook 04's exercise checks: the training-loop check with each typical mistake, the tied-output check and
the hand-built network check. Right answers are written here independently of helpers.exercises.xor."""

import json
import pathlib

import numpy as np
import pytest

from helpers.data import xor_data
from helpers.exercises.xor import (
    _MISTAKES_TEXT,
    check_tied_loss,
    check_train_xor,
    check_xor_network,
    xor_loss,
)

NOTEBOOK = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / "04-xor.ipynb"
X, T = xor_data()


def sig(a):
    return 1 / (1 + np.exp(-a))


def train_xor(W1, b1, W2, b2, X, T, eta, epochs):
    """A right answer, written with einsum and the gradient ∂E/∂w (not the reference's δ form)."""
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    for _ in range(epochs):
        o1 = sig(np.einsum("pi,ij->pj", X, W1) + b1)
        o2 = sig(o1 @ W2 + b2)
        g2 = (o2 - T) * o2 * (1 - o2)  # ∂E/∂a at the output
        g1 = np.einsum("pk,jk->pj", g2, W2) * o1 * (1 - o1)
        dW1, db1, dW2, db2 = X.T @ g1, g1.sum(axis=0), o1.T @ g2, g2.sum(axis=0)
        W1 -= eta * dW1
        b1 -= eta * db1
        W2 -= eta * dW2
        b2 -= eta * db2
    return W1, b1, W2, b2


def mistaken(name):
    """train_xor with one typical mistake, written out here."""
    def wrong(W1, b1, W2, b2, X, T, eta, epochs):
        W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
        step = {"ascent": -eta, "mean": eta / len(X), "no_half": 2 * eta}.get(name, eta)
        rows = [slice(p, p + 1) for p in range(len(X))] if name == "online" else [slice(None)]
        for _ in range(epochs):
            for r in rows:
                x, t = X[r], T[r]
                bias = name != "no_bias_forward"
                a1 = x @ W1 + b1 * bias
                o1 = sig(a1)
                a2 = o1 @ W2 + b2 * bias
                o2 = sig(a2)
                s2, s1 = (a2 * (1 - a2), a1 * (1 - a1)) if name == "slope_from_a" else (o2 * (1 - o2), o1 * (1 - o1))
                if name == "slope_of_sigmoid_of_o":  # a helper dsig(x) = sig(x) (1 - sig(x)) called on o
                    s2, s1 = sig(o2) * (1 - sig(o2)), sig(o1) * (1 - sig(o1))
                d2 = (t - o2) * (1 if name == "no_output_slope" else s2)
                if name == "stale_W2":
                    W2 = W2 + step * o1.T @ d2
                err = (t - o2) if name == "hidden_from_error" else d2
                back = (W2 @ err.T) if name == "hidden_transposed" else err @ W2.T
                d1 = back * (1 if name == "no_hidden_slope" else s1)
                if name != "stale_W2":
                    W2 = W2 + step * (a1.T if name == "a_as_input" else o1.T) @ d2
                W1 = W1 + step * x.T @ d1
                if name == "bias_not_summed":
                    b1, b2 = b1 + step * d1, b2 + step * d2
                elif name == "bias_sum_all":
                    b1, b2 = b1 + step * np.sum(d1), b2 + step * np.sum(d2)
                elif name != "no_bias_update":
                    b1, b2 = b1 + step * d1.sum(axis=0), b2 + step * d2.sum(axis=0)
            if name == "one_step":
                return W1, b1, W2, b2  # the return indented into the loop
        return (W1, W2, b1, b2) if name == "order" else (W1, b1, W2, b2)
    return wrong


def test_a_right_loop_passes_and_learns_xor(capsys):
    result = check_train_xor(train_xor)
    out = capsys.readouterr().out
    assert result.passed and out.startswith("Correct!") and "4 of 4 on the correct side" in out


@pytest.mark.parametrize("name,diagnosis", _MISTAKES_TEXT, ids=[name for name, _ in _MISTAKES_TEXT])
def test_each_mistake_gets_its_own_diagnosis(capsys, name, diagnosis):
    with np.errstate(all="ignore"):
        result = check_train_xor(mistaken(name))
    out = capsys.readouterr().out
    assert not result.passed
    assert f"Diagnosis: {diagnosis}" in out, out
    others = [text for other, text in _MISTAKES_TEXT if other != name]
    assert not any(text in out for text in others)


def test_the_diagnoses_differ():
    texts = [text for _, text in _MISTAKES_TEXT]
    assert len(set(texts)) == len(texts)


def test_not_answered(capsys):
    def train_xor(W1, b1, W2, b2, X, T, eta, epochs):
        raise NotImplementedError

    result = check_train_xor(train_xor)
    assert not result.answered and "not answered yet" in capsys.readouterr().out.lower()


def test_an_exception_is_reported_with_the_learners_line(capsys):
    def train_xor(W1, b1, W2, b2, X, T, eta, epochs):
        o1 = sig(X @ W1 + b1)
        delta2 = T - sig(o1 @ W2 + b2)
        delta1 = delta2 @ W2  # W2 not transposed: (P, 1) @ (H, 1) does not run
        return W1, b1, W2 + delta1, b2

    result = check_train_xor(train_xor)
    out = capsys.readouterr().out
    assert not result.passed and "raised ValueError" in out and "delta1 = delta2 @ W2" in out


@pytest.mark.parametrize("line", ["delta1 = delta2 @ W2 * o1 * (1 - o1)", "W1 = W1 + eta * delta1.T @ X"])
def test_a_shape_error_gets_the_shapes_hint(capsys, line):
    def train_xor(W1, b1, W2, b2, X, T, eta, epochs):
        o1 = sig(X @ W1 + b1)
        o2 = sig(o1 @ W2 + b2)
        delta2 = (T - o2) * o2 * (1 - o2)
        delta1 = delta2 @ W2.T * o1 * (1 - o1)
        exec(line, {}, scope := dict(locals()))  # the one wrong line
        return scope["W1"], b1, W2, b2

    check_train_xor(train_xor)
    out = capsys.readouterr().out
    assert "raised ValueError" in out and "Hint: a shape error" in out and "X.T (2, P) @ δ_hidden" in out


def test_changing_the_callers_arrays_is_reported(capsys):
    def train_xor(W1, b1, W2, b2, X, T, eta, epochs):  # the right steps, but on the caller's arrays
        W1[...], b1[...], W2[...], b2[...] = globals()["train_xor"](W1, b1, W2, b2, X, T, eta, epochs)
        return W1, b1, W2, b2

    check_train_xor(train_xor)
    assert "in place" in capsys.readouterr().out


def test_the_notebooks_solution_passes(capsys):
    """The code cell tagged `solution` that defines train_xor, run as the notebook runs it, passes its check."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if c["cell_type"] == "code"
                  and "solution" in c["metadata"].get("tags", []) and "def train_xor" in "".join(c["source"]))
    namespace = {"np": np, "check_train_xor": check_train_xor}
    exec("from helpers.activations import sigmoid\n" + source, namespace)
    assert capsys.readouterr().out.startswith("Correct!")
    assert check_train_xor(namespace["train_xor"]).passed


# --- exercise 2: targets 0.1 and 0.9; (0,0), (1,0), (1,1) tied at v, (0,1) exactly right --------------

V = (0.1 + 0.9 + 0.1) / 3  # the mean of the tied targets
E = 0.5 * (2 * (0.1 - V) ** 2 + (0.9 - V) ** 2)


@pytest.mark.parametrize("answer", [(V, E), [V, E], (0.367, 0.213), (0.3667, 0.2133), np.array([V, E])])
def test_tied_loss_accepts_three_significant_digits_for_both(capsys, answer):
    check_tied_loss(answer)
    assert capsys.readouterr().out.startswith("Correct")


@pytest.mark.parametrize("answer,start", [
    ((0.37, 0.21), "Close"),  # two significant digits: keep more, not "wrong"
    ((V, 0.21), "Close"),
    ((1 / 3, 1 / 3), "Not quite: v = 0.3333 is the best tie for targets 0 and 1"),
    ((1 - V, E), "Not quite: v = 0.6333 is the best tie when two of the three tied targets are high"),
    ((2 / 3, 1 / 3), "Not quite: v = 0.6667 is the best tie when two of the three tied targets are high"),
    ((0.5, 0.3), "Not quite: ½ hedges"),
    ((0.2, 0.3), "Not quite: v = 0.2 is not the best"),
    ((V, 2 * E), "v is right, but E = 0.4267 is twice too big"),
    ((V, E + 0.5 * 0.1 ** 2), "v is right, but E = 0.2183 charges the pattern (0, 1)"),
    ((V, 0.5), "v is right, but E = 0.5 is not its loss"),
    (None, "Not answered yet"),
    ("one third", "Give a pair"),
    ((1, 2, 3), "Give a pair"),
])
def test_tied_loss_feedback(capsys, answer, start):
    check_tied_loss(answer)
    assert capsys.readouterr().out.startswith(start)


def test_xor_loss():
    assert xor_loss([0, 1, 0.5, 0.5]) == pytest.approx(0.5 * (0.25 + 0.25))
    assert xor_loss([V, 0.9, V, V], [0.1, 0.9, 0.9, 0.1]) == pytest.approx(E)
    with pytest.raises(ValueError, match="four outputs"):
        xor_loss([0, 1, 0])


# --- exercise 3: a 2-2-1 network by hand ------------------------------------------------------------------

def test_hand_built_network(capsys):
    check_xor_network([[20, -20], [20, -20]], [-10, 30], [[20], [20]], [-30])  # OR and NAND, then AND
    assert capsys.readouterr().out.startswith("Correct")
    check_xor_network([[1, 1], [1, 1]], [0, 0], [[1], [1]], [0])
    out = capsys.readouterr().out
    assert out.startswith("Not quite") and "(0, 0)" in out
    check_xor_network([[1, 1], [1, 1]], [0, 0, 0], [[1], [1]], [0])
    assert "b1 should have shape" in capsys.readouterr().out
    check_xor_network(None, None, None, None)
    assert capsys.readouterr().out.startswith("Not answered")
