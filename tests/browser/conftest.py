"""Fixtures for the JupyterLab browser test: one JupyterLab server and one headless Chromium for the session.

Environment variables:
  BROWSER_TEST_CHROMIUM   path of the Chromium to use (default: /usr/bin/chromium, else chromium on PATH);
                          "none" skips the browser test (loudly; it still fails under CI=true)
  BROWSER_TEST_NOTEBOOKS  folder of notebooks to test instead of notebooks/ (e.g. scratch fixtures)
  BROWSER_TEST_ARTIFACTS  where screenshots and the JupyterLab log go (default: test-artifacts/browser)
  CI                      when true, a missing browser FAILS the test instead of skipping it
"""

import os
import shutil
import time

import pytest

from . import fixture_notebooks, labdriver
from .browser_config import ARTIFACTS, NOTEBOOK_DIR, REPORTS


@pytest.fixture(scope="session")
def lab(browser, tmp_path_factory):
    """JupyterLab on a scratch copy of the notebooks (autosave cannot touch the committed files)."""
    scratch = tmp_path_factory.mktemp("jupyterlab")
    root = scratch / "root"
    shutil.copytree(NOTEBOOK_DIR, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    fixture_notebooks.write(root / "selftest")
    import matplotlib.font_manager  # noqa: F401  builds matplotlib's font cache now, not as stderr in a notebook

    worker = os.environ.get("PYTEST_XDIST_WORKER")  # under pytest -n, each worker process has its own JupyterLab
    log = ARTIFACTS / (f"jupyterlab-{worker}.log" if worker else "jupyterlab.log")
    server = labdriver.JupyterLabServer(root, scratch, log)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for all notebooks, so JupyterLab's scripts come from the browser cache after the first."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


class LabPage:
    """One page with JupyterLab loaded, reused from notebook to notebook; replaced after a failure."""

    def __init__(self, context, server):
        self.context, self.server, self.page = context, server, None

    def get(self):
        if self.page is None:
            self.page = self.context.new_page()
            start = time.monotonic()
            labdriver.open_lab(self.page, self.server)
            REPORTS.append(labdriver.Report("(JupyterLab itself)", seconds={"load": time.monotonic() - start}))
        return self.page

    def discard(self):
        if self.page is not None:
            self.page.close()
            self.page = None


@pytest.fixture(scope="session")
def lab_page(browser_context, lab):
    holder = LabPage(browser_context, lab)
    yield holder
    holder.discard()


@pytest.fixture
def page(lab_page, lab):
    """JupyterLab with no notebook open and no kernel running, before and after the test."""
    page = lab_page.get()
    yield page
    if lab_page.page is not None:
        try:
            labdriver.close_all_tabs(page)
        except Exception:
            lab_page.discard()
    lab.shutdown_kernels()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the timings of the notebooks checked in this phase of the test to its report, for the summary that
    tests/conftest.py prints: under `pytest -n`, the tests run in worker processes and only reports come back."""
    report = yield
    while REPORTS:
        entry = REPORTS.pop(0)
        report.user_properties.append(("jupyterlab", (entry.path, entry.summary(), sum(entry.seconds.values()))))
    return report
