"""An HTTP server on an event loop of its own, in a daemon thread, for untrusted local clients.

tornado parses HTTP and holds its limits: a connection has :data:`IDLE_TIMEOUT` seconds to send
a request head (before its first request and between requests, however slowly it sends it) and
as long for a body; a head over :data:`MAX_HEADER_SIZE` or a body over :data:`MAX_BODY_SIZE`
gets 400. Around it, :class:`HTTPServerThread` adds what a server inside a kernel needs:

* an event loop of its own in a daemon thread: the kernel's loop neither waits for it nor holds
  it up;
* at most :data:`MAX_WAITING_CONNECTIONS` connections (and at most a quarter of the process's
  file descriptors) waiting for a request head: beyond that, the one that has waited longest is
  closed;
* when the process runs out of file descriptors, accepting a connection (or opening a file,
  :meth:`HTTPServerThread.make_room`) first closes the connection that has waited longest for a
  request head; with none to close, accepting pauses for :data:`ACCEPT_RETRY` seconds. Either
  way at most one warning is logged per :data:`WARNING_INTERVAL`; the loop never spins;
* :meth:`HTTPServerThread.close` stops accepting, closes every connection and ends the thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import logging
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tornado import httputil
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.iostream import IOStream

log = logging.getLogger(__name__)

IDLE_TIMEOUT = 10.0  # seconds to send a request head (or a body); silent connections are closed after it
MAX_WAITING_CONNECTIONS = 512  # connections waiting for a request head; the longest-waiting is closed beyond it
DESCRIPTOR_SHARE = 4  # ... and at most 1/4 of the process's descriptor limit, which the kernel needs too
MAX_HEADER_SIZE = 64 * 1024  # bytes of request line and headers
MAX_BODY_SIZE = 64 * 1024  # bytes of request body (GET and HEAD need none)
MAX_BUFFER_SIZE = 1024 * 1024  # bytes read ahead from one connection
ACCEPT_RETRY = 0.25  # seconds before accepting again after the process ran out of descriptors
LISTEN_BACKLOG = 1024  # connections the OS queues before accept(); past it a new one waits ~1 s to retry
ACCEPTS_PER_WAKE = 128  # connections accepted in one go before other work runs
WARNING_INTERVAL = 60.0  # seconds between two warnings about descriptors
STOP_TIMEOUT = 5.0  # seconds close() waits for connections to close and for the thread to end
OUT_OF_DESCRIPTORS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})

T = TypeVar("T")


def waiting_limit() -> int:
    """How many connections may wait for a request head: :data:`MAX_WAITING_CONNECTIONS`, or fewer when
    the process may open few descriptors."""
    try:
        import resource  # POSIX only
    except ImportError:
        return MAX_WAITING_CONNECTIONS
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return MAX_WAITING_CONNECTIONS
    return max(1, min(MAX_WAITING_CONNECTIONS, soft // DESCRIPTOR_SHARE))


class _WatchedHTTPServer(HTTPServer):
    """tornado's HTTP server, knowing which of its connections wait for a request head (oldest first)."""

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.waiting: OrderedDict[IOStream, None] = OrderedDict()
        self.streams: set[IOStream] = set()

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        self.streams.add(stream)
        self.waiting[stream] = None
        super().handle_stream(stream, address)

    def start_request(self, server_conn: object, request_conn: httputil.HTTPConnection) -> httputil.HTTPMessageDelegate:
        stream: IOStream = server_conn.stream  # type: ignore[attr-defined]  # tornado's HTTP1ServerConnection
        if stream not in self.waiting and not stream.closed():  # kept alive: it waits for a head again, newest
            self.waiting[stream] = None
        return _HeadWatch(super().start_request(server_conn, request_conn), self.waiting, stream)

    def on_close(self, server_conn: object) -> None:
        stream: IOStream = server_conn.stream  # type: ignore[attr-defined]
        self.waiting.pop(stream, None)
        self.streams.discard(stream)
        super().on_close(server_conn)

    def close_longest_waiting(self) -> bool:
        """Close the connection that has waited longest for a request head; False when none waits."""
        while self.waiting:
            stream, _ = self.waiting.popitem(last=False)
            if not stream.closed():
                stream.close()
                return True
        return False


class _HeadWatch(httputil.HTTPMessageDelegate):
    """Passes a request on, taking its connection off the waiting list once its head is in."""

    def __init__(
        self, inner: httputil.HTTPMessageDelegate, waiting: OrderedDict[IOStream, None], stream: IOStream
    ) -> None:
        self._inner, self._waiting, self._stream = inner, waiting, stream

    def headers_received(
        self, start_line: httputil.RequestStartLine | httputil.ResponseStartLine, headers: httputil.HTTPHeaders
    ) -> Awaitable[None] | None:
        self._waiting.pop(self._stream, None)
        # Headers and body are separate writes: without this the body waits for the client's
        # delayed ACK of the headers (about 40 ms a file). tornado turns it off after each response.
        with contextlib.suppress(OSError):
            self._stream.set_nodelay(True)
        return self._inner.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Awaitable[None] | None:
        return self._inner.data_received(chunk)

    def finish(self) -> None:
        self._inner.finish()

    def on_connection_close(self) -> None:
        self._inner.on_connection_close()


