"""The widget's outbox with flow control on (the real limits and timer): a burst of 10,000 events
costs far fewer comm messages while the host view does not ack, and once it acks everything each
notification reaches the subscribed frame exactly once, in order."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock

from .conftest import APP_ORIGIN, request, subscribe
from .fake_front_end import FrontEnd

EVENTS = 10_000


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)  # polling interval; the condition decides


def flow_controlled_view(desk: Desktop) -> FrontEnd:
    view = FrontEnd(desk)
    for limit in ("window", "rate", "burst"):  # FrontEnd turns flow control off: back to the outbox's own limits
        delattr(desk.link.channel.outbox, limit)
    view.send(kind="view-ready", view="v1", pageOrigin="http://127.0.0.1:8888")
    return view


def test_a_burst_is_coalesced_until_acked_then_every_post_arrives_once_in_order() -> None:
    desk = Desktop(desktop=AgentDesktop(clock=ManualClock(), ids=IdSource(1), accepted_origins=APP_ORIGIN))
    view = flow_controlled_view(desk)
    frame = desk.desktop.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN).frame_id
    desk.link.bridge.frame_loaded(frame)
    desk.link.bridge.receive(frame, APP_ORIGIN, subscribe(["interaction"], frame_id=frame))
    call_id = desk.simulate_inbound_call()
    outbox = desk.link.channel.outbox
    wait_until(lambda: outbox.pending == 0)
    for n in sorted({m["content"]["n"] for m in view.out if m.get("method") == "custom"}):
        view.send(kind="ack", view="v1", n=n)
    start = len(view.out)

    began = time.monotonic()
    for seq in range(EVENTS):
        desk.set_user_data(call_id, {"Seq": seq})
    stalls = (time.monotonic() - began) / outbox.stall_s

    burst_messages = len(view.out) - start  # without acks: a window's worth, again after each stall
    assert 0 < burst_messages <= (outbox.window + 1) * (stalls + 1) and burst_messages < EVENTS // 10
    assert outbox.pending > 0

    def numbers() -> list[int]:
        return [m["content"]["n"] for m in view.out if m.get("method") == "custom"]

    acked = 0
    while outbox.pending or acked < outbox.messages:  # the host view acks each message it gets
        wait_until(lambda got=acked: len(numbers()) > got or not outbox.pending)
        for n in numbers()[acked:]:
            view.send(kind="ack", view="v1", n=n)
            acked += 1

    assert numbers() == list(range(1, len(numbers()) + 1))
    seqs = [
        p["message"]["data"]["interaction"]["userData"]["Seq"]
        for p in view.posts()
        if p["frameId"] == frame and p["message"].get("data", {}).get("eventType") == "ATTACHED_DATA_CHANGED"
    ]
    assert seqs == list(range(EVENTS))
    assert len(view.out) - start < EVENTS // 10


@pytest.mark.parametrize(
    "message",
    [
        {"kind": "scapi", "frameId": 1, "origin": APP_ORIGIN, "data": request("agent.get")},
        {"kind": "frame-loaded", "frameId": 1},
        {"kind": "answered", "answers": []},
    ],
    ids=["a frame's message", "a frame's load", "read reports"],
)
def test_an_ack_a_view_message_carries_opens_the_window_as_an_ack_of_its_own(message: dict[str, Any]) -> None:
    """The host view lets an ack travel with its next message to Python (js/widget.js): it is
    received before that message is handled, so what waited for the window goes first."""
    desk = Desktop(desktop=AgentDesktop(clock=ManualClock(), ids=IdSource(1), accepted_origins=APP_ORIGIN))
    view = flow_controlled_view(desk)
    frame = desk.desktop.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN).frame_id
    desk.link.bridge.frame_loaded(frame)
    message = {**message, "frameId": frame} if "frameId" in message else message
    call_id = desk.simulate_inbound_call()
    outbox = desk.link.channel.outbox
    seq = 0
    while not outbox.pending:  # no acks: the window fills, then changes wait
        seq += 1
        desk.set_user_data(call_id, {"Seq": seq})
    last = max(m["content"]["n"] for m in view.out if m.get("method") == "custom")
    waiting = outbox.pending
    sent = len(view.items())
    view.send(**message, view="v1", ack=last)
    assert outbox.pending == 0
    assert len(view.items()) >= sent + waiting  # what waited went (then whatever the message itself sent)


def test_items_waiting_for_an_ack_hold_no_python_objects() -> None:
    """A burst from a busy cell queues its items until the view acks (here: never). Each waits as its
    encoded text: thousands of waiting items as Python objects made the cyclic garbage collector walk
    the kernel's heap again and again during the burst."""
    desk = Desktop(desktop=AgentDesktop(clock=ManualClock(), ids=IdSource(1), accepted_origins=APP_ORIGIN))
    flow_controlled_view(desk)
    outbox = desk.link.channel.outbox
    outbox.stall_s = 3600.0  # no stall release: every item of the burst waits
    frame = desk.desktop.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN).frame_id
    desk.link.bridge.frame_loaded(frame)
    desk.link.bridge.receive(frame, APP_ORIGIN, subscribe(["interaction"], frame_id=frame))
    call_id = desk.simulate_inbound_call()
    for seq in range(2_000):  # the window fills and the desktop's bounded logs reach their limits
        desk.set_user_data(call_id, {"Seq": seq})
    queued = outbox.pending
    gc.collect()
    before = len(gc.get_objects())
    for seq in range(2_000):
        desk.set_user_data(call_id, {"Seq": seq})
    gc.collect()
    assert outbox.pending == queued + 2_000  # all of them wait
    assert len(gc.get_objects()) - before < 100  # as objects: a dozen containers per item
