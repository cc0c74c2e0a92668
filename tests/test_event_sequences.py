"""Exact event sequences (family, eventType, state, previousState, fields) of desktop flows."""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget.bridge import AppBridge, Post
from scapi_widget.desktop import AgentDesktop, ManualClock
from scapi_widget.errors import (
    InvalidActionError,
    InvalidParameterError,
    NotAllowedError,
    ScapiError,
    UnknownInteractionError,
)

from .conftest import APP_ORIGIN, BridgeEnv, Recorder, new_desk, request, subscribe

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


def test_sequence_numbers_count_up_by_one(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    desk.set_agent_state("NotReady")
    assert [e.seq for e in recorder.events] == list(range(1, len(recorder.events) + 1))


def test_inbound_call_answered_released_marked_done(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call("5550100")
    desk.answer(call_id)
    desk.hang_up(call_id)
    desk.mark_done(call_id)
    assert call_id == "1"
    assert states(recorder) == [
        ("interaction", "ADDED", "RINGING", "UNKNOWN"),
        ("interaction", "RINGING", "RINGING", "UNKNOWN"),
        ("interaction", "ESTABLISHED", "TALKING", "RINGING"),
        ("interaction", "RELEASED", "IDLE", "TALKING"),
        ("interaction", "REMOVED", "IDLE", "TALKING"),
    ]
    first = recorder.events[0].data
    assert first["media"] == "voice"
    item = first["interaction"]
    assert VOICE_FIELDS <= set(item)
    assert item["direction"] == "IN" and item["callType"] == "INBOUND"
    assert item["ani"] == "5550100" and item["dnis"] == "7001"
    assert item["parties"] == [{"name": "5550100"}]
    assert item["callUuid"] == item["interactionUUID"]
    assert item["caseId"] == item["userData"]["IW_CaseUid"]
    assert item["recordingState"] == "STOPPED"
    assert item["isCaseSelected"] and item["isCaseExpanded"] and item["isMainCaseInteraction"]
    assert item["isConsultation"] is False
    assert desk.interactions == {}


def test_remote_hang_up(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    recorder.clear()
    desk.remote_hang_up(call_id)
    assert states(recorder) == [("interaction", "RELEASED", "IDLE", "TALKING")]


def test_outbound_dial_answered_by_the_remote_party(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.dial("5551234", {"CustomerId": "C-1"})
    desk.remote_answer(call_id)
    assert states(recorder) == [
        ("interaction", "ADDED", "DIALING", "UNKNOWN"),
        ("interaction", "DIALING", "DIALING", "UNKNOWN"),
        ("interaction", "ATTACHED_DATA_CHANGED", "DIALING", "UNKNOWN"),
        ("interaction", "ESTABLISHED", "TALKING", "DIALING"),
    ]
    item = recorder.events[-1].data["interaction"]
    assert item["direction"] == "OUT" and item["callType"] == "OUTBOUND" and item["dnis"] == "5551234"
    assert item["userData"]["CustomerId"] == "C-1"
    assert "CustomerId" not in recorder.events[0].data["interaction"]["userData"]


def test_dial_to_an_extension_is_internal_and_without_data_has_no_data_event(
    desk: AgentDesktop, recorder: Recorder
) -> None:
    desk.dial("5001")
    assert [e.event_type for e in recorder.events] == ["ADDED", "DIALING"]
    assert recorder.events[0].data["interaction"]["callType"] == "INTERNAL"


def test_hold_and_resume(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    recorder.clear()
    desk.hold(call_id)
    desk.resume(call_id)
    assert states(recorder) == [
        ("interaction", "HELD", "HELD", "TALKING"),
        ("interaction", "ESTABLISHED", "TALKING", "HELD"),
    ]


def test_recording_start_pause_resume_stop(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    recorder.clear()
    desk.start_recording(call_id)
    desk.pause_recording(call_id)
    desk.resume_recording(call_id)
    desk.stop_recording(call_id)
    assert [(e.event_type, e.data["interaction"]["recordingState"]) for e in recorder.events] == [
        ("CALL_RECORDING_STATE_CHANGED", "RECORDING"),
        ("CALL_RECORDING_STATE_CHANGED", "PAUSED"),
        ("CALL_RECORDING_STATE_CHANGED", "RECORDING"),
        ("CALL_RECORDING_STATE_CHANGED", "STOPPED"),
    ]
    assert all(e.data["interaction"]["state"] == "TALKING" for e in recorder.events)


def test_user_data_set_and_delete(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call(user_data={"A": "1"})
    recorder.clear()
    desk.call("interaction.setUserData", call_id, {"A": "2", "B": 3})
    desk.call("interaction.deleteUserData", call_id, "A")
    data = [
        {k: v for k, v in e.data["interaction"]["userData"].items() if not k.startswith("IW_")} for e in recorder.events
    ]
    assert [e.event_type for e in recorder.events] == ["ATTACHED_DATA_CHANGED", "ATTACHED_DATA_CHANGED"]
    assert data == [{"A": "2", "B": 3}, {"B": 3}]


def test_agent_state_change_with_a_reason(desk: AgentDesktop, recorder: Recorder) -> None:
    desk.call("agent.setState", "NotReadyBreak")
    agent_event, *media_events = recorder.events
    assert (agent_event.family, agent_event.data) == (
        "agent",
        {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY_ACTION_CODE", "reason": "Break", "reasonCode": "1511"},
    )
    assert [(e.family, e.data["media"], e.data["mediaState"]) for e in media_events] == [
        ("media", name, "NOT_READY_ACTION_CODE") for name in ("voice", "chat", "email", "workitem")
    ]
    assert desk.call("agent.getState") == {
        "type": "NOT_READY_ACTION_CODE",
        "displayName": "Not Ready - Break",
        "operationName": "NotReadyBreak",
    }


def test_media_state_change(desk: AgentDesktop, recorder: Recorder) -> None:
    desk.call("media.setState", "chat", "NotReady")
    assert [(e.family, e.data) for e in recorder.events] == [
        ("media", {"eventType": "STATE_CHANGED", "media": "chat", "mediaState": "NOT_READY"})
    ]
    assert desk.call("media.getMediaByName", "chat")["state"]["type"] == "NOT_READY"
    assert desk.call("agent.getState")["type"] == "READY"


def test_event_only_state_is_reported_but_cannot_be_set(desk: AgentDesktop, recorder: Recorder) -> None:
    desk.report_media_state("voice", "OUT_OF_SERVICE")
    assert recorder.events[-1].data["mediaState"] == "OUT_OF_SERVICE"
    with pytest.raises(InvalidActionError, match="voice channel is OUT_OF_SERVICE"):
        desk.dial("5001")
    with pytest.raises(InvalidParameterError, match="unknown agent state 'OutOfService'"):
        desk.call("agent.setState", "OutOfService")
    with pytest.raises(InvalidParameterError, match="not an event-only state"):
        desk.report_media_state("voice", "READY")


def test_toast_button_click_goes_to_the_owner_frame_only(env: BridgeEnv) -> None:
    owner, other = env.add_frame(), env.add_frame()
    for frame in (owner, other):
        env.send(frame, subscribe(["system"], frame_id=frame))
    reply = env.send(owner, request("system.popupToast", {"title": "Hi", "buttons": ["Yes", "No"]}, frame_id=owner))
    toast_id = reply[0]["data"]
    assert toast_id == "wweCustomToast0"
    env.desk.click_toast_button(toast_id, "No")
    assert env.events_to(owner) == [("system", "CUSTOM_TOAST_BUTTON_CLICK")]
    assert env.to(owner)[-1]["data"] == {
        "eventType": "CUSTOM_TOAST_BUTTON_CLICK",
        "customToastId": "wweCustomToast0",
        "buttonIndex": 1,
    }
    assert env.events_to(other) == []
    assert env.desk.toasts == {}


def test_toast_ids_update_close_and_auto_close() -> None:
    clock = ManualClock()
    desk = new_desk(clock=clock)
    first = desk.popup_toast(title="a", autoCloseTimeout=1500)
    second = desk.call("system.popupToast", {"title": "b"})
    assert (first, second) == ("wweCustomToast0", "wweCustomToast1")
    assert desk.call("system.updateToast", second, {"message": "m"}) is True
    assert desk.call("system.updateToast", "nope", {"message": "m"}) is False
    assert desk.toasts[second].parameters["message"] == "m"
    clock.advance(1.0)
    assert first in desk.toasts
    clock.advance(0.6)
    assert first not in desk.toasts
    assert desk.call("system.closeToast", second) is True
    assert desk.call("system.closeToast", second) is False


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"message": "no title"}, "needs a 'title'"),
        ({"title": 5}, "'title' must be a str"),
        ({"title": "t", "buttons": "OK"}, "'buttons' must be a list"),
        ({"title": "t", "buttons": [""]}, "non-empty strings"),
        ({"title": "t", "autoCloseTimeout": -1}, "autoCloseTimeout"),
        ({"title": "t", "colour": "red"}, "unknown toast field"),
    ],
)
def test_bad_toast_parameters(desk: AgentDesktop, params: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        desk.call("system.popupToast", params)
    assert desk.toasts == {}


def live_call(desk: AgentDesktop, state: str) -> str:
    call_id = desk.simulate_inbound_call()
    if state in ("TALKING", "IDLE"):
        desk.answer(call_id)
    if state == "IDLE":
        desk.hang_up(call_id)
    return call_id


@pytest.mark.parametrize(
    ("state", "request_name", "args", "error", "message"),
    [
        ("RINGING", "voice.hold", [], InvalidActionError, "cannot hold interaction 1: it is RINGING"),
        ("TALKING", "voice.answer", [], InvalidActionError, "answer needs RINGING"),
        ("RINGING", "voice.hold", ["9"], UnknownInteractionError, "no interaction with id '9'"),
        ("IDLE", "interaction.setUserData", [{"a": 1}], InvalidActionError, "no longer live"),
        ("TALKING", "interaction.markdone", [], ScapiError, "release it first"),
        ("TALKING", "voice.pauseCallRecording", [], InvalidActionError, "recording is STOPPED"),
        ("RINGING", "voice.startCallRecording", [], InvalidActionError, "recording needs TALKING or HELD"),
        ("TALKING", "interaction.deleteUserData", ["Nope"], InvalidParameterError, "no user data key 'Nope'"),
        ("TALKING", "interaction.setUserData", [{"": 1}], InvalidParameterError, "non-empty strings"),
        ("TALKING", "interaction.setUserData", [{"a": float("nan")}], InvalidParameterError, "finite"),
        ("TALKING", "media.setState", ["fax", "Ready"], InvalidParameterError, "unknown media 'fax'"),
        ("TALKING", "agent.setState", ["Lunch"], InvalidParameterError, "the state list has"),
    ],
)
def test_invalid_actions_raise_and_change_nothing(
    state: str, request_name: str, args: list[Any], error: type[Exception], message: str
) -> None:
    desk = new_desk()
    call_id = live_call(desk, state)
    rec = Recorder()
    desk.add_event_listener(rec)
    before = desk.snapshot()
    uses_id = request_name.startswith(("voice.", "interaction."))
    params = ([args[0]] if args and args[0] == "9" else [call_id, *args]) if uses_id else args
    if request_name == "interaction.markdone":
        with pytest.raises(error, match=message):
            desk.mark_done(call_id)
    else:
        with pytest.raises(error, match=message):
            desk.call(request_name, *params)
    assert desk.snapshot() == before
    assert rec.events == []


def test_write_allowed_filter_refuses_other_keys() -> None:
    desk = new_desk(user_data_write_allowed=["CustomerId"])
    call_id = desk.simulate_inbound_call()
    before = desk.snapshot()
    with pytest.raises(NotAllowedError, match="'Secret' may not be written"):
        desk.call("interaction.setUserData", call_id, {"CustomerId": "1", "Secret": "x"})
    with pytest.raises(NotAllowedError):
        desk.call("voice.dial", "5001", {"Secret": "x"})
    assert desk.snapshot() == before
    desk.call("interaction.setUserData", call_id, {"CustomerId": "1"})
    desk.set_user_data(call_id, {"Secret": "the desktop itself may"})
    assert desk.interactions[call_id].user_data["Secret"] == "the desktop itself may"


def test_read_allowed_filter_applies_to_apps_only() -> None:
    desk = new_desk(user_data_read_allowed="CustomerId")
    call_id = desk.simulate_inbound_call(user_data={"CustomerId": "1", "Secret": "x"})
    assert desk.call("interaction.getByInteractionId", call_id)["userData"] == {"CustomerId": "1"}
    assert [i["userData"] for i in desk.call("interaction.getInteractions")] == [{"CustomerId": "1"}]
    assert desk.interactions_json()[call_id]["userData"]["Secret"] == "x"


def test_read_allowed_filter_applies_to_notifications() -> None:
    desk = new_desk(accepted_origins=APP_ORIGIN, user_data_read_allowed="CustomerId")
    posts: list[Post] = []
    env = BridgeEnv(desk, AppBridge(desk, posts.append), posts)
    frame = env.add_frame()
    env.send(frame, subscribe(["interaction"], frame_id=frame))
    env.desk.simulate_inbound_call(user_data={"CustomerId": "1", "Secret": "x"})
    assert [m["data"]["interaction"]["userData"] for m in env.to(frame) if "event" in m] == [{"CustomerId": "1"}] * 2


def test_get_by_interaction_id_of_an_unknown_id_is_null(desk: AgentDesktop) -> None:
    assert desk.call("interaction.getByInteractionId", "42") is None


def test_sip_endpoint_mute_state(desk: AgentDesktop) -> None:
    desk.call("sipEndpoint.muteMicrophone")
    assert desk.call("sipEndpoint.isMicrophoneMute") is True
    assert desk.call("sipEndpoint.isSpeakerMute") is False
    desk.call("sipEndpoint.muteSpeaker")
    desk.call("sipEndpoint.unmuteMicrophone")
    assert (desk.microphone_muted, desk.speaker_muted) == (False, True)
