"""Real JupyterLab with the server's default settings: every tutorial, run with Run All, shows in its
app what its text says (its last cell asserts it from Python, this test reads the app's page; a
screenshot each), the quickstart's app makes a SCAPI round trip through the kernel,
``await desk.wait_for`` returns when the app acts, and what a busy cell changes reaches the app while
the cell still runs. A tutorial cell that awaits a click in its app (tag
``app-click:<name>``) gets that click once the kernel is running it, as a reader would click."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from scapi_widget.testing.app_clicks import APP_CLICKS, click_names, dial
from scapi_widget.testing.jupyterlab import JupyterLabServer, copy_notebooks

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"
TUTORIALS = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
WAIT_FOR_NOTEBOOK = "wait-for-the-app.ipynb"
STUCK_NOTEBOOK = "stuck.ipynb"
# What each tutorial's story leaves on its app's page (test id -> text it contains), read in the app itself.
APP_SHOWS = {
    "01": {"event-log": "interaction RELEASED", "status": "connected as Alex Rivera"},
    "02": {"event-log": "interaction CALL_RECORDING_STATE_CHANGED"},
    "03": {"event-log": "interaction ATTACHED_DATA_CHANGED"},
    "04": {"toast-click": "wweCustomToast0 button 1"},
    "05": {"agent-state": "Not Ready - Break"},
    "06": {"event-log": "interaction MARKDONE_APPLY"},
    "07": {"status": "connected as Alex Rivera"},
    "08": {"event-log": "interaction RELEASED"},
    "10": {"event-log": "interaction RELEASED IDLE"},  # Alex's app (the row's first desktop): the call left
    "11": {"event-log": "interaction RELEASED IDLE"},  # Alex answered in the app, then transferred the call
}


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
    stuck = nbformat.v4.new_notebook(metadata=nb.metadata)
    held = "import threading\n\ndef held_here():\n    threading.Event().wait(300)\n\n"
    held += "print('holding', flush=True)\nheld_here()"
    stuck.cells = [nbformat.v4.new_code_cell(held), nbformat.v4.new_code_cell("print('never reached')")]
    nbformat.write(stuck, root / STUCK_NOTEBOOK)
    server = JupyterLabServer(root, tmp_path_factory.mktemp("lab-work"))
    yield server
    server.stop()


# The stuck notebook's first cell says it is about to block.
HOLDING = "() => document.querySelector('.jp-OutputArea-output')?.textContent.includes('holding')"
# Run All stops at a failing cell: wait until the last cell has output, or any cell failed.
LAST_CELL_ANSWERED = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter((c) => c.model.type === 'code');
  const failed = cells.some((c) => c.model.outputs.toJSON().some((o) => o.output_type === 'error'));
  return failed || cells[cells.length - 1].model.outputs.length > 0;
}"""
# The kernel has answered code cell ``index`` (so it runs the next one), or a cell failed.
CELL_ANSWERED = """(index) => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter((c) => c.model.type === 'code');
  const failed = cells.some((c) => c.model.outputs.toJSON().some((o) => o.output_type === 'error'));
  return failed || index < 0 || cells[index].model.executionCount !== null;
}"""


def click_in_app_when_awaited(lab: JupyterLabServer, page: Page, notebook: str) -> None:
    """For each cell tagged ``app-click:<name>``: once the kernel runs it, do that click in app 1."""
    code = [c for c in nbformat.read(NOTEBOOKS / notebook, as_version=4).cells if c.cell_type == "code"]
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    for index, cell in enumerate(code):
        for name in click_names(cell.metadata.get("tags", [])):
            lab.wait_for(page, CELL_ANSWERED, arg=index - 1, timeout=240_000)
            APP_CLICKS[name](app)


def shoot(page: Page, path: Path) -> None:
    desktop = page.get_by_test_id("scapi-desktop").first
    desktop.scroll_into_view_if_needed()
    for frame in page.frames[1:]:  # the app frames: their images have loaded (or failed)
        frame.wait_for_function("() => Array.from(document.images).every((image) => image.complete)")
    # Two animation frames: the scroll and the images have been laid out and painted.
    painted = page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
    )
    assert painted is True
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


