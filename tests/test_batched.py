"""The batched XOR trainer (helpers.batched) against `Network` trained one network at a time,
plus the notebook-04 plots and widget logic (the exercise checks: test_exercises_xor.py)."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers.widgets
from helpers.batched import (
    Params,
    concat_params,
    init_params,
    network,
    pad_hidden,
    select,
    stack_networks,
    train_batch,
)
from helpers.data import xor_data
from helpers.network import Network
from helpers.plots import plot_decision_boundary, plot_loss_curves, plot_xor_points
from helpers.widgets import show_xor_training, xor_training

matplotlib.use("Agg")
X, T = xor_data()


def train_one(seed, H, eta, epochs, online=False, init="normal"):
    """The reference: one `Network`, trained with train_step; returns it and its loss after every epoch."""
    net = Network([2, H, 1], loss="half_sse", init=init, rng=seed)
    losses = []
    for _ in range(epochs):
        losses.append(net.loss(X, T))
        if online:
            for p in range(len(X)):
                net.train_step(X[p:p + 1], T[p:p + 1], eta)
        else:
            net.train_step(X, T, eta)
    losses.append(net.loss(X, T))
    return net, np.array(losses)


def largest_difference(run, n, net):
    W1, b1, W2, b2 = run.params
    return max(np.abs(W1[n] - net.W[0]).max(), np.abs(b1[n] - net.b[0]).max(),
               np.abs(W2[n] - net.W[1]).max(), np.abs(b2[n] - net.b[1]).max())


def test_a_trained_2_4_1_network_predicts_xor():
    net, losses = train_one(seed=0, H=4, eta=0.1, epochs=10_000)
    o = net.forward(X)
    assert np.all(np.abs(T - o) < 0.5), f"outputs {o.ravel()} are not all on the correct side of 0.5"
    assert losses[-1] < 0.05 * losses[0]
    run = train_batch(init_params(4, [0]), X, T, eta=0.1, epochs=10_000)
    assert run.success[0] and np.allclose(run.output[0], o[:, 0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("H", [1, 2, 3, 8])
def test_init_params_draws_the_weights_network_draws(H):
    seeds = [0, 1, 17, 12345]
    params = init_params(H, seeds)
    for n, seed in enumerate(seeds):
        net = Network([2, H, 1], init="normal", rng=seed)
        np.testing.assert_array_equal(params.W1[n], net.W[0])
        np.testing.assert_array_equal(params.W2[n], net.W[1])
        np.testing.assert_array_equal(params.b1[n], np.zeros(H))
        np.testing.assert_array_equal(params.b2[n], np.zeros(1))
    scaled = init_params(H, seeds, scale=0.5)
    np.testing.assert_array_equal(scaled.W1[1], Network([2, H, 1], init=0.5, rng=1).W[0])


def test_uniform_init_draws_W1_then_W2_from_the_seed():
    params = init_params(3, [5, 6], init="uniform", scale=0.3)
    rng = np.random.default_rng(6)
    W1 = rng.uniform(-0.3, 0.3, size=(2, 3))
    W2 = rng.uniform(-0.3, 0.3, size=(3, 1))
    np.testing.assert_array_equal(params.W1[1], W1)
    np.testing.assert_array_equal(params.W2[1], W2)
    assert np.all(np.abs(params.W1) <= 0.3) and np.all(np.abs(params.W2) <= 0.3)


@pytest.mark.parametrize("online", [False, True], ids=["full-batch", "online"])
@pytest.mark.parametrize("H", [1, 2, 3, 4, 8])
def test_batch_reproduces_one_network_at_a_time(H, online):
    seeds = [0, 1, 2, 0]
    etas = [0.1, 0.5, 1.0, 1.0]  # one learning rate per network
    epochs = 300 if online else 1000  # (an online epoch is four steps)
    run = train_batch(init_params(H, seeds), X, T, etas, epochs=epochs, online=online)
    for n, (seed, eta) in enumerate(zip(seeds, etas)):
        net, losses = train_one(seed, H, eta, epochs, online=online)
        assert largest_difference(run, n, net) <= 1e-12
        np.testing.assert_allclose(run.loss[:, n], losses, rtol=0, atol=1e-12)
        np.testing.assert_allclose(run.output[n], net.forward(X)[:, 0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed, H, eta", [(0, 4, 0.1), (6, 2, 0.1), (29, 3, 0.1)])
def test_batch_reproduces_full_length_runs(seed, H, eta):
    """10,000 epochs, the sweep's length; (6, 2) and (29, 3) are runs that get stuck."""
    run = train_batch(init_params(H, [seed, seed + 1]), X, T, eta, epochs=10_000, history=False)
    net, losses = train_one(seed, H, eta, 10_000)
    assert largest_difference(run, 0, net) <= 1e-12
    assert abs(run.final_loss[0] - losses[-1]) <= 1e-12


