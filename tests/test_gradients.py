"""Per-layer gradient measurements, clipping by norm, and the notebook-05 widget and exercise logic."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.exercises.gradients import check_chain_factor  # noqa: E402
from helpers.gradcheck import numerical_gradient, relative_error  # noqa: E402
from helpers.gradients import (  # noqa: E402
    ResidualNetwork,
    clip_by_norm,
    global_norm,
    gradient_descent,
    layer_stats,
    measure,
)
from helpers.network import Network  # noqa: E402
from helpers.plots import plain_log_axis, plot_layer_gradients  # noqa: E402
from helpers.widgets import gradient_profile, gradient_widget, init_label, show_gradient_profile  # noqa: E402

# --- an independent forward pass, written here from the definitions, for finite differences --------
F = {
    "sigmoid": lambda a: 1 / (1 + np.exp(-a)),
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0.0),
    "softmax": lambda a: np.exp(a - a.max(axis=1, keepdims=True))
    / np.exp(a - a.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
}


def forward_outputs(net, X, layer=None, offset=0.0):
    """Every layer's output; `offset` is added to the weighted sums a of `layer`."""
    outputs, o = [], X
    for l, (W, b, name) in enumerate(zip(net.W, net.b, net.activations)):
        a = o @ W + b + (offset if l == layer else 0.0)
        o = F[name](a)
        outputs.append(o)
    return outputs


def loss_from_scratch(net, X, T, layer=None, offset=0.0):
    o = forward_outputs(net, X, layer, offset)[-1]
    if net.loss_name == "half_sse":
        return 0.5 * np.sum((T - o) ** 2)
    return -np.mean(np.sum(T * np.log(o), axis=1))  # cce


def small_deep_net(activation, loss, seed=3):
    """4 hidden layers of 4 units; biases made nonzero so that db is not trivial."""
    rng = np.random.default_rng(seed)
    out = "softmax" if loss == "cce" else "sigmoid"
    net = Network([3, 4, 4, 4, 4, 2], [activation] * 4 + [out], loss=loss, init="xavier", rng=rng)
    net.b = [rng.normal(0, 0.5, size=b.shape) for b in net.b]
    X = rng.normal(size=(5, 3))
    T = np.eye(2)[rng.integers(0, 2, size=5)]
    return net, X, T


CASES = [(act, loss) for act in ("sigmoid", "tanh", "relu") for loss in ("half_sse", "cce")]


@pytest.mark.parametrize("activation,loss", CASES)
def test_weight_and_bias_gradient_norms_agree_with_finite_differences(activation, loss):
    net, X, T = small_deep_net(activation, loss)
    stats = measure(net, X, T)
    for l in range(len(net.W)):
        num_W = numerical_gradient(lambda _: loss_from_scratch(net, X, T), net.W[l])
        num_b = numerical_gradient(lambda _: loss_from_scratch(net, X, T), net.b[l])
        assert relative_error(stats["dW"][l], np.sqrt(np.sum(num_W ** 2))) < 1e-6
        assert relative_error(stats["db"][l], np.sqrt(np.sum(num_b ** 2))) < 1e-6


@pytest.mark.parametrize("activation,loss", CASES)
def test_delta_norms_agree_with_finite_differences_of_the_weighted_sums(activation, loss):
    """δ^l = -∂E/∂a^l for every example: perturb a^l itself and watch the loss."""
    net, X, T = small_deep_net(activation, loss)
    stats = measure(net, X, T)
    for l in range(len(net.W)):
        offset = np.zeros((len(X), net.sizes[l + 1]))
        num = numerical_gradient(lambda off, l=l: loss_from_scratch(net, X, T, l, off), offset)
        assert relative_error(stats["delta"][l], np.sqrt(np.sum(num ** 2))) < 1e-6


