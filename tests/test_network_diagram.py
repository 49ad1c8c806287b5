"""helpers.plots.draw_network and plot_errata (notebook 02; reused by later notebooks)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Annotation

import helpers.worked_example as we
from helpers.network import Network
from helpers.plots import draw_network, plot_errata


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]


def arrows(ax):
    return [t for t in ax.texts if isinstance(t, Annotation)]


def test_worked_example_diagram_shows_every_number():
    step = we.backprop_step()
    ax = draw_network(**we.diagram_kwargs(we.initial_weights(), fwd=step.fwd, delta=step.delta, dw=step.dw, t=0.5))
    shown = "\n".join(texts(ax))
    assert len(arrows(ax)) == 6
    for name in ["x1", "x2", "h1", "h2", "O3"]:
        assert name in texts(ax)
    assert f"y5 = {step.fwd['y5']:.4g}" in shown and f"a1 = {step.fwd['a1']:.4g}" in shown
    assert f"δ4 = {step.delta['delta4']:.4g}" in shown
    assert f"w23 = 0.9\nΔ {step.dw['w23']:+.4g}" in shown
    assert "t = 0.5" in shown
    assert len(ax.figure.axes) == 2, "a colour bar for Δw"


def test_edges_are_coloured_by_sign_of_dw():
    W = [np.array([[1.0, -1.0]])]
    ax = draw_network(W, dw=[np.array([[0.5, -0.5]])])
    grow, shrink = (a.arrow_patch.get_edgecolor() for a in arrows(ax))
    assert grow[0] > grow[2] and shrink[2] > shrink[0], "red where a weight grows, blue where it shrinks"


def test_weights_only_no_colour_bar():
    ax = draw_network([np.ones((2, 2)), np.ones((2, 1))], title="plain")
    assert len(ax.figure.axes) == 1 and ax.get_title() == "plain"
    assert {"x1", "x2", "h1", "h2", "y1"} <= set(texts(ax))


@pytest.mark.parametrize("sizes", [[2, 4, 1], [3, 3, 2], [1, 3, 3, 1], [4, 8, 8, 2]])
def test_any_small_network_from_network_caches(sizes):
    net = Network(sizes, rng=0)
    X = np.linspace(0.1, 0.9, sizes[0])[None, :]
    net.forward(X)
    net.backward(np.full((1, sizes[-1]), 0.5))
    ax = draw_network(net.W, a=net.a, o=net.o, delta=net.delta, dw=[-g for g in net.dW], b=net.b)
    assert len(arrows(ax)) == sum(m * n for m, n in zip(sizes, sizes[1:]))
    labelled = [t for t in texts(ax) if "Δ" in t]
    small = sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]) if n_in <= 2 and n_out <= 3 or n_in * n_out <= 4)
    assert len(labelled) == small, "edge labels only where they fit"


def test_edge_labels_can_be_forced():
    ax = draw_network([np.ones((3, 3))], edge_labels=True)
    assert len([t for t in texts(ax) if t == "1"]) == 9
    ax = draw_network([np.ones((2, 1))], edge_labels=False)
    assert "1" not in texts(ax)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"W": np.ones((2, 2))}, TypeError, "list of weight matrices"),
    ({"W": []}, TypeError, "list of weight matrices"),
    ({"W": [np.ones(3)]}, ValueError, "2-D"),
    ({"W": [np.ones((2, 3)), np.ones((2, 1))]}, ValueError, "rows"),
    ({"W": [np.ones((2, 20))]}, ValueError, "small networks"),
    ({"W": [np.array([[np.nan]])]}, ValueError, "NaN"),
    ({"W": [np.ones((2, 1))], "o": [[1, 2]]}, ValueError, "2 entries"),
    ({"W": [np.ones((2, 1))], "o": [[1, 2, 3], [1]]}, ValueError, "should hold 2 values"),
    ({"W": [np.ones((2, 1))], "o": [np.ones((4, 2)), np.ones((4, 1))]}, ValueError, "one row"),
    ({"W": [np.ones((2, 1))], "a": [[np.inf]]}, ValueError, "NaN or inf"),
    ({"W": [np.ones((2, 1))], "dw": [np.ones((1, 2))]}, ValueError, "shaped like W"),
])
def test_bad_input_is_explained(kwargs, error, message):
    with pytest.raises(error, match=message):
        draw_network(**kwargs)


def test_plot_errata_one_bar_per_row_coloured_by_verdict():
    rows = we.errata()
    ax = plot_errata(rows)
    bars = ax.patches
    assert len(bars) == len(rows)
    colors = {r.verdict: bar.get_facecolor() for r, bar in zip(rows, bars)}
    assert len(set(colors.values())) == 3
    # the δ4 bar (printed -0.0819, exact -0.00807) is about 740 units of 0.0001 long
    d4 = [bar for r, bar in zip(rows, bars) if r.key == "delta4"][0]
    assert 700 < d4.get_width() < 800
    a1 = [bar for r, bar in zip(rows, bars) if r.key == "a1"][0]
    assert a1.get_width() < 0.01
