"""Issue acceptance in real headless Chromium: the demo app, unmodified, in the widget's front end."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scapi_widget.desktop import AgentDesktop, IdSource
from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.app_server import STATIC_DIR, AppServer
from scapi_widget.testing import LightHarness

Make = Callable[..., LightHarness]

# The demo app runs on our client library; with SCAPI_GENESYS_CLIENT pointing at a copy of
# Genesys's published wwe-service-client-api.js, the same tests also run the demo app on it.
CLIENTS: dict[str, Path | None] = {"scapi-client.js": None}
DEMO_SOURCE = Path(__file__).parents[2] / "js" / "demo-app"  # the built page has our client written into it
if os.environ.get("SCAPI_GENESYS_CLIENT"):
    CLIENTS["wwe-service-client-api.js"] = Path(os.environ["SCAPI_GENESYS_CLIENT"])


@pytest.fixture(params=list(CLIENTS))
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Desktop]:
    """Makes a Desktop hosting the demo app on one client library."""
    client = CLIENTS[request.param]
    if client is None:
        return Desktop
    app = tmp_path / "demo-app"
    shutil.copytree(STATIC_DIR / "demo-app", app)
    shutil.copy(client, app / "scapi-client.js")
    shutil.copy(DEMO_SOURCE / "index.html", app / "index.html")  # the page as written: it loads the client beside it
    return lambda: Desktop(app=app / "index.html")


def ready_demo(harness: Make, desk: Desktop | None = None) -> LightHarness:
    h = harness(desk)
    expect(h.app().get_by_test_id("ready")).to_have_text("yes")
    expect(h.app().get_by_test_id("status")).to_contain_text("connected as Alex Rivera")
    return h


def test_app_dial_creates_a_dialing_interaction_in_python(harness: Make, demo: Callable[[], Desktop]) -> None:
    h = ready_demo(harness, demo())
    h.app().get_by_test_id("dial-number").fill("5551234")
    h.app().get_by_test_id("dial").click()
    item = h.wait_until(lambda: h.desk.interactions.get("1"), what="interaction 1 in Python")
    assert item["state"] == "DIALING"
    assert item["dnis"] == "5551234"
    assert item["userData"]["CustomerId"] == "C-1001"
    expect(h.app().get_by_test_id("interaction-1")).to_have_attribute("data-state", "DIALING")
    expect(h.page.get_by_test_id("desk-interaction-1")).to_have_attribute("data-state", "DIALING")


def test_python_inbound_call_rings_in_the_app_and_desktop_answer_reaches_it(
    harness: Make, demo: Callable[[], Desktop]
) -> None:
    h = ready_demo(harness, demo())
    call_id = h.desk.simulate_inbound_call("5550100", user_data={"Segment": "Gold"})
    expect(h.app().get_by_test_id(f"interaction-{call_id}")).to_have_attribute("data-state", "RINGING")
    h.page.get_by_test_id(f"desk-answer-{call_id}").click()
    expect(h.app().get_by_test_id(f"interaction-{call_id}")).to_have_attribute("data-state", "TALKING")
    assert h.desk.interactions[call_id]["state"] == "TALKING"
    log = h.app().get_by_test_id("event-log")
    expect(log).to_contain_text("ESTABLISHED")


def test_toast_button_click_reaches_the_app_and_a_python_callback(harness: Make, demo: Callable[[], Desktop]) -> None:
    h = ready_demo(harness, demo())
    clicks: list[dict[str, Any]] = []
    h.desk.on("CUSTOM_TOAST_BUTTON_CLICK", lambda event: clicks.append(event.data))
    h.app().get_by_test_id("toast").click()
    expect(h.app().get_by_test_id("toast-id")).to_have_text("wweCustomToast0")
    h.page.get_by_test_id("desk-toast-wweCustomToast0-button-1").click()
    expect(h.app().get_by_test_id("toast-click")).to_have_text("wweCustomToast0 button 1")
    assert clicks == [{"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": "wweCustomToast0", "buttonIndex": 1}]
    assert h.desk.toasts == []


def test_user_data_editor_round_trip(harness: Make, demo: Callable[[], Desktop]) -> None:
    h = ready_demo(harness, demo())
    call_id = h.desk.simulate_inbound_call()
    h.desk.answer(call_id)
    app = h.app()
    app.get_by_test_id(f"ud-key-{call_id}").fill("Disposition")
    app.get_by_test_id(f"ud-value-{call_id}").fill("Sale")
    app.get_by_test_id(f"ud-set-{call_id}").click()
    h.wait_until(
        lambda: h.desk.interactions[call_id]["userData"].get("Disposition") == "Sale", what="user data in Python"
    )
    h.desk.set_user_data(call_id, {"Disposition": "NoSale"})
    expect(app.get_by_test_id(f"interaction-{call_id}")).to_contain_text("NoSale")


def test_agent_state_from_the_app_and_from_the_desktop(harness: Make, demo: Callable[[], Desktop]) -> None:
    h = ready_demo(harness, demo())
    app = h.app()
    app.get_by_test_id("state-select").select_option("NotReadyBreak")
    app.get_by_test_id("set-state").click()
    h.wait_until(lambda: h.desk.agent_info["state"]["operationName"] == "NotReadyBreak", what="agent state in Python")
    expect(h.page.get_by_test_id("desk-agent-state")).to_have_text("Not Ready - Break")
    h.page.get_by_test_id("desk-state-select").select_option("Ready")
    expect(app.get_by_test_id("agent-state")).to_have_text("Ready")


def test_invalid_request_from_the_app_gets_an_error_and_changes_nothing(harness: Make) -> None:
    h = ready_demo(harness)
    before = h.desk.desktop.snapshot()
    result = (
        h.app()
        .locator("body")
        .evaluate(
            """() => new Promise((resolve) => genesys.wwe.service.voice.hold(
                   '42', (r) => resolve({ok: r}), (r) => resolve({err: r})))"""
        )
    )
    assert "no interaction with id '42'" in result["err"]["errorMessage"]
    after = h.desk.desktop.snapshot()
    assert {k: v for k, v in after.items() if k != "frames"} == {k: v for k, v in before.items() if k != "frames"}


def test_second_view_does_not_duplicate_frames_or_answers(harness: Make) -> None:
    h = ready_demo(harness)
    first_view = h.desk.host_view
    h.page.evaluate("() => window.__harness.renderView()")
    h.wait_until(lambda: h.desk.host_view not in ("", first_view), what="the newest view to host the apps")
    second = h.page.locator(f"[data-view='{h.desk.host_view}']")
    expect(second.locator("iframe[data-testid=app-frame-1]")).to_have_count(1)
    expect(h.page.locator("iframe[data-testid=app-frame-1]")).to_have_count(1)
    expect(h.app().get_by_test_id("ready")).to_have_text("yes")
    calls = []
    h.desk.on("ADDED", lambda e: calls.append(e))
    h.app().get_by_test_id("dial").click()
    h.wait_until(lambda: h.desk.interactions, what="the dial")
    # A later request from the same app is answered only after every copy of the dial was handled (the
    # front end forwards the app's messages in order): once it is, a duplicate would have shown.
    h.app().get_by_test_id("state-select").select_option("NotReadyBreak")
    h.app().get_by_test_id("set-state").click()
    h.wait_until(lambda: h.desk.agent_info["state"]["operationName"] == "NotReadyBreak", what="the later request")
    expect(h.app().get_by_test_id("agent-state")).to_have_text("Not Ready - Break")
    assert len(calls) == 1 and list(h.desk.interactions) == ["1"]
    assert [r["request"] for r in h.desk.request_log].count("voice.dial") == 1


def speak_after_handshake(h: LightHarness, toast_id: str) -> None:
    """The demo app's document, once the handshake reached it, makes a request Python answers (a toast):
    what it subscribed to while it loaded is then known to be its own. Chromium may hand a loading
    document's messages to the view after its load event; until the document speaks with its frameId,
    such a subscription could as well be the next document's (``FrameRegistry.spoke``)."""
    h.app().locator("body").evaluate(
        """async () => {
             while (window.genesys.wwe.service.frameId === undefined) await new Promise((r) => setTimeout(r, 10));
           }"""
    )
    h.app().get_by_test_id("toast").click()
    expect(h.app().get_by_test_id("toast-id")).to_have_text(toast_id)


