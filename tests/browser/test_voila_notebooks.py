"""Notebooks in real Voilà (standalone, ``voila folder/`` with scapi-widget's ``voila.json`` as installed,
Voilà's defaults otherwise: tracebacks stripped from the page; the quickstart also in Voilà as a Jupyter
server extension, ``/voila/render/...`` in JupyterLab's server).

A notebook that awaits the app under Voilà fails at once and the page shows the fix (Voilà runs
every cell before the page exists). The quickstart (notebooks/01-quickstart.ipynb) works in Voilà,
from this machine and from a browser that reaches nothing but the Voilà server (every other address
aborted by Playwright routing): its story plays once the app connects and its check passes in the page.
So does the demo dashboard (notebooks/11-demo-dashboard.ipynb), the test clicking Answer in the app as
the presenter would.
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scapi_widget.testing.jupyterlab import JupyterLabServer
from scapi_widget.testing.servers import ServerProcess, free_port, isolated_jupyter_env

from .checked_page import checked_page
from .remote_routing import only_the_reach_question, only_the_server

pytestmark = pytest.mark.browser

REPO = Path(__file__).parents[2]
NOTEBOOKS = REPO / "notebooks"
VOILA_CONFIG = REPO / "jupyter-config" / "voila.json"
SERVER_EXTENSION_CONFIG = REPO / "jupyter-config" / "jupyter_server_config.d" / "scapi_widget.json"
TIMEOUT_MS = 60_000


@dataclass
class Voila:
    """A standalone Voilà serving ``root`` (token-protected)."""

    url: str
    token: str
    stop: Callable[[], None]

    def page_url(self, notebook: str) -> str:
        return f"{self.url}/voila/render/{notebook}?token={self.token}"


def start_voila(root: Path, work: Path) -> Voila:
    env = isolated_jupyter_env(work)
    shutil.copy(VOILA_CONFIG, Path(env["JUPYTER_CONFIG_DIR"]) / "voila.json")
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    server = ServerProcess(
        "voila",
        [
            sys.executable,
            "-m",
            "voila",
            str(root),
            f"--token={token}",
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ],
        ready_url=f"{url}/scapi-widget/status?token={token}",
        log=work / "voila.log",
        env=env,
        cwd=root,
    )
    return Voila(url, token, server.stop)


def voila_in_jupyter_server(root: Path, work: Path) -> Voila:
    """Voilà as a Jupyter server extension (``/voila/render/...`` in JupyterLab's server), scapi-widget's
    server extension enabled as the package installs it."""
    config = work / "jupyter_config_dir" / "jupyter_server_config.d"  # isolated_jupyter_env's JUPYTER_CONFIG_DIR
    config.mkdir(parents=True)
    shutil.copy(SERVER_EXTENSION_CONFIG, config / SERVER_EXTENSION_CONFIG.name)
    lab = JupyterLabServer(root, work)
    return Voila(lab.url, lab.token, lab.stop)


STARTERS: dict[str, Callable[[Path, Path], Voila]] = {
    "voila": start_voila,
    "jupyter-server-voila": voila_in_jupyter_server,
}


def notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
                for source in cells
            ],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.fixture
def voila_root(tmp_path: Path) -> Iterator[tuple[Path, Voila]]:
    root = tmp_path / "root"
    root.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    voila = start_voila(root, work)
    yield root, voila
    voila.stop()


@pytest.fixture(params=[pytest.param(n, marks=[pytest.mark.jupyterlab] if "jupyter" in n else []) for n in STARTERS])
def any_voila(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Voila]]:
    """Standalone Voilà, or Voilà in a Jupyter server, serving an empty folder."""
    root = tmp_path / "root"
    root.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    voila = STARTERS[request.param](root, work)
    yield root, voila
    voila.stop()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    with checked_page(chromium, timeout_ms=TIMEOUT_MS, where="Voilà") as page:
        yield page


def test_awaiting_the_app_in_voila_fails_at_once_and_the_page_shows_the_fix(
    voila_root: tuple[Path, Voila], page: Page, artifacts: Path
) -> None:
    root, voila = voila_root
    (root / "awaits.ipynb").write_text(
        notebook(
            "from scapi_widget import Desktop\ndesk = Desktop()\ndesk",
            "await desk.app_connected()",
            "print('after the await')",
        )
    )
    opened = time.monotonic()
    page.goto(voila.page_url("awaits.ipynb"))
    shown = page.get_by_test_id("scapi-dashboard-error")
    expect(shown).to_contain_text('desk.play(scenario, start="app-connected")', timeout=TIMEOUT_MS)
    expect(shown).to_contain_text("Voilà runs every cell before the page exists", timeout=TIMEOUT_MS)
    seconds = time.monotonic() - opened
    assert seconds < 20, f"the page took {seconds:.1f} s: the await should fail at once, not time out (30 s)"
    expect(page.get_by_text("There was an error when executing cell")).to_be_visible()  # Voilà's own line
    assert "after the await" not in page.content()  # execution stopped at the failed cell
    page.screenshot(path=str(artifacts / "voila-await-refused.png"))
    (artifacts / "voila-await-refused.json").write_text(json.dumps({"message_shown_s": round(seconds, 2)}) + "\n")


@pytest.mark.parametrize("where", ["local", "remote"])
def test_the_quickstart_plays_its_story_in_voila_and_checks_it(
    any_voila: tuple[Path, Voila], page: Page, artifacts: Path, where: str, request: pytest.FixtureRequest
) -> None:
    root, voila = any_voila
    shutil.copy(NOTEBOOKS / "01-quickstart.ipynb", root)
    refused = only_the_server(page, voila.url) if where == "remote" else []
    page.goto(voila.page_url("01-quickstart.ipynb"))
    check = page.get_by_test_id("story-check")
    # the cells ran; the story waits for the app
    expect(check).to_have_attribute("data-state", "pending", timeout=TIMEOUT_MS)
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("status")).to_have_text("connected as Alex Rivera", timeout=TIMEOUT_MS)
    expect(app.get_by_test_id("event-log")).to_contain_text("interaction RINGING RINGING", timeout=TIMEOUT_MS)
    expect(check).to_have_attribute("data-state", "passed", timeout=TIMEOUT_MS)
    expect(check).to_have_text(
        "quickstart OK: the app saw ADDED → RINGING → ESTABLISHED → ATTACHED_DATA_CHANGED → RELEASED",
        timeout=TIMEOUT_MS,
    )
    expect(app.get_by_test_id("event-log")).to_contain_text("interaction RELEASED", timeout=TIMEOUT_MS)
    if where == "remote":
        src = page.locator("iframe[data-testid=app-frame-1]").first.get_attribute("src") or ""
        assert src.startswith(f"{voila.url}/scapi-widget/app/"), src  # through the server the browser reaches
        assert only_the_reach_question(refused), refused  # nothing else went to this machine
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    name = request.node.callspec.params["any_voila"]
    page.screenshot(path=str(artifacts / f"{name}-quickstart-{where}.png"))


@pytest.mark.parametrize("where", ["local", "remote"])
def test_the_demo_dashboard_runs_in_voila_with_the_presenter_answering_in_the_app(
    voila_root: tuple[Path, Voila], page: Page, artifacts: Path, where: str
) -> None:
    root, voila = voila_root
    shutil.copy(NOTEBOOKS / "11-demo-dashboard.ipynb", root)
    refused = only_the_server(page, voila.url) if where == "remote" else []
    page.goto(voila.page_url("11-demo-dashboard.ipynb"))
    alex_app = page.frame_locator("iframe[data-testid=app-frame-1]").nth(0)
    bob_app = page.frame_locator("iframe[data-testid=app-frame-1]").nth(1)
    caption = page.get_by_test_id("desk-caption").first
    # The story waits for the presenter: Alex's app shows who is calling, the caption says what to do.
    expect(caption).to_contain_text("click Answer in Alex's app", timeout=TIMEOUT_MS)
    expect(alex_app.get_by_test_id("interaction-1")).to_contain_text("Ann Lee", timeout=TIMEOUT_MS)
    page.screenshot(path=str(artifacts / f"voila-dashboard-{where}-waiting.png"))
    alex_app.get_by_test_id("answer-1").click()  # the presenter's click, in the app
    expect(caption).to_contain_text("Bob takes the call", timeout=TIMEOUT_MS)
    check = page.get_by_test_id("story-check")
    expect(check).to_have_attribute("data-state", "passed", timeout=TIMEOUT_MS)
    expect(check).to_contain_text("dashboard OK", timeout=TIMEOUT_MS)
    bob_call = bob_app.get_by_test_id("interaction-1")
    expect(bob_call).to_have_attribute("data-state", "TALKING", timeout=TIMEOUT_MS)
    expect(bob_call).to_contain_text("INV-7731", timeout=TIMEOUT_MS)
    if where == "remote":
        for frame in page.locator("iframe[data-testid=app-frame-1]").all():
            src = frame.get_attribute("src") or ""
            assert src.startswith(f"{voila.url}/scapi-widget/app/"), src
        assert only_the_reach_question(refused, views=2), refused  # one question per desktop shown
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"voila-dashboard-{where}.png"))
