"""Benchmarks: how fast the series runs, and how our from-scratch code compares.

Run `make bench` (or `.venv/bin/python benchmarks/run.py`). It measures, prints PASS/FAIL against the
targets below and writes benchmarks/results.md:

1. each notebook's execution time (fresh kernel, Run All) and `make test` without the install;
2. XOR 2-4-1, 10,000 epochs: `Network.train_step` in a loop vs the plain loop in benchmarks/plain_xor.py;
3. the XOR success-rate sweep: all seeds batched vs one network at a time (extrapolated from a sample);
4. digits: `helpers.training.train` vs scikit-learn's MLPClassifier on the same work;
5. every widget's callback (the plain function behind it, with the PNG of its figure, as in JupyterLab).

This is a benchmark, not a test: `make test` does not depend on timing. Timings are medians of several
runs. Notebooks and make test are judged on wall time (waiting is the point); the rest on the smaller of
CPU time (time.process_time) and wall time (time.perf_counter), the best estimate of the time on an idle
machine: the 2 cores of the machine this was written on were shared with other work.
"""

import argparse
import contextlib
import gc
import importlib
import io
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

try:
    import resource  # CPU time of child processes (the notebook kernels); Unix only
except ImportError:  # pragma: no cover
    resource = None

import matplotlib

matplotlib.use("Agg")  # this process only: the notebooks' kernels keep their inline backend
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plain_xor import train_xor_plain  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import run_notebooks  # noqa: E402  (tools/run_notebooks.py)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RESULTS = ROOT / "benchmarks" / "results.md"

# --- targets (issue 10) ------------------------------------------------------------------------
NOTEBOOK_SECONDS = 10.0
SLOW_NOTEBOOK_SECONDS = {"04-xor.ipynb": 30.0, "06-digits.ipynb": 30.0}
MAKE_TEST_SECONDS = 180.0
XOR_RATIO_MAX = 1.0  # our loop's time / the plain loop's time
SWEEP_SPEEDUP_MIN = 20.0  # one at a time / batched
DIGITS_RATIO_MAX = 0.5  # our training time / MLPClassifier's
WIDGET_MS, TRAINING_WIDGET_MS = 100.0, 500.0

# --- the work --------------------------------------------------------------------------------------
XOR_EPOCHS, XOR_ETA, XOR_SEED = 10_000, 0.5, 0
SWEEP = dict(hidden_sizes=(2, 3, 4, 8), etas=(0.1, 0.5, 1.0), n_seeds=200, epochs=10_000)  # notebook 04's sweep
DIGITS = dict(hidden=64, eta=0.1, batch_size=32, epochs=100)
SPLIT_SEED = 0


@dataclass
class Row:
    section: str
    item: str
    measured: str
    target: str = ""
    ok: bool | None = None  # None: information, no target

    @property
    def verdict(self):
        return {True: "PASS", False: "FAIL", None: ""}[self.ok]


ROWS = []


def report(section, item, measured, target="", ok=None):
    row = Row(section, item, measured, target, None if ok is None else bool(ok))
    if not ROWS or ROWS[-1].section != section:
        print(f"\n{section}", flush=True)
    ROWS.append(row)
    print(f"{row.verdict:4}  {item}: {measured}" + (f"   (target {target})" if target else ""), flush=True)
    return row


@dataclass
class Timing:
    cpu: float  # seconds, median
    wall: float

    @property
    def idle(self):
        """The time on an otherwise idle machine, best estimated by the smaller of the two: CPU time when other
        work slows the wall clock, wall time when BLAS threads make CPU time add up faster than the clock."""
        return min(self.cpu, self.wall)


def timed(f, repeats=5, setup=None, first=0):
    """Median CPU and wall seconds of `repeats` calls of f(k) (k = first, first + 1, ...), and the last result.

    setup(k), if given, runs before each call, untimed.
    """
    cpu, wall = [], []
    for k in range(first, first + repeats):
        if setup is not None:
            setup(k)
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        result = f(k)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return Timing(statistics.median(cpu), statistics.median(wall)), result


def timed_pair(f, g, repeats):
    """Like `timed` for two functions, their runs interleaved so that a change in load hits both alike."""
    cpu, wall, results = ([], []), ([], []), [[], []]
    for k in range(repeats):
        for n, h in enumerate((f, g)):
            gc.collect()
            c0, w0 = time.process_time(), time.perf_counter()
            results[n].append(h(k))
            wall[n].append(time.perf_counter() - w0)
            cpu[n].append(time.process_time() - c0)
    return [(Timing(statistics.median(cpu[n]), statistics.median(wall[n])), results[n]) for n in (0, 1)]


