"""show_figure: every figure is a PNG at its own size inside an <img> whose alt text says what it shows."""

import base64
import re

import matplotlib
import matplotlib.pyplot as plt
import pytest

import helpers.figures as figures

matplotlib.use("Agg")
ALT = "A straight line rising from the bottom left to the top right."


def _shown(monkeypatch, fig, alt=ALT):
    shown = []
    monkeypatch.setattr(figures, "display", shown.append)
    figures.show_figure(fig, alt=alt)
    return shown[0]


def test_the_whole_figure_as_png_with_alt_text_and_closed(monkeypatch):
    fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
    ax.plot([0, 1], [0, 1])
    out = _shown(monkeypatch, fig)
    assert not plt.fignum_exists(fig.number), "the figure is closed once shown"
    html = out._repr_html_()
    assert f'alt="{ALT}"' in html and 'width="150" height="100"' in html
    png = base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # the IHDR chunk
    assert (width, height) == (150, 100), "3 x 2 inches at 50 dpi, not cropped to a tight box"
    assert repr(out) == f"[figure] {ALT}", "the text form, which strict nbval compares, is the alt text"


def test_alt_text_is_escaped(monkeypatch):
    fig, _ = plt.subplots(figsize=(1, 1), dpi=20)
    html = _shown(monkeypatch, fig, alt='The curve "a < b" rises & then falls again.')._repr_html_()
    assert 'alt="The curve &quot;a &lt; b&quot; rises &amp; then falls again."' in html


@pytest.mark.parametrize("alt, error, words", [
    (None, TypeError, "must be a string"),
    ("", ValueError, "too short"),
    ("Figure.", ValueError, "too short"),
    ("see the figure in loss-curve.png", ValueError, "file name"),
])
def test_missing_or_useless_alt_text_is_refused(alt, error, words):
    fig, _ = plt.subplots()
    with pytest.raises(error, match=words):
        figures.show_figure(fig, alt=alt)
    plt.close(fig)
