"""Concurrent changes from several threads (kernel subshells, timers, the widget's comm thread)
keep the event order gap-free and the desktop consistent with what its events said."""

from __future__ import annotations

import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from scapi_widget.desktop import AgentDesktop, DesktopEvent, IdSource, ManualClock
from scapi_widget.service import notebook_call

RUN_SECONDS = 0.5


def hammer(desk: AgentDesktop, long_call: str) -> dict[str, int]:
    """Four threads act on ``desk`` for RUN_SECONDS; returns how many rounds each made."""
    stop = time.monotonic() + RUN_SECONDS
    rounds: dict[str, int] = defaultdict(int)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def user_data() -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            notebook_call(desk, "interaction.setUserData", long_call, {"Counter": n, "Note": f"n{n}"})
            notebook_call(desk, "interaction.deleteUserData", long_call, "Note")
            rounds["user_data"] += 1

    def calls() -> None:
        while time.monotonic() < stop:
            notebook_call(desk, "voice.dial", "5551234", {"k": "v"})
            call_id = notebook_call(desk, "interaction.getInteractions")[-1]["interactionId"]
            desk.remote_answer(call_id)
            notebook_call(desk, "voice.hangUp", call_id)
            notebook_call(desk, "interaction.markdone", call_id)
            rounds["calls"] += 1

    def toasts() -> None:
        while time.monotonic() < stop:
            toast_id = notebook_call(desk, "system.popupToast", {"title": "t", "buttons": ["a", "b"]})
            notebook_call(desk, "system.updateToast", toast_id, {"message": "m"})
            desk.click_toast_button(toast_id, 1)
            assert notebook_call(desk, "system.closeToast", toast_id) is False  # the click closed it
            rounds["toasts"] += 1

    def states() -> None:
        while time.monotonic() < stop:
            for op in ("NotReadyBreak", "Ready"):
                notebook_call(desk, "agent.setState", op)
            notebook_call(desk, "media.setState", "chat", "NotReady")
            rounds["states"] += 1

    def run(fn: Callable[[], None]) -> Callable[[], None]:
        def wrapped() -> None:
            start.wait()
            try:
                fn()
            except BaseException as exc:  # any failure here is a race
                errors.append(exc)

        return wrapped

    threads = [threading.Thread(target=run(fn)) for fn in (user_data, calls, toasts, states)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    return dict(rounds)


def test_concurrent_changes_keep_order_and_consistency() -> None:
    desk = AgentDesktop(clock=ManualClock(), ids=IdSource(3))
    long_call = desk.simulate_inbound_call(user_data={"Start": 1})
    desk.answer(long_call)
    seen: list[DesktopEvent] = []
    listener_threads: set[int] = set()

    def listen(event: DesktopEvent) -> None:
        listener_threads.add(threading.get_ident())
        seen.append(event)

    desk.add_event_listener(listen)
    first_seq = desk.last_seq + 1

    rounds = hammer(desk, long_call)

    assert set(rounds) == {"user_data", "calls", "toasts", "states"} and min(rounds.values()) > 0, rounds
    # every event once, in order, no gaps or duplicates
    assert [e.seq for e in seen] == list(range(first_seq, first_seq + len(seen)))
    assert seen[-1].seq == desk.last_seq
    assert len(listener_threads) > 1  # delivered on the threads that made the changes
    # the threads really interleaved
    switches = sum(1 for a, b in itertools.pairwise(seen) if a.family != b.family)
    assert switches > 10

    by_interaction: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in seen:
        if "interaction" in event.data:
            by_interaction[event.data["interaction"]["interactionId"]].append(
                {"eventType": event.event_type, **event.data["interaction"]}
            )

    # every dialed call went ADDED … REMOVED, each state change following the one before
    dialed = [i for i in by_interaction if i != long_call]
    assert len(dialed) == rounds["calls"]
    for interaction_id in dialed:
        history = by_interaction[interaction_id]
        assert [h["eventType"] for h in history] == [
            "ADDED",
            "DIALING",
            "ATTACHED_DATA_CHANGED",
            "ESTABLISHED",
            "RELEASED",
            "REMOVED",
        ], interaction_id
        assert [h["state"] for h in history] == ["DIALING", "DIALING", "DIALING", "TALKING", "IDLE", "IDLE"]
        assert interaction_id not in desk.interactions
    assert list(desk.interactions) == [long_call]

    # the long call's last event is what the desktop holds now
    history = by_interaction[long_call]
    assert {h["eventType"] for h in history} == {"ATTACHED_DATA_CHANGED"}
    assert len(history) == 2 * rounds["user_data"]
    final = desk.interactions_json()[long_call]
    assert {k: v for k, v in history[-1].items() if k != "eventType"} == final
    assert final["userData"]["Counter"] == rounds["user_data"] and "Note" not in final["userData"]
    counters = [h["userData"]["Counter"] for h in history]
    assert counters == sorted(counters)  # set in order, never overwritten by an older value

    # toasts: one click per toast, all closed
    clicks = [e for e in seen if e.event_type == "CUSTOM_TOAST_BUTTON_CLICK"]
    assert [c.data["customToastId"] for c in clicks] == [f"wweCustomToast{n}" for n in range(rounds["toasts"])]
    assert all(c.data["buttonIndex"] == 1 for c in clicks)
    assert desk.toasts == {}

    # agent and media: the last event of each is the current state
    agent_events = [e for e in seen if e.family == "agent"]
    assert len(agent_events) == 2 * rounds["states"]
    assert agent_events[-1].data["mediaState"] == desk.agent_state.type == "READY"
    for name, media in desk.media.items():
        last = [e for e in seen if e.family == "media" and e.data["media"] == name][-1]
        assert last.data["mediaState"] == media.state.type
    assert desk.media["chat"].state.type == "NOT_READY"
