"""The benchmark's own pieces (benchmarks/): its plain baseline does the same work as Network, and every widget
of the series has a benchmark case. The timings themselves are not tested: `make bench` reports them."""

import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import widgets
from helpers.data import xor_data
from helpers.network import Network

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import run  # noqa: E402
from plain_xor import train_xor_plain  # noqa: E402


@pytest.mark.parametrize("eta", [0.1, 0.5])
def test_plain_loop_trains_exactly_like_network(eta):
    X, T = xor_data()
    net = Network([2, 4, 1], rng=3)
    (W1, b1, W2, b2), losses = train_xor_plain(X, T, net.W[0], net.b[0], net.W[1], net.b[1], eta, 300)
    expected = [net.train_step(X, T, eta) for _ in range(300)]
    np.testing.assert_allclose(losses, expected, rtol=0, atol=1e-12)
    for ours, plain in zip([net.W[0], net.b[0], net.W[1], net.b[1]], [W1, b1, W2, b2]):
        np.testing.assert_allclose(plain, ours, rtol=0, atol=1e-12)


def test_plain_loop_leaves_its_inputs_alone():
    X, T = xor_data()
    W1, W2 = np.ones((2, 4)), np.ones((4, 1))
    train_xor_plain(X, T, W1, np.zeros(4), W2, np.zeros(1), 0.5, 10)
    assert (W1 == 1).all() and (W2 == 1).all()


def test_every_widget_has_a_benchmark_case():
    built = {name for name in dir(widgets) if name.endswith("_widget") and callable(getattr(widgets, name))}
    benchmarked = {case.widget for case in run.widget_cases()}
    assert built - benchmarked == set(), "add these widgets to widget_cases in benchmarks/run.py"
    assert benchmarked <= built, "widget_cases names a widget that helpers.widgets no longer has"


def test_time_by_part_reads_a_junit_report(tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.test_network" name="test_a" time="1.5"/>'
        '<testcase classname="tests.browser.test_jupyterlab" name="test_b" time="20"/>'
        '<testcase classname="notebooks.01-sigmoid.ipynb" name="Cell 0" time="1.25"/>'
        '<testcase classname="notebooks.01-sigmoid.ipynb" name="Cell 1" time="0.5"/>'
        "</testsuite></testsuites>", encoding="utf-8")
    parts, notebooks = run.junit_times(report)
    assert parts == {"unit tests": 1.5, "browser test": 20.0, "nbval 01-sigmoid.ipynb": 1.75}
    assert notebooks == {"01-sigmoid.ipynb": {"Cell 0": 1.25, "Cell 1": 0.5}}
    assert run.junit_times(tmp_path / "missing.xml") == ({}, {})


def test_time_by_part_comes_in_a_fixed_order_from_a_parallel_run(tmp_path):
    report = tmp_path / "junit.xml"  # pytest -n 2 (make test) lists the tests as they finish, from both workers
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="notebooks.02-worked-example.ipynb" name="Cell 0" time="1"/>'
        '<testcase classname="tests.browser.test_jupyterlab" name="test_b" time="20"/>'
        '<testcase classname="notebooks.01-sigmoid.ipynb" name="Cell 0" time="2"/>'
        '<testcase classname="tests.test_network" name="test_a" time="3"/>'
        '<testcase classname="notebooks.02-worked-example.ipynb" name="Cell 1" time="4"/>'
        "</testsuite></testsuites>", encoding="utf-8")
    parts, notebooks = run.junit_times(report)
    assert list(parts.items()) == [("unit tests", 3.0), ("browser test", 20.0), ("nbval 01-sigmoid.ipynb", 2.0),
                                   ("nbval 02-worked-example.ipynb", 5.0)]
    assert list(notebooks) == ["01-sigmoid.ipynb", "02-worked-example.ipynb"]
    assert notebooks["02-worked-example.ipynb"] == {"Cell 0": 1.0, "Cell 1": 4.0}
