"""A contact centre's event log for the notebook: every agent's events, in the order they happened.

The log of a centre starts when it is first asked for (``Desktop(centre=...)`` asks, so it holds
everything from the first desktop of the centre on) and keeps the newest :data:`LOG_LIMIT` events.
"""

from __future__ import annotations

import collections
import threading
import weakref

from ..desktop.events import DesktopEvent
from .contact_centre import ContactCentre

LOG_LIMIT = 2000


class CentreLog:
    """``(agent name, event)`` for each event of every agent of ``centre``, oldest first (bounded)."""

    def __init__(self, centre: ContactCentre, limit: int = LOG_LIMIT) -> None:
        self._lock = threading.Lock()
        self._entries: collections.deque[tuple[str, DesktopEvent]] = collections.deque(maxlen=limit)
        self.remove = centre.add_event_listener(self._note)

    def _note(self, agent: str, event: DesktopEvent) -> None:
        with self._lock:
            self._entries.append((agent, event))

    @property
    def entries(self) -> list[tuple[str, DesktopEvent]]:
        with self._lock:
            return list(self._entries)

    def agents_and_events(self) -> tuple[list[str], list[DesktopEvent]]:
        """The agent of each event, and the events (as :mod:`~scapi_widget.notebook.analysis` takes them)."""
        entries = self.entries
        return [agent for agent, _ in entries], [event for _, event in entries]


_LOGS: weakref.WeakKeyDictionary[ContactCentre, CentreLog] = weakref.WeakKeyDictionary()
_LOGS_LOCK = threading.Lock()


def centre_log(centre: ContactCentre) -> CentreLog:
    """The log of ``centre`` (started now if it was not yet)."""
    with _LOGS_LOCK:
        log = _LOGS.get(centre)
        if log is None:
            log = _LOGS[centre] = CentreLog(centre)
        return log
