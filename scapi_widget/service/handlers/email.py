"""``email.*`` requests."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("email.create")
def create(desk: AgentDesktop, caller: Caller, destination: str, user_data: dict[str, Any] | None) -> None:
    if user_data:
        desk.write_allowed.check_write(user_data)
    desk.create_email(destination, user_data)