def per_call(f, calls=2000, repeats=7):
    """CPU seconds per call of a fast function f(): the median of `repeats` timeit runs of `calls` calls."""
    return statistics.median(timeit.repeat(f, number=calls, repeat=repeats, timer=time.process_time)) / calls


def children_cpu():
    """CPU seconds used so far by finished child processes (kernels, make test)."""
    if resource is None:
        return float("nan")
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def fmt_s(seconds):
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_ms(seconds):
    return f"{1000 * seconds:.0f} ms" if seconds >= 0.01 else f"{1000 * seconds:.1f} ms"


# --- 1. notebooks and make test -----------------------------------------------------------------
SECTION_1 = "1. Notebooks (fresh kernel, Run All) and make test"


def bench_notebooks_and_tests(notebooks=True, make_test=True):
    """`make test` timed; each notebook's Run All time.

    Each notebook is run on its own with nbclient (a fresh kernel, top to bottom: Run All) and not taken from
    make test's nbval run, which shares the two cores with the browser test (pytest -n 2) and so runs slower.
    """
    tests = run_make_test() if make_test else None
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if notebooks else []:
        limit = SLOW_NOTEBOOK_SECONDS.get(path.name, NOTEBOOK_SECONDS)
        wall, cpu, cells, error = run_notebook(path)
        overhead = wall - sum(cells)
        slowest = max(range(len(cells)), key=cells.__getitem__) if cells else None
        measured = (f"{fmt_s(wall)} wall (nbclient; kernel CPU {fmt_s(cpu)}); kernel start and stop "
                    f"{fmt_s(overhead)}" + (f", slowest cell [{slowest}] {fmt_s(cells[slowest])}" if cells else "")
                    + (f"; stopped by {error}" if error else ""))
        report(SECTION_1, path.name, measured, f"< {limit:g} s", wall < limit and error is None)
    if tests:
        report(SECTION_1, "make test without the install (ruff + pytest)", tests["measured"],
               f"< {MAKE_TEST_SECONDS:g} s", tests["wall"] < MAKE_TEST_SECONDS)
        if tests["parts"]:
            report(SECTION_1, "of which (pytest's own times, summed over its two processes)",
                   ", ".join(f"{name} {fmt_s(t)}" for name, t in tests["parts"].items()))
        for line in tests["failed"]:
            report(SECTION_1, "make test failure", line.removeprefix("FAILED "))


def run_notebook(path, cell_timeout=300):
    """Run a notebook top to bottom in a fresh kernel, as Run All does (nbclient, through tools/run_notebooks.py,
    the runner without the widget-cell stall), the stored file untouched.

    Returns (wall seconds, the kernel's CPU seconds, wall seconds of each cell run, error name or None); a stall
    (the client waiting after the kernel had finished a cell) counts as an error.
    """
    cpu0 = children_cpu()
    run = run_notebooks.run_notebook(path, timeout=cell_timeout)
    error = run.error.split(":")[0] if run.error else None
    if run.stalls and error is None:
        error = f"a stall at cell [{run.stalls[0].index}]"
    return run.seconds, children_cpu() - cpu0, [cell.seconds for cell in run.cells], error


def run_make_test():
    """`make test` (ruff, then pytest over tests/ and notebooks/) with the install step skipped (-o .venv/.installed).

    Returns its wall time, a summary, the failed tests, the time per part of the suite and, per notebook, the time
    of each nbval cell, from pytest's JUnit report (each test's setup, call and teardown).
    """
    cmd = ["make", "--no-print-directory", "-o", ".venv/.installed", "test"]
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        env = os.environ | {"PYTEST_ADDOPTS": f"{os.environ.get('PYTEST_ADDOPTS', '')} --junitxml={junit}".strip()}
        cpu0, w0 = children_cpu(), time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
        wall, cpu = time.perf_counter() - w0, children_cpu() - cpu0
        parts, notebooks = junit_times(junit)
    summary = [line.strip("= ") for line in proc.stdout.splitlines() if re.search(r"(passed|failed|error).* in ", line)]
    outcome = summary[-1] if summary else f"exit code {proc.returncode}"
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return {"wall": wall, "measured": f"{fmt_s(wall)} wall (CPU {fmt_s(cpu)}); {outcome}", "failed": failed,
            "parts": parts, "notebooks": notebooks}


