"""A real JupyterLab server for end-to-end tests (temporary config, data and runtime dirs)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class JupyterLabServer:
    """``jupyter lab`` on 127.0.0.1 with a token, isolated from the user's settings."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root = root
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "JUPYTERLAB_WORKSPACES_DIR"):
            path = work / name.lower()
            path.mkdir(parents=True, exist_ok=True)
            env[name] = str(path)
        settings = work / "lab-settings"
        (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
        (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
        self.log = (work / "jupyterlab.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                f"--ServerApp.token={self.token}",
                f"--port={self.port}",
                "--ServerApp.ip=127.0.0.1",
                "--allow-root",
                "--expose-app-in-browser",
                f"--ServerApp.root_dir={root}",
                "--ServerApp.port_retries=0",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2):
                    return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError("jupyter lab did not answer within 60 s")

    def open_notebook(self, page: Page, notebook: str) -> None:
        """Open a notebook in a workspace of its own and wait for an idle kernel."""
        workspace = secrets.token_hex(4)
        page.goto(f"{self.url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}")
        page.wait_for_function(
            """(nb) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                 return w && w.context && w.context.path === nb && w.sessionContext && w.sessionContext.session
                        && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle'; }""",
            arg=notebook,
            timeout=60_000,
        )

    def start_all_cells(self, page: Page) -> None:
        """Start running every cell; returns at once."""
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

    def run_all_cells(self, page: Page, timeout: float = 120_000) -> None:
        """Run every cell and wait until the kernel is idle with every cell executed."""
        self.start_all_cells(page)
        self.wait_until_cells_done(page, timeout)

    def wait_until_cells_done(self, page: Page, timeout: float = 120_000) -> None:
        page.wait_for_function(
            """() => { const w = window.jupyterapp.shell.currentWidget;
                 const cells = w.content.widgets.filter((c) => c.model.type === 'code');
                 return w.sessionContext.session.kernel.status === 'idle'
                        && cells.every((c) => c.model.executionCount !== null); }""",
            timeout=timeout,
        )

    def cell_text(self, page: Page) -> str:
        """All stream and result text of the notebook's outputs."""
        text: str = page.evaluate(
            """() => window.jupyterapp.shell.currentWidget.content.widgets
                 .filter((c) => c.model.type === 'code')
                 .flatMap((c) => c.model.outputs.toJSON())
                 .map((o) => o.text || (o.data && o.data['text/plain']) || '')
                 .map((t) => Array.isArray(t) ? t.join('') : t).join('\\n')"""
        )
        return text

    def cell_errors(self, page: Page) -> list[str]:
        errors: list[str] = page.evaluate(
            """() => window.jupyterapp.shell.currentWidget.content.widgets
                 .filter((c) => c.model.type === 'code')
                 .flatMap((c) => c.model.outputs.toJSON())
                 .filter((o) => o.output_type === 'error')
                 .map((o) => o.ename + ': ' + o.evalue)"""
        )
        return errors

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def copy_notebooks(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for notebook in source.glob("*.ipynb"):
        shutil.copy(notebook, target / notebook.name)
