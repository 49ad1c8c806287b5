"""The notation table of 00-start-here names the code's real names, one name per quantity.

Each name in the table's code column must live where HOMES says, in `helpers`; a new name in the table needs an
entry in HOMES (say where the code uses it). The meaning is checked too: `dW` is the gradient ∂E/∂W, and
`Delta_W` is the change a step adds, -η dW.
"""

import ast
import inspect
import json
import re
import textwrap

import numpy as np
import pytest

from conftest import NOTEBOOKS
from helpers import worked_example
from helpers.gradcheck import numerical_gradient
from helpers.network import Network


def _table_rows():
    """(symbol, [code names], meaning) for every row of the table under '## Notation' in 00-start-here."""
    cells = json.loads(NOTEBOOKS[0].read_text())["cells"]
    text = next("".join(c["source"]) for c in cells if "".join(c["source"]).startswith("## Notation"))
    rows = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if len(parts) == 3 and parts[1].startswith("`"):
            names = [re.match(r"[A-Za-z_]\w*", snippet).group() for snippet in re.findall(r"`([^`]+)`", parts[1])]
            rows.append((parts[0], names, parts[2]))
    return rows


def _network():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], rng=rng)
    for b in net.b:
        b[:] = rng.normal(size=b.shape)
    X, T = rng.normal(size=(5, 3)), rng.random((5, 2))
    net.forward(X)
    net.backward(T)
    return net, X, T


def _assigned_in(function):
    """The names a function assigns to (its local variables)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def _parameters(function):
    return set(inspect.signature(function).parameters)


# where each name of the table lives in helpers: a sentence and a test that is True when it is there
HOMES = {
    "x": ("a parameter of worked_example.forward", lambda: "x" in _parameters(worked_example.forward)),
    "W": ("Network.W", lambda: isinstance(_network()[0].W, list)),
    "a": ("Network.a, cached by forward", lambda: isinstance(_network()[0].a, list)),
    "b": ("Network.b", lambda: isinstance(_network()[0].b, list)),
    "o": ("Network.o, cached by forward", lambda: isinstance(_network()[0].o, list)),
    "T": ("the parameter of Network.backward", lambda: "T" in _parameters(Network.backward)),
    "E": ("the loss in Network.train_step", lambda: "E" in _assigned_in(Network.train_step)),
    "delta": ("Network.delta, after backward", lambda: isinstance(_network()[0].delta, list)),
    "dW": ("Network.dW, returned by backward", lambda: isinstance(_network()[0].dW, list)),
    "db": ("Network.db, returned by backward", lambda: isinstance(_network()[0].db, list)),
    "eta": ("the parameter of Network.step", lambda: "eta" in _parameters(Network.step)),
    "Delta_W": ("the change Network.step adds", lambda: "Delta_W" in _assigned_in(Network.step)),
    "Delta_w": ("the field of worked_example.Step", lambda: "Delta_w" in worked_example.Step._fields),
}


# what the symbol column must say for the names whose meaning was once mixed up (dW as a change, dw as Δw)
SYMBOLS = {"dW": r"\partial E / \partial w", "db": r"\partial E / \partial b", "Delta_W": r"\Delta w",
           "Delta_w": r"\Delta w", "delta": r"\delta_j", "eta": r"\eta", "W": "w_{i,j}"}


def test_the_table_is_there():
    names = [name for _, row, _ in _table_rows() for name in row]
    assert {"W", "delta", "dW", "db", "Delta_W", "eta"} <= set(names), names


def test_one_name_per_quantity():
    """No code name stands for two symbols (dW was once both ∂E/∂w and Δw)."""
    seen = {}
    for symbol, names, _ in _table_rows():
        for name in names:
            assert name not in seen or seen[name] == symbol, f"`{name}` names both {seen[name]} and {symbol}"
            seen[name] = symbol


@pytest.mark.parametrize("name", [name for _, names, _ in _table_rows() for name in names])
def test_each_name_is_the_codes_name(name):
    assert name in HOMES, f"the table names `{name}`: add to HOMES where the code uses it"
    where, found = HOMES[name]
    assert found(), f"the table names `{name}`, but it is not {where}"


@pytest.mark.parametrize("name", sorted(SYMBOLS))
def test_each_name_stands_for_its_symbol(name):
    """`dW` sits in the gradient's row (∂E/∂w), `Delta_W` in the weight change's (Δw), and so on."""
    rows = [symbol for symbol, names, _ in _table_rows() if name in names]
    assert rows, f"`{name}` is missing from the notation table"
    assert all(SYMBOLS[name].replace(" ", "") in symbol.replace(" ", "") for symbol in rows), (
        f"`{name}` should stand for {SYMBOLS[name]}, the table has it for {rows}")


def test_backward_returns_the_gradient_dW_and_db():
    net, X, T = _network()
    dW, db = net.backward(T)
    assert dW is net.dW and db is net.db
    for grad, param in zip(dW + db, net.W + net.b):
        measured = numerical_gradient(lambda _: net.loss(X, T), param)  # ∂E/∂param, sign included
        np.testing.assert_allclose(grad, measured, rtol=1e-6, atol=1e-9)


def test_delta_W_is_what_a_step_adds():
    net, X, T = _network()
    before = [W.copy() for W in net.W]
    dW, _ = net.backward(T)
    net.step(0.3)
    for W, W0, g in zip(net.W, before, dW):
        np.testing.assert_allclose(W - W0, -0.3 * g, rtol=1e-12, atol=1e-15)


def test_delta_is_minus_the_gradient_with_respect_to_a():
    """δ = -∂E/∂a (the article's sign, said in the table): check it against a nudged weighted sum."""
    net, X, T = _network()
    a_out, h = net.a[-1], 1e-6

    def E_at(a):
        o = 1 / (1 + np.exp(-a))
        return 0.5 * np.sum((T - o) ** 2)
    for i in np.ndindex(a_out.shape):
        up, down = a_out.copy(), a_out.copy()
        up[i] += h
        down[i] -= h
        assert net.delta[-1][i] == pytest.approx(-(E_at(up) - E_at(down)) / (2 * h), rel=1e-6, abs=1e-10)
