"""Real JupyterLab: every tutorial runs and shows its desktop (screenshots), the quickstart's app
makes a SCAPI round trip through the kernel, and ``await desk.wait_for`` returns when the app acts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from scapi_widget.testing.jupyterlab import JupyterLabServer, copy_notebooks

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"
TUTORIALS = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
WAIT_FOR_NOTEBOOK = "wait-for-the-app.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    root = tmp_path_factory.mktemp("lab-root")
    copy_notebooks(NOTEBOOKS, root)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("from scapi_widget import Desktop\ndesk = Desktop()\ndesk"),
        nbformat.v4.new_code_cell(
            "call = await desk.wait_for(lambda d: next(iter(d.interactions.values()), None), timeout=90)\n"
            "print('the app dialed', call['dnis'], call['state'])"
        ),
    ]
    nbformat.write(nb, root / WAIT_FOR_NOTEBOOK)
    server = JupyterLabServer(root, tmp_path_factory.mktemp("lab-work"))
    yield server
    server.stop()


def shoot(page: Page, path: Path) -> None:
    desktop = page.get_by_test_id("scapi-desktop").first
    desktop.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the scrolled frames paint
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


@pytest.mark.jupyterlab
def test_quickstart_round_trip_in_jupyterlab(lab: JupyterLabServer, page: Page, artifacts: Path) -> None:
    page.set_default_timeout(30_000)
    lab.open_notebook(page, "01-quickstart.ipynb")
    lab.run_all_cells(page)
    assert lab.cell_errors(page) == []
    expect(page.get_by_test_id("scapi-desktop").first).to_be_visible()
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    # agent.get answered through the kernel: a full app -> desktop -> app round trip.
    expect(app.get_by_test_id("status")).to_contain_text("connected as Alex Rivera", timeout=30_000)
    expect(app.get_by_test_id("ready")).to_have_text("yes")
    shoot(page, artifacts / "jupyterlab-quickstart.png")


@pytest.mark.jupyterlab
@pytest.mark.parametrize("notebook", TUTORIALS)
def test_tutorial_runs_in_jupyterlab(lab: JupyterLabServer, page: Page, artifacts: Path, notebook: str) -> None:
    page.set_default_timeout(30_000)
    lab.open_notebook(page, notebook)
    lab.run_all_cells(page, timeout=240_000)
    assert lab.cell_errors(page) == []
    assert "OK" in lab.cell_text(page) or "tested" in lab.cell_text(page)
    expect(page.get_by_test_id("scapi-desktop").first).to_be_visible()
    shoot(page, artifacts / f"jupyterlab-{notebook.removesuffix('.ipynb')}.png")


@pytest.mark.jupyterlab
def test_await_wait_for_returns_when_the_app_acts(lab: JupyterLabServer, page: Page, artifacts: Path) -> None:
    page.set_default_timeout(30_000)
    lab.open_notebook(page, WAIT_FOR_NOTEBOOK)
    lab.start_all_cells(page)
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("ready")).to_have_text("yes", timeout=60_000)  # while cell 2 awaits
    app.get_by_test_id("dial-number").fill("5550199")
    app.get_by_test_id("dial").click()
    lab.wait_until_cells_done(page, timeout=60_000)
    assert lab.cell_errors(page) == []
    assert "the app dialed 5550199 DIALING" in lab.cell_text(page)
    shoot(page, artifacts / "jupyterlab-wait-for.png")
