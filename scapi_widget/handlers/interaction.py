"""``interaction.*`` requests."""

from __future__ import annotations

from typing import Any

from ..desktop.model import AgentDesktop
from ..service import SERVICE, Caller


@SERVICE.request("interaction.getInteractions", returns=True)
def get_interactions(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return list(desk.interactions_json(for_apps=True).values())


@SERVICE.request("interaction.getByInteractionId", "interactionId: string", returns=True)
def get_by_interaction_id(desk: AgentDesktop, caller: Caller, interaction_id: str) -> dict[str, Any] | None:
    item = desk.interactions.get(interaction_id)
    return None if item is None else desk.interaction_json(item, for_apps=True)


@SERVICE.request("interaction.setUserData", "interactionId: string", "keyValues: object")
def set_user_data(desk: AgentDesktop, caller: Caller, interaction_id: str, key_values: dict[str, Any]) -> None:
    desk.set_user_data(interaction_id, key_values, enforce_filter=True)


@SERVICE.request("interaction.deleteUserData", "interactionId: string", "key: string")
def delete_user_data(desk: AgentDesktop, caller: Caller, interaction_id: str, key: str) -> None:
    desk.delete_user_data(interaction_id, key, enforce_filter=True)
