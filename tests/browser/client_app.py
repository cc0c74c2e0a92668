"""What the browser tests share about the test page ``pages/client-app.html``.

That page loads our client library and exposes ``window.ask(namespace, method, ...args)``,
which resolves to the desktop's whole reply.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scapi_widget.testing import LightHarness

PAGES = Path(__file__).parent / "pages"
CLIENT_APP = PAGES / "client-app.html"
Make = Callable[..., LightHarness]


def ask(h: LightHarness, frame_id: int, namespace: str, method: str, *args: object) -> dict[str, Any]:
    """Send one request from the app in frame ``frame_id``; returns the desktop's reply."""
    reply: dict[str, Any] = (
        h.app(frame_id)
        .locator("body")
        .evaluate("(_, [ns, m, args]) => window.ask(ns, m, ...args)", [namespace, method, list(args)])
    )
    return reply
