"""The sandbox rule in real JupyterLab, with apps served by the notebook server itself (its /files/
handler here; scapi-widget's server extension does the same): the common case, and the one where an
escape would be worst, since the notebook page is JupyterLab with its kernel."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Frame, Page, expect

from scapi_widget.app_server import client_library_path
from scapi_widget.testing.jupyterlab import JupyterLabServer

pytestmark = [pytest.mark.browser, pytest.mark.jupyterlab]

PAGES = Path(__file__).parent / "pages"
NOTEBOOK = "sandbox.ipynb"
OPAQUE_SANDBOX = "allow-scripts allow-forms allow-popups allow-modals allow-downloads"
REACH_PARENT = """() => { try { return window.parent.document.title; } catch (e) { return 'blocked'; } }"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    root = tmp_path_factory.mktemp("lab-root")
    server = JupyterLabServer(root, tmp_path_factory.mktemp("lab-work"))
    # Opaque frames send no cookies: the token rides in the URLs, the pages' and their script's.
    for page in ("client-app.html", "dial-button-app.html"):
        script = f'src="scapi-client.js?token={server.token}"'
        (root / page).write_text((PAGES / page).read_text().replace('src="scapi-client.js"', script))
    shutil.copy(client_library_path(), root / "scapi-client.js")
    app = f"{server.url}/files/client-app.html?token={server.token}"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(f"from scapi_widget import Desktop\ndesk = Desktop(app={app!r})\ndesk")]
    nbformat.write(nb, root / NOTEBOOK)
    yield server
    server.stop()


def frame_of(page: Page, frame_id: int) -> Frame:
    handle = page.locator(f"iframe[data-testid=app-frame-{frame_id}]").first.element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def test_apps_and_dialogs_from_the_notebook_origin_cannot_reach_jupyterlab(lab: JupyterLabServer, page: Page) -> None:
    page.set_default_timeout(60_000)
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page)
    assert lab.cell_errors(page) == []
    iframe = page.locator("iframe[data-testid=app-frame-1]").first
    expect(page.frame_locator("iframe[data-testid=app-frame-1]").first.get_by_test_id("loaded")).to_have_text("yes")
    expect(iframe).to_have_attribute("sandbox", OPAQUE_SANDBOX)
    app = frame_of(page, 1)
    assert app.url.startswith(lab.url + "/files/")
    assert app.evaluate(REACH_PARENT) == "blocked"
    # The app opens a dialog beside it, on the notebook server: opaque too, and usable.
    dialog_url = f"dial-button-app.html?token={lab.token}"
    reply = app.evaluate("(url) => window.ask('system', 'openDialog', url)", dialog_url)
    assert reply["data"].startswith("wweCustomDialog")
    dialog_iframe = page.locator(".scapi-dialog iframe").first
    expect(dialog_iframe).to_have_attribute("sandbox", OPAQUE_SANDBOX)
    dialog = page.frame_locator(".scapi-dialog iframe").first
    expect(dialog.get_by_test_id("loaded")).to_have_text("yes")
    assert frame_of(page, int(dialog_iframe.get_attribute("data-frame-id") or 0)).evaluate(REACH_PARENT) == "blocked"
    dialog.get_by_test_id("dial").click()
    expect(dialog.get_by_test_id("result")).to_have_text("dialed")
    expect(page.get_by_test_id("desk-interaction-1").first).to_have_attribute("data-state", "DIALING")