def junit_times(path):
    """From a pytest JUnit report: seconds per part of the suite (unit tests, browser test, nbval per notebook, in
    that order), and per notebook the seconds of each nbval cell. Empty dicts if there is no report (pytest did not
    run). make test runs pytest on two processes, so the report lists the tests as they finished, interleaved, and
    the parts add up to more than the wall time."""
    import xml.etree.ElementTree as ET

    try:
        cases = list(ET.parse(path).getroot().iter("testcase"))
    except (OSError, ET.ParseError):
        return {}, {}
    parts, notebooks = {}, {}
    for case in cases:
        name, seconds = case.get("classname", ""), float(case.get("time", 0))
        if name.startswith("tests.browser"):
            part = "browser test"
        elif name.startswith("tests."):
            part = "unit tests"
        else:
            part = "nbval " + name.removeprefix("notebooks.")
            notebooks.setdefault(name.removeprefix("notebooks."), {})[case.get("name")] = seconds
        parts[part] = parts.get(part, 0.0) + seconds
    order = {"unit tests": 0, "browser test": 1}
    return dict(sorted(parts.items(), key=lambda kv: (order.get(kv[0], 2), kv[0]))), dict(sorted(notebooks.items()))


# --- 2. XOR, one network -------------------------------------------------------------------------
def bench_xor():
    from helpers.batched import init_params, train_batch
    from helpers.data import xor_data
    from helpers.network import Network

    section = f"2. XOR 2-4-1, {XOR_EPOCHS:,} epochs, one network"
    X, T = xor_data()

    def ours(k):
        net = Network([2, 4, 1], rng=XOR_SEED)
        losses = [net.train_step(X, T, XOR_ETA) for _ in range(XOR_EPOCHS)]
        return net, losses

    def plain(k):
        start = Network([2, 4, 1], rng=XOR_SEED)  # the same starting weights
        return train_xor_plain(X, T, start.W[0], start.b[0], start.W[1], start.b[1], XOR_ETA, XOR_EPOCHS)

    (t_ours, r_ours), (t_plain, r_plain) = timed_pair(ours, plain, repeats=5)
    net, losses = r_ours[-1]
    (W1, _, W2, _), plain_losses = r_plain[-1]
    diff = max(np.abs(net.W[0] - W1).max(), np.abs(net.W[1] - W2).max(),
               np.abs(np.subtract(losses, plain_losses)).max())
    report(section, "same result (largest difference in weights or losses)", f"{diff:.1e}", "< 1e-9", diff < 1e-9)
    report(section, "ours: Network.train_step in a loop", f"{fmt_ms(t_ours.cpu)} CPU ({fmt_ms(t_ours.wall)} wall)")
    report(section, "plain loop (benchmarks/plain_xor.py)", f"{fmt_ms(t_plain.cpu)} CPU ({fmt_ms(t_plain.wall)} wall)")
    # notebook 04's batched trainer with a batch of one (its widget trains one network this way)
    t, _ = timed(lambda k: train_batch(init_params(4, [XOR_SEED]), X, T, XOR_ETA, XOR_EPOCHS), repeats=5)
    report(section, "helpers.batched.train_batch, one network", f"{fmt_ms(t.cpu)} CPU ({fmt_ms(t.wall)} wall)")
    ratio = t_ours.idle / t_plain.idle
    report(section, "ratio ours / plain", f"{ratio:.2f}", f"≤ {XOR_RATIO_MAX:g}", ratio <= XOR_RATIO_MAX)


