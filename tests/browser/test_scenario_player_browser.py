"""In real Chromium: scripted demos as a presenter runs them. A run told to start once the app has
connected, made before any view exists (as under Run All or Voilà), plays when the page shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.testing import LightHarness

pytestmark = pytest.mark.browser


def test_a_run_started_before_the_page_exists_plays_once_the_app_connects(
    harness: Callable[..., LightHarness],
) -> None:
    desk = Desktop()
    run = desk.play([{"do": "simulate_inbound_call", "args": ["5550100"]}], start="app-connected")
    assert run.state == "waiting" and not desk.interactions  # the cell returned; nothing shown yet
    h = harness(desk)
    h.wait_until(lambda: run.state == "finished", what="the app to connect and the run to play")
    assert run.errors == []
    expect(h.app().get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    assert desk.interactions["1"]["state"] == "RINGING"
