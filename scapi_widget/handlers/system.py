"""``system.*`` requests: allowed services, activity, toasts."""

from __future__ import annotations

from typing import Any

from ..desktop.model import AgentDesktop
from ..service import SERVICE, Caller


@SERVICE.request("system.getAllowedServices", returns=True)
def get_allowed_services(desk: AgentDesktop, caller: Caller) -> list[str]:
    return SERVICE.allowed_services(desk, caller)


@SERVICE.request("system.triggerActivity")
def trigger_activity(desk: AgentDesktop, caller: Caller) -> None:
    desk.trigger_activity()


@SERVICE.request("system.popupToast", "parameters: object", returns=True)
def popup_toast(desk: AgentDesktop, caller: Caller, parameters: dict[str, Any]) -> str:
    return desk.popup_toast(parameters, owner_frame=caller.frame_id)


@SERVICE.request("system.updateToast", "id: string", "parameters: object", returns=True)
def update_toast(desk: AgentDesktop, caller: Caller, toast_id: str, parameters: dict[str, Any]) -> bool:
    return desk.update_toast(toast_id, parameters)


@SERVICE.request("system.closeToast", "id: string", returns=True)
def close_toast(desk: AgentDesktop, caller: Caller, toast_id: str) -> bool:
    return desk.close_toast(toast_id)