def test_activation_spread_is_the_spread_over_the_examples():
    net, X, T = small_deep_net("tanh", "cce")
    stats = measure(net, X, T)
    expected = [np.sqrt(np.mean([np.std(o[:, j]) ** 2 for j in range(o.shape[1])])) for o in forward_outputs(net, X)]
    np.testing.assert_allclose(stats["o_spread"], expected, rtol=1e-12)


def test_activation_spread_ignores_differences_between_units():
    """Identical examples: every unit may output something different, but nothing varies with the input."""
    net, X, T = small_deep_net("sigmoid", "half_sse")
    stats = measure(net, np.repeat(X[:1], 4, axis=0), np.repeat(T[:1], 4, axis=0))
    np.testing.assert_allclose(stats["o_spread"], 0.0, atol=1e-15)


def test_layer_stats_has_one_value_per_layer_and_reads_the_caches():
    net, X, T = small_deep_net("sigmoid", "half_sse")
    net.forward(X)
    net.backward(T)
    stats = layer_stats(net)
    assert set(stats) == {"delta", "dW", "db", "o_spread", "o_rms", "W"}
    assert all(len(v) == len(net.W) for v in stats.values())


def test_layer_stats_reports_the_size_of_the_outputs_and_of_the_weights():
    net, X, T = small_deep_net("tanh", "cce")
    stats = measure(net, X, T)
    outputs = forward_outputs(net, X)
    rms = [np.sqrt(sum(x * x for x in o.ravel()) / o.size) for o in outputs]
    frobenius = [np.sqrt(sum(w * w for w in W.ravel())) for W in net.W]
    np.testing.assert_allclose(stats["o_rms"], rms, rtol=1e-12)
    np.testing.assert_allclose(stats["W"], frobenius, rtol=1e-12)


def test_with_a_batch_mean_loss_delta_holds_each_examples_delta_divided_by_the_batch_size():
    """The module docstring's promise: with "cce", the rows of net.delta are per-example δ / N."""
    net, X, T = small_deep_net("tanh", "cce")
    net.forward(X)
    net.backward(T)
    whole = [d.copy() for d in net.delta]
    for i in range(len(X)):
        net.forward(X[i:i + 1])
        net.backward(T[i:i + 1])
        for l, d in enumerate(net.delta):
            np.testing.assert_allclose(whole[l][i], d[0] / len(X), rtol=1e-12)


def test_layer_stats_needs_a_backward_pass_first():
    net, X, T = small_deep_net("sigmoid", "half_sse")
    with pytest.raises(RuntimeError, match="backward"):
        layer_stats(net)
    with pytest.raises(TypeError, match="Network"):
        layer_stats("not a network")


# --- the global norm --------------------------------------------------------------------------
def test_global_norm_is_the_length_of_all_entries_together():
    g = [np.array([[3.0, 0.0], [0.0, 0.0]]), np.array([4.0]), np.array([12.0])]
    assert global_norm(g) == pytest.approx(13.0, rel=1e-15)
    assert global_norm([np.zeros(3)]) == 0.0


def test_global_norm_does_not_overflow_for_huge_finite_entries():
    # squaring 1e200 overflows; warnings are errors in the tests, so a naive norm would fail here
    assert global_norm([np.full(4, 1e200), np.array([1e200])]) == pytest.approx(1e200 * np.sqrt(5), rel=1e-12)


def test_global_norm_does_not_underflow_for_tiny_entries():
    assert global_norm([np.full(4, 3e-200)]) == pytest.approx(6e-200, rel=1e-12, abs=0)


def test_global_norm_reports_inf_and_nan():
    assert global_norm([np.array([1.0, np.inf])]) == np.inf
    assert np.isnan(global_norm([np.array([1.0]), np.array([np.nan, 2.0])]))


# --- clipping by norm -------------------------------------------------------------------------
def random_grads(rng):
    shapes = [tuple(rng.integers(1, 5, size=rng.integers(1, 3))) for _ in range(rng.integers(1, 4))]
    scale = 10.0 ** rng.uniform(-6, 6)
    return [rng.normal(0, scale, size=s) for s in shapes]


