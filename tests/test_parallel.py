"""make test runs pytest on two worker processes (pytest-xdist); tests/conftest.py decides how they share the tests."""

from xdist.remote import Producer

import conftest


def scheduler(config, monkeypatch, dist):
    monkeypatch.setattr(config.option, "dist", dist, raising=False)  # (also under -p no:xdist)
    monkeypatch.setattr(config.option, "tx", ["popen"] * 2, raising=False)  # what -n 2 sets
    return conftest.pytest_xdist_make_scheduler(config=config, log=Producer("test", enabled=False))


def test_the_default_is_loadscope(pytestconfig):
    assert pytestconfig.getini("addopts")[-2:] == ["--dist", "loadscope"], "pytest -n 2 notebooks/ needs it"


def test_a_notebooks_cells_stay_together_and_the_browser_checks_are_shared(pytestconfig, monkeypatch):
    unit = scheduler(pytestconfig, monkeypatch, "loadscope")._split_scope
    cells = {unit(f"notebooks/04-xor.ipynb::Cell {i}") for i in range(30)}
    assert cells == {"notebooks/04-xor.ipynb"}, "nbval needs all cells of a notebook in one kernel, so one worker"
    assert unit("notebooks/06-digits.ipynb::Cell 0") != unit("notebooks/04-xor.ipynb::Cell 0")
    assert unit("tests/test_network.py::test_a") == unit("tests/test_network.py::test_b")
    checks = [f"tests/browser/test_jupyterlab.py::test_notebook_works_in_jupyterlab[0{i}-x.ipynb]" for i in range(7)]
    assert len({unit(check) for check in checks}) == 7


def test_other_distribution_modes_are_left_to_pytest_xdist(pytestconfig, monkeypatch):
    for dist in ["load", "loadfile"]:
        assert scheduler(pytestconfig, monkeypatch, dist) is None
