"""helpers.training: mini-batch SGD over a Network, checked against the Network itself, finite differences
and scikit-learn."""

import warnings

import numpy as np
import pytest

from helpers.activations import softmax
from helpers.data import digits_split, one_hot
from helpers.gradcheck import numerical_gradient, relative_error
from helpers.network import Network
from helpers.training import (
    History,
    confusion_matrix,
    dropout_masks,
    fit_sklearn_mlp,
    loss_and_accuracy,
    predict,
    sgd_step,
    train,
)


@pytest.fixture(scope="module")
def digits():
    return digits_split(0)


def small_problem(seed=0, n=40, n_in=5, n_out=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    y = rng.integers(0, n_out, size=n)
    return X, y


def classifier(sizes=(5, 7, 3), hidden="relu", seed=0):
    return Network(list(sizes), [hidden] * (len(sizes) - 2) + ["softmax"], loss="cce", init="xavier", rng=seed)


# --- softmax with cross-entropy: the gradients ----------------------------------------------------
@pytest.mark.parametrize("hidden", ["relu", "sigmoid", "tanh"])
def test_softmax_cross_entropy_gradients_match_finite_differences(hidden):
    X, y = small_problem(1)
    T = one_hot(y, 3)
    net = classifier((5, 6, 4, 3), hidden, seed=2)
    net.forward(X)
    dW, db = net.backward(T)
    for l in range(len(net.W)):
        num_W = numerical_gradient(lambda _: net.loss(X, T), net.W[l])
        num_b = numerical_gradient(lambda _: net.loss(X, T), net.b[l])
        assert relative_error(dW[l], num_W).max() < 1e-6
        assert relative_error(db[l], num_b).max() < 1e-6


def test_output_delta_is_target_minus_softmax_over_batch():
    X, y = small_problem(2)
    T = one_hot(y, 3)
    net = classifier()
    net.forward(X)
    net.backward(T)
    o = softmax(np.maximum(X @ net.W[0] + net.b[0], 0) @ net.W[1] + net.b[1])  # computed independently
    np.testing.assert_allclose(net.delta[-1], (T - o) / len(X), atol=1e-15)


def test_cross_entropy_loss_is_mean_negative_log_probability_of_the_true_class():
    X, y = small_problem(3)
    net = classifier()
    o = net.forward(X)
    expected = -np.mean(np.log(o[np.arange(len(y)), y]))
    loss, acc = loss_and_accuracy(net, X, y)
    assert loss == pytest.approx(expected, rel=1e-12)
    assert acc == pytest.approx(np.mean(o.argmax(axis=1) == y))


# --- sgd_step does what forward, backward and step do ------------------------------------------------
@pytest.mark.parametrize("hidden", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("biases", [True, False])
def test_sgd_step_equals_network_forward_backward_step(hidden, biases):
    X, y = small_problem(4)
    T = one_hot(y, 3)
    ours = Network([5, 6, 4, 3], [hidden, hidden, "softmax"], loss="cce", init="xavier", rng=5, biases=biases)
    ref = Network([5, 6, 4, 3], [hidden, hidden, "softmax"], loss="cce", init="xavier", rng=5, biases=biases)
    for _ in range(3):
        sgd_step(ours, X, T, 0.3)
        ref.train_step(X, T, 0.3)
        np.testing.assert_allclose(ours.o[-1], ref.o[-1], rtol=1e-12, atol=1e-15)  # output from before the update
    for l in range(3):
        np.testing.assert_allclose(ours.W[l], ref.W[l], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(ours.b[l], ref.b[l], rtol=1e-12, atol=1e-14)
    if not biases:
        assert all(np.all(b == 0) for b in ours.b)


def test_weight_decay_step_follows_the_gradient_of_the_penalised_loss():
    """W <- W - η ∂(E + λ/2 Σ w²)/∂W, with the gradient from finite differences; biases are not decayed."""
    X, y = small_problem(5)
    T = one_hot(y, 3)
    lam, eta = 0.05, 0.2
    net = classifier(seed=6)

    def penalised(_):
        return net.loss(X, T) + lam / 2 * sum(np.sum(W * W) for W in net.W)

    expected_W = [W - eta * numerical_gradient(penalised, W) for W in net.W]
    expected_b = [b - eta * numerical_gradient(lambda _: net.loss(X, T), b) for b in net.b]
    sgd_step(net, X, T, eta, weight_decay=lam)
    for l in range(2):
        np.testing.assert_allclose(net.W[l], expected_W[l], rtol=1e-7, atol=1e-10)
        np.testing.assert_allclose(net.b[l], expected_b[l], rtol=1e-7, atol=1e-10)


def test_with_weight_decay_the_mini_batch_steps_average_to_the_full_batch_step():
    """From the same weights, the steps on the 4 batches of 8 average to the step on all 32 rows: every batch
    size steps down the same objective, mean loss + λ/2 Σ w² (notebook 06, section 4)."""
    X, y = small_problem(10, n=32)
    T = one_hot(y, 3)
    eta, lam = 0.1, 0.05
    start = classifier(seed=7)
    full = classifier(seed=7)
    sgd_step(full, X, T, eta, weight_decay=lam)
    steps = []
    for i in range(0, 32, 8):
        net = classifier(seed=7)
        sgd_step(net, X[i:i + 8], T[i:i + 8], eta, weight_decay=lam)
        steps.append([A - A0 for A, A0 in zip(net.W + net.b, start.W + start.b)])
    for k, full_step in enumerate(A - A0 for A, A0 in zip(full.W + full.b, start.W + start.b)):
        np.testing.assert_allclose(np.mean([s[k] for s in steps], axis=0), full_step, rtol=1e-12, atol=1e-15)


# --- train: batches, shuffling, history ---------------------------------------------------------------
def test_an_epoch_makes_one_update_per_batch_including_the_smaller_last_one(monkeypatch):
    import helpers.training as training

    sizes = []
    monkeypatch.setattr(training, "sgd_step", lambda net, X, T, eta, wd: (sizes.append(len(X)), net.forward(X)))
    X, y = small_problem(n=23)
    train(classifier(), X, y, epochs=2, eta=0.1, batch_size=5, rng=0)
    assert sizes == [5, 5, 5, 5, 3] * 2


def test_every_example_is_used_once_per_epoch_in_a_seeded_order(monkeypatch):
    import helpers.training as training

    seen = []
    monkeypatch.setattr(training, "sgd_step", lambda net, X, T, eta, wd: (seen.append(X[:, 0].copy()), net.forward(X)))
    X, y = small_problem(n=23)
    train(classifier(), X, y, epochs=2, eta=0.1, batch_size=4, rng=7)
    epoch1, epoch2 = np.concatenate(seen[:6]), np.concatenate(seen[6:])
    assert sorted(epoch1) == sorted(X[:, 0]) == sorted(epoch2)
    assert not np.array_equal(epoch1, X[:, 0]) and not np.array_equal(epoch1, epoch2)  # shuffled, anew
    order = np.random.default_rng(7).permutation(23)
    np.testing.assert_array_equal(epoch1, X[order, 0])


def test_full_batch_and_online_sgd():
    X, y = small_problem(n=12)
    net_full, net_ref = classifier(seed=3), classifier(seed=3)
    train(net_full, X, y, epochs=1, eta=0.5, batch_size=None, rng=0)
    net_ref.train_step(X, one_hot(y, 3), 0.5)  # one step on the whole set (the order does not matter)
    np.testing.assert_allclose(net_full.W[0], net_ref.W[0], rtol=1e-12)
    h = train(classifier(seed=3), X, y, epochs=1, eta=0.5, batch_size=1, rng=0)
    assert h.epochs == 1


def test_history_matches_a_plain_loop_over_network_train_step(digits):
    """The training loss is the mean of the batch losses before each update (weighted by batch size), the
    validation loss and accuracy are measured after the epoch: recomputed here with the Network's own API."""
    X, y, B, eta = digits.X_train[:300], digits.y_train[:300], 64, 0.2
    net = classifier((64, 16, 10), seed=0)
    h = train(net, X, y, digits.X_val, digits.y_val, epochs=3, eta=eta, batch_size=B, rng=4)

    ref, shuffle, T = classifier((64, 16, 10), seed=0), np.random.default_rng(4), one_hot(y, 10)
    for epoch in range(3):
        order = shuffle.permutation(len(X))
        losses, right = [], 0
        for i in range(0, len(X), B):
            batch = order[i:i + B]
            losses.append(len(batch) * ref.train_step(X[batch], T[batch], eta))
            right += np.sum(ref.o[-1].argmax(axis=1) == y[batch])  # the output before the update
        assert h.train_loss[epoch] == pytest.approx(sum(losses) / len(X), rel=1e-10)
        assert h.train_acc[epoch] == right / len(X)
        val_loss = ref.loss(digits.X_val, one_hot(digits.y_val, 10))
        assert h.val_loss[epoch] == pytest.approx(val_loss, rel=1e-10)
        assert h.val_acc[epoch] == np.mean(ref.o[-1].argmax(axis=1) == digits.y_val)
    for W, W_ref in zip(net.W + net.b, ref.W + ref.b):
        np.testing.assert_allclose(W, W_ref, rtol=1e-12, atol=1e-15)
    assert isinstance(h, History) and h.epochs == 3 and len(h.seconds) == 3
    assert np.all(np.diff(h.seconds) > 0)
    assert len(h.steady_seconds) == 3 and np.all(np.diff(h.steady_seconds) > 0)
    assert h.best_epoch == int(np.argmin(h.val_loss)) + 1
    assert h.train_loss[-1] < h.train_loss[0]


def test_steady_seconds_are_epochs_times_the_median_epoch_time():
    h = History(train_loss=[1.0] * 5, train_acc=[0.5] * 5, seconds=[0.1, 0.2, 0.9, 1.0, 1.1])  # epoch 3: a hiccup
    assert h.steady_seconds == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])
    assert History().steady_seconds == []


def test_a_hopeless_batch_reports_a_huge_but_finite_loss():
    net = classifier((2, 3, 2), seed=0)
    net.W[1][:] = [[1e4, -1e4]] * 3  # every example: class 0 with probability 1, class 1 with e^-huge
    net.b[0][:] = 1.0
    h = train(net, np.zeros((4, 2)), [1, 1, 1, 1], epochs=1, eta=1e-9, batch_size=4, rng=0)
    assert h.train_acc == [0.0] and 600 < h.train_loss[0] < np.inf


def test_same_seed_same_network_and_evaluation_does_not_change_training(digits):
    a, b = classifier((64, 8, 10), seed=1), classifier((64, 8, 10), seed=1)
    train(a, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=2, eta=0.1, rng=3)
    train(b, digits.X_train, digits.y_train, epochs=2, eta=0.1, rng=np.random.default_rng(3))
    for Wa, Wb in zip(a.W, b.W):
        np.testing.assert_array_equal(Wa, Wb)


def test_a_short_seeded_run_learns_the_digits(digits):
    """10 epochs of a 64-32-10 network; measured 0.91 to 0.96 validation accuracy over seeds 0-4 (chance: 0.1)."""
    net = Network([64, 32, 10], ["relu", "softmax"], loss="cce", init="xavier", rng=0)
    h = train(net, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=10, eta=0.1,
              batch_size=32, rng=0)
    assert h.val_acc[-1] > 0.85
    assert h.train_loss[-1] < 0.5 < h.train_loss[0]


def test_early_stopping_stops_and_restores_the_best_weights():
    rng = np.random.default_rng(0)  # a tiny, noisy problem a big network overfits at once
    X, X_val = rng.normal(size=(20, 5)), rng.normal(size=(40, 5))
    y, y_val = rng.integers(0, 3, 20), rng.integers(0, 3, 40)
    full = train(classifier((5, 64, 3), seed=1), X, y, X_val, y_val, epochs=200, eta=0.5, batch_size=5, rng=1)
    net = classifier((5, 64, 3), seed=1)
    h = train(net, X, y, X_val, y_val, epochs=200, eta=0.5, batch_size=5, patience=5, rng=1)
    assert h.stopped_early and h.epochs == h.best_epoch + 5 < 200
    assert h.best_epoch == full.best_epoch  # the same run, cut short
    assert loss_and_accuracy(net, X_val, y_val)[0] == pytest.approx(min(h.val_loss), rel=1e-12)
    assert h.val_loss[h.best_epoch - 1] == min(full.val_loss)


def test_weight_decay_keeps_weights_smaller(digits):
    sizes = [(W**2).sum() for W in classifier((64, 32, 10)).W]
    plain, decayed = classifier((64, 32, 10)), classifier((64, 32, 10))
    train(plain, digits.X_train, digits.y_train, epochs=5, eta=0.1, rng=0)
    train(decayed, digits.X_train, digits.y_train, epochs=5, eta=0.1, weight_decay=0.05, rng=0)
    for Wp, Wd, s0 in zip(plain.W, decayed.W, sizes):
        assert (Wd**2).sum() < (Wp**2).sum()
        assert s0 > 0


# --- dropout -------------------------------------------------------------------------------------------
def masked_loss(net, X, T, masks):
    """The mean cross-entropy of net with each hidden layer's output multiplied by its mask, written out here."""
    o = X
    for l, (W, b) in enumerate(zip(net.W, net.b)):
        a = o @ W + b
        o = softmax(a, axis=1) if l == len(net.W) - 1 else np.tanh(a) * masks[l]
    return -np.mean(np.sum(T * np.log(o), axis=1))


def test_dropout_step_follows_the_gradient_of_the_masked_network():
    """With the masks fixed, sgd_step is a gradient step on the thinned network's loss (finite differences).
    tanh hidden layers, so f'(a) must come from the unmasked output 1 - tanh(a)²."""
    X, y = small_problem(7, n=6)
    T = one_hot(y, 3)
    net = classifier((5, 8, 6, 3), hidden="tanh", seed=3)
    net.b = [np.random.default_rng(4).normal(0, 0.3, b.shape) for b in net.b]  # non-zero biases
    masks = dropout_masks(net, len(X), 0.4, np.random.default_rng(5))
    assert all(np.any(m == 0) for m in masks)  # some units really are dropped
    eta = 0.3
    expected_W = [W - eta * numerical_gradient(lambda _: masked_loss(net, X, T, masks), W) for W in net.W]
    expected_b = [b - eta * numerical_gradient(lambda _: masked_loss(net, X, T, masks), b) for b in net.b]
    sgd_step(net, X, T, eta, masks=masks)
    for l in range(3):
        np.testing.assert_allclose(net.W[l], expected_W[l], rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(net.b[l], expected_b[l], rtol=1e-6, atol=1e-9)


def test_dropout_masks_are_zero_or_one_over_keep_with_mean_one():
    net = classifier((5, 300, 200, 3))
    masks = dropout_masks(net, 400, 0.25, np.random.default_rng(0))
    assert [m.shape for m in masks] == [(400, 300), (400, 200)]  # hidden layers only, one row per example
    for m in masks:
        assert set(np.unique(m)) == {0.0, 1 / 0.75}
        assert abs(np.mean(m == 0) - 0.25) < 0.01 and abs(m.mean() - 1) < 0.02  # expected output unchanged


def test_masks_of_ones_change_nothing_and_evaluation_uses_the_whole_network():
    X, y = small_problem(8)
    T = one_hot(y, 3)
    plain, masked = classifier(seed=2), classifier(seed=2)
    sgd_step(plain, X, T, 0.3)
    sgd_step(masked, X, T, 0.3, masks=dropout_masks(masked, len(X), 0.0, np.random.default_rng(0)))
    for A, B in zip(plain.W + plain.b, masked.W + masked.b):
        np.testing.assert_array_equal(A, B)
    net = classifier(seed=2)  # after training with dropout, forward (and so predict) drops nothing
    train(net, X, y, epochs=3, eta=0.3, batch_size=8, dropout=0.5, rng=0)
    o = X
    for l, (W, b) in enumerate(zip(net.W, net.b)):
        o = softmax(o @ W + b, axis=1) if l == len(net.W) - 1 else np.maximum(o @ W + b, 0)
    np.testing.assert_allclose(net.forward(X), o, rtol=1e-12)


def test_training_with_dropout_is_seeded_and_differs_from_training_without(digits):
    runs = []
    for dropout in (0.5, 0.5, 0.0):
        net = classifier((64, 32, 10))
        h = train(net, digits.X_train[:200], digits.y_train[:200], epochs=3, eta=0.1, dropout=dropout, rng=0)
        runs.append((net.W[0].copy(), h.train_loss))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    assert not np.allclose(runs[0][0], runs[2][0])
    assert runs[0][1][-1] > runs[2][1][-1]  # the thinned networks fit the training batches less well


@pytest.mark.parametrize("dropout", [-0.1, 1.0, 1.5, "half", True, np.nan])
def test_bad_dropout_raises_a_clear_error(dropout):
    X, y = small_problem()
    with pytest.raises(ValueError, match="dropout"):
        train(classifier(), X, y, epochs=1, eta=0.1, dropout=dropout, rng=0)
    with pytest.raises(ValueError, match="dropout"):
        dropout_masks(classifier(), 4, dropout, np.random.default_rng(0))


# --- clear errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize("labels, error, match", [
    ([0, 1, 3], ValueError, r"0\.\.2"),  # out of range
    ([0, 1, -1], ValueError, r"0\.\.2"),
    ([0, 1], ValueError, "3 rows"),  # wrong length
    ([0, 1.5, 2], TypeError, "whole numbers"),  # not integers
    (["0", "1", "2"], TypeError, "integers"),
    ([[0], [1], [2]], ValueError, "1-D"),
])
def test_bad_labels_raise_clear_errors(labels, error, match):
    X = np.zeros((3, 5))
    with pytest.raises(error, match=match):
        train(classifier(), X, labels, epochs=1, eta=0.1, batch_size=1, rng=0)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(epochs=0), ValueError, "epochs"),
    (dict(epochs=2.5), ValueError, "epochs"),
    (dict(eta=0), ValueError, "learning rate"),
    (dict(eta=float("nan")), ValueError, "learning rate"),
    (dict(batch_size=0), ValueError, "batch_size"),
    (dict(batch_size=41), ValueError, "larger than the 40"),
    (dict(eta="0.1"), ValueError, "learning rate"),
    (dict(weight_decay=-1e-3), ValueError, "weight_decay"),
    (dict(weight_decay="small"), ValueError, "weight_decay"),
    (dict(patience=3), ValueError, "validation"),
    (dict(rng=None), TypeError, "rng"),
])
def test_bad_settings_raise_clear_errors(kwargs, error, match):
    X, y = small_problem()
    settings = dict(epochs=1, eta=0.1, batch_size=8, rng=0) | kwargs
    with pytest.raises(error, match=match):
        train(classifier(), X, y, **settings)


