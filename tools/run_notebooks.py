"""Run notebooks with nbclient without the widget-cell stall: the one runner for `make execute`, `make soak`,
`benchmarks/run.py` and any future grader or site builder (import `notebook_client` or `run_notebook` from here).

The stall (issue 20; upstream jupyter/nbclient#312): nbclient waits for a cell's execute_reply by awaiting a poll
of its asyncio (zmq.asyncio) shell socket. nbclient's stand-in for an ipywidgets Output widget sends a comm_msg to
the kernel on that same socket each time the kernel prints into the widget, and jupyter_client's Session.send
sends through a plain, blocking shadow of the asyncio socket. A zmq socket's file descriptor signals "look at
me" only on an edge, and a blocking send processes the socket's pending commands, so when the execute_reply
arrives in the very millisecond of that send, the send consumes the edge and asyncio is never woken for the
reply: the reply sits in the socket until the poll's timeout (the cell timeout), and then the run goes on.
The stand-in sends the widget's whole output list back each time, so a large last output (notebook 04's
`xor_widget();` draws a 3-panel figure, the largest widget output of the series, and its kernel replies at
once after it: a cache hit) keeps the client busy sending while the reply comes in. tests/test_run_notebooks.py
reproduces the lost wake-up deterministically on two plain sockets; `repro` below on a notebook.

The fix, here: after every send on the shell channel, read the socket's zmq.EVENTS through the asyncio socket,
which makes pyzmq look again and wake any waiting poll (pyzmq's documented way to re-arm an edge-triggered
socket); and, as a safety net, wait for shell replies in slices of at most POLL_SLICE seconds, each ending with a
non-blocking look at the socket, so that a lost wake-up of any other origin costs at most that long.
The kernel had the same bug on its side of the socket in ipykernel 7.0-7.3 (a request arriving while it sent a
reply stayed unread: the next cell never started); pyproject.toml asks for an ipykernel without it.

Command line:
  python tools/run_notebooks.py execute [--timeout S] NOTEBOOK...       run each, store its outputs in place
  python tools/run_notebooks.py soak [--runs N] [--timeout S] NOTEBOOK...  run each N times, report stalls and
                                                                           outputs that differ between runs
  python tools/run_notebooks.py repro [--runs N] [--cells N] [--stock]   the minimal reproduction (no helpers)
"""

