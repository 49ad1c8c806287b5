"""Notebook 01's widget: a neuron's output and its slope σ'(w·x + b), grey where it is saturated."""

import matplotlib

matplotlib.use("Agg")  # no window; must come before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.special import expit  # noqa: E402

from helpers import widgets as neuron_widgets  # noqa: E402
from helpers.plots import plot_neuron_slope  # noqa: E402
from helpers.widgets import learning_window, neuron_slope_widget, show_neuron_slope  # noqa: E402

A_SAT = 6.0


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _grey_extents(ax):
    """The x extent, in data coordinates, of each grey (saturated) span."""
    extents = []
    for patch in ax.patches:
        x_display = patch.get_transform().transform(patch.get_path().vertices)[:, 0]
        x_data = ax.transData.inverted().transform(np.c_[x_display, np.zeros_like(x_display)])[:, 0]
        extents.append((x_data.min(), x_data.max()))
    return [value for extent in sorted(extents) for value in extent]  # flat: pytest.approx compares flat lists


@pytest.mark.parametrize("w,b", [(3.0, -1.5), (-2.0, 1.0), (10.0, 0.0), (0.5, 0.0), (0.0, 8.0), (1.0, -20.0)])
def test_learning_window_is_where_the_sum_is_small(w, b):
    low, high, fraction = learning_window(w, b, A_SAT)
    x = np.linspace(-6, 6, 120_001)
    learns = np.abs(w * x + b) < A_SAT  # independent of the helper
    assert fraction == pytest.approx(learns.mean(), abs=1e-4)
    if low is None:
        assert not learns.any()
    else:
        assert x[learns].min() == pytest.approx(low, abs=2e-4) and x[learns].max() == pytest.approx(high, abs=2e-4)


def test_plot_draws_output_and_slope_and_shades_the_saturated_inputs():
    w, b = 3.0, -1.5
    ax_o, ax_s = plot_neuron_slope(w, b, A_SAT)
    x, o = ax_o.get_lines()[0].get_data()
    np.testing.assert_allclose(o, expit(w * x + b), rtol=1e-15)
    x, s = ax_s.get_lines()[0].get_data()
    np.testing.assert_allclose(s, expit(w * x + b) * expit(-(w * x + b)), rtol=1e-12)
    window = ((-A_SAT - b) / w, (A_SAT - b) / w)
    for ax in (ax_o, ax_s):
        assert _grey_extents(ax) == pytest.approx([-6.0, window[0], window[1], 6.0])
    assert ax_s.get_xlabel() == "input x" and ax_o.get_title()


def test_plot_of_a_neuron_saturated_everywhere_is_all_grey_and_bad_input_is_refused():
    ax_o, _ = plot_neuron_slope(0.0, 8.0, A_SAT)
    assert _grey_extents(ax_o) == pytest.approx([-6.0, 6.0])
    ax_o, _ = plot_neuron_slope(0.5, 0.0, A_SAT)  # window (-12, 12): nothing visible is saturated
    assert _grey_extents(ax_o) == []
    with pytest.raises(ValueError, match="positive"):
        plot_neuron_slope(1.0, 0.0, -1.0)
    with pytest.raises(TypeError, match="one real number"):
        plot_neuron_slope("1", 0.0, A_SAT)


def test_show_prints_the_window_and_gives_alt_text(capsys, monkeypatch):
    shown = []
    monkeypatch.setattr(neuron_widgets, "show_figure", lambda fig, alt: shown.append(alt))
    show_neuron_slope(3.0, -1.5, A_SAT)
    out = capsys.readouterr().out
    assert f"from {(-A_SAT + 1.5) / 3:.3f} to {(A_SAT + 1.5) / 3:.3f}" in out and "33%" in out
    assert "w = 3, b = -1.5" in shown[0] and "33%" in shown[0]
    show_neuron_slope(0.0, 8.0, A_SAT)
    assert "saturated for every x" in capsys.readouterr().out and "saturated for every input" in shown[1]


def test_widget_wires_two_sliders_and_a_fixed_a_sat(monkeypatch):
    calls = []
    monkeypatch.setattr(neuron_widgets.widgets, "interact", lambda f, **kw: calls.append((f, kw)))
    assert neuron_slope_widget(a_sat=A_SAT) is None
    (f, kw), = calls
    assert f is show_neuron_slope and set(kw) == {"w", "b", "a_sat"} and kw["a_sat"].value == A_SAT
    assert kw["w"].max >= 10 and kw["w"].min <= -10, "large weights are where saturation shows"
    with pytest.raises(ValueError, match="positive"):
        neuron_slope_widget(a_sat=0.0)