def test_momentum_against_a_reference_loop():
    eta, mu, H, seeds = 0.5, 0.9, 3, [3, 4]
    run = train_batch(init_params(H, seeds), X, T, eta, epochs=300, momentum=mu)
    for n, seed in enumerate(seeds):
        net = Network([2, H, 1], rng=seed)
        v = [np.zeros_like(p) for p in net.W + net.b]
        for _ in range(300):
            net.forward(X)
            dW, db = net.backward(T)
            for i, (p, g) in enumerate(zip(net.W + net.b, dW + db)):
                v[i] = mu * v[i] - eta * g
                p += v[i]
        assert largest_difference(run, n, net) <= 1e-12
    plain = train_batch(init_params(H, seeds), X, T, eta, epochs=300)
    assert np.abs(plain.params.W1 - run.params.W1).max() > 1e-3  # momentum does change the run
    zero = train_batch(init_params(H, seeds), X, T, eta, epochs=300, momentum=[0.0, 0.0])
    np.testing.assert_array_equal(zero.params.W1, plain.params.W1)


def test_norms_are_the_lengths_of_network_gradients_and_weights():
    run = train_batch(init_params(2, [7]), X, T, 0.5, epochs=50, norms_every=7)
    np.testing.assert_array_equal(run.norm_epochs, [0, 7, 14, 21, 28, 35, 42, 49, 50])
    net = Network([2, 2, 1], rng=7)
    for k in range(51):
        net.forward(X)
        dW, db = net.backward(T)
        if k in run.norm_epochs:
            i = list(run.norm_epochs).index(k)
            grad = np.sqrt(sum(np.sum(g ** 2) for g in dW + db))
            size = np.sqrt(sum(np.sum(W ** 2) for W in net.W))  # weights only, biases left out
            assert run.grad_norm[i, 0] == pytest.approx(grad, rel=1e-12, abs=1e-15)
            assert run.weight_norm[i, 0] == pytest.approx(size, rel=1e-12)
        net.step(0.5)
    with_norms = run.params.W1
    without = train_batch(init_params(2, [7]), X, T, 0.5, epochs=50).params.W1
    np.testing.assert_array_equal(with_norms, without)
    every = train_batch(init_params(2, [7]), X, T, 0.5, epochs=50, norms_every=1)
    np.testing.assert_array_equal(every.grad_norm[[0, 7, 49, 50]], run.grad_norm[[0, 1, 7, 8]])
    online = train_batch(init_params(2, [7]), X, T, 0.5, epochs=20, online=True)
    online_norms = train_batch(init_params(2, [7]), X, T, 0.5, epochs=20, online=True, norms_every=3)
    np.testing.assert_array_equal(online.params.W1, online_norms.params.W1)


def test_first_correct_and_success_follow_the_outputs():
    seeds, epochs = [0, 6], 4000
    run = train_batch(init_params(2, seeds), X, T, 0.5, epochs=epochs)
    for n, seed in enumerate(seeds):
        net = Network([2, 2, 1], rng=seed)
        first = -1
        for k in range(epochs + 1):
            if first < 0 and np.all(np.abs(T - net.forward(X)) < 0.5):
                first = k
            if k < epochs:
                net.train_step(X, T, 0.5)
        assert run.first_correct[n] == first
        assert run.success[n] == bool(np.all(np.abs(T - net.forward(X)) < 0.5))
    assert run.correct.shape == (epochs + 1, 2)
    assert not run.correct[0].any()  # random weights do not solve XOR at epoch 0 for these seeds


