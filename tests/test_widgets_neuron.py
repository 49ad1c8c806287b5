"""The single-neuron helpers behind notebook 00's and 01's widget: plain functions, tested directly."""

import matplotlib

matplotlib.use("Agg")  # no window; must come before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.special import expit  # noqa: E402

from helpers import widgets as neuron_widgets  # noqa: E402
from helpers.plots import plot_neuron, unsaturated_window  # noqa: E402
from helpers.widgets import neuron_output, neuron_steepest_point, neuron_widget, show_neuron  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("w,b", [(2.0, -1.0), (-3.0, 1.5), (0.5, 2.0), (5.0, 0.0)])
def test_steepest_point_is_where_the_slope_is_largest(w, b):
    x0, slope = neuron_steepest_point(w, b)
    h = 1e-5
    do_dx = lambda x: (expit(w * (x + h) + b) - expit(w * (x - h) + b)) / (2 * h)  # noqa: E731
    assert slope == pytest.approx(do_dx(x0), rel=1e-8)
    x = np.linspace(x0 - 5, x0 + 5, 1001)
    assert np.all(np.abs(do_dx(x)) <= abs(slope) * (1 + 1e-8))
    assert expit(w * x0 + b) == pytest.approx(0.5, abs=1e-15)


def test_steepest_point_of_a_flat_neuron():
    assert neuron_steepest_point(0.0, 3.0) == (None, 0.0)


def test_steepest_point_has_no_negative_zero():
    x0, _ = neuron_steepest_point(0.3, 0.0)
    assert x0 == 0.0 and np.copysign(1.0, x0) == 1.0


@pytest.mark.parametrize("bad", ["1", None, [1.0, 2.0], np.array([1.0, 2.0]), 1j])
def test_weights_must_be_one_real_number(bad):
    with pytest.raises(TypeError, match="one real number"):
        neuron_steepest_point(bad, 0.0)
    with pytest.raises(TypeError, match="one real number"):
        neuron_output(1.0, bad, 0.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_weights_must_be_finite(bad):
    with pytest.raises(ValueError, match="finite"):
        neuron_steepest_point(1.0, bad)
    with pytest.raises(ValueError, match="finite"):
        plot_neuron(bad, 0.0)


def test_neuron_output():
    x = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(neuron_output(1.5, -0.5, x), expit(1.5 * x - 0.5), rtol=1e-15)
    assert neuron_output(2.0, 1.0, 0) == pytest.approx(expit(1.0), rel=1e-15)
    with pytest.raises(TypeError):
        neuron_output(1.0, 0.0, "x")


def test_plot_neuron_draws_the_curve_and_marks_the_steepest_point():
    w, b = 2.0, -1.0
    ax = plot_neuron(w, b)
    curve, tangent, point = ax.get_lines()[:3]
    x, o = curve.get_data()
    np.testing.assert_allclose(o, expit(w * x + b), rtol=1e-15)
    np.testing.assert_allclose(point.get_data(), [[0.5], [0.5]])
    tx, ty = tangent.get_data()
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(w / 4)
    assert ax.get_title() and ax.get_xlabel() == "input x" and ax.get_ylabel() == "output o"
    assert ax.get_legend() is not None


def test_plot_neuron_on_given_axes_and_flat_neuron():
    fig, ax = plt.subplots()
    assert plot_neuron(0.0, 1.0, ax=ax) is ax
    assert len(ax.get_lines()) == 2  # the curve and the grey line at 0.5: no steepest point to mark
    with pytest.raises(ValueError, match="x_range"):
        plot_neuron(1.0, 0.0, x_range=(3.0, -3.0))


def test_plot_neuron_steepest_point_outside_the_range_is_not_marked():
    ax = plot_neuron(1.0, -10.0)  # steepest at x = 10, outside (-6, 6)
    assert len(ax.get_lines()) == 2


def test_show_neuron_prints_what_it_draws(capsys, monkeypatch):
    shown = []
    monkeypatch.setattr(neuron_widgets, "show_figure", lambda fig, alt: shown.append(fig))
    show_neuron(2.0, -1.0)
    assert "x = -b/w = 0.500" in capsys.readouterr().out
    assert len(shown) == 1 and shown[0].axes[0].get_title() == "One sigmoid neuron"
    show_neuron(0.0, 0.0)
    assert "σ(b) = 0.500" in capsys.readouterr().out
    plt.close("all")


def test_neuron_widget_wires_two_sliders_to_show_neuron(monkeypatch):
    calls = []
    monkeypatch.setattr(neuron_widgets.widgets, "interact", lambda f, **kw: calls.append((f, kw)))
    assert neuron_widget() is None
    (f, kw), = calls
    assert f is show_neuron and set(kw) == {"w", "b", "a_sat"}
    assert isinstance(kw["a_sat"], neuron_widgets.widgets.fixed) and kw["a_sat"].value is None  # no window
    for slider in (kw["w"], kw["b"]):
        assert slider.min < 0 < slider.max  # both signs, and the defaults in between
    assert (kw["w"].value, kw["b"].value) == (1.0, 0.0)


def test_neuron_widget_passes_a_sat_on_as_a_fixed_argument(monkeypatch):
    calls = []
    monkeypatch.setattr(neuron_widgets.widgets, "interact", lambda f, **kw: calls.append((f, kw)))
    neuron_widget(a_sat=6.0)
    (f, kw), = calls
    assert f is show_neuron and set(kw) == {"w", "b", "a_sat"}
    assert isinstance(kw["a_sat"], neuron_widgets.widgets.fixed) and kw["a_sat"].value == 6.0
    with pytest.raises(ValueError, match="positive"):
        neuron_widget(a_sat=-1.0)


def test_neuron_widget_runs_for_real(capsys):
    neuron_widget()  # outside a notebook, interact still calls show_neuron once with the defaults
    out = capsys.readouterr().out
    assert "steepest at x = -b/w = 0.000" in out and "saturated" not in out
    neuron_widget(a_sat=A_SAT)
    assert f"between {-A_SAT:.3f} and {A_SAT:.3f}" in capsys.readouterr().out


A_SAT = 6.0


def _is_unsaturated(w, b, x):
    """Independent of the helper: is |w x + b| below A_SAT?"""
    return np.abs(w * x + b) < A_SAT


@pytest.mark.parametrize("w,b", [(3.0, -1.5), (-2.0, 1.0), (0.5, 4.0), (5.0, 0.0)])
def test_unsaturated_window_is_where_the_sum_is_small(w, b):
    low, high = unsaturated_window(w, b, A_SAT)
    assert high - low == pytest.approx(2 * A_SAT / abs(w))
    x = np.linspace(low - 3, high + 3, 2001)
    inside = (x > low + 1e-9) & (x < high - 1e-9)
    outside = (x < low - 1e-9) | (x > high + 1e-9)
    assert np.all(_is_unsaturated(w, b, x[inside])) and not np.any(_is_unsaturated(w, b, x[outside]))


def test_unsaturated_window_of_a_flat_neuron():
    assert unsaturated_window(0.0, 1.0, A_SAT) == (-np.inf, np.inf)
    assert unsaturated_window(0.0, -7.0, A_SAT) is None
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError, match="positive"):
            unsaturated_window(1.0, 0.0, bad)
    with pytest.raises(TypeError, match="one real number"):
        unsaturated_window(1.0, 0.0, "6")


