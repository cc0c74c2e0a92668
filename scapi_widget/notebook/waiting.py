"""Awaiting what happens on the desktop without blocking the kernel.

``await desk.next_event("RINGING")`` and ``await desk.wait_for(lambda d: ...)`` resolve on the
notebook's event loop. Events may be produced on any thread (a kernel subshell delivers widget
messages while a cell awaits), so results cross over with ``call_soon_threadsafe``. When nothing
comes, they fail after ``timeout`` seconds with a message that says why that usually happens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..desktop.events import DesktopEvent

if TYPE_CHECKING:
    from .widget import Desktop

T = TypeVar("T")

HINT = (
    "If you were waiting for the app: is the desktop shown (desk.ready is {ready})? While a cell runs, the "
    "kernel only hears the browser during an await, or on a subshell (JupyterLab 4.6 with ipykernel 7); "
    "a cell that blocks (time.sleep, a long loop) stops the app's requests."
)


def _loop(what: str) -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        raise RuntimeError(f"{what} must be awaited: `await desk.{what}(...)` in a notebook cell") from None


async def next_event(
    desk: Desktop, name: str = "*", *, where: Callable[[DesktopEvent], bool] | None = None, timeout: float = 30.0
) -> DesktopEvent:
    """The next event of a family or eventType (``"*"``: any) for which ``where(event)`` holds."""
    loop = _loop("next_event")
    future: asyncio.Future[DesktopEvent] = loop.create_future()

    def settle(event: DesktopEvent) -> None:
        if not future.done():
            future.set_result(event)

    def deliver(event: DesktopEvent) -> None:
        if future.done() or (where is not None and not where(event)):
            return
        loop.call_soon_threadsafe(settle, event)

    remove = desk.on(name, deliver)
    try:
        return await asyncio.wait_for(future, timeout)
    except asyncio.TimeoutError:
        raise TimeoutError(f"no {name!r} event within {timeout:g} s. " + HINT.format(ready=desk.ready)) from None
    finally:
        remove()


async def wait_for(
    desk: Desktop,
    predicate: Callable[[Desktop], T | None],
    *,
    timeout: float = 30.0,
    explain: Callable[[], str] | None = None,
) -> T:
    """Wait until ``predicate(desk)`` is truthy (checked now and after every change); returns its value.

    ``explain()`` gives the timeout's message (default: the condition did not hold, and why that happens).
    """
    loop = _loop("wait_for")
    value = predicate(desk)
    if value:
        return value
    future: asyncio.Future[T] = loop.create_future()

    def check() -> None:
        if future.done():
            return
        try:
            result = predicate(desk)
        except Exception as exc:
            future.set_exception(exc)
            return
        if result:
            future.set_result(result)

    def changed(_parts: frozenset[str]) -> None:
        loop.call_soon_threadsafe(check)

    remove = desk.desktop.add_change_listener(changed)
    try:
        return await asyncio.wait_for(future, timeout)
    except asyncio.TimeoutError:
        if explain is not None:
            raise TimeoutError(explain()) from None
        raise TimeoutError(
            f"the condition did not hold within {timeout:g} s. " + HINT.format(ready=desk.ready)
        ) from None
    finally:
        remove()
