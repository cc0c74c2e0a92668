"""Dialogs are usable (real headless Chromium): what the user sees and clicks, not just the box."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.apps import App
from scapi_widget.testing import LightHarness

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


def test_a_dialog_closes_itself_as_genesys_sample_does(harness: Make) -> None:
    """The sample's "Close Dialog": the dialog's own page calls system.closeDialog with the id it read
    from its URL ($Dialog.Id$). The dialog is gone from the page and from Python, and the desktop
    and its app carry on."""
    h = harness(Desktop(apps=[App(CLIENT_APP, label="CRM")]))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    dialog_id = ask(h, 1, "system", "openDialog", "self-closing-dialog.html?id=$Dialog.Id$", {"label": "Notes"})["data"]
    frame_id = h.desk.desktop.workspace.dialogs[dialog_id].frame_id
    dialog = h.app(frame_id)
    expect(dialog.get_by_test_id("loaded")).to_have_text("yes")
    expect(dialog.get_by_test_id("dialog-id")).to_have_text(dialog_id)  # the code in its URL, replaced
    expect(h.page.get_by_test_id(f"desk-dialog-{dialog_id}")).to_be_visible()

    dialog.get_by_test_id("close-dialog").click()

    expect(h.page.get_by_test_id(f"desk-dialog-{dialog_id}")).to_have_count(0)
    expect(h.page.locator(f"iframe[data-testid=app-frame-{frame_id}]")).to_have_count(0)
    h.wait_until(lambda: not h.desk.workspace["dialogs"], what="the dialog gone from Python")
    assert dialog_id not in h.desk.desktop.workspace.dialogs and frame_id not in h.desk.frame_ids
    assert [a["frameId"] for a in h.desk.apps] == [1]
    entry = next(e for e in reversed(h.desk.request_log) if e["request"] == "system.closeDialog")
    assert (entry["frameId"], entry["ok"]) == (frame_id, True)
    # The app carries on, and opens another dialog that the desktop's x closes.
    assert ask(h, 1, "agent", "get")["data"]["username"] == "arivera"
    second = ask(h, 1, "system", "openDialog", "self-closing-dialog.html?id=$Dialog.Id$", {})["data"]
    h.page.get_by_test_id(f"desk-dialog-close-{second}").click()
    expect(h.page.get_by_test_id(f"desk-dialog-{second}")).to_have_count(0)
    h.wait_until(lambda: not h.desk.workspace["dialogs"], what="the second dialog gone from Python")
