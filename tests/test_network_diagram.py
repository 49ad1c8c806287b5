"""helpers.plots.draw_network and plot_errata (notebook 02; reused by later notebooks)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Annotation

import helpers.worked_example as we
from helpers.network import Network
from helpers.plots import Delta_W_colorbar, Delta_W_norm, draw_network, plot_errata
from helpers.widgets import BackpropStepper


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
    kwargs = we.diagram_kwargs(we.initial_weights(), fwd=step.fwd, delta=step.delta, Delta_w=step.Delta_w, t=0.5)
    ax = draw_network(**kwargs)
    shown = "\n".join(texts(ax))
    assert len(arrows(ax)) == 6
    for name in ["x1", "x2", "h1", "h2", "O3"]:
        assert name in texts(ax)
    assert f"y5 = {step.fwd['y5']:.4g}" in shown and f"a1 = {step.fwd['a1']:.4g}" in shown
    assert f"δ4 = {step.delta['delta4']:.4g}" in shown
    assert f"w23 = 0.9\nΔw = {step.Delta_w['w23']:+.4g}" in shown
    assert "t = 0.5" in shown
    assert len(ax.figure.axes) == 2, "a colour bar for Δw"


def boxes(ax, keep):
    """Window extents (pixels) of the texts for which keep(text) holds."""
    renderer = ax.figure.canvas.get_renderer()
    return {t.get_text(): t.get_window_extent(renderer) for t in ax.texts
            if not isinstance(t, Annotation) and keep(t.get_text())}


def test_no_two_labels_overlap_in_the_worked_example():
    """The labels of the crossing edges w12 and w21 (and every other label) stay apart."""
    step = we.backprop_step()
    fig, ax = plt.subplots(figsize=(10, 4.2))
    kwargs = we.diagram_kwargs(we.initial_weights(), fwd=step.fwd, delta=step.delta, Delta_w=step.Delta_w, t=0.5)
    draw_network(**kwargs, ax=ax)
    found = list(boxes(ax, lambda text: "=" in text).items())
    assert len(found) == 6 + 5 + 3 + 1  # six edges, five units' a/o, three δ, the target
    for k, (text1, box1) in enumerate(found):
        for text2, box2 in found[k + 1:]:
            assert not box1.overlaps(box2), f"{text1!r} overlaps {text2!r}"


def test_small_changes_are_still_coloured():
    """On the symmetric-log scale a Δw 20 times smaller than the largest is clearly coloured; on a linear one
    it is nearly white."""
    W, Delta_W = [np.array([[1.0, 1.0]])], [np.array([[-0.02, -0.001]])]
    strength = {}
    for scale in ["symlog", "linear"]:
        ax = draw_network(W, Delta_W=Delta_W, Delta_W_scale=scale)
        small = arrows(ax)[1].arrow_patch.get_edgecolor()
        strength[scale] = small[2] - small[0]  # blue minus red
    assert strength["symlog"] > 0.25 > strength["linear"]


def test_Delta_W_norm():
    norm = Delta_W_norm(0.02)
    assert norm(-0.02) == pytest.approx(0) and norm(0.0) == pytest.approx(0.5) and norm(0.02) == pytest.approx(1)
    assert 0.2 < norm(0.002) - 0.5, "a tenth of the limit is well away from the middle"
    assert Delta_W_norm(0.02, "linear")(0.002) == pytest.approx(0.55)
    with pytest.raises(ValueError, match="positive"):
        Delta_W_norm(0)
    with pytest.raises(ValueError, match="symlog"):
        Delta_W_norm(1, "log")


def test_one_colour_bar_for_several_diagrams():
    fig, axes = plt.subplots(1, 2, layout="constrained")
    Delta_W = [np.array([[0.5, -0.5]])]
    for ax, scale in zip(axes, [1.0, 0.1]):
        draw_network([np.ones((1, 2))], Delta_W=[scale * d for d in Delta_W], ax=ax, colorbar=False, Delta_W_limit=0.5)
    assert len(fig.axes) == 2
    bar = Delta_W_colorbar(axes, 0.5)
    assert len(fig.axes) == 3 and bar.norm.vmax == 0.5
    assert axes[0].get_position().width == pytest.approx(axes[1].get_position().width)
    one, two = (arrows(ax)[0].arrow_patch.get_edgecolor() for ax in axes)
    assert one[1] < two[1], "the same scale: the larger change is the deeper red (less green)"


def test_edges_are_coloured_by_sign_of_Delta_W():
    W = [np.array([[1.0, -1.0]])]
    ax = draw_network(W, Delta_W=[np.array([[0.5, -0.5]])])
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
    Delta_W = [-0.5 * g for g in net.dW]  # Δw = −η ∂E/∂W with η = 0.5
    ax = draw_network(net.W, a=net.a, o=net.o, delta=net.delta, Delta_W=Delta_W, b=net.b)
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
    ({"W": [np.ones((2, 1))], "Delta_W": [np.ones((1, 2))]}, ValueError, "shaped like W"),
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
    assert a1.get_width() == 0, "an exact number gets no bar ..."
    notes = [t.get_text() for t in ax.texts]
    assert notes.count("0 (exact)") == 2, "... but a note: a1 and a2 are exact"


def test_plot_errata_marks_small_gaps_at_the_floor():
    from collections import namedtuple

    Row = namedtuple("Row", "label article exact verdict")
    rows = [Row("a", "0.50", 0.5000000001, "correct"), Row("b", "0.50", 0.5, "correct")]
    ax = plot_errata(rows, floor=1e-3)
    assert [bar.get_width() for bar in ax.patches] == [1e-3, 0]
    assert {t.get_text() for t in ax.texts} >= {"< 0.001", "0 (exact)"}
    with pytest.raises(ValueError, match="floor"):
        plot_errata(rows, floor=1)


def test_stepper_panels_have_no_overlapping_labels():
    """Notebook 02's four stepper panels, one under the other at 10 inches wide and font size 11."""
    stepper = BackpropStepper()
    fig, axes = plt.subplots(4, 1, figsize=(10, 15), dpi=100, layout="constrained")
    for action, ax in zip(["forward", "backward", "update", "forward"], axes):
        stepper.do(action)
        stepper.draw(ax=ax, colorbar=False)
    fig.canvas.draw()
    for ax in axes:
        found = list(boxes(ax, lambda text: "=" in text).items())
        for k, (text1, box1) in enumerate(found):
            for text2, box2 in found[k + 1:]:
                assert not box1.overlaps(box2), f"{text1!r} overlaps {text2!r}"
    plt.close(fig)


@pytest.mark.parametrize("dx", [0.5, "wide", float("nan")])
def test_column_spacing_is_checked(dx):
    with pytest.raises((TypeError, ValueError)):
        draw_network([np.ones((2, 1))], dx=dx)