def test_reloaded_app_gets_a_new_handshake_and_loses_old_subscriptions(harness: Make) -> None:
    h = ready_demo(harness)
    frames = h.desk.desktop.frames
    speak_after_handshake(h, "wweCustomToast0")
    h.wait_until(lambda: [sub.generation for sub in frames.subscriptions.values()] == [1], what="its subscription")
    subs_before = dict(frames.subscriptions)
    h.app().locator("body").evaluate("() => location.reload()")
    expect(h.app().get_by_test_id("ready")).to_have_text("yes")
    h.wait_until(lambda: frames.frames[1].generation == 2, what="the new document's handshake")
    speak_after_handshake(h, "wweCustomToast1")
    # The old document's subscription is gone; the new one's (sent before its handshake) is kept.
    h.wait_until(lambda: [sub.generation for sub in frames.subscriptions.values()] == [2], what="the new one's")
    assert not (frames.subscriptions.keys() & subs_before.keys())
    h.desk.simulate_inbound_call()
    expect(h.app().get_by_test_id("interaction-1")).to_have_count(1)
    expect(h.app().get_by_test_id("event-log").locator("li", has_text="interaction RINGING")).to_have_count(1)


def test_notebook_state_before_render_is_shown(harness: Make) -> None:
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(7)))
    call_id = desk.simulate_inbound_call()
    h = ready_demo(harness, desk)
    expect(h.app().get_by_test_id(f"interaction-{call_id}")).to_have_attribute("data-state", "RINGING")
    expect(h.page.get_by_test_id("desk-event-log").locator("li")).to_have_count(2)


