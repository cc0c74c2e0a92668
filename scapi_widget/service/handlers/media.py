"""``media.*`` requests."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("media.getMediaList")
def get_media_list(desk: AgentDesktop, caller: Caller) -> list[dict[str, Any]]:
    return desk.media_json()


@handlers.request("media.getMediaByName")
def get_media_by_name(desk: AgentDesktop, caller: Caller, name: str) -> dict[str, Any]:
    return desk.presence.media_named(name).to_json()


@handlers.request("media.setState")
def set_state(desk: AgentDesktop, caller: Caller, name: str, operation_name: str) -> None:
    desk.set_media_state(name, operation_name)
