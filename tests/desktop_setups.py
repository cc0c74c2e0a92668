"""Desktops ready for a test to act on: interactions in a given state, and for each current request
of the table the arguments that make it succeed on a fresh desktop (:data:`VALID_ARGS`, the one
argument table the tests walk the requests with), or a value of the wrong type (:func:`wrong_value`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scapi_widget.desktop.model import AgentDesktop

CALL_STATES = ("RINGING", "TALKING", "HELD", "RECORDING", "PAUSED")


def call_in(desk: AgentDesktop, state: str) -> str:
    """An inbound voice call in ``state`` (one of CALL_STATES); returns its id."""
    if state not in CALL_STATES:
        raise ValueError(f"call_in: state must be one of {', '.join(CALL_STATES)}, got {state!r}")
    call_id = desk.simulate_inbound_call("5550100", user_data={"Key": "value"})
    if state != "RINGING":
        desk.answer(call_id)
    if state == "HELD":
        desk.hold(call_id)
    if state in ("RECORDING", "PAUSED"):
        desk.start_recording(call_id)
    if state == "PAUSED":
        desk.pause_recording(call_id)
    return call_id


def chat_in(desk: AgentDesktop, state: str) -> str:
    """An invited chat (``INVITED``) or an accepted one (``ACCEPTED``); returns its id."""
    chat_id = desk.simulate_open_media("chat", "ann@example.com")
    if state == "ACCEPTED":
        desk.accept(chat_id)
    return chat_id


def consultation(desk: AgentDesktop) -> str:
    consult_id = desk.consult(call_in(desk, "TALKING"), "5002")
    desk.remote_answer(consult_id)
    return consult_id


def preview(desk: AgentDesktop, state: str = "PREVIEWING") -> str:
    desk.load_campaign("Offer", "Preview")
    desk.start_campaign("Offer")
    desk.add_records("Offer", [{"phone": "5550001", "fields": {"Name": "Ann"}, "chained_phones": ["5550002"]}])
    record_id = desk.get_preview_record("Offer")
    if state == "CALL":
        return desk.call_preview_record(record_id, desk.previews[record_id].chain[0].handle)
    return record_id


def first_handle(desk: AgentDesktop) -> list[Any]:
    record_id = preview(desk)
    return [record_id, desk.previews[record_id].chain[0].handle]


def reschedulable(desk: AgentDesktop) -> str:
    record_id = preview(desk)
    desk.reschedule_record(record_id, desk.previews[record_id].chain[0].handle, "1/1/2099 10:00", "CAMPAIGN")
    return record_id


def with_dialog(desk: AgentDesktop) -> str:
    return desk.open_dialog("https://app.example/dialog.html")


# Arguments that make each request succeed, given a fresh desktop.
VALID_ARGS: dict[str, Callable[[AgentDesktop], list[Any]]] = {
    "agent.setState": lambda d: ["NotReady"],
    "media.getMediaByName": lambda d: ["chat"],
    "media.setState": lambda d: ["email", "NotReadyBreak"],
    "voice.dial": lambda d: ["5551234", {"CustomerId": "C-1"}],
    "voice.dialEx": lambda d: ["5551234", {"CustomerId": "C-1"}, {"ek1": "ev1"}],
    "voice.answer": lambda d: [call_in(d, "RINGING")],
    "voice.hangUp": lambda d: [call_in(d, "TALKING")],
    "voice.hold": lambda d: [call_in(d, "TALKING")],
    "voice.resume": lambda d: [call_in(d, "HELD")],
    "voice.startCallRecording": lambda d: [call_in(d, "TALKING")],
    "voice.stopCallRecording": lambda d: [call_in(d, "RECORDING")],
    "voice.pauseCallRecording": lambda d: [call_in(d, "RECORDING")],
    "voice.resumeCallRecording": lambda d: [call_in(d, "PAUSED")],
    "interaction.getByInteractionId": lambda d: [call_in(d, "RINGING")],
    "interaction.setUserData": lambda d: [call_in(d, "TALKING"), {"Disposition": "Sale"}],
    "interaction.deleteUserData": lambda d: [call_in(d, "TALKING"), "Key"],
    "system.popupToast": lambda d: [{"title": "Hello", "iconUrl": "", "buttons": ["OK"]}],
    "system.updateToast": lambda d: [d.popup_toast(title="a"), {"message": "updated"}],
    "system.closeToast": lambda d: [d.popup_toast(title="a")],
    "auth.getPureCloudToken": lambda d: [False],
    "configuration.getOption": lambda d: [["voice.*", "toast.window-title"]],
    "configuration.getContextualOption": lambda d: ["voice.auto-answer", call_in(d, "RINGING")],
    "email.create": lambda d: ["ann@example.com", {"Subject": "Hello"}],
    "interaction.selectCaseByCaseId": lambda d: [d.interactions[call_in(d, "RINGING")].case_id],
    "interaction.markdone": lambda d: [chat_in(d, "ACCEPTED")],
    "interaction.blockMarkdone": lambda d: [call_in(d, "TALKING"), "Fill in the disposition first"],
    "interaction.unblockMarkdone": lambda d: [call_in(d, "TALKING")],
    "interaction.accept": lambda d: [chat_in(d, "INVITED")],
    "interaction.reject": lambda d: [chat_in(d, "INVITED")],
    "interaction.consult": lambda d: [call_in(d, "TALKING"), {"type": "AGENT", "destination": "7002"}, {"A": 1}, None],
    "interaction.singleStepTransfer": lambda d: [call_in(d, "TALKING"), "5002", None, {"ek": "ev"}],
    "interaction.singleStepConference": lambda d: [call_in(d, "TALKING"), "5002"],
    "interaction.completeTransfer": lambda d: [consultation(d)],
    "interaction.completeConference": lambda d: [consultation(d)],
    "messenger.broadcastMessage": lambda d: ["team", {"text": "hi"}],
    "outbound.getPreviewRecord": lambda d: [_pull_ready(d)],
    "outbound.callPreviewRecord": first_handle,
    "outbound.rejectPreviewRecord": lambda d: [preview(d)],
    "outbound.cancelPreviewRecord": lambda d: [preview(d)],
    "outbound.rescheduleRecord": lambda d: [*first_handle(d), "12/31/2098 14:30", "CAMPAIGN"],
    "outbound.cancelReschedule": lambda d: [reschedulable(d)],
    "outbound.setCallResult": lambda d: [preview(d, "CALL"), 6],
    "outbound.getCallResult": lambda d: [preview(d)],
    "outbound.setDoNotCall": lambda d: [preview(d)],
    "outbound.removeDoNotCall": lambda d: [preview(d)],
    "outbound.getChainedRecords": lambda d: [preview(d)],
    "outbound.getRecordFields": lambda d: [preview(d)],
    "outbound.updateRecordFields": lambda d: [preview(d), {"GSW_CUSTOM_STRING": "x"}],
    "system.openDialog": lambda d: ["https://app.example/dialog.html", {"label": "Notes", "width": "430px"}],
    "system.closeDialog": lambda d: [with_dialog(d)],
    "system.updateViewInApplicationMenuBar": lambda d: [{"name": "crm", "label": "CRM"}],
    "system.closeViewInApplicationMenuBar": lambda d: [d.update_menu_view({"name": "crm"}) or "crm"],
}


def _pull_ready(desk: AgentDesktop) -> str:
    desk.load_campaign("Offer", "Preview")
    desk.start_campaign("Offer")
    desk.add_records("Offer", ["5550001"])
    return "Offer"


def valid_args(desk: AgentDesktop, name: str) -> list[Any]:
    """Arguments that make request ``name`` succeed on ``desk`` (a fresh desktop), preparing it."""
    return VALID_ARGS.get(name, lambda d: [])(desk)


# ---------------------------------------------------------------------------- types of the table


def spec_type_matches(spec_type: str, value: Any) -> bool:
    """Does ``value`` have the table's type (``string``, ``object``, ``number``, ``boolean``,
    ``object|string``, ``string|array``: a string or an array of strings, ``any``)?"""
    for kind in spec_type.split("|"):
        if kind == "any":
            return True
        if kind == "string" and isinstance(value, str):
            return True
        if kind == "object" and isinstance(value, dict):
            return True
        if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        if kind == "boolean" and isinstance(value, bool):
            return True
        if kind == "array" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return True
    return False


def wrong_value(spec_type: str) -> Any:
    """A value that does not have the table's type."""
    for candidate in (12345, "not-an-object", ["x", 1], None):
        if candidate is not None and not spec_type_matches(spec_type, candidate):
            return candidate
    raise AssertionError(f"no wrong value for type {spec_type!r}")
