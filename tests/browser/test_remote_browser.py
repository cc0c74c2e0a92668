"""scapi-widget's Jupyter server extension in a real JupyterLab: a browser that can reach nothing but
the Jupyter server runs the quickstart; the proxy forwards only to announced ports of live kernels
and only for authenticated users; TCP_NODELAY is set on kernel websockets unless configured off."""

from __future__ import annotations

import json
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import websocket  # websocket-client, a dependency of jupyter_server
from playwright.sync_api import Page, Route, expect

from scapi_widget.app_server import FolderServer
from scapi_widget.proxy_registry import announce
from scapi_widget.testing.jupyterlab import JupyterLabServer, copy_notebooks

REPO = Path(__file__).parents[2]
EXTENSION_CONFIG = REPO / "jupyter-config" / "jupyter_server_config.d" / "scapi_widget.json"


def start_lab(factory: pytest.TempPathFactory, **options: Any) -> JupyterLabServer:
    """JupyterLab with the extension enabled by the config file the package installs (and ``options``)."""
    root, work = factory.mktemp("lab-root"), factory.mktemp("lab-work")
    copy_notebooks(REPO / "notebooks", root)
    config = work / "jupyter_config_dir"  # JupyterLabServer points JUPYTER_CONFIG_DIR here
    (config / "jupyter_server_config.d").mkdir(parents=True)
    shutil.copy(EXTENSION_CONFIG, config / "jupyter_server_config.d" / EXTENSION_CONFIG.name)
    if options:
        (config / "jupyter_server_config.json").write_text(json.dumps({"ScapiWidget": options}))
    lab = JupyterLabServer(root, work)
    lab.runtime_dir = work / "jupyter_runtime_dir"  # type: ignore[attr-defined]
    return lab


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    server = start_lab(tmp_path_factory)
    yield server
    server.stop()


