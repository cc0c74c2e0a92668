"""The light harness: the widget's real front end in real Chromium, wired to a real Python
``Desktop`` without Jupyter (a Playwright binding stands in for the kernel comm).

Use it to test your own app in CI: render ``Desktop(app=Path("my_app.html"))`` with
:class:`LightHarness`, drive the app through ``harness.app()`` and assert on Python state.
Needs ``playwright`` (Python) and a Chromium; no browser download is required.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import FrameLocator, Page

from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.app_server import STATIC_DIR, AppServer
from scapi_widget.testing.chromium import CHROMIUM, CHROMIUM_ARGS, launch_chromium
from scapi_widget.testing.comm_capture import as_read, capture_comm

PAGES = Path(__file__).parent / "pages"
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LightHarness", "launch_chromium"]
SKIP_STATE = {"_esm", "_css"}


class LightHarness:
    """One Desktop widget rendered on a plain localhost page (a different origin from its apps)."""

    def __init__(self, page: Page, desk: Desktop, page_server: AppServer, *, attach_later: bool = False) -> None:
        """``attach_later``: the view renders into an element that is not in the page yet (as JupyterLab's
        output area may); ``page.evaluate("window.__harness.attach()")`` puts it in."""
        self.page = page
        self.desk = desk
        self._outbox: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self.refused_calls = 0  # binding calls from any frame but the harness page's own
        self.from_page: Counter[str] = Counter()  # custom messages the views sent Python, by kind
        self.dropped: list[dict[str, Any]] = []  # comm messages drop_next() kept from the page
        self._drop: Callable[[dict[str, Any]], bool] | None = None
        capture_comm(desk, self._capture, raw=True)  # no kernel here: we carry the widget's messages
        page.expose_binding("__scapiToPython", self._from_js)
        base = page_server.mount(PAGES)
        static = page_server.mount(STATIC_DIR)
        attach = "&attach=later" if attach_later else ""
        page.goto(f"{base}harness.html?esm={static}widget.js&css={static}widget.css{attach}")
        page.wait_for_selector("body[data-harness-ready=yes]", state="attached")

    def _capture(self, data: Any, buffers: list[bytes]) -> None:
        with self._lock:
            if self._drop is not None and isinstance(data, dict):
                read = as_read(data, buffers)
                if self._drop(read):
                    self._drop = None
                    self.dropped.append(read)
                    return
            # Buffers travel to the page as text (they are UTF-8 JSON); the page makes them binary again.
            self._outbox.append({**data, "buffers": [b.decode("utf-8") for b in buffers]} if buffers else data)

    def drop_next(self, predicate: Callable[[dict[str, Any]], bool]) -> None:
        """Lose the next comm message from Python for which ``predicate(message)`` is true (a
        ``{"method": ..., ...}`` ipywidgets message, as a view reads it) before the page gets it, as a lossy link
        would; it is appended to :attr:`dropped`. For testing how the views recover."""
        with self._lock:
            self._drop = predicate

    def _drain(self) -> list[dict[str, Any]]:
        with self._lock:
            out, self._outbox = self._outbox, []
        return out

    def _from_js(self, source: dict[str, Any], payload: Any) -> Any:
        # Playwright exposes the binding to every frame of the page; only the harness page itself
        # (which plays the kernel comm) may use it, never a hosted app's frame.
        if source.get("frame") is not self.page.main_frame or not isinstance(payload, dict):
            with self._lock:
                self.refused_calls += 1
            return None
        kind = payload.get("kind")
        content = payload.get("content")
        if kind == "msg" and isinstance(content, dict):
            with self._lock:
                self.from_page[str(content.get("kind"))] += 1
        if kind == "init":
            state = {k: v for k, v in self.desk.get_state().items() if k not in SKIP_STATE}
            return {"state": state, "messages": self._drain()}
        if kind == "msg":
            self.desk._handle_msg(
                {"content": {"data": {"method": "custom", "content": payload["content"]}}, "buffers": []}
            )
        return self._drain()

    def app(self, frame_id: int = 1) -> FrameLocator:
        """The hosted app's document."""
        return self.page.frame_locator(f"iframe[data-testid=app-frame-{frame_id}]")

    def wait_frame_loaded(self, frame_id: int = 1, timeout: float = 10.0) -> None:
        """Until the desktop has heard that the frame's current document loaded."""
        frames = self.desk.desktop.frames
        self.wait_until(lambda: frames.frames[frame_id].loaded, timeout, what=f"frame {frame_id} to be reported loaded")

    def flush(self) -> None:
        """Round trip through Python: every message the page sent before has been handled."""
        self.page.evaluate("async () => window.__harness.deliver(await window.__scapiToPython({kind: 'poll'}))")

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
        """Let the page run (so messages flow) until ``predicate()`` is truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            self.page.wait_for_timeout(10)
