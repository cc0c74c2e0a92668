"""Time and id sources, injectable so that the desktop is deterministic in tests."""

from __future__ import annotations

import heapq
import itertools
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class Cancel(Protocol):
    def __call__(self) -> None: ...


class Clock(Protocol):
    """What the desktop needs of time: now, and a way to run something later."""

    def now(self) -> float: ...

    def call_later(self, delay: float, fn: Callable[[], None]) -> Cancel: ...


class RealClock:
    """Wall-clock time; ``call_later`` runs on a daemon timer thread."""

    def now(self) -> float:
        return time.time()

    def call_later(self, delay: float, fn: Callable[[], None]) -> Cancel:
        timer = threading.Timer(delay, fn)
        timer.daemon = True
        timer.start()
        return timer.cancel


class ManualClock:
    """A clock that only moves when told to; due callbacks run inside :meth:`advance`."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = start
        self._queue: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._cancelled: set[int] = set()

    def now(self) -> float:
        return self._now

    def call_later(self, delay: float, fn: Callable[[], None]) -> Cancel:
        key = next(self._order)
        heapq.heappush(self._queue, (self._now + max(delay, 0.0), key, fn))
        return lambda: self._cancelled.add(key)

    def advance(self, seconds: float) -> None:
        """Move time forward, running every callback that falls due on the way."""
        target = self._now + seconds
        while self._queue and self._queue[0][0] <= target:
            when, key, fn = heapq.heappop(self._queue)
            self._now = max(self._now, when)
            if key not in self._cancelled:
                fn()
        self._now = target


@dataclass(frozen=True)
class IdMark:
    """Where an :class:`IdSource` stood (see :meth:`IdSource.mark`)."""

    counters: Mapping[str, int]
    random_state: Any


class IdSource:
    """Makes the desktop's identifiers: sequential client ids and UUID-like call ids."""

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(seed) if seed is not None else None
        self._counters: dict[str, int] = {}  # each sequence's next number

    def next(self, kind: str, start: int = 1) -> int:
        """The next number of a named sequence ("interaction" → 1, 2, …)."""
        number = self._counters.get(kind, start)
        self._counters[kind] = number + 1
        return number

    def mark(self) -> IdMark:
        """Where every sequence (and the seeded UUIDs) stands now: :meth:`rewind` goes back to it."""
        return IdMark(dict(self._counters), None if self._random is None else self._random.getstate())

    def rewind(self, mark: IdMark) -> None:
        """Make the identifiers made since ``mark`` again, in the same order (a demo played again
        names the same interactions)."""
        self._counters = dict(mark.counters)
        if self._random is not None and mark.random_state is not None:
            self._random.setstate(mark.random_state)

    def uuid(self) -> str:
        """A call/case UUID, reproducible when a seed was given."""
        if self._random is None:
            return str(uuid.uuid4()).upper()
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4)).upper()
