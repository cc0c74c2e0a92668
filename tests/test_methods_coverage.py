"""Walks methods.json: every request is answered (success, or a documented failure for bad
arguments); none is unknown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from scapi_widget.desktop import AgentDesktop
from scapi_widget.errors import InvalidParameterError, UnknownRequestError
from scapi_widget.service import SERVICE

from .conftest import new_desk
from .scapi_spec import current_methods, load_methods

CORE_NAMESPACES = {"agent", "media", "voice", "sipEndpoint"}
CORE_REQUESTS = {
    "interaction.getInteractions",
    "interaction.getByInteractionId",
    "interaction.setUserData",
    "interaction.deleteUserData",
    "system.getAllowedServices",
    "system.triggerActivity",
    "system.popupToast",
    "system.updateToast",
    "system.closeToast",
}


def core_methods() -> list[dict[str, Any]]:
    return [m for m in current_methods() if m["namespace"] in CORE_NAMESPACES or m["request"] in CORE_REQUESTS]


def call_in(desk: AgentDesktop, state: str) -> str:
    """A voice call in a given state (RINGING, TALKING, HELD, RECORDING, PAUSED)."""
    call_id = desk.simulate_inbound_call(user_data={"Key": "value"})
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


def wrong_type(param: dict[str, Any]) -> Any:
    """A value of the wrong type for a parameter."""
    return 12345 if "string" in param["type"] or param["type"].startswith("object") else "not-a-number"


def test_the_spec_lists_the_core_requests() -> None:
    names = {m["request"] for m in core_methods()}
    assert CORE_REQUESTS <= names
    assert len(names) == len(core_methods())


@pytest.mark.parametrize("method", core_methods(), ids=lambda m: m["request"])
def test_core_request_succeeds_with_valid_arguments(method: dict[str, Any]) -> None:
    desk = new_desk()
    name = method["request"]
    assert name in SERVICE, f"{name} is not implemented"
    args = VALID_ARGS.get(name, lambda d: [])(desk)
    assert len(args) == len([p for p in method["params"] if not p["optional"]]) or len(args) == len(method["params"])
    desk.call(name, *args)  # raises on failure


@pytest.mark.parametrize("method", [m for m in core_methods() if m["params"]], ids=lambda m: m["request"])
def test_core_request_refuses_a_wrong_typed_first_parameter(method: dict[str, Any]) -> None:
    desk = new_desk()
    name = method["request"]
    args = VALID_ARGS.get(name, lambda d: [None] * len(method["params"]))(desk)
    args[0] = wrong_type(method["params"][0])
    before = desk.snapshot()
    with pytest.raises(InvalidParameterError, match=name.replace(".", r"\.")):
        desk.call(name, *args)
    assert desk.snapshot() == before


@pytest.mark.parametrize("method", current_methods(), ids=lambda m: m["request"])
def test_every_current_request_succeeds_with_valid_arguments(method: dict[str, Any]) -> None:
    desk = new_desk()
    name = method["request"]
    assert name in SERVICE, f"{name} is not implemented"
    desk.call(name, *VALID_ARGS.get(name, lambda d: [])(desk))


@pytest.mark.parametrize("method", [m for m in current_methods() if m["params"]], ids=lambda m: m["request"])
def test_every_current_request_refuses_a_wrong_typed_first_parameter(method: dict[str, Any]) -> None:
    desk = new_desk()
    name = method["request"]
    args = VALID_ARGS.get(name, lambda d: [None] * len(method["params"]))(desk)
    args[0] = [1] if method["params"][0]["type"].startswith(("string", "object")) else "nope"
    before = desk.snapshot()
    with pytest.raises(InvalidParameterError, match=name.replace(".", r"\.")):
        desk.call(name, *args)
    assert desk.snapshot() == before


def test_full_method_coverage_count(capsys: pytest.CaptureFixture[str]) -> None:
    methods = current_methods()
    covered = [m["request"] for m in methods if m["request"] in SERVICE]
    historical = [m["request"] for m in load_methods() if m["status"].startswith("historical")]
    with capsys.disabled():
        print(
            f"\nSCAPI coverage: {len(covered)}/{len(methods)} current requests of methods.json answered "
            f"({len(historical)} historical ones not served: {', '.join(historical)})"
        )
    assert len(covered) == len(methods) == 76
    assert not set(historical) & set(SERVICE.names)


def test_core_method_coverage_count(capsys: pytest.CaptureFixture[str]) -> None:
    covered = [m["request"] for m in core_methods() if m["request"] in SERVICE]
    with capsys.disabled():
        print(f"\nSCAPI core coverage: {len(covered)}/{len(core_methods())} requests of methods.json answered")
    assert (
        len(covered) == len(core_methods()) == 32
    )  # agent 4, media 3, voice 10, sipEndpoint 6, interaction 4, system 5


def test_unknown_request_is_named_in_the_error() -> None:
    with pytest.raises(UnknownRequestError, match=r"nope\.nothing"):
        new_desk().call("nope.nothing")


def test_too_many_parameters_are_refused() -> None:
    with pytest.raises(InvalidParameterError, match=r"agent\.get takes 0 parameter"):
        new_desk().call("agent.get", 1)