def call(
    lab: JupyterLabServer, method: str, path: str, token: str | None = "", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a request to the Jupyter server; ``token=None`` sends no credentials."""
    if token is not None:
        headers["Authorization"] = f"token {token or lab.token}"
    request = urllib.request.Request(f"{lab.url}{path}", method=method, headers=headers)
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def start_kernel(lab: JupyterLabServer) -> str:
    status, _, body = call(lab, "POST", "/api/kernels", **{"Content-Type": "application/json"})
    assert status == 201, body
    kernel_id: str = json.loads(body)["id"]
    return kernel_id


def kernel_socket_options(lab: JupyterLabServer) -> list[bool]:
    """Open a kernel websocket as JupyterLab does; TCP_NODELAY as the server reads it back from the socket."""
    kernel_id = start_kernel(lab)
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels?session_id=test&token={lab.token}", timeout=30
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = json.loads(call(lab, "GET", "/scapi-widget/status")[2])
            if status["kernelSockets"]:
                return [s["nodelay"] for s in status["kernelSockets"]]
            time.sleep(0.1)
        raise AssertionError("the kernel websocket never showed up in scapi-widget/status")
    finally:
        ws.close()
        call(lab, "DELETE", f"/api/kernels/{kernel_id}")


@pytest.mark.browser
@pytest.mark.jupyterlab
def test_a_browser_that_reaches_only_the_jupyter_server_runs_the_quickstart(
    lab: JupyterLabServer, page: Page, artifacts: Path
) -> None:
    allowed = urlsplit(lab.url).netloc
    refused: list[str] = []

    def only_the_server(route: Route) -> None:
        if urlsplit(route.request.url).netloc == allowed or not route.request.url.startswith("http"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_server)
    page.set_default_timeout(60_000)
    lab.open_notebook(page, "01-quickstart.ipynb")
    lab.run_all_cells(page, timeout=180_000)
    assert lab.cell_errors(page) == []
    assert "quickstart OK" in lab.cell_text(page)  # its last cell asserts the call rang in the app
    frame = page.locator("iframe[data-testid=app-frame-1]").first
    src = frame.get_attribute("src") or ""
    assert src.startswith(f"{lab.url}/scapi-widget/app/"), src  # through the Jupyter server
    assert "allow-same-origin" not in (frame.get_attribute("sandbox") or "allow-same-origin")
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("status")).to_contain_text("connected as Alex Rivera")
    assert refused == []
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "jupyterlab-remote-browser-quickstart.png"))


@pytest.mark.jupyterlab
def test_the_proxy_forwards_only_to_announced_ports_of_live_kernels(lab: JupyterLabServer, tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    for folder in (site, elsewhere):
        folder.mkdir()
        (folder / "index.html").write_text(f"<p>{folder.name}</p>")
        (folder / ".env").write_text("SECRET=1")
    served, unannounced = FolderServer(site), FolderServer(elsewhere)
    kernel_id = start_kernel(lab)
    try:
        announcement = announce(served.port, (lab.runtime_dir, kernel_id))  # type: ignore[attr-defined]
        assert announcement is not None
        app = f"/scapi-widget/app/{served.port}/{announcement.key}"
        status, headers, body = call(lab, "GET", f"{app}/index.html")
        assert (status, body) == (200, b"<p>site</p>")
        assert "sandbox allow-scripts" in headers["Content-Security-Policy"]
        assert "allow-same-origin" not in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "no-referrer"
        status, headers, body = call(lab, "HEAD", f"{app}/index.html")
        assert (status, headers["Content-Length"], body) == (200, str(len("<p>site</p>")), b"")
        assert call(lab, "GET", f"{app}/.env")[0] == 404
        assert call(lab, "GET", f"{app}/%2e%2e/elsewhere/index.html")[0] == 404
        # The key is the credential an opaque frame can carry (it has no cookies); without it, nothing.
        assert call(lab, "GET", f"{app}/index.html", token=None)[0] == 200
        wrong_key = f"/scapi-widget/app/{served.port}/{'A' * len(announcement.key)}/index.html"
        assert call(lab, "GET", wrong_key)[0] == 404
        assert call(lab, "GET", wrong_key, token=None)[0] == 404
        assert call(lab, "GET", f"/scapi-widget/app/{served.port}/index.html", token=None)[0] == 404
        # The status endpoint needs Jupyter's auth, with no login redirect.
        assert call(lab, "GET", "/scapi-widget/status", token=None)[0] == 403
        assert call(lab, "GET", "/scapi-widget/status", token="wrong")[0] == 403
        # Ports no kernel of this server announced: never forwarded, whatever the key.
        for port in (unannounced.port, lab.port, 22, 0, 99999):
            assert call(lab, "GET", f"/scapi-widget/app/{port}/{announcement.key}/index.html")[0] == 404, port
        stranger = announce(unannounced.port, (lab.runtime_dir, "not-a-kernel-of-this-server"))  # type: ignore[attr-defined]
        assert stranger is not None
        assert call(lab, "GET", f"/scapi-widget/app/{unannounced.port}/{stranger.key}/index.html")[0] == 404
        assert call(lab, "POST", f"{app}/index.html")[0] in (403, 405)
    finally:
        call(lab, "DELETE", f"/api/kernels/{kernel_id}")
    assert call(lab, "GET", f"{app}/index.html")[0] == 404  # the kernel is gone
    served.close()
    unannounced.close()


@pytest.mark.jupyterlab
def test_tcp_nodelay_is_set_on_kernel_websockets(lab: JupyterLabServer) -> None:
    status = json.loads(call(lab, "GET", "/scapi-widget/status")[2])
    assert status["scapiWidget"] is True and status["kernelNodelay"] is True
    assert kernel_socket_options(lab) == [True]


@pytest.mark.jupyterlab
def test_tcp_nodelay_stays_off_when_configured_off(tmp_path_factory: pytest.TempPathFactory) -> None:
    lab = start_lab(tmp_path_factory, kernel_nodelay=False)
    try:
        assert json.loads(call(lab, "GET", "/scapi-widget/status")[2])["kernelNodelay"] is False
        assert kernel_socket_options(lab) == [False]
    finally:
        lab.stop()
