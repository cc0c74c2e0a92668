"""The Jupyter server's side of serving a kernel's apps: which app server a request may go to, and
forwarding it there at the pace of the browser that asked.

* **To whom** (:func:`live_announcement`): only to the port a kernel of this server announced with
  that key (:mod:`~scapi_widget.serving.proxy_registry`), and only while the process that announced it is
  that kernel's running process (the one its provisioner started, or a process under it). A kernel
  killed and restarted keeps its id but not its process, and whatever listens on its old port later
  is not its app server: what the dead process announced is refused and its entry removed, as is
  any entry whose process is gone.
* **How** (:func:`forward`): one HTTP/1.1 request to ``127.0.0.1:<port>`` over a connection of its
  own, the answer parsed by tornado. Each chunk of the body (at most :data:`CHUNK_SIZE`) is read
  from the kernel only once the one before was handed to the browser's connection (``await
  flush()``): a browser that reads slowly, or not at all, costs the server one chunk, not the file.
  A browser that takes nothing for :data:`STALL_TIMEOUT` seconds is disconnected.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from tornado import gen, httputil, web
from tornado.http1connection import HTTP1Connection, HTTP1ConnectionParameters
from tornado.iostream import IOStream, StreamClosedError

from . import proxy_registry

CHUNK_SIZE = 64 * 1024  # bytes of body read from the kernel's app server at a time
CONNECT_TIMEOUT = 10.0  # seconds to connect to the kernel's app server
ANSWER_TIMEOUT = 30.0  # seconds for its status line and headers
FORWARD_TIMEOUT = 300.0  # seconds for a whole body
STALL_TIMEOUT = 60.0  # seconds the browser may take to take one chunk
MAX_HEADER_SIZE = 64 * 1024
MAX_FORWARDED_BODY = 1 << 40  # streamed, so no buffer this large is ever held

StartAnswer = Callable[[int, list[tuple[str, str]]], None]


async def live_announcement(kernel_manager: Any, port: int, key: str) -> str | None:
    """The id of the kernel of ``kernel_manager`` whose running process announced ``port`` with ``key``.

    None otherwise; an entry whose process is not its kernel's running one (or is gone) is removed.
    """
    found = proxy_registry.read_entry(Path(kernel_manager.connection_dir), port, key)
    if found is None:
        return None
    if found.kernel in kernel_manager.list_kernel_ids():
        if await _runs_kernel(kernel_manager.get_kernel(found.kernel), found.pid):
            return found.kernel
        proxy_registry.withdraw_stale(found)  # the kernel died, or was restarted: another process now
    elif not proxy_registry.process_exists(found.pid):
        proxy_registry.withdraw_stale(found)  # another server's kernel, or none, and its process is gone
    return None


async def _runs_kernel(kernel: Any, pid: int) -> bool:
    """Whether process ``pid`` is ``kernel``'s running process (its provisioner's) or runs under it."""
    provisioner = getattr(kernel, "provisioner", None)
    kernel_pid = getattr(provisioner, "pid", None)
    if provisioner is None or not isinstance(kernel_pid, int) or await provisioner.poll() is not None:
        return False  # no local process to compare with, or it exited
    return pid == kernel_pid or proxy_registry.descends_from(pid, kernel_pid)


class _Relay(httputil.HTTPMessageDelegate):
    """The kernel's answer, passed to the browser's: a chunk of body at a time, each once the one before is out."""

    def __init__(self, handler: web.RequestHandler, upstream: HTTP1Connection, start: StartAnswer) -> None:
        self.handler, self.upstream, self.start = handler, upstream, start
        self.started = self.finished = self.browser_gone = False

    def headers_received(
        self, start_line: httputil.RequestStartLine | httputil.ResponseStartLine, headers: httputil.HTTPHeaders
    ) -> None:
        assert isinstance(start_line, httputil.ResponseStartLine)
        self.start(start_line.code, list(headers.get_all()))
        self.started = True

    async def data_received(self, chunk: bytes) -> None:
        if self.browser_gone:
            return
        self.handler.write(chunk)
        try:
            await gen.with_timeout(timedelta(seconds=STALL_TIMEOUT), self.handler.flush())
        except (StreamClosedError, TimeoutError):  # the browser went away, or takes nothing
            self.browser_gone = True
            self.upstream.close()  # and stop reading the file from the kernel

    def finish(self) -> None:
        self.finished = True

    def on_connection_close(self) -> None:
        pass


async def forward(handler: web.RequestHandler, port: int, target: str, *, head: bool, start: StartAnswer) -> None:
    """Send ``handler``'s GET or HEAD to ``http://127.0.0.1:<port><target>`` and stream the answer back.

    ``start(status, headers)`` sets the answer's status and headers before any of its body. Raises
    ``HTTPError(502)`` when the app server gives no answer; when its body breaks off, the browser's
    connection is closed (it sees the body cut short). The caller finishes ``handler``.
    """
    stream = IOStream(socket.socket(socket.AF_INET, socket.SOCK_STREAM), max_buffer_size=4 * CHUNK_SIZE)
    try:
        await gen.with_timeout(timedelta(seconds=CONNECT_TIMEOUT), stream.connect(("127.0.0.1", port)))
    except (OSError, TimeoutError):
        stream.close()
        raise web.HTTPError(502, "the kernel's app server on port %s did not answer", port) from None
    stream.set_nodelay(True)
    params = HTTP1ConnectionParameters(
        no_keep_alive=True,
        chunk_size=CHUNK_SIZE,
        max_header_size=MAX_HEADER_SIZE,
        max_body_size=MAX_FORWARDED_BODY,
        header_timeout=ANSWER_TIMEOUT,
        body_timeout=FORWARD_TIMEOUT,
    )
    upstream = HTTP1Connection(stream, True, params)
    relay = _Relay(handler, upstream, start)
    request = httputil.RequestStartLine("HEAD" if head else "GET", target, "HTTP/1.1")
    headers = httputil.HTTPHeaders({"Host": f"127.0.0.1:{port}", "Connection": "close"})
    try:
        await upstream.write_headers(request, headers)
        upstream.finish()
        await upstream.read_response(relay)
    except (StreamClosedError, httputil.HTTPInputError):
        pass  # told below by what the relay got
    finally:
        upstream.close()
    if not relay.started:
        raise web.HTTPError(502, "the kernel's app server on port %s gave no answer", port)
    if not relay.finished or relay.browser_gone:
        handler.request.connection.close()  # type: ignore[union-attr]
