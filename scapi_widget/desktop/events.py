"""What the desktop reports: one :class:`DesktopEvent` per SCAPI notification."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..json_types import JsonObject
from .json_values import copy_json

FAMILIES = ("agent", "interaction", "media", "system", "markdone", "outbound")
NARRATION = "scenario"
"""The family of a scripted demo's captions (eventType CAPTION): in the desktop's event log, never sent to apps."""


@dataclass(frozen=True, slots=True)  # slots: no dict per event (the event log keeps hundreds alive)
class DesktopEvent:
    """A notification as apps receive it (``{event: family, data}``), with its order and time.

    ``frame_id`` restricts delivery to one frame (e.g. a toast's button click goes to the app
    that popped the toast); ``None`` means every frame subscribed to ``family``.
    """

    seq: int
    family: str
    data: JsonObject
    time: float
    frame_id: int | None = None

    @property
    def event_type(self) -> str | None:
        event_type = self.data.get("eventType")
        return event_type if isinstance(event_type, str) else None

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "event": self.family,
            "data": copy_json(self.data),
            "time": self.time,
            "frameId": self.frame_id,
        }
