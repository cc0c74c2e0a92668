"""Hosted app frames, their display modes, and their event subscriptions.

A frame is one app document slot (an iframe the desktop made). When the frame loads a new
document (:meth:`FrameRegistry.loaded`), the old document's subscriptions are dropped. The
rule relies on the frameId handshake: the desktop sends a frame its id on every load, and
clients add it to later messages. A subscription that carries the current frameId belongs to
the current document; one made before the handshake (no frameId) belongs to the document
that is loading, and is kept when that load completes.

The sandbox rule (:func:`is_opaque`) is the one place that says which frames and windows run
in an opaque origin, and :data:`SANDBOX_FLAGS` what every frame may do. An opaque frame's messages
all come from ``"null"``, so its origin proves nothing about which document sent them: only the
document the desktop itself loaded (the first load after the desktop set the frame's ``src``, one
*epoch*: :attr:`Frame.max_loads`) gets rights. The front end tags every message and load with the
document it saw (:class:`DocumentTag`); a later load of an opaque frame (a link, a redirect, a
reload) leaves the app's page: no rights until the desktop loads the app again
(:meth:`FrameRegistry.reload`). The views get each frame's sandbox attribute, its ``maxLoads`` and
the ``targetOrigin`` to post to in its ``to_json``: they apply what Python decided.

A frame is *connected* when its current document has loaded (the desktop handed it its frameId)
and has subscribed to events or made a request the desktop granted (a refused
request changes nothing) — messages the document sent
while loading, before the handshake, count for it by the same rule as subscriptions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .security import normalize_origin

DISPLAY_MODES = ("panel", "tab", "popup", "background", "hidden")
FRAME_KINDS = (*DISPLAY_MODES, "dialog")  # dialogs are frames an app opens with system.openDialog
VISIBLE_MODES = frozenset({"panel", "tab", "popup", "dialog"})
LoadVerdict = Literal["vouched", "left-page", "stale"]

SANDBOX_FLAGS = ("allow-scripts", "allow-forms", "allow-popups", "allow-modals", "allow-downloads")
"""What every frame and window the desktop makes may do (its ``sandbox`` attribute); a frame that is
not opaque also gets ``allow-same-origin``. The notebook server's pages framed by a navigation that
was not same-origin get the same (:mod:`scapi_widget.serving.framed_pages`)."""
SAME_ORIGIN = "allow-same-origin"
OPAQUE_ORIGIN = "null"
"""The origin the browser gives the messages of an opaque frame's documents."""


def is_opaque(origin: str, mode: str, page_origin: str) -> bool:
    """The sandbox rule for every frame and window the desktop creates.

    Opaque (sandboxed without ``allow-same-origin``) when the app comes from the notebook page's
    own origin (both as the browser serializes them: :func:`~.security.normalize_origin`),
    whatever its kind (panel, tab, background, hidden, dialog), so nothing served
    from that origin reaches the page; and always for popups, which open from an opaque relay
    frame and inherit its sandbox (so they never get the page as ``window.opener``).
    """
    return mode == "popup" or (bool(page_origin) and origin == page_origin)


@dataclass(frozen=True)
class DocumentTag:
    """Which document of a frame the front end saw: the desktop's load ``epoch`` of the frame and
    how many loads it had seen in that epoch (0 while the first document is still loading)."""

    epoch: int
    loads: int

    @classmethod
    def parse(cls, value: Any) -> DocumentTag | None:
        """From the front end's ``{"epoch": int, "loads": int}``; ``None`` if malformed."""
        if not isinstance(value, dict):
            return None
        epoch, loads = _count(value.get("epoch")), _count(value.get("loads"))
        return None if epoch is None or loads is None else cls(epoch, loads)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


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
    connected: bool = False  # the current document has loaded and talked to the desktop
    spoke_while_loading: bool = False  # a document talked before its handshake
    opaque: bool = False  # sandboxed without allow-same-origin: its messages come from "null"
    epoch: int = 0  # bumped each time the desktop (re)sets the frame's src
    left_page: bool = False  # an opaque frame holds a document the desktop did not load
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sandbox(self) -> str:
        """The frame's ``sandbox`` attribute: :data:`SANDBOX_FLAGS`, and ``allow-same-origin`` unless opaque."""
        return " ".join(SANDBOX_FLAGS if self.opaque else (*SANDBOX_FLAGS, SAME_ORIGIN))

    @property
    def max_loads(self) -> int | None:
        """How many documents of an epoch act as the app (None: any, the origin check tells them apart):
        of an opaque frame, only the first, the one the desktop loaded."""
        return 1 if self.opaque else None

    @property
    def message_origin(self) -> str:
        """The origin the browser gives the messages of the frame's documents."""
        return OPAQUE_ORIGIN if self.opaque else self.origin

    @property
    def target_origin(self) -> str:
        """What a view gives ``postMessage`` to reach the frame's document: its origin, or ``"*"`` for an
        opaque frame (no message can name the origin ``"null"``; it still goes to that window only)."""
        return "*" if self.opaque else self.origin

    def to_json(self) -> dict[str, Any]:
        return {
            "frameId": self.frame_id,
            "url": self.url,
            "origin": self.origin,
            "mode": self.mode,
            "label": self.label,
            "loaded": self.loaded,
            "connected": self.connected,
            "opaque": self.opaque,
            "sandbox": self.sandbox,
            "maxLoads": self.max_loads,
            "targetOrigin": self.target_origin,
            "epoch": self.epoch,
            "leftPage": self.left_page,
            **self.extra,
        }


