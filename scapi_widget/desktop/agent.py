"""The agent, the states it can be in, and the state catalogue (``agent.getStateList``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SETTABLE_TYPES = frozenset(
    {
        "LOGOUT",
        "READY",
        "NOT_READY",
        "NOT_READY_ACTION_CODE",
        "NOT_READY_AFTER_CALLWORK",
        "NOT_READY_AFTER_CALLWORK_ACTION_CODE",
        "DND_ON",
    }
)
EVENT_ONLY_TYPES = frozenset({"PARTIAL_READY", "OUT_OF_SERVICE", "LOGOUT_DND_ON", "UNKNOWN"})
"""State types the desktop only reports; neither apps nor notebook code can set them."""


@dataclass(frozen=True)
class Agent:
    """``agent.Agent``: who is logged in."""

    employee_id: str = "7001"
    firstname: str = "Alex"
    lastname: str = "Rivera"
    username: str = "arivera"

    def to_json(self) -> dict[str, Any]:
        return {
            "employeeId": self.employee_id,
            "firstname": self.firstname,
            "lastname": self.lastname,
            "username": self.username,
        }

    @property
    def full_name(self) -> str:
        return f"{self.firstname} {self.lastname}".strip()


@dataclass(frozen=True)
class State:
    """``media.State``: one entry of the state list; ``reason`` for not-ready-with-reason."""

    operation_name: str
    display_name: str
    type: str
    reason: str | None = None
    reason_code: str | None = None

    def __post_init__(self) -> None:
        if self.type not in SETTABLE_TYPES | EVENT_ONLY_TYPES:
            known = ", ".join(sorted(SETTABLE_TYPES | EVENT_ONLY_TYPES))
            raise ValueError(f"unknown state type {self.type!r}; use one of {known}")

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "displayName": self.display_name, "operationName": self.operation_name}

    def change_fields(self) -> dict[str, Any]:
        """The fields of a STATE_CHANGED event for this state."""
        fields: dict[str, Any] = {"mediaState": self.type}
        if self.reason is not None:
            fields["reason"] = self.reason
        if self.reason_code is not None:
            fields["reasonCode"] = self.reason_code
        return fields


DEFAULT_STATES: tuple[State, ...] = (
    State("Ready", "Ready", "READY"),
    State("NotReady", "Not Ready", "NOT_READY"),
    State("NotReadyBreak", "Not Ready - Break", "NOT_READY_ACTION_CODE", "Break", "1511"),
    State("NotReadyLunch", "Not Ready - Lunch", "NOT_READY_ACTION_CODE", "Lunch", "1512"),
    State("AfterCallWork", "After Call Work", "NOT_READY_AFTER_CALLWORK"),
    State("DoNotDisturb", "Do Not Disturb", "DND_ON"),
    State("Logout", "Logout", "LOGOUT"),
)


def event_only_state(state_type: str) -> State:
    """A state the desktop reports but that is not in the settable list (e.g. OUT_OF_SERVICE)."""
    if state_type not in EVENT_ONLY_TYPES:
        raise ValueError(f"{state_type!r} is not an event-only state; use one of {', '.join(sorted(EVENT_ONLY_TYPES))}")
    label = state_type.replace("_", " ").title()
    return State("", label, state_type)


def validate_state_list(states: tuple[State, ...]) -> None:
    """A usable catalogue: settable types only, unique operation names, not empty."""
    if not states:
        raise ValueError("the state list must not be empty")
    names = [s.operation_name for s in states]
    if len(set(names)) != len(names):
        raise ValueError("operation names in the state list must be unique")
    for s in states:
        if s.type in EVENT_ONLY_TYPES:
            raise ValueError(f"state {s.operation_name!r} has event-only type {s.type}; it cannot be in the state list")
        if not s.operation_name:
            raise ValueError("every state needs an operation name")
