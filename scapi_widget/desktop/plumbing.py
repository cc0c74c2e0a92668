"""What every part of the desktop may use of the desktop itself: its clock and id source, its
transactions, its events and its change marks (:class:`Plumbing`).

The parts (:mod:`.store`, :mod:`.calls`, :mod:`.flows`, :mod:`.toasts`, :mod:`.workspace`,
:mod:`.outbound`, :mod:`.presence`, :mod:`.system`) are each constructed with a ``Plumbing`` and
with the other parts they act on, and nothing else; :class:`~scapi_widget.desktop.model.AgentDesktop`
is the one ``Plumbing`` there is. A part's method named like a desktop verb carries it out; the
verb's documentation is said once, on :class:`~.verbs.DesktopVerbs`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol, get_args

from .clock import Clock, IdSource
from .events import DesktopEvent

StatePart = Literal[
    "agent",
    "media",
    "interactions",
    "toasts",
    "frames",
    "workspace",
    "outbound",
    "security",
    "sip",
    "system",
    "configuration",
    "requests",
    "events",
]
"""The parts of the desktop's observable state, as a change marks them (:meth:`Plumbing.touch`) and
change listeners hear them: ``events`` is marked by every event, ``requests`` when the request log
grew. A name that is not one of these fails mypy, and :meth:`~.model.AgentDesktop.touch` at once."""
STATE_PARTS: frozenset[StatePart] = frozenset(get_args(StatePart))


class UserDataTouch:
    """What one transaction changed of one interaction, when only user data: the keys, and its
    ``to_json()`` made after the last change (None: not made). The model's record while the
    transaction runs; its ``keys`` are handed on, unchanged from then on, in :class:`ChangedParts`."""

    __slots__ = ("keys", "now")

    def __init__(self, keys: Iterable[str], now: dict[str, Any] | None) -> None:
        self.keys = set(keys)
        self.now = now


class ChangedParts(frozenset[StatePart]):
    """The parts one change marked (what change listeners hear), and which interactions it
    touched: :attr:`interactions`, their ids, or None when it may have touched any of them; and,
    of those, the ones whose only change was to some keys of their user data: :attr:`user_data`,
    id -> those keys (changed, added or deleted; every other field and user data key is as it was),
    and :attr:`announced`, id -> the ``to_json()`` of such an interaction made (for its event) after
    its last change, when there is one: an object equal to what ``to_json()`` gives now."""

    interactions: frozenset[str] | None
    user_data: Mapping[str, AbstractSet[str]]
    announced: Mapping[str, dict[str, Any]]

    def __new__(
        cls,
        parts: Iterable[StatePart],
        interactions: Iterable[str] | None = None,
        user_data: Mapping[str, UserDataTouch] | None = None,
    ) -> ChangedParts:
        self = super().__new__(cls, parts)
        self.interactions = None if interactions is None else frozenset(interactions)
        self.user_data = {}
        self.announced = {}
        if self.interactions is not None and user_data:
            for interaction_id, touch in user_data.items():
                if interaction_id in self.interactions:
                    self.user_data[interaction_id] = touch.keys  # the model's, which no longer changes
                    if touch.now is not None:
                        self.announced[interaction_id] = touch.now
        return self


def touched_interactions(parts: frozenset[StatePart]) -> frozenset[str] | None:
    """The ids of the interactions a change touched (when ``parts`` holds ``interactions``);
    None: any of them may have changed (``parts`` does not say which)."""
    return parts.interactions if isinstance(parts, ChangedParts) else None


def touched_user_data(parts: frozenset[StatePart]) -> Mapping[str, AbstractSet[str]]:
    """Of the interactions a change touched, those whose only change was to some keys of their
    user data, with those keys (:attr:`ChangedParts.user_data`; empty when ``parts`` does not say)."""
    return parts.user_data if isinstance(parts, ChangedParts) else {}


def announced_json(parts: frozenset[StatePart]) -> Mapping[str, dict[str, Any]]:
    """Of :func:`touched_user_data`'s interactions, the JSON made of them as they are now, when one
    was (:attr:`ChangedParts.announced`)."""
    return parts.announced if isinstance(parts, ChangedParts) else {}


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

    def touch(self, *parts: StatePart) -> None:
        """Mark parts of the observable state changed (``interactions``: any interaction may have)."""
        ...

    def touch_interactions(self, *interaction_ids: str) -> None:
        """Mark these interactions changed (added, changed or removed), and no other."""
        ...

    def touch_user_data(self, interaction_id: str, keys: Iterable[str], now: dict[str, Any] | None = None) -> None:
        """Mark this interaction changed, in nothing but these keys of its user data (changed, added
        or deleted); any other change to it in the same transaction must touch it as a whole.
        ``now``: its ``to_json()`` as it is now, when the caller made one (for an event)."""
        ...
