"""``configuration.*`` requests."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("configuration.getOption")
def get_option(desk: AgentDesktop, caller: Caller, options: Any) -> list[dict[str, Any]]:
    return desk.configuration.query(options)


@handlers.request("configuration.getContextualOption")
def get_contextual_option(
    desk: AgentDesktop, caller: Caller, options: Any, interaction_id: str
) -> list[dict[str, Any]]:
    desk.interaction(interaction_id)
    return desk.configuration.query(options, interaction_id)
