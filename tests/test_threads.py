"""Concurrent changes from several threads (kernel subshells) keep the desktop consistent."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from scapi_widget.desktop import AgentDesktop, DesktopEvent, IdSource
from scapi_widget.errors import ScapiError


def test_concurrent_changes_keep_order_and_consistency() -> None:
    desk = AgentDesktop(ids=IdSource(3))
    seen: list[DesktopEvent] = []
    desk.add_event_listener(seen.append)
    stop = time.monotonic() + 0.5
    errors: list[BaseException] = []

    def calls() -> None:
        while time.monotonic() < stop:
            call_id = desk.dial("5001", {"k": "v"})
            desk.remote_answer(call_id)
            desk.set_user_data(call_id, {"n": 1})
            desk.hang_up(call_id)
            desk.mark_done(call_id)

    def inbound() -> None:
        while time.monotonic() < stop:
            call_id = desk.simulate_inbound_call()
            desk.answer(call_id)
            desk.remote_hang_up(call_id)
            desk.mark_done(call_id)

    def toasts() -> None:
        while time.monotonic() < stop:
            toast_id = desk.popup_toast(title="t", buttons=["a"])
            desk.click_toast_button(toast_id, 0)

    def states() -> None:
        while time.monotonic() < stop:
            for op in ("NotReady", "Ready"):
                desk.call("agent.setState", op)

    def run(fn: Callable[[], None]) -> Callable[[], None]:
        def wrapped() -> None:
            try:
                fn()
            except (ScapiError, AssertionError) as exc:  # any failure here is a race
                errors.append(exc)

        return wrapped

    threads = [threading.Thread(target=run(fn)) for fn in (calls, inbound, toasts, states)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(seen) > 100
    assert [e.seq for e in seen] == list(range(1, len(seen) + 1))
    assert desk.interactions == {} and desk.toasts == {}
    added = sum(1 for e in seen if e.event_type == "ADDED")
    removed = sum(1 for e in seen if e.event_type == "REMOVED")
    assert added == removed == int(desk.ids.next("interaction")) - 1
