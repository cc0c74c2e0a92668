"""Voilà dashboards viewed from another machine: a browser that can reach nothing but the Voilà server
(every other address aborted by Playwright routing) shows the smoke notebook's demo app connected, a
call Python rang ringing in it, and the app's Answer reaching Python.

Three ways Voilà runs: standalone on one notebook (``voila smoke.ipynb``, Voilà's defaults: no token),
standalone on a folder (``voila root/`` with a token, ``/voila/render/...``), and as a Jupyter server
extension (JupyterLab's server, ``/voila/render/...``). Standalone Voilà loads no Jupyter server
extensions; it gets scapi-widget's routes from the ``voila.json`` the package installs, copied here
from ``jupyter-config/`` into the server's own config dir (as the JupyterLab test does with the server
extension's config).
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from scapi_widget.serving.app_server import FolderServer
from scapi_widget.testing.jupyterlab import JupyterLabServer
from scapi_widget.testing.servers import ServerProcess, free_port, isolated_jupyter_env

from .checked_page import checked_page
from .remote_routing import only_the_reach_question, only_the_server

pytestmark = pytest.mark.browser

REPO = Path(__file__).parents[2]
FRONTENDS = REPO / "tests" / "frontends"
VOILA_CONFIG = REPO / "jupyter-config" / "voila.json"
SERVER_EXTENSION_CONFIG = REPO / "jupyter-config" / "jupyter_server_config.d" / "scapi_widget.json"
NOTEBOOK = "smoke.ipynb"
TIMEOUT_MS = 60_000


@dataclass
class Dashboard:
    """A started Voilà: the server's address, the page to open, its token ('' for none), how to stop it."""

    url: str
    page_url: str
    token: str
    stop: Callable[[], None]


