"""Attacks on the sandbox, in real headless Chromium: nothing the desktop creates (panel, tab,
background and hidden frames, dialogs, popups) gets same-origin access to the notebook page, and
the light harness's Python binding answers only the harness page.

In the light harness the page server plays the notebook server: pages served from it share the
harness page's origin, the worst case (JupyterLab's /files, or the server extension's apps).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.notebook.widget_config import AppsCutOffWarning
from scapi_widget.serving.app_server import AppServer
from scapi_widget.serving.apps import App
from scapi_widget.testing import LightHarness

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parent / "pages"
CLIENT_APP = PAGES / "client-app.html"
Make = Callable[..., LightHarness]

# Run inside a frame or window: what it can reach of the page (or opener) that hosts it.
REACH = """() => {
  const probe = (f) => { try { return String(f()); } catch (e) { return 'blocked'; } };
  return {
    parent: probe(() => window.parent === window ? 'self' : window.parent.document.title),
    top: probe(() => window.top === window ? 'self' : window.top.document.title),
    opener: probe(() => window.opener ? window.opener.document.title : 'none'),
    openerParent: probe(() => window.opener ? window.opener.parent.document.title : 'none'),
  };
}"""
HARNESS_TITLE = "scapi-widget light harness"


def page_origin_url(page_server: AppServer, name: str) -> str:
    """A page served from the harness page's own origin."""
    return page_server.mount(PAGES) + name


def ask(frame: Frame | Page, namespace: str, method: str, *args: object) -> dict:
    return frame.evaluate("([ns, m, args]) => window.ask(ns, m, ...args)", [namespace, method, list(args)])


def content_frame(h: LightHarness, frame_id: int) -> Frame:
    handle = h.page.locator(f"iframe[data-testid=app-frame-{frame_id}]").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


@pytest.mark.parametrize("mode", ["panel", "tab", "background", "hidden"])
def test_a_frame_from_the_pages_origin_cannot_reach_the_page(harness: Make, page_server: AppServer, mode: str) -> None:
    h = harness(Desktop(apps=[App(page_origin_url(page_server, "client-app.html"), mode=mode, label="Same")]))
    iframe = h.page.locator("iframe[data-testid=app-frame-1]")
    expect(iframe).to_have_attribute("sandbox", "allow-scripts allow-forms allow-popups allow-modals allow-downloads")
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    frame = content_frame(h, 1)
    assert frame.evaluate(REACH) == {"parent": "blocked", "top": "blocked", "opener": "none", "openerParent": "none"}
    # Still the app the desktop loaded: answered (a tab may only dial, and says so).
    reply = ask(frame, "system", "getAllowedServices")
    assert "voice.dial" in reply["data"]


def test_a_dialog_a_cross_origin_app_opens_at_the_pages_origin_cannot_reach_the_page(
    harness: Make, page_server: AppServer
) -> None:
    h = harness(Desktop(app=CLIENT_APP))  # served by the app server: another origin than the page
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    assert "allow-same-origin" in (h.page.locator("iframe[data-testid=app-frame-1]").get_attribute("sandbox") or "")
    target = page_origin_url(page_server, "raw-app.html")
    with pytest.warns(AppsCutOffWarning, match="Escape"):  # at the page's origin, not the app's: it cannot talk
        dialog_id = ask(content_frame(h, 1), "system", "openDialog", target, {"label": "Escape?"})["data"]
    frame_id = h.desk.desktop.workspace.dialogs[dialog_id].frame_id
    iframe = h.page.locator(f"iframe[data-testid=app-frame-{frame_id}]")
    expect(iframe).to_have_attribute("sandbox", "allow-scripts allow-forms allow-popups allow-modals allow-downloads")
    expect(h.app(frame_id).get_by_test_id("loaded")).to_have_text("yes")
    reach = content_frame(h, frame_id).evaluate(REACH)
    assert reach["parent"] == "blocked" and reach["top"] == "blocked"
    # The same dialog at another origin than the page keeps allow-same-origin (its own origin).
    other = ask(content_frame(h, 1), "system", "openDialog", "raw-app.html", None)["data"]
    other_frame = h.desk.desktop.workspace.dialogs[other].frame_id
    expect(h.page.locator(f"iframe[data-testid=app-frame-{other_frame}]")).to_have_attribute(
        "sandbox", "allow-scripts allow-forms allow-popups allow-modals allow-downloads allow-same-origin"
    )


