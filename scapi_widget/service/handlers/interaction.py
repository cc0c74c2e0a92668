"""``interaction.*`` requests."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("interaction.getInteractions")
def get_interactions(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return list(desk.interactions_json(for_apps=True).values())


@handlers.request("interaction.getByInteractionId")
def get_by_interaction_id(desk: AgentDesktop, caller: Caller, interaction_id: str) -> dict[str, Any] | None:
    item = desk.interactions.get(interaction_id)
    return None if item is None else desk.interaction_json(item, for_apps=True)


@handlers.request("interaction.setUserData")
def set_user_data(desk: AgentDesktop, caller: Caller, interaction_id: str, key_values: dict[str, Any]) -> None:
    desk.set_user_data(interaction_id, key_values, enforce_filter=True)


@handlers.request("interaction.deleteUserData")
def delete_user_data(desk: AgentDesktop, caller: Caller, interaction_id: str, key: str) -> None:
    desk.delete_user_data(interaction_id, key, enforce_filter=True)


@handlers.request("interaction.selectCaseByCaseId")
def select_case_by_case_id(desk: AgentDesktop, caller: Caller, case_id: str) -> None:
    desk.select_case(case_id)


@handlers.request("interaction.markdone")
def markdone(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.mark_done(interaction_id)


@handlers.request("interaction.blockMarkdone")
def block_markdone(desk: AgentDesktop, caller: Caller, interaction_id: str, warning: str) -> None:
    desk.block_mark_done(interaction_id, warning)


@handlers.request("interaction.unblockMarkdone")
def unblock_markdone(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.unblock_mark_done(interaction_id)


@handlers.request("interaction.accept")
def accept(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.accept(interaction_id)


@handlers.request("interaction.reject")
def reject(desk: AgentDesktop, caller: Caller, interaction_id: str) -> None:
    desk.reject(interaction_id)


def _register_target_requests() -> None:
    """consult, singleStepTransfer, singleStepConference: (id, targetQuery, userData?, extensions?)."""
    actions = {
        "consult": AgentDesktop.consult,
        "singleStepTransfer": AgentDesktop.single_step_transfer,
        "singleStepConference": AgentDesktop.single_step_conference,
    }
    for method, action in actions.items():

        def handler(
            desk: AgentDesktop,
            caller: Caller,
            interaction_id: str,
            target: Any,
            user_data: Any,
            ext: Any,
            _action: Any = action,
        ) -> None:
            if user_data:
                desk.write_allowed.check_write(user_data)
            _action(desk, interaction_id, target, user_data, ext)

        handlers.request(f"interaction.{method}")(handler)


_register_target_requests()


@handlers.request("interaction.completeTransfer")
def complete_transfer(desk: AgentDesktop, caller: Caller, consult_id: str) -> None:
    desk.complete_transfer(consult_id)


@handlers.request("interaction.completeConference")
def complete_conference(desk: AgentDesktop, caller: Caller, consult_id: str) -> None:
    desk.complete_conference(consult_id)
