"""Revoking an app stops the reads the browser answers for it at once (real headless Chromium).

The view answers an app's pure reads from its replica. A burst fills the outbox's window and the
kernel hears no acks (as while a cell runs without a subshell): whatever Python sends later waits.
The publication that revokes the app must not wait behind it: the next read the app makes after
the view heard from Python goes to Python (which does not answer a revoked origin).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.notebook.widget_config import AppsCutOffWarning

from .client_app import CLIENT_APP, Make, ask

pytestmark = [pytest.mark.browser]


def browser_answers(desk: Desktop) -> int:
    return sum(1 for entry in desk.request_log if entry.get("answeredBy") == "browser")


def test_reads_are_no_longer_answered_in_the_browser_once_python_revoked_the_app(
    harness: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    h.wait_frame_loaded()
    assert ask(h, 1, "agent", "get")["data"]["username"]
    h.wait_until(lambda: browser_answers(h.desk) >= 1, what="a read answered in the browser")
    call_id = h.desk.simulate_inbound_call()
    h.flush()

    outbox = h.desk.link.channel.outbox
    monkeypatch.setattr(outbox, "ack", lambda number: None)  # the kernel hears no acks now
    monkeypatch.setattr(outbox, "stall_s", 3600.0)  # and the stalled window stays stalled
    for n in range(3 * outbox.window):
        h.desk.set_user_data(call_id, {"n": n})
    assert outbox.pending > 0  # the burst filled the window: the rest waits
    with pytest.warns(AppsCutOffWarning, match="leave out hosted app"):
        h.desk.set_accepted_origins("https://elsewhere.example")
    answered = browser_answers(h.desk)

    h.flush()  # the page has everything Python sent
    forwarded = h.from_page["scapi"]
    h.app().locator("body").evaluate("() => { window.ask('agent', 'get'); }")
    h.wait_until(lambda: h.from_page["scapi"] > forwarded, what="the read to go to Python, not be answered here")
    h.flush()
    assert browser_answers(h.desk) == answered
    assert h.page.evaluate(
        "() => !window.__harness.replicaOf(document.querySelector('.scapi-desktop')).get('reads')['1']"
    )  # the view holds no reads for the revoked app