def wait_for_popup(h: LightHarness, part: str) -> Page:
    return h.wait_until(
        lambda: next((p for p in h.page.context.pages if part in p.url), None), what=f"a popup window at {part}"
    )


def test_a_popup_from_the_pages_origin_cannot_reach_or_navigate_the_page(harness: Make, page_server: AppServer) -> None:
    url = page_origin_url(page_server, "client-app.html")
    h = harness(Desktop(apps=[App(url, mode="popup", label="Pop")]))
    harness_url = h.page.url
    popup = wait_for_popup(h, "client-app.html")
    expect(popup.get_by_test_id("loaded")).to_have_text("yes")
    # Its opener is the desktop's sandboxed relay, not the page: nothing to read there or above.
    assert popup.evaluate(REACH) == {"parent": "self", "top": "self", "opener": "blocked", "openerParent": "blocked"}
    # Tabnabbing: try to navigate the relay, and the notebook page behind it.
    attempts = popup.evaluate(
        """() => ['opener', 'opener.parent', 'opener.top'].map((path) => {
             try {
               const target = path.split('.').slice(1).reduce((w, k) => w[k], window.opener);
               target.location.href = 'about:blank#hijacked';
               return path + ': navigated';
             } catch (e) { return path + ': blocked'; }
           })"""
    )
    assert attempts == ["opener: blocked", "opener.parent: blocked", "opener.top: blocked"]
    # SCAPI still flows through the relay afterwards, and the page is where it was.
    assert ask(popup, "agent", "get")["data"]["firstname"] == "Alex"
    assert h.page.url == harness_url
    assert h.page.title() == HARNESS_TITLE
    expect(h.page.get_by_test_id("app-relay-1")).to_have_attribute(
        "sandbox", "allow-scripts allow-forms allow-popups allow-modals allow-downloads"
    )


def test_the_demo_app_in_popup_mode_talks_scapi_through_the_relay(harness: Make) -> None:
    h = harness(Desktop(apps=[App(None, mode="popup", label="Demo")]))
    popup = wait_for_popup(h, "index.html")
    expect(popup.get_by_test_id("ready")).to_have_text("yes")
    expect(popup.get_by_test_id("status")).to_contain_text("connected as Alex Rivera")
    agent = popup.evaluate("() => window.genesys.wwe.service.agent.get()")
    assert agent["data"]["firstname"] == "Alex"
    assert popup.evaluate(REACH)["opener"] == "blocked"
    # Events reach the popup too (through the relay), and its actions reach Python.
    call_id = h.desk.simulate_inbound_call()
    expect(popup.get_by_test_id(f"interaction-{call_id}")).to_have_attribute("data-state", "RINGING")


def test_closing_a_popup_app_closes_its_window(harness: Make) -> None:
    desk = Desktop(apps=[App(CLIENT_APP, label="Main"), App(CLIENT_APP, mode="popup", label="Pop")])
    h = harness(desk)
    popup = wait_for_popup(h, "client-app.html")
    expect(popup.get_by_test_id("loaded")).to_have_text("yes")
    # A second view takes over the apps: the first view's relay goes, and its popup with it.
    h.page.evaluate("() => window.__harness.renderView()")
    h.wait_until(lambda: popup.is_closed(), what="the first view's popup to close")
    expect(h.page.locator("iframe[data-testid=app-relay-2]")).to_have_count(1)
    # The view that took over opens the app again, in a window of its own that works.
    reopened = wait_for_popup(h, "client-app.html")
    assert reopened is not popup
    expect(reopened.get_by_test_id("loaded")).to_have_text("yes")


