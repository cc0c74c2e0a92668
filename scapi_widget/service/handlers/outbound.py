"""``outbound.*`` requests: campaigns and preview records."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ...desktop.outbound import CALL_RESULTS
from ..core import SERVICE, Caller


@SERVICE.request("outbound.getCampaigns")
def get_campaigns(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return [c.to_json() for c in desk.campaigns.values()]


@SERVICE.request("outbound.getPreviewRecord")
def get_preview_record(desk: AgentDesktop, caller: Caller, campaign: str) -> None:
    desk.get_preview_record(campaign)


@SERVICE.request("outbound.callPreviewRecord")
def call_preview_record(desk: AgentDesktop, caller: Caller, interaction_id: str, handle: int) -> None:
    desk.call_preview_record(interaction_id, handle)


@SERVICE.request("outbound.rejectPreviewRecord")
def reject_preview_record(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.reject_preview_record(interaction_id)


@SERVICE.request("outbound.cancelPreviewRecord")
def cancel_preview_record(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.cancel_preview_record(interaction_id)


@SERVICE.request("outbound.startDirectPushPreview")
def start_direct_push_preview(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_direct_push_preview(True)


@SERVICE.request("outbound.stopDirectPushPreview")
def stop_direct_push_preview(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_direct_push_preview(False)


@SERVICE.request("outbound.rescheduleRecord")
def reschedule_record(
    desk: AgentDesktop, caller: Caller, interaction_id: str, handle: int, when: str, callback_type: str
) -> None:
    desk.reschedule_record(interaction_id, handle, when, callback_type)


@SERVICE.request("outbound.cancelReschedule")
def cancel_reschedule(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.cancel_reschedule(interaction_id)


@SERVICE.request("outbound.getListOfCallResults")
def get_list_of_call_results(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return [{"code": code, "name": name} for code, name in CALL_RESULTS]


@SERVICE.request("outbound.setCallResult")
def set_call_result(desk: AgentDesktop, caller: Caller, interaction_id: str, call_result: int) -> None:
    desk.set_call_result(interaction_id, call_result)


@SERVICE.request("outbound.getCallResult")
def get_call_result(desk: AgentDesktop, caller: Caller, interaction_id: str) -> int | None:
    return desk.call_result(interaction_id)


@SERVICE.request("outbound.setDoNotCall")
def set_do_not_call(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.set_do_not_call(interaction_id, True)


@SERVICE.request("outbound.removeDoNotCall")
def remove_do_not_call(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.set_do_not_call(interaction_id, False)


@SERVICE.request("outbound.getChainedRecords")
def get_chained_records(desk: AgentDesktop, caller: Caller, interaction_id: str) -> list[dict[str, Any]]:
    return desk.chained_records(interaction_id)


@SERVICE.request("outbound.getRecordFields")
def get_record_fields(desk: AgentDesktop, caller: Caller, interaction_id: str) -> dict[str, Any]:
    return desk.record_fields(interaction_id)


@SERVICE.request("outbound.updateRecordFields")
def update_record_fields(desk: AgentDesktop, caller: Caller, interaction_id: str, record_data: dict[str, Any]) -> None:
    desk.update_record_fields(interaction_id, record_data)
