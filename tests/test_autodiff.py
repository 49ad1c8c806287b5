"""helpers.autodiff: every operation against centred finite differences of plain `math`, reuse, depth,
random graphs, bad input, and what a second backward() does; the array version against Network.backward."""

import gc
import math

import numpy as np
import pytest

from helpers.autodiff import Tensor, Value, loss, network_graph, topological_order
from helpers.gradcheck import numerical_gradient
from helpers.network import Network

H = 1e-6
POINTS = [-2.5, -0.3, 0.0, 0.4, 1.7]


def sig(x):
    return 1 / (1 + math.exp(-x))


def centred(f, x, h=H):
    return (f(x + h) - f(x - h)) / (2 * h)


# name -> (the operation on a Value, the same function in plain math, points where it is defined and smooth)
UNARY = {
    "exp": (lambda v: v.exp(), math.exp, POINTS),
    "log": (lambda v: v.log(), math.log, [0.05, 0.4, 1.0, 3.7]),
    "tanh": (lambda v: v.tanh(), math.tanh, POINTS),
    "sigmoid": (lambda v: v.sigmoid(), sig, POINTS),
    "relu": (lambda v: v.relu(), lambda x: max(x, 0.0), [-2.5, -0.3, 0.4, 1.7]),
    "neg": (lambda v: -v, lambda x: -x, POINTS),
    "square": (lambda v: v ** 2, lambda x: x * x, POINTS),
    "cube": (lambda v: v ** 3, lambda x: x ** 3, POINTS),
    "inverse": (lambda v: v ** -1, lambda x: 1 / x, [-2.5, -0.3, 0.4, 1.7]),
    "sqrt": (lambda v: v ** 0.5, math.sqrt, [0.05, 0.4, 1.7]),
    "2 * v": (lambda v: 2 * v, lambda x: 2 * x, POINTS),
    "1 - v": (lambda v: 1 - v, lambda x: 1 - x, POINTS),
    "1 / v": (lambda v: 1 / v, lambda x: 1 / x, [-2.5, -0.3, 0.4, 1.7]),
    "v + 3": (lambda v: v + 3, lambda x: x + 3, POINTS),
    "3 + v": (lambda v: 3 + v, lambda x: 3 + x, POINTS),
    "v - 3": (lambda v: v - 3, lambda x: x - 3, POINTS),
    "v / 4": (lambda v: v / 4, lambda x: x / 4, POINTS),
    "2 ** v": (lambda v: 2 ** v, lambda x: 2 ** x, POINTS),
}


@pytest.mark.parametrize("name", UNARY)
def test_unary_operation_value_and_gradient(name):
    op, f, points = UNARY[name]
    for x in points:
        v = Value(x)
        out = op(v)
        out.backward()
        assert out.data == pytest.approx(f(x), rel=1e-12, abs=1e-15)
        assert v.grad == pytest.approx(centred(f, x), rel=1e-6, abs=1e-8), (name, x)


BINARY = {
    "+": (lambda a, b: a + b, lambda a, b: a + b),
    "-": (lambda a, b: a - b, lambda a, b: a - b),
    "*": (lambda a, b: a * b, lambda a, b: a * b),
    "/": (lambda a, b: a / b, lambda a, b: a / b),
}
PAIRS = [(-2.5, 0.4), (0.0, -1.3), (1.7, 1.7), (0.3, -0.2)]


@pytest.mark.parametrize("name", BINARY)
def test_binary_operation_gradients_for_both_operands(name):
    op, f = BINARY[name]
    for x, y in PAIRS:
        a, b = Value(x), Value(y)
        out = op(a, b)
        out.backward()
        assert out.data == pytest.approx(f(x, y), rel=1e-12, abs=1e-15)
        assert a.grad == pytest.approx(centred(lambda s, y=y: f(s, y), x), rel=1e-6, abs=1e-8)
        assert b.grad == pytest.approx(centred(lambda s, x=x: f(x, s), y), rel=1e-6, abs=1e-8)