def test_history_false_keeps_only_the_final_loss():
    full = train_batch(init_params(3, [1, 2]), X, T, 0.5, epochs=200)
    short = train_batch(init_params(3, [1, 2]), X, T, 0.5, epochs=200, history=False)
    assert short.loss.shape == (1, 2)
    np.testing.assert_array_equal(short.final_loss, full.final_loss)
    np.testing.assert_array_equal(short.first_correct, full.first_correct)


def test_params_are_not_modified_and_network_round_trips():
    params = init_params(2, [0, 1])
    before = [p.copy() for p in params]
    run = train_batch(params, X, T, 0.5, epochs=20)
    for p, q in zip(params, before):
        np.testing.assert_array_equal(p, q)
    net = network(run.params, 1)
    np.testing.assert_allclose(net.forward(X)[:, 0], run.output[1], rtol=0, atol=0)
    again = stack_networks([network(run.params, 0), net])
    for p, q in zip(again, run.params):
        np.testing.assert_array_equal(p, q)


def test_bad_input_raises_clear_errors():
    params = init_params(2, [0, 1])
    with pytest.raises(ValueError, match="at least 1"):
        init_params(0, [0])
    with pytest.raises(TypeError, match="whole number"):
        init_params(2.5, [0])
    with pytest.raises(ValueError, match="seeds is empty"):
        init_params(2, [])
    with pytest.raises(ValueError, match="init"):
        init_params(2, [0], init="xavier")
    with pytest.raises(ValueError, match="scale"):
        init_params(2, [0], scale=0)
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        train_batch(params, X, T, 0.5, epochs=0)
    with pytest.raises(TypeError, match="epochs must be a whole number"):
        train_batch(params, X, T, 0.5, epochs=10.5)
    with pytest.raises(ValueError, match=r"X must have shape \(patterns, 2\)"):
        train_batch(params, np.ones((4, 3)), T, 0.5, epochs=1)
    with pytest.raises(ValueError, match=r"T must have shape \(patterns, 1\)"):
        train_batch(params, X, T.ravel(), 0.5, epochs=1)
    with pytest.raises(ValueError, match="one target per input row"):
        train_batch(params, X, T[:3], 0.5, epochs=1)
    with pytest.raises(ValueError, match="NaN or inf"):
        train_batch(params, np.where(X == 1, np.nan, X), T, 0.5, epochs=1)
    with pytest.raises(TypeError, match="real numbers"):
        train_batch(params, X.astype(str), T, 0.5, epochs=1)
    with pytest.raises(ValueError, match="eta must be positive"):
        train_batch(params, X, T, -0.1, epochs=1)
    with pytest.raises(TypeError, match="eta must be a number"):
        train_batch(params, X, T, "fast", epochs=1)
    with pytest.raises(ValueError, match="one number per network"):
        train_batch(params, X, T, [0.1, 0.2, 0.3], epochs=1)
    with pytest.raises(ValueError, match="momentum must lie in"):
        train_batch(params, X, T, 0.1, epochs=1, momentum=1.0)
    with pytest.raises(ValueError, match="norms_every must be at least 1"):
        train_batch(params, X, T, 0.1, epochs=1, norms_every=0)
    with pytest.raises(ValueError, match=r"W2 must have shape \(2, 2, 1\)"):
        train_batch(params._replace(W2=params.W2[:, :1]), X, T, 0.1, epochs=1)
    with pytest.raises(ValueError, match=r"W1 must have shape \(N, 2, H\)"):
        train_batch(params._replace(W1=params.W1[0]), X, T, 0.1, epochs=1)
    with pytest.raises(TypeError, match="Params"):
        train_batch([params.W1, params.b1], X, T, 0.1, epochs=1)
    with pytest.raises(IndexError, match="has 2 networks"):
        network(params, 2)


def test_online_differs_from_full_batch():
    full = train_batch(init_params(2, [0]), X, T, 0.5, epochs=50)
    online = train_batch(init_params(2, [0]), X, T, 0.5, epochs=50, online=True)
    assert np.abs(full.params.W1 - online.params.W1).max() > 1e-3
    np.testing.assert_array_equal(full.loss[0], online.loss[0])  # same start