@pytest.mark.jupyterlab
def test_quickstart_round_trip_in_jupyterlab(lab: JupyterLabServer, page: Page, artifacts: Path) -> None:
    """Run All: the desktop is in view where Run All leaves the page, the story plays there once the app
    has connected, at a pace a reader can follow, and the last cell checks it once it has ended."""
    page.set_default_timeout(30_000)
    lab.open_notebook(page, "01-quickstart.ipynb")
    lab.start_all_cells(page)
    desktop = page.get_by_test_id("scapi-desktop").first
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    # agent.get answered through the kernel: a full app -> desktop -> app round trip.
    expect(app.get_by_test_id("status")).to_contain_text("connected as Alex Rivera", timeout=60_000)
    expect(app.get_by_test_id("ready")).to_have_text("yes")
    # The call rang after the app connected, so the app saw it ring; the desktop is in view meanwhile.
    expect(app.get_by_test_id("event-log")).to_contain_text("interaction RINGING RINGING")
    rang = time.monotonic()
    expect(desktop).to_be_in_viewport(ratio=0.5)
    expect(app.get_by_test_id("event-log")).to_contain_text("interaction ESTABLISHED")
    assert time.monotonic() - rang > 1.5, "the story is paced: the answer comes 2.5 s after the ring"
    expect(page.get_by_test_id("desk-caption").first).to_contain_text("attaches data")  # the coming step, told
    lab.wait_for(page, LAST_CELL_ANSWERED, timeout=120_000)
    assert lab.cell_errors(page) == []
    last = page.locator(".jp-Notebook .jp-CodeCell").last.locator(".jp-OutputArea-output").last
    expect(last).to_contain_text("quickstart OK: the app saw ADDED → RINGING → ESTABLISHED")
    expect(desktop).to_be_in_viewport(ratio=0.5)  # where the story ends
    expect(app.get_by_test_id("event-log")).to_contain_text("interaction RELEASED")
    shoot(page, artifacts / "jupyterlab-quickstart.png")


@pytest.mark.jupyterlab
@pytest.mark.parametrize("notebook", TUTORIALS)
def test_tutorial_runs_in_jupyterlab(lab: JupyterLabServer, page: Page, artifacts: Path, notebook: str) -> None:
    page.set_default_timeout(30_000)
    lab.open_notebook(page, notebook)
    lab.start_all_cells(page)
    click_in_app_when_awaited(lab, page, notebook)
    lab.wait_for(page, LAST_CELL_ANSWERED, timeout=240_000)
    assert lab.cell_errors(page) == []
    last = page.locator(".jp-Notebook .jp-CodeCell").last.locator(".jp-OutputArea-output").last
    assert " OK" in last.inner_text() or "tested" in last.inner_text()  # its assertions passed
    lab.wait_until_cells_done(page, timeout=60_000)
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    for test_id, text in APP_SHOWS.get(notebook[:2], {}).items():
        expect(app.get_by_test_id(test_id)).to_contain_text(text)
    if notebook.startswith("09"):
        expect(app.get_by_role("button", name="Call customer")).to_be_visible()
    if notebook.startswith("11"):  # Bob's app: the transferred call, with the customer and her case
        bob_card = page.frame_locator("iframe[data-testid=app-frame-1]").nth(1).get_by_test_id("interaction-1")
        expect(bob_card).to_have_attribute("data-state", "TALKING")
        expect(bob_card).to_contain_text("INV-7731")
    if notebook.startswith("10"):  # Bob's app, in the row's second desktop: the call rang with Alex's data, answered
        bob_card = page.frame_locator("iframe[data-testid=app-frame-1]").nth(1).get_by_test_id("interaction-1")
        expect(bob_card).to_have_attribute("data-state", "TALKING")
        expect(bob_card).to_contain_text("Billing dispute")
    shoot(page, artifacts / f"jupyterlab-{notebook.removesuffix('.ipynb')}.png")


