"""Where the browser test finds notebooks and puts screenshots (environment overrides in conftest.py's docstring)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = Path(os.environ.get("BROWSER_TEST_NOTEBOOKS") or ROOT / "notebooks").resolve()
ARTIFACTS = Path(os.environ.get("BROWSER_TEST_ARTIFACTS") or ROOT / "test-artifacts" / "browser").resolve()
NOT_RUN = "BROWSER TEST NOT RUN"
REPORTS = []  # one labdriver.Report per notebook checked, printed at the end of the session


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason):
    """No browser: skip loudly on a developer machine, fail under CI=true."""
    if in_ci():
        pytest.fail(f"{reason}. Under CI=true the browser test must run: install chromium "
                    "(apt-get install -y chromium) or set BROWSER_TEST_CHROMIUM.", pytrace=False)
    pytest.skip(f"{NOT_RUN}: {reason}. Install it with `apt-get install -y chromium` "
                "or set BROWSER_TEST_CHROMIUM=/path/to/chromium.")
