"""Fixtures for tests in real headless Chromium (Debian's /usr/bin/chromium)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.app_server import AppServer
from scapi_widget.testing import LightHarness, launch_chromium

ARTIFACTS = Path(os.environ.get("SCAPI_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts"))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def page_server() -> Iterator[AppServer]:
    """Serves test pages from an origin of its own (like JupyterLab's, not the apps')."""
    server = AppServer()
    yield server
    server.close()


@pytest.fixture
def harness(page: Page, page_server: AppServer) -> Callable[..., LightHarness]:
    def make(desk: Desktop | None = None) -> LightHarness:
        return LightHarness(page, desk or Desktop(), page_server)

    return make


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