def test_bad_data_and_networks_raise_clear_errors():
    X, y = small_problem()
    with pytest.raises(ValueError, match="shape"):
        train(classifier(), X[:, :4], y, epochs=1, eta=0.1, rng=0)
    with pytest.raises(TypeError, match="real numbers"):
        train(classifier(), X.astype(str), y, epochs=1, eta=0.1, rng=0)
    X_nan = X.copy()
    X_nan[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        train(classifier(), X_nan, y, epochs=1, eta=0.1, rng=0)
    with pytest.raises(ValueError, match="both"):
        train(classifier(), X, y, X, None, epochs=1, eta=0.1, rng=0)
    with pytest.raises(ValueError, match="y_val"):
        train(classifier(), X, y, X[:5], y[:4], epochs=1, eta=0.1, rng=0)
    with pytest.raises(TypeError, match="Network"):
        train("net", X, y, epochs=1, eta=0.1, rng=0)
    sigmoid_output = Network([5, 3], "sigmoid", loss="bce", rng=0)
    with pytest.raises(ValueError, match="softmax"):
        train(sigmoid_output, X, y, epochs=1, eta=0.1, rng=0)
    one_output = Network([5, 1], "softmax", loss="cce", rng=0)
    with pytest.raises(ValueError, match="2 output units"):
        train(one_output, X, np.zeros(40, int), epochs=1, eta=0.1, rng=0)


# --- evaluation helpers ---------------------------------------------------------------------------------
def test_confusion_matrix_matches_scikit_learn():
    from sklearn.metrics import confusion_matrix as sk_confusion_matrix

    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 50), rng.integers(0, 4, 50)
    C = confusion_matrix(y_true, y_pred, 4)
    np.testing.assert_array_equal(C, sk_confusion_matrix(y_true, y_pred, labels=range(4)))
    assert C.sum() == 50 and np.trace(C) == np.sum(y_true == y_pred)
    with pytest.raises(ValueError, match="same shape"):
        confusion_matrix(y_true, y_pred[:-1], 4)
    with pytest.raises(ValueError, match="0..2"):
        confusion_matrix(y_true, y_pred, 3)


