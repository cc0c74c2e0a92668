"""What every part of the desktop may use of the desktop itself: its clock and id source, its
transactions, its events and its change marks (:class:`Plumbing`).

The parts (:mod:`.store`, :mod:`.calls`, :mod:`.flows`, :mod:`.toasts`, :mod:`.workspace`,
:mod:`.outbound`, :mod:`.presence`, :mod:`.system`) are each constructed with a ``Plumbing`` and
with the other parts they act on, and nothing else; :class:`~scapi_widget.desktop.model.AgentDesktop`
is the one ``Plumbing`` there is. A part's method named like a desktop verb carries it out; the
verb's documentation is said once, on :class:`~.verbs.DesktopVerbs`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

from .clock import Clock, IdSource
from .events import DesktopEvent


class Plumbing(Protocol):
    """The desktop's lock, events and change marks, as a part sees them."""

    @property
    def clock(self) -> Clock: ...

    @property
    def ids(self) -> IdSource: ...

    def transaction(self) -> AbstractContextManager[None]:
        """Hold the lock; events are delivered when the outermost transaction ends; an exception
        inside discards them."""
        ...

    def emit(self, family: str, data: dict[str, Any], *, frame_id: int | None = None) -> DesktopEvent:
        """Queue a notification (to every subscriber, or only to ``frame_id``)."""
        ...

    def touch(self, *parts: str) -> None:
        """Mark parts of the observable state changed."""
        ...
