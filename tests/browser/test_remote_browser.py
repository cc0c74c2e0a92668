"""scapi-widget's Jupyter server extension in a real JupyterLab: a browser that can reach nothing but
the Jupyter server runs the quickstart; the proxy forwards only to ports the running process of a
kernel of this server announced (not after that kernel was killed and restarted), with
back-pressure (slow readers cost the server no memory), and the status endpoint only for
authenticated users; TCP_NODELAY is set on kernel websockets unless configured off."""

from __future__ import annotations

import ast
import json
import os
import queue
import shutil
import signal
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import websocket  # websocket-client, a dependency of jupyter_server
from jupyter_client import BlockingKernelClient
from playwright.sync_api import Page, expect

from scapi_widget import __version__
from scapi_widget.serving.app_server import REACH_PATH, FolderServer
from scapi_widget.serving.proxy_registry import STATUS_HEADER, announce, entry_path
from scapi_widget.testing.jupyterlab import JupyterLabServer, copy_notebooks

from .remote_routing import only_the_server

REPO = Path(__file__).parents[2]
BIG_FILE = 64 * 1024 * 1024
SLOW_READERS = 8
RSS_GROWTH_BOUND = 100 * 1024 * 1024  # forwarding buffered the whole file per reader: 8 x 64 MB
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


def run_in_kernel(lab: JupyterLabServer, kernel_id: str, code: str, timeout: float = 60) -> Any:
    """Run ``code`` in a kernel of ``lab`` (a second client on its connection file); the ``result`` it sets.

    Only the shell channel is used (the value comes back in the reply), so nothing waits for IOPub.
    """
    client = BlockingKernelClient(connection_file=str(lab.runtime_dir / f"kernel-{kernel_id}.json"))  # type: ignore[attr-defined]
    client.load_connection_file()
    client.start_channels(iopub=False, stdin=False, hb=False)
    try:
        as_json = {"result": "__import__('json').dumps(result)"}
        msg_id = client.execute(code, store_history=False, user_expressions=as_json)
        deadline = time.monotonic() + timeout
        while True:
            reply = client.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    finally:
        client.stop_channels()
    content = reply["content"]
    assert content["status"] == "ok", content
    value = content["user_expressions"]["result"]
    assert value["status"] == "ok", value
    return json.loads(ast.literal_eval(value["data"]["text/plain"]))


SERVE = """
import os
from pathlib import Path
from scapi_widget.serving.app_server import serve_folder
server = serve_folder(Path({folder!r}))
result = {{"port": server.port, "key": server.announcement.key, "pid": os.getpid()}}
"""


def serve_in_kernel(lab: JupyterLabServer, kernel_id: str, folder: Path) -> dict[str, Any]:
    """Serve ``folder`` from the kernel (as an app would be): its app server's port and key, the kernel's pid."""
    served: dict[str, Any] = run_in_kernel(lab, kernel_id, SERVE.format(folder=str(folder)))
    return served


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
    refused = only_the_server(page, lab.url)
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
    # Only the view's question to the kernel's loopback went elsewhere; unanswered, it is how the view knew.
    assert [urlsplit(url).path for url in refused] == [REACH_PATH], refused
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "jupyterlab-remote-browser-quickstart.png"))