def standalone_voila(root: Path, work: Path, *, folder: bool) -> Dashboard:
    """``voila root/smoke.ipynb`` with Voilà's defaults, or ``voila root/`` with a token."""
    env = isolated_jupyter_env(work)
    shutil.copy(VOILA_CONFIG, Path(env["JUPYTER_CONFIG_DIR"]) / "voila.json")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    token = secrets.token_hex(16) if folder else ""
    target = [str(root), f"--token={token}"] if folder else [str(root / NOTEBOOK)]
    server = ServerProcess(
        "voila",
        [sys.executable, "-m", "voila", *target, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
        ready_url=f"{url}/scapi-widget/status?token={token}",  # answered only if scapi-widget's routes are there
        log=work / "voila.log",
        env=env,
        cwd=root,
    )
    page_url = f"{url}/voila/render/{NOTEBOOK}?token={token}" if folder else f"{url}/"
    return Dashboard(url, page_url, token, server.stop)


def voila_in_jupyter_server(root: Path, work: Path) -> Dashboard:
    """Voilà as a Jupyter server extension (in JupyterLab's server), scapi-widget's extension enabled as installed."""
    config = work / "jupyter_config_dir" / "jupyter_server_config.d"  # isolated_jupyter_env's JUPYTER_CONFIG_DIR
    config.mkdir(parents=True)
    shutil.copy(SERVER_EXTENSION_CONFIG, config / SERVER_EXTENSION_CONFIG.name)
    lab = JupyterLabServer(root, work)
    return Dashboard(lab.url, f"{lab.url}/voila/render/{NOTEBOOK}?token={lab.token}", lab.token, lab.stop)


STARTERS: dict[str, Callable[[Path, Path], Dashboard]] = {
    "voila-notebook": lambda root, work: standalone_voila(root, work, folder=False),
    "voila-folder": lambda root, work: standalone_voila(root, work, folder=True),
    "jupyter-server-voila": voila_in_jupyter_server,
}


@pytest.fixture(params=[pytest.param(n, marks=[pytest.mark.jupyterlab] if "jupyter" in n else []) for n in STARTERS])
def dashboard(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Dashboard]:
    root = shutil.copytree(FRONTENDS, tmp_path / "root", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "work"
    work.mkdir()
    started = STARTERS[request.param](root, work)
    yield started
    started.stop()


@pytest.fixture
def page(chromium: Browser, dashboard: Dashboard) -> Iterator[Page]:
    with checked_page(chromium, timeout_ms=TIMEOUT_MS, where="Voilà") as page:
        yield page


def test_a_browser_that_reaches_only_voila_sees_the_app_connected_and_the_call_ringing(
    dashboard: Dashboard, page: Page, artifacts: Path, request: pytest.FixtureRequest
) -> None:
    refused = only_the_server(page, dashboard.url)
    opened = time.monotonic()
    page.goto(dashboard.page_url)
    expect(page.get_by_test_id("desk-agent-name").first).to_have_text("Alex Rivera", timeout=TIMEOUT_MS)
    frame = page.locator("iframe[data-testid=app-frame-1]").first
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("status")).to_have_text("connected as Alex Rivera", timeout=TIMEOUT_MS)
    connected_s = time.monotonic() - opened
    src = frame.get_attribute("src") or ""
    assert src.startswith(f"{dashboard.url}/scapi-widget/app/"), src  # through the server the browser reaches
    assert "allow-same-origin" not in (frame.get_attribute("sandbox") or "allow-same-origin")
    # The page's kernel websocket got TCP_NODELAY (the status endpoint reads it back; the page's login cookie opens it).
    status = page.request.get(f"{dashboard.url}/scapi-widget/status")
    assert status.ok, status.status
    assert [s["nodelay"] for s in status.json()["kernelSockets"]] == [True]

    probe = page.get_by_test_id("python-probe")
    expect(probe).to_have_text("python: the app subscribed; call 1 is ringing", timeout=TIMEOUT_MS)
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING", timeout=TIMEOUT_MS)
    app.get_by_test_id("answer-1").click()
    expect(probe).to_have_text("python saw call 1 ESTABLISHED", timeout=TIMEOUT_MS)
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "TALKING", timeout=TIMEOUT_MS)
    # Voilà's own template asks public CDNs for style sheets (Font Awesome, ...): refused here, harmless;
    # nothing went to the kernel's loopback app server or any other address on this machine but the view's
    # question whether this browser reaches it (unanswered: so the app goes through Voilà's server).
    assert only_the_reach_question(refused), refused

    name = request.node.callspec.params["dashboard"]
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"voila-remote-{name}.png"))
    record = {
        "app_connected_s": round(connected_s, 2),
        "app_src_prefix": src.split("/scapi-widget/")[0],
        "refused": refused,
    }
    (artifacts / f"voila-remote-{name}.json").write_text(json.dumps(record, indent=1) + "\n")


def status_of(url: str, **headers: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_standalone_voila_keeps_the_routes_behind_its_token_and_forwards_nothing_unannounced(tmp_path: Path) -> None:
    root = shutil.copytree(FRONTENDS, tmp_path / "root", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "work"
    work.mkdir()
    voila = standalone_voila(root, work, folder=True)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>not announced</p>")
    served = FolderServer(site)
    try:
        status = f"{voila.url}/scapi-widget/status"
        assert status_of(status, Authorization=f"token {voila.token}") == 200
        assert status_of(status) == 403
        assert status_of(status, Authorization="token wrong") == 403
        for port in (served.port, int(urlsplit(voila.url).port or 0), 22):
            assert status_of(f"{voila.url}/scapi-widget/app/{port}/{'A' * 24}/index.html") == 404, port
    finally:
        served.close()
        voila.stop()


def test_standalone_voila_sandboxes_its_pages_framed_by_a_navigation_that_was_not_same_origin(tmp_path: Path) -> None:
    root = shutil.copytree(FRONTENDS, tmp_path / "root", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "work"
    work.mkdir()
    voila = standalone_voila(root, work, folder=True)
    try:
        for site, sandboxed in (("cross-site", True), ("same-site", True), ("same-origin", False)):
            headers = {"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": site, "Authorization": f"token {voila.token}"}
            request = urllib.request.Request(f"{voila.url}/voila/render/{NOTEBOOK}", headers=headers)
            with urllib.request.urlopen(request, timeout=60) as response:
                policies = response.headers.get_all("Content-Security-Policy") or []
            assert any(p.startswith("sandbox ") and "allow-same-origin" not in p for p in policies) == sandboxed, site
    finally:
        voila.stop()
