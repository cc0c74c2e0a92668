"""Media channels (voice, chat, email, workitem) with their own state and the voice Device."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .agent import State

DEFAULT_MEDIA = ("voice", "chat", "email", "workitem")


@dataclass(frozen=True)
class Device:
    """``media.Device``: the agent's phone (voice only)."""

    number: str = "7001"
    dynamic_phone_number: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "dynamicPhoneNumber": self.dynamic_phone_number}


@dataclass
class Media:
    """``media.Media``: a channel and its current state; voice also has a device."""

    name: str
    state: State
    device: Device | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "state": self.state.to_json()}
        if self.device is not None:
            data["device"] = self.device.to_json()
        return data
