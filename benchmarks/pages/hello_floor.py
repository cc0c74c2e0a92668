"""The start-up floor as a widget (its front end: hello_floor.js, beside this file): the least any widget
that hosts an app which says hello to the kernel pays in a notebook front end.

``HelloFloor()`` serves one tiny page on 127.0.0.1 of the kernel's machine (a port of its own, Python's
standard HTTP server in a daemon thread, the page answered from memory with the desktop's app server's
headers), and its view loads that page in a frame sandboxed as the desktop's app frames are at such an
origin (``SANDBOX``). The page posts a hello to its parent as its script runs; the view forwards it with
``model.send``; the Python side hears it (``on_msg``). ``await floor.heard()`` waits for it.
Notebooks next to this file import it."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from scapi_widget.desktop.frames import SAME_ORIGIN, SANDBOX_FLAGS

# The desktop's app frame at an origin other than the page's (its flags and allow-same-origin, as
# Frame.sandbox gives them); benchmarks/startup.py checks each run that both frames carry the same.
SANDBOX = " ".join((*SANDBOX_FLAGS, SAME_ORIGIN))
PAGE = b"""<!doctype html>
<html><head><meta charset="utf-8"><title>hello floor</title></head>
<body><script>parent.postMessage({ posted: performance.timeOrigin + performance.now() }, "*");</script></body>
</html>
"""


class _Page(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    served: list[float]  # when the page was answered, epoch ms (set per server)

    def do_GET(self) -> None:
        if self.path != "/":
            self.send_error(404)
            return
        self.served.append(time.time() * 1e3)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_page(served: list[float]) -> ThreadingHTTPServer:
    """The page, on a port of its own of 127.0.0.1; ``served`` gets when each request for it was answered."""
    handler = type("Page", (_Page,), {"served": served})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class HelloFloor(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("hello_floor.js")
    url = traitlets.Unicode().tag(sync=True)
    sandbox = traitlets.Unicode(SANDBOX).tag(sync=True)

    def __init__(self) -> None:
        self.served: list[float] = []  # when the page was asked for (epoch ms), for the benchmark's breakdown
        self._server = serve_page(self.served)
        super().__init__(url=f"http://127.0.0.1:{self._server.server_address[1]}/")
        self._lock = threading.Lock()  # messages may arrive on a subshell's thread
        self._heard_kinds: set[str] = set()
        self._waiters: list[tuple[str, asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.on_msg(self._heard)

    def _heard(self, _widget: object, content: Any, _buffers: object) -> None:
        kind = content.get("kind") if isinstance(content, dict) else None
        if not isinstance(kind, str):
            return
        with self._lock:
            self._heard_kinds.add(kind)
            waiting = [waiter for waiter in self._waiters if waiter[0] == kind]
            self._waiters = [waiter for waiter in self._waiters if waiter[0] != kind]
        for _kind, loop, future in waiting:
            loop.call_soon_threadsafe(lambda future=future: future.done() or future.set_result(None))

    async def heard(self, kind: str = "hello", timeout: float = 60) -> None:
        """Until the kernel heard the frame's hello (``kind="load"``: the view's word that the frame loaded)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if kind in self._heard_kinds:
                return
            self._waiters.append((kind, loop, future))
        await asyncio.wait_for(future, timeout)
