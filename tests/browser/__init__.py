"""The JupyterLab browser test (see test_jupyterlab.py)."""
