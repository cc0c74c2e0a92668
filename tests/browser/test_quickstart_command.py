"""`make quickstart`'s command (scripts/quickstart.sh) starts a real JupyterLab, as root too, whose
printed URL and landing page open the quickstart notebook itself, not the Launcher."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.jupyterlab]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/01-quickstart.ipynb"
START_TIMEOUT = 90.0
# What Node prints when it reads JupyterLab's own scripts (in .venv, inside the clone) as ES modules.
NODE_ERRORS = re.compile(r"Dynamic require of|require is not defined|ES module scope|ERR_REQUIRE_ESM|without nodejs")


@dataclass
class Quickstart:
    process: subprocess.Popen[str]
    port: int
    url: str  # as JupyterLab printed it
    output: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def printed_url(output: Path, port: int, process: subprocess.Popen[str]) -> str:
    """The 127.0.0.1 URL JupyterLab prints once it is up (waits for it, up to START_TIMEOUT)."""
    pattern = re.compile(rf"http://127\.0\.0\.1:{port}/\S*")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = pattern.search(output.read_text())
        if found:
            return found.group(0)
        if process.poll() is not None:
            raise AssertionError(f"quickstart exited with {process.returncode}:\n{output.read_text()}")
        time.sleep(0.2)
    raise AssertionError(f"JupyterLab printed no URL within {START_TIMEOUT:g} s:\n{output.read_text()}")


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Quickstart]:
    """scripts/quickstart.sh, as `make quickstart` runs it, with --no-browser and a free port."""
    work = tmp_path_factory.mktemp("quickstart")
    env = {**os.environ, "PYTHON": sys.executable}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[name] = str(work / name.lower())
    port = free_port()
    output = work / "quickstart.log"
    with output.open("w") as sink:
        process = subprocess.Popen(
            ["bash", "scripts/quickstart.sh", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0"],
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        yield Quickstart(process, port, printed_url(output, port, process), output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_server_runs_as_this_user_root_included(quickstart: Quickstart) -> None:
    argv = Path(f"/proc/{quickstart.process.pid}/cmdline").read_bytes().split(b"\0")
    assert quickstart.process.poll() is None, quickstart.output.read_text()
    assert (b"--allow-root" in argv) == (os.geteuid() == 0), argv


def test_the_start_prints_no_node_error(quickstart: Quickstart) -> None:
    """JupyterLab runs Node on its own scripts while it starts (before it prints its URL): from a clone
    whose .venv sits inside the repository, none of them may be read as an ES module."""
    text = quickstart.output.read_text()
    assert quickstart.url in text
    assert not NODE_ERRORS.search(text), text[:2000]


def test_the_printed_url_and_the_landing_page_are_the_quickstart_notebook(quickstart: Quickstart) -> None:
    origin = f"http://127.0.0.1:{quickstart.port}"
    assert quickstart.url.startswith(f"{origin}/lab/tree/{NOTEBOOK}?token="), quickstart.url
    token = quickstart.url.split("?token=", 1)[1]

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as landing:
        opener.open(f"{origin}/?token={token}", timeout=10)
    assert landing.value.code == 302
    assert urllib.parse.urljoin(origin, landing.value.headers["Location"]) == quickstart.url


def test_the_printed_url_shows_the_notebook_in_jupyterlab(quickstart: Quickstart, page: Page, artifacts: Path) -> None:
    page.goto(quickstart.url)
    current_tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.jp-mod-current")
    expect(current_tab).to_have_text(re.compile(r"01-quickstart\.ipynb"), timeout=60_000)
    expect(page.locator(".jp-NotebookPanel:visible")).to_have_count(1)
    expect(page.locator(".jp-Launcher:visible")).to_have_count(0)
    expect(page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first).to_be_visible(timeout=30_000)
    page.screenshot(path=artifacts / "quickstart-command.png")
