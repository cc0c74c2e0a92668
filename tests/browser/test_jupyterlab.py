"""Smoke path in a real JupyterLab: the quickstart runs, the widget renders, SCAPI round trips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scapi_widget.testing.jupyterlab import JupyterLabServer, copy_notebooks

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    root = tmp_path_factory.mktemp("lab-root")
    copy_notebooks(NOTEBOOKS, root)
    server = JupyterLabServer(root, tmp_path_factory.mktemp("lab-work"))
    yield server
    server.stop()


@pytest.mark.jupyterlab
def test_quickstart_runs_in_jupyterlab(lab: JupyterLabServer, page: Page, artifacts: Path) -> None:
    page.set_default_timeout(30_000)
    lab.open_notebook(page, "01-quickstart.ipynb")
    lab.run_all_cells(page)
    assert lab.cell_errors(page) == []
    desktop = page.get_by_test_id("scapi-desktop").first
    expect(desktop).to_be_visible()
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    # agent.get answered through the kernel: a full app -> desktop -> app round trip.
    expect(app.get_by_test_id("status")).to_contain_text("connected as Alex Rivera", timeout=30_000)
    expect(app.get_by_test_id("ready")).to_have_text("yes")
    shot = artifacts / "jupyterlab-quickstart.png"
    desktop.scroll_into_view_if_needed()
    expect(app.get_by_test_id("status")).to_be_visible()
    page.wait_for_timeout(500)  # let the scrolled frame paint
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