@pytest.mark.jupyterlab
def test_await_wait_for_returns_when_the_app_acts(lab: JupyterLabServer, page: Page, artifacts: Path) -> None:
    page.set_default_timeout(30_000)
    lab.open_notebook(page, WAIT_FOR_NOTEBOOK)
    lab.start_all_cells(page)
    lab.wait_for(page, CELL_ANSWERED, arg=0, timeout=60_000)  # cell 2 awaits now
    dial(page.frame_locator("iframe[data-testid=app-frame-1]").first, "5550199")
    lab.wait_until_cells_done(page, timeout=60_000)
    assert lab.cell_errors(page) == []
    assert "the app dialed 5550199 DIALING" in lab.cell_text(page)
    shoot(page, artifacts / "jupyterlab-wait-for.png")


BUSY_NOTEBOOK = "busy.ipynb"
RELEASE = "release-the-busy-cell"
# A cell that changes the desktop 40 times (more than the outbox's window of unacknowledged
# messages), then computes, hearing nothing from the browser, until the test releases it.
BUSY_CELL = f"""import time
from pathlib import Path
await desk.app_connected()
call = desk.simulate_inbound_call()
desk.answer(call)
for step in range(40):
    desk.set_user_data(call, {{"Progress": f"step {{step}} of 40"}})
busy_until = time.monotonic() + 120
while not Path({RELEASE!r}).exists() and time.monotonic() < busy_until:
    pass
print("released" if Path({RELEASE!r}).exists() else "gave up")"""
CELL_RUNNING = """(index) => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter((c) => c.model.type === 'code');
  return cells[index].model.executionCount === null && cells[index].model.outputs.length === 0;
}"""


@pytest.mark.jupyterlab
def test_what_a_busy_cell_changes_reaches_the_app_while_the_cell_runs(lab: JupyterLabServer, page: Page) -> None:
    """The kernel hears no acks while a cell computes: past the outbox's window, its changes go when
    the outbox stops waiting for them, not when the cell ends."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("from scapi_widget import Desktop\ndesk = Desktop()\ndesk")]
    nb.cells.append(nbformat.v4.new_code_cell(BUSY_CELL))
    nbformat.write(nb, lab.root / BUSY_NOTEBOOK)
    release = lab.root / RELEASE
    release.unlink(missing_ok=True)
    page.set_default_timeout(30_000)
    lab.open_notebook(page, BUSY_NOTEBOOK)
    lab.start_all_cells(page)
    try:
        card = page.frame_locator("iframe[data-testid=app-frame-1]").first.get_by_test_id("interaction-1")
        expect(card).to_contain_text("step 39 of 40", timeout=60_000)
        assert page.evaluate(CELL_RUNNING, 1), "the cell is still running (the test has not released it)"
    finally:
        release.touch()
    lab.wait_until_cells_done(page, timeout=60_000)
    assert lab.cell_errors(page) == [] and "released" in lab.cell_text(page)


@pytest.mark.jupyterlab
def test_a_wait_that_times_out_says_where_the_kernel_is(lab: JupyterLabServer, page: Page) -> None:
    """A notebook test that gives up reports every thread of the kernel (and the cells' outputs), so a
    hang in CI says where it hung."""
    lab.open_notebook(page, STUCK_NOTEBOOK)
    lab.start_all_cells(page)
    try:
        # the kernel is in held_here (a busy machine may take longer than the wait below to get there)
        lab.wait_for(page, HOLDING, timeout=120_000)
        with pytest.raises(AssertionError) as caught:
            lab.wait_for(page, LAST_CELL_ANSWERED, timeout=3_000)
    finally:
        page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:interrupt')")
    report = str(caught.value)
    assert "Timeout 3000ms exceeded" in report.splitlines()[0] and "cell outputs:" in report
    assert "kernel threads:" in report and "line 4 in held_here" in report and "server log (end):" in report
    shown = next(line for line in report.splitlines() if line.startswith("the page shows: "))
    # what the page believes of the kernel: "busy", or "idle" after a kernel subshell's idle status
    assert json.loads(shown.removeprefix("the page shows: ")) in [
        {"document": STUCK_NOTEBOOK, "kernel": status} for status in ("busy", "idle")
    ], report
