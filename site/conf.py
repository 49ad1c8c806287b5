"""Sphinx configuration of the website (make site). tools/build_site.py stages the pages, then runs Sphinx.

The pages are the committed notebooks, not executed again (strict nbval checks their outputs). Nothing is
loaded from another host: MathJax is served from the site itself, and no widget JavaScript is included.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from build_site import STATIC, binder_url, colab_url, repository  # noqa: E402

project = "Backpropagation, computed"
author = "backprop-notebooks"
copyright = "backprop-notebooks contributors"
extensions = ["myst_nb"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"  # the stored outputs are the ones strict nbval checks
nb_ipywidgets_js = {}  # no require.js or widget manager from a CDN: widgets need a live kernel anyway
nb_render_markdown_format = "myst"  # Markdown outputs (tables, $math$) as in JupyterLab, not plain CommonMark
nb_output_stderr = "warn"  # a notebook never stores stderr; if one ever does, the build (-W) fails
myst_enable_extensions = ["dollarmath", "amsmath"]
suppress_warnings = ["myst.header"]  # a notebook's title is its only h1; sections start at h2

mathjax_path = "mathjax/tex-chtml.js"  # relative to _static: copied there from the npm package by build_site.py

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static", str(STATIC)]
html_context = {"default_mode": "auto"}  # light or dark, as the reader's system prefers
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_theme_options = {
    "repository_url": repository(),
    "repository_branch": "main",
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "use_download_button": True,
    "launch_buttons": {
        "binderhub_url": binder_url().split("/v2/")[0],
        "colab_url": colab_url().split("/github/")[0],
        "notebook_interface": "jupyterlab",
    },
    "show_navbar_depth": 1,
    "navigation_with_keys": False,
}
html_favicon = "_static/favicon.svg"
