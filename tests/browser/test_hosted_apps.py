"""Apps the kernel serves, in real Chromium: a single-page-app build at the root of its own origin,
and a path missing inside an app shown in the desktop."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, Route, expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.app_server import REACH_PATH
from scapi_widget.testing import LightHarness

pytestmark = pytest.mark.browser

Make = Callable[..., LightHarness]
APPS = Path(__file__).parents[1] / "apps"
FRAMES_VIEW = Path(__file__).parents[2] / "js" / "frames-view.js"
FRAME_LOAD_TIMEOUT_MS = int(re.findall(r"FRAME_LOAD_TIMEOUT_MS = (\d+);", FRAMES_VIEW.read_text())[0])
"""A frame with no load event this long did not load (the view's constant)."""
SPA_ASSETS = ("index.html", "static/css/main.css", "wwe-api.js", "scapi-client.js", "static/js/main.js", "logo.png")


def test_spa_build_with_root_absolute_paths_and_a_client_side_route_loads_every_asset(
    harness: Make, page: Page
) -> None:
    responses: list[Response] = []
    failed: list[str] = []
    page.on("response", lambda response: responses.append(response))
    # The view's reachability probe (HEAD, no-cors) gets an opaque answer whose body Chromium's opaque
    # response blocking withholds: reported as ERR_ABORTED although it was answered (no notice below).
    page.on("requestfailed", lambda request: request.method == "HEAD" or failed.append(request.url))
    h = harness(Desktop(app=APPS / "spa" / "index.html"))
    app = h.app()
    expect(app.get_by_test_id("agent")).to_have_text("Alex Rivera")  # SCAPI through our fallback client library
    expect(app.get_by_test_id("route")).to_have_text("/statistics (wwe-api loaded)")
    expect(app.locator("body")).to_have_css("font-family", "sans-serif")  # /static/css/main.css applied
    logo = app.get_by_test_id("logo")
    h.wait_until(lambda: logo.evaluate("img => img.complete"), what="the logo to load or fail")
    assert logo.evaluate("img => img.naturalWidth") == 8
    origin = h.desk.apps[0]["origin"]
    assert h.desk.apps[0]["url"] == f"{origin}/index.html"  # the app folder is the root of its own origin
    from_app = {r.url.removeprefix(f"{origin}/"): r.status for r in responses if r.url.startswith(f"{origin}/")}
    assert from_app.pop(REACH_PATH[1:]) == 200  # the view's question whether its browser reaches the kernel
    assert set(from_app) == set(SPA_ASSETS), from_app
    assert all(status == 200 for status in from_app.values()), from_app
    assert h.desk.notices == []
    assert failed == []


def test_a_path_missing_inside_a_hosted_app_shows_in_the_desktop(harness: Make, page: Page) -> None:
    h = harness(Desktop(app=APPS / "missing-asset" / "index.html", height="400px"))
    expect(h.app().get_by_test_id("loaded")).to_have_text("loaded")
    notices = page.get_by_test_id("desk-notices")
    expect(notices).to_be_visible()
    expect(notices).to_contain_text("index.html: /static/js/absent.js was not found (404)")
    assert h.desk.notices == [
        {
            "kind": "not-found",
            "path": "/static/js/absent.js",
            "apps": ["index.html"],
            "message": "index.html: /static/js/absent.js was not found (404)",
        }
    ]


def test_an_app_this_browser_cannot_reach_is_named_in_the_desktop_with_the_fix(harness: Make, page: Page) -> None:
    # A browser on another machine: the kernel's 127.0.0.1 is not the browser's (marimo, VS Code remote).
    desk = Desktop(app=APPS / "missing-asset" / "index.html", height="400px")
    url = desk.apps[0]["url"]
    origin = desk.apps[0]["origin"]
    page.route(f"{origin}/**", lambda route: route.abort("connectionrefused"))
    h = harness(desk)
    notices = page.get_by_test_id("desk-notices")
    expect(notices).to_be_visible()
    port = origin.rsplit(":", 1)[1]
    said = f"index.html could not be loaded from {url}: this browser cannot reach it."
    expect(notices).to_contain_text(said)
    expect(notices).to_contain_text(f"forward the kernel's app port {port} through a proxy")
    expect(notices).to_contain_text('Desktop(public_url="https://host/proxy/{port}/")')
    with ThreadPoolExecutor(1) as apart:  # Playwright's loop runs in this thread; the await runs in another
        caught = apart.submit(asyncio.run, h.desk.app_connected(timeout=0.05)).exception()
    assert isinstance(caught, TimeoutError), caught
    message = str(caught)
    assert said in message and "public_url" in message, message
    assert "on_app_connected" not in message  # the cause is known: no guessing


def test_a_frame_that_never_finishes_loading_is_named_in_the_desktop(harness: Make, page: Page) -> None:
    desk = Desktop(app=APPS / "missing-asset" / "index.html", height="400px")
    url = desk.apps[0]["url"]
    held: list[Route] = []

    def hold_the_page(route: Route) -> None:  # the server answers the view's HEAD, then never the page itself
        if route.request.method == "HEAD" or route.request.url != url:
            route.continue_()
        else:
            held.append(route)

    page.route(f"{desk.apps[0]['origin']}/**", hold_the_page)
    h = harness(desk)
    notices = page.get_by_test_id("desk-notices")
    expect(notices).to_contain_text(
        f"index.html could not be loaded from {url}: it did not finish loading in time.",
        timeout=FRAME_LOAD_TIMEOUT_MS + 10_000,
    )
    assert held and h.desk.notices[0]["kind"] == "frame-failed"