class FrameRegistry:
    """Frames by id and subscriptions by id; events fan out to each subscribed frame once."""

    def __init__(self) -> None:
        self.frames: dict[int, Frame] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self._frame_ids = itertools.count(1)
        self._subscription_ids = itertools.count(1)
        self._removal_listeners: list[Callable[[int], None]] = []
        self.page_origin = ""  # the origin of the notebook page whose view hosts the frames

    def add(self, url: str, origin: str, mode: str = "panel", label: str = "") -> Frame:
        if mode not in FRAME_KINDS:
            raise ValueError(f"display mode must be one of {', '.join(DISPLAY_MODES)}, got {mode!r}")
        frame = Frame(next(self._frame_ids), url, normalize_origin(origin), mode, label)
        frame.opaque = is_opaque(frame.origin, mode, self.page_origin)
        self.frames[frame.frame_id] = frame
        return frame

    def get(self, frame_id: int) -> Frame | None:
        return self.frames.get(frame_id)

    def loaded(self, frame_id: int) -> None:
        """A new document finished loading in the frame: forget the old document's subscriptions."""
        frame = self.frames[frame_id]
        frame.generation += 1
        frame.loaded = True
        frame.connected, frame.spoke_while_loading = frame.spoke_while_loading, False
        for sub_id, sub in list(self.subscriptions.items()):
            if sub.frame_id != frame_id:
                continue
            if sub.generation is None:
                sub.generation = frame.generation  # made by the document that just loaded
            else:
                del self.subscriptions[sub_id]

    def rehost(self, page_origin: str) -> None:
        """A view on a page of ``page_origin`` (``""``: none) now hosts the frames: each starts a new
        epoch with a fresh document, sandboxed by :func:`is_opaque` for that page."""
        self.page_origin = normalize_origin(page_origin) if page_origin else ""
        for frame in self.frames.values():
            self.unloaded(frame.frame_id)
            frame.opaque = is_opaque(frame.origin, frame.mode, self.page_origin)
            frame.epoch += 1
            frame.left_page = False

    def reload(self, frame_id: int) -> None:
        """The desktop loads the app again (a new epoch): the frame's current document loses its rights."""
        frame = self.frames[frame_id]
        self.unloaded(frame_id)
        frame.epoch += 1
        frame.left_page = False

    def document_loaded(self, frame_id: int, tag: DocumentTag | None) -> LoadVerdict:
        """The front end saw a document load in the frame (``tag``; ``None``: the desktop's own load).

        ``"vouched"``: the document the desktop loaded, or any document of a non-opaque frame
        (whose messages the origin check ties to the app): it gets a new generation.
        ``"left-page"``: a later document of an opaque frame: its subscriptions are dropped and it
        gets no rights until :meth:`reload`. ``"stale"``: about an earlier epoch; nothing changes.
        """
        frame = self.frames[frame_id]
        if tag is not None and tag.epoch != frame.epoch:
            return "stale"
        limit = frame.max_loads
        if limit is not None and (frame.left_page or (tag is not None and tag.loads > limit)):
            self.unloaded(frame_id)
            frame.left_page = True
            return "left-page"
        self.loaded(frame_id)
        return "vouched"

    def vouches(self, frame_id: int, tag: DocumentTag) -> bool:
        """May a message the front end saw from document ``tag`` of the frame act as the app?"""
        frame = self.frames.get(frame_id)
        if frame is None or tag.epoch != frame.epoch:
            return False
        if frame.max_loads is None:
            return True  # the origin check ties each message to the app
        return not frame.left_page and tag.loads <= frame.max_loads

    def on_removal(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(frame_id)`` after a frame is removed: the parts of the desktop holding
        what a frame owned (the dialogs it opened, the toasts it popped) let it go."""
        self._removal_listeners.append(listener)

    def remove(self, frame_id: int) -> None:
        """Forget a frame (a closed dialog), its subscriptions and, through the removal listeners,
        everything else it owned. Ids are never reused: nothing meant for it reaches another frame."""
        if frame_id not in self.frames:
            return
        self.unloaded(frame_id)
        del self.frames[frame_id]
        for listener in list(self._removal_listeners):
            listener(frame_id)

    def unloaded(self, frame_id: int) -> None:
        """The frame went away (view closed): drop all of its subscriptions."""
        frame = self.frames.get(frame_id)
        if frame is not None:
            frame.loaded = frame.connected = frame.spoke_while_loading = False
        for sub_id in [s for s, sub in self.subscriptions.items() if sub.frame_id == frame_id]:
            del self.subscriptions[sub_id]

    def spoke(self, frame_id: int, after_handshake: bool) -> bool:
        """The frame's document sent an accepted subscription or request; True when this connects it.

        Before the handshake (no frameId on the message) it may be a document still loading: it
        counts for that document when its load completes, and for the loaded one now. A frame that
        is gone (its request closed it) connects nothing.
        """
        frame = self.frames.get(frame_id)
        if frame is None:
            return False
        if not after_handshake:
            frame.spoke_while_loading = True
        elif frame.loaded and frame.spoke_while_loading:
            self._handshaken(frame)
        if frame.connected or not frame.loaded:
            return False
        frame.connected = True
        return True

    def _handshaken(self, frame: Frame) -> None:
        """The loaded document talks with its frameId: it is the one that spoke before its handshake.
        The view reports a load as soon as it sees it, and the browser may hand a document's
        messages from while it loaded to the view after its load (Chromium does): what the frame
        said before the handshake since that load was the loaded document's, not the next one's."""
        frame.spoke_while_loading = False
        for sub in self.subscriptions.values():
            if sub.frame_id == frame.frame_id and sub.generation is None:
                sub.generation = frame.generation

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