def test_clipping_never_increases_the_norm_and_keeps_the_direction():
    rng = np.random.default_rng(0)
    for _ in range(300):
        grads = random_grads(rng)
        before = np.sqrt(sum(np.sum(g ** 2) for g in grads))
        max_norm = 10.0 ** rng.uniform(-6, 6)
        clipped, reported = clip_by_norm(grads, max_norm)
        after = np.sqrt(sum(np.sum(g ** 2) for g in clipped))
        assert reported == pytest.approx(before, rel=1e-12, abs=0)
        assert after <= before * (1 + 1e-12)
        assert after <= max(max_norm, before if before <= max_norm else 0) * (1 + 1e-12)
        if before > max_norm:
            assert after == pytest.approx(max_norm, rel=1e-12, abs=0)
        ratios = np.concatenate([(c / g).ravel() for c, g in zip(clipped, grads)])
        np.testing.assert_allclose(ratios, ratios[0], rtol=1e-12)  # one common factor: same direction


def test_clipping_leaves_small_gradients_unchanged():
    grads = [np.array([0.3, -0.4]), np.array([[0.0, 1.2]])]  # norm 1.3
    for max_norm in (1.3, 2.0, 1e9):
        clipped, norm = clip_by_norm(grads, max_norm)
        assert norm == pytest.approx(1.3)
        for c, g in zip(clipped, grads):
            assert np.array_equal(c, g)


def test_clipping_does_not_change_its_input():
    grads = [np.array([30.0, 40.0])]
    clip_by_norm(grads, 5.0)
    assert np.array_equal(grads[0], [30.0, 40.0])


@pytest.mark.parametrize("max_norm", [0, -1.0, np.nan, np.inf])
def test_clipping_rejects_a_bad_threshold(max_norm):
    with pytest.raises(ValueError, match="max_norm"):
        clip_by_norm([np.ones(3)], max_norm)


@pytest.mark.parametrize("max_norm", ["1", None, True])
def test_clipping_rejects_a_threshold_that_is_not_a_number(max_norm):
    with pytest.raises(TypeError, match="max_norm"):
        clip_by_norm([np.ones(3)], max_norm)


@pytest.mark.parametrize("grads,error,match", [
    (np.ones(3), TypeError, "list of arrays"),
    ([], ValueError, "empty"),
    ([np.array(["a", "b"])], TypeError, "real numbers"),
    ([np.array([1 + 2j])], TypeError, "real numbers"),
    ([np.array([1.0, np.inf])], ValueError, "inf or NaN"),
    ([np.array([np.nan])], ValueError, "inf or NaN"),
])
def test_clipping_rejects_bad_gradients(grads, error, match):
    with pytest.raises(error, match=match):
        clip_by_norm(grads, 1.0)


# --- training with and without clipping ---------------------------------------------------------
def xor_net(seed=0, **kwargs):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    T = np.array([[0.0], [1.0], [1.0], [0.0]])
    return Network([2, 4, 1], ["tanh", "sigmoid"], loss="bce", rng=seed, **kwargs), X, T


def test_gradient_descent_lowers_the_loss():
    net, X, _ = xor_net()
    T = np.array([[0.0], [1.0], [1.0], [1.0]])  # OR: linearly separable, so any start learns it
    history = gradient_descent(net, X, T, eta=1.0, steps=500)
    assert len(history["loss"]) == len(history["grad_norm"]) == 500
    assert history["loss"][-1] < 0.1 * history["loss"][0]


def test_one_clipped_step_moves_the_parameters_by_at_most_eta_times_max_norm():
    net, X, T = xor_net(init=3.0)
    before = [p.copy() for p in net.W + net.b]
    history = gradient_descent(net, X, T, eta=0.5, steps=1, max_norm=0.01)
    moved = global_norm([p - q for p, q in zip(net.W + net.b, before)])
    assert history["grad_norm"][0] > 0.01  # the clipping was active
    assert moved == pytest.approx(0.5 * 0.01, rel=1e-9, abs=0)


