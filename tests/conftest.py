import os
import pathlib

import pytest
from browser.browser_config import ARTIFACTS, NOT_RUN, unavailable

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture
def root():
    return ROOT


def pyproject():
    """pyproject.toml as a dict."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


# --- make test runs pytest -n 2 (pytest-xdist; --dist loadscope is in pyproject.toml): two processes share the tests

@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: without pytest-xdist it is never called
def pytest_xdist_make_scheduler(config, log):
    """How the workers share the tests: in units of one test module (or class) each, as --dist loadscope does, so
    all cells of one notebook stay together (nbval runs them in order in one kernel); but each check of the
    browser test is a unit of its own, so both workers share it, the slowest part (each starts its own JupyterLab).
    Another --dist given on the command line gets pytest-xdist's own scheduler."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return nodeid if nodeid.startswith("tests/browser/") else super()._split_scope(nodeid)

    return Scheduling(config, log)


def pytest_terminal_summary(terminalreporter):
    """After the run, the browser test's loud warning if it did not run, and its seconds per notebook (sent along
    with the test reports by tests/browser/conftest.py, so they arrive here from xdist's worker processes too)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NOT_RUN in str(r.longrepr)]
    if skipped:
        reason = str(skipped[0].longrepr[2]).split(": ", 1)[-1]
        terminalreporter.write_sep("!", f"{NOT_RUN} ({len(skipped)} test(s) skipped)", yellow=True, bold=True)
        terminalreporter.write_line(reason, yellow=True, bold=True)
    checked = sorted(value for reports in terminalreporter.stats.values() for report in reports
                     for name, value in getattr(report, "user_properties", ()) if name == "jupyterlab")
    if checked:
        terminalreporter.write_sep("-", "JupyterLab browser test: seconds per notebook")
        for _, summary, _ in checked:
            terminalreporter.write_line(summary)
        total = sum(seconds for _, _, seconds in checked)
        terminalreporter.write_line(f"total {total:.1f} s in notebooks; screenshots in {ARTIFACTS}")


# One headless Chromium per test process, shared by the JupyterLab browser test (tests/browser) and the website
# test (tests/website): Playwright's sync API runs one event loop per thread, so a second one cannot start.
@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed (pip install -e '.[test]')")
    from browser import labdriver

    executable = labdriver.find_chromium()
    if executable is None:
        unavailable("no Chromium found at /usr/bin/chromium or on PATH")
    if executable == "none":
        unavailable("BROWSER_TEST_CHROMIUM=none")
    if not os.access(executable, os.X_OK):
        pytest.fail(f"BROWSER_TEST_CHROMIUM={executable} is not an executable file", pytrace=False)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=labdriver.CHROMIUM_FLAGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()