def _green_spans(ax):
    return [p for p in ax.patches if p.get_label().startswith("not saturated")]


def _x_extent(ax, patch):
    """The patch's smallest and largest x in data coordinates (whatever patch class axvspan returns)."""
    x_display = patch.get_transform().transform(patch.get_path().vertices)[:, 0]
    x_data = ax.transData.inverted().transform(np.c_[x_display, np.zeros_like(x_display)])[:, 0]
    return x_data.min(), x_data.max()


def test_plot_neuron_shades_the_window_only_when_asked():
    w, b = 3.0, -1.5
    assert _green_spans(plot_neuron(w, b)) == []
    ax = plot_neuron(w, b, a_sat=A_SAT)
    span, = _green_spans(ax)
    assert _x_extent(ax, span) == pytest.approx(((-A_SAT - b) / w, (A_SAT - b) / w))
    assert len(ax.get_lines()) == 4, "curve, tangent, steepest point and the grey line at 0.5 are unchanged"


def test_plot_neuron_window_is_clipped_to_the_plot_or_left_out():
    ax = plot_neuron(0.5, 0.0, a_sat=A_SAT)  # window (-12, 12) is wider than the plot (-6, 6)
    span, = _green_spans(ax)
    assert _x_extent(ax, span) == pytest.approx((-6.0, 6.0))
    assert ax.get_xlim() == (-6.0, 6.0)
    assert _green_spans(plot_neuron(0.0, 7.0, a_sat=A_SAT)) == []  # saturated everywhere
    assert _green_spans(plot_neuron(1.0, -20.0, a_sat=A_SAT)) == []  # window (14, 26) lies right of the plot


def test_show_neuron_prints_the_window(capsys):
    show_neuron(3.0, -1.5, a_sat=A_SAT)
    out = capsys.readouterr().out
    assert f"between {(-A_SAT + 1.5) / 3:.3f} and {(A_SAT + 1.5) / 3:.3f}" in out
    assert f"width {2 * A_SAT / 3:.3f}" in out
    show_neuron(0.0, 7.0, a_sat=A_SAT)
    assert "saturated for every x" in capsys.readouterr().out
    show_neuron(0.0, 1.0, a_sat=A_SAT)
    assert "never saturated" in capsys.readouterr().out
    show_neuron(2.0, -1.0)
    assert "saturated" not in capsys.readouterr().out, "notebook 00's call is unchanged"