import argparse
import contextlib
import datetime
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import nbformat
import zmq
from nbclient import NotebookClient
from nbclient.util import run_sync

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
POLL_SLICE = 1.0  # seconds: the longest a lost wake-up can delay a reply
LATE_SECONDS = 0.1  # a message found at the end of a slice this long after the kernel sent it had lost its wake-up
STALL_SECONDS = 2.0  # a cell whose client waited this long after the kernel had finished it has stalled
IGNORE_OUTPUT = "nbval-ignore-output"  # the tag of widget and timing cells (strict nbval does not compare them)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def guard_shell_channel(channel, rearm=True):
    """Make an asyncio shell channel (jupyter_client's AsyncZMQSocketChannel) lose no wake-up: re-arm its socket
    after every send, and wait for a message in slices of at most POLL_SLICE seconds. Returns the channel, whose
    `late_wakeups` counts the messages that only the end of a slice found (0 when the re-arm does its work).
    rearm=False leaves the sends alone (the safety net alone, to measure it)."""
    send, get_msg = channel.send, channel.get_msg
    channel.late_wakeups, channel.late_wakeup_details = 0, []

    def rearming_send(msg):
        send(msg)
        channel.socket.get(zmq.EVENTS)  # pyzmq: reading EVENTS schedules the waiting futures if a message is in

    async def sliced_get_msg(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else max(0.0, deadline - time.monotonic())
            start = time.monotonic()
            try:
                msg = await get_msg(timeout=min(POLL_SLICE, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise
                continue
            age = time.time() - _kernel_time(msg["header"]["date"])
            if time.monotonic() - start >= POLL_SLICE * 0.99 and age >= LATE_SECONDS:
                # found by the look at the end of a slice, long after it came: its wake-up was lost
                channel.late_wakeups += 1
                channel.late_wakeup_details.append(f"{msg['msg_type']} sent by the kernel {age:.2f} s before")
            return msg

    channel.get_msg = sliced_get_msg
    if rearm:
        channel.send = rearming_send
    return channel


class ReliableNotebookClient(NotebookClient):
    """nbclient's NotebookClient with the shell channel guarded (see the module's docstring)."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        guard_shell_channel(kc.shell_channel)
        return kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)  # what setup_kernel calls


def notebook_client(nb, path=None, timeout=300, stock=False, **kwargs):
    """A client that runs `nb` as Run All does in JupyterLab: a fresh python3 kernel started in the notebook's
    folder, `timeout` seconds per cell; widget state stored in the notebook's metadata (nbclient's default);
    consecutive stream outputs merged (the kernel splits long prints at random points, as nbval knows).
    stock=True: nbclient's own client, unguarded (for the reproduction)."""
    kwargs.setdefault("kernel_name", "python3")
    kwargs.setdefault("coalesce_streams", True)  # one stream output per cell and stream, however the kernel split it
    if path is not None:
        kwargs.setdefault("resources", {"metadata": {"path": str(Path(path).resolve().parent)}})
    return (NotebookClient if stock else ReliableNotebookClient)(nb, timeout=timeout, **kwargs)


@dataclass
class CellRun:
    index: int
    seconds: float  # wall time in the client, from sending the cell to having all its output
    waited: float | None  # of which after the kernel's last message (reply and idle status); None: not timed


@dataclass
class NotebookRun:
    path: Path
    nb: nbformat.NotebookNode  # with the outputs of this run
    cells: list = field(default_factory=list)  # CellRun per code cell run
    error: str | None = None  # the exception that stopped the run, if one did
    seconds: float = 0.0
    late_wakeups: int = 0
    late_wakeup_details: list = field(default_factory=list)

    @property
    def stalls(self):
        return [c for c in self.cells if c.waited is not None and c.waited >= STALL_SECONDS]


def _kernel_time(stamp):
    """Seconds since the epoch of a message date (a datetime, or its ISO text as nbclient stores it)."""
    if isinstance(stamp, datetime.datetime):
        return stamp.timestamp()
    return datetime.datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).timestamp()


def run_notebook(path, timeout=300, nb=None, stock=False, quiet_kernel=True, **kwargs):
    """Run a notebook top to bottom in a fresh kernel; the file is not written. Returns a NotebookRun: its outputs,
    the wall time of each cell and, per cell, how long the client waited after the kernel's last message for the
    cell (a stall when that is STALL_SECONDS or more). A cell error or timeout ends the run (NotebookRun.error)."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    client = notebook_client(nb, path, timeout=timeout, stock=stock, record_timing=True, **kwargs)
    run = NotebookRun(path, nb)
    start = time.perf_counter()
    stderr = subprocess.DEVNULL if quiet_kernel else None  # the kernel's own log lines, not the cells' stderr
    try:
        with client.setup_kernel(stderr=stderr):
            info = client.wait_for_reply(client.kc.kernel_info())  # as NotebookClient.execute does
            nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                t0 = time.perf_counter()
                try:
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                finally:
                    seconds = time.perf_counter() - t0
                    stamps = dict(cell.metadata.get("execution", {}))
                    done = [_kernel_time(stamps[k]) for k in ("shell.execute_reply", "iopub.status.idle")
                            if k in stamps]  # the kernel's clock: the same machine's
                    waited = time.time() - max(done) if "shell.execute_reply" in stamps else None
                    run.cells.append(CellRun(index, seconds, waited))
            run.late_wakeups = getattr(client.kc.shell_channel, "late_wakeups", 0)
            run.late_wakeup_details = getattr(client.kc.shell_channel, "late_wakeup_details", [])
            client.set_widgets_metadata()
        for cell in nb.cells:  # the timings were for us, not for the file
            cell.metadata.pop("execution", None)
    except Exception as e:  # noqa: BLE001 (reported to the caller, who decides)
        what = f"{e.ename}: {e.evalue}" if hasattr(e, "ename") else (str(e).strip().splitlines() or [""])[0]
        where = f" in cell [{run.cells[-1].index}]" if run.cells else ""
        run.error = f"{type(e).__name__}{where}: {what}"
    run.seconds = time.perf_counter() - start
    return run


def execute_in_place(path, timeout=300):
    """What `make execute` does to one notebook: run it and store its outputs (and widget state) in the file,
    with execution counts 1..N and no timing metadata. Raises RuntimeError if a cell failed or the run stalled."""
    run = run_notebook(path, timeout=timeout)
    if run.error:
        raise RuntimeError(f"{Path(path).name}: {run.error}")
    nbformat.write(run.nb, path)
    return run


# --- comparing the outputs of two runs ---------------------------------------------------------------------------

def _sanitizers():
    """The replacements of tests/nbval-sanitize.cfg (output that legitimately differs from run to run)."""
    text = (ROOT / "tests" / "nbval-sanitize.cfg").read_text(encoding="utf-8")
    return re.findall(r"^regex: (.*)\nreplace: (.*)$", text, flags=re.M)


def _canonical(value, sanitizers):
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    for pattern, replacement in sanitizers:
        text = re.sub(pattern, replacement, text)
    return text


def _merged_streams(outputs):
    """Consecutive outputs of the same stream as one (the kernel splits a print's text at random points)."""
    merged = []
    for output in outputs:
        output = dict(output)
        previous = merged[-1] if merged else {}
        if output.get("output_type") == previous.get("output_type") == "stream" and output.get("name") == \
                previous.get("name"):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def _without_images(output):
    """An output without its metadata, execution count and image data (what strict nbval leaves out too)."""
    kept = {k: v for k, v in output.items() if k not in ("metadata", "execution_count", "data")}
    if "data" in output:
        kept["data"] = {k: v for k, v in output["data"].items() if not k.startswith("image/")}
    return kept


def comparable_outputs(nb, sanitizers=None):
    """Per code cell, its outputs as text that should not change from run to run: streams merged and nbval's
    sanitizing applied, widget model ids (random) left out but the widget's own text kept; for cells tagged
    nbval-ignore-output only the widgets' text (the rest is timing); and, per notebook, what nbclient's stand-in
    Output widgets captured (the figures and text that widget callbacks drew). Like strict nbval, it compares a
    figure by its text (its alt text, or matplotlib's "<Figure size ...>"), not its pixels: a figure of measured
    times changes from run to run."""
    sanitizers = _sanitizers() if sanitizers is None else sanitizers
    cells = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        ignore = IGNORE_OUTPUT in cell.metadata.get("tags", [])
        kept = []
        for output in _merged_streams(cell.get("outputs", [])):
            data = dict(output.get("data", {}))
            if WIDGET_VIEW in data:
                kept.append({"widget": data.get("text/plain", "")})
            elif not ignore:
                kept.append(_without_images(output))
        cells[index] = _canonical(kept, sanitizers)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    captured = []
    for model in state.values():
        for output in _merged_streams(model.get("state", {}).get("outputs", []) or []):
            captured.append(_canonical(_without_images(output), sanitizers))
    cells["widget outputs"] = _canonical(sorted(captured), [])
    return cells


# --- soak: every notebook N times ---------------------------------------------------------------------------------

def soak(paths, runs=10, timeout=30, report=print, stock=False):
    """Run each notebook `runs` times with a per-cell timeout of `timeout` s. Reports every stall (a cell whose
    client waited STALL_SECONDS or more after the kernel had finished it, or timed out), every failed run, every
    late wake-up, and every cell whose outputs differ between runs. Returns {notebook name: number of problems}.
    stock=True: with nbclient's own client (to measure the stall this module fixes)."""
    problems = {}
    sanitizers = _sanitizers()
    for path in paths:
        path = Path(path)
        first, stalls, late, failed, differing, seconds = None, 0, 0, 0, set(), []
        for k in range(runs):
            run = run_notebook(path, timeout=timeout, stock=stock)
            seconds.append(run.seconds)
            late += run.late_wakeups
            for detail in run.late_wakeup_details:
                report(f"  {path.name} run {k + 1}: a late wake-up (found at the end of a {POLL_SLICE:g} s slice): "
                       f"{detail}")
            for cell in run.stalls:
                stalls += 1
                report(f"  {path.name} run {k + 1}: STALL at cell [{cell.index}]: waited {cell.waited:.1f} s "
                       f"after the kernel had finished it")
            if run.error:
                failed += 1
                report(f"  {path.name} run {k + 1}: FAILED: {run.error}")
                continue
            outputs = comparable_outputs(run.nb, sanitizers)
            if first is None:
                first = outputs
                continue
            for index in sorted(set(first) | set(outputs), key=str):
                if first.get(index) != outputs.get(index) and index not in differing:
                    differing.add(index)
                    report(f"  {path.name} run {k + 1}: outputs of cell [{index}] differ from run 1")
        slowest = max(seconds)
        report(f"{path.name}: {runs} runs, {stalls} stalls, {failed} failed, {len(differing)} cells with differing "
               f"outputs, {late} late wake-ups; {min(seconds):.1f}-{slowest:.1f} s a run")
        problems[path.name] = stalls + failed + len(differing) + late
    return problems


# --- the minimal reproduction (nothing of this project in it) ------------------------------------------------------

REPRO_CELL = "out = widgets.Output(); display(out)\nwith out:\n    print(1)"


def repro_notebook(cells=30):
    """A notebook of `cells` cells, each displaying an Output widget and then printing into it."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import ipywidgets as widgets\nfrom IPython.display import display")]
    nb.cells += [nbformat.v4.new_code_cell(REPRO_CELL) for _ in range(cells)]
    return nb


def repro(runs=10, cells=30, timeout=5, stock=False, report=print):
    """Run the reproduction `runs` times; returns the number of stalled cells (nbclient's stock client waits out
    the timeout in some of them; this module's client in none)."""
    total = 0
    for k in range(runs):
        run = run_notebook(Path.cwd() / "repro.ipynb", timeout=timeout, nb=repro_notebook(cells), stock=stock)
        total += len(run.stalls)
        report(f"run {k + 1}: {len(run.stalls)} stalled cells of {cells}"
               + "".join(f", [{c.index}] waited {c.waited:.1f} s" for c in run.stalls)
               + f"; {run.late_wakeups} late wake-ups; {run.seconds:.1f} s" + (f"; {run.error}" if run.error else ""))
    report(f"{'stock nbclient' if stock else 'tools/run_notebooks.py'}: {total} stalled cells in {runs} runs "
           f"of {cells} cells (timeout {timeout} s)")
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("execute", help="run notebooks and store their outputs in place")
    ex.add_argument("--timeout", type=float, default=300, help="seconds per cell (default 300)")
    ex.add_argument("notebooks", nargs="*", type=Path)
    so = sub.add_parser("soak", help="run notebooks N times; report stalls and differing outputs")
    so.add_argument("--runs", type=int, default=10)
    so.add_argument("--timeout", type=float, default=30, help="seconds per cell (default 30)")
    so.add_argument("--stock", action="store_true", help="nbclient's own client (to measure the stall)")
    so.add_argument("notebooks", nargs="*", type=Path)
    rp = sub.add_parser("repro", help="the minimal reproduction of the stall")
    rp.add_argument("--runs", type=int, default=10)
    rp.add_argument("--cells", type=int, default=30)
    rp.add_argument("--timeout", type=float, default=5)
    rp.add_argument("--stock", action="store_true", help="nbclient's own client (shows the stall)")
    args = parser.parse_args(argv)
    if args.command == "repro":
        return 1 if repro(args.runs, args.cells, args.timeout, args.stock) else 0
    paths = args.notebooks or NOTEBOOKS
    if args.command == "execute":
        for path in paths:
            run = execute_in_place(path, timeout=args.timeout)
            print(f"executed {path} in {run.seconds:.1f} s", flush=True)
        return 0
    problems = soak(paths, runs=args.runs, timeout=args.timeout, report=lambda line: print(line, flush=True),
                    stock=args.stock)
    bad = sum(1 for n in problems.values() if n)
    print(f"soak: {len(problems) - bad} passed, {bad} failed")  # a notebook passes with 0 problems in all its runs
    return 1 if bad else 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
