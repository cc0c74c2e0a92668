"""The sandbox rule in real JupyterLab, with apps served by the notebook server itself (its /files/
handler here; scapi-widget's server extension does the same): the common case, and the one where an
escape would be worst, since the notebook page is JupyterLab with its kernel. Then an app of another
origin attacks: dialogs at other spellings of the notebook's origin, a dialog that redirects there,
and its own frame navigated there all end in an opaque document."""

from __future__ import annotations

import shutil
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import nbformat
import pytest
from playwright.sync_api import Frame, Locator, Page, expect

from scapi_widget.serving.app_server import AppServer, client_library_path
from scapi_widget.testing.jupyterlab import JupyterLabServer

from ..origin_spellings import LOOPBACK_SPELLINGS

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


# ---------------------------------------------------------------- an app of another origin
# An app of another origin keeps allow-same-origin (its own cookies and storage). Whatever it opens
# or becomes at the notebook's origin, under any spelling or by a redirect, must run opaque. The page
# it reaches is one the token logs in; JupyterLab's own (/lab, whose answer the last test checks)
# would start in the opaque frame and fail each request it makes there, noise on the page's errors.

CROSS_NOTEBOOK = "cross-origin-app.ipynb"
IS_OPAQUE = "() => window.origin === 'null'"
SPELLINGS = LOOPBACK_SPELLINGS


class _Redirect(BaseHTTPRequestHandler):
    """``GET /?to=<url>`` answers 302 to ``<url>``: a server of another origin that sends frames on."""

    def do_GET(self) -> None:
        target = parse_qs(urlsplit(self.path).query).get("to", [""])[0]
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def redirector() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def cross_origin_app(lab: JupyterLabServer, page_server: AppServer) -> str:
    app = page_server.mount(PAGES) + "client-app.html"  # 127.0.0.1 on another port: another origin
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(f"from scapi_widget import Desktop\ndesk = Desktop(app={app!r})\ndesk")]
    nbformat.write(nb, lab.root / CROSS_NOTEBOOK)
    return app


def open_cross_origin_app(lab: JupyterLabServer, page: Page) -> Frame:
    page.set_default_timeout(60_000)
    lab.open_notebook(page, CROSS_NOTEBOOK)
    lab.run_all_cells(page)
    assert lab.cell_errors(page) == []
    expect(page.frame_locator("iframe[data-testid=app-frame-1]").first.get_by_test_id("loaded")).to_have_text("yes")
    app = frame_of(page, 1)
    assert "allow-same-origin" in (page.locator("iframe[data-testid=app-frame-1]").first.get_attribute("sandbox") or "")
    return app


def open_dialog(page: Page, app: Frame, url: str) -> tuple[Locator, Frame]:
    """The app opens a dialog at ``url``; returns its iframe element and, once loaded, its frame."""
    reply = app.evaluate("(url) => window.ask('system', 'openDialog', url)", url)
    assert reply["data"].startswith("wweCustomDialog"), reply
    box = page.get_by_test_id(f"desk-dialog-{reply['data']}")
    iframe = box.locator("iframe")
    expect(iframe).to_have_count(1)
    frame_id = int(iframe.get_attribute("data-frame-id") or 0)
    frame = frame_of(page, frame_id)
    frame.wait_for_load_state("load")
    return iframe, frame


def test_a_dialog_at_any_spelling_of_the_notebook_origin_runs_opaque(
    lab: JupyterLabServer, cross_origin_app: str, page: Page
) -> None:
    app = open_cross_origin_app(lab, page)
    for name, host in SPELLINGS.items():
        path = "api/status"  # a page of the server, logged in by the token, with no sandbox of its own
        iframe, dialog = open_dialog(page, app, f"http://{host}:{lab.port}/{path}?token={lab.token}")
        assert iframe.get_attribute("sandbox") == OPAQUE_SANDBOX, name
        assert dialog.url.startswith(f"{lab.url}/{path}"), (name, dialog.url)
        assert dialog.evaluate(REACH_PARENT) == "blocked", name
        assert dialog.evaluate(IS_OPAQUE), name
        page.locator(".scapi-dialog .scapi-close").first.click()
        expect(page.locator(".scapi-dialog")).to_have_count(0)


