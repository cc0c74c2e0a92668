"""Small static file servers for hosted apps: the built-in demo app and local pages.

Each served folder gets a server of its own on ``127.0.0.1`` (:func:`serve_folder`), so an app
sits at the root of an origin of its own, as in Agent Desktop: root-absolute paths
(``/static/js/main.js``) work, and apps are cross-origin to each other and to the notebook.
A page that asks for ``scapi-client.js`` and has none beside it gets ours.

Every server is hardened for untrusted pages on the same machine (:class:`FileServer`): files
are streamed (a HEAD reads nothing), dotfiles and dot-folders are never served, malformed paths
get 400/404, a bounded pool of threads serves requests while idle connections wait without a
thread (and are closed after :data:`IDLE_TIMEOUT`), and only requests naming this server in
their ``Host`` header are answered (no DNS rebinding).
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import mimetypes
import os
import secrets
import selectors
import shutil
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from . import proxy_registry

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
CLIENT_LIBRARY = "scapi-client.js"

MAX_WORKERS = 8  # threads serving requests, per server
MAX_QUEUED = 256  # requests waiting for a worker beyond these are refused (503)
MAX_IDLE_CONNECTIONS = 1024  # connections that have not sent a byte yet; the oldest is closed beyond this
IDLE_TIMEOUT = 10.0  # seconds a connection may stay silent, before its request or in the middle of it
CHUNK_SIZE = 64 * 1024  # bytes read and sent at a time
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")

MissListener = Callable[[str], None]
_Waiting = dict[socket.socket, tuple[float, Any]]  # idle connections: accepted at, peer address


def static_file(name: str) -> Path:
    """A built front-end file, with a clear error when the front end was not built."""
    path = STATIC_DIR / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the front end was not built. Install the package with "
            "`pip install -e .` (it runs `npm install && npm run build`) or run `npm run build`."
        )
    return path


def client_library_path() -> Path:
    """Path of our SCAPI client library (``window.genesys.wwe.service``)."""
    return static_file(CLIENT_LIBRARY)


class BadRequest(ValueError):
    """A request target that is not a clean absolute path (400)."""


def url_segments(target: str) -> list[str]:
    """The decoded path segments of a request target; raises :class:`BadRequest` when malformed.

    Empty segments are dropped; ``.``/``..`` and every other dot-name are kept (and refused later).
    """
    path = urlsplit(target).path
    if not path.startswith("/"):
        raise BadRequest("the request path must start with /")
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("the request path is not UTF-8") from None
    if any(ord(c) < 0x20 or c in "\x7f\\" for c in decoded):
        raise BadRequest("the request path holds a control character or a backslash")
    return [s for s in decoded.split("/") if s]


def is_hidden(parts: Iterable[str]) -> bool:
    """True when any part is a dot-name (``.env``, ``.git``, ``..``): never served."""
    return any(part.startswith(".") for part in parts)


def locate(root: Path, segments: list[str]) -> Path | None:
    """The file under ``root`` (resolved) that ``segments`` name, or None: missing, hidden or outside."""
    if is_hidden(segments):
        return None
    try:
        real = root.joinpath(*segments).resolve(strict=True)
        inside = real.relative_to(root).parts
        if is_hidden(inside):  # a symlink to a dotfile
            return None
        if real.is_dir():
            real = real / "index.html"
        return real if real.is_file() else None
    except (OSError, ValueError, RuntimeError):  # missing, outside the root, too long, a symlink loop
        return None


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind


class _Handler(BaseHTTPRequestHandler):
    """One connection, one request (HTTP/1.0); every outcome is a clean response."""

    timeout = IDLE_TIMEOUT
    default_request_version = "HTTP/1.0"  # even a garbled request line gets a status line back
    server: FileServer  # type: ignore[assignment]

    def do_GET(self) -> None:
        self.server._serve(self, head=False)

    def do_HEAD(self) -> None:
        self.server._serve(self, head=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


class FileServer:
    """Files over HTTP on ``127.0.0.1``; subclasses say which file a path names (:meth:`locate`).

    One thread waits on all connections; a connection gets a worker (at most
    :data:`MAX_WORKERS`) once it has sent something, so idle connections cost no thread.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, extra_hosts: Iterable[str] = ()) -> None:
        self._listener = socket.create_server((host, port), backlog=128)
        self._listener.setblocking(False)
        self.host, self.port = self._listener.getsockname()[:2]
        self._allowed_hosts = {f"{name}:{self.port}" for name in LOCAL_HOSTS} | {h.lower() for h in extra_hosts}
        self._miss_listeners: list[weakref.ref[Any] | Callable[[], MissListener | None]] = []
        self._lock = threading.Lock()
        self._queued = 0
        self._pool = ThreadPoolExecutor(MAX_WORKERS, thread_name_prefix=f"scapi-app-server-{self.port}")
        self._wake_r, self._wake_w = socket.socketpair()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"scapi-app-server-{self.port}", daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def allow_host(self, host: str) -> None:
        """Also answer requests whose ``Host`` header is ``host`` (``name:port``), e.g. behind a proxy."""
        with self._lock:
            self._allowed_hosts.add(host.lower())

    def locate(self, segments: list[str]) -> Path | None:
        raise NotImplementedError

    # ------------------------------------------------------------------ misses

    def add_miss_listener(self, listener: MissListener) -> Callable[[], None]:
        """Call ``listener(path)`` for every path this server answered 404 (on a server thread).

        A bound Python method is held weakly (a discarded widget does not stay alive). Returns a remover.
        """
        ref: Any = weakref.WeakMethod(listener) if inspect.ismethod(listener) else (lambda: listener)
        with self._lock:
            self._miss_listeners.append(ref)

        def remove() -> None:
            with self._lock:
                if ref in self._miss_listeners:
                    self._miss_listeners.remove(ref)

        return remove

    def _report_miss(self, path: str) -> None:
        with self._lock:
            live = [(ref, ref()) for ref in self._miss_listeners]
            self._miss_listeners = [ref for ref, fn in live if fn is not None]
        for _, fn in live:
            if fn is not None:
                try:
                    fn(path)
                except Exception:  # a listener's bug must not break serving
                    log.exception("app server miss listener failed")

    # ------------------------------------------------------------------ serving

    def _serve(self, handler: _Handler, *, head: bool) -> None:
        sent_headers = False
        try:
            host = (handler.headers.get("Host") or "").strip().lower()
            with self._lock:
                host_ok = host in self._allowed_hosts
            if not host_ok:
                handler.send_error(HTTPStatus.BAD_REQUEST, "unexpected Host header")
                return
            segments = url_segments(handler.path)
            path_ends_in_slash = urlsplit(handler.path).path.endswith("/")
            target = self.locate(segments)
            if target is None:
                if not is_hidden(segments):
                    self._report_miss("/" + "/".join(segments))  # before answering: the notice is there first
                handler.send_error(HTTPStatus.NOT_FOUND)
                return
            if segments and segments[-1] != "index.html" and target.name == "index.html" and not path_ends_in_slash:
                # a folder named without its slash: relative URLs in its page need the slash
                handler.send_response(HTTPStatus.MOVED_PERMANENTLY)
                handler.send_header("Location", quote(segments[-1]) + "/")
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            with open(target, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                handler.send_response(HTTPStatus.OK)
                handler.send_header("Content-Type", content_type(target))
                handler.send_header("Content-Length", str(size))
                handler.send_header("Cache-Control", "no-store")
                handler.send_header("X-Content-Type-Options", "nosniff")
                handler.end_headers()
                sent_headers = True
                if not head:
                    shutil.copyfileobj(f, handler.wfile, CHUNK_SIZE)
        except BadRequest as exc:
            handler.send_error(HTTPStatus.BAD_REQUEST, str(exc))
        except OSError:  # the client went away or stalled, or the file could not be opened
            handler.close_connection = True
            if not sent_headers:
                with contextlib.suppress(OSError):
                    handler.send_error(HTTPStatus.NOT_FOUND)
        except Exception:
            log.exception("app server failed on %r", handler.path)
            handler.close_connection = True
            if not sent_headers:
                with contextlib.suppress(OSError):
                    handler.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)

    def _handle(self, conn: socket.socket, address: Any) -> None:
        try:
            conn.setblocking(True)
            _Handler(conn, address, self)  # type: ignore[arg-type]
        except Exception:  # a reset connection, a timeout while reading: nothing to answer
            pass
        finally:
            with self._lock:
                self._queued -= 1
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_WR)
            conn.close()

    def _dispatch(self, conn: socket.socket, address: Any) -> None:
        with self._lock:
            full = self._queued >= MAX_QUEUED
            if not full:
                self._queued += 1
        if full:
            with contextlib.suppress(OSError):
                conn.setblocking(True)
                conn.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            conn.close()
            return
        self._pool.submit(self._handle, conn, address)

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ, "listen")
        selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        waiting: _Waiting = {}  # oldest first
        try:
            while not self._closed.is_set():
                timeout = None
                if waiting:
                    oldest = next(iter(waiting.values()))[0]
                    timeout = max(0.0, oldest + IDLE_TIMEOUT - time.monotonic())
                for key, _ in selector.select(timeout):
                    if key.data == "wake":
                        return
                    if key.data == "listen":
                        self._accept(selector, waiting)
                    else:
                        conn = key.fileobj
                        assert isinstance(conn, socket.socket)
                        selector.unregister(conn)
                        _, address = waiting.pop(conn)
                        self._dispatch(conn, address)
                now = time.monotonic()
                while waiting:
                    conn, (since, _) = next(iter(waiting.items()))
                    if now - since < IDLE_TIMEOUT:
                        break
                    self._drop(selector, waiting, conn)
        finally:
            for conn in list(waiting):
                self._drop(selector, waiting, conn)
            selector.close()

    def _accept(self, selector: selectors.BaseSelector, waiting: _Waiting) -> None:
        while True:
            try:
                conn, address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                log.warning("app server could not accept a connection", exc_info=True)
                return
            conn.setblocking(False)
            # Headers and body are separate writes: without this the body waits for the client's
            # delayed ACK of the headers (about 40 ms per file).
            with contextlib.suppress(OSError):
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            waiting[conn] = (time.monotonic(), address)
            selector.register(conn, selectors.EVENT_READ, "conn")
            if len(waiting) > MAX_IDLE_CONNECTIONS:
                self._drop(selector, waiting, next(iter(waiting)))

    @staticmethod
    def _drop(selector: selectors.BaseSelector, waiting: _Waiting, conn: socket.socket) -> None:
        waiting.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError):
            selector.unregister(conn)
        conn.close()

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        self._thread.join(timeout=5)
        self._listener.close()
        self._wake_r.close()
        self._wake_w.close()
        self._pool.shutdown(wait=False, cancel_futures=True)


