"""Notebook 03's widget logic: the loss along one weight, its backprop tangent and finite-difference slope."""

import math

import matplotlib

matplotlib.use("Agg")  # no window; must come before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import widgets as weight_widgets  # noqa: E402
from helpers.data import worked_example_arrays, xor_data  # noqa: E402
from helpers.network import Network  # noqa: E402
from helpers.plots import plot_weight_slice  # noqa: E402
from helpers.widgets import show_weight_slice, weight_slice, weight_slice_widget  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def worked():
    X, W1, W2, T, _ = worked_example_arrays()
    return Network.from_weights([W1, W2]), X, T


def loss_by_hand(w23):
    """½(t − y5)² of the worked example as a function of w_{2,3}, in scalar arithmetic."""
    s = lambda a: 1 / (1 + math.exp(-a))  # noqa: E731
    y3, y4 = s(0.2 * 0.35 + 0.2 * 0.7), s(0.3 * 0.35 + 0.3 * 0.7)
    return 0.5 * (0.5 - s(0.3 * y3 + w23 * y4)) ** 2


def test_slice_of_the_worked_example_matches_scalar_arithmetic():
    net, X, T = worked()
    s = weight_slice(net, X, T, layer=1, i=1, j=0, span=2.0, n=41)
    assert s["w"] == 0.9 and s["E"] == pytest.approx(loss_by_hand(0.9), rel=1e-13)
    assert np.allclose(s["ws"], np.linspace(-1.1, 2.9, 41))
    assert np.allclose(s["Es"], [loss_by_hand(v) for v in s["ws"]], rtol=1e-12)
    h = 1e-6
    slope = (loss_by_hand(0.9 + h) - loss_by_hand(0.9 - h)) / (2 * h)
    assert s["slope_backprop"] == pytest.approx(slope, rel=1e-7)
    assert s["slope_fd"] == pytest.approx(s["slope_backprop"], rel=1e-8)


def test_the_tangent_touches_the_curve():
    net, X, T = worked()
    s = weight_slice(net, X, T, layer=0, i=0, j=1, span=1e-3, n=5)
    gap = s["Es"] - (s["E"] + s["slope_backprop"] * (s["ws"] - s["w"]))
    assert np.abs(gap).max() < 1e-8  # second order in the distance from w


def test_slice_leaves_the_network_as_it_was():
    X, T = xor_data()
    net = Network([2, 3, 1], rng=1)
    before = [w.copy() for w in net.W]
    net.forward(X)
    dW = [g.copy() for g in net.backward(T)[0]]
    weight_slice(net, X, T, layer=0, i=1, j=2, span=3.0)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.W))
    assert all(np.allclose(a, b, rtol=0, atol=0) for a, b in zip(dW, net.dW))
    assert np.array_equal(net.o[0], X)


def test_slice_restores_the_weight_even_after_an_error():
    net, X, _ = worked()
    with pytest.raises(ValueError, match="T"):
        weight_slice(net, X, np.zeros((1, 2)), layer=1, i=0, j=0)
    assert net.W[1][0, 0] == 0.3


@pytest.mark.parametrize("kwargs,error,match", [
    ({"layer": 2}, ValueError, "layer must be"),
    ({"layer": True}, ValueError, "layer must be"),
    ({"i": 2}, ValueError, r"W\[0\] has shape \(2, 2\)"),
    ({"j": -1}, ValueError, "0 <= j < 2"),
    ({"span": 0}, ValueError, "positive"),
    ({"span": "wide"}, TypeError, "span"),
    ({"h": -1e-5}, ValueError, "positive"),
    ({"n": 2}, ValueError, "at least 3"),
])
def test_bad_arguments(kwargs, error, match):
    net, X, T = worked()
    with pytest.raises(error, match=match):
        weight_slice(net, X, T, **kwargs)


def test_not_a_network():
    with pytest.raises(TypeError, match="Network"):
        weight_slice("net", np.zeros((1, 2)), np.zeros((1, 1)))


def test_plot_and_show(capsys):
    net, X, T = worked()
    s = weight_slice(net, X, T, layer=1, i=0, j=0)
    ax = plot_weight_slice(s)
    assert len(ax.lines) == 4 and "W[1][0, 0]" in ax.get_xlabel() and ax.get_title()
    assert show_weight_slice(net, X, T, layer=1, i=0, j=0) is None
    out = capsys.readouterr().out
    assert f"{s['slope_backprop']:.10g}" in out and "finite differences" in out


def test_widget_offers_every_weight(monkeypatch, capsys):
    seen = {}
    monkeypatch.setattr(weight_widgets.widgets, "interact", lambda f, **kw: seen.update(f=f, **kw))
    net, X, T = Network([2, 3, 2], rng=0), np.ones((2, 2)), np.zeros((2, 2))
    assert weight_slice_widget(net, X, T) is None
    values = [v for _, v in seen["weight"].options]
    assert values == [(0, i, j) for i in range(2) for j in range(3)] + [(1, i, j) for i in range(3) for j in range(2)]
    seen["f"](weight=(1, 2, 1), span=1.0)  # what moving the controls runs
    assert "∂E/∂W[1][2, 1]" in capsys.readouterr().out


def test_widget_starts_where_asked(monkeypatch):
    seen = {}
    monkeypatch.setattr(weight_widgets.widgets, "interact", lambda f, **kw: seen.update(kw))
    net, X, T = Network([2, 3, 1], rng=0), np.ones((2, 2)), np.zeros((2, 1))
    weight_slice_widget(net, X, T, start=(1, 2, 0), span=3.0)
    assert seen["weight"].value == (1, 2, 0) and seen["span"].value == 3.0
    with pytest.raises(ValueError, match="start"):
        weight_slice_widget(net, X, T, start=(1, 0, 1))
