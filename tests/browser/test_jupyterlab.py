"""Every notebook opens, runs and shows working widgets in real JupyterLab (headless Chromium).

For each notebook: clear outputs, Run All Cells, wait for the kernel; no error or stderr output in the saved model;
every widget renders; moving a slider (arrow key) and clicking a button change the output they drive.
Screenshots go to test-artifacts/browser/. Two generated fixture notebooks check that the check itself works.
"""

from pathlib import Path

import pytest

from . import fixture_notebooks, labdriver
from .browser_config import ARTIFACTS, NOT_RUN, NOTEBOOK_DIR, REPORTS, unavailable

NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))


def check(lab_page, lab, path, **timeouts):
    page = lab_page.get()
    try:
        report = labdriver.check_notebook(page, lab, path, ARTIFACTS, **timeouts)
    except Exception:  # a timeout: keep a picture of the page, start the next notebook on a fresh page
        labdriver.screenshot(page, ARTIFACTS / (Path(path).stem + "-FAILED.png"))
        lab_page.discard()
        raise
    REPORTS.append(report)
    return report


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)],
                         ids=["developer", "ci"])
def test_no_browser_skips_on_a_developer_machine_but_fails_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no Chromium") as raised:
        unavailable("no Chromium found")
    assert (NOT_RUN in str(raised.value)) == (not ci)  # the loud summary line looks for NOT_RUN


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_works_in_jupyterlab(page, lab_page, lab, name):
    report = check(lab_page, lab, f"notebooks/{name}")
    if report.problems:
        pytest.fail(f"{name} in JupyterLab:\n- " + "\n- ".join(report.problems), pytrace=False)


def test_check_passes_a_working_notebook(page, lab_page, lab):
    report = check(lab_page, lab, "selftest/selftest-working.ipynb")
    assert not report.problems
    assert report.widgets == 3  # the interact, the box with the button, the output the button prints to
    assert len(report.interactions) == 2, report.interactions


def test_check_catches_a_broken_notebook(page, lab_page, lab):
    report = check(lab_page, lab, "selftest/selftest-broken.ipynb", widget_timeout=3)
    text = "\n".join(report.problems)
    missed = [p for p in fixture_notebooks.BROKEN_PROBLEMS if p not in text]
    assert not missed, f"the browser test missed {missed}; it reported:\n{text}"
