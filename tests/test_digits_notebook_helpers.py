"""Notebook 06's plots, widget logic and exercise checks, called as plain functions."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers.widgets
from helpers.data import digits_split
from helpers.exercises.digits import check_decay_factor, check_early_stop, check_sklearn_alpha
from helpers.network import Network
from helpers.plots import (
    SAFE_COLORS,
    plot_class_counts,
    plot_confusion_matrix,
    plot_digits,
    plot_history,
    plot_mistakes,
)
from helpers.training import History, train
from helpers.widgets import DIGITS_BATCH_SIZES, digits_training, digits_widget, show_digits_training


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def digits():
    return digits_split(0)


def a_history():
    return History(train_loss=[2.0, 1.0, 0.5, 0.2], train_acc=[0.2, 0.6, 0.8, 0.9],
                   val_loss=[2.1, 1.2, 0.9, 1.1], val_acc=[0.2, 0.5, 0.7, 0.75],
                   seconds=[0.1, 0.2, 0.3, 0.4], best_epoch=3)


# --- plots ---------------------------------------------------------------------------------------------
def test_plot_digits_draws_one_image_per_row_with_titles(digits):
    fig = plot_digits(digits.X_train[:12], titles=list(digits.y_train[:12]), n_cols=5, title="some digits")
    shown = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 15 and len(shown) == 12
    np.testing.assert_array_equal(shown[0].images[0].get_array(), digits.X_train[0].reshape(8, 8))
    assert shown[3].get_title() == str(digits.y_train[3])
    with pytest.raises(ValueError, match="64 pixels"):
        plot_digits(np.zeros((3, 63)))
    with pytest.raises(ValueError, match="titles"):
        plot_digits(np.zeros((3, 64)), titles=["a"])


def test_plot_class_counts_draws_a_bar_per_digit_and_split():
    ax = plot_class_counts({"train": np.arange(10), "test": np.ones(10, int)})
    assert len(ax.patches) == 20
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train (45)", "test (10)"]


def test_plot_history_draws_training_and_validation():
    ax = plot_history({"a": a_history(), "b": a_history()}, "loss", log=True)
    assert len(ax.lines) == 4 and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), a_history().val_loss)
    ax = plot_history({"a": a_history()}, "acc", x="seconds")
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), a_history().seconds)
    ax = plot_history({"a": a_history()}, x="steady_seconds")
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [0.1, 0.2, 0.3, 0.4])  # every epoch took 0.1 s
    assert "median" in ax.get_xlabel()
    no_val = History(train_loss=[1.0, 0.5], train_acc=[0.5, 0.6], seconds=[0.1, 0.2])
    assert len(plot_history({"t": no_val}).lines) == 1
    assert len(plot_history({"a": a_history()}, val=False).lines) == 1
    only_val = plot_history({"a": a_history()}, train=False)
    assert len(only_val.lines) == 1 and only_val.lines[0].get_linestyle() == "--"
    with pytest.raises(ValueError, match="metric"):
        plot_history({"a": a_history()}, "accuracy")


def test_plot_history_takes_one_colour_per_history_and_safe_colours_avoid_red_and_green():
    from matplotlib.colors import to_rgb

    ax = plot_history({"a": a_history(), "b": a_history()}, colors=["black", "tab:purple"])
    assert [line.get_color() for line in ax.lines] == ["black", "black", "tab:purple", "tab:purple"]
    with pytest.raises(ValueError, match="one per history"):
        plot_history({"a": a_history(), "b": a_history()}, colors=["black"])
    assert not {to_rgb("tab:red"), to_rgb("tab:green")} & {to_rgb(c) for c in SAFE_COLORS}


def test_plot_confusion_matrix_writes_the_nonzero_counts():
    C = np.array([[5, 1, 0], [0, 7, 0], [2, 0, 4]])
    ax = plot_confusion_matrix(C)
    assert sorted(t.get_text() for t in ax.texts) == sorted(str(c) for c in C.ravel() if c)
    with pytest.raises(ValueError, match="square"):
        plot_confusion_matrix(np.ones((2, 3)))


def test_plot_mistakes_shows_each_image_with_its_probabilities(digits):
    P = np.full((3, 10), 0.02)
    P[:, 7] = 0.82
    fig = plot_mistakes(digits.X_test[:3], [1, 2, 3], P, n_cols=2)
    assert len(fig.axes) == 8
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == ["true 1, said 7", "true 2, said 7", "true 3, said 7"]
    bars = fig.axes[2].patches  # the bar chart under the first image
    assert [b.get_height() for b in bars] == pytest.approx(list(P[0]))
    with pytest.raises(ValueError, match="same number"):
        plot_mistakes(digits.X_test[:3], [1, 2], P)


# --- widget logic ------------------------------------------------------------------------------------
def test_digits_training_learns_and_follows_its_settings():
    net, h = digits_training(hidden=16, eta=0.1, batch_size=32, epochs=5, seed=0)
    assert net.sizes == [64, 16, 10] and h.epochs == 5
    assert h.val_acc[-1] > 0.7 and h.train_loss[-1] < h.train_loss[0]
    _, again = digits_training(hidden=16, eta=0.1, batch_size=32, epochs=5, seed=0)
    assert again.val_loss == h.val_loss  # seeded
    _, full = digits_training(hidden=16, batch_size="full", epochs=5)
    _, decayed = digits_training(hidden=16, weight_decay=0.03, epochs=5)
    assert full.val_loss != h.val_loss and decayed.val_loss != h.val_loss


def test_a_large_step_on_small_batches_gets_stuck_at_chance():
    """The notebook's hint for the widget: η = 1.0 with batches of 8 ends no better than guessing (1 in 10),
    because every hidden ReLU has died (a <= 0 for every training image); batches of 32 still learn."""
    net, stuck = digits_training(eta=1.0, batch_size=8)
    _, fine = digits_training(eta=1.0, batch_size=32)
    assert stuck.val_acc[-1] < 0.15 < 0.9 < fine.val_acc[-1]
    net.forward(digits_split(0).X_train)
    assert np.all(net.a[0] <= 0)


def test_show_digits_training_draws_two_panels(monkeypatch):
    shown = []
    monkeypatch.setattr(helpers.widgets, "show_figure", lambda fig, alt: shown.append(fig))
    show_digits_training(hidden=8, batch_size=None, epochs=3)
    assert len(shown) == 1 and len(shown[0].axes) == 2
    assert "batch size full" in shown[0]._suptitle.get_text()


def test_digits_widget_offers_every_batch_size(monkeypatch):
    monkeypatch.setattr(helpers.widgets, "show_figure", lambda fig, alt: plt.close(fig))
    w = digits_widget()
    assert set(DIGITS_BATCH_SIZES.values()) == {8, 32, 128, None}
    assert w.widget is not None


# --- exercise checks -------------------------------------------------------------------------------------
def run(capsys, check, *args):
    check(*args)
    return capsys.readouterr().out


def test_check_early_stop_on_a_hand_made_curve(capsys):
    val_loss = [1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.72, 0.71, 0.6]  # worked by hand below
    # patience 2: best 0.8 at epoch 2, epochs 3 and 4 do not beat it -> stop after 4, keep 2
    assert run(capsys, check_early_stop, (4, 2), val_loss, 2).startswith("Correct")
    # patience 3: epoch 5 (0.7) improves; 6, 7, 8 do not -> stop after 8, keep 5 (not 9, the best overall)
    out = run(capsys, check_early_stop, (8, 5), val_loss, 3)
    assert out.startswith("Correct") and "not of epoch 9" in out
    assert "wrong order" in run(capsys, check_early_stop, (5, 8), val_loss, 3)
    assert "already stopped" in run(capsys, check_early_stop, (8, 9), val_loss, 3)
    assert "Half right: it keeps" in run(capsys, check_early_stop, (7, 5), val_loss, 3)
    assert "Half right: it stops" in run(capsys, check_early_stop, (8, 4), val_loss, 3)
    assert run(capsys, check_early_stop, (3, 1), val_loss, 3).startswith("Not quite")
    assert "Not answered" in run(capsys, check_early_stop, None, val_loss, 3)
    assert "two numbers" in run(capsys, check_early_stop, 8, val_loss, 3)
    never = [9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]  # always improving: all 9 epochs, the last one kept
    assert run(capsys, check_early_stop, (9, 9), never, 2).startswith("Correct")
    with pytest.raises(ValueError, match="one per epoch"):
        check_early_stop((1, 1), [], 2)


def test_check_early_stop_agrees_with_train(capsys):
    """The check's walk through the losses and `train`'s early stopping are written separately: they agree."""
    rng = np.random.default_rng(0)  # a tiny, noisy problem a big network overfits at once
    X, X_val = rng.normal(size=(20, 64)), rng.normal(size=(40, 64))
    y, y_val = rng.integers(0, 10, 20), rng.integers(0, 10, 40)
    for patience in (1, 2, 4):
        runs = [train(Network([64, 32, 10], ["relu", "softmax"], loss="cce", init="xavier", rng=1), X, y,
                      X_val, y_val, epochs=60, eta=0.5, batch_size=5, patience=p, rng=1) for p in (None, patience)]
        full, stopped = runs
        assert stopped.stopped_early
        assert run(capsys, check_early_stop, (stopped.epochs, stopped.best_epoch), full.val_loss,
                   patience).startswith("Correct")


def test_check_sklearn_alpha(capsys):
    # alpha = λ · batch size: test_training's step-for-step comparison with MLPClassifier is the evidence
    assert run(capsys, check_sklearn_alpha, 0.03, 0.003, 10).startswith("Correct")
    assert "our λ itself" in run(capsys, check_sklearn_alpha, 0.003, 0.003, 10)
    assert "other way round" in run(capsys, check_sklearn_alpha, 0.0003, 0.003, 10)
    assert run(capsys, check_sklearn_alpha, 0.3, 0.003, 10).startswith("Not quite")
    assert "not by the size of the training set" in run(capsys, check_sklearn_alpha, 0.6, 0.003, 10)  # λ · 200
    assert "Not answered" in run(capsys, check_sklearn_alpha, None, 0.003, 10)


def test_check_decay_factor_matches_what_training_does(capsys):
    """Measured, not derived: with all-zero inputs the first layer's weights get no gradient from the data,
    so one epoch of `train` shrinks them by exactly the decay factor."""
    eta, lam, n, B = 0.5, 0.003, 50, 10
    net = Network([64, 16, 10], ["relu", "softmax"], loss="cce", init="xavier", rng=0)
    W_before = net.W[0].copy()
    train(net, np.zeros((n, 64)), np.arange(n) % 10, epochs=1, eta=eta, batch_size=B, weight_decay=lam, rng=0)
    factor = float(np.mean(net.W[0] / W_before))
    np.testing.assert_allclose(net.W[0], factor * W_before, rtol=1e-12)
    assert run(capsys, check_decay_factor, factor, eta, lam, n, B).startswith("Correct")
    assert run(capsys, check_decay_factor, 1 - 5 * eta * lam, eta, lam, n, B).startswith("Correct")  # 4 digits
    assert "one update" in run(capsys, check_decay_factor, 1 - eta * lam, eta, lam, n, B)
    assert "the part that is left" in run(capsys, check_decay_factor, 1 - factor, eta, lam, n, B)
    assert "per image" in run(capsys, check_decay_factor, (1 - eta * lam) ** n, eta, lam, n, B)
    assert "learning rate" in run(capsys, check_decay_factor, (1 - lam) ** 5, eta, lam, n, B)
    assert run(capsys, check_decay_factor, 0.99, eta, lam, n, B).startswith("Not quite")
    # notebook 06's numbers: η = 0.2, λ = 0.01, 200 images in batches of 20; 1 - 10 η λ is off by 1.8e-4
    assert "first-order approximation" in run(capsys, check_decay_factor, 1 - 10 * 0.2 * 0.01, 0.2, 0.01, 200, 20)
    assert "one per image of a batch" in run(capsys, check_decay_factor, (1 - 0.2 * 0.01) ** 20, 0.2, 0.01, 200, 20)
    assert run(capsys, check_decay_factor, (1 - 0.2 * 0.01) ** 10, 0.2, 0.01, 200, 20).startswith("Correct")
    assert "Not answered" in run(capsys, check_decay_factor, None, eta, lam, n, B)
    # a leftover batch makes one more update: 23 images in batches of 10 are 3 updates
    assert run(capsys, check_decay_factor, (1 - eta * lam) ** 3, eta, lam, 23, B).startswith("Correct")
