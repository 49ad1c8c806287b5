"""helpers.network.Network: gradients against finite differences, the delta rules, validation, training, speed."""

import math

import numpy as np
import pytest

from helpers import activations
from helpers.data import worked_example_arrays, xor_data
from helpers.network import ACTIVATIONS, INITS, LOSSES, Network

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
OUTPUT_FOR_LOSS = {"half_sse": HIDDEN, "mse": HIDDEN, "bce": ["sigmoid"], "cce": ["softmax"]}
COMBINATIONS = [(h, out, loss) for loss, outs in OUTPUT_FOR_LOSS.items() for h in HIDDEN for out in outs]
SHAPES = [[3, 2], [3, 4, 2], [2, 3, 4, 3], [3, 4, 3, 4, 2]]  # depths 1 to 4


def targets(loss, rng, n, k):
    """Targets a loss accepts: rows summing to 1 for cce, values in [0, 1] for bce, anything else otherwise."""
    if loss == "cce":
        T = rng.random((n, k))
        return T / T.sum(axis=1, keepdims=True)
    return rng.random((n, k)) if loss == "bce" else rng.normal(size=(n, k))


def finite_differences(net, X, T, h=1e-5):
    """Centred differences of net.loss for every weight and bias, written here independently of helpers."""
    grads = []
    for params in (net.W, net.b):
        grads.append([])
        for p in params:
            g = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                old = p[i]
                p[i] = old + h
                up = net.loss(X, T)
                p[i] = old - h
                down = net.loss(X, T)
                p[i] = old
                g[i] = (up - down) / (2 * h)
            grads[-1].append(g)
    return grads


def rel_err(a, n):
    """‖a - n‖ / max(‖a‖, ‖n‖) for one parameter array (0 when both are 0)."""
    scale = max(np.linalg.norm(a), np.linalg.norm(n))
    return 0.0 if scale == 0 else np.linalg.norm(a - n) / scale


def make_net(sizes, hidden, out, loss, seed, batch=5, biases=True):
    rng = np.random.default_rng(seed)
    acts = [hidden] * (len(sizes) - 2) + [out]
    net = Network(sizes, acts, loss, init="xavier", rng=rng, biases=biases)
    for b in net.b:  # non-zero biases, so that their gradients are tested too
        b[:] = rng.normal(0, 0.5, size=b.shape) if biases else 0
    X = rng.normal(size=(batch, sizes[0]))
    return net, X, targets(loss, rng, batch, sizes[-1])