# --- 3. the XOR success-rate sweep ---------------------------------------------------------------
def bench_sweep(per_size=2):
    """Notebook 04's sweep, batched as the notebook runs it, against one `Network` at a time.

    One at a time is too slow to run in full: `per_size` runs of each hidden size (spread over the learning
    rates) are timed and their mean time per run is multiplied by the number of runs of that size.
    """
    from helpers.batched import init_params, train_batch
    from helpers.data import xor_data
    from helpers.network import Network

    section = "3. XOR success-rate sweep (notebook 04)"
    X, T = xor_data()
    sizes, etas, epochs = SWEEP["hidden_sizes"], SWEEP["etas"], SWEEP["epochs"]
    seeds = np.tile(np.arange(SWEEP["n_seeds"]), len(etas))  # every seed with every learning rate
    eta_of = np.repeat(etas, SWEEP["n_seeds"])
    runs = len(sizes) * len(seeds)
    what = f"hidden sizes {', '.join(map(str, sizes))} × η {', '.join(map(str, etas))} × {SWEEP['n_seeds']} seeds"

    gc.collect()
    c0, w0 = time.process_time(), time.perf_counter()
    sweep = {H: train_batch(init_params(H, seeds), X, T, eta=eta_of, epochs=epochs, history=False) for H in sizes}
    batched = Timing(time.process_time() - c0, time.perf_counter() - w0)

    one_cpu, one_wall, diff = 0.0, 0.0, 0.0
    for H in sizes:
        picks = np.linspace(0, len(seeds) - 1, per_size).round().astype(int)
        t, nets = timed(lambda k, H=H, picks=picks: xor_network(Network, H, seeds[picks[k]], eta_of[picks[k]],
                                                                  epochs, X, T), repeats=per_size)
        one_cpu, one_wall = one_cpu + t.cpu * len(seeds), one_wall + t.wall * len(seeds)
        p = sweep[H].params
        diff = max(diff, np.abs(nets.W[0] - p.W1[picks[-1]]).max(), np.abs(nets.W[1] - p.W2[picks[-1]]).max())
    one = Timing(one_cpu, one_wall)
    rates = ", ".join(f"H = {H}: {sweep[H].success.mean():.0%}" for H in sizes)
    report(section, f"{runs:,} runs of {epochs:,} epochs ({what})", f"success rate {rates}")
    report(section, "same result (one at a time vs batched, largest weight difference)", f"{diff:.1e}", "< 1e-9",
           diff < 1e-9)
    report(section, "batched (helpers.batched.train_batch, one call per hidden size)",
           f"{batched.cpu:.1f} s CPU ({batched.wall:.1f} s wall), {1000 * batched.cpu / runs:.1f} ms per run")
    report(section, f"one Network at a time (extrapolated from {per_size * len(sizes)} timed runs)",
           f"{one.cpu:.0f} s CPU ({one.wall:.0f} s wall), {1000 * one.cpu / runs:.0f} ms per run")
    speedup = one.idle / batched.idle
    report(section, "speed-up batched vs one at a time", f"{speedup:.0f}×", f"≥ {SWEEP_SPEEDUP_MIN:g}×",
           speedup >= SWEEP_SPEEDUP_MIN)


def xor_network(Network, H, seed, eta, epochs, X, T):
    """One 2-H-1 network trained on XOR with full-batch steps: the sweep's work for one run, one at a time."""
    net = Network([2, H, 1], rng=int(seed))
    for _ in range(epochs):
        net.train_step(X, T, eta)
    return net


# --- 4. digits: our network vs scikit-learn --------------------------------------------------------
def bench_digits(repeats=5):
    from helpers.data import digits_split
    from helpers.network import Network
    from helpers.training import fit_sklearn_mlp, predict, train

    d = DIGITS
    section = (f"4. Digits 64-{d['hidden']}-10, ReLU + softmax, plain SGD, batch {d['batch_size']}, "
               f"η = {d['eta']:g}, {d['epochs']} epochs")
    data = digits_split(SPLIT_SEED)

    def ours(seed):
        net = Network([64, d["hidden"], 10], ["relu", "softmax"], loss="cce", init="xavier", rng=seed)
        train(net, data.X_train, data.y_train, epochs=d["epochs"], eta=d["eta"], batch_size=d["batch_size"],
              rng=seed)
        return net

    def sklearn(seed):
        clf, _, _ = fit_sklearn_mlp(data.X_train, data.y_train, hidden=d["hidden"], eta=d["eta"],
                                    batch_size=d["batch_size"], epochs=d["epochs"], seed=seed)
        return clf

    (t_ours, nets), (t_sk, clfs) = timed_pair(ours, sklearn, repeats)  # training only; testing below
    acc_ours = float(np.mean([np.mean(predict(net, data.X_test) == data.y_test) for net in nets]))
    acc_sk = float(np.mean([clf.score(data.X_test, data.y_test) for clf in clfs]))
    split = f"{len(data.X_train)} training rows, {len(data.X_test)} test rows"
    report(section, f"ours: helpers.training.train ({split})",
           f"{t_ours.cpu:.2f} s CPU ({t_ours.wall:.2f} s wall), test accuracy {acc_ours:.2%}")
    report(section, "MLPClassifier (helpers.training.fit_sklearn_mlp)",
           f"{t_sk.cpu:.2f} s CPU ({t_sk.wall:.2f} s wall), test accuracy {acc_sk:.2%}")
    ratio = t_ours.idle / t_sk.idle
    report(section, "time ratio ours / MLPClassifier", f"{ratio:.2f}", f"≤ {DIGITS_RATIO_MAX:g}",
           ratio <= DIGITS_RATIO_MAX)
    report(section, f"test accuracy, mean over seeds 0-{repeats - 1}",
           f"ours {acc_ours:.2%}, MLPClassifier {acc_sk:.2%}", "ours ≥ MLPClassifier", acc_ours >= acc_sk)


# --- 5. widgets ------------------------------------------------------------------------------------
RENDER_SECONDS = []  # (CPU, wall) seconds spent drawing PNGs, one entry per figure drawn