def test_clipped_training_equals_a_loop_with_clip_by_norm():
    """gradient_descent clips in place with the norm it has computed: the same as calling clip_by_norm."""
    net, X, T = xor_net(init=3.0)
    twin, _, _ = xor_net(init=3.0)
    history = gradient_descent(net, X, T, eta=0.5, steps=20, max_norm=0.3)
    for _ in range(20):
        twin.forward(X)
        twin.backward(T)
        clipped, _ = clip_by_norm(twin.dW + twin.db, 0.3)
        twin.dW, twin.db = clipped[:len(twin.W)], clipped[len(twin.W):]
        twin.step(0.5)
    assert 0 < np.mean(history["grad_norm"] > 0.3) < 1  # clipped in some steps, not in others
    for p, q in zip(net.W + net.b, twin.W + twin.b):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)


def test_a_huge_threshold_changes_nothing():
    runs = []
    for max_norm in (None, 1e12):
        net, X, T = xor_net()
        runs.append(gradient_descent(net, X, T, eta=1.0, steps=50, max_norm=max_norm)["loss"])
    assert np.array_equal(runs[0], runs[1])


def test_mini_batches_are_reproducible_with_a_seed():
    rng = np.random.default_rng(1)
    X, T = rng.normal(size=(40, 3)), np.eye(2)[rng.integers(0, 2, size=40)]
    runs = []
    for _ in range(2):
        net = Network([3, 5, 2], ["tanh", "softmax"], loss="cce", rng=0)
        runs.append(gradient_descent(net, X, T, eta=0.5, steps=30, batch_size=8, rng=7)["loss"])
    assert np.array_equal(runs[0], runs[1])


def test_a_diverging_run_stops_at_the_first_inf_or_nan():
    net = Network([1, 1], "identity", loss="mse", init=1.0, rng=0)
    X, T = np.array([[1.0], [2.0]]), np.array([[1.0], [-1.0]])
    with np.errstate(over="ignore", invalid="ignore"):  # the divergence overflows on purpose
        history = gradient_descent(net, X, T, eta=10.0, steps=10_000)
    assert len(history["loss"]) < 10_000
    assert not np.isfinite(history["loss"][-1]) or not np.isfinite(history["grad_norm"][-1])
    assert np.all(np.isfinite(history["loss"][:-1]))


@pytest.mark.parametrize("kwargs,error,match", [
    (dict(steps=0), ValueError, "steps"),
    (dict(steps=2.5), ValueError, "steps"),
    (dict(eta=0.0), ValueError, "eta"),
    (dict(eta=np.nan), ValueError, "eta"),
    (dict(max_norm=-1.0), ValueError, "max_norm"),
    (dict(batch_size=0, rng=0), ValueError, "batch_size"),
    (dict(batch_size=5, rng=0), ValueError, "batch_size"),
    (dict(batch_size=2), TypeError, "rng"),
])
def test_gradient_descent_rejects_bad_arguments(kwargs, error, match):
    net, X, T = xor_net()
    args = dict(eta=1.0, steps=3) | kwargs
    with pytest.raises(error, match=match):
        gradient_descent(net, X, T, **args)


def test_gradient_descent_needs_as_many_targets_as_inputs():
    net, X, T = xor_net()
    with pytest.raises(ValueError, match="examples"):
        gradient_descent(net, X, T[:3], eta=1.0, steps=1)


# --- widget logic and plot ------------------------------------------------------------------------
@pytest.fixture
def batch():
    rng = np.random.default_rng(2)
    return rng.random((16, 8)), np.eye(3)[rng.integers(0, 3, size=16)]


