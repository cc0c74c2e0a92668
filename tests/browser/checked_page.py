"""A fresh browser page that fails the test on JavaScript errors (but those named as known)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Error, Page


@contextmanager
def checked_page(
    chromium: Browser, *, timeout_ms: int, where: str, known: Iterable[tuple[str, str]] = ()
) -> Iterator[Page]:
    """A page in a context of its own (closed on leaving); on leaving without an exception, an
    AssertionError names the page's JavaScript errors, except a ``known`` one: (message part,
    stack part) pairs, e.g. a front end's own load race."""
    context = chromium.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    errors: list[Error] = []
    page.on("pageerror", lambda error: errors.append(error))  # Playwright wraps Python functions, not builtins
    try:
        yield page
    finally:
        context.close()
    known = list(known)
    ours = [
        e.message
        for e in errors
        if not any(message in e.message and stack in (e.stack or "") for message, stack in known)
    ]
    assert not ours, f"JavaScript errors on the {where} page: {ours}"
