"""A frame's rights belong to the document the desktop loaded (real headless Chromium).

An app from the notebook page's own origin runs opaque: every message it posts comes from
"null", whichever document is in the frame. When the frame navigates (a link, a redirect, a
reload), the new document gets nothing: no answers, no frameId, no events, no state changes;
the desktop says so on the app and offers "Reload app", which loads the app afresh.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.app_server import AppServer
from scapi_widget.serving.apps import App

from .client_app import PAGES, Make, ask

pytestmark = pytest.mark.browser




def test_a_document_an_opaque_app_frame_navigates_to_gets_no_rights(harness: Make, page_server: AppServer) -> None:
    same_origin_app = page_server.mount(PAGES) + "client-app.html"  # opaque: the harness page's origin
    h = harness(Desktop(apps=[App(same_origin_app, label="CRM"), App(PAGES / "client-app.html", label="Notes")]))
    for frame_id in (1, 2):
        expect(h.app(frame_id).get_by_test_id("loaded")).to_have_text("yes")
    frames = h.desk.desktop.frames
    assert frames.frames[1].opaque and not frames.frames[2].opaque
    assert frames.subscribers("messenger:team") == [1, 2]
    agent_before, unvouched_before = h.desk.agent_info, h.desk.link.bridge.unvouched
    answered_before = [entry for entry in h.desk.request_log if entry["frameId"] == 1]

    # The app's frame follows a link to another page of the same folder (the foreign document).
    # (from a task of its own: evaluate returns before the navigation destroys its context)
    h.app(1).locator("body").evaluate("() => { setTimeout(() => { location.href = 'foreign.html'; }); }")
    expect(h.app(1).get_by_test_id("foreign")).to_have_text("yes")
    h.wait_until(lambda: frames.frames[1].left_page, what="Python to see the frame leave its page")
    assert frames.subscribers("messenger:team") == [2]  # the app document's subscriptions went with it
    expect(h.page.get_by_test_id("app-notice-1")).to_have_text(
        "CRM left its page; SCAPI is off for this documentReload app"
    )

    # It subscribes, dials and reads the agent, with the app's frameId forged in.
    sent = h.app(1).locator("body").evaluate("() => window.attack()")
    h.wait_until(lambda: h.desk.link.bridge.unvouched >= unvouched_before + sent, what="Python to refuse the requests")
    # Events still flow to the app that kept its page; once it has one, the foreign document would have too.
    ask(h, 2, "messenger", "broadcastMessage", "team", {"text": "after"})
    expect(h.app(2).get_by_test_id("received")).to_contain_text('messenger:team {"text":"after"}')
    expect(h.app(1).get_by_test_id("received").locator("li")).to_have_count(0)
    assert h.desk.interactions == {}
    assert h.desk.agent_info == agent_before
    assert frames.subscribers("interaction") == [] and frames.subscribers("agent") == []
    assert [entry for entry in h.desk.request_log if entry["frameId"] == 1] == answered_before

    # "Reload app" loads the app again: a document the desktop vouches for, with all its rights.
    h.page.get_by_test_id("app-reload-1").click()
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    expect(h.page.get_by_test_id("app-notice-1")).to_have_count(0)
    assert ask(h, 1, "agent", "get")["data"]["firstname"] == "Alex"
    assert not frames.frames[1].left_page
    ask(h, 2, "messenger", "broadcastMessage", "team", {"text": "back"})
    expect(h.app(1).get_by_test_id("received")).to_contain_text('messenger:team {"text":"back"}')


def test_an_opaque_app_that_reloads_itself_is_reloaded_by_the_desktop(harness: Make, page_server: AppServer) -> None:
    h = harness(Desktop(app=page_server.mount(PAGES) + "client-app.html"))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    h.app(1).locator("body").evaluate("() => location.reload()")
    h.wait_until(lambda: h.desk.desktop.frames.frames[1].left_page, what="the reload to count as leaving the page")
    expect(h.page.get_by_test_id("app-notice-1")).to_be_visible()
    assert h.desk.desktop.frames.subscribers("system") == []
    answered, refused = len(h.desk.request_log), h.desk.link.bridge.unvouched
    h.app(1).locator("body").evaluate("() => { window.ask('agent', 'get'); }")
    h.wait_until(lambda: h.desk.link.bridge.unvouched == refused + 1, what="the request to be refused")
    assert len(h.desk.request_log) == answered
    h.page.get_by_test_id("app-reload-1").click()
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")


def test_a_non_opaque_app_keeps_its_rights_across_its_own_reloads(harness: Make) -> None:
    # The origin check ties each message of a non-opaque frame to the app, so a reload is just a new document.
    h = harness(Desktop(app=PAGES / "client-app.html"))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    h.app(1).locator("body").evaluate("() => location.reload()")
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    assert not h.desk.desktop.frames.frames[1].left_page
    expect(h.page.get_by_test_id("app-notice-1")).to_have_count(0)


def test_a_view_taken_out_of_the_page_and_put_back_loads_its_opaque_app_again_with_its_rights(
    harness: Make, page_server: AppServer
) -> None:
    """A front end that takes the view's element out of the page and puts it back (re-rendering its
    layout) makes the browser give each iframe a new window, whose page loads again. That is the
    page's doing (an app cannot change its frame's window; its own reloads and links keep it, and
    still leave the page, as above): the desktop loads the app afresh, with its rights, and no
    "left its page" notice."""
    h = harness(Desktop(app=page_server.mount(PAGES) + "client-app.html"))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    frames = h.desk.desktop.frames
    assert frames.frames[1].opaque
    epoch = frames.frames[1].epoch
    h.page.evaluate(
        "() => { const el = document.querySelector('[data-view-host]'); const parent = el.parentElement;"
        " el.remove(); parent.appendChild(el); }"
    )
    reloaded = lambda: frames.frames[1].epoch > epoch and frames.frames[1].loaded  # noqa: E731
    h.wait_until(reloaded, what="the desktop to load the app again")
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    assert ask(h, 1, "agent", "get")["data"]["firstname"] == "Alex"
    assert not frames.frames[1].left_page
    expect(h.page.get_by_test_id("app-notice-1")).to_have_count(0)
