"""Hosted apps reach only their own things (real headless Chromium, two apps of the same origin).

A second app that guesses the first one's toast and dialog ids (they are predictable) and names
its menu-bar view is answered as for things that do not exist; the first app's toast, dialog and
view stay on the page as they were. Past what one app may hold, it gets an ``errorMessage``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scapi_widget.desktop.workspace import MAX_OPEN_DIALOGS
from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.apps import App

from .client_app import CLIENT_APP, Make, ask

pytestmark = pytest.mark.browser


def test_an_app_cannot_change_another_apps_toasts_dialogs_or_menu_views(harness: Make) -> None:
    h = harness(Desktop(apps=[App(CLIENT_APP, label="CRM"), App(CLIENT_APP, label="Rogue")]))
    for frame_id in (1, 2):
        expect(h.app(frame_id).get_by_test_id("loaded")).to_have_text("yes")
    toast_id = ask(h, 1, "system", "popupToast", {"title": "Offer", "buttons": ["Take it"]})["data"]
    dialog_id = ask(h, 1, "system", "openDialog", "raw-app.html", {"label": "Notes"})["data"]
    ask(h, 1, "system", "updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM"})
    toast = h.page.get_by_test_id(f"desk-toast-{toast_id}")
    expect(toast).to_contain_text("Offer")
    expect(h.page.get_by_test_id(f"desk-dialog-{dialog_id}")).to_be_visible()

    assert ask(h, 2, "system", "updateToast", toast_id, {"title": "Pay here", "buttons": ["Pay"]})["data"] is False
    assert ask(h, 2, "system", "closeToast", toast_id)["data"] is False
    refused = ask(h, 2, "system", "closeDialog", dialog_id)
    assert refused["failed"] == f"no dialog '{dialog_id}' of this app is open (open: none)"
    refused = ask(h, 2, "system", "closeViewInApplicationMenuBar", "crm")
    assert refused["failed"] == "no menu-bar view 'crm' among this app's (its views: none)"
    ask(h, 2, "system", "updateViewInApplicationMenuBar", {"name": "crm", "label": "Fake CRM"})  # a view of its own

    h.flush()
    expect(toast).to_contain_text("Offer")
    expect(toast).not_to_contain_text("Pay")
    expect(h.page.get_by_test_id(f"desk-dialog-{dialog_id}")).to_be_visible()
    expect(h.page.locator("[data-testid=desk-menu-view-crm][data-owner='1']")).to_have_text("CRM")
    expect(h.page.locator("[data-testid=desk-menu-view-crm][data-owner='2']")).to_have_text("Fake CRM")
    # The first app still owns them all.
    assert ask(h, 1, "system", "closeToast", toast_id)["data"] is True
    expect(toast).to_have_count(0)
    ask(h, 1, "system", "closeDialog", dialog_id)
    expect(h.page.get_by_test_id(f"desk-dialog-{dialog_id}")).to_have_count(0)


def test_an_app_holds_at_most_so_many_dialogs_on_the_page(harness: Make) -> None:
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    for index in range(MAX_OPEN_DIALOGS):
        assert "failed" not in ask(h, 1, "system", "openDialog", f"raw-app.html?n={index}")
    refused = ask(h, 1, "system", "openDialog", "raw-app.html?n=more")
    assert refused["failed"].endswith(f"has {MAX_OPEN_DIALOGS} dialogs open, the most an app may hold; close one first")
    h.flush()
    expect(h.page.locator(".scapi-dialog iframe")).to_have_count(MAX_OPEN_DIALOGS)