def test_gradient_profile_measures_every_layer_of_a_fresh_network(batch):
    X, T = batch
    stats = gradient_profile(5, "tanh", "xavier", X, T, width=6, seed=4)
    net = Network([8] + [6] * 5 + [3], ["tanh"] * 5 + ["softmax"], loss="cce", init="xavier", rng=4)
    expected = measure(net, X, T)
    assert all(len(v) == 6 for v in stats.values())
    for key in expected:
        np.testing.assert_array_equal(stats[key], expected[key])


def test_small_weights_make_delta_vanish_towards_the_input(batch):
    X, T = batch
    delta = gradient_profile(8, "tanh", 0.01, X, T, width=6)["delta"]
    assert np.all(np.diff(delta) > 0)  # grows from the first hidden layer to the output
    assert delta[0] < 1e-6 * delta[-1]


@pytest.mark.parametrize("depth,activation,error", [
    (0, "tanh", ValueError), (2.5, "tanh", ValueError), (3, "softmax", ValueError), (3, "swish", ValueError),
])
def test_gradient_profile_rejects_bad_settings(batch, depth, activation, error):
    X, T = batch
    with pytest.raises(error):
        gradient_profile(depth, activation, "he", X, T)


def test_init_labels_are_readable():
    assert init_label("xavier") == "Xavier"
    assert init_label(0.01) == "N(0, 0.01²)"
    assert init_label(0.25) == "N(0, 0.25²)"
    assert init_label("xavier", gain=4) == "4 × Xavier"


def test_gain_multiplies_every_initial_weight(batch):
    X, T = batch
    plain = Network([8] + [6] * 3 + [3], ["sigmoid"] * 3 + ["softmax"], loss="cce", init="xavier", rng=1)
    plain.W = [4.0 * W for W in plain.W]
    stats = gradient_profile(3, "sigmoid", "xavier", X, T, width=6, seed=1, gain=4)
    for key, value in measure(plain, X, T).items():
        np.testing.assert_array_equal(stats[key], value)


@pytest.mark.parametrize("gain,error", [(0, ValueError), (-1, ValueError), (np.inf, ValueError), ("4", TypeError)])
def test_gain_must_be_a_positive_number(batch, gain, error):
    X, T = batch
    with pytest.raises(error):
        gradient_profile(3, "tanh", "he", X, T, gain=gain)


def test_gradient_widget_sliders_redraw_on_release_and_offer_a_custom_scale(batch):
    X, T = batch
    controls = {w.description: w for w in gradient_widget(X, T).widget.children[:-1]}
    assert controls["hidden layers"].continuous_update is False
    scale = next(w for name, w in controls.items() if name.startswith("scale"))
    assert scale.continuous_update is False and 4 in scale.options and scale.value == 1
    plt.close("all")


def test_plot_layer_gradients_draws_three_lines_and_skips_zeros():
    stats = {"delta": [1e-3, 1e-2, 0.0], "dW": [1.0, 1.0, 1.0], "o_spread": [0.5, 0.5, 0.5], "db": [1, 1, 1]}
    ax = plot_layer_gradients(stats, title="test")
    lines = ax.get_lines()
    assert len(lines) == 3
    assert len(lines[0].get_xdata()) == 2  # the zero is not drawn on the log scale
    assert ax.get_yscale() == "log"
    plt.close("all")


def test_plain_log_axis_labels_ticks_without_powers_of_ten():
    _, ax = plt.subplots()
    ax.plot([1e-5, 1e2])
    plain_log_axis(ax, subs=(1.0, 2.0, 5.0))
    assert ax.get_yscale() == "log"
    assert ax.yaxis.get_major_formatter()(0.01, 0) == "0.01"
    assert ax.yaxis.get_major_formatter()(1e-5, 0) == "1e-05"
    assert len(ax.yaxis.get_minorticklocs()) == 0
    plt.close("all")


