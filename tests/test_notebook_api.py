"""Notebook API: SCAPI namespaces in snake_case, typed results, awaitables, the request log."""

from __future__ import annotations

import asyncio
import threading

import pytest

from scapi_widget import Desktop, InvalidActionError
from scapi_widget.notebook.namespaces import InteractionInfo, snake_case

from .event_loops import run_in_fresh_loop as run
from .test_widget import PAGE_ORIGIN, FrontEnd


def test_snake_case() -> None:
    assert snake_case("getByInteractionId") == "get_by_interaction_id"
    assert snake_case("sipEndpoint") == "sip_endpoint"
    assert snake_case("isFrameLeadingOrNegotiating") == "is_frame_leading_or_negotiating"


def test_namespaces_cover_every_request_and_return_typed_interactions() -> None:
    desk = Desktop()
    names = {f"{ns}.{m}" for ns in dir(desk.scapi) for m in dir(getattr(desk.scapi, ns))}
    assert len(names) == 76
    call_id = desk.simulate_inbound_call("5550100", user_data={"Segment": "Gold"})
    item = desk.interaction.get_by_interaction_id(call_id)
    assert isinstance(item, InteractionInfo) and item["state"] == "RINGING"
    assert repr(item) == "<Interaction 1 RINGING INBOUND with 5550100 {'Segment': 'Gold'}>"
    desk.voice.answer(interaction_id=call_id)
    desk.interaction.set_user_data(call_id, key_values={"Reason": "Billing"})
    assert desk.scapi.agent.get()["firstname"] == "Alex"
    assert desk.scapi.media.get_media_by_name("chat")["name"] == "chat"
    assert [repr(i) for i in desk.interaction.get_interactions()] == [
        "<Interaction 1 TALKING INBOUND with 5550100 {'Segment': 'Gold', 'Reason': 'Billing'}>"
    ]
    assert "voice.dial(destination, user_data=None)" in desk.voice.dial.__doc__


def test_namespace_errors() -> None:
    desk = Desktop()
    with pytest.raises(TypeError, match=r"unexpected keyword argument.*colour.*destination, user_data"):
        desk.voice.dial("5001", colour="red")
    with pytest.raises(TypeError, match="takes 2 argument"):
        desk.voice.dial("5001", {}, "extra")
    with pytest.raises(TypeError, match="'destination' twice"):
        desk.voice.dial("5001", destination="5002")
    with pytest.raises(AttributeError, match="voice has no request 'teleport'"):
        desk.voice.teleport()
    with pytest.raises(AttributeError, match="no SCAPI namespace 'fax'"):
        desk.scapi.fax  # noqa: B018
    with pytest.raises(InvalidActionError, match="cannot hold interaction 1"):
        desk.voice.hold(desk.simulate_inbound_call())


def test_next_event_resolves_from_another_thread() -> None:
    desk = Desktop()

    async def scenario() -> str:
        threading.Timer(0.05, lambda: desk.simulate_inbound_call()).start()  # as a kernel subshell would
        event = await desk.next_event("RINGING", timeout=5)
        return event.data["interaction"]["interactionId"]

    assert run(scenario()) == "1"


def test_next_event_with_a_filter_and_wait_for() -> None:
    desk = Desktop()

    async def scenario() -> tuple[str, object]:
        loop = asyncio.get_running_loop()
        loop.call_later(0.01, desk.simulate_inbound_call, "111")
        loop.call_later(0.02, desk.simulate_inbound_call, "222")
        event = await desk.next_event("ADDED", where=lambda e: e.data["interaction"]["ani"] == "222", timeout=5)
        threading.Timer(0.05, lambda: desk.answer("1")).start()
        value = await desk.wait_for(lambda d: d.interactions["1"]["state"] == "TALKING" and "talking", timeout=5)
        return event.data["interaction"]["ani"], value

    assert run(scenario()) == ("222", "talking")


def test_waiting_fails_with_a_clear_message() -> None:
    desk = Desktop()
    with pytest.raises(TimeoutError, match=r"no 'RINGING' event within 0.05 s.*desk.ready is False"):
        run(desk.next_event("RINGING", timeout=0.05))
    with pytest.raises(TimeoutError, match=r"did not hold within 0\.05 s"):
        run(desk.wait_for(lambda d: d.interactions, timeout=0.05))
    refused: list[str] = []

    def outside_a_loop() -> None:  # a thread of its own: no event loop runs there
        try:
            desk.next_event("RINGING").send(None)
        except RuntimeError as exc:
            refused.append(str(exc))

    thread = threading.Thread(target=outside_a_loop)
    thread.start()
    thread.join(5)
    assert refused and "must be awaited" in refused[0]


def test_wait_for_returns_at_once_when_already_true() -> None:
    desk = Desktop()
    desk.simulate_inbound_call()
    assert run(desk.wait_for(lambda d: len(d.interactions), timeout=0.01)) == 1


def test_request_log_records_what_apps_asked_and_were_answered() -> None:
    desk = Desktop(app="https://a.example/app.html")
    view = FrontEnd(desk)
    view.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    for ref, data in [
        ("1", {"request": "voice.dial", "parameters": ["5001", None]}),
        ("2", {"request": "voice.hold", "parameters": ["9"]}),
        ("3", {"event": "subscribe", "data": ["interaction"]}),
    ]:
        view.send(
            kind="scapi",
            view="v1",
            frameId=1,
            origin="https://a.example",
            data={**data, "referenceId": ref, "userAgent": "WWE Client", "protocolVersion": 2},
        )
    log = desk.request_log
    assert [(e["request"], e["ok"]) for e in log] == [("voice.dial", True), ("voice.hold", False), ("subscribe", True)]
    assert log[0]["parameters"] == ["5001", None] and log[0]["frameId"] == 1
    assert log[1]["errorMessage"].startswith("no interaction with id '9'")


def test_events_frame_and_timeline() -> None:
    import matplotlib

    matplotlib.use("Agg")
    desk = Desktop()
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    desk.set_agent_state("NotReady")
    desk.hang_up(call_id)
    frame = desk.events_frame()
    assert list(frame["eventType"])[:3] == ["ADDED", "RINGING", "ESTABLISHED"]
    assert list(frame.columns)[:4] == ["seq", "time", "family", "eventType"]
    assert frame.loc[frame["family"] == "agent", "state"].tolist() == ["NOT_READY"]
    assert str(frame["time"].dtype).startswith("datetime64")
    ax = desk.timeline()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["#1 INBOUND", "agent"]
    assert {t.get_text() for t in ax.texts} >= {"RINGING", "TALKING", "IDLE", "NOT_READY"}