def buttons_of(h: LightHarness, interaction_id: str) -> tuple[str | None, set[str]]:
    """The state the demo app's card of an interaction shows, and the buttons it offers (test ids without the id)."""
    card = h.app().get_by_test_id(f"interaction-{interaction_id}")
    if not card.count():
        return None, set()
    ids = card.locator("button").evaluate_all("(buttons) => buttons.map((b) => b.dataset.testid)")
    return card.get_attribute("data-state"), {test_id.removesuffix(f"-{interaction_id}") for test_id in ids}


def expect_buttons(h: LightHarness, interaction_id: str, state: str, expected: set[str]) -> None:
    """The app's card shows the interaction in ``state``, as Python has it, and offers ``expected``."""
    seen: list[tuple[str | None, set[str]]] = []

    def shows_them() -> bool:
        seen.append(buttons_of(h, interaction_id))
        return seen[-1] == (state, expected)

    try:  # the card is redrawn when the app hears the change: wait for it
        h.wait_until(shows_them, timeout=5)
    except AssertionError:
        shown, offered = seen[-1]
        what = f"interaction {interaction_id} ({state}): the app shows {shown}"
        raise AssertionError(f"{what}, offers {sorted(offered)}, not {sorted(expected)}") from None
    assert h.desk.interactions[interaction_id]["state"] == state
    expect(h.app().get_by_test_id("error")).to_be_empty()  # no click so far was refused


DATA = {"ud-set", "ud-delete"}  # the data editor, while the interaction is live
# A whole inbound call driven by the app's own buttons: each click, the call's state and what the card offers next.
INBOUND_CLICKS = [
    (None, "RINGING", {"answer", "hangup"} | DATA),
    ("answer", "TALKING", {"hold", "hangup", "rec-start"} | DATA),
    ("rec-start", "TALKING", {"hold", "hangup", "rec-pause", "rec-stop"} | DATA),
    ("rec-pause", "TALKING", {"hold", "hangup", "rec-resume", "rec-stop"} | DATA),
    ("hold", "HELD", {"resume", "hangup", "rec-resume", "rec-stop"} | DATA),
    ("resume", "TALKING", {"hold", "hangup", "rec-resume", "rec-stop"} | DATA),
    ("rec-stop", "TALKING", {"hold", "hangup", "rec-start"} | DATA),
    ("hangup", "IDLE", {"markdone"}),
]


def test_the_app_offers_only_the_buttons_valid_in_the_calls_state(harness: Make, demo: Callable[[], Desktop]) -> None:
    h = ready_demo(harness, demo())
    call_id = h.desk.simulate_inbound_call("5550100")
    for click, state, offered in INBOUND_CLICKS:
        if click:
            h.app().get_by_test_id(f"{click}-{call_id}").click()
        expect_buttons(h, call_id, state, offered)
    h.app().get_by_test_id(f"markdone-{call_id}").click()
    expect(h.app().get_by_test_id(f"interaction-{call_id}")).to_have_count(0)
    assert h.desk.interactions == {}
    assert all(r["ok"] for r in h.desk.request_log), [r for r in h.desk.request_log if not r["ok"]]
    # An outbound call the app dials rings at the customer: it can only be hung up until they answer.
    h.app().get_by_test_id("dial").click()
    dialed = h.wait_until(lambda: next(iter(h.desk.interactions), None), what="the app's call")
    expect_buttons(h, dialed, "DIALING", {"hangup"} | DATA)


