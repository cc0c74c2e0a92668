"""Running a coroutine as a kernel's loop would, from any test."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_fresh_loop(coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """Run ``coro`` on a fresh event loop in a thread of its own: the browser tests' Playwright keeps
    a loop running on the main thread for the whole session, where ``asyncio.run`` refuses to start."""
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coro))
        except BaseException as exc:
            error.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"the coroutine did not finish within {timeout:g} s")
    if error:
        raise error[0]
    return result[0]
