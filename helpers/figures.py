"""Showing a figure with alt text: what it shows, in words, for screen readers and the website.

`show_figure(fig, alt)` draws the figure once, at its own size, as a PNG inside an <img> tag that carries the
alt text, and closes it. Every figure of the series is shown this way, static figures and widgets alike.
In the stored notebook the figure's plain-text form is its alt text, so strict nbval compares that text.
"""

import base64
import html
import io

import matplotlib.pyplot as plt
from IPython.display import HTML, display

MIN_ALT_WORDS = 5  # "Plot." says nothing; a real description names what is drawn


def check_alt(alt):
    """Raise a clear error unless alt is a sentence that describes a figure (not empty, not a file name)."""
    if not isinstance(alt, str):
        raise TypeError(f"alt must be a string that says what the figure shows, got {type(alt).__name__}")
    words = alt.split()
    if len(words) < MIN_ALT_WORDS:
        raise ValueError(f"alt text {alt!r} is too short: say in a sentence what the figure shows "
                         f"(at least {MIN_ALT_WORDS} words)")
    if alt.strip().lower().endswith((".png", ".jpg", ".svg")):
        raise ValueError(f"alt text {alt!r} looks like a file name: say what the figure shows")
    return " ".join(words)


class FigureHTML(HTML):
    """An <img> with alt text; its text form (what nbval compares, and what a plain-text viewer shows) is the alt."""

    def __init__(self, png, alt, width, height):
        self.alt = alt
        data = base64.b64encode(png).decode("ascii")
        super().__init__(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
                         f'width="{width}" height="{height}"/>')

    def __repr__(self):
        return f"[figure] {self.alt}"


def figure_html(fig, alt):
    """The figure drawn as a PNG at its own size (no tight crop), wrapped with its alt text; the figure is closed."""
    alt = check_alt(alt)
    png = io.BytesIO()
    fig.savefig(png, format="png", facecolor="white")  # opaque: readable on a dark page too
    width, height = (round(v) for v in fig.get_size_inches() * fig.dpi)
    plt.close(fig)
    return FigureHTML(png.getvalue(), alt, width, height)


def show_figure(fig, alt):
    """Show fig below the cell (or inside a widget's output area) with its alt text, and close it.

    Use it instead of plt.show(): in JupyterLab plt.show() crops the picture to a "tight" box, which lays the
    figure out twice (slow in a widget that redraws on every slider move), and it has no place for alt text.
    Set the margins where the figure is made (fig.subplots_adjust or layout="constrained").
    """
    display(figure_html(fig, alt))