def test_the_app_follows_the_capabilities_of_campaign_interactions(harness: Make) -> None:
    desk = Desktop()
    desk.load_campaign("Offer", "PushPreview")
    desk.start_campaign("Offer")
    h = ready_demo(harness, desk)
    record_id = desk.push_preview("Offer", {"phone": "5550001"})
    expect_buttons(h, record_id, "INVITED", DATA)  # ACCEPT, REJECT: none of the card's buttons
    desk.interaction.accept(record_id)
    # CALL, REJECT_RECORD, CANCEL_RECORD: no mark done, though open media in that state could be marked done.
    expect_buttons(h, record_id, "PREVIEWING", DATA)
    call_id = desk.call_preview_record(record_id, desk.interactions[record_id]["recordHandle"])  # the agent calls it
    expect_buttons(h, call_id, "DIALING", {"hangup"} | DATA)  # HANGUP
    desk.remote_answer(call_id)
    expect_buttons(h, call_id, "TALKING", {"hold", "hangup", "rec-start"} | DATA)  # HANGUP, HOLD
    h.app().get_by_test_id(f"hangup-{call_id}").click()
    h.wait_until(lambda: desk.interactions[call_id]["state"] == "IDLE", what="the app's hang up")
    expect_buttons(h, call_id, "IDLE", {"markdone"})  # MARK_DONE
    h.app().get_by_test_id(f"markdone-{call_id}").click()
    h.wait_until(lambda: desk.interactions == {}, what="the campaign call and its record marked done")


def test_the_desktop_ui_shows_and_does_what_python_publishes_for_it(harness: Make) -> None:
    """The event log keeps ``event_log_limit`` lines, the desktop's own user data keys are not shown,
    the live count is Python's, and the UI's own controls (a toast's ×, the state menu) run the verbs
    Python names for them."""
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(7)), event_log_limit=3)
    h = ready_demo(harness, desk)
    log = h.page.get_by_test_id("desk-event-log").locator("li")
    call_id = desk.simulate_inbound_call(user_data={"Shown": "yes"})
    desk.answer(call_id)
    desk.hold(call_id)
    expect(log).to_have_count(3)
    expect(log.last).to_contain_text(f"{call_id}:HELD")
    card = h.page.get_by_test_id(f"desk-interaction-{call_id}")
    expect(card.locator("dt")).to_have_text(["Shown"])  # not IW_CaseUid, IW_BundleUid
    assert {"IW_CaseUid", "IW_BundleUid"} <= desk.interactions[call_id]["userData"].keys()
    counters = h.page.get_by_test_id("desk-counters")
    expect(counters).to_have_text("1 live · 1 open · 0 toasts")
    desk.hang_up(call_id)
    expect(counters).to_have_text("0 live · 1 open · 0 toasts")
    desk.event_log_limit = 2
    desk.mark_done(call_id)
    expect(log).to_have_count(2)
    toast_id = desk.popup_toast(title="Hello")
    h.page.get_by_test_id(f"desk-toast-close-{toast_id}").click()
    h.wait_until(lambda: not desk.toasts, what="the toast closed by its ×")
    h.page.get_by_test_id("desk-state-select").select_option("NotReady")
    h.wait_until(lambda: desk.agent_info["state"]["operationName"] == "NotReady", what="the state the menu set")


def test_a_view_rendered_before_it_is_in_the_page_hosts_its_app(page: Page, page_server: AppServer) -> None:
    """JupyterLab's output area may render the widget into an element it puts in the page later. A frame
    made there has no window until then: the app that loads once it is in the page connects and is
    answered (before this was fixed its requests were dropped: "not connected: Request timeout")."""
    h = LightHarness(page, Desktop(), page_server, attach_later=True)
    page.wait_for_function("() => window.__harness.detached.querySelector('iframe[data-testid=app-frame-1]')")
    assert page.evaluate("() => window.__harness.detached.isConnected") is False
    page.evaluate("() => window.__harness.attach()")
    expect(h.app().get_by_test_id("status")).to_contain_text("connected as Alex Rivera")
    h.desk.simulate_inbound_call("5550100")
    expect(h.app().get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    assert h.desk.apps[0]["connected"] is True