@pytest.mark.parametrize("sizes", SHAPES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("hidden,out,loss", COMBINATIONS, ids=lambda v: str(v))
def test_gradients_match_finite_differences(sizes, hidden, out, loss):
    net, X, T = make_net(sizes, hidden, out, loss, seed=len(sizes))
    net.forward(X)
    dW, db = net.backward(T)
    nW, nb = finite_differences(net, X, T)
    errors = [rel_err(a, n) for a, n in zip(dW + db, nW + nb)]
    assert max(errors) < 1e-7, f"relative errors per parameter array: {errors}"


@pytest.mark.parametrize("batch", [1, 2, 7])
def test_gradients_for_any_batch_size_and_without_biases(batch):
    net, X, T = make_net([4, 3, 2], "tanh", "sigmoid", "half_sse", seed=batch, batch=batch, biases=False)
    net.forward(X)
    dW, db = net.backward(T)
    nW, _ = finite_differences(net, X, T)
    assert max(rel_err(a, n) for a, n in zip(dW, nW)) < 1e-7
    assert all(np.all(g == 0) for g in db), "with biases=False the bias gradients are zero"


def test_batch_gradient_is_the_sum_of_per_example_gradients():
    net, X, T = make_net([3, 4, 2], "sigmoid", "sigmoid", "half_sse", seed=1, batch=6)
    net.forward(X)
    dW = [g.copy() for g in net.backward(T)[0]]
    total = [np.zeros_like(g) for g in dW]
    for x, t in zip(X, T):
        net.forward(x[None])
        for s, g in zip(total, net.backward(t[None])[0]):
            s += g
    assert all(np.allclose(a, b, rtol=1e-12, atol=1e-15) for a, b in zip(dW, total))


def test_worked_example_numbers_by_hand():
    """The article's 2-2-1 example, computed here with scalar arithmetic."""
    X, W1, W2, T, eta = worked_example_arrays()
    (x1, x2), t = X[0], T[0, 0]
    s = lambda a: 1 / (1 + math.exp(-a))  # noqa: E731
    y3, y4 = s(W1[0, 0] * x1 + W1[1, 0] * x2), s(W1[0, 1] * x1 + W1[1, 1] * x2)
    y5 = s(W2[0, 0] * y3 + W2[1, 0] * y4)
    d5 = y5 * (1 - y5) * (t - y5)
    d3, d4 = y3 * (1 - y3) * W2[0, 0] * d5, y4 * (1 - y4) * W2[1, 0] * d5
    net = Network.from_weights([W1, W2])
    net.forward(X)
    net.backward(T)
    assert np.allclose(net.o[1], [[y3, y4]], rtol=1e-14) and np.isclose(net.o[2][0, 0], y5, rtol=1e-14)
    assert np.allclose(net.delta[1], [[d5]], rtol=1e-13) and np.allclose(net.delta[0], [[d3, d4]], rtol=1e-13)
    assert net.loss_value(T) == pytest.approx(0.5 * (t - y5) ** 2, rel=1e-14)
    net.step(eta)
    assert np.allclose(net.W[0], W1 + eta * np.outer([x1, x2], [d3, d4]), rtol=1e-14)
    assert np.allclose(net.W[1], W2 + eta * np.array([[d5 * y3], [d5 * y4]]), rtol=1e-14)
    assert all(np.all(b == 0) for b in net.b), "from_weights without b: biases stay zero"


def test_delta_has_the_articles_sign_and_dW_is_the_gradient():
    net, X, T = make_net([2, 3, 1], "sigmoid", "sigmoid", "half_sse", seed=3)
    o = net.forward(X)
    dW, db = net.backward(T)
    assert np.allclose(net.delta[-1], (T - o) * o * (1 - o))
    assert np.allclose(dW[-1], -net.o[1].T @ net.delta[-1]) and np.allclose(db[-1], -net.delta[-1].sum(axis=0))
    assert dW is net.dW and db is net.db


def test_gradients_are_fresh_arrays_every_call():
    """Collecting gradients over training must not give a list of one array, overwritten."""
    net, X, T = make_net([2, 3, 1], "sigmoid", "sigmoid", "half_sse", seed=4)
    net.forward(X)
    first = net.backward(T)
    net.step(0.5)
    net.forward(X)
    second = net.backward(T)
    assert all(a is not b and not np.array_equal(a, b) for a, b in zip(first[0] + first[1], second[0] + second[1]))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_activations_agree_with_helpers_activations(name):
    # up to |a| = 15: beyond, o(1 - o) loses digits to the rounding of o near 1 (helpers' σ' does better there)
    a = np.linspace(-15, 15, 600).reshape(-1, 3) + 0.01  # and not a = 0 exactly, where relu' is a choice
    f, fprime = ACTIVATIONS[name]
    o = f(a)
    assert np.allclose(o, getattr(activations, name)(a), rtol=1e-13, atol=1e-300)
    assert np.allclose(fprime(a, o), getattr(activations, name + "_prime")(a), rtol=1e-9, atol=1e-300)
    softmax = ACTIVATIONS["softmax"][0]
    assert np.allclose(softmax(a), activations.softmax(a, axis=1), rtol=1e-13)


def test_sigmoid_never_overflows():
    with np.errstate(all="raise"):
        o = ACTIVATIONS["sigmoid"][0](np.array([[-1e4, -800.0, 0.0, 800.0, 1e4]]))
    assert o.tolist() == [[0.0, 0.0, 0.5, 1.0, 1.0]]


def _loss_by_definition(loss, o, T):
    if loss == "half_sse":
        return 0.5 * np.sum((T - o) ** 2)
    if loss == "mse":
        return np.mean((T - o) ** 2)
    if loss == "bce":
        return -np.mean(np.sum(T * np.log(o) + (1 - T) * np.log(1 - o), axis=1))
    return -np.mean(np.sum(T * np.log(o), axis=1))


def test_losses_match_their_definitions():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(4, 3))
    for loss, out, T in [("half_sse", "identity", rng.normal(size=(4, 2))), ("mse", "tanh", rng.normal(size=(4, 2))),
                         ("bce", "sigmoid", rng.random((4, 2))), ("cce", "softmax", np.eye(2)[[0, 1, 1, 0]])]:
        net = Network([3, 2], out, loss, rng=rng)
        o = net.forward(X)
        assert net.loss_value(T) == pytest.approx(_loss_by_definition(loss, o, T), rel=1e-12), loss


def test_cross_entropy_is_stable_for_a_saturated_output():
    net = Network.from_weights([[[50.0]]], activations="sigmoid", loss="bce")
    assert net.loss([[1.0]], [[0.0]]) == pytest.approx(50.0, rel=1e-12)  # -log(1 - σ(50)) ≈ 50, not inf
    net = Network.from_weights([[[800.0, 0.0]]], activations="softmax", loss="cce")
    assert net.loss([[1.0]], [[0.0, 1.0]]) == pytest.approx(800.0, rel=1e-12)