def render_png(fig):
    """Draw fig to PNG as JupyterLab's inline backend does (IPython's print_figure, bbox_inches="tight")."""
    from IPython.core.pylabtools import print_figure

    c0, w0 = time.process_time(), time.perf_counter()
    print_figure(fig, "png", bbox_inches="tight")  # the inline backend's default print_figure_kwargs
    RENDER_SECONDS.append((time.process_time() - c0, time.perf_counter() - w0))


def render_open_figures(*args, **kwargs):
    """Stands in for plt.show() with the inline backend: every open figure drawn to PNG, then closed."""
    for number in plt.get_fignums():
        render_png(plt.figure(number))
    plt.close("all")


def render_displayed(obj, *args, **kwargs):
    """Stands in for IPython's display(): a Figure is drawn to PNG as the inline backend would; anything else (an
    Image that `show_figure` has drawn already, text) needs no more work."""
    if isinstance(obj, matplotlib.figure.Figure):
        render_png(obj)


def timed_show_figure(show_figure):
    """helpers.widgets.show_figure, with the time it spends drawing the PNG recorded in RENDER_SECONDS."""
    def show(fig, *args, **kwargs):
        c0, w0 = time.process_time(), time.perf_counter()
        show_figure(fig, *args, **kwargs)
        RENDER_SECONDS.append((time.process_time() - c0, time.perf_counter() - w0))
    return show