class HTTPServerThread:
    """``application`` (a tornado application) served on ``host:port`` from a daemon thread named
    ``<name>-<port>``; the port is bound (and :attr:`port` known) when the constructor returns."""

    def __init__(
        self, application: httputil.HTTPServerConnectionDelegate, host: str = "127.0.0.1", port: int = 0,
        name: str = "http-server",
    ) -> None:
        self._listener = socket.create_server((host, port), backlog=LISTEN_BACKLOG)
        self._listener.setblocking(False)
        self.host, self.port = self._listener.getsockname()[:2]
        self._application = application
        self._lock = threading.Lock()
        self._closing = False
        self._last_warning = -WARNING_INTERVAL
        self.max_waiting = waiting_limit()
        self.accept_pauses = 0  # times accepting paused for want of descriptors
        self.connections_closed_for_room = 0  # waiting connections closed to free a descriptor
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"{name}-{self.port}", daemon=True)
        self._thread.start()
        self._started.wait()
        if self._loop is None:
            self._listener.close()
            raise RuntimeError(f"the HTTP server on {host}:{self.port} could not start; see the log")

    # ------------------------------------------------------------------ the loop thread

    _loop: asyncio.AbstractEventLoop | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except Exception:
            log.exception("HTTP server thread %s failed", self._thread.name)
        finally:
            self._started.set()
            with contextlib.suppress(OSError):
                self._listener.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        self._io_loop = IOLoop.current()
        self._http = _WatchedHTTPServer(
            self._application,
            idle_connection_timeout=IDLE_TIMEOUT,
            body_timeout=IDLE_TIMEOUT,
            max_header_size=MAX_HEADER_SIZE,
            max_body_size=MAX_BODY_SIZE,
            max_buffer_size=MAX_BUFFER_SIZE,
        )
        self._resume: object | None = None
        self._io_loop.add_handler(self._listener, self._accept, IOLoop.READ)
        self._loop = asyncio.get_running_loop()
        self._started.set()
        await self._stop.wait()
        self._io_loop.remove_handler(self._listener)
        if self._resume is not None:
            self._io_loop.remove_timeout(self._resume)
        self._listener.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._http.close_all_connections(), STOP_TIMEOUT)

    def _accept(self, listener: socket.socket, events: int) -> None:
        for _ in range(ACCEPTS_PER_WAKE):
            try:
                connection, address = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:
                continue
            except OSError as error:
                if error.errno in OUT_OF_DESCRIPTORS and self.make_room():
                    continue
                self._pause_accepting(error)
                return
            self._http.handle_stream(IOStream(connection, max_buffer_size=MAX_BUFFER_SIZE), address)
            while len(self._http.waiting) > self.max_waiting:
                self._http.close_longest_waiting()

    def make_room(self) -> bool:
        """Close the connection that has waited longest for a request head, to free a descriptor.

        False when no connection waits. Call it on the server's thread (e.g. from a handler).
        """
        if not self._http.close_longest_waiting():
            return False
        self.connections_closed_for_room += 1
        self._warn("out of file descriptors: closing connections that sent no request, oldest first")
        return True

    def _pause_accepting(self, error: OSError) -> None:
        self.accept_pauses += 1
        self._io_loop.remove_handler(self._listener)
        self._resume = self._io_loop.call_later(ACCEPT_RETRY, self._resume_accepting)
        self._warn(f"cannot accept connections ({error}); trying again every {ACCEPT_RETRY:g} s")

    def _resume_accepting(self) -> None:
        self._resume = None
        if not self._stop.is_set():
            self._io_loop.add_handler(self._listener, self._accept, IOLoop.READ)

    def _warn(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last_warning >= WARNING_INTERVAL:
            self._last_warning = now
            log.warning("HTTP server on %s:%s: %s (said at most once a minute)", self.host, self.port, message)

    # ------------------------------------------------------------------ from any thread

    def run_on_loop(self, fn: Callable[[], T]) -> T:
        """``fn()``, called on the server's thread; its result (for reading the server's state)."""
        if threading.current_thread() is self._thread:
            return fn()
        loop = self._loop
        if loop is None or loop.is_closed():
            raise RuntimeError("the HTTP server is closed")
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        def call() -> None:
            try:
                done.set_result(fn())
            except BaseException as error:
                done.set_exception(error)

        loop.call_soon_threadsafe(call)
        return done.result(STOP_TIMEOUT)

    def connection_nodelay(self) -> list[bool]:
        """TCP_NODELAY as read back from each open connection's socket."""

        def read() -> list[bool]:
            return [
                bool(stream.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                for stream in self._http.streams
                if stream.socket is not None
            ]

        return self.run_on_loop(read)

    def close(self) -> None:
        """Stop accepting, close every connection, end the thread (waits up to a few seconds)."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(self._stop.set)
        if threading.current_thread() is not self._thread:
            self._thread.join(2 * STOP_TIMEOUT)
