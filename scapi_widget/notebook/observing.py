"""Reacting to the desktop from notebook code, and awaiting what happens on it without blocking the kernel.

:class:`EventCallbacks` runs ``desk.on(name, callback)`` callbacks for the desktop's events.
``await desk.next_event("RINGING")`` and ``await desk.wait_for(lambda d: ...)`` (:func:`next_event`,
:func:`wait_for`) resolve on the notebook's event loop. Events may be produced on any thread (a
timer, a scenario's thread, or a kernel subshell), so results cross over with
``call_soon_threadsafe``. When nothing comes, they fail after ``timeout`` seconds with a message
that says why that usually happens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from ..desktop.events import DesktopEvent
from ..desktop.model import AgentDesktop
from ..desktop.plumbing import StatePart

T = TypeVar("T")
S = TypeVar("S")
EventCallback = Callable[[DesktopEvent], None]

HINT = (
    "If you were waiting for the app: is the desktop shown (desk.ready is {ready})? While a cell runs, the "
    "kernel only hears the browser during an await: a cell that blocks (time.sleep, a long loop) stops the "
    "app's requests."
)


class EventCallbacks:
    """Callbacks for the desktop's events, by event family (``"interaction"``), eventType
    (``"RINGING"``) or ``"*"``. They run while the desktop is locked, on whichever thread made the
    change; one that raises is shown as a warning (the desktop carries on)."""

    def __init__(self, model: AgentDesktop) -> None:
        self._model = model
        self._callbacks: list[tuple[str, EventCallback]] = []
        model.add_event_listener(self._deliver)

    def add(self, name: str, callback: EventCallback) -> Callable[[], None]:
        """Call ``callback(event)`` for events ``name`` names; returns a function that removes it."""
        if not isinstance(name, str) or not name:
            raise TypeError("on() needs an event family, an eventType or '*'")
        if not callable(callback):
            raise TypeError("on() needs a callable")
        entry = (name, callback)
        with self._model.lock:
            self._callbacks.append(entry)

        def remove() -> None:
            with self._model.lock:
                if entry in self._callbacks:
                    self._callbacks.remove(entry)

        return remove

    def _deliver(self, event: DesktopEvent) -> None:
        for name, callback in list(self._callbacks):
            if name in ("*", event.family, event.event_type):
                what = f"desk.on({name!r}) callback {getattr(callback, '__qualname__', repr(callback))}"
                self._model.call_safely(callback, event, what)  # a ListenerWarning the notebook shows


def _loop(what: str) -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        raise RuntimeError(f"{what} must be awaited: `await desk.{what}(...)` in a notebook cell") from None


async def next_event(
    callbacks: EventCallbacks,
    name: str = "*",
    *,
    where: Callable[[DesktopEvent], bool] | None = None,
    timeout: float = 30.0,
    ready: Callable[[], bool],
) -> DesktopEvent:
    """The next event of a family or eventType (``"*"``: any) for which ``where(event)`` holds
    (``ready()``: whether a view shows the desktop, for the timeout's message)."""
    loop = _loop("next_event")
    future: asyncio.Future[DesktopEvent] = loop.create_future()

    def settle(event: DesktopEvent) -> None:
        if not future.done():
            future.set_result(event)

    def deliver(event: DesktopEvent) -> None:
        if future.done() or (where is not None and not where(event)):
            return
        loop.call_soon_threadsafe(settle, event)

    remove = callbacks.add(name, deliver)
    try:
        return await asyncio.wait_for(future, timeout)
    except asyncio.TimeoutError:
        raise TimeoutError(f"no {name!r} event within {timeout:g} s. " + HINT.format(ready=ready())) from None
    finally:
        remove()


async def wait_for(
    model: AgentDesktop,
    subject: S,
    predicate: Callable[[S], T | None],
    *,
    timeout: float = 30.0,
    ready: Callable[[], bool],
    explain: Callable[[], str] | None = None,
) -> T:
    """Wait until ``predicate(subject)`` is truthy (checked now and after every change of ``model``);
    returns its value.

    ``explain()`` gives the timeout's message (default: the condition did not hold, and why that
    usually happens; ``ready()``: whether a view shows the desktop).
    """
    loop = _loop("wait_for")
    value = predicate(subject)
    if value:
        return value
    future: asyncio.Future[T] = loop.create_future()

    def check() -> None:
        if future.done():
            return
        try:
            result = predicate(subject)
        except Exception as exc:
            future.set_exception(exc)
            return
        if result:
            future.set_result(result)

    def changed(_parts: frozenset[StatePart]) -> None:
        loop.call_soon_threadsafe(check)

    remove = model.add_change_listener(changed)
    try:
        return await asyncio.wait_for(future, timeout)
    except asyncio.TimeoutError:
        if explain is not None:
            raise TimeoutError(explain()) from None
        raise TimeoutError(
            f"the condition did not hold within {timeout:g} s. " + HINT.format(ready=ready())
        ) from None
    finally:
        remove()