def test_cross_entropy_output_delta_has_no_f_prime():
    for out, loss, T in [("sigmoid", "bce", [[1.0, 0.0]]), ("softmax", "cce", [[1.0, 0.0]])]:
        net = Network.from_weights([[[-8.0, 8.0]]], activations=out, loss=loss)
        o = net.forward([[1.0]])
        net.backward(T)
        assert np.allclose(net.delta[0], np.array(T) - o)


@pytest.mark.parametrize("init", list(INITS) + [0.3])
def test_inits_have_the_documented_spread_and_reproduce(init):
    net = Network([400, 300, 200], init=init, rng=np.random.default_rng(0))
    for W, (n_in, n_out) in zip(net.W, [(400, 300), (300, 200)]):
        expected = {"normal": 1.0, "scaled": (1 / n_in) ** 0.5, "xavier": (2 / (n_in + n_out)) ** 0.5,
                    "he": (2 / n_in) ** 0.5}.get(init, init)
        assert W.std() == pytest.approx(expected, rel=0.02) and abs(W.mean()) < 0.02 * expected
    again = Network([400, 300, 200], init=init, rng=0)
    assert all(np.array_equal(a, b) for a, b in zip(net.W, again.W))


def test_training_reduces_the_loss_on_a_tiny_regression():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(32, 1))
    T = np.sin(3 * X)
    net = Network([1, 8, 1], ["tanh", "identity"], "mse", init="xavier", rng=rng)
    E0 = net.loss(X, T)
    losses = [net.train_step(X, T, 0.1) for _ in range(2000)]
    assert losses[0] == E0, "train_step returns the loss before its update"
    assert losses[-1] < 0.1 * losses[0] and losses[-1] < 0.02


def _plain_xor(epochs, eta=0.1, seed=0):
    """The article's XOR recipe, hand-written: 2-4-1 sigmoid, biases, ½ squared error, full batch."""
    X, T = xor_data()
    rng = np.random.default_rng(seed)
    W1, W2 = rng.normal(size=(2, 4)), rng.normal(size=(4, 1))
    b1, b2 = np.zeros((1, 4)), np.zeros((1, 1))
    for _ in range(epochs):
        o1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
        o2 = 1 / (1 + np.exp(-(o1 @ W2 + b2)))
        d2 = (T - o2) * o2 * (1 - o2)
        d1 = (d2 @ W2.T) * o1 * (1 - o1)
        W2 += eta * o1.T @ d2
        b2 += eta * d2.sum(axis=0, keepdims=True)
        W1 += eta * X.T @ d1
        b1 += eta * d1.sum(axis=0, keepdims=True)
    return [W1, W2], [b1[0], b2[0]]


def _network_xor(epochs, eta=0.1, seed=0):
    X, T = xor_data()
    net = Network([2, 4, 1], rng=np.random.default_rng(seed))
    for _ in range(epochs):
        net.train_step(X, T, eta)
    return net.W, net.b


def test_train_step_is_the_articles_xor_recipe():
    W, b = _plain_xor(3000)
    W_net, b_net = _network_xor(3000)
    assert all(np.allclose(p, q, rtol=1e-9, atol=1e-12) for p, q in zip(W + b, W_net + b_net))


# --- bad input: every check raises an error that says what is wrong -------------------------------------------
@pytest.fixture
def net():
    return Network([2, 3, 1], rng=0)


@pytest.mark.parametrize("X,error,match", [
    (np.zeros((4, 3)), ValueError, r"shape \(batch, 2\), got \(4, 3\)"),
    (np.zeros(2), ValueError, r"reshape\(1, -1\)"),
    (np.zeros((0, 2)), ValueError, "empty batch"),
    (np.array([[0.0, np.nan]]), ValueError, "NaN or inf"),
    (np.array([[np.inf, 0.0]]), ValueError, "NaN or inf"),
    (np.array([["a", "b"]]), TypeError, "real numbers"),
    (np.array([[1j, 0]]), TypeError, "real numbers"),
])
def test_bad_X(net, X, error, match):
    with pytest.raises(error, match=match):
        net.forward(X)
    with pytest.raises(error, match=match):
        net.train_step(X, np.zeros((max(len(X), 1), 1)), 0.1)


def test_huge_but_finite_X_is_accepted(net):
    assert np.all(np.isfinite(net.forward(np.array([[1e200, -1e200]]))))


