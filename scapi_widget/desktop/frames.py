"""Hosted app frames, their display modes, and their event subscriptions.

A frame is one app document slot (an iframe the desktop made). When the frame loads a new
document (:meth:`FrameRegistry.loaded`), the old document's subscriptions are dropped. The
rule relies on the frameId handshake: the desktop sends a frame its id on every load, and
clients add it to later messages. A subscription that carries the current frameId belongs to
the current document; one made before the handshake (no frameId) belongs to the document
that is loading, and is kept when that load completes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

DISPLAY_MODES = ("panel", "tab", "popup", "background", "hidden")
FRAME_KINDS = (*DISPLAY_MODES, "dialog")  # dialogs are frames an app opens with system.openDialog
VISIBLE_MODES = frozenset({"panel", "tab", "popup", "dialog"})


@dataclass
class Subscription:
    subscription_id: str
    frame_id: int
    names: tuple[str, ...]
    generation: int | None  # None: made before this document's handshake


@dataclass
class Frame:
    """One hosted app: where it comes from, how it is shown, which document is loaded."""

    frame_id: int
    url: str
    origin: str
    mode: str = "panel"
    label: str = ""
    generation: int = 0
    loaded: bool = False
    opaque: bool = False  # sandboxed without allow-same-origin: its messages come from "null"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "frameId": self.frame_id,
            "url": self.url,
            "origin": self.origin,
            "mode": self.mode,
            "label": self.label,
            "loaded": self.loaded,
            "opaque": self.opaque,
            **self.extra,
        }


class FrameRegistry:
    """Frames by id and subscriptions by id; events fan out to each subscribed frame once."""

    def __init__(self) -> None:
        self.frames: dict[int, Frame] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self._frame_ids = itertools.count(1)
        self._subscription_ids = itertools.count(1)

    def add(self, url: str, origin: str, mode: str = "panel", label: str = "") -> Frame:
        if mode not in FRAME_KINDS:
            raise ValueError(f"display mode must be one of {', '.join(DISPLAY_MODES)}, got {mode!r}")
        frame = Frame(next(self._frame_ids), url, origin, mode, label)
        self.frames[frame.frame_id] = frame
        return frame

    def get(self, frame_id: int) -> Frame | None:
        return self.frames.get(frame_id)

    def loaded(self, frame_id: int) -> None:
        """A new document finished loading in the frame: forget the old document's subscriptions."""
        frame = self.frames[frame_id]
        frame.generation += 1
        frame.loaded = True
        for sub_id, sub in list(self.subscriptions.items()):
            if sub.frame_id != frame_id:
                continue
            if sub.generation is None:
                sub.generation = frame.generation  # made by the document that just loaded
            else:
                del self.subscriptions[sub_id]

    def remove(self, frame_id: int) -> None:
        """Forget a frame (a closed dialog) and its subscriptions."""
        self.unloaded(frame_id)
        self.frames.pop(frame_id, None)

    def unloaded(self, frame_id: int) -> None:
        """The frame went away (view closed): drop all of its subscriptions."""
        frame = self.frames.get(frame_id)
        if frame is not None:
            frame.loaded = False
        for sub_id in [s for s, sub in self.subscriptions.items() if sub.frame_id == frame_id]:
            del self.subscriptions[sub_id]

    def subscribe(self, frame_id: int, names: tuple[str, ...], after_handshake: bool) -> str:
        frame = self.frames[frame_id]
        sub_id = str(next(self._subscription_ids))
        generation = frame.generation if after_handshake and frame.loaded else None
        self.subscriptions[sub_id] = Subscription(sub_id, frame_id, names, generation)
        return sub_id

    def unsubscribe(self, frame_id: int, subscription_id: str) -> bool:
        sub = self.subscriptions.get(subscription_id)
        if sub is None or sub.frame_id != frame_id:
            return False
        del self.subscriptions[subscription_id]
        return True

    def subscribers(self, family: str) -> list[int]:
        """Frames subscribed to an event family, each once, in frame order."""
        found = {sub.frame_id for sub in self.subscriptions.values() if family in sub.names}
        return sorted(found)

    def subscribed_names(self, frame_id: int) -> list[str]:
        names: dict[str, None] = {}
        for sub in self.subscriptions.values():
            if sub.frame_id == frame_id:
                names.update(dict.fromkeys(sub.names))
        return list(names)
