"""``voice.*`` requests: dialing, call control and call recording."""

from __future__ import annotations

from typing import Any

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


def _checked_user_data(desk: AgentDesktop, user_data: dict[str, Any] | None) -> dict[str, Any] | None:
    if user_data:
        desk.write_allowed.check_write(user_data)
    return user_data


@handlers.request("voice.dial")
def dial(desk: AgentDesktop, caller: Caller, destination: str, user_data: dict[str, Any] | None) -> None:
    desk.dial(destination, _checked_user_data(desk, user_data))


@handlers.request("voice.dialEx")
def dial_ex(
    desk: AgentDesktop,
    caller: Caller,
    destination: str,
    user_data: dict[str, Any] | None,
    extensions: dict[str, Any] | None,
) -> None:
    desk.dial(destination, _checked_user_data(desk, user_data), extensions)


def _register_call_control() -> None:
    actions = {
        "answer": AgentDesktop.answer,
        "hangUp": AgentDesktop.hang_up,
        "hold": AgentDesktop.hold,
        "resume": AgentDesktop.resume,
        "startCallRecording": AgentDesktop.start_recording,
        "stopCallRecording": AgentDesktop.stop_recording,
        "pauseCallRecording": AgentDesktop.pause_recording,
        "resumeCallRecording": AgentDesktop.resume_recording,
    }
    for method, action in actions.items():

        def handler(desk: AgentDesktop, caller: Caller, interaction_id: str, _action: Any = action) -> None:
            _action(desk, interaction_id)

        handlers.request(f"voice.{method}")(handler)


_register_call_control()