class FolderServer(FileServer):
    """One folder at the root of an origin of its own: ``http://127.0.0.1:PORT/<path in folder>``."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"{self.root} is not a folder")
        self.announcement: proxy_registry.Announcement | None = None  # a Jupyter server may forward here
        super().__init__(host, port)

    def close(self) -> None:
        if self.announcement is not None:
            proxy_registry.withdraw(self.announcement.entry)
        super().close()

    def locate(self, segments: list[str]) -> Path | None:
        found = locate(self.root, segments)
        if found is None and segments and segments[-1] == CLIENT_LIBRARY:
            return locate(STATIC_DIR, [CLIENT_LIBRARY])
        return found

    def path_of(self, page: Path) -> str:
        """The URL path (no leading ``/``) of a file in the folder; ValueError when outside or hidden."""
        page = Path(page).resolve()
        try:
            parts = page.relative_to(self.root).parts
        except ValueError:
            raise ValueError(f"app page {page} is not inside the served folder {self.root}") from None
        if is_hidden(parts):
            raise ValueError(f"app page {page} is hidden (a dot-name in its path) and would not be served")
        return "/".join(parts)


class AppServer(FileServer):
    """Serves folders under secret mount prefixes: ``http://127.0.0.1:PORT/<mount>/<file>``.

    For test pages that load modules from several folders of one origin (the light harness);
    hosted apps get a :class:`FolderServer` each.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._mounts: dict[str, Path] = {}
        super().__init__(host, port)

    def mount(self, folder: Path) -> str:
        """Serve ``folder``; returns its base URL (ending in ``/``). The same folder gets the same URL."""
        folder = Path(folder).resolve()
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} is not a folder")
        with self._lock:
            for key, mounted in self._mounts.items():
                if mounted == folder:
                    return f"{self.origin}/{key}/"
            key = secrets.token_urlsafe(8)
            self._mounts[key] = folder
        return f"{self.origin}/{key}/"

    def url_for(self, page: Path) -> str:
        """The URL of a local page (its folder gets mounted)."""
        page = Path(page).resolve()
        if not page.is_file():
            raise FileNotFoundError(f"app page {page} does not exist")
        return self.mount(page.parent) + page.name

    def locate(self, segments: list[str]) -> Path | None:
        if not segments:
            return None
        with self._lock:
            folder = self._mounts.get(segments[0])
        if folder is None:
            return None
        found = locate(folder, segments[1:])
        if found is None and len(segments) > 1 and segments[-1] == CLIENT_LIBRARY:
            return locate(STATIC_DIR, [CLIENT_LIBRARY])
        return found


_folders: dict[Path, FolderServer] = {}
_folders_lock = threading.Lock()


def serve_folder(root: Path) -> FolderServer:
    """The process-wide server of ``root`` (one per folder), started on first use.

    Inside a kernel started by a Jupyter server, the server's port is announced to it
    (:mod:`~scapi_widget.proxy_registry`), so the server extension may forward to it.
    """
    root = Path(root).resolve()
    with _folders_lock:
        server = _folders.get(root)
        if server is None:
            server = _folders[root] = FolderServer(root)
            server.announcement = proxy_registry.announce(server.port)
        return server


def demo_app_folder() -> Path:
    """The built-in demo app's folder (it is served as its own origin)."""
    return static_file("demo-app/index.html").parent


def demo_app_url() -> str:
    """URL of the built-in demo app."""
    return serve_folder(demo_app_folder()).origin + "/index.html"


def client_library_url() -> str:
    """URL of our SCAPI client library, for ``<script src=...>`` in your own pages."""
    client_library_path()
    return serve_folder(STATIC_DIR).origin + "/" + CLIENT_LIBRARY
