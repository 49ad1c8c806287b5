"""make test runs pytest on two worker processes (pytest-xdist); tests/conftest.py decides how they share the tests."""

import pytest
from xdist.remote import Producer

import conftest


def scheduler(config, monkeypatch, dist):
    monkeypatch.setattr(config.option, "dist", dist)
    monkeypatch.setattr(config.option, "tx", ["popen"] * 2)  # what -n 2 sets
    return conftest.pytest_xdist_make_scheduler(config=config, log=Producer("test", enabled=False))


@pytest.mark.parametrize("dist", ["load", "loadscope"])  # load: pytest -n 2 without --dist
def test_a_notebooks_cells_stay_together_and_the_browser_checks_are_shared(pytestconfig, monkeypatch, dist):
    unit = scheduler(pytestconfig, monkeypatch, dist)._split_scope
    cells = {unit(f"notebooks/04-xor.ipynb::Cell {i}") for i in range(30)}
    assert cells == {"notebooks/04-xor.ipynb"}, "nbval needs all cells of a notebook in one kernel, so one worker"
    assert unit("notebooks/06-digits.ipynb::Cell 0") != unit("notebooks/04-xor.ipynb::Cell 0")
    assert unit("tests/test_network.py::test_a") == unit("tests/test_network.py::test_b")
    checks = [f"tests/browser/test_jupyterlab.py::test_notebook_works_in_jupyterlab[0{i}-x.ipynb]" for i in range(7)]
    assert len({unit(check) for check in checks}) == 7


def test_other_distribution_modes_are_left_to_pytest_xdist(pytestconfig, monkeypatch):
    assert scheduler(pytestconfig, monkeypatch, "loadfile") is None
