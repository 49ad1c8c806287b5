"""Drive a real JupyterLab in headless Chromium the way a learner does.

`JupyterLabServer` starts JupyterLab on a free localhost port with a token, on a scratch folder, with throwaway
settings, workspaces, config and runtime folders. `check_notebook` opens one notebook in a Playwright page, clears
its outputs, runs all cells, waits for the kernel, and returns a `Report` whose `problems` list says what a learner
would have seen go wrong: error or stderr outputs (read from the saved notebook model), widgets that do not
render, and sliders or buttons that do not change the output they drive.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox",  # needed as root; harmless otherwise
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # the sandboxed network refuses Google's hosts
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SETTINGS = {
    # Attach every cell to the page ('full' would attach only the cells in view); no blank page after the last
    # cell, so a screenshot ends where the notebook ends.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
    # No "Would you like to get notified about official Jupyter news?" popup, no update check.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def find_chromium():
    """Path of a Chromium to drive: $BROWSER_TEST_CHROMIUM, else Debian's /usr/bin/chromium, else one on PATH."""
    given = os.environ.get("BROWSER_TEST_CHROMIUM")
    if given:
        return given
    for candidate in ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLabServer:
    """A JupyterLab server on 127.0.0.1 serving `root` (a scratch folder), with its own throwaway config dirs."""

    def __init__(self, root, scratch, log_path):
        self.root = Path(root)
        self.token = os.urandom(16).hex()
        settings = Path(scratch) / "user-settings"
        for name, values in SETTINGS.items():
            path = settings / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        self.env = dict(os.environ)
        for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
            self.env[var] = str(Path(scratch) / sub)  # nothing from the developer's home leaks in
        self.env["JUPYTER_PLATFORM_DIRS"] = "1"
        self.env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        self.args = [
            "--no-browser", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={Path(scratch) / 'workspaces'}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            self.args.append("--ServerApp.allow_root=True")
        self.log_path = Path(log_path)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")
        self.start()

    def start(self):
        """Start JupyterLab on a port that was free a moment ago (another process may take it first: see wait_ready)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Same process group as pytest, so Ctrl+C stops it too; no terminal on stdin, so it does not ask "y/[n]?".
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterlab", f"--ServerApp.port={self.port}",
                                         *self.args], cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT)

    def api(self, method, path, body=None):
        """Call the Jupyter Server REST API; returns the decoded JSON answer (None when empty)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/api/{path}", data=data, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def wait_ready(self, timeout=90, tries=3):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                # Between free_port() and JupyterLab's start, a kernel (of nbval, say, in a parallel pytest -n run)
                # can take the port: then JupyterLab stops at once, and a new port is the cure.
                tries -= 1
                if tries > 0 and "is not available" in self.log_tail(5):
                    self.start()
                    continue
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "status")
                return
            except (OSError, http.client.HTTPException):  # not listening yet, or another program holds the port
                time.sleep(0.2)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def shutdown_kernels(self):
        for session in self.api("GET", "sessions") or []:
            self.api("DELETE", f"sessions/{session['id']}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # JupyterLab shuts its kernels down on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@dataclass
class Report:
    """What happened to one notebook in JupyterLab."""

    path: str
    problems: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    widgets: int = 0
    interactions: list = field(default_factory=list)
    screenshot: str = ""

    def summary(self):
        total = sum(self.seconds.values())
        times = f"{total:5.1f} s (" + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()) + ")"
        if not self.path.endswith(".ipynb"):
            return f"{self.path}: {times}"
        done = "; ".join(self.interactions) or "no slider or button"
        return f"{self.path}: {times}; {self.widgets} widget(s); {done}"


# --- JavaScript run in the page ---------------------------------------------------------------------------------

# Prompts of all code cells ("[*]:" while queued or running) and the kernel status of the toolbar indicator.
JS_STATE = """() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());
  const indicator = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
  return {
    status: indicator ? indicator.dataset.status : null,
    prompts,
    started: prompts.length === 0 || prompts.some(p => /\\[(\\*|\\d+)\\]/.test(p)),
  };
}"""

# Top-level outputs rendered by the widget renderer, and what they show.
JS_WIDGETS = """() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const outputs = [...nb.querySelectorAll('.jp-OutputArea-output')]
    .filter(e => !e.parentElement.closest('.jupyter-widgets'));  // not the outputs inside output widgets
  const texts = outputs.map(e => e.textContent);
  return {
    rendered: outputs.filter(e => e.querySelector('.jupyter-widgets')).length,
    loading: texts.filter(t => t.startsWith('Loading widget')).length,
    errors: texts.filter(t => t.startsWith('Error displaying widget')),
  };
}"""

# Text of stderr (warnings and tracebacks look the same) shown inside widget outputs, e.g. by an interact callback.
JS_WIDGET_STDERR = """() => [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .widget-output [data-mime-type="application/vnd.jupyter.stderr"]'
)].map(e => e.textContent)"""

