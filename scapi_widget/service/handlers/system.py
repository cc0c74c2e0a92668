"""``system.*`` requests: allowed services, activity, toasts, dialogs, menu-bar views.

An app changes only its own toasts, dialogs and menu-bar views (the calling frame's: see
:mod:`~scapi_widget.desktop.toasts` and :mod:`~scapi_widget.desktop.workspace`); notebook code
(``caller.frame_id`` None) may change any."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers, allowed_services

handlers = Handlers()


@handlers.request("system.getAllowedServices")
def get_allowed_services(desk: AgentDesktop, caller: Caller) -> list[str]:
    return allowed_services(desk, caller)


@handlers.request("system.triggerActivity")
def trigger_activity(desk: AgentDesktop, caller: Caller) -> None:
    desk.trigger_activity()


@handlers.request("system.popupToast")
def popup_toast(desk: AgentDesktop, caller: Caller, parameters: dict[str, Any]) -> str:
    return desk.popup_toast(parameters, owner_frame=caller.frame_id)


@handlers.request("system.updateToast")
def update_toast(desk: AgentDesktop, caller: Caller, toast_id: str, parameters: dict[str, Any]) -> bool:
    return desk.update_toast(toast_id, parameters, caller_frame=caller.frame_id)


@handlers.request("system.closeToast")
def close_toast(desk: AgentDesktop, caller: Caller, toast_id: str) -> bool:
    return desk.close_toast(toast_id, caller_frame=caller.frame_id)


@handlers.request("system.openDialog")
def open_dialog(desk: AgentDesktop, caller: Caller, url: str, options: dict[str, Any] | None) -> str:
    return desk.open_dialog(url, options, owner_frame=caller.frame_id)


@handlers.request("system.closeDialog")
def close_dialog(desk: AgentDesktop, caller: Caller, dialog_id: str) -> None:
    desk.close_dialog(dialog_id, caller_frame=caller.frame_id)


@handlers.request("system.updateViewInApplicationMenuBar")
def update_view_in_menu_bar(desk: AgentDesktop, caller: Caller, parameters: dict[str, Any]) -> None:
    desk.update_menu_view(parameters, owner_frame=caller.frame_id)


@handlers.request("system.closeViewInApplicationMenuBar")
def close_view_in_menu_bar(desk: AgentDesktop, caller: Caller, name: str) -> None:
    desk.close_menu_view(name, owner_frame=caller.frame_id)


@handlers.request("system.amIVisible")
def am_i_visible(desk: AgentDesktop, caller: Caller) -> bool:
    return desk.is_visible(caller.frame_id)


def _leadership(name: str, answer: Any) -> None:
    def handler(desk: AgentDesktop, caller: Caller) -> bool:
        return bool(answer(desk.workspace))

    handlers.request(f"system.{name}")(handler)


_leadership("isFrameLeading", lambda w: w.leadership == "leading")
_leadership("isFrameFollowing", lambda w: w.leadership == "following")
_leadership("isFrameNegotiating", lambda w: w.leadership == "negotiating")
_leadership("isFrameLeadingOrNegotiating", lambda w: w.leadership in ("leading", "negotiating"))
_leadership("isLastActiveFrame", lambda w: w.last_active)
