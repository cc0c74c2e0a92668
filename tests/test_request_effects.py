"""Every current request of the table has a test of what it does or of what it answers.

One entry of :data:`EFFECTS` per request: it prepares a desktop, makes the request (as notebook code
with ``notebook_call(desk, ...)``, or as an app frame through the service with a :class:`Caller`) and asserts the
observable effect (desktop state, events an app would receive) or the answer's shape as the SCAPI
reference describes it. The shapes are written here from the reference (§3 method tables, §4 type
definitions, §6 events); nothing is read from outside the repository. The walk is parametrised over
the package's request table, so a request added to the table without an effect test fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from scapi_widget.desktop import AgentDesktop, DesktopEvent, ManualClock
from scapi_widget.desktop.security import AccessPolicy
from scapi_widget.errors import InvalidActionError, InvalidParameterError, ScapiError
from scapi_widget.service import SERVICE, Caller, notebook_call
from scapi_widget.wire.spec import current

from .conftest import Recorder, new_desk
from .desktop_setups import call_in, chat_in

# ---------------------------------------------------------------------------- shapes from the reference

# §4.2 media.State: the types an agent or media state may have.
STATE_TYPES = {
    "LOGOUT",
    "READY",
    "PARTIAL_READY",
    "NOT_READY",
    "NOT_READY_ACTION_CODE",
    "NOT_READY_AFTER_CALLWORK",
    "NOT_READY_AFTER_CALLWORK_ACTION_CODE",
    "DND_ON",
    "OUT_OF_SERVICE",
    "LOGOUT_DND_ON",
    "UNKNOWN",
}
# §4.7 interaction states (voice, open media, chat, outbound email, outbound preview).
INTERACTION_STATES = {
    *("UNKNOWN", "IDLE", "RINGING", "DIALING", "TALKING", "HELD", "PREVIEW"),
    *("INVITED", "ACCEPTED", "CREATED", "PULLED", "REVOKED", "COMPLETED", "ERROR", "SAVED", "TRANSFERRING"),
    *("TRANSFER_COMPLETED", "INVITED_CONFERENCE", "LEFT_CONFERENCE", "USER_DATA_ATTACHED", "USER_DATA_UPDATED"),
    *("JOIN_PENDING", "JOIN_FAILED", "HISTORY_IN_PROGRESS", "HISTORY_DONE", "CANCELLED", "SENT"),
    *("READY", "CANCELED", "REJECTED", "PREVIEWING"),
}
# §4.6 interaction.Interaction: fields every interaction has, and the voice-only ones.
INTERACTION_FIELDS: dict[str, type | tuple[type, ...]] = {
    "interactionId": str,
    "caseId": str,
    "userData": dict,
    "state": str,
    "previousState": str,
    "parties": list,
    "isConsultation": bool,
    "isMainCaseInteraction": bool,
    "isCaseSelected": bool,
    "isCaseExpanded": bool,
    "interactionUUID": str,
}
VOICE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "callUuid": str,
    "direction": str,
    "callType": str,
    "ani": str,
    "dnis": str,
    "recordingState": str,
}


def assert_fields(value: Any, fields: dict[str, type | tuple[type, ...]]) -> None:
    assert isinstance(value, dict), value
    for key, kind in fields.items():
        assert key in value, f"{key} missing from {value}"
        assert isinstance(value[key], kind), f"{key}={value[key]!r} is not {kind}"


def assert_state(value: Any) -> None:
    """§4.2 media.State: ``{type, displayName, operationName}`` strings, a known type."""
    assert_fields(value, {"type": str, "displayName": str, "operationName": str})
    assert value["type"] in STATE_TYPES


def assert_interaction(value: Any) -> None:
    """§4.6 interaction.Interaction (voice fields when it is a voice interaction)."""
    assert_fields(value, INTERACTION_FIELDS)
    assert value["state"] in INTERACTION_STATES and value["previousState"] in INTERACTION_STATES
    assert all(isinstance(p, dict) and isinstance(p["name"], str) for p in value["parties"])  # §4.8 Party
    assert value["userData"]["IW_CaseUid"] == value["caseId"]
    if "callUuid" in value:
        assert_fields(value, VOICE_FIELDS)
        assert value["direction"] in ("IN", "OUT", "UNKNOWN")
        assert value["recordingState"] in ("STOPPED", "RECORDING", "PAUSED")
        assert value["interactionUUID"] == value["callUuid"]  # §4.6: callUuid for voice


def assert_sections(value: Any) -> None:
    """§4.5 configuration.Section: ``{name, value}`` with a string or string[] value."""
    assert isinstance(value, list)
    for section in value:
        assert_fields(section, {"name": str, "value": (str, list)})
        assert isinstance(section["value"], str) or all(isinstance(v, str) for v in section["value"])


def assert_media(value: Any) -> None:
    """§4.3 media.Media: ``{name, state: media.State}``."""
    assert_fields(value, {"name": str, "state": dict})
    assert_state(value["state"])


# ---------------------------------------------------------------------------- desktops to act on

Run = Callable[[AgentDesktop, Recorder], None]
EFFECTS: dict[str, Run] = {}


def effect(*names: str) -> Callable[[Run], Run]:
    def register(run: Run) -> Run:
        for name in names:
            assert name not in EFFECTS, f"two effect tests for {name}"
            EFFECTS[name] = run
        return run

    return register


def interaction_events(rec: Recorder) -> list[tuple[str | None, str, str | None]]:
    """(eventType, state, callType) of each interaction event, as §6.5 tabulates them."""
    return [
        (e.event_type, e.data["interaction"]["state"], e.data["interaction"].get("callType"))
        for e in rec.events
        if e.family == "interaction" and "interaction" in e.data
    ]


def last_interaction(rec: Recorder) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        e.data["interaction"] for e in rec.events if e.family == "interaction" and "interaction" in e.data
    ]
    assert found, "no interaction event"
    return found[-1]




def preview(desk: AgentDesktop, mode: str = "Preview") -> str:
    """A pull-preview record being previewed (a chain of two numbers)."""
    desk.load_campaign("Offer", mode)
    desk.start_campaign("Offer")
    desk.add_records("Offer", [{"phone": "5550001", "fields": {"Name": "Ann"}, "chained_phones": ["5550002"]}])
    return desk.get_preview_record("Offer")


def handle_of(desk: AgentDesktop, record_id: str, index: int = 0) -> int:
    handle = notebook_call(desk, "outbound.getChainedRecords", record_id)[index]["recordHandle"]
    assert isinstance(handle, int)
    return handle


def consultation(desk: AgentDesktop) -> tuple[str, str]:
    call_id = call_in(desk, "TALKING")
    desk.consult(call_id, "5002")
    consult_id = next(i for i in desk.interactions if i != call_id)
    desk.remote_answer(consult_id)
    return call_id, consult_id


def app_caller(desk: AgentDesktop, mode: str = "panel", origin: str = "http://app.test") -> Caller:
    desk.set_accepted_origins(desk.policy.with_origins([origin]))
    frame = desk.frames.add(f"{origin}/app.html", origin, mode)
    return Caller(origin, mode, frame.frame_id)


def as_app(desk: AgentDesktop, caller: Caller, name: str, *parameters: Any) -> Any:
    return SERVICE.execute(desk, caller, name, list(parameters))


# ---------------------------------------------------------------------------- agent, media, auth, configuration


@effect("agent.get")
def _agent_get(desk: AgentDesktop, rec: Recorder) -> None:
    answer = notebook_call(desk, "agent.get")  # §4.1 agent.Agent
    assert set(answer) == {"employeeId", "firstname", "lastname", "username"}
    assert all(isinstance(v, str) and v for v in answer.values())
    assert answer == {"employeeId": "7001", "firstname": "Alex", "lastname": "Rivera", "username": "arivera"}


@effect("agent.getState")
def _agent_get_state(desk: AgentDesktop, rec: Recorder) -> None:
    assert notebook_call(desk, "agent.getState") == {"type": "READY", "displayName": "Ready", "operationName": "Ready"}
    desk.set_agent_state("NotReady")
    answer = notebook_call(desk, "agent.getState")
    assert_state(answer)
    assert (answer["type"], answer["operationName"]) == ("NOT_READY", "NotReady")


@effect("agent.getStateList")
def _agent_get_state_list(desk: AgentDesktop, rec: Recorder) -> None:
    answer = notebook_call(desk, "agent.getStateList")
    assert isinstance(answer, list) and answer
    for state in answer:
        assert_state(state)
    names = [s["operationName"] for s in answer]
    assert len(names) == len(set(names)) and "NotReady" in names  # §3.1's example operationName
    assert "NotReadyBreak" in names
    for name in names:  # every listed operationName is one agent.setState takes
        notebook_call(desk, "agent.setState", name)
        assert notebook_call(desk, "agent.getState")["operationName"] == name


@effect("agent.setState")
def _agent_set_state(desk: AgentDesktop, rec: Recorder) -> None:
    assert notebook_call(desk, "agent.setState", "NotReadyBreak") is None
    agent_events = [e.data for e in rec.events if e.family == "agent"]
    # §6.1 / §6.8: STATE_CHANGED with the State type, and reason/reasonCode for an action-code state
    assert agent_events == [
        {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY_ACTION_CODE", "reason": "Break", "reasonCode": "1511"}
    ]
    assert notebook_call(desk, "agent.getState")["operationName"] == "NotReadyBreak"


@effect("media.getMediaList")
def _media_list(desk: AgentDesktop, rec: Recorder) -> None:
    answer = notebook_call(desk, "media.getMediaList")
    assert isinstance(answer, list)
    for media in answer:
        assert_media(media)
    assert [m["name"] for m in answer] == ["voice", "chat", "email", "workitem"]


@effect("media.getMediaByName")
def _media_by_name(desk: AgentDesktop, rec: Recorder) -> None:
    for name in [m["name"] for m in notebook_call(desk, "media.getMediaList")]:
        answer = notebook_call(desk, "media.getMediaByName", name)
        assert_media(answer)
        assert answer["name"] == name
    with pytest.raises(InvalidParameterError, match="unknown media 'fax'"):
        notebook_call(desk, "media.getMediaByName", "fax")


@effect("media.setState")
def _media_set_state(desk: AgentDesktop, rec: Recorder) -> None:
    assert notebook_call(desk, "media.setState", "email", "NotReady") is None
    states = {m["name"]: m["state"]["operationName"] for m in notebook_call(desk, "media.getMediaList")}
    assert states["email"] == "NotReady" and states["voice"] == "Ready"
    assert [(e.family, e.data.get("media"), e.data.get("mediaState")) for e in rec.events] == [
        ("media", "email", "NOT_READY")
    ]


@effect("auth.getJwtToken")
def _jwt(desk: AgentDesktop, rec: Recorder) -> None:
    answer = notebook_call(desk, "auth.getJwtToken")  # §3.2 {expiration: ISO-8601 string, jwtToken: string}
    assert set(answer) == {"expiration", "jwtToken"} and answer["jwtToken"]
    expires = datetime.fromisoformat(answer["expiration"].replace("Z", "+00:00"))
    assert expires.timestamp() > desk.clock.now()
    assert notebook_call(desk, "auth.getJwtToken") == answer  # a cached token while it is valid
    assert isinstance(desk.clock, ManualClock)
    desk.clock.advance(expires.timestamp() - desk.clock.now() + 1)
    assert notebook_call(desk, "auth.getJwtToken")["jwtToken"] != answer["jwtToken"]  # then a new one


@effect("auth.getPureCloudToken")
def _pure_cloud(desk: AgentDesktop, rec: Recorder) -> None:
    first = notebook_call(desk, "auth.getPureCloudToken", False)  # shape unknown (§3.2): an object with a token
    assert isinstance(first, dict) and any(isinstance(v, str) and v for v in first.values())
    assert notebook_call(desk, "auth.getPureCloudToken", False) == first
    assert notebook_call(desk, "auth.getPureCloudToken", True) != first  # forceNewToken


@effect("configuration.getOption")
def _get_option(desk: AgentDesktop, rec: Recorder) -> None:
    answer = notebook_call(desk, "configuration.getOption", ["voice.*", "toast.window-title"])
    assert_sections(answer)
    names = [s["name"] for s in answer]
    assert "toast.window-title" in names and len(names) > 1
    assert all(n.startswith("voice.") for n in names if n != "toast.window-title")
    assert_sections(notebook_call(desk, "configuration.getOption", "toast.window-title"))
    with pytest.raises(InvalidParameterError):
        notebook_call(desk, "configuration.getOption", "*.mark-done")  # §3.3: a leading * is rejected


@effect("configuration.getContextualOption")
def _get_contextual_option(desk: AgentDesktop, rec: Recorder) -> None:
    call_id = call_in(desk, "RINGING")
    desk.configuration.set_contextual(call_id, "voice.auto-answer", "true")
    answer = notebook_call(desk, "configuration.getContextualOption", "voice.auto-answer", call_id)
    assert_sections(answer)
    assert answer == [{"name": "voice.auto-answer", "value": "true"}]  # as the routing strategy overrode it
    assert notebook_call(desk, "configuration.getOption", "voice.auto-answer") == [
        {"name": "voice.auto-answer", "value": "false"}
    ]
    with pytest.raises(ScapiError):
        notebook_call(desk, "configuration.getContextualOption", "voice.auto-answer", "99")  # unknown interaction


# ---------------------------------------------------------------------------- interactions


@effect("interaction.getInteractions")
def _get_interactions(desk: AgentDesktop, rec: Recorder) -> None:
    assert notebook_call(desk, "interaction.getInteractions") == []
    ids = [call_in(desk, "TALKING"), chat_in(desk, "INVITED")]
    answer = notebook_call(desk, "interaction.getInteractions")
    for item in answer:
        assert_interaction(item)
    assert [i["interactionId"] for i in answer] == ids
    assert [i["state"] for i in answer] == ["TALKING", "INVITED"]


@effect("interaction.getByInteractionId")
def _get_by_id(desk: AgentDesktop, rec: Recorder) -> None:
    call_id = call_in(desk, "RINGING")
    answer = notebook_call(desk, "interaction.getByInteractionId", call_id)
    assert_interaction(answer)
    assert (answer["interactionId"], answer["state"], answer["direction"]) == (call_id, "RINGING", "IN")
    assert notebook_call(desk, "interaction.getByInteractionId", "99") is None  # §5: Interaction | null


@effect("interaction.setUserData")
def _set_user_data(desk: AgentDesktop, rec: Recorder) -> None:
    call_id = call_in(desk, "TALKING")
    rec.clear()
    notebook_call(desk, "interaction.setUserData", call_id, {"Key": "new", "Disposition": "Sale"})
    assert [e.event_type for e in rec.events] == ["ATTACHED_DATA_CHANGED"]
    data = last_interaction(rec)["userData"]
    assert (data["Key"], data["Disposition"]) == ("new", "Sale")  # §3.5: overwrites existing keys
    desk.hang_up(call_id)
    with pytest.raises(ScapiError):  # §3.5: only on a live interaction
        notebook_call(desk, "interaction.setUserData", call_id, {"Late": "x"})


@effect("interaction.deleteUserData")
def _delete_user_data(desk: AgentDesktop, rec: Recorder) -> None:
    call_id = call_in(desk, "TALKING")
    rec.clear()
    notebook_call(desk, "interaction.deleteUserData", call_id, "Key")
    assert [e.event_type for e in rec.events] == ["ATTACHED_DATA_CHANGED"]
    assert "Key" not in last_interaction(rec)["userData"]
    assert "Key" not in notebook_call(desk, "interaction.getByInteractionId", call_id)["userData"]


@effect("interaction.selectCaseByCaseId")
def _select_case(desk: AgentDesktop, rec: Recorder) -> None:
    first = call_in(desk, "RINGING")
    chat_in(desk, "INVITED")
    case_id = notebook_call(desk, "interaction.getByInteractionId", first)["caseId"]
    rec.clear()
    notebook_call(desk, "interaction.selectCaseByCaseId", case_id)
    # §6.2 case selection events carry {eventType, selectedCaseId}; the chat's case collapses, the call's opens
    assert [e.data for e in rec.events if e.event_type == "CASE_SELECTED"] == [
        {"eventType": "CASE_SELECTED", "selectedCaseId": case_id}
    ]
    assert all(set(e.data) == {"eventType", "selectedCaseId"} for e in rec.events)
    assert {e.event_type for e in rec.events} <= {"CASE_SELECTED", "CASE_EXPANDED", "CASE_COLLAPSED"}
    selected = {i["interactionId"]: i["isCaseSelected"] for i in notebook_call(desk, "interaction.getInteractions")}
    assert selected[first] is True and list(selected.values()).count(True) == 1


@effect("interaction.markdone")
def _markdone(desk: AgentDesktop, rec: Recorder) -> None:
    chat_id = chat_in(desk, "ACCEPTED")
    rec.clear()
    notebook_call(desk, "interaction.markdone", chat_id)
    assert interaction_events(rec) == [("COMPLETED", "COMPLETED", None), ("REMOVED", "COMPLETED", None)]
    assert notebook_call(desk, "interaction.getByInteractionId", chat_id) is None


@effect("interaction.blockMarkdone")
def _block_markdone(desk: AgentDesktop, rec: Recorder) -> None:
    chat_id = chat_in(desk, "ACCEPTED")
    notebook_call(desk, "interaction.blockMarkdone", chat_id, "Fill in the disposition first")
    rec.clear()
    with pytest.raises(InvalidActionError, match="Fill in the disposition first"):
        notebook_call(desk, "interaction.markdone", chat_id)
    assert [(e.family, e.event_type, e.data.get("warningMessage")) for e in rec.events] == [
        ("markdone", "MARKDONE_BLOCKED", "Fill in the disposition first")
    ]
    assert notebook_call(desk, "interaction.getByInteractionId", chat_id)["state"] == "ACCEPTED"


@effect("interaction.unblockMarkdone")
def _unblock_markdone(desk: AgentDesktop, rec: Recorder) -> None:
    chat_id = chat_in(desk, "ACCEPTED")
    notebook_call(desk, "interaction.blockMarkdone", chat_id, "wait")
    notebook_call(desk, "interaction.unblockMarkdone", chat_id)
    rec.clear()
    notebook_call(desk, "interaction.markdone", chat_id)
    assert [e.event_type for e in rec.events] == ["COMPLETED", "REMOVED"]


@effect("interaction.accept")
def _accept(desk: AgentDesktop, rec: Recorder) -> None:
    chat_id = chat_in(desk, "INVITED")
    rec.clear()
    notebook_call(desk, "interaction.accept", chat_id)
    assert interaction_events(rec) == [("ACCEPTED", "ACCEPTED", None)]
    assert last_interaction(rec)["previousState"] == "INVITED"


@effect("interaction.reject")
def _reject(desk: AgentDesktop, rec: Recorder) -> None:
    chat_id = chat_in(desk, "INVITED")
    rec.clear()
    notebook_call(desk, "interaction.reject", chat_id)
    assert [e.event_type for e in rec.events][-1] == "REMOVED"
    assert notebook_call(desk, "interaction.getByInteractionId", chat_id) is None
    with pytest.raises(ScapiError):  # only an invitation can be rejected
        notebook_call(desk, "interaction.reject", chat_in(desk, "ACCEPTED"))


@effect("interaction.consult")
def _consult(desk: AgentDesktop, rec: Recorder) -> None:
    call_id = call_in(desk, "TALKING")
    rec.clear()
    notebook_call(desk, "interaction.consult", call_id, {"type": "AGENT", "destination": "7002"}, {"Topic": "refund"})
    consult = last_interaction(rec)
    assert_interaction(consult)
    assert consult["isConsultation"] is True and consult["parentInteractionId"] == call_id  # §4.6
    assert consult["state"] == "DIALING" and consult["userData"]["Topic"] == "refund"
    assert notebook_call(desk, "interaction.getByInteractionId", call_id)["state"] == "HELD"


@effect("interaction.singleStepTransfer")
def _single_step_transfer(desk: AgentDesktop, rec: Recorder) -> None:
    call_id = call_in(desk, "TALKING")
    rec.clear()
    notebook_call(desk, "interaction.singleStepTransfer", call_id, "5002")
    assert interaction_events(rec) == [("RELEASED", "IDLE", "INBOUND")]


@effect("interaction.singleStepConference")
def _single_step_conference(desk: AgentDesktop, rec: Recorder) -> None:
    call_id = call_in(desk, "TALKING")
    rec.clear()
    notebook_call(desk, "interaction.singleStepConference", call_id, "5002")
    assert interaction_events(rec) == [("PARTY_CHANGED", "TALKING", "INBOUND")]
    assert "5002" in [p["name"] for p in last_interaction(rec)["parties"]]


@effect("interaction.completeTransfer")
def _complete_transfer(desk: AgentDesktop, rec: Recorder) -> None:
    call_id, consult_id = consultation(desk)
    rec.clear()
    notebook_call(desk, "interaction.completeTransfer", consult_id)  # §3.5: takes the consultation's id
    released = {e.data["interaction"]["interactionId"] for e in rec.events if e.event_type == "RELEASED"}
    assert released == {call_id, consult_id}
    assert {i["state"] for i in notebook_call(desk, "interaction.getInteractions")} == {"IDLE"}


@effect("interaction.completeConference")
def _complete_conference(desk: AgentDesktop, rec: Recorder) -> None:
    call_id, consult_id = consultation(desk)
    rec.clear()
    notebook_call(desk, "interaction.completeConference", consult_id)
    assert notebook_call(desk, "interaction.getByInteractionId", consult_id) is None
    original = notebook_call(desk, "interaction.getByInteractionId", call_id)
    assert original["state"] == "TALKING" and "5002" in [p["name"] for p in original["parties"]]
    assert rec.events[-1].event_type == "PARTY_CHANGED"


@effect("email.create")
def _email_create(desk: AgentDesktop, rec: Recorder) -> None:
    notebook_call(desk, "email.create", "ann@example.com", {"Subject": "Hello"})
    assert [(t, s) for t, s, _ in interaction_events(rec)] == [("ADDED", "CREATED"), ("CREATED", "CREATED")]
    email = last_interaction(rec)
    assert_interaction(email)
    assert rec.events[-1].data["media"] == "email"
    assert email["parties"] == [{"name": "ann@example.com"}] and email["userData"]["Subject"] == "Hello"


@effect("messenger.broadcastMessage")
def _broadcast(desk: AgentDesktop, rec: Recorder) -> None:
    notebook_call(desk, "messenger.broadcastMessage", "team", {"text": "hi", "n": [1, 2]})
    # §3.7 / §6.7: family messenger:<channel>, data = the message itself (no eventType)
    assert [(e.family, e.data) for e in rec.events] == [("messenger:team", {"text": "hi", "n": [1, 2]})]


# ---------------------------------------------------------------------------- voice and SIP endpoint


@effect("voice.dial", "voice.dialEx")
def _dial(desk: AgentDesktop, rec: Recorder) -> None:
    notebook_call(desk, "voice.dial", "5551234", {"CustomerId": "C-1"})
    notebook_call(desk, "voice.dialEx", "5551235", None, {"ek1": "ev1"})
    first, second = notebook_call(desk, "interaction.getInteractions")
    for call, number in ((first, "5551234"), (second, "5551235")):
        assert_interaction(call)
        assert (call["state"], call["direction"], call["dnis"]) == ("DIALING", "OUT", number)
    assert first["userData"]["CustomerId"] == "C-1"
    assert desk.interactions[second["interactionId"]].extensions == {"ek1": "ev1"}
    assert [e.event_type for e in rec.events[:2]] == ["ADDED", "DIALING"]


VOICE_STEPS = {
    # request: (state before, eventType, state after, recordingState after)
    "voice.answer": ("RINGING", "ESTABLISHED", "TALKING", "STOPPED"),
    "voice.hangUp": ("TALKING", "RELEASED", "IDLE", "STOPPED"),
    "voice.hold": ("TALKING", "HELD", "HELD", "STOPPED"),
    "voice.resume": ("HELD", "ESTABLISHED", "TALKING", "STOPPED"),
    "voice.startCallRecording": ("TALKING", "CALL_RECORDING_STATE_CHANGED", "TALKING", "RECORDING"),
    "voice.stopCallRecording": ("RECORDING", "CALL_RECORDING_STATE_CHANGED", "TALKING", "STOPPED"),
    "voice.pauseCallRecording": ("RECORDING", "CALL_RECORDING_STATE_CHANGED", "TALKING", "PAUSED"),
    "voice.resumeCallRecording": ("PAUSED", "CALL_RECORDING_STATE_CHANGED", "TALKING", "RECORDING"),
}


def _voice_step(name: str) -> Run:
    before, event_type, after, recording = VOICE_STEPS[name]

    def run(desk: AgentDesktop, rec: Recorder) -> None:
        call_id = call_in(desk, before)
        rec.clear()
        notebook_call(desk, name, call_id)
        assert [e.event_type for e in rec.events] == [event_type]
        item = last_interaction(rec)
        assert (item["state"], item["recordingState"]) == (after, recording)
        assert notebook_call(desk, "interaction.getByInteractionId", call_id) == item

    return run


for _name in VOICE_STEPS:
    effect(_name)(_voice_step(_name))


@effect(
    "sipEndpoint.isMicrophoneMute",
    "sipEndpoint.muteMicrophone",
    "sipEndpoint.unmuteMicrophone",
    "sipEndpoint.isSpeakerMute",
    "sipEndpoint.muteSpeaker",
    "sipEndpoint.unmuteSpeaker",
)
def _sip_endpoint(desk: AgentDesktop, rec: Recorder) -> None:
    def mutes() -> tuple[Any, Any]:
        return notebook_call(desk, "sipEndpoint.isMicrophoneMute"), notebook_call(desk, "sipEndpoint.isSpeakerMute")

    assert mutes() == (False, False)  # §3.9: boolean (inferred)
    notebook_call(desk, "sipEndpoint.muteMicrophone")
    assert mutes() == (True, False)
    notebook_call(desk, "sipEndpoint.muteSpeaker")
    assert mutes() == (True, True)
    notebook_call(desk, "sipEndpoint.unmuteMicrophone")
    assert mutes() == (False, True)
    notebook_call(desk, "sipEndpoint.unmuteSpeaker")
    assert mutes() == (False, False)


# ---------------------------------------------------------------------------- outbound


@effect("outbound.getCampaigns")
def _get_campaigns(desk: AgentDesktop, rec: Recorder) -> None:
    assert notebook_call(desk, "outbound.getCampaigns") == []
    desk.load_campaign("Offer", "Preview")
    desk.load_campaign("Push", "PushPreview")
    desk.start_campaign("Push")
    answer = notebook_call(desk, "outbound.getCampaigns")
    assert isinstance(answer, list) and all(isinstance(c, dict) for c in answer)
    assert [(c["name"], c["mode"]) for c in answer] == [("Offer", "Preview"), ("Push", "PushPreview")]
    started = [e.data for e in rec.events if e.family == "outbound" and e.event_type == "CampaignStarted"]
    assert started == [{"eventType": "CampaignStarted", "campaign": "Push", "mode": "PushPreview"}]  # §6.4


@effect("outbound.getPreviewRecord")
def _get_preview_record(desk: AgentDesktop, rec: Recorder) -> None:
    desk.load_campaign("Offer", "Preview")
    desk.start_campaign("Offer")
    desk.add_records("Offer", ["5550001"])
    rec.clear()
    assert notebook_call(desk, "outbound.getPreviewRecord", "Offer") is None  # the record arrives as events
    assert interaction_events(rec) == [
        ("ADDED", "PREVIEWING", "OUTBOUND_PREVIEW"),
        ("PREVIEWING", "PREVIEWING", "OUTBOUND_PREVIEW"),
    ]
    assert last_interaction(rec)["capabilities"] == ["CALL", "REJECT_RECORD", "CANCEL_RECORD"]  # §6.5


@effect("outbound.callPreviewRecord")
def _call_preview_record(desk: AgentDesktop, rec: Recorder) -> None:
    record_id = preview(desk)
    second = handle_of(desk, record_id, 1)
    record_case = notebook_call(desk, "interaction.getByInteractionId", record_id)["caseId"]
    rec.clear()
    notebook_call(desk, "outbound.callPreviewRecord", record_id, second)
    assert interaction_events(rec) == [  # §6.5 pull preview, "Make call from preview"
        ("ADDED", "DIALING", "OUTBOUND"),
        ("DIALING", "DIALING", "OUTBOUND"),
        ("REMOVED", "IDLE", "OUTBOUND_PREVIEW"),
    ]
    call = rec.events[0].data["interaction"]
    assert_interaction(call)  # of the record's case
    assert call["caseId"] == record_case
    assert call["capabilities"] == ["HANGUP"] and call["dnis"] == "5550002"  # the chained number dialed


@effect("outbound.rejectPreviewRecord", "outbound.cancelPreviewRecord")
def _reject_or_cancel_record(desk: AgentDesktop, rec: Recorder) -> None:
    for request, state in (("outbound.rejectPreviewRecord", "REJECTED"), ("outbound.cancelPreviewRecord", "CANCELED")):
        desk = new_desk()
        rec = Recorder()
        desk.add_event_listener(rec)
        record_id = preview(desk)
        rec.clear()
        notebook_call(desk, request, record_id)
        assert interaction_events(rec) == [("STATE_CHANGE", state, "OUTBOUND_PREVIEW")]  # §6.5
        assert last_interaction(rec)["capabilities"] == ["MARK_DONE"]
        notebook_call(desk, "interaction.markdone", record_id)  # it awaits mark done
        assert notebook_call(desk, "interaction.getInteractions") == []


@effect("outbound.startDirectPushPreview", "outbound.stopDirectPushPreview")
def _direct_push_preview(desk: AgentDesktop, rec: Recorder) -> None:
    desk.load_campaign("Offer", "Preview")
    desk.start_campaign("Offer")
    with pytest.raises(InvalidActionError, match="startDirectPushPreview"):
        desk.push_direct_preview("Offer", "5550001")
    notebook_call(desk, "outbound.startDirectPushPreview")
    rec.clear()
    desk.push_direct_preview("Offer", "5550001")
    assert interaction_events(rec) == [  # §6.5 direct push preview, "Record received"
        ("ADDED", "INVITED", "OUTBOUND_PREVIEW"),
        ("INVITED", "INVITED", "OUTBOUND_PREVIEW"),
    ]
    assert last_interaction(rec)["capabilities"] == ["ACCEPT", "REJECT"]
    notebook_call(desk, "outbound.stopDirectPushPreview")
    with pytest.raises(InvalidActionError, match="startDirectPushPreview"):
        desk.push_direct_preview("Offer", "5550003")


@effect("outbound.rescheduleRecord", "outbound.cancelReschedule")
def _reschedule(desk: AgentDesktop, rec: Recorder) -> None:
    record_id = preview(desk)
    second = handle_of(desk, record_id, 1)
    with pytest.raises(InvalidActionError, match="no reschedule to cancel"):
        notebook_call(desk, "outbound.cancelReschedule", record_id)
    notebook_call(desk, "outbound.rescheduleRecord", record_id, second, "12/31/2098 14:30", "CAMPAIGN")
    reschedules = [r["reschedule"] for r in notebook_call(desk, "outbound.getChainedRecords", record_id)]
    assert reschedules == [None, {"date": "12/31/2098 14:30", "callbackType": "CAMPAIGN"}]
    notebook_call(desk, "outbound.cancelReschedule", record_id)
    assert [r["reschedule"] for r in notebook_call(desk, "outbound.getChainedRecords", record_id)] == [None, None]
    with pytest.raises(InvalidParameterError, match="not in the future"):
        notebook_call(desk, "outbound.rescheduleRecord", record_id, second, "1/1/2000 10:00", "CAMPAIGN")


@effect("outbound.getListOfCallResults", "outbound.setCallResult", "outbound.getCallResult")
def _call_results(desk: AgentDesktop, rec: Recorder) -> None:
    results = notebook_call(desk, "outbound.getListOfCallResults")
    assert isinstance(results, list) and results
    assert all(set(r) == {"code", "name"} and isinstance(r["code"], int) for r in results)
    assert 6 in [r["code"] for r in results]  # §3.8's sample call result
    record_id = preview(desk)
    assert notebook_call(desk, "outbound.getCallResult", record_id) is None
    for result in results:  # every listed result can be set and is read back
        notebook_call(desk, "outbound.setCallResult", record_id, result["code"])
        assert notebook_call(desk, "outbound.getCallResult", record_id) == result["code"]
    with pytest.raises(InvalidParameterError, match="unknown call result 12345"):
        notebook_call(desk, "outbound.setCallResult", record_id, 12345)


@effect("outbound.setDoNotCall", "outbound.removeDoNotCall")
def _do_not_call(desk: AgentDesktop, rec: Recorder) -> None:
    record_id = preview(desk)

    def flags() -> list[Any]:
        return [r["doNotCall"] for r in notebook_call(desk, "outbound.getChainedRecords", record_id)]

    assert flags() == [False, False]
    notebook_call(desk, "outbound.setDoNotCall", record_id)
    assert flags() == [True, False]
    notebook_call(desk, "outbound.removeDoNotCall", record_id)
    assert flags() == [False, False]


@effect("outbound.getChainedRecords")
def _chained_records(desk: AgentDesktop, rec: Recorder) -> None:
    record_id = preview(desk)
    chain = notebook_call(desk, "outbound.getChainedRecords", record_id)
    assert isinstance(chain, list) and [r["phone"] for r in chain] == ["5550001", "5550002"]
    handles = [r["recordHandle"] for r in chain]
    assert all(isinstance(h, int) for h in handles) and len(set(handles)) == 2
    assert notebook_call(desk, "interaction.getByInteractionId", record_id)["recordHandle"] == handles[0]
    with pytest.raises(InvalidActionError, match="has no outbound record"):
        notebook_call(desk, "outbound.getChainedRecords", call_in(desk, "RINGING"))


@effect("outbound.getRecordFields")
def _record_fields(desk: AgentDesktop, rec: Recorder) -> None:
    record_id = preview(desk)
    fields = notebook_call(desk, "outbound.getRecordFields", record_id)
    # §4.10: GSW_* keys of the record (a guide), plus the calling list's own fields
    assert fields["GSW_PHONE"] == "5550001" and fields["GSW_CAMPAIGN_NAME"] == "Offer"
    assert isinstance(fields["GSW_RECORD_HANDLE"], int) and isinstance(fields["GSW_CALLING_LIST"], str)
    assert fields["Name"] == "Ann"


@effect("outbound.updateRecordFields")
def _update_record_fields(desk: AgentDesktop, rec: Recorder) -> None:
    record_id = preview(desk)
    notebook_call(desk, "outbound.updateRecordFields", record_id, {"GSW_CUSTOM_STRING": "x", "Name": "Anne"})
    fields = notebook_call(desk, "outbound.getRecordFields", record_id)
    assert (fields["GSW_CUSTOM_STRING"], fields["Name"], fields["GSW_PHONE"]) == ("x", "Anne", "5550001")
    with pytest.raises(InvalidParameterError, match="GSW_RECORD_HANDLE cannot be changed"):
        notebook_call(desk, "outbound.updateRecordFields", record_id, {"GSW_RECORD_HANDLE": 9})


# ---------------------------------------------------------------------------- system


@effect("system.getAllowedServices")
def _allowed_services(desk: AgentDesktop, rec: Recorder) -> None:
    answer = notebook_call(desk, "system.getAllowedServices")  # §3.10 Array<string>: request names
    assert isinstance(answer, list) and all(isinstance(n, str) for n in answer)
    assert sorted(answer) == sorted(r.name for r in current())  # notebook code may use every current request
    desk.set_accepted_origins(AccessPolicy.parse("http://app.test (voice.*)"))
    panel = as_app(desk, app_caller(desk), "system.getAllowedServices")
    assert {n for n in panel if n.startswith("voice.")} == {r.name for r in current() if r.namespace == "voice"}
    assert not {n for n in panel if n.split(".")[0] in ("interaction", "outbound", "agent")}
    for name in panel:  # what it answers is what the app may do
        assert desk.policy.allows("http://app.test", name)


@effect("system.triggerActivity")
def _trigger_activity(desk: AgentDesktop, rec: Recorder) -> None:
    assert isinstance(desk.clock, ManualClock)
    desk.clock.advance(60)
    assert desk.last_activity != desk.clock.now()
    notebook_call(desk, "system.triggerActivity")
    assert desk.last_activity == desk.clock.now()


@effect("system.popupToast")
def _popup_toast(desk: AgentDesktop, rec: Recorder) -> None:
    caller = app_caller(desk)
    toast_id = as_app(desk, caller, "system.popupToast", {"title": "Hello", "iconUrl": "", "buttons": ["OK", "No"]})
    assert toast_id == "wweCustomToast0"  # §3.10 e.g. wweCustomToast0
    assert desk.toasts[toast_id].buttons == ["OK", "No"]
    rec.clear()
    desk.click_toast_button(toast_id, 1)
    # §6.3: the click reaches the app that popped the toast, with the 0-based button index
    assert [(e.family, e.data, e.frame_id) for e in rec.events if e.family == "system"] == [
        (
            "system",
            {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast_id, "buttonIndex": 1},
            caller.frame_id,
        )
    ]


@effect("system.updateToast")
def _update_toast(desk: AgentDesktop, rec: Recorder) -> None:
    toast_id = notebook_call(desk, "system.popupToast", {"title": "Hello", "iconUrl": ""})
    assert notebook_call(desk, "system.updateToast", toast_id, {"message": "updated"}) is True
    assert desk.toasts[toast_id].parameters["message"] == "updated"
    unknown = notebook_call(desk, "system.updateToast", "wweCustomToast99", {"message": "x"})
    assert unknown is False  # §3.10: id not found


@effect("system.closeToast")
def _close_toast(desk: AgentDesktop, rec: Recorder) -> None:
    toast_id = notebook_call(desk, "system.popupToast", {"title": "Hello", "iconUrl": ""})
    assert notebook_call(desk, "system.closeToast", toast_id) is True
    assert toast_id not in desk.toasts
    assert notebook_call(desk, "system.closeToast", toast_id) is False  # §3.10: id not found


@effect("system.openDialog")
def _open_dialog(desk: AgentDesktop, rec: Recorder) -> None:
    options = {"label": "Notes", "width": "430px"}
    dialog_id = notebook_call(desk, "system.openDialog", "https://app.example/d.html", options)
    assert isinstance(dialog_id, str) and re.fullmatch(r"wweCustomDialog\d+", dialog_id)  # sample closes one
    (dialog,) = desk.workspace.to_json()["dialogs"]
    assert (dialog["id"], dialog["url"], dialog["label"], dialog["width"]) == (
        dialog_id,
        "https://app.example/d.html",
        "Notes",
        "430px",
    )
    frame = desk.frames.get(dialog["frameId"])
    assert frame is not None and frame.mode == "dialog"


@effect("system.closeDialog")
def _close_dialog(desk: AgentDesktop, rec: Recorder) -> None:
    dialog_id = desk.open_dialog("https://app.example/d.html")
    frame_id = desk.workspace.dialogs[dialog_id].frame_id
    notebook_call(desk, "system.closeDialog", dialog_id)
    assert desk.workspace.dialogs == {} and frame_id not in desk.frames.frames
    with pytest.raises(InvalidParameterError, match="no dialog"):
        notebook_call(desk, "system.closeDialog", dialog_id)


@effect("system.updateViewInApplicationMenuBar")
def _update_menu_view(desk: AgentDesktop, rec: Recorder) -> None:
    notebook_call(desk, "system.updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM", "tooltip": "Open"})
    notebook_call(desk, "system.updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM 2"})  # keyed by name
    assert desk.workspace.to_json()["menuViews"] == [
        {"name": "crm", "label": "CRM 2", "tooltip": "Open", "ownerFrame": None}
    ]


@effect("system.closeViewInApplicationMenuBar")
def _close_menu_view(desk: AgentDesktop, rec: Recorder) -> None:
    desk.update_menu_view({"name": "crm"})
    desk.update_menu_view({"name": "other"})
    notebook_call(desk, "system.closeViewInApplicationMenuBar", "crm")
    assert desk.workspace.to_json()["menuViews"] == [{"name": "other", "ownerFrame": None}]


@effect("system.amIVisible")
def _am_i_visible(desk: AgentDesktop, rec: Recorder) -> None:
    answers = {mode: as_app(desk, app_caller(desk, mode), "system.amIVisible") for mode in ("panel", "hidden")}
    assert answers == {"panel": True, "hidden": False}  # the calling frame's visibility (boolean inferred)


LEADERSHIP_ANSWERS = {
    # request: answer when leading, following, negotiating (§3.10: multi-tab leader election)
    "system.isFrameLeading": (True, False, False),
    "system.isFrameFollowing": (False, True, False),
    "system.isFrameNegotiating": (False, False, True),
    "system.isFrameLeadingOrNegotiating": (True, False, True),
}


def _leadership(name: str) -> Run:
    def run(desk: AgentDesktop, rec: Recorder) -> None:
        answers = []
        for leadership in ("leading", "following", "negotiating"):
            desk.set_leadership(leadership)
            answers.append(notebook_call(desk, name))
        assert tuple(answers) == LEADERSHIP_ANSWERS[name]

    return run


for _name in LEADERSHIP_ANSWERS:
    effect(_name)(_leadership(_name))


@effect("system.isLastActiveFrame")
def _last_active(desk: AgentDesktop, rec: Recorder) -> None:
    desk.set_leadership("following", last_active=False)
    assert notebook_call(desk, "system.isLastActiveFrame") is False
    desk.set_leadership("following", last_active=True)
    assert notebook_call(desk, "system.isLastActiveFrame") is True


# ---------------------------------------------------------------------------- the walk


@pytest.mark.parametrize("name", [pytest.param(r.name, id=r.name) for r in current()])
def test_each_request_has_its_effect_or_its_answers_shape(name: str) -> None:
    assert name in EFFECTS, f"{name} has no effect test: add one to EFFECTS in {__name__}"
    desk = new_desk()
    rec = Recorder()
    desk.add_event_listener(rec)
    EFFECTS[name](desk, rec)


def test_effect_tests_name_only_current_requests() -> None:
    assert sorted(EFFECTS) == sorted(r.name for r in current())


def test_events_in_these_tests_are_what_apps_receive() -> None:
    """The Recorder sees the desktop's events; an app subscribed to a family gets the same data."""
    desk = new_desk()
    seen: list[DesktopEvent] = []
    desk.add_event_listener(seen.append)
    notebook_call(desk, "voice.dial", "5001")
    assert [e.to_json()["event"] for e in seen] == ["interaction", "interaction"]
    assert [e.to_json()["data"]["eventType"] for e in seen] == ["ADDED", "DIALING"]
