"""``messenger.*``: messages between hosted apps, over ``messenger:<channel>`` events."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("messenger.broadcastMessage")
def broadcast_message(desk: AgentDesktop, caller: Caller, channel: str, message: Any) -> None:
    desk.broadcast(channel, message)
