"""Several apps in one desktop (real Chromium): messenger, tab-mode limits, dialogs."""

from __future__ import annotations

from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.apps import App

from .client_app import CLIENT_APP, Make, ask


def test_two_apps_exchange_a_messenger_message(harness: Make) -> None:
    h = harness(Desktop(apps=[App(CLIENT_APP, label="CRM"), App(CLIENT_APP, label="Notes")]))
    for frame_id in (1, 2):
        expect(h.app(frame_id).get_by_test_id("loaded")).to_have_text("yes")
    reply = ask(h, 1, "messenger", "broadcastMessage", "team", {"text": "customer is VIP"})
    assert "errorMessage" not in reply
    expect(h.app(2).get_by_test_id("received")).to_have_text('messenger:team {"text":"customer is VIP"}')
    expect(h.app(1).get_by_test_id("received")).to_have_text('messenger:team {"text":"customer is VIP"}')
    assert [e.family for e in h.desk.events][-1] == "messenger:team"
    # Two panel apps are shown as tabs of the app area.
    expect(h.page.get_by_test_id("app-tab-2")).to_have_text("Notes")


def test_a_tab_mode_app_may_only_dial(harness: Make) -> None:
    h = harness(Desktop(apps=[App(CLIENT_APP, mode="tab", label="Click to dial")]))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    refused = ask(h, 1, "agent", "get")
    assert refused == {"failed": "request agent.get is not allowed: an app shown as a tab may only dial"}
    rights = ask(h, 1, "system", "getAllowedServices")
    assert rights["data"] == ["system.getAllowedServices", "voice.dial"]
    ask(h, 1, "voice", "dial", "5551234")
    assert h.desk.interactions["1"]["state"] == "DIALING"


def test_dialog_opened_by_an_app_shows_and_closes(harness: Make) -> None:
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    reply = ask(
        h, 1, "system", "openDialog", "client-app.html?dialog=$Dialog.Id$", {"label": "Notes", "width": "400px"}
    )
    dialog_id = reply["data"]
    dialog = h.page.get_by_test_id(f"desk-dialog-{dialog_id}")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Notes")
    frame_id = h.desk.desktop.workspace.dialogs[dialog_id].frame_id
    dialog_app = h.page.frame_locator(f"iframe[data-testid=app-frame-{frame_id}]")
    expect(dialog_app.get_by_test_id("loaded")).to_have_text("yes")  # the dialog talks SCAPI too
    assert dialog_app.locator("body").evaluate("() => window.ask('system', 'amIVisible').then(r => r.data)") is True
    h.page.get_by_test_id(f"desk-dialog-close-{dialog_id}").click()
    expect(dialog).to_have_count(0)
    assert h.desk.workspace["dialogs"] == []
    # An app can close its own dialog too.
    second = ask(h, 1, "system", "openDialog", "client-app.html", None)["data"]
    expect(h.page.get_by_test_id(f"desk-dialog-{second}")).to_be_visible()
    ask(h, 1, "system", "closeDialog", second)
    expect(h.page.get_by_test_id(f"desk-dialog-{second}")).to_have_count(0)


def test_menu_bar_view_from_an_app(harness: Make) -> None:
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    ask(h, 1, "system", "updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM", "tooltip": "Open CRM"})
    expect(h.page.get_by_test_id("desk-menu-view-crm")).to_have_text("CRM")
    ask(h, 1, "system", "closeViewInApplicationMenuBar", "crm")
    expect(h.page.get_by_test_id("desk-menu-view-crm")).to_have_count(0)


def test_popup_app_talks_through_its_opener(harness: Make) -> None:
    h = harness(Desktop(apps=[App(CLIENT_APP, mode="popup", label="Popup")]))
    popup = h.wait_until(
        lambda: next((p for p in h.page.context.pages if "client-app" in p.url), None), what="the popup window"
    )
    expect(popup.get_by_test_id("loaded")).to_have_text("yes")
    reply = popup.evaluate("() => window.ask('agent', 'get')")
    assert reply["data"]["firstname"] == "Alex"
    assert h.desk.desktop.frames.frames[1].loaded