@pytest.mark.parametrize("T,match", [
    (np.zeros((4, 2)), r"shape \(batch, 1\)"),
    (np.zeros((3, 1)), "T has 3 rows but X had 4"),
    (np.array([[0.0], [np.nan], [0.0], [0.0]]), "NaN or inf"),
    (np.array([[0.0], [-np.inf], [0.0], [0.0]]), "NaN or inf"),
])
def test_bad_T(net, T, match):
    X, _ = xor_data()
    net.forward(X)
    for call in (net.backward, net.loss_value, lambda T: net.loss(X, T), lambda T: net.train_step(X, T, 0.1)):
        with pytest.raises(ValueError, match=match):
            call(T)


def test_targets_must_suit_the_loss():
    X = np.zeros((2, 2))
    with pytest.raises(ValueError, match="between 0 and 1"):
        Network([2, 1], loss="bce", rng=0).loss(X, [[0.5], [1.5]])
    with pytest.raises(ValueError, match="sum to 1"):
        Network([2, 3], "softmax", "cce", rng=0).loss(X, [[1, 1, 0], [0, 0, 1]])


def test_calls_in_the_wrong_order(net):
    with pytest.raises(RuntimeError, match="forward"):
        net.backward([[0.0]])
    with pytest.raises(RuntimeError, match="backward"):
        net.step(0.1)
    with pytest.raises(AttributeError, match="backward"):
        print(net.delta)


@pytest.mark.parametrize("eta", [0, -0.1, float("nan"), float("inf"), "0.1", None, np.array([0.1, 0.2])])
def test_bad_learning_rate(net, eta):
    X, T = xor_data()
    W_before = [w.copy() for w in net.W]
    with pytest.raises(ValueError, match="learning rate eta must be a positive"):
        net.train_step(X, T, eta)
    assert all(np.array_equal(a, b) for a, b in zip(W_before, net.W)), "a refused step changes no weight"


@pytest.mark.parametrize("kwargs,match", [
    ({"activations": "sigmod"}, "unknown activation 'sigmod'; choose one of: sigmoid, tanh, relu, identity, softmax"),
    ({"activations": ["sigmoid"]}, "need 2 activations"),
    ({"loss": "mae"}, "unknown loss 'mae'; choose one of: half_sse, mse, bce, cce"),
    ({"init": "glorot"}, "unknown init 'glorot'; choose one of: normal, scaled, xavier, he"),
    ({"init": -1.0}, "standard deviation > 0"),
    ({"init": True}, "standard deviation > 0"),
    ({"init": None}, "standard deviation > 0"),
    ({"activations": ["softmax", "sigmoid"]}, "softmax goes on the output layer"),
    ({"activations": "softmax"}, "softmax goes on the output layer"),
    ({"activations": ["sigmoid", "softmax"]}, "softmax goes on the output layer"),
    ({"loss": "cce"}, "softmax goes on the output layer"),
    ({"activations": ["sigmoid", "tanh"], "loss": "bce"}, "bce.*sigmoid"),
])
def test_bad_constructor_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network([2, 3, 1], **{"rng": 0, **kwargs})


@pytest.mark.parametrize("sizes", [[2], [2, 0, 1], [2, 1.5, 1], "21"])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes must be"):
        Network(sizes, rng=0)


def test_rng_is_required():
    with pytest.raises(TypeError, match="default_rng"):
        Network([2, 1])


@pytest.mark.parametrize("W,b,match", [
    ([], None, "one weight matrix per layer"),
    ([np.zeros(2)], None, "2-D array"),
    ([np.zeros((2, 3)), np.zeros((2, 1))], None, "W\\[1\\] has 2 rows but W\\[0\\] has 3 columns"),
    ([np.array([[np.nan]])], None, "finite"),
    ([np.zeros((2, 3))], [np.zeros(2)], "lengths \\[3\\]"),
    ([np.zeros((2, 3))], [np.zeros(3), np.zeros(1)], "lengths \\[3\\]"),
    ([np.zeros((2, 3))], [np.full(3, np.inf)], "finite"),
])
def test_bad_from_weights(W, b, match):
    with pytest.raises(ValueError, match=match):
        Network.from_weights(W, b)


def test_from_weights_copies():
    W = [np.ones((2, 2)), np.ones((2, 1))]
    net = Network.from_weights(W, b=[np.zeros(2), np.zeros(1)])
    net.W[0][0, 0] = 5.0
    net.b[0][0] = 5.0
    assert W[0][0, 0] == 1.0 and net.biases
    assert repr(net) == "Network([2, 2, 1], activations=['sigmoid', 'sigmoid'], loss='half_sse')"


def test_module_tables_list_what_the_constructor_accepts():
    assert list(LOSSES) == ["half_sse", "mse", "bce", "cce"]
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "identity", "softmax"}
