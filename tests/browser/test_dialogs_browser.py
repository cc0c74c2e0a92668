"""Dialogs are usable (real headless Chromium): what the user sees and clicks, not just the box."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scapi_widget.apps import App
from scapi_widget.testing import LightHarness
from scapi_widget.widget import Desktop

from .client_app import CLIENT_APP, Make, ask

pytestmark = pytest.mark.browser




def visibility(h: LightHarness, frame_id: int) -> str:
    return h.page.locator(f"iframe[data-testid=app-frame-{frame_id}]").evaluate("(e) => getComputedStyle(e).visibility")


def test_a_click_inside_a_dialog_reaches_python(harness: Make) -> None:
    h = harness(Desktop(apps=[App(CLIENT_APP, label="CRM"), App(CLIENT_APP, label="Notes")]))
    for frame_id in (1, 2):
        expect(h.app(frame_id).get_by_test_id("loaded")).to_have_text("yes")
    h.page.get_by_test_id("app-tab-2").click()
    # Every change of the hosted apps re-renders the tabs (FramesView.select): the dialog opening is one.
    dialog_id = ask(h, 1, "system", "openDialog", "dial-button-app.html", {"label": "Dialer", "width": "500px"})["data"]
    frame_id = h.desk.desktop.workspace.dialogs[dialog_id].frame_id
    dialog = h.page.frame_locator(f"iframe[data-testid=app-frame-{frame_id}]")
    expect(dialog.get_by_test_id("loaded")).to_have_text("yes")
    assert visibility(h, frame_id) == "visible"
    expect(h.page.locator(f"iframe[data-testid=app-frame-{frame_id}]")).to_be_visible()
    # A real click (Playwright checks the button is visible and is what receives the click).
    dialog.get_by_test_id("dial").click()
    expect(dialog.get_by_test_id("result")).to_have_text("dialed")
    item = h.wait_until(lambda: h.desk.interactions.get("1"), what="the dialog's dial in Python")
    assert item["state"] == "DIALING" and item["dnis"] == "5001"
    assert dialog.locator("body").evaluate("() => window.ask('system', 'amIVisible').then((r) => r.data)") is True
    # The tabs switch the area apps, and only them; the dialog's frame stays shown.
    assert [visibility(h, 1), visibility(h, 2)] == ["hidden", "visible"]
    h.page.get_by_test_id(f"desk-dialog-close-{dialog_id}").click()
    h.page.get_by_test_id("app-tab-1").click()
    assert [visibility(h, 1), visibility(h, 2)] == ["visible", "hidden"]
