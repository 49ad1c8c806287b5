"""Notebook 06's plots, widget logic and exercise checks, called as plain functions."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.data import digits_split
from helpers.exercises import check_best_epoch, check_cross_entropy, check_updates_per_epoch
from helpers.plots import (
    plot_class_counts,
    plot_confusion_matrix,
    plot_digits,
    plot_history,
    plot_mistakes,
)
from helpers.training import History
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
    no_val = History(train_loss=[1.0, 0.5], train_acc=[0.5, 0.6], seconds=[0.1, 0.2])
    assert len(plot_history({"t": no_val}).lines) == 1
    assert len(plot_history({"a": a_history()}, val=False).lines) == 1
    only_val = plot_history({"a": a_history()}, train=False)
    assert len(only_val.lines) == 1 and only_val.lines[0].get_linestyle() == "--"
    with pytest.raises(ValueError, match="metric"):
        plot_history({"a": a_history()}, "accuracy")


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


def test_show_digits_training_draws_two_panels(monkeypatch):
    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    show_digits_training(hidden=8, batch_size=None, epochs=3)
    assert len(shown) == 1 and len(shown[0].axes) == 2
    assert "batch size full" in shown[0]._suptitle.get_text()


def test_digits_widget_offers_every_batch_size(monkeypatch):
    monkeypatch.setattr(plt, "show", lambda: None)
    w = digits_widget()
    assert set(DIGITS_BATCH_SIZES.values()) == {8, 32, 128, None}
    assert w.widget is not None


# --- exercise checks -------------------------------------------------------------------------------------
def run(capsys, check, *args):
    check(*args)
    return capsys.readouterr().out


def test_check_cross_entropy(capsys):
    scores = [2.0, 1.0, 0.1]
    e = np.exp(scores)
    o = e / e.sum()  # computed here, independently of helpers.activations
    assert run(capsys, check_cross_entropy, -math.log(o[1]), scores, 1).startswith("Correct")
    assert "probability" in run(capsys, check_cross_entropy, o[1], scores, 1)
    assert "base 10" in run(capsys, check_cross_entropy, -math.log10(o[1]), scores, 1)
    assert "never negative" in run(capsys, check_cross_entropy, math.log(o[1]), scores, 1)
    assert "another class" in run(capsys, check_cross_entropy, -math.log(o[0]), scores, 1)
    assert "Not answered" in run(capsys, check_cross_entropy, None, scores, 1)
    assert run(capsys, check_cross_entropy, 5.0, scores, 1).startswith("Not quite")


def test_check_updates_per_epoch(capsys):
    assert run(capsys, check_updates_per_epoch, 34, 1077, 32).startswith("Correct")
    assert "smaller batch" in run(capsys, check_updates_per_epoch, 33, 1077, 32)
    assert "whole number" in run(capsys, check_updates_per_epoch, 1077 / 32, 1077, 32)
    assert run(capsys, check_updates_per_epoch, 35, 1077, 32).startswith("Not quite")
    assert run(capsys, check_updates_per_epoch, 4, 128, 32).startswith("Correct")  # no leftover batch
    assert "Not answered" in run(capsys, check_updates_per_epoch, None, 1077, 32)
    assert "nan" in run(capsys, check_updates_per_epoch, float("nan"), 1077, 32)


def test_check_best_epoch(capsys):
    h = History(train_loss=[3.0, 2.0, 1.0, 0.5, 0.4], train_acc=[0.1] * 5,
                val_loss=[3.1, 2.2, 1.5, 1.6, 1.9], val_acc=[0.1, 0.2, 0.3, 0.4, 0.2])
    assert run(capsys, check_best_epoch, 3, h).startswith("Correct")
    assert "Off by one" in run(capsys, check_best_epoch, 2, h)
    assert "TRAINING" in run(capsys, check_best_epoch, 5, h)
    assert "ACCURACY" in run(capsys, check_best_epoch, 4, h)
    assert run(capsys, check_best_epoch, 1, h).startswith("Not quite")
    with pytest.raises(ValueError, match="validation"):
        check_best_epoch(3, History(train_loss=[1.0], train_acc=[0.5]))
