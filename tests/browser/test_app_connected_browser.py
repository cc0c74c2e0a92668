"""In real Chromium: the demo app connects (loads, then subscribes) and a callback registered before
any view existed hears it, as under Voilà; a reload is a new document that connects again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.testing import LightHarness

pytestmark = pytest.mark.browser
PAGES = Path(__file__).parent / "pages"


def test_a_callback_registered_before_the_page_exists_hears_the_app_connect(
    harness: Callable[..., LightHarness],
) -> None:
    desk = Desktop()
    heard: list[dict[str, Any]] = []
    desk.on_app_connected(heard.append)  # a Voilà cell: no view yet
    assert desk.apps[0]["connected"] is False
    h = harness(desk)
    h.wait_until(lambda: heard, what="the app to connect")
    assert [(a["frameId"], a["connected"]) for a in heard] == [(1, True)]
    assert desk.apps[0]["connected"] is True
    assert [r["request"] for r in desk.request_log][:1] == ["subscribe"]
    # Connected means listening: a call rung now shows in the app.
    call_id = desk.simulate_inbound_call()
    expect(h.app().get_by_test_id(f"interaction-{call_id}")).to_have_attribute("data-state", "RINGING")
    h.app().locator("body").evaluate("() => location.reload()")
    h.wait_until(lambda: len(heard) == 2, what="the reloaded app to connect again")
    assert desk.apps[0]["connected"] is True


def test_the_reads_a_page_made_while_loading_are_logged_when_it_connects(
    harness: Callable[..., LightHarness],
) -> None:
    """A page subscribes and reads while it loads (its load follows at once); the reads are answered
    in the browser from the replica, and reported before the page's load reaches Python: a notebook
    that awaited the connection finds them in the request log."""
    desk = Desktop(app=PAGES / "reads-while-loading.html")
    logged_when_connected: list[list[tuple[str, Any]]] = []
    desk.on_app_connected(
        lambda app: logged_when_connected.append([(r["request"], r.get("answeredBy")) for r in desk.request_log])
    )
    h = harness(desk)
    h.wait_until(lambda: logged_when_connected, what="the app to connect")
    (log,) = logged_when_connected
    assert log[0] == ("subscribe", None)
    assert log[1:] == [("agent.get", "browser"), ("agent.getState", "browser")], log