def test_a_dialog_that_redirects_to_the_notebook_origin_runs_opaque(
    lab: JupyterLabServer, cross_origin_app: str, redirector: str, page: Page
) -> None:
    app = open_cross_origin_app(lab, page)
    target = f"{lab.url}/api/status?token={lab.token}"
    iframe, dialog = open_dialog(page, app, f"{redirector}?to={quote(target, safe='')}")
    assert "allow-same-origin" in (iframe.get_attribute("sandbox") or "")  # the attribute judged the first URL
    assert dialog.url.startswith(f"{lab.url}/api/status")
    assert dialog.evaluate(REACH_PARENT) == "blocked"  # the server's sandbox header made it opaque
    assert dialog.evaluate(IS_OPAQUE)


def test_an_app_that_navigates_its_frame_to_the_notebook_origin_gets_an_opaque_page(
    lab: JupyterLabServer, cross_origin_app: str, page: Page
) -> None:
    app = open_cross_origin_app(lab, page)
    assert app.evaluate(REACH_PARENT) == "blocked"  # another origin, as ever
    status = f"{lab.url}/api/status?token={lab.token}"
    with app.expect_navigation():  # navigated from a task of its own: evaluate returns before its context goes
        app.evaluate("(url) => { setTimeout(() => { location.href = url; }); }", status)
    navigated = frame_of(page, 1)
    assert navigated.url.startswith(f"{lab.url}/api/status")
    assert navigated.evaluate(REACH_PARENT) == "blocked"
    assert navigated.evaluate(IS_OPAQUE)


def test_jupyterlabs_own_same_origin_frames_keep_their_origin(lab: JupyterLabServer, page: Page) -> None:
    page.set_default_timeout(60_000)
    lab.open_notebook(page, NOTEBOOK)
    # A frame the JupyterLab page itself navigates to a page of its server: same-origin, as before.
    title = page.evaluate(
        """(url) => new Promise((resolve) => {
             const frame = document.createElement('iframe');
             frame.onload = () => {
               try { resolve(frame.contentWindow.origin + ' ' + frame.contentDocument.body.innerText[0]); }
               catch (e) { resolve('blocked'); }
             };
             frame.src = url;
             document.body.appendChild(frame);
           })""",
        f"/api/status?token={lab.token}",
    )
    assert title == f"{lab.url} {{"


@pytest.mark.parametrize(
    ("fetch_metadata", "sandboxed"),
    [
        ({"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site"}, True),
        ({"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "same-site"}, True),
        ({"Sec-Fetch-Dest": "object", "Sec-Fetch-Site": "cross-site"}, True),
        ({"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "same-origin"}, False),
        ({"Sec-Fetch-Dest": "document", "Sec-Fetch-Site": "cross-site"}, False),  # a top-level page: a link, a hub
        ({}, False),
    ],
)
def test_the_server_sandboxes_its_pages_framed_by_a_navigation_that_was_not_same_origin(
    lab: JupyterLabServer, fetch_metadata: dict[str, str], sandboxed: bool
) -> None:
    request = urllib.request.Request(f"{lab.url}/lab?token={lab.token}", headers=fetch_metadata)
    with urllib.request.urlopen(request, timeout=30) as response:
        policies = response.headers.get_all("Content-Security-Policy") or []
        vary = ", ".join(response.headers.get_all("Vary") or [])
    assert any(p.startswith("sandbox ") and "allow-same-origin" not in p for p in policies) == sandboxed
    assert "Sec-Fetch-Dest" in vary and "Sec-Fetch-Site" in vary  # a cached page is never reused for a frame