# --- plots, widget logic, exercises --------------------------------------------------------
def test_decision_boundary_shows_the_model_output_on_a_grid():
    net = Network([2, 3, 1], rng=0)
    ax = plot_decision_boundary(net.forward, X, T, n=21, lim=(0.0, 1.0))
    image = np.asarray(ax.images[0].get_array())
    g = np.linspace(0, 1, 21)
    # pixel [row i, column j] is the input (x1 = g[j], x2 = g[i])
    for i, j in [(0, 0), (0, 20), (20, 0), (7, 13)]:
        expected = net.forward(np.array([[g[j], g[i]]]))[0, 0]
        assert image[i, j] == pytest.approx(expected, abs=1e-12)
    assert len(ax.collections) >= 2  # the two groups of training points
    plt.close("all")


def test_loss_curves_and_points():
    ax = plot_loss_curves(np.array([[1.0, 2.0], [0.5, 1.0], [0.1, 0.9]]), labels=["a", "b"])
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [2.0, 1.0, 0.9])
    with pytest.raises(ValueError, match="2 labels for 1 loss curves"):
        plot_loss_curves([np.ones(3)], labels=["a", "b"])
    ax = plot_xor_points(X, T)
    assert len(ax.collections) == 2
    plt.close("all")


def test_widget_logic(monkeypatch):
    shown = []
    monkeypatch.setattr(helpers.widgets, "show_figure", lambda fig, alt: shown.append(fig))
    run = xor_training(H=4, eta=0.1, seed=0, epochs=2000)
    net, losses = train_one(0, 4, 0.1, 2000)
    np.testing.assert_allclose(run.loss[:, 0], losses, rtol=0, atol=1e-12)
    assert xor_training(4, 0.1, 0, 2000) is run  # cached: moving a slider back is instant
    show_xor_training(H=2, eta=0.5, seed=3, epochs=1000)
    assert len(shown) == 1 and len(shown[0].axes) == 3
    plt.close("all")
    with pytest.raises(ValueError, match="learning rate"):
        xor_training(eta=0)
    with pytest.raises(TypeError, match="whole number"):
        xor_training(H=2.5)


def test_stack_networks_rejects_mixed_sizes():
    with pytest.raises(ValueError, match="same hidden size"):
        stack_networks([Network([2, 2, 1], rng=0), Network([2, 3, 1], rng=0)])
    with pytest.raises(ValueError, match="2-H-1"):
        stack_networks([Network([3, 2, 1], rng=0)])
    assert isinstance(stack_networks([Network([2, 2, 1], rng=0)]), Params)


def test_padded_networks_train_like_the_originals():
    params = init_params(2, [6, 7, 8])
    small = train_batch(params, X, T, [0.1, 0.5, 1.0], epochs=3000)
    padded = pad_hidden(params, 5)
    assert padded.W1.shape == (3, 2, 5)
    big = train_batch(padded, X, T, [0.1, 0.5, 1.0], epochs=3000)
    np.testing.assert_allclose(big.loss, small.loss, rtol=0, atol=1e-9)
    np.testing.assert_allclose(big.params.W1[:, :, :2], small.params.W1, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(big.params.b1[:, 2:], -1000.0)  # the added units never move
    np.testing.assert_array_equal(big.params.W2[:, 2:], 0.0)
    np.testing.assert_array_equal(big.params.W1[:, :, 2:], 0.0)
    with pytest.raises(ValueError, match="at least 2"):
        pad_hidden(params, 1)


def test_select_and_concat():
    a, b = init_params(2, [0, 1]), init_params(2, [2])
    both = concat_params(a, b)
    np.testing.assert_array_equal(both.W1[2], b.W1[0])
    np.testing.assert_array_equal(select(both, [2]).W2, b.W2)
    np.testing.assert_array_equal(select(both, np.array([True, False, False])).W1, a.W1[:1])
    with pytest.raises(ValueError, match="pad_hidden"):
        concat_params(a, init_params(3, [0]))
