"""The JupyterLab server of the browser test starts even when another process takes its port first.

Under `pytest -n 2` (make test) nbval's kernels start next to the browser test, and a kernel can take the free port
that JupyterLabServer picked before JupyterLab binds it. No Chromium needed here.
"""

import socket

from . import labdriver


def test_lab_server_moves_to_another_port_when_its_port_is_taken(tmp_path, monkeypatch):
    (tmp_path / "root").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))  # bound, so JupyterLab cannot bind it; not listening, so nothing answers
        ports = [taken.getsockname()[1]]
        pick = labdriver.free_port
        monkeypatch.setattr(labdriver, "free_port", lambda: ports.pop() if ports else pick())
        server = labdriver.JupyterLabServer(tmp_path / "root", tmp_path, tmp_path / "jupyterlab.log")
        try:
            first = server.port
            server.wait_ready()
            assert first == taken.getsockname()[1] and server.port != first
            assert "is not available" in (tmp_path / "jupyterlab.log").read_text()
            assert server.api("GET", "sessions") == []
        finally:
            server.stop()
