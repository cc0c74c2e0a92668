"""The front-end matrix: the same smoke scenario in JupyterLab, Notebook 7, Voilà and marimo (run and edit).

Each front end runs with its default settings (apart from token, port and dirs) and shows
``tests/frontends/``: the notebook ``smoke.ipynb`` or the marimo app ``smoke_marimo.py``, both
built by ``smoke_desktop.build()``. Each test asserts that the desktop renders, the demo app
connects (``agent.get`` answered through Python, interaction events subscribed), a Python action
reaches the app (Python rings a call once the app has subscribed; the app shows it RINGING), and
a click in the app reaches Python (the app's Answer button; a Python callback writes what it saw
into a probe widget on the page). Screenshots: ``test-artifacts/frontend-<name>.png``; timings:
``test-artifacts/frontend-<name>.json``.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scapi_widget.testing.jupyterlab import JupyterLabServer
from scapi_widget.testing.servers import ServerProcess, free_port, isolated_jupyter_env

from .checked_page import checked_page

pytestmark = pytest.mark.browser

FRONTENDS = Path(__file__).parents[1] / "frontends"
NOTEBOOK = "smoke.ipynb"
MARIMO_APP = "smoke_marimo.py"
TIMEOUT_MS = 30_000
RUN_ALL_STALE_MARIMO = "[data-testid=interrupt-button] ~ [data-testid=run-button]"  # the editor's corner button
# Notebook 7.6 (with JupyterLab 4.6) throws this on its own while loading, with default settings and
# no widget: its shortcuts plugin hears other plugins' settings load before its own are registered.
NOTEBOOK7_LOAD_RACE = ("Cannot read properties of undefined (reading 'schema')", "/static/notebook/notebook_core.")


@dataclass
class FrontEnd:
    """A started front end: how long its server took to answer, and how to open the smoke page."""

    startup_seconds: float
    open: Callable[[Page], object]
    stop: Callable[[], None]
    known_errors: list[tuple[str, str]] = field(default_factory=list)  # (message, stack part) not ours
    name: str = ""
    url: str = ""  # where the front end's server is


def jupyter_app(app: str, root: Path, work: Path) -> FrontEnd:
    server = JupyterLabServer(root, work, app=app)

    def open_page(page: Page) -> None:
        server.open_notebook(page, NOTEBOOK)
        server.start_all_cells(page)

    known = [NOTEBOOK7_LOAD_RACE] if app == "notebook" else []
    return FrontEnd(server.server.startup_seconds, open_page, server.stop, known)


def voila(root: Path, work: Path) -> FrontEnd:
    token, port = secrets.token_hex(16), free_port()
    url = f"http://127.0.0.1:{port}"
    server = ServerProcess(
        "voila",
        [
            sys.executable,
            "-m",
            "voila",
            "--no-browser",
            f"--token={token}",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            f"--Voila.root_dir={root}",
        ],
        ready_url=f"{url}/voila/tree?token={token}",
        log=work / "voila.log",
        env=isolated_jupyter_env(work),
    )
    return FrontEnd(
        server.startup_seconds,
        lambda page: page.goto(f"{url}/voila/render/{NOTEBOOK}?token={token}"),
        server.stop,
    )


def marimo(command: str, root: Path, work: Path, notebook: str = MARIMO_APP) -> FrontEnd:
    """``marimo run`` (an app: no token by default) or ``marimo edit`` (the editor: a token by default) of
    ``root / notebook``; the FrontEnd's ``url`` is the server's."""
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    env = isolated_jupyter_env(work)
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):  # marimo's config, cache and state
        (work / name.lower()).mkdir()
        env[name] = str(work / name.lower())
    auth = ["--no-token"] if command == "run" else [f"--token-password={token}", "--skip-update-check"]
    server = ServerProcess(
        f"marimo {command}",
        [
            sys.executable,
            "-m",
            "marimo",
            command,
            str(root / notebook),
            "--headless",
            "--host=127.0.0.1",
            f"--port={port}",
            *auth,
        ],
        ready_url=f"{url}/health",
        log=work / f"marimo-{command}.log",
        env=env,
        cwd=root,
    )

    def open_page(page: Page) -> None:
        if command == "run":
            page.goto(url)
            return
        page.goto(f"{url}/?access_token={token}")
        # The editor does not run a notebook it opens (runtime.auto_instantiate is off): run all, as a person would,
        # once the kernel is there (the button is marked disabled until then).
        run_all = page.locator(RUN_ALL_STALE_MARIMO)
        expect(run_all).not_to_have_class(re.compile(r"\bdisabled\b"), timeout=TIMEOUT_MS)
        run_all.click()

    return FrontEnd(server.startup_seconds, open_page, server.stop, url=url)


STARTERS: dict[str, Callable[[Path, Path], FrontEnd]] = {
    "jupyterlab": lambda root, work: jupyter_app("lab", root, work),
    "notebook7": lambda root, work: jupyter_app("notebook", root, work),
    "voila": voila,
    "marimo": lambda root, work: marimo("run", root, work),
    "marimo-edit": lambda root, work: marimo("edit", root, work),
}
JUPYTERLAB_BASED = {"jupyterlab", "notebook7"}


@pytest.fixture(
    params=[pytest.param(n, marks=[pytest.mark.jupyterlab] if n in JUPYTERLAB_BASED else []) for n in STARTERS]
)
def front_end(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FrontEnd]:
    root = shutil.copytree(FRONTENDS, tmp_path / "root", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "work"
    work.mkdir()
    started = STARTERS[request.param](root, work)
    started.name = request.param
    yield started
    started.stop()


@pytest.fixture
def page(chromium: Browser, front_end: FrontEnd) -> Iterator[Page]:
    """A fresh page (closed before the front end's server stops); fails on JavaScript errors but the
    front end's own known ones."""
    with checked_page(chromium, timeout_ms=TIMEOUT_MS, where=front_end.name, known=front_end.known_errors) as page:
        yield page


def test_smoke(front_end: FrontEnd, page: Page, artifacts: Path) -> None:
    marks: dict[str, float] = {"server_start_s": round(front_end.startup_seconds, 2)}
    opened = time.monotonic()

    def mark(name: str) -> None:
        marks[name] = round(time.monotonic() - opened, 2)

    front_end.open(page)
    desktop = page.get_by_test_id("scapi-desktop").first
    expect(desktop).to_be_visible(timeout=TIMEOUT_MS)
    # Python's desktop state, rendered by the widget's front end.
    expect(page.get_by_test_id("desk-agent-name").first).to_have_text("Alex Rivera", timeout=TIMEOUT_MS)
    mark("desktop_rendered_s")

    # The app's frame handshakes and its agent.get is answered through Python.
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("status")).to_have_text("connected as Alex Rivera", timeout=TIMEOUT_MS)
    expect(app.get_by_test_id("ready")).to_have_text("yes", timeout=TIMEOUT_MS)
    mark("app_connected_s")

    # Python reacted to the app's subscription by ringing a call; the app shows it ringing.
    probe = page.get_by_test_id("python-probe")
    expect(probe).to_have_text("python: the app subscribed; call 1 is ringing", timeout=TIMEOUT_MS)
    call = app.get_by_test_id("interaction-1")
    expect(call).to_have_attribute("data-state", "RINGING", timeout=TIMEOUT_MS)
    expect(app.get_by_test_id("event-log")).to_contain_text("interaction RINGING RINGING", timeout=TIMEOUT_MS)
    mark("python_to_app_s")

    # The app's Answer button: voice.answer goes to Python, whose callback writes the probe.
    app.get_by_test_id("answer-1").click()
    expect(probe).to_have_text("python saw call 1 ESTABLISHED", timeout=TIMEOUT_MS)
    expect(call).to_have_attribute("data-state", "TALKING", timeout=TIMEOUT_MS)
    desk_call = page.get_by_test_id("desk-interaction-1").first
    expect(desk_call).to_have_attribute("data-state", "TALKING", timeout=TIMEOUT_MS)
    mark("app_to_python_s")

    desktop.scroll_into_view_if_needed()
    probe.scroll_into_view_if_needed()  # the desktop and, below it, what Python saw
    shot = artifacts / f"frontend-{front_end.name}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    record = {**marks, "app_src": page.locator("iframe[data-testid=app-frame-1]").first.get_attribute("src")}
    (artifacts / f"frontend-{front_end.name}.json").write_text(json.dumps(record, indent=1) + "\n")