def one_blas_thread(f, *args):
    """f(*args) with one BLAS thread, as notebook 05 sets it up."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return f(*args)


@dataclass
class WidgetCase:
    widget: str  # the function in helpers.widgets that builds the widget
    action: str  # what the learner does
    callback: object  # f(k) for call k = -1 (warm-up), 0, 1, ...: the plain function behind the widget, a new
    #                   setting each time where the widget caches results
    trains: bool = False  # trains a network: the 500 ms target
    setup: object = None  # setup(k), untimed, before the k-th call


def widget_cases():
    """Every widget of the series, with the plain function its callback runs."""
    from helpers import widgets as w
    from helpers.data import digits_split, one_hot, xor_data
    from helpers.network import Network

    cases = [
        WidgetCase("neuron_widget", "move w or b (notebook 00)", lambda k: w.show_neuron(0.5 + 0.1 * k, -1.0)),
        WidgetCase("neuron_widget", "move w or b, unsaturated window shaded",
                   lambda k: w.show_neuron(0.5 + 0.1 * k, -1.0, a_sat=4.0)),
        WidgetCase("neuron_slope_widget", "move w or b: output and slope σ' (notebook 01)",
                   lambda k: w.show_neuron_slope(0.5 + 0.1 * k, -1.0, a_sat=5.9864)),
    ]
    box = w.backprop_stepper_widget()  # the real buttons; their callback draws into an Output widget
    buttons, stepper = {b.description: b for b in box.children[0].children}, box.stepper
    before = {"Forward": [], "Backward": ["forward"], "Update": ["forward", "backward"],
              "Reset": ["forward", "backward", "update"]}  # the steps that enable each button
    for name, steps in before.items():
        def setup(k, steps=steps):
            stepper.reset()
            for step in steps:
                stepper.do(step)

        cases.append(WidgetCase("backprop_stepper_widget", f"press {name} (notebook 02)",
                                lambda k, name=name: buttons[name].click(), setup=setup))
    X, T = xor_data()
    net = Network([2, 4, 1], rng=0)
    cases.append(WidgetCase("weight_slice_widget", "pick a weight or a span (notebook 03)",
                            lambda k: w.show_weight_slice(net, X, T, 0, 1, 1, span=2.0 + k)))
    # notebook 04: a new seed each call, since the widget caches its runs
    cases.append(WidgetCase("xor_widget", "release a slider, default setting (notebook 04)",
                            lambda k: w.show_xor_training(seed=100 + k), trains=True))
    cases.append(WidgetCase("xor_widget", "slowest setting: H = 8, 10,000 epochs (notebook 04)",
                            lambda k: w.show_xor_training(H=8, seed=100 + k, epochs=10_000), trains=True))
    digits = digits_split(0)  # notebook 05 measures on the first 256 training rows, with one BLAS thread
    X5, T5 = digits.X_train[:256], one_hot(digits.y_train[:256], 10)

    def gradient_profile(depth):
        return lambda k: one_blas_thread(w.show_gradient_profile, depth, ("sigmoid", "tanh", "relu")[k % 3],
                                         "xavier", X5, T5)

    cases.append(WidgetCase("gradient_widget", "move a slider, default depth 10 (notebook 05)", gradient_profile(10)))
    cases.append(WidgetCase("gradient_widget", "deepest setting, 30 hidden layers (notebook 05)",
                            gradient_profile(30)))
    cases.append(WidgetCase("digits_widget", "release a slider, default setting (notebook 06)",
                            lambda k: w.show_digits_training(eta=(0.1, 0.3)[k % 2]), trains=True))
    cases.append(WidgetCase("digits_widget", "slowest setting: hidden 128, batch 8 (notebook 06)",
                            lambda k: w.show_digits_training(hidden=128, eta=(0.1, 0.3)[k % 2], batch_size=8),
                            trains=True))
    return cases


def bench_widgets(repeats=5, quiet=False):
    """Section 5; returns {case: idle seconds}. quiet: measure only (for the before/after run of old helpers)."""
    from helpers import widgets as w

    section = "5. Widget callbacks (figure drawn to PNG as in JupyterLab)"
    show_figure = getattr(w, "show_figure", None)  # None in older helpers, whose widgets called plt.show()
    owner = w if hasattr(w, "display") else importlib.import_module("helpers.figures")  # display()'s module
    saved = plt.show, owner.display, show_figure
    plt.show, owner.display = render_open_figures, render_displayed
    if show_figure:
        w.show_figure = timed_show_figure(show_figure)
    measured = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the callbacks' printed numbers (and clear_output's)
            cases = widget_cases()
        for case in cases:
            n = 3 if case.trains else repeats
            with contextlib.redirect_stdout(io.StringIO()):
                if case.setup:
                    case.setup(-1)
                case.callback(-1)  # warm-up: imports, font cache, the digits data
                RENDER_SECONDS.clear()
                t, _ = timed(case.callback, repeats=n, setup=case.setup)
                png = min(sum(c for c, _ in RENDER_SECONDS), sum(w for _, w in RENDER_SECONDS)) / n  # mean per call
            key = f"{case.widget}: {case.action}"
            measured[key] = WIDGET_SECONDS[key] = t.idle
            if quiet:
                continue
            limit = TRAINING_WIDGET_MS if case.trains else WIDGET_MS
            report(section, key, f"{fmt_ms(t.idle)} (CPU {fmt_ms(t.cpu)}, wall {fmt_ms(t.wall)}), of which drawing "
                   f"the PNG {fmt_ms(png)}", f"< {limit:g} ms", 1000 * t.idle < limit)
    finally:
        plt.show, owner.display = saved[:2]
        if show_figure:
            w.show_figure = show_figure
        plt.close("all")
    missing = sorted({name for name in dir(w) if name.endswith("_widget")} - {case.widget for case in cases})
    if missing and not quiet:
        report(section, "widgets without a benchmark", ", ".join(missing), "none (add them to widget_cases)", False)
    return measured


WIDGET_SECONDS = {}  # section 5's results, for the before/after section


def widgets_at(commit):
    """Section 5's times for the helpers package as of a git commit ({case: seconds}); None without git history.

    The old package is extracted to a temporary folder and timed in a child process (two packages named
    helpers cannot share one process).
    """
    import json

    with tempfile.TemporaryDirectory() as folder:
        try:
            archive = subprocess.run(["git", "archive", commit, "helpers"], cwd=ROOT, capture_output=True,
                                     check=True).stdout
            subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        out = Path(folder) / "widgets.json"
        subprocess.run([sys.executable, __file__, "--helpers-from", folder, "--widgets-json", str(out)], check=True)
        return json.loads(out.read_text())


# --- before/after ----------------------------------------------------------------------------------
def bench_before_after(repeats=5):
    """Changes made for speed, measured live: the old way against the current one."""
    from helpers import network
    from helpers.data import digits_split
    from helpers.network import Network
    from helpers.training import train

    section = "Before/after"
    a = np.random.default_rng(0).normal(size=(DIGITS["batch_size"], DIGITS["hidden"]))
    old = lambda a, o: np.heaviside(a, 0.0)  # noqa: E731
    new = lambda a, o: (a > 0).astype(a.dtype)  # noqa: E731
    us = [1e6 * per_call(lambda f=f: f(a, None)) for f in (old, new)]
    report(section, f"ReLU derivative on a ({DIGITS['batch_size']}, {DIGITS['hidden']}) array: "
           "np.heaviside(a, 0) → (a > 0).astype(a.dtype)", f"{us[0]:.1f} µs → {us[1]:.1f} µs per call")
    data = digits_split(SPLIT_SEED)
    relu = network.ACTIVATIONS["relu"]

    def digits_with(derivative):
        def run(k):
            network.ACTIVATIONS["relu"] = (relu[0], derivative)
            try:
                net = Network([64, DIGITS["hidden"], 10], ["relu", "softmax"], loss="cce", init="xavier", rng=k)
                train(net, data.X_train, data.y_train, epochs=DIGITS["epochs"], eta=DIGITS["eta"],
                      batch_size=DIGITS["batch_size"], rng=k)
            finally:
                network.ACTIVATIONS["relu"] = relu
        return run

    (t_old, _), (t_new, _) = timed_pair(digits_with(old), digits_with(new), 3)
    report(section, "digits training (section 4's work) with each ReLU derivative",
           f"{t_old.cpu:.2f} s → {t_new.cpu:.2f} s CPU")
    before = network_at(FIRST_NETWORK)
    if before is None:
        report(section, f"XOR loop (section 2's work) with network.py as of {FIRST_NETWORK}",
               "not measured: that commit is not in this clone's history")
        return
    from helpers.data import xor_data

    X, T = xor_data()

    def xor_with(module):
        def run(k):
            net = module.Network([2, 4, 1], rng=XOR_SEED)
            for _ in range(XOR_EPOCHS):
                net.train_step(X, T, XOR_ETA)
        return run

    (t_old, _), (t_new, _) = timed_pair(xor_with(before), xor_with(network), 3)
    report(section, f"XOR loop (section 2's work): network.py of the first commit ({FIRST_NETWORK}) → now",
           f"{fmt_ms(t_old.cpu)} → {fmt_ms(t_new.cpu)} CPU ({t_old.cpu / t_new.cpu:.1f}× faster)")
    bench_widgets_before_after(section)


BEFORE_WIDGETS = "1372ce0"  # the last commit whose widgets drew with plt.show() (tight crop) and a Δw colour bar


def bench_widgets_before_after(section):
    """Section 5's callbacks timed with the helpers of BEFORE_WIDGETS and with today's."""
    before = widgets_at(BEFORE_WIDGETS)
    if before is None:
        report(section, f"widget callbacks with the helpers of {BEFORE_WIDGETS}",
               "not measured: that commit is not in this clone's history")
        return
    now = WIDGET_SECONDS or bench_widgets(quiet=True)
    for key, seconds in now.items():
        if key in before:
            report(section, f"{key}: helpers of {BEFORE_WIDGETS} → now",
                   f"{fmt_ms(before[key])} → {fmt_ms(seconds)} ({before[key] / seconds:.1f}× faster)")


FIRST_NETWORK = "7bdb7a7"  # the foundation's network.py, before train_step was made faster


def network_at(commit):
    """helpers/network.py as of a git commit, loaded as a module of the helpers package; None without git history."""
    import importlib.util

    try:
        source = subprocess.run(["git", "show", f"{commit}:helpers/network.py"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("helpers._network_before", None))
    module.__package__ = "helpers"  # its relative imports (from .activations ...) use today's helpers
    exec(compile(source, f"{commit}:helpers/network.py", "exec"), module.__dict__)
    return module


# --- machine and results.md -------------------------------------------------------------------------
def machine():
    import importlib.metadata as md

    from threadpoolctl import threadpool_info

    cpu = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        names = re.findall(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = names[0] if names else cpu
    versions = []
    for package in ("numpy", "scipy", "scikit-learn", "matplotlib", "ipywidgets", "ipykernel", "nbclient", "pytest",
                    "nbval"):
        with contextlib.suppress(md.PackageNotFoundError):
            versions.append(f"{package} {md.version(package)}")
    blas = sorted({f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
                   for i in threadpool_info() if i.get("user_api") == "blas"})
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "os": platform.platform(),
        "versions": ", ".join(versions), "blas": ", ".join(blas) or "unknown",
        "commit": commit.stdout.strip() or "unknown",
    }


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def write_results(path, info, load_start, load_end, seconds):
    n_pass, n_fail = sum(r.ok is True for r in ROWS), sum(r.ok is False for r in ROWS)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `benchmarks/run.py` (`make bench`) on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC "
        f"at commit `{info['commit']}`, in {seconds:.0f} s. **{n_pass} PASS, {n_fail} FAIL.**",
        "",
        f"- Machine: {info['cores']} cores, {info['cpu']}; {info['os']}.",
        f"- Load average (1, 5, 15 min): {load_start} at the start, {load_end} at the end. "
        "A load above the core count means other work shared the CPU: wall times then grow, CPU times much less.",
        f"- Python {info['python']}; {info['versions']}; BLAS: {info['blas']}.",
        "- Times are medians of several runs. CPU = `time.process_time` of this process (all its threads), or of "
        "the child processes for kernels and make test; wall = `time.perf_counter`. Notebooks and make test are "
        "judged on wall time (waiting is the point); the rest on the smaller of CPU and wall time, the best "
        "estimate of the time on an idle machine (other work inflates wall time, BLAS threads CPU time).",
        "",
    ]
    section = None
    for row in ROWS:
        if row.section != section:
            section = row.section
            lines += ["", f"## {section}", "", "| what | measured | target | result |", "|---|---|---|---|"]
        lines.append(f"| {row.item} | {row.measured} | {row.target} | {row.verdict} |")
    path.write_text("\n".join(lines) + "\n" + NOTES, encoding="utf-8")


NOTES = """
## How to read this

