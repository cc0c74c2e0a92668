"""Exact event sequences (family, eventType, state, previousState, fields) of desktop flows
(REFERENCE §6, §7), refusals that change nothing, the interaction JSON (§4.6), toasts and the
user-data filters (§2.3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from scapi_widget.desktop import AgentDesktop, ManualClock
from scapi_widget.errors import (
    InvalidActionError,
    InvalidParameterError,
    NotAllowedError,
    ScapiError,
    UnknownInteractionError,
)
from scapi_widget.service import notebook_call

from .conftest import BridgeEnv, Recorder, new_bridge_env, new_desk, request, subscribe

# Every attribute of REFERENCE §4.6 that applies to a voice call that is not a consultation
# (parentInteractionId only exists on a consultation).
VOICE_FIELDS = {
    "interactionId",
    "caseId",
    "userData",
    "state",
    "previousState",
    "parties",
    "isConsultation",
    "isMainCaseInteraction",
    "isCaseSelected",
    "isCaseExpanded",
    "interactionUUID",
    "callUuid",
    "direction",
    "callType",
    "ani",
    "dnis",
    "recordingState",
}


def states(rec: Recorder) -> list[tuple[str, str | None, str, str]]:
    """(family, eventType, state, previousState) of interaction events."""
    return [
        (e.family, e.event_type, e.data["interaction"]["state"], e.data["interaction"]["previousState"])
        for e in rec.events
        if "interaction" in e.data
    ]


def assert_consecutive(rec: Recorder, first: int = 1) -> None:
    """Sequence numbers strictly increase by one, starting at ``first``."""
    assert [e.seq for e in rec.events] == list(range(first, first + len(rec.events)))


def without_case_keys(user_data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in user_data.items() if not k.startswith("IW_")}


# ---------------------------------------------------------------------------- voice sequences


def test_sequence_numbers_count_up_by_one_across_families(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    desk.set_agent_state("NotReady")
    desk.click_toast_button(desk.popup_toast(title="t", buttons=["a"]), 0)
    assert {e.family for e in recorder.events} == {"interaction", "agent", "media", "system"}
    assert_consecutive(recorder)
    assert desk.last_seq == len(recorder.events)


def test_inbound_call_answered_released_marked_done(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call("5550100")
    notebook_call(desk, "voice.answer", call_id)
    notebook_call(desk, "voice.hangUp", call_id)
    notebook_call(desk, "interaction.markdone", call_id)
    assert call_id == "1"
    assert states(recorder) == [
        ("interaction", "ADDED", "RINGING", "UNKNOWN"),
        ("interaction", "RINGING", "RINGING", "UNKNOWN"),
        ("interaction", "ESTABLISHED", "TALKING", "RINGING"),
        ("interaction", "RELEASED", "IDLE", "TALKING"),
        ("interaction", "REMOVED", "IDLE", "TALKING"),
    ]
    assert_consecutive(recorder)
    assert all(e.data["media"] == "voice" and e.data["interaction"]["interactionId"] == "1" for e in recorder.events)
    assert all(set(e.data) == {"eventType", "media", "interaction"} for e in recorder.events)
    item = recorder.events[0].data["interaction"]
    assert (item["direction"], item["callType"], item["ani"], item["dnis"]) == ("IN", "INBOUND", "5550100", "7001")
    assert item["parties"] == [{"name": "5550100"}]
    assert desk.interactions == {}


def test_interaction_json_has_every_voice_attribute() -> None:
    desk = new_desk()
    first = desk.simulate_inbound_call("5550100", user_data={"CustomerId": "C-1"})
    second = desk.dial("5551234")
    assert (first, second) == ("1", "2")
    one, two = notebook_call(desk, "interaction.getInteractions")
    for item in (one, two):
        assert set(item) == VOICE_FIELDS
        assert isinstance(item["interactionId"], str)
        assert item["callUuid"] == item["interactionUUID"] and isinstance(item["callUuid"], str)
        assert item["caseId"] == item["userData"]["IW_CaseUid"]
        assert isinstance(item["userData"]["IW_BundleUid"], str)
        assert item["recordingState"] == "STOPPED"
        assert item["isMainCaseInteraction"] is True and item["isConsultation"] is False
        assert all(isinstance(item[k], bool) for k in ("isCaseSelected", "isCaseExpanded"))
        assert item["previousState"] == "UNKNOWN"
    assert one["interactionId"] == "1" and two["interactionId"] == "2"
    assert one["callUuid"] != two["callUuid"] and one["caseId"] != two["caseId"]
    assert (one["state"], one["direction"], one["callType"], one["ani"], one["dnis"]) == (
        "RINGING",
        "IN",
        "INBOUND",
        "5550100",
        "7001",
    )
    assert (two["state"], two["direction"], two["callType"], two["ani"], two["dnis"]) == (
        "DIALING",
        "OUT",
        "OUTBOUND",
        "7001",
        "5551234",
    )
    assert one["parties"] == [{"name": "5550100"}] and two["parties"] == [{"name": "5551234"}]
    assert without_case_keys(one["userData"]) == {"CustomerId": "C-1"}
    # the newest interaction's case is the selected, expanded one
    assert (one["isCaseSelected"], one["isCaseExpanded"]) == (False, False)
    assert (two["isCaseSelected"], two["isCaseExpanded"]) == (True, True)
    assert notebook_call(desk, "interaction.getByInteractionId", "2") == two


def test_a_consultation_names_its_parent() -> None:
    desk = new_desk()
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    consult_id = desk.consult(call_id, "5002")
    item = notebook_call(desk, "interaction.getByInteractionId", consult_id)
    assert VOICE_FIELDS | {"parentInteractionId"} <= set(item)
    assert (item["parentInteractionId"], item["isConsultation"], item["callType"]) == ("1", True, "CONSULT")


@pytest.mark.parametrize(
    ("prepare", "previous"),
    [
        (lambda d, i: d.answer(i), "TALKING"),
        (lambda d, i: None, "RINGING"),
        (lambda d, i: (d.answer(i), d.hold(i)), "HELD"),
    ],
    ids=["talking", "missed", "held"],
)
def test_remote_hang_up(
    desk: AgentDesktop, recorder: Recorder, prepare: Callable[[AgentDesktop, str], Any], previous: str
) -> None:
    call_id = desk.simulate_inbound_call()
    prepare(desk, call_id)
    start = desk.last_seq + 1
    recorder.clear()
    desk.remote_hang_up(call_id)
    assert states(recorder) == [("interaction", "RELEASED", "IDLE", previous)]
    assert_consecutive(recorder, start)
    assert desk.interactions[call_id].state == "IDLE"


def test_outbound_dial_answered_by_the_remote_party(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = notebook_call(desk, "voice.dial", "5551234", {"CustomerId": "C-1"})
    assert call_id is None  # voice.dial is void; the call shows up through events
    desk.remote_answer("1")
    assert states(recorder) == [
        ("interaction", "ADDED", "DIALING", "UNKNOWN"),
        ("interaction", "DIALING", "DIALING", "UNKNOWN"),
        ("interaction", "ATTACHED_DATA_CHANGED", "DIALING", "UNKNOWN"),
        ("interaction", "ESTABLISHED", "TALKING", "DIALING"),
    ]
    assert_consecutive(recorder)
    first, _, data_changed, established = (e.data["interaction"] for e in recorder.events)
    assert (established["direction"], established["callType"], established["dnis"]) == ("OUT", "OUTBOUND", "5551234")
    assert "CustomerId" not in first["userData"]
    assert without_case_keys(data_changed["userData"]) == {"CustomerId": "C-1"}
    assert without_case_keys(established["userData"]) == {"CustomerId": "C-1"}


def test_dial_without_user_data_has_no_data_event_and_an_extension_is_internal(
    desk: AgentDesktop, recorder: Recorder
) -> None:
    desk.dial("5001")
    assert states(recorder) == [
        ("interaction", "ADDED", "DIALING", "UNKNOWN"),
        ("interaction", "DIALING", "DIALING", "UNKNOWN"),
    ]
    assert recorder.events[0].data["interaction"]["callType"] == "INTERNAL"


def test_hold_and_resume(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    recorder.clear()
    notebook_call(desk, "voice.hold", call_id)
    notebook_call(desk, "voice.resume", call_id)
    assert states(recorder) == [
        ("interaction", "HELD", "HELD", "TALKING"),
        ("interaction", "ESTABLISHED", "TALKING", "HELD"),
    ]
    assert_consecutive(recorder, 4)


def test_recording_start_pause_resume_stop(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    recorder.clear()
    for request_name in ("start", "pause", "resume", "stop"):
        notebook_call(desk, f"voice.{request_name}CallRecording", call_id)
    assert [
        (e.family, e.event_type, e.data["interaction"]["recordingState"], e.data["interaction"]["state"])
        for e in recorder.events
    ] == [
        ("interaction", "CALL_RECORDING_STATE_CHANGED", "RECORDING", "TALKING"),
        ("interaction", "CALL_RECORDING_STATE_CHANGED", "PAUSED", "TALKING"),
        ("interaction", "CALL_RECORDING_STATE_CHANGED", "RECORDING", "TALKING"),
        ("interaction", "CALL_RECORDING_STATE_CHANGED", "STOPPED", "TALKING"),
    ]
    assert_consecutive(recorder, 4)


def test_recording_stops_when_the_call_is_released(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    desk.hold(call_id)
    desk.start_recording(call_id)  # a held call may be recorded
    recorder.clear()
    desk.hang_up(call_id)
    (released,) = recorder.events
    assert (released.event_type, released.data["interaction"]["recordingState"]) == ("RELEASED", "STOPPED")
    assert released.data["interaction"]["previousState"] == "HELD"


def test_user_data_set_and_delete(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call(user_data={"A": "1"})
    recorder.clear()
    notebook_call(desk, "interaction.setUserData", call_id, {"A": "2", "B": 3})
    notebook_call(desk, "interaction.deleteUserData", call_id, "A")
    assert [(e.family, e.event_type, e.data["interaction"]["state"]) for e in recorder.events] == [
        ("interaction", "ATTACHED_DATA_CHANGED", "RINGING"),
        ("interaction", "ATTACHED_DATA_CHANGED", "RINGING"),
    ]
    assert [without_case_keys(e.data["interaction"]["userData"]) for e in recorder.events] == [
        {"A": "2", "B": 3},
        {"B": 3},
    ]
    assert_consecutive(recorder, 3)


def test_events_carry_copies_not_live_state(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call(user_data={"A": "1"})
    desk.set_user_data(call_id, {"A": "2"})
    assert recorder.events[0].data["interaction"]["userData"]["A"] == "1"
    recorder.events[-1].data["interaction"]["userData"]["A"] = "tampered"
    assert desk.interactions[call_id].user_data["A"] == "2"


# ---------------------------------------------------------------------------- agent and media


def test_agent_state_change_with_a_reason(desk: AgentDesktop, recorder: Recorder) -> None:
    notebook_call(desk, "agent.setState", "NotReadyBreak")
    agent_event, *media_events = recorder.events
    assert (agent_event.family, agent_event.data) == (
        "agent",
        {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY_ACTION_CODE", "reason": "Break", "reasonCode": "1511"},
    )
    assert [(e.family, e.data) for e in media_events] == [
        (
            "media",
            {
                "eventType": "STATE_CHANGED",
                "media": name,
                "mediaState": "NOT_READY_ACTION_CODE",
                "reason": "Break",
                "reasonCode": "1511",
            },
        )
        for name in ("voice", "chat", "email", "workitem")
    ]
    assert_consecutive(recorder)
    assert notebook_call(desk, "agent.getState") == {
        "type": "NOT_READY_ACTION_CODE",
        "displayName": "Not Ready - Break",
        "operationName": "NotReadyBreak",
    }


def test_agent_state_without_a_reason_has_no_reason_fields(desk: AgentDesktop, recorder: Recorder) -> None:
    desk.set_agent_state("NotReady")
    recorder.clear()
    notebook_call(desk, "agent.setState", "Ready")
    assert recorder.events[0].data == {"eventType": "STATE_CHANGED", "mediaState": "READY"}
    assert len(recorder.events) == 1 + len(desk.media)


def test_media_state_change(desk: AgentDesktop, recorder: Recorder) -> None:
    notebook_call(desk, "media.setState", "chat", "NotReady")
    assert [(e.family, e.data) for e in recorder.events] == [
        ("media", {"eventType": "STATE_CHANGED", "media": "chat", "mediaState": "NOT_READY"})
    ]
    assert notebook_call(desk, "media.getMediaByName", "chat")["state"]["type"] == "NOT_READY"
    assert notebook_call(desk, "agent.getState")["type"] == "READY"


def test_event_only_state_is_reported_but_cannot_be_set(desk: AgentDesktop, recorder: Recorder) -> None:
    desk.report_media_state("voice", "OUT_OF_SERVICE")
    assert recorder.events[-1].data == {"eventType": "STATE_CHANGED", "media": "voice", "mediaState": "OUT_OF_SERVICE"}
    with pytest.raises(InvalidActionError, match="voice channel is OUT_OF_SERVICE"):
        desk.dial("5001")
    with pytest.raises(InvalidParameterError, match="not an event-only state"):
        desk.report_media_state("voice", "READY")


# ---------------------------------------------------------------------------- toasts


def test_toast_button_click_goes_to_the_owner_frame_only(bridge_env: BridgeEnv) -> None:
    owner, other = bridge_env.add_frame(), bridge_env.add_frame()
    for frame in (owner, other):
        bridge_env.send(frame, subscribe(["system"], frame_id=frame))
    reply = bridge_env.send(
        owner, request("system.popupToast", {"title": "Hi", "buttons": ["Yes", "No"]}, frame_id=owner)
    )
    toast_id = reply[0]["data"]
    assert toast_id == "wweCustomToast0"
    rec = Recorder()
    bridge_env.desk.add_event_listener(rec)
    bridge_env.desk.click_toast_button(toast_id, "No")
    assert [(e.family, e.event_type, e.frame_id) for e in rec.events] == [
        ("system", "CUSTOM_TOAST_BUTTON_CLICK", owner)
    ]
    assert bridge_env.events_to(owner) == [("system", "CUSTOM_TOAST_BUTTON_CLICK")]
    assert bridge_env.to(owner)[-1] == {
        "event": "system",
        "data": {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": "wweCustomToast0", "buttonIndex": 1},
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }
    assert bridge_env.events_to(other) == []
    assert bridge_env.desk.toasts == {}  # closed by the click


def test_toast_button_index_is_zero_based(desk: AgentDesktop, recorder: Recorder) -> None:
    toast_id = desk.popup_toast(title="t", buttons=["First", "Second", "Third"])
    desk.click_toast_button(toast_id, 0)
    assert recorder.events[-1].data == {
        "eventType": "CUSTOM_TOAST_BUTTON_CLICK",
        "customToastId": toast_id,
        "buttonIndex": 0,
    }
    with pytest.raises(InvalidParameterError, match="no toast with id"):
        desk.click_toast_button(toast_id, 0)  # it is gone


def test_a_notebook_toast_click_goes_to_every_system_subscriber(bridge_env: BridgeEnv) -> None:
    a, b = bridge_env.add_frame(), bridge_env.add_frame()
    for frame in (a, b):
        bridge_env.send(frame, subscribe("system", frame_id=frame))
    bridge_env.desk.click_toast_button(bridge_env.desk.popup_toast(title="t", buttons=["x"]), "x")
    assert bridge_env.events_to(a) == bridge_env.events_to(b) == [("system", "CUSTOM_TOAST_BUTTON_CLICK")]


def test_bad_toast_clicks_change_nothing(desk: AgentDesktop, recorder: Recorder) -> None:
    toast_id = desk.popup_toast(title="t", buttons=["a", "b"])
    before = desk.snapshot()
    for button in (2, -1, "c", True, None):
        with pytest.raises(InvalidParameterError, match=f"toast {toast_id} has"):
            desk.click_toast_button(toast_id, button)  # type: ignore[arg-type]
    assert desk.snapshot() == before and recorder.events == []


def test_toast_ids_update_close_and_auto_close() -> None:
    clock = ManualClock()
    desk = new_desk(clock=clock)
    first = desk.popup_toast(title="a", autoCloseTimeout=1500)
    second = notebook_call(desk, "system.popupToast", {"title": "b"})
    assert (first, second) == ("wweCustomToast0", "wweCustomToast1")
    assert notebook_call(desk, "system.updateToast", second, {"message": "m"}) is True
    assert notebook_call(desk, "system.updateToast", "nope", {"message": "m"}) is False
    assert desk.toasts[second].parameters["message"] == "m"
    clock.advance(1.0)
    assert first in desk.toasts
    clock.advance(0.6)
    assert first not in desk.toasts
    assert second in desk.toasts  # no timeout: stays
    clock.advance(3600)
    assert second in desk.toasts
    assert notebook_call(desk, "system.closeToast", second) is True
    assert notebook_call(desk, "system.closeToast", second) is False


def test_update_toast_restarts_and_cancels_auto_close() -> None:
    clock = ManualClock()
    desk = new_desk(clock=clock)
    toast_id = desk.popup_toast(title="a", autoCloseTimeout=1000)
    clock.advance(0.9)
    desk.update_toast(toast_id, autoCloseTimeout=1000)  # restarts the countdown
    clock.advance(0.9)
    assert toast_id in desk.toasts
    clock.advance(0.2)
    assert toast_id not in desk.toasts
    kept = desk.popup_toast(title="b", autoCloseTimeout=500)
    desk.update_toast(kept, autoCloseTimeout=0)  # 0: stay open
    clock.advance(10)
    assert kept in desk.toasts
    closed = desk.popup_toast(title="c", autoCloseTimeout=500)
    desk.close_toast(closed)
    reopened = desk.popup_toast(title="d")
    clock.advance(10)  # the closed toast's timer must not close anything else
    assert reopened in desk.toasts


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"message": "no title"}, "needs a 'title'"),
        ({"title": 5}, "'title' must be a str"),
        ({"title": "t", "buttons": "OK"}, "'buttons' must be a list"),
        ({"title": "t", "buttons": [""]}, "non-empty strings"),
        ({"title": "t", "autoCloseTimeout": -1}, "autoCloseTimeout"),
        ({"title": "t", "autoCloseTimeout": True}, "autoCloseTimeout' must be a number"),
        ({"title": "t", "colour": "red"}, "unknown toast field"),
    ],
)
def test_bad_toast_parameters(desk: AgentDesktop, recorder: Recorder, params: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        notebook_call(desk, "system.popupToast", params)
    assert desk.toasts == {} and recorder.events == []


# ---------------------------------------------------------------------------- refusals change nothing


def call_in(desk: AgentDesktop, state: str) -> str:
    call_id = desk.simulate_inbound_call(user_data={"Key": "v"})
    if state in ("TALKING", "IDLE"):
        desk.answer(call_id)
    if state == "IDLE":
        desk.hang_up(call_id)
    return call_id


# (call state, request, its parameters given the call's id, error class, what the message says)
REFUSALS: list[Any] = [
    pytest.param("RINGING", "voice.hold", lambda c: [c], InvalidActionError,
                 r"cannot hold interaction 1: it is RINGING, hold needs TALKING", id="hold-ringing"),
    pytest.param("TALKING", "voice.answer", lambda c: [c], InvalidActionError,
                 r"cannot answer interaction 1: it is TALKING, answer needs RINGING", id="answer-talking"),
    pytest.param("TALKING", "voice.hangUp", lambda c: ["9"], UnknownInteractionError,
                 r"no interaction with id '9' \(current ids: 1\)", id="unknown-id"),
    pytest.param("TALKING", "voice.hold", lambda c: [7], InvalidParameterError,
                 r"voice\.hold: parameter 1 \(interactionId\) must be a string", id="numeric-id"),
    pytest.param("IDLE", "interaction.setUserData", lambda c: [c, {"a": 1}], InvalidActionError,
                 r"cannot change user data of interaction 1: it is IDLE \(no longer live\)", id="userdata-idle"),
    pytest.param("IDLE", "interaction.deleteUserData", lambda c: [c, "Key"], InvalidActionError,
                 r"it is IDLE \(no longer live\)", id="delete-userdata-idle"),
    pytest.param("TALKING", "interaction.markdone", lambda c: [c], InvalidActionError,
                 r"cannot mark interaction 1 done: it is TALKING; release it first", id="markdone-talking"),
    pytest.param("TALKING", "voice.pauseCallRecording", lambda c: [c], InvalidActionError,
                 r"recording is STOPPED, pause needs RECORDING", id="pause-stopped"),
    pytest.param("TALKING", "voice.resumeCallRecording", lambda c: [c], InvalidActionError,
                 r"recording is STOPPED, resume needs PAUSED", id="resume-stopped"),
    pytest.param("RINGING", "voice.startCallRecording", lambda c: [c], InvalidActionError,
                 r"the call is RINGING, recording needs TALKING or HELD", id="record-ringing"),
    pytest.param("TALKING", "interaction.deleteUserData", lambda c: [c, "Nope"], InvalidParameterError,
                 r"interaction 1 has no user data key 'Nope' \(keys: ", id="delete-missing-key"),
    pytest.param("TALKING", "interaction.setUserData", lambda c: [c, {"": 1}], InvalidParameterError,
                 "user data keys must be non-empty strings", id="empty-key"),
    pytest.param("TALKING", "interaction.setUserData", lambda c: [c, {"a": float("nan")}], InvalidParameterError,
                 r"\['a'\]: numbers must be finite, got nan", id="nan-value"),
    pytest.param("TALKING", "agent.setState", lambda c: ["OUT_OF_SERVICE"], InvalidParameterError,
                 r"'OUT_OF_SERVICE' is an event-only state: .* settable states: Ready", id="event-only-state"),
    pytest.param("TALKING", "agent.setState", lambda c: ["Lunch"], InvalidParameterError,
                 r"unknown agent state 'Lunch'; the state list has: Ready", id="unknown-state"),
    pytest.param("TALKING", "media.setState", lambda c: ["fax", "Ready"], InvalidParameterError,
                 r"unknown media 'fax'; this desktop has: voice, chat, email, workitem", id="unknown-media"),
    pytest.param("TALKING", "media.setState", lambda c: ["chat", "Lunch"], InvalidParameterError,
                 r"unknown agent state 'Lunch'", id="media-unknown-state"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "request_name", "make_params", "error", "message"), REFUSALS)
def test_invalid_actions_raise_say_what_to_fix_and_change_nothing(
    state: str,
    request_name: str,
    make_params: Callable[[str], list[Any]],
    error: type[ScapiError],
    message: str,
) -> None:
    desk = new_desk()
    call_id = call_in(desk, state)
    rec = Recorder()
    desk.add_event_listener(rec)
    before = desk.snapshot()
    with pytest.raises(error, match=message) as caught:
        notebook_call(desk, request_name, *make_params(call_id))
    assert type(caught.value) is error
    assert desk.snapshot() == before
    assert rec.events == []


def test_desktop_methods_refuse_like_requests_and_change_nothing(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = call_in(desk, "RINGING")
    recorder.clear()
    before = desk.snapshot()
    refusals: list[tuple[Callable[[], Any], type[ScapiError]]] = [
        (lambda: desk.hold(call_id), InvalidActionError),
        (lambda: desk.remote_answer(call_id), InvalidActionError),
        (lambda: desk.mark_done(call_id), InvalidActionError),
        (lambda: desk.stop_recording(call_id), InvalidActionError),
        (lambda: desk.answer("42"), UnknownInteractionError),
        (lambda: desk.set_agent_state("Nope"), InvalidParameterError),
        (lambda: desk.set_media_state("fax", "Ready"), InvalidParameterError),
        (lambda: desk.simulate_inbound_call(""), InvalidParameterError),
        (lambda: desk.dial("", {"a": 1}), InvalidParameterError),
        (lambda: desk.dial("5001", {"a": object()}), InvalidParameterError),
    ]
    for action, error in refusals:
        with pytest.raises(error):
            action()
    assert desk.snapshot() == before
    assert recorder.events == []


# ---------------------------------------------------------------------------- user-data filters


def test_write_allowed_filter_refuses_other_keys() -> None:
    desk = new_desk(user_data_write_allowed=["CustomerId"])
    call_id = desk.simulate_inbound_call(user_data={"Secret": "old"})
    rec = Recorder()
    desk.add_event_listener(rec)
    before = desk.snapshot()
    with pytest.raises(NotAllowedError, match=r"'Secret' may not be written \(write-allowed keys: CustomerId\)"):
        notebook_call(desk, "interaction.setUserData", call_id, {"CustomerId": "1", "Secret": "x"})
    with pytest.raises(NotAllowedError, match="'Secret' may not be written"):
        notebook_call(desk, "interaction.deleteUserData", call_id, "Secret")
    with pytest.raises(NotAllowedError, match="'Secret' may not be written"):
        notebook_call(desk, "voice.dial", "5001", {"Secret": "x"})
    assert desk.snapshot() == before
    assert rec.events == []
    notebook_call(desk, "interaction.setUserData", call_id, {"CustomerId": "1"})
    assert desk.interactions[call_id].user_data["CustomerId"] == "1"
    desk.set_user_data(call_id, {"Secret": "the desktop itself may"})
    assert desk.interactions[call_id].user_data["Secret"] == "the desktop itself may"


def test_read_allowed_filter_applies_to_app_results_only() -> None:
    desk = new_desk(user_data_read_allowed="CustomerId")
    call_id = desk.simulate_inbound_call(user_data={"CustomerId": "1", "Secret": "x"})
    assert notebook_call(desk, "interaction.getByInteractionId", call_id)["userData"] == {"CustomerId": "1"}
    assert [i["userData"] for i in notebook_call(desk, "interaction.getInteractions")] == [{"CustomerId": "1"}]
    full = desk.interactions_json()[call_id]["userData"]
    assert full["Secret"] == "x" and full["CustomerId"] == "1" and "IW_CaseUid" in full


def test_read_allowed_filter_applies_to_notifications_and_bridge_results() -> None:
    env = new_bridge_env(user_data_read_allowed="CustomerId")
    frame = env.add_frame()
    env.send(frame, subscribe(["interaction"], frame_id=frame))
    rec = Recorder()
    env.desk.add_event_listener(rec)
    call_id = env.desk.simulate_inbound_call(user_data={"CustomerId": "1", "Secret": "x"})
    assert [m["data"]["interaction"]["userData"] for m in env.to(frame) if "event" in m] == [{"CustomerId": "1"}] * 2
    (reply,) = env.send(frame, request("interaction.getInteractions", ref="g"))
    assert [i["userData"] for i in reply["data"]] == [{"CustomerId": "1"}]
    # the desktop's own events and views keep everything
    assert rec.events[0].data["interaction"]["userData"]["Secret"] == "x"
    assert env.desk.interactions_json()[call_id]["userData"]["Secret"] == "x"


def test_get_by_interaction_id_of_an_unknown_id_is_null(desk: AgentDesktop) -> None:
    assert notebook_call(desk, "interaction.getByInteractionId", "42") is None


def test_sip_endpoint_mute_state(desk: AgentDesktop, recorder: Recorder) -> None:
    notebook_call(desk, "sipEndpoint.muteMicrophone")
    assert notebook_call(desk, "sipEndpoint.isMicrophoneMute") is True
    assert notebook_call(desk, "sipEndpoint.isSpeakerMute") is False
    notebook_call(desk, "sipEndpoint.muteSpeaker")
    notebook_call(desk, "sipEndpoint.unmuteMicrophone")
    assert (desk.microphone_muted, desk.speaker_muted) == (False, True)
    assert recorder.events == []  # mute state is not an event family