# Everything a widget can drive: output widgets (text and images), HTML and label widgets. Not slider readouts.
JS_DRIVEN = """const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const driven = [...panel.querySelectorAll(':is(.widget-output, .widget-html, .widget-htmlmath, .widget-label)')]
    .map(e => e.textContent + [...e.querySelectorAll('img')].map(i => i.src).join('|')).join('\\n--\\n');"""

# What the widgets show now; marks the outputs inside output widgets, so that a redraw counts even if identical.
JS_FINGERPRINT = """() => {
  """ + JS_DRIVEN + """
  for (const e of panel.querySelectorAll('.widget-output .jp-OutputArea-output')) e.dataset.browserTestSeen = '1';
  return driven;
}"""

# Did the driven output change since JS_FINGERPRINT returned `before`? 'changed', 'redrawn' (same content) or ''.
JS_CHANGED = """(before) => {
  """ + JS_DRIVEN + """
  if (driven !== before) return 'changed';
  const fresh = panel.querySelector('.widget-output .jp-OutputArea-output:not([data-browser-test-seen])');
  return fresh ? 'redrawn' : '';
}"""

# Scroll the notebook to its top; return how much taller the window must be to show all of it.
JS_SCROLL_TOP = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
  panel.scrollTop = 0;
  return panel.scrollHeight - panel.clientHeight;
}"""


# --- one notebook -----------------------------------------------------------------------------------------------

def wait_until(predicate, timeout, what, interval=0.2):
    """Poll `predicate` until it returns a true value; raise TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} (waited {timeout:.0f} s)")
        time.sleep(interval)


def wait_idle(page, timeout, settle=0.3):
    """Wait until the kernel is idle and no cell is queued or running, twice in a row `settle` seconds apart."""
    def idle():
        state = page.evaluate(JS_STATE)
        return state["status"] == "idle" and not any("*" in p for p in state["prompts"])

    def settled():
        if not idle():
            return False
        time.sleep(settle)
        return idle()

    wait_until(settled, timeout, "the kernel did not become idle")


def menu(page, top, item):
    """Click a menu bar entry, then one of its items, as a learner does."""
    page.locator(".lm-MenuBar-item", has_text=top).first.click()
    page.locator(".lm-Menu-item:visible", has_text=item).first.click()


def open_lab(page, server, timeout=60):
    """Load JupyterLab in `page` with a fresh workspace."""
    page.goto(f"{server.url}/lab?token={server.token}&reset")
    page.locator(".jp-DirListing-item").first.wait_for(timeout=timeout * 1000)  # the file browser has loaded


def hide_left_sidebar(page):
    """More room for the notebook: collapse the file browser (View ▸ Show Left Sidebar is a toggle, Ctrl+B)."""
    sidebar = page.locator("#jp-left-stack")
    if sidebar.is_visible():
        page.keyboard.press("Control+b")
        sidebar.wait_for(state="hidden", timeout=10_000)


def open_notebook(page, server, path, timeout=60):
    """File ▸ Open from Path…, as a learner would; wait until the kernel is ready."""
    menu(page, "File", "Open from Path")
    dialog = page.locator(".jp-Dialog")
    dialog.locator("input").fill(path)
    dialog.locator("input").press("Enter")
    name = Path(path).name
    page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name).wait_for(timeout=timeout * 1000)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.wait_for(timeout=timeout * 1000)

    # The toolbar says "idle" before the kernel exists ("No Kernel | Initializing"): ask the server too.
    def kernel_idle():
        sessions = [s for s in server.api("GET", "sessions") if s["path"] == path]
        return sessions and sessions[0]["kernel"]["execution_state"] == "idle"

    wait_until(kernel_idle, timeout, f"no idle kernel for {path}")
    wait_idle(page, timeout)  # and the page knows it
    hide_left_sidebar(page)  # Open from Path shows the file browser


def close_all_tabs(page, timeout=10):
    """File ▸ Close All Tabs, discarding unsaved changes if JupyterLab asks."""
    menu(page, "File", "Close All Tabs")
    panels = page.locator(".jp-NotebookPanel")
    discard = page.locator(".jp-Dialog button", has_text="Discard")

    def closed():
        if discard.count():
            discard.first.click()
        return panels.count() == 0

    wait_until(closed, timeout, "the notebook tabs did not close")


def model_problems(notebook):
    """Error and stderr outputs in a saved notebook (nbformat dict)."""
    problems = []
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    for number, cell in enumerate(code_cells, start=1):
        first_line = "".join(cell["source"]).strip().splitlines()[0][:60] if cell["source"] else ""
        where = f"code cell {number} ({first_line!r})"
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                problems.append(f"{where} raised {output['ename']}: {output['evalue']}")
            elif output["output_type"] == "stream" and output["name"] == "stderr":
                text = "".join(output["text"]).strip()
                problems.append(f"{where} wrote to stderr: {text[-300:]}")
    not_run = [n for n, c in enumerate(code_cells, start=1) if c.get("execution_count") is None]
    if not_run and not problems:
        problems.append(f"code cells {not_run} did not run")
    return problems


def widget_view_count(notebook):
    return sum(WIDGET_VIEW in o.get("data", {}) for c in notebook["cells"] for o in c.get("outputs", []))


