"""In real marimo (``marimo run`` and ``marimo edit``) and real Chromium: a scripted demo played with
``start="app-connected"`` in a cell with no ``await`` waits for the app, then plays; its player
bar and captions show in the page, and a step waiting for the app's request goes on when the
app's Answer button is clicked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .checked_page import checked_page
from .test_frontends import FrontEnd, marimo

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parents[1] / "marimo_demo"
APP = "scenario_marimo.py"
TIMEOUT_MS = 30_000


@pytest.fixture(params=["run", "edit"])
def front_end(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FrontEnd]:
    root = shutil.copytree(DEMO, tmp_path / "root", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "work"
    work.mkdir()
    started = marimo(request.param, root, work, notebook=APP)
    started.name = f"marimo-{request.param}"
    yield started
    started.stop()


@pytest.fixture
def page(chromium: Browser, front_end: FrontEnd) -> Iterator[Page]:
    with checked_page(chromium, timeout_ms=TIMEOUT_MS, where=front_end.name) as page:
        yield page


def test_a_demo_started_when_the_app_connects_plays_in_marimo_without_await(
    front_end: FrontEnd, page: Page, artifacts: Path
) -> None:
    front_end.open(page)
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("ready")).to_have_text("yes", timeout=TIMEOUT_MS)
    # Once the app connected, the run began: the call rings and the step waits for the app's Answer.
    call = app.get_by_test_id("interaction-1")
    expect(call).to_have_attribute("data-state", "RINGING", timeout=TIMEOUT_MS)
    caption = page.get_by_test_id("desk-caption").first
    expect(caption).to_have_text("Click Answer in the app", timeout=TIMEOUT_MS)
    bar = page.get_by_test_id("desk-player").first
    expect(bar).to_have_attribute("data-state", "waiting", timeout=TIMEOUT_MS)
    app.get_by_test_id("answer-1").click()  # the step waiting for voice.answer goes on
    expect(caption).to_have_text("The invoice is attached", timeout=TIMEOUT_MS)
    expect(bar).to_have_attribute("data-state", "finished", timeout=TIMEOUT_MS)
    expect(call).to_have_attribute("data-state", "TALKING", timeout=TIMEOUT_MS)
    expect(app.get_by_test_id("event-log")).to_contain_text("ATTACHED_DATA_CHANGED", timeout=TIMEOUT_MS)
    page.screenshot(path=str(artifacts / f"scenario-{front_end.name}.png"))
