"""The marimo example notebook (notebooks/12-marimo-quickstart.py) in ``marimo run``, as a user opens it:
in a browser on the kernel's machine the app connects, a call rings and an answer in the app reaches
Python; in a browser on another machine (it reaches marimo's server and nothing else) the desktop
says that the app cannot be reached and what to pass."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from .remote_routing import only_the_server
from .test_frontends import TIMEOUT_MS, FrontEnd, marimo

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[2] / "notebooks" / "12-marimo-quickstart.py"


@pytest.fixture
def example(tmp_path: Path) -> Iterator[FrontEnd]:
    root, work = tmp_path / "root", tmp_path / "work"
    root.mkdir()
    work.mkdir()
    shutil.copy(EXAMPLE, root / EXAMPLE.name)
    started = marimo("run", root, work, notebook=EXAMPLE.name)
    yield started
    started.stop()


@pytest.fixture
def page(chromium: Browser, example: FrontEnd) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(error.message))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the marimo page: {errors}"


def test_the_marimo_example_rings_and_hears_the_answer(example: FrontEnd, page: Page, artifacts: Path) -> None:
    example.open(page)
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("status")).to_have_text("connected as Alex Rivera")
    call = app.get_by_test_id("interaction-1")
    expect(call).to_have_attribute("data-state", "RINGING")
    app.get_by_test_id("answer-1").click()
    card = page.get_by_test_id("desk-interaction-1").first
    expect(card).to_have_attribute("data-state", "TALKING")
    expect(card).to_contain_text("answered; Python saw it")  # Python's callback heard the answer
    expect(page.get_by_test_id("desk-notices")).to_be_hidden()
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "marimo-example.png"))


def test_from_another_machine_the_desktop_says_the_app_is_unreachable_and_the_fix(
    example: FrontEnd, page: Page, artifacts: Path
) -> None:
    refused = only_the_server(page, example.url, error="connectionrefused")
    example.open(page)
    notices = page.get_by_test_id("desk-notices")
    expect(notices).to_be_visible()
    src = page.locator("iframe[data-testid=app-frame-1]").first.get_attribute("src") or ""
    assert src.startswith("http://127.0.0.1:") and src != example.url, src
    port = urlsplit(src).port
    expect(notices).to_contain_text(f"Demo app could not be loaded from {src}: this browser cannot reach it.")
    expect(notices).to_contain_text(f"The kernel serves it on http://127.0.0.1:{port}, which only a browser")
    expect(notices).to_contain_text('Desktop(public_url="https://host/proxy/{port}/")')
    assert refused and all(urlsplit(url).port == port for url in refused), refused
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "marimo-example-remote.png"))
