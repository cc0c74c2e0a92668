"""``outbound.*`` requests: campaigns and preview records."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ...desktop.outbound import CALL_RESULTS
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("outbound.getCampaigns")
def get_campaigns(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return [c.to_json() for c in desk.campaigns.values()]


@handlers.request("outbound.getPreviewRecord")
def get_preview_record(desk: AgentDesktop, caller: Caller, campaign: str) -> None:
    desk.get_preview_record(campaign)


@handlers.request("outbound.callPreviewRecord")
def call_preview_record(desk: AgentDesktop, caller: Caller, interaction_id: str, handle: int) -> None:
    desk.call_preview_record(interaction_id, handle)


@handlers.request("outbound.rejectPreviewRecord")
def reject_preview_record(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.reject_preview_record(interaction_id)


@handlers.request("outbound.cancelPreviewRecord")
def cancel_preview_record(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.cancel_preview_record(interaction_id)


@handlers.request("outbound.startDirectPushPreview")
def start_direct_push_preview(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_direct_push_preview(True)


@handlers.request("outbound.stopDirectPushPreview")
def stop_direct_push_preview(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_direct_push_preview(False)


@handlers.request("outbound.rescheduleRecord")
def reschedule_record(
    desk: AgentDesktop, caller: Caller, interaction_id: str, handle: int, when: str, callback_type: str
) -> None:
    desk.reschedule_record(interaction_id, handle, when, callback_type)


@handlers.request("outbound.cancelReschedule")
def cancel_reschedule(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.cancel_reschedule(interaction_id)


@handlers.request("outbound.getListOfCallResults")
def get_list_of_call_results(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return [{"code": code, "name": name} for code, name in CALL_RESULTS]


@handlers.request("outbound.setCallResult")
def set_call_result(desk: AgentDesktop, caller: Caller, interaction_id: str, call_result: int) -> None:
    desk.set_call_result(interaction_id, call_result)


@handlers.request("outbound.getCallResult")
def get_call_result(desk: AgentDesktop, caller: Caller, interaction_id: str) -> int | None:
    return desk.call_result(interaction_id)


@handlers.request("outbound.setDoNotCall")
def set_do_not_call(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.set_do_not_call(interaction_id, True)


@handlers.request("outbound.removeDoNotCall")
def remove_do_not_call(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.set_do_not_call(interaction_id, False)


@handlers.request("outbound.getChainedRecords")
def get_chained_records(desk: AgentDesktop, caller: Caller, interaction_id: str) -> list[dict[str, Any]]:
    return desk.chained_records(interaction_id)


@handlers.request("outbound.getRecordFields")
def get_record_fields(desk: AgentDesktop, caller: Caller, interaction_id: str) -> dict[str, Any]:
    return desk.record_fields(interaction_id)


@handlers.request("outbound.updateRecordFields")
def update_record_fields(desk: AgentDesktop, caller: Caller, interaction_id: str, record_data: dict[str, Any]) -> None:
    desk.update_record_fields(interaction_id, record_data)