def test_relu_at_zero_has_derivative_zero_by_choice():
    """relu has no derivative at 0 (its one-sided slopes are 0 and 1; centred differences give their mean
    0.5). We choose 0, like helpers.activations.relu_prime and helpers.network."""
    v = Value(0.0)
    out = v.relu()
    out.backward()
    assert out.data == 0.0 and v.grad == 0.0
    assert centred(lambda x: max(x, 0.0), 0.0) == pytest.approx(0.5)


def test_power_at_zero_and_integer_powers_of_negatives():
    v = Value(0.0)
    (v ** 2).backward()
    assert v.grad == 0.0
    v = Value(0.0)
    (v ** 0).backward()
    assert v.grad == 0.0
    v = Value(-2.0)
    out = v ** 3
    out.backward()
    assert out.data == -8.0 and v.grad == pytest.approx(12.0)


def test_a_node_used_several_times_accumulates():
    x = Value(0.7)
    y = x * x + 3 * x + x.tanh() * x  # dy/dx = 2x + 3 + (1 - tanh²x) x + tanh x
    y.backward()
    t = math.tanh(0.7)
    assert x.grad == pytest.approx(2 * 0.7 + 3 + (1 - t * t) * 0.7 + t, rel=1e-12)
    x2 = Value(0.7)
    h = x2 * 2  # an intermediate node used twice
    z = h * h + h
    z.backward()
    assert h.grad == pytest.approx(2 * 1.4 + 1) and x2.grad == pytest.approx(2 * (2 * 1.4 + 1))


def test_a_chain_of_100000_nodes_works_without_recursion():
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.00001
    y.backward()
    assert len(topological_order(y)) == 200_001  # 100,000 products and their constants, and x
    assert x.grad == pytest.approx(1.00001 ** 100_000, rel=1e-9)
    del y
    gc.collect()  # freeing a deep graph must not crash either


def test_topological_order_lists_parents_first_each_node_once():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert len(order) == len(set(order)) == 5
    position = {node: k for k, node in enumerate(order)}
    for node in order:
        assert all(position[p] < position[node] for p in node._parents)
    assert order[-1] is e


# --- seeded random expression graphs against finite differences ------------------------------------
SAFE_UNARY = [lambda v: v.tanh(), lambda v: v.sigmoid(), lambda v: (v.tanh()).exp(), lambda v: (1 + v * v).log(),
              lambda v: -v, lambda v: v ** 2, lambda v: 1 / (1 + v * v), lambda v: 0.5 * v]
SAFE_BINARY = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / (2 + b.sigmoid())]


def random_recipe(rng, n_inputs=3, n_ops=25):
    """A random program: each step applies a unary or binary operation to nodes made earlier (so nodes are reused)."""
    steps = []
    for k in range(n_ops):
        n = n_inputs + k
        if rng.random() < 0.5:
            steps.append((SAFE_UNARY[rng.integers(len(SAFE_UNARY))], (int(rng.integers(n)),)))
        else:
            steps.append((SAFE_BINARY[rng.integers(len(SAFE_BINARY))], tuple(int(i) for i in rng.integers(n, size=2))))
    return steps


def run_recipe(steps, inputs, wrap):
    nodes = [wrap(x) for x in inputs]
    for op, args in steps:
        nodes.append(op(*(nodes[i] for i in args)))
    out = nodes[-1]
    for node in nodes[len(inputs):-1]:  # every node counts, so unused branches are tested too
        out = out + 0.1 * node
    return nodes[:len(inputs)], out


@pytest.mark.parametrize("seed", range(20))
def test_random_expression_graphs_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    steps = random_recipe(rng)
    inputs = rng.uniform(-1.5, 1.5, size=3)
    leaves, out = run_recipe(steps, inputs, Value)
    out.backward()

    def f(x):
        return run_recipe(steps, x, Value)[1].data

    numeric = numerical_gradient(f, inputs.copy(), h=1e-5)
    for leaf, num in zip(leaves, numeric):
        assert leaf.grad == pytest.approx(num, rel=1e-6, abs=1e-8)