@pytest.mark.jupyterlab
def test_the_proxy_forwards_only_to_announced_ports_of_live_kernels(lab: JupyterLabServer, tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    for folder in (site, elsewhere):
        folder.mkdir()
        (folder / "index.html").write_text(f"<p>{folder.name}</p>")
        (folder / ".env").write_text("SECRET=1")
    unannounced = FolderServer(elsewhere)
    kernel_id = start_kernel(lab)
    try:
        served = serve_in_kernel(lab, kernel_id, site)
        app = f"/scapi-widget/app/{served['port']}/{served['key']}"
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
        wrong_key = f"/scapi-widget/app/{served['port']}/{'A' * len(served['key'])}/index.html"
        assert call(lab, "GET", wrong_key)[0] == 404
        assert call(lab, "GET", wrong_key, token=None)[0] == 404
        assert call(lab, "GET", f"/scapi-widget/app/{served['port']}/index.html", token=None)[0] == 404
        # The status endpoint needs Jupyter's auth, with no login redirect; its header says the extension
        # answered (what a view asks, with HEAD), and only to a request that may ask.
        status, headers, body = call(lab, "HEAD", "/scapi-widget/status")
        assert (status, headers[STATUS_HEADER], body) == (200, __version__, b"")
        for method in ("GET", "HEAD"):
            for token in (None, "wrong"):
                status, headers, _body = call(lab, method, "/scapi-widget/status", token=token)
                assert status == 403 and STATUS_HEADER not in headers, (method, token)
        # Ports no kernel of this server announced: never forwarded, whatever the key.
        for port in (unannounced.port, lab.port, 22, 0, 99999):
            assert call(lab, "GET", f"/scapi-widget/app/{port}/{served['key']}/index.html")[0] == 404, port
        stranger = announce(unannounced.port, (lab.runtime_dir, "not-a-kernel-of-this-server"))  # type: ignore[attr-defined]
        assert stranger is not None
        assert call(lab, "GET", f"/scapi-widget/app/{unannounced.port}/{stranger.key}/index.html")[0] == 404
        # Naming a kernel of this server is not enough: the announcing process must be that kernel's.
        impostor = announce(unannounced.port, (lab.runtime_dir, kernel_id))  # type: ignore[attr-defined]
        assert impostor is not None
        assert call(lab, "GET", f"/scapi-widget/app/{unannounced.port}/{impostor.key}/index.html")[0] == 404
        assert not impostor.entry.exists()  # and its entry is removed
        assert call(lab, "POST", f"{app}/index.html")[0] in (403, 405)
    finally:
        call(lab, "DELETE", f"/api/kernels/{kernel_id}")
        unannounced.close()
    assert call(lab, "GET", f"{app}/index.html")[0] == 404  # the kernel is gone


def wait_for_restart(lab: JupyterLabServer, kernel_id: str, old_pid: int) -> int:
    """The pid of the kernel's new process once Jupyter restarted it (polls the kernel; 90 s at most)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            pid = int(run_in_kernel(lab, kernel_id, "import os; result = os.getpid()", timeout=5))
        except (queue.Empty, OSError, ValueError):
            continue  # still down or starting (its connection file is rewritten on restart)
        if pid != old_pid:
            return pid
    raise AssertionError(f"kernel {kernel_id} was not restarted within 90 s")


@pytest.mark.jupyterlab
def test_a_killed_and_restarted_kernels_old_port_is_refused(lab: JupyterLabServer, tmp_path: Path) -> None:
    site, other = tmp_path / "site", tmp_path / "other"
    for folder in (site, other):
        folder.mkdir()
        (folder / "index.html").write_text(f"<p>{folder.name}</p>")
    kernel_id = start_kernel(lab)
    squatter = None
    try:
        old = serve_in_kernel(lab, kernel_id, site)
        old_app = f"/scapi-widget/app/{old['port']}/{old['key']}/index.html"
        status, _, body = call(lab, "GET", old_app, token=None)
        assert (status, body) == (200, b"<p>site</p>")
        os.kill(old["pid"], signal.SIGKILL)  # no atexit: its announcement stays behind
        wait_for_restart(lab, kernel_id, old["pid"])  # Jupyter restarts it with the same id
        assert entry_path(lab.runtime_dir, old["port"]).exists()  # type: ignore[attr-defined]
        squatter = FolderServer(other, port=old["port"])  # whatever listens on the old port now
        status, _, body = call(lab, "GET", old_app, token=None)
        assert status == 404 and b"other" not in body
        assert not entry_path(lab.runtime_dir, old["port"]).exists()  # type: ignore[attr-defined]
        new = serve_in_kernel(lab, kernel_id, site)  # the new process's app works
        new_app = f"/scapi-widget/app/{new['port']}/{new['key']}/index.html"
        status, _, body = call(lab, "GET", new_app, token=None)
        assert (status, body) == (200, b"<p>site</p>")
    finally:
        call(lab, "DELETE", f"/api/kernels/{kernel_id}")
        if squatter is not None:
            squatter.close()


def rss(pid: int) -> int:
    """Resident memory of process ``pid`` in bytes (/proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")


def request_head(port: int, path: str) -> socket.socket:
    """A connection that sent ``GET path``, read the answer's head and then reads nothing more."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        assert chunk, head
        head += chunk
    assert head.startswith(b"HTTP/1.1 200"), head
    return s


@pytest.mark.jupyterlab
def test_slow_readers_of_a_big_app_file_cost_the_server_no_memory(lab: JupyterLabServer, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>site</p>")
    with (site / "big.bin").open("wb") as f:
        f.truncate(BIG_FILE)  # sparse: costs no disk
    kernel_id = start_kernel(lab)
    slow: list[socket.socket] = []
    try:
        served = serve_in_kernel(lab, kernel_id, site)
        app = f"/scapi-widget/app/{served['port']}/{served['key']}"
        assert call(lab, "GET", f"{app}/index.html")[0] == 200  # warm: the route's code is loaded
        pid = lab.server.process.pid
        before = rss(pid)
        slow = [request_head(lab.port, f"{app}/big.bin") for _ in range(SLOW_READERS)]
        # One client reads the whole file meanwhile: the server moves data, and has time to buffer
        # everything the slow readers do not take, if it would.
        with urllib.request.urlopen(f"{lab.url}{app}/big.bin", timeout=120) as response:
            received = 0
            while chunk := response.read(1 << 20):
                received += len(chunk)
        assert received == BIG_FILE
        after = rss(pid)
        print(f"Jupyter server RSS {before / 2**20:.0f} MB -> {after / 2**20:.0f} MB with {SLOW_READERS} slow readers")
        assert after - before < RSS_GROWTH_BOUND, f"grew {(after - before) / 2**20:.0f} MB"
    finally:
        for s in slow:
            s.close()
        call(lab, "DELETE", f"/api/kernels/{kernel_id}")


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
