"""A real JupyterLab with one open notebook, for the benchmarks: its cells run on open, and
``execute`` runs more code in the same kernel from the page (its stdout comes back).

The server runs with its default settings (IOPub rate limit on) plus ``extra_args``; ``lab_server``
gives the server alone, for pages opened one after another. The pages in
benchmarks/pages/ are copied next to the notebook, so cells can name them as ``Path("app.html")``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import Page

from scapi_widget.testing.jupyterlab import JupyterLabServer

PAGES = Path(__file__).parent / "pages"
NOTEBOOK = "bench.ipynb"

# Runs code in the notebook's kernel; resolves with its stdout once the kernel is idle again.
EXECUTE_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, store_history: false, stop_on_error: true });
  let out = "", error = null;
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === "stream") out += msg.content.text;
    if (msg.header.msg_type === "error") error = msg.content.ename + ": " + msg.content.evalue;
  };
  await future.done;
  return { out, error };
}"""

# Runs code in the kernel; resolves on its execute reply (shell channel), not on the idle status
# (IOPub), which the server's rate limiter may drop during a burst.
EXECUTE_UNTIL_REPLY_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, store_history: false, stop_on_error: true });
  const reply = await new Promise((resolve) => { future.onReply = resolve; });
  return reply.content.status === "ok" ? null : reply.content.ename + ": " + reply.content.evalue;
}"""

RUN_CELL_JS = """(index) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  notebook.activeCellIndex = index < 0 ? notebook.widgets.length + index : index;
  window.jupyterapp.commands.execute("notebook:run-cell");
}"""


@dataclass
class LabSession:
    page: Page
    server: JupyterLabServer

    def execute(self, code: str) -> str:
        """Run ``code`` in the kernel and return what it printed; raises on a Python error."""
        result: dict[str, Any] = self.page.evaluate(EXECUTE_JS, code)
        if result["error"]:
            raise RuntimeError(f"kernel error running {code[:60]!r}: {result['error']}")
        out: str = result["out"]
        return out

    def execute_until_reply(self, code: str) -> None:
        """Run ``code`` and return on its execute reply (its output, on IOPub, may still be arriving or dropped)."""
        error = self.page.evaluate(EXECUTE_UNTIL_REPLY_JS, code)
        if error:
            raise RuntimeError(f"kernel error running {code[:60]!r}: {error}")

    def import_checkout(self, root: Path) -> None:
        """Make this kernel import scapi_widget from the checkout at ``root`` (before anything else imports it),
        for benchmarks that take a change and the code before it in turns; raises unless it did."""
        self.execute(f"import sys; sys.path.insert(0, {str(root)!r}); import scapi_widget")
        imported = self.value("scapi_widget.__file__")
        if imported != str(root / "scapi_widget" / "__init__.py"):
            raise RuntimeError(f"the kernel imported scapi_widget from {imported}, not from {root}")

    def value(self, expression: str) -> Any:
        """The JSON value of a Python expression evaluated in the kernel."""
        return json.loads(self.execute(f"import json as _json; print(_json.dumps({expression}))"))

    def run_last_cell(self) -> None:
        """Start running the notebook's last cell (its output is displayed); returns at once."""
        self.run_cell(-1)

    def run_cell(self, index: int) -> None:
        """Start running the notebook's cell ``index`` (from the end when negative); returns at once."""
        self.page.evaluate(RUN_CELL_JS, index)

    def extension_status(self) -> dict[str, Any]:
        """What scapi-widget's server extension reports (whether it set TCP_NODELAY on kernel sockets)."""
        status: dict[str, Any] = self.page.evaluate(
            "async (url) => (await fetch(url)).json()",
            f"{self.server.url}/scapi-widget/status?token={self.server.token}",
        )
        return status


@contextmanager
def lab_server(cells: Sequence[str], extra_args: Sequence[str] = ()) -> Iterator[JupyterLabServer]:
    """A JupyterLab serving a notebook (``NOTEBOOK``) of ``cells``, none run yet; pages open it with
    ``server.open_notebook(page, NOTEBOOK)``."""
    with tempfile.TemporaryDirectory() as tmp:
        root, work = Path(tmp, "root"), Path(tmp, "work")
        shutil.copytree(PAGES, root)
        nb = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
        nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]  # type: ignore[no-untyped-call]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / NOTEBOOK)  # type: ignore[no-untyped-call]
        server = JupyterLabServer(root, work, extra_args=extra_args)
        try:
            yield server
        finally:
            server.stop()


@contextmanager
def lab_session(page: Page, cells: Sequence[str], extra_args: Sequence[str] = ()) -> Iterator[LabSession]:
    """A JupyterLab serving a notebook of ``cells``, open in ``page`` (all run, kernel idle when this yields)."""
    with lab_server(cells, extra_args) as server:
        page.set_default_timeout(120_000)
        server.open_notebook(page, NOTEBOOK)
        server.run_all_cells(page)
        errors = server.cell_errors(page)
        if errors:
            raise RuntimeError(f"notebook cells failed: {errors}")
        yield LabSession(page, server)