- Reproduce: `make bench` (creates `.venv` first if needed), or `.venv/bin/python benchmarks/run.py`;
  `--only xor digits` runs some sections, `--no-write` leaves this file alone.
- `make test` is timed as `make -o .venv/.installed test`: ruff, then pytest on two processes (`-n 2`) over
  `tests/` (with the browser test) and `notebooks/` (strict nbval), without the install step. The parts come
  from pytest's JUnit report; they overlap in time, so they add up to more than the wall time.
- Notebooks: each is run on its own by nbclient, top to bottom in a fresh kernel (Run All), after make test;
  "kernel CPU" is the kernel process's CPU time, and "kernel start and stop" the time outside the cells.
- XOR: both loops start from the same weights and must end with the same weights and losses (first row).
- Sweep: the batched run is notebook 04's sweep as the notebook runs it (one `train_batch` call per hidden size);
  one network at a time would take many minutes, so a sample of runs of each hidden size is timed and
  multiplied by the number of runs; the sample's weights must equal the batched run's.
- Digits: both train on the same split (`digits_split(0)`), seeds 0, 1, 2, ... for the initial weights and the
  shuffling, no validation during training; the test accuracy is the mean over those seeds.
- Widget callbacks: the plain function behind each widget is called with a new setting each time (the stepper:
  its real buttons are clicked). The widgets show their figures with `helpers.widgets.show_figure`, which draws
  the PNG itself, so that is timed as it is; a figure shown with `plt.show()` or `display(fig)` (the helpers
  before `show_figure`) is drawn as JupyterLab's inline backend draws it, with IPython's `print_figure(fig,
  "png", bbox_inches="tight")`. The first call (imports, font cache, loading data) is a warm-up and not counted.
  - The first number is the smaller of CPU and wall time (see above; the XOR widget's CPU time can run ahead of
    the clock when a large matrix product wakes a second BLAS thread).
  - "of which drawing the PNG": matplotlib's share; what is left is the helpers' own work (and building the
    figure). With `bbox_inches="tight"` a figure is laid out twice, once to find the tight bounding box and once
    to draw it, which is why the widgets stopped using it.
