"""``agent.*`` requests."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("agent.get")
def get(desk: AgentDesktop, caller: Caller) -> dict[str, Any]:
    return desk.agent_info.to_json()


@handlers.request("agent.getState")
def get_state(desk: AgentDesktop, caller: Caller) -> dict[str, Any]:
    return desk.agent_state.to_json()


@handlers.request("agent.getStateList")
def get_state_list(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return [state.to_json() for state in desk.states]


@handlers.request("agent.setState")
def set_state(desk: AgentDesktop, caller: Caller, operation_name: str) -> None:
    desk.set_agent_state(operation_name)