def widget_stderr_problems(page, seen, when):
    """Errors and warnings shown inside widget outputs that are not in `seen` yet (then added to it)."""
    new = [text for text in page.evaluate(JS_WIDGET_STDERR) if text not in seen]
    seen += new
    return [f"{when}, a widget output shows an error or warning: {last_line(text)}" for text in new]


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else text


def control_name(control):
    """A slider's label or a button's text."""
    label = control.locator(".widget-label")
    text = label.first.text_content() if label.count() else control.text_content()
    return text.strip() or control.get_attribute("title") or "?"


def interact(page, kind, control, timeout):
    """Move a slider one step with the arrow keys, or click a button; return (what was done, problem or None)."""
    before = page.evaluate(JS_FINGERPRINT)
    if kind == "slider":
        handle = control.locator(".noUi-handle").first
        name = control_name(control)
        readout = control.locator(".widget-readout")  # the value as shown (a SelectionSlider's handle has an index)

        def shown():
            return readout.first.text_content().strip() if readout.count() else handle.get_attribute("aria-valuenow")

        old = shown()
        handle.focus()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        new = shown()
        what = f"slider {name!r} {old} → {new}"
        if new == old:
            return what, f"slider {name!r} did not move with the arrow keys (it still shows {old})"
    else:
        name = control_name(control)
        control.click()
        what = f"button {name!r} clicked"
    try:
        change = wait_until(lambda: page.evaluate(JS_CHANGED, before), timeout, "")
    except TimeoutError:
        hint = " (an exception in a button callback reaches only the kernel's log)" if kind == "button" else ""
        return what, f"{what}, but no output changed within {timeout:.0f} s{hint}"
    wait_idle(page, timeout)
    return f"{what}, output {change}", None


def check_notebook(page, server, path, artifacts, run_timeout=180, widget_timeout=60):
    """Open `path` (relative to the server root) in JupyterLab, run it and interact with it; return a Report."""
    report = Report(path)
    start = time.monotonic()

    def lap(name):
        report.seconds[name] = time.monotonic() - start - sum(report.seconds.values())

    open_notebook(page, server, path)
    lap("open")

    menu(page, "Edit", "Clear Outputs of All Cells")
    menu(page, "Run", "Run All Cells")
    wait_until(lambda: page.evaluate(JS_STATE)["started"], 10, "Run All Cells started nothing")
    wait_idle(page, run_timeout)
    lap("run")

    # Widgets render: none left "Loading widget...", none "Error displaying widget".
    try:
        wait_until(lambda: page.evaluate(JS_WIDGETS)["loading"] == 0, widget_timeout, "")
    except TimeoutError:
        report.problems.append("a widget still shows 'Loading widget...'")
    state = page.evaluate(JS_WIDGETS)
    report.problems += [f"a widget output shows {text!r}" for text in state["errors"]]
    report.widgets = state["rendered"]

    # The notebook model, as JupyterLab saves it.
    saved = server.api("GET", f"contents/{path}?content=0")["last_modified"]
    menu(page, "File", "Save Notebook")
    wait_until(lambda: server.api("GET", f"contents/{path}?content=0")["last_modified"] != saved, 30,
               "File ▸ Save Notebook did not save the notebook")
    notebook = server.api("GET", f"contents/{path}?type=notebook&content=1")["content"]
    report.problems += model_problems(notebook)
    seen = []
    report.problems += widget_stderr_problems(page, seen, "after Run All")
    expected = widget_view_count(notebook)
    if expected != state["rendered"]:
        report.problems.append(f"{expected} widget output(s) in the notebook, but {state['rendered']} rendered")
    lap("check")

    # One slider and one button: does the output they drive change?
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    enabled_slider = ":is(.widget-hslider, .widget-vslider):not(:has(.noUi-target[disabled]))"
    for kind, selector in [("slider", enabled_slider), ("button", "button.widget-button:not(:disabled)")]:
        controls = panel.locator(selector)
        if controls.count():
            control = controls.first
            control.scroll_into_view_if_needed()
            what, problem = interact(page, kind, control, widget_timeout)
            report.interactions.append(what)
            if problem:
                report.problems.append(problem)
            report.problems += widget_stderr_problems(page, seen, f"after {kind} {control_name(control)!r}")
            cell = control.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-Cell ')][1]")
            cell.screenshot(path=str(artifacts / f"{Path(path).stem}-{kind}.png"))  # the widget after the change
    lap("interact")

    report.screenshot = screenshot(page, artifacts / (Path(path).stem + ".png"))
    lap("screenshot")
    return report


def screenshot(page, file, max_height=30_000):
    """Save a picture of the whole notebook: make the window as tall as the notebook, then capture it."""
    file.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    try:
        hidden = page.evaluate(JS_SCROLL_TOP)
    except Exception:  # no notebook on the page (e.g. it failed to open): take the window as it is
        hidden = 0
    page.set_viewport_size({"width": size["width"], "height": min(size["height"] + hidden, max_height)})
    time.sleep(0.3)  # let JupyterLab lay out the taller window
    page.screenshot(path=str(file))
    page.set_viewport_size(size)
    return str(file)
