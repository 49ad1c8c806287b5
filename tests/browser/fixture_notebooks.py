"""Small notebooks that test the browser test itself: one that works, one broken in every way it must catch.

They are written at test time (not kept as .ipynb files, which nbval would collect under tests/).
Run `python tests/browser/fixture_notebooks.py DIR` to write them to DIR, e.g. for BROWSER_TEST_NOTEBOOKS=DIR.
"""

import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

IMPORTS = """\
import warnings

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display"""

SLIDER = """\
def show(w=1.0):
    {check}x = np.linspace(-6, 6, 100)
    fig, ax = plt.subplots(figsize=(4, 2.5))
    ax.plot(x, 1 / (1 + np.exp(-w * x)))
    ax.set(title=f"o = σ({{w}}·x)", xlabel="x", ylabel="o")
    plt.show()

widgets.interact(show, w=widgets.FloatSlider(value=1.0, min=-3, max=3, step=0.5));"""

BUTTON = """\
clicks = widgets.Output()
button = widgets.Button(description="{label}")

def on_click(_):
    {body}

button.on_click(on_click)
display(widgets.HBox([button, widgets.IntSlider(value=3, min=0, max=5, description="n")]), clicks)"""

COUNT = """n_clicks = getattr(on_click, "n", 0) + 1
    on_click.n = n_clicks
    with clicks:
        clicks.clear_output()
        print(f"clicked {n_clicks} time(s)")"""

# A widget view whose model the kernel never created.
MISSING_MODEL = """\
view = {"model_id": "0" * 32, "version_major": 2, "version_minor": 0}
display({"application/vnd.jupyter.widget-view+json": view, "text/plain": "a widget"}, raw=True)"""


def notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.cells = [nbformat.v4.new_markdown_cell(sources[0])]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources[1:]]
    return nb


def working():
    return notebook(
        "# Works\nA slider redraws a plot; a button prints how often it was clicked.",
        IMPORTS,
        SLIDER.format(check=""),
        BUTTON.format(label="Count", body=COUNT),
        "print('the end')",
    )


def broken():
    """Each cell breaks one thing; the test must report every one of them."""
    return notebook(
        "# Broken\nEvery cell below breaks something on purpose.",
        IMPORTS,
        SLIDER.format(check='if w != 1.0:\n        raise ValueError("deliberate: the slider callback raises")\n    '),
        BUTTON.format(label="Break", body='raise RuntimeError("deliberate: the button callback raises")'),
        MISSING_MODEL,
        'warnings.warn("deliberate warning")',
        'raise ZeroDivisionError("deliberate error in the last cell")',
    )


# Each problem the broken notebook must produce, as a piece of the message.
BROKEN_PROBLEMS = [
    "raised ZeroDivisionError: deliberate error in the last cell",
    "wrote to stderr",  # the warning
    "Error displaying widget",  # the missing model
    "ValueError: deliberate: the slider callback raises",  # shown inside the interact output after the move
    "button 'Break' clicked, but no output changed",  # the exception only reaches the server log
]


def write(directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, nb in [("selftest-working.ipynb", working()), ("selftest-broken.ipynb", broken())]:
        nbformat.write(nb, directory / name)
    return directory


if __name__ == "__main__":
    write(sys.argv[1])
