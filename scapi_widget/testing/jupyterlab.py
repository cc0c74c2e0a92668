"""A real JupyterLab (or Notebook 7) server for end-to-end tests (temporary config, data and runtime dirs)."""

from __future__ import annotations

import json
import secrets
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from . import kernel_stacks
from .servers import ServerProcess, free_port, isolated_jupyter_env

# Front ends built on JupyterLab's application (the ``jupyter`` subcommand) -> where each opens a notebook.
APPS = {
    "lab": "lab/workspaces/{workspace}/tree/{notebook}?reset&",  # a workspace of its own: no earlier notebook reopens
    "notebook": "notebooks/{notebook}?",  # Notebook 7: one notebook per page
}


# What the page shows, for a diagnosis: the current document and its kernel's status.
SHOWN_JS = """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  const document = (w && w.context && w.context.path) || null;
  return JSON.stringify({ document, kernel: kernel ? kernel.status : null }); }"""


class JupyterLabServer:
    """``jupyter lab`` (or ``app="notebook"``: Notebook 7) on 127.0.0.1 with a token, isolated from the user's
    settings, with ``window.jupyterapp`` exposed to the page. ``extra_args`` go to the server's command line
    (e.g. ``["--ScapiWidget.kernel_nodelay=False"]``)."""

    def __init__(self, root: Path, work: Path, app: str = "lab", extra_args: Sequence[str] = ()) -> None:
        if app not in APPS:
            raise ValueError(f"app must be one of {', '.join(APPS)}, got {app!r}")
        self.app = app
        self.root = root
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = isolated_jupyter_env(work)
        self.stacks = work / "kernel-stacks"
        kernel_stacks.install(Path(env["IPYTHONDIR"]), self.stacks)
        settings = work / "lab-settings"
        (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
        (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
        self.server = ServerProcess(
            f"jupyter {app}",
            [
                sys.executable,
                "-m",
                {"lab": "jupyterlab", "notebook": "notebook"}[app],  # this interpreter's own, not PATH's
                "--no-browser",
                f"--ServerApp.token={self.token}",
                f"--port={self.port}",
                "--ServerApp.ip=127.0.0.1",
                "--allow-root",
                "--expose-app-in-browser",
                f"--ServerApp.root_dir={root}",
                "--ServerApp.port_retries=0",
                *extra_args,
            ],
            ready_url=f"{self.url}/api/status?token={self.token}",
            log=work / f"jupyter-{app}.log",
            env=env,
        )

    def open_notebook(self, page: Page, notebook: str) -> None:
        """Open a notebook (in JupyterLab, in a workspace of its own) and wait for an idle kernel."""
        path = APPS[self.app].format(workspace=secrets.token_hex(4), notebook=notebook)
        page.goto(f"{self.url}/{path}token={self.token}")
        self.wait_for(
            page,
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

    def wait_for(self, page: Page, expression: str, *, timeout: float, arg: Any = None) -> None:
        """``page.wait_for_function``; when it times out (or the page fails), an AssertionError saying
        what the notebook showed and where every thread of the kernel was (:meth:`diagnosis`)."""
        try:
            page.wait_for_function(expression, arg=arg, timeout=timeout)
        except PlaywrightError as error:
            raise AssertionError(f"{error.message.splitlines()[0]}\n{self.diagnosis(page)}") from None

    def diagnosis(self, page: Page) -> str:
        """What a test that gave up should say: the cells' outputs and errors, the kernels' thread stacks,
        and the end of the server's log."""
        try:
            shown = page.evaluate(SHOWN_JS)
        except PlaywrightError as error:
            shown = f"(the page could not be read: {error.message.splitlines()[0]})"
        try:
            cells = f"cell outputs:\n{self.cell_text(page)}\ncell errors: {self.cell_errors(page)}"
        except PlaywrightError as error:
            cells = f"(the notebook's cells could not be read: {error.message.splitlines()[0]})"
        log = self.server.log_path.read_text(errors="replace").splitlines()[-30:]
        lines = [f"the page shows: {shown}", cells, "kernel threads:", kernel_stacks.dump(self.stacks)]
        return "\n".join([*lines, "server log (end):", *log])

    def stop(self) -> None:
        self.server.stop()


def copy_notebooks(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for notebook in source.glob("*.ipynb"):
        shutil.copy(notebook, target / notebook.name)
