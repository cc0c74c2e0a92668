"""``auth.*`` requests: simulated tokens. Origins need ``auth.getJwtToken`` named explicitly."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("auth.getJwtToken")
def get_jwt_token(desk: AgentDesktop, caller: Caller) -> dict[str, Any]:
    return desk.token("jwt").to_json("jwtToken")


@handlers.request("auth.getPureCloudToken")
def get_pure_cloud_token(desk: AgentDesktop, caller: Caller, force_new: bool) -> dict[str, Any]:
    return desk.token("cloud", force_new=force_new).to_json("accessToken")