# --- bad input ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["3", None, True, [1.0, 2.0], np.array([1.0]), 1 + 2j])
def test_a_value_of_a_non_number_is_a_type_error(bad):
    with pytest.raises(TypeError, match="one real number"):
        Value(bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_a_value_of_nan_or_inf_is_a_value_error(bad):
    with pytest.raises(ValueError, match="finite"):
        Value(bad)


def test_numpy_numbers_are_accepted():
    assert Value(np.float32(0.5)).data == 0.5 and Value(np.int64(3)).data == 3.0


def test_operations_with_text_are_type_errors():
    with pytest.raises(TypeError, match="one real number"):
        Value(1.0) + "2"
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(3.0)


@pytest.mark.parametrize("make, match", [
    (lambda: Value(0.0).log(), "positive"),
    (lambda: Value(-1.0).log(), "positive"),
    (lambda: Value(1000.0).exp(), "overflows"),
    (lambda: Value(0.0) ** -1, "infinite"),
    (lambda: Value(0.0) ** 0.5, "derivative .* is infinite"),
    (lambda: Value(10.0) ** 1000, "overflows"),
    (lambda: 10 ** Value(1000.0), "overflows"),
    (lambda: Value(2 ** 2000), "too large"),
    (lambda: Value(-8.0) ** (1 / 3), "not a real number"),
    (lambda: Value(1e200) * 1e200, "not finite"),
    (lambda: (-2.0) ** Value(1.0), "positive base"),
])
def test_operations_outside_their_domain_say_so(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError, match="is 0"):
        Value(1.0) / 0


def test_sigmoid_does_not_overflow():
    v = Value(-800.0)
    out = v.sigmoid()
    out.backward()
    assert out.data == 0.0 and v.grad == 0.0


# --- a second backward() accumulates ----------------------------------------------------------------
def test_second_backward_doubles_every_gradient():
    x, w = Value(0.3), Value(-1.2)
    h = (x * w).tanh()
    y = h * h + h
    y.backward()
    first = (x.grad, w.grad, h.grad)
    y.backward()
    assert (x.grad, w.grad, h.grad) == pytest.approx(tuple(2 * g for g in first), rel=1e-15)
    assert y.grad == 2.0
    y.zero_grad()
    assert (x.grad, w.grad, h.grad, y.grad) == (0.0, 0.0, 0.0, 0.0)
    y.backward()
    assert (x.grad, w.grad, h.grad) == pytest.approx(first, rel=1e-15)


def test_two_losses_sharing_nodes_accumulate_like_their_sum():
    def build():
        x = Value(0.8)
        h = x.sigmoid() * 3  # shared by both losses
        return x, h, h * h, h.tanh()

    x, h, f, g = build()
    f.backward()
    g.backward()
    x2, h2, f2, g2 = build()
    (f2 + g2).backward()
    assert x.grad == pytest.approx(x2.grad, rel=1e-14) and h.grad == pytest.approx(h2.grad, rel=1e-14)


def test_an_operation_written_with_its_own_backward_function():
    """The exercise's style: out._backward adds the contribution itself."""
    def softplus(v):
        out = Value(math.log1p(math.exp(v.data)), (v,), "softplus")

        def _backward():
            v.grad += sig(v.data) * out.grad
        out._backward = _backward
        return out

    for x in POINTS:
        v = Value(x)
        y = 3 * softplus(v) + softplus(v) * v
        y.backward()
        assert v.grad == pytest.approx(centred(lambda s: 3 * math.log1p(math.exp(s)) + math.log1p(math.exp(s)) * s,
                                               x), rel=1e-6, abs=1e-8)


def test_value_constructor_checks_its_graph_arguments():
    with pytest.raises(TypeError, match="parents"):
        Value(1.0, (2.0,))
    with pytest.raises(ValueError, match="one local derivative per parent"):
        Value(1.0, (Value(1.0), Value(2.0)), "+", (1.0,))


# --- arrays: one node per layer operation -----------------------------------------------------------
CONFIGS = [  # (hidden activations, output activation, loss) covering every activation and loss of helpers.network
    ("sigmoid", "sigmoid", "half_sse"), ("tanh", "identity", "mse"), ("relu", "sigmoid", "bce"),
    ("identity", "softmax", "cce"), ("sigmoid", "tanh", "half_sse"), ("relu", "relu", "mse"),
    ("tanh", "sigmoid", "mse"), ("sigmoid", "identity", "half_sse"), ("tanh", "softmax", "cce"),
]


def _data(config, seed, batch):
    hidden, out, loss_name = config
    rng = np.random.default_rng(seed)
    net = Network([3, 5, 4, 3], activations=[hidden, hidden, out], loss=loss_name, rng=rng, init="scaled")
    for b in net.b:
        b[:] = rng.normal(size=b.shape)
    X = rng.normal(size=(batch, 3))
    T = np.eye(3)[rng.integers(3, size=batch)] if loss_name == "cce" else rng.uniform(size=(batch, 3))
    return net, X, T


@pytest.mark.parametrize("config", CONFIGS, ids=["-".join(c) for c in CONFIGS])
@pytest.mark.parametrize("batch", [1, 6])
def test_array_graph_reproduces_network_backward(config, batch):
    net, X, T = _data(config, 3, batch)
    net.forward(X)
    dW, db = net.backward(T)
    E, W, b = network_graph(net, X, T)
    E.backward()
    assert float(E.data) == pytest.approx(net.loss_value(T), rel=1e-12)
    for l in range(len(dW)):
        np.testing.assert_allclose(W[l].grad, dW[l], rtol=0, atol=1e-10)
        np.testing.assert_allclose(b[l].grad, db[l], rtol=0, atol=1e-10)


@pytest.mark.parametrize("config", CONFIGS[:4], ids=["-".join(c) for c in CONFIGS[:4]])
def test_array_graph_matches_finite_differences(config):
    net, X, T = _data(config, 5, 4)
    E, W, b = network_graph(net, X, T)
    E.backward()
    for l in range(len(net.W)):
        for leaf, param in ((W[l], net.W[l]), (b[l], net.b[l])):
            numeric = numerical_gradient(lambda _: net.loss(X, T), param)
            np.testing.assert_allclose(leaf.grad, numeric, rtol=1e-5, atol=1e-8)


def test_array_backward_accumulates_and_zero_grad_resets():
    net, X, T = _data(CONFIGS[0], 1, 4)
    E, W, b = network_graph(net, X, T)
    E.backward()
    first = W[0].grad.copy()
    E.backward()
    np.testing.assert_allclose(W[0].grad, 2 * first, rtol=1e-15)
    E.zero_grad()
    assert W[0].grad is None and E.grad is None


def test_tensor_bad_input():
    with pytest.raises(ValueError, match="finite"):
        Tensor([1.0, np.nan])
    x = Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match="one number"):
        x.backward()
    with pytest.raises(ValueError, match="unknown activation"):
        x.activation("softmax")
    with pytest.raises(ValueError, match="shape"):
        loss(x, np.ones((3, 2)), "mse")
    with pytest.raises(ValueError, match="unknown loss"):
        loss(x, np.ones((2, 3)), "hinge")
    with pytest.raises(TypeError, match="both sides must be Tensors"):
        x @ np.ones((3, 2))  # a plain array would silently get no gradient
    with pytest.raises(TypeError, match="both sides must be Tensors"):
        x + 1.0


def test_bias_gradient_is_summed_over_the_batch():
    a, b = Tensor(np.arange(6.0).reshape(3, 2)), Tensor([0.5, -1.0])
    E = loss(a + b, np.zeros((3, 2)), "half_sse")
    E.backward()
    np.testing.assert_allclose(b.grad, (a.data + b.data).sum(axis=0))