def test_predict_is_the_most_probable_class():
    X, _ = small_problem()
    net = classifier()
    np.testing.assert_array_equal(predict(net, X), np.argmax(net.forward(X), axis=1))


# --- against scikit-learn ----------------------------------------------------------------------------------
def test_one_epoch_matches_scikit_learn_step_for_step_including_weight_decay():
    """Same start, same batches in the same order: our updates equal MLPClassifier's (alpha = λ · batch size)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, y = small_problem(8, n=32, n_in=6, n_out=4)  # whole batches: see fit_sklearn_mlp on alpha
    batch, eta, lam = 8, 0.2, 0.01
    clf = MLPClassifier(hidden_layer_sizes=(5,), activation="relu", solver="sgd", learning_rate_init=eta,
                        momentum=0.0, nesterovs_momentum=False, batch_size=batch, alpha=lam * batch,
                        shuffle=False, max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)  # initialises (and trains one epoch)
    net = Network.from_weights(clf.coefs_, clf.intercepts_, activations=["relu", "softmax"], loss="cce")
    clf.partial_fit(X, y)  # one more epoch, batches in order
    T = one_hot(y, 4)
    for i in range(0, len(X), batch):
        sgd_step(net, X[i:i + batch], T[i:i + batch], eta, weight_decay=lam)
    for l in range(2):
        np.testing.assert_allclose(net.W[l], clf.coefs_[l], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(net.b[l], clf.intercepts_[l], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("activation,factor", [("relu", 6), ("tanh", 6), ("logistic", 2)])
def test_scikit_learn_initialises_uniformly_within_sqrt_factor_over_fan_in_plus_fan_out(activation, factor):
    """What notebook 06 says of MLPClassifier's initial weights: uniform on ±sqrt(factor / (n_in + n_out)), factor 6
    (Glorot's uniform: variance 2 / (n_in + n_out)) except 2 for the logistic activation. A tiny learning rate keeps
    the weights after one epoch at their initial values to within 1e-9."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, y = small_problem(9, n=50, n_in=60, n_out=4)
    clf = MLPClassifier(hidden_layer_sizes=(100,), activation=activation, solver="sgd", learning_rate_init=1e-12,
                        momentum=0.0, max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    for W, b in zip(clf.coefs_, clf.intercepts_):
        bound = np.sqrt(factor / sum(W.shape))
        assert np.abs(W).max() <= bound and np.abs(W).max() > 0.99 * bound  # fills the whole range
        assert np.abs(b).max() <= bound  # biases from the same range
    W = clf.coefs_[0]  # 6000 weights: their variance is a uniform's, bound² / 3, to within a few percent
    assert np.var(W) == pytest.approx(factor / sum(W.shape) / 3, rel=0.05)


def test_fit_sklearn_mlp_runs_every_epoch_and_reports_the_convergence_warning(digits):
    clf, seconds, messages = fit_sklearn_mlp(digits.X_train, digits.y_train, hidden=16, epochs=3)
    assert clf.n_iter_ == 3 and len(clf.loss_curve_) == 3
    assert seconds > 0
    assert len(messages) == 1 and "Maximum iterations (3)" in messages[0]
    assert clf.get_params()["momentum"] == 0 and clf.get_params()["solver"] == "sgd"
