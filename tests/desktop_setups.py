"""Interactions in a given state, for tests that need one before they act."""

from __future__ import annotations

from scapi_widget.desktop.model import AgentDesktop

CALL_STATES = ("RINGING", "TALKING", "HELD", "RECORDING", "PAUSED")


def call_in(desk: AgentDesktop, state: str) -> str:
    """An inbound voice call in ``state`` (one of CALL_STATES); returns its id."""
    if state not in CALL_STATES:
        raise ValueError(f"call_in: state must be one of {', '.join(CALL_STATES)}, got {state!r}")
    call_id = desk.simulate_inbound_call("5550100", user_data={"Key": "value"})
    if state != "RINGING":
        desk.answer(call_id)
    if state == "HELD":
        desk.hold(call_id)
    if state in ("RECORDING", "PAUSED"):
        desk.start_recording(call_id)
    if state == "PAUSED":
        desk.pause_recording(call_id)
    return call_id


def chat_in(desk: AgentDesktop, state: str) -> str:
    """An invited chat (``INVITED``) or an accepted one (``ACCEPTED``); returns its id."""
    chat_id = desk.simulate_open_media("chat", "ann@example.com")
    if state == "ACCEPTED":
        desk.accept(chat_id)
    return chat_id
