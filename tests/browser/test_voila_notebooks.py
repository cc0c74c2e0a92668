"""Notebooks in real Voilà (standalone, ``voila folder/`` with scapi-widget's ``voila.json`` as installed,
Voilà's defaults otherwise: tracebacks stripped from the page).

A notebook that awaits the app under Voilà fails at once and the page shows the fix (Voilà runs
every cell before the page exists).
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scapi_widget.testing.servers import ServerProcess, free_port, isolated_jupyter_env

pytestmark = pytest.mark.browser

REPO = Path(__file__).parents[2]
VOILA_CONFIG = REPO / "jupyter-config" / "voila.json"
TIMEOUT_MS = 60_000


@dataclass
class Voila:
    """A standalone Voilà serving ``root`` (token-protected)."""

    url: str
    token: str
    server: ServerProcess

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
    return Voila(url, token, server)


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
    voila.server.stop()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the Voilà page: {errors}"


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
    expect(shown).to_contain_text('desk.play(scenario, start="app-connected")')
    expect(shown).to_contain_text("Voilà runs every cell before the page exists")
    seconds = time.monotonic() - opened
    assert seconds < 20, f"the page took {seconds:.1f} s: the await should fail at once, not time out (30 s)"
    expect(page.get_by_text("There was an error when executing cell")).to_be_visible()  # Voilà's own line
    assert "after the await" not in page.content()  # execution stopped at the failed cell
    page.screenshot(path=str(artifacts / "voila-await-refused.png"))
