"""What the desktop reports: one :class:`DesktopEvent` per SCAPI notification."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from ..errors import did_you_mean
from ..json_types import JsonObject
from ..wire.event_catalogue import EVENT_TYPES, MESSENGER_FAMILY
from .json_values import copy_json

FAMILIES = tuple(EVENT_TYPES)
NARRATION = "scenario"
"""The family of a scripted demo's captions (eventType CAPTION): in the desktop's event log, never sent to apps."""
CAPTION = "CAPTION"
_KNOWN_NAMES = frozenset({"*", NARRATION, CAPTION, *EVENT_TYPES, *(t for types in EVENT_TYPES.values() for t in types)})


class UnknownEventWarning(UserWarning):
    """A name the notebook listens for names no event of SCAPI's catalogue: most likely a typo."""


def check_event_name(name: str, what: str, *, stacklevel: int = 2) -> None:
    """Warn (:class:`UnknownEventWarning`, with the name it most likely meant) when ``name``, which
    ``what`` listens for, is not ``"*"``, a family (``interaction``, ``messenger:<channel>``, …) or an
    eventType of :data:`~scapi_widget.wire.event_catalogue.EVENT_TYPES` or a scripted demo's captions.
    Not an error: events a notebook emits itself may have names of their own."""
    if not isinstance(name, str) or not name or name in _KNOWN_NAMES or name.startswith(MESSENGER_FAMILY):
        return  # (what is not a name is refused where it is used)
    warnings.warn(
        f"{what} {name!r}: no SCAPI event family or eventType has this name{did_you_mean(name, _KNOWN_NAMES)}; "
        "only an event emitted with it yourself will match",
        UnknownEventWarning,
        stacklevel=stacklevel + 1,
    )


@dataclass(frozen=True, slots=True)  # slots: no dict per event (the event log keeps hundreds alive)
class DesktopEvent:
    """A notification as apps receive it (``{event: family, data}``), with its order and time.

    ``frame_id`` restricts delivery to one frame (e.g. a toast's button click goes to the app
    that popped the toast); ``None`` means every frame subscribed to ``family``.
    """

    seq: int
    family: str
    payload: JsonObject
    """The data as the desktop made it, read by the desktop's own parts and never changed: it shares
    values with the desktop's state (an interaction's user data values, which the desktop replaces and
    never changes in place), so an event beside megabytes of user data costs no copy of them. What
    the desktop hands out is :attr:`data`, a copy."""
    time: float
    frame_id: int | None = None

    @property
    def data(self) -> JsonObject:
        """The event's data (``eventType``, ``interaction``, …): a copy of its own to read or change."""
        copied: JsonObject = copy_json(self.payload)
        return copied

    @property
    def event_type(self) -> str | None:
        event_type = self.payload.get("eventType")
        return event_type if isinstance(event_type, str) else None

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "event": self.family,
            "data": copy_json(self.payload),
            "time": self.time,
            "frameId": self.frame_id,
        }
