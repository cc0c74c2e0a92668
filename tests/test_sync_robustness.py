"""A value the kernel cannot encode never wedges the widget's sync, and exceptions in listeners
and ``desk.on`` callbacks are shown, not swallowed (issue 8, items 4 and 6)."""

from __future__ import annotations

import logging

import pytest

from scapi_widget.desktop.model import ListenerWarning
from scapi_widget.notebook.widget import SyncWarning
from scapi_widget.service.bridge import AppBridge, Post

from .conftest import APP_ORIGIN, new_desk, subscribe
from .kernel_packing import packed_desktop, sent_items, sent_ops, sent_posts, subscribed_app, synced_keys


@pytest.mark.parametrize("bad", ["\ud800", float("nan"), 10**5000], ids=["surrogate", "nan", "huge-int"])
def test_a_failed_sync_does_not_wedge_later_ones(bad: object) -> None:
    widget, sent = packed_desktop()
    call_id = widget.simulate_inbound_call(user_data={"ok": 1})
    # smuggle a value past every check, as a bug of ours might
    widget.desktop.interactions[call_id].user_data["bad"] = bad
    with pytest.warns(SyncWarning, match="sending interactions"):
        widget.desktop.set_agent_state("NotReady")  # agent, media, events
        with widget.desktop.transaction():
            widget.desktop.touch("interactions", "agent")
    assert "agent_info" in synced_keys(sent)  # the good parts of the same change still went out
    sent.clear()
    toast_id = widget.popup_toast(title="after")
    assert "toasts" in synced_keys(sent)  # and later changes are not wedged
    assert [[t["id"] for t in op[1]] for op in sent_ops(sent) if op[0] == ["toasts"]] == [[toast_id]]


def _cycle() -> list[object]:
    cycle: list[object] = []
    cycle.append(cycle)
    return cycle


@pytest.mark.parametrize("bad", ["\udc00", _cycle()], ids=["surrogate", "cycle"])
def test_a_post_that_cannot_be_encoded_leaves_the_others_of_its_change(bad: object) -> None:
    widget, sent, _frame = subscribed_app(["agent"])
    sent.clear()
    with pytest.warns(SyncWarning, match="sending 1 of 2 post"):
        with widget.desktop.transaction():
            widget.desktop.emit("agent", {"eventType": "X", "bad": bad})
            widget.desktop.emit("agent", {"eventType": "GOOD"})
    assert [p["message"]["data"]["eventType"] for p in sent_posts(sent)] == ["GOOD"]
    assert len(sent_items(sent)[-1]["log"]) == 2  # the event log shows both: its lines hold no bad value


def test_a_failing_desk_on_callback_is_shown_and_the_desktop_carries_on(caplog: pytest.LogCaptureFixture) -> None:
    widget, _ = packed_desktop()
    seen: list[str] = []

    def broken(event: object) -> None:
        raise KeyError("oops")

    widget.on("RINGING", broken)
    widget.on("RINGING", lambda e: seen.append(e.event_type or ""))
    with caplog.at_level(logging.ERROR), pytest.warns(ListenerWarning) as warned:
        call_id = widget.simulate_inbound_call()
    (warning,) = warned
    text = str(warning.message)
    assert "desk.on('RINGING') callback" in text and "broken" in text and "KeyError" in text and "oops" in text
    assert any(r.exc_info for r in caplog.records if "broken" in r.getMessage())  # the traceback is in the log
    assert seen == ["RINGING"]
    assert widget.interactions[call_id]["state"] == "RINGING"


def test_a_failing_desktop_listener_warns_with_its_name() -> None:
    widget, _ = packed_desktop()

    def exploding_listener(event: object) -> None:
        raise RuntimeError("boom")

    widget.desktop.add_event_listener(exploding_listener)
    with pytest.warns(ListenerWarning, match="exploding_listener raised RuntimeError: boom"):
        widget.desktop.set_agent_state("NotReady")
    assert widget.agent_info["state"]["type"] == "NOT_READY"


def test_an_exception_inside_the_bridge_fan_out_is_shown() -> None:
    desk = new_desk(accepted_origins=APP_ORIGIN)

    def sink(post: Post) -> None:
        if "event" in post.message:
            raise OSError("the front end is gone")

    bridge = AppBridge(desk, sink)
    frame = desk.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN)
    bridge.frame_loaded(frame.frame_id)
    bridge.receive(frame.frame_id, APP_ORIGIN, subscribe(["agent"], frame_id=frame.frame_id))
    with pytest.warns(ListenerWarning, match=r"AppBridge\._fan_out raised OSError: the front end is gone"):
        desk.set_agent_state("NotReady")
    assert desk.agent_state.operation_name == "NotReady"