def test_a_hosted_frame_cannot_use_the_harness_binding(harness: Make) -> None:
    h = harness(Desktop(app=PAGES / "raw-app.html"))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    frame = content_frame(h, 1)
    origin = h.desk.desktop.frames.frames[1].origin
    dial = {"request": "voice.dial", "parameters": ["5001"], "referenceId": "x", "userAgent": "WWE Client"}
    forged = [
        {"kind": "msg", "content": {"kind": "scapi", "view": h.desk.host_view, "frameId": 1, "origin": origin,
                                    "data": dial}},
        {"kind": "msg", "content": {"kind": "action", "view": h.desk.host_view, "id": "f", "verb": "set_agent_state",
                                    "args": ["NotReady"]}},
        {"kind": "msg", "content": {"kind": "view-ready", "view": "forged", "pageOrigin": origin}},
        {"kind": "init"},
    ]
    h.wait_frame_loaded()
    before = h.desk.desktop.snapshot()
    assert frame.evaluate("() => typeof window.__scapiToPython") == "function"  # Playwright exposes it everywhere
    answers = frame.evaluate("(forged) => Promise.all(forged.map((p) => window.__scapiToPython(p)))", forged)
    assert answers == [None, None, None, None]
    assert h.refused_calls == len(forged)
    assert h.desk.desktop.snapshot() == before
    assert h.desk.host_view != "forged" and h.desk.interactions == {}
    # The same forged message from the harness page itself is what the kernel comm carries: it works.
    h.page.evaluate("(p) => window.__scapiToPython(p)", forged[0])
    assert h.desk.interactions["1"]["state"] == "DIALING"
    assert h.refused_calls == len(forged)


def test_a_menu_bar_view_hosts_no_frame(harness: Make, page_server: AppServer) -> None:
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app(1).get_by_test_id("loaded")).to_have_text("yes")
    url = page_origin_url(page_server, "raw-app.html")
    view = {"name": "v", "label": url, "iconUrl": url}
    reply = ask(content_frame(h, 1), "system", "updateViewInApplicationMenuBar", view)
    assert "errorMessage" not in reply
    expect(h.page.get_by_test_id("desk-menu-view-v")).to_have_text(url)
    expect(h.page.get_by_test_id("desk-menu-bar").locator("iframe, img, object, embed")).to_have_count(0)
    expect(h.page.locator("iframe")).to_have_count(1)  # only the app's own frame


def test_a_view_taken_out_of_the_page_and_put_back_opens_its_popup_app_again(harness: Make) -> None:
    """The popup's relay frame gets a new window when the view's element is put back in the page: the
    old relay, and its channel to the popup, are gone. The desktop opens the app again, in a popup of
    the new relay that works. (The old popup window, which its relay could not close as it went,
    stays open, cut off; the user closes it.)"""
    h = harness(Desktop(apps=[App(CLIENT_APP, mode="popup", label="Pop")]))
    popup = wait_for_popup(h, "client-app.html")
    expect(popup.get_by_test_id("loaded")).to_have_text("yes")
    frames = h.desk.desktop.frames
    epoch = frames.frames[1].epoch
    h.page.evaluate(
        "() => { const el = document.querySelector('[data-view-host]'); const parent = el.parentElement;"
        " el.remove(); parent.appendChild(el); }"
    )
    h.wait_until(lambda: frames.frames[1].epoch > epoch and frames.frames[1].loaded, what="the popup app opened again")
    again = h.wait_until(
        lambda: next((p for p in h.page.context.pages if "client-app" in p.url and p is not popup), None),
        what="the new popup window",
    )
    expect(again.get_by_test_id("loaded")).to_have_text("yes")
    assert again.evaluate("() => window.ask('agent', 'get')")["data"]["firstname"] == "Alex"