def test_show_gradient_profile_draws_a_figure(batch):
    X, T = batch
    show_gradient_profile(3, "relu", "he", X, T, width=5)
    plt.close("all")


# --- exercise checks --------------------------------------------------------------------------
def sigma_prime_at_zero():
    s = 1 / (1 + np.exp(-0.0))
    return s * (1 - s)


def test_check_chain_factor(capsys):
    check_chain_factor((2 * sigma_prime_at_zero()) ** 9)
    assert capsys.readouterr().out.startswith("Correct")
    check_chain_factor(0.001953)  # 1/512 rounded to four significant digits is accepted
    assert capsys.readouterr().out.startswith("Correct")
    check_chain_factor(0.00195)  # too much rounding: told so, and nothing that contradicts it
    out = capsys.readouterr().out
    assert out.startswith("Not quite") and "close" in out and "Multiply" not in out
    check_chain_factor((2 * sigma_prime_at_zero()) ** 10)
    assert "9 connections" in capsys.readouterr().out
    check_chain_factor(sigma_prime_at_zero() ** 9)
    assert "weight" in capsys.readouterr().out
    check_chain_factor(None)
    assert capsys.readouterr().out.startswith("Not answered")




# --- the residual network: its backward pass against finite differences ---------------------------------
@pytest.mark.parametrize("activation,output,loss", [
    ("tanh", "softmax", "cce"), ("sigmoid", "sigmoid", "half_sse"), ("relu", "identity", "mse"),
    ("sigmoid", "sigmoid", "bce"),
])
def test_residual_network_gradients_match_finite_differences(activation, output, loss):
    rng = np.random.default_rng(7)
    net = ResidualNetwork([3, 4, 4, 4, 2], [activation] * 3 + [output], loss=loss, init="xavier", rng=3)
    net.b = [rng.normal(size=b.shape) for b in net.b]  # non-zero biases: the skip must not drop them
    X, T = rng.normal(size=(5, 3)), np.eye(2)[rng.integers(0, 2, size=5)]
    net.forward(X)
    dW, db = (list(map(np.copy, g)) for g in net.backward(T))
    for p, g in zip(net.W + net.b, dW + db):
        assert relative_error(g, numerical_gradient(lambda _: net.loss(X, T), p)).max() < 1e-6


def test_residual_forward_adds_each_later_hidden_layer_input():
    net = ResidualNetwork([2, 3, 3, 3, 1], "tanh", init="xavier", rng=0)
    X = np.array([[0.5, -1.0]])
    o1 = np.tanh(X @ net.W[0] + net.b[0])  # the first hidden layer changes the width: no skip
    o2 = o1 + np.tanh(o1 @ net.W[1] + net.b[1])
    o3 = o2 + np.tanh(o2 @ net.W[2] + net.b[2])
    np.testing.assert_allclose(net.forward(X), np.tanh(o3 @ net.W[3] + net.b[3]))
    assert net.skip == [False, True, True, False]


def test_residual_delta_does_not_vanish_where_the_plain_network_does():
    rng = np.random.default_rng(0)
    X, T = rng.random((32, 8)), np.eye(3)[rng.integers(0, 3, size=32)]
    sizes, acts = [8] + [8] * 15 + [3], ["sigmoid"] * 15 + ["softmax"]
    plain = measure(Network(sizes, acts, loss="cce", init="xavier", rng=1), X, T)["delta"]
    skip = measure(ResidualNetwork(sizes, acts, loss="cce", init="xavier", rng=1), X, T)["delta"]
    assert plain[0] / plain[14] < 1e-6 < 0.1 < skip[0] / skip[14]


@pytest.mark.parametrize("sizes", [[3, 4, 2], [3, 4, 5, 2], [3, 4, 4, 5, 2]])
def test_residual_network_needs_two_hidden_layers_of_one_width(sizes):
    with pytest.raises(ValueError, match="hidden"):
        ResidualNetwork(sizes, "tanh", rng=0)