- Before/after: the slower way is measured live next to the current one (an old `network.py` is read from git
  history; for the widgets, the whole `helpers` package of an older commit is extracted and timed in a child
  process), so these numbers come from the same machine and the same run as the rest.
"""


SECTIONS = ("notebooks", "test", "xor", "sweep", "digits", "widgets", "before-after")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, help="run only these sections")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results (markdown)")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write the results file")
    parser.add_argument("--helpers-from", type=Path, help=argparse.SUPPRESS)  # a folder holding an old helpers/
    parser.add_argument("--widgets-json", type=Path, help=argparse.SUPPRESS)  # only section 5's times, to this file
    args = parser.parse_args(argv)
    if args.widgets_json:  # the child process of widgets_at
        import json

        sys.path.insert(0, str(args.helpers_from or ROOT))
        args.widgets_json.write_text(json.dumps(bench_widgets(quiet=True)))
        return 0
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # as the Makefile sets them
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    info, load_start, start = machine(), load(), time.perf_counter()
    print(f"{info['cores']} cores, {info['cpu']}, load average {load_start}; {info['versions']}", flush=True)
    if "notebooks" in args.only or "test" in args.only:
        bench_notebooks_and_tests("notebooks" in args.only, "test" in args.only)
    steps = {"xor": bench_xor, "sweep": bench_sweep, "digits": bench_digits,
             "widgets": bench_widgets, "before-after": bench_before_after}
    for name in SECTIONS:
        if name in args.only and name in steps:
            steps[name]()
    seconds, load_end = time.perf_counter() - start, load()
    n_fail = sum(r.ok is False for r in ROWS)
    print(f"\n{sum(r.ok is True for r in ROWS)} PASS, {n_fail} FAIL in {seconds:.0f} s; load average {load_end}")
    if not args.no_write:
        write_results(args.output, info, load_start, load_end, seconds)
        print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
