"""Every tutorial notebook runs top to bottom (its last cell asserts what it did).

nbclient renders no widgets, so the tutorials' apps would never load and ``await desk.app_connected()``
would rightly time out. The run gives the kernel a real front end instead: a cell added before the
notebook's own renders each displayed ``Desktop`` in headless Chromium (``show_desktops_headless``).
The notebooks themselves run unchanged, and their last cells assert what the apps saw. A cell that
waits for a click in the app (tag ``app-click:<name>``) gets it: just before that cell, the run asks
the headless front end to click (``front_end.in_app``), which it does while the cell awaits.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scapi_widget.testing.app_clicks import click_names

pytestmark = pytest.mark.browser  # the kernel's front end is headless Chromium

FRONT_END = "from scapi_widget.testing.headless import show_desktops_headless\nfront_end = show_desktops_headless();"
CLICKS = "from scapi_widget.testing.app_clicks import APP_CLICKS\n"  # + front_end.in_app(...) for each click
FRONT_END_CLEAN = "assert not front_end.errors, front_end.errors"
NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    for index in reversed(range(len(nb.cells))):
        names = click_names(nb.cells[index].metadata.get("tags", []))
        if names:
            clicks = "".join(f"front_end.in_app(APP_CLICKS[{name!r}])\n" for name in names)
            nb.cells.insert(index, nbformat.v4.new_code_cell(CLICKS + clicks))
    nb.cells.insert(0, nbformat.v4.new_code_cell(FRONT_END))
    nb.cells.append(nbformat.v4.new_code_cell(FRONT_END_CLEAN))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    asserts = "assert" in last.source or "when_finished(" in last.source  # when_finished: the check asserts
    assert asserts, f"{path.name}: the last cell must assert what the notebook did"
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
