"""A burst of events from Python reaches a subscribed app complete and in order, in a real JupyterLab
with the server's default settings (IOPub rate limit on): one cell calls ``desk.set_user_data`` 10,000
times on a live call; the hosted page (benchmarks/pages/counter.html) counts the ATTACHED_DATA_CHANGED
events by the ``Seq`` each carries. Not timed: it waits (generously) until every event arrived."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from scapi_widget.testing.jupyterlab import JupyterLabServer

pytestmark = [pytest.mark.browser, pytest.mark.jupyterlab]

COUNTER = Path(__file__).parents[2] / "benchmarks" / "pages" / "counter.html"
NOTEBOOK = "burst.ipynb"
BURST = 10_000
CELLS = [
    "from pathlib import Path\nfrom scapi_widget import Desktop\n"
    "desk = Desktop(app=Path('counter.html'))\ncall = desk.simulate_inbound_call()\ndesk.answer(call)\ndesk",
    "await desk.app_connected(timeout=120)",  # subscribed: from here on, events reach the page
    f"for i in range({BURST}):\n    desk.set_user_data(call, {{'Seq': i}})",
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    root = tmp_path_factory.mktemp("burst-root")
    shutil.copy(COUNTER, root / COUNTER.name)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(nb, root / NOTEBOOK)
    server = JupyterLabServer(root, tmp_path_factory.mktemp("burst-work"))
    yield server
    server.stop()


def counter_frame(page: Page) -> Frame:
    page.frame_locator("iframe[data-testid=app-frame-1]").first.get_by_test_id("loaded").wait_for()
    (frame,) = [f for f in page.frames if f.url.split("?")[0].endswith("/" + COUNTER.name)]
    return frame


def test_a_burst_of_events_arrives_complete_and_in_order(lab: JupyterLabServer, page: Page) -> None:
    page.set_default_timeout(120_000)
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page, timeout=600_000)
    assert lab.cell_errors(page) == []
    frame = counter_frame(page)
    try:
        frame.wait_for_function("(n) => window.counter.received >= n", arg=BURST, timeout=600_000, polling=200)
    except PlaywrightTimeoutError:
        pass  # the summary below says what did arrive
    summary = frame.evaluate("() => window.counterSummary()")
    # Every Seq once (no loss, no duplicate), never one lower than one before: 0 .. N-1 in order.
    assert summary["received"] == BURST and summary["distinct"] == BURST, summary
    assert summary["outOfOrder"] == 0 and summary["highest"] == BURST - 1, summary
