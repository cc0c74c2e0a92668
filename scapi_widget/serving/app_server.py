"""Small static file servers for hosted apps: the built-in demo app and local pages.

Each served folder gets a server of its own on ``127.0.0.1`` (:func:`serve_folder`), so an app
sits at the root of an origin of its own, as in Agent Desktop: root-absolute paths
(``/static/js/main.js``) work, and apps are cross-origin to each other and to the notebook.
A page that asks for ``scapi-client.js`` and has none beside it gets ours.

Every server is hardened for untrusted pages on the same machine (:class:`FileServer`): it is
tornado's HTTP server on an event loop of its own (:mod:`~scapi_widget.serving.http_thread`: header and
body timeouts, bounded waiting connections, no spin when out of descriptors); files are streamed
a chunk at a time, each once the client took the one before (a HEAD reads nothing; a client that
takes nothing for :data:`SEND_TIMEOUT` is closed); dotfiles and dot-folders are never served
(encoded or through a symlink); malformed paths get 400/404; only GET and HEAD are answered; and
only requests naming this server in their ``Host`` header are (no DNS rebinding).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import mimetypes
import os
import re
import secrets
import threading
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, unquote, urlsplit

from tornado import gen, web

from . import proxy_registry
from .http_thread import OUT_OF_DESCRIPTORS, HTTPServerThread

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent.parent / "static"
CLIENT_LIBRARY = "scapi-client.js"

CHUNK_SIZE = 64 * 1024  # bytes read and sent at a time
SEND_TIMEOUT = 60.0  # seconds a client may take to take one chunk before its connection is closed
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")

REACH_PATH = "/.scapi-widget/reach"
"""Where a server says which it is (its :attr:`FileServer.reach_id`), to any page: a view learns so whether its
browser reaches the kernel's loopback. A dot-path: never an app's file."""
REACH_HEADER = "Scapi-Widget-Server"
"""The response header carrying that id, to ``HEAD`` (and ``GET``) of :data:`REACH_PATH`: a view reads it as the
response's head arrives, without waiting for a body (on a busy page, another main-thread task later)."""

MissListener = Callable[[str], None]


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


class _FileHandler(web.RequestHandler):
    """One request to a :class:`FileServer`: every outcome is a clean response, files go out in chunks."""

    SUPPORTED_METHODS = ("GET", "HEAD")  # anything else: 405

    def initialize(self, server: FileServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.clear_header("Server")

    def compute_etag(self) -> None:  # files are streamed, never held: no hash of the body
        return None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self._refuse(status_code, self._reason)

    def _refuse(self, status: int, why: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status} {why}\n")

    async def get(self) -> None:
        await self._serve(head=False)

    async def head(self) -> None:
        await self._serve(head=True)

    async def _serve(self, *, head: bool) -> None:
        if not self.server.names_this_server(self.request.headers.get("Host", "")):
            self._refuse(HTTPStatus.BAD_REQUEST, "unexpected Host header")
            return
        try:
            segments = url_segments(self.request.uri or "")
        except BadRequest as exc:
            self._refuse(HTTPStatus.BAD_REQUEST, str(exc))
            return
        target = self.server.locate(segments)
        if target is None:
            if not is_hidden(segments):  # reported before answering: the notice is there first
                await self.server.report_miss("/" + "/".join(segments))
            self._refuse(HTTPStatus.NOT_FOUND, "Not Found")
            return
        folder_without_slash = segments and segments[-1] != "index.html" and target.name == "index.html"
        if folder_without_slash and not self.request.path.endswith("/"):
            # relative URLs in the folder's page need the slash
            self.redirect(quote(segments[-1]) + "/", permanent=True)
            return
        try:
            file = self.server.open_file(target)
        except OSError:
            self._refuse(HTTPStatus.NOT_FOUND, "Not Found")
            return
        with file:
            size = os.fstat(file.fileno()).st_size
            self.set_header("Content-Type", content_type(target))
            self.set_header("Content-Length", str(size))
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")
            if not head:
                await self._stream(file, size)

    async def _stream(self, file: BinaryIO, size: int) -> None:
        """Send ``size`` bytes of ``file``, a chunk at a time, each once the client took the one before."""
        left = size
        try:
            while left > 0 and (chunk := file.read(min(CHUNK_SIZE, left))):
                left -= len(chunk)
                self.write(chunk)
                await gen.with_timeout(timedelta(seconds=SEND_TIMEOUT), self.flush())
        except OSError:  # the file became unreadable, the client went away or stopped reading (a timeout)
            complete = False
        else:
            complete = left == 0  # else the file shrank
        if not complete:  # the body falls short of its Content-Length: end the connection, the client sees it
            self.request.connection.close()  # type: ignore[union-attr]


class _ReachHandler(web.RequestHandler):
    """``HEAD /.scapi-widget/reach``: the reach id in :data:`REACH_HEADER`; ``GET`` also as ``{"server": <reach id>}``.
    Readable by any page (CORS ``*``, the header exposed); nothing else."""

    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, server: FileServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.clear_header("Server")

    def head(self) -> None:
        if self._answered():
            self.finish()

    def get(self) -> None:
        if self._answered():
            self.finish({"server": self.server.reach_id})

    def _answered(self) -> bool:
        """Sets the answer's headers; False (the request refused, a 400 sent) when it does not name this server."""
        if not self.server.names_this_server(self.request.headers.get("Host", "")):
            self.set_status(HTTPStatus.BAD_REQUEST)
            self.finish("400 unexpected Host header\n")
            return False
        self.set_header("Access-Control-Allow-Origin", "*")
        self.set_header("Access-Control-Expose-Headers", REACH_HEADER)
        self.set_header(REACH_HEADER, self.server.reach_id)
        self.set_header("Cache-Control", "no-store")
        return True


class FileServer:
    """Files over HTTP on ``127.0.0.1``; subclasses say which file a path names (:meth:`locate`).

    One thread runs an event loop (:class:`~scapi_widget.serving.http_thread.HTTPServerThread`) for all
    connections; another tells miss listeners of 404s.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, extra_hosts: Iterable[str] = ()) -> None:
        if not mimetypes.inited:
            mimetypes.init()  # reads the system's type lists now, not while descriptors may run out
        self._lock = threading.Lock()
        self._allowed_hosts: set[str] = set()  # until the port is known, no request is answered
        self._miss_listeners: list[weakref.ref[Any] | Callable[[], MissListener | None]] = []
        self._notifier = ThreadPoolExecutor(1, thread_name_prefix="scapi-app-server-misses")
        self.reach_id = secrets.token_urlsafe(12)
        """What :data:`REACH_PATH` answers: tells this server from anything else on its port (no secret)."""
        routes = [(re.escape(REACH_PATH), _ReachHandler, {"server": self}), (r".*", _FileHandler, {"server": self})]
        application = web.Application(routes, log_function=_no_access_log)
        self.http_server = HTTPServerThread(application, host, port, name="scapi-app-server")
        """The HTTP server under it (its counters say how often it ran out of descriptors)."""
        self.host, self.port = self.http_server.host, self.http_server.port
        with self._lock:
            self._allowed_hosts |= {f"{name}:{self.port}" for name in LOCAL_HOSTS} | {h.lower() for h in extra_hosts}

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def allow_host(self, host: str) -> None:
        """Also answer requests whose ``Host`` header is ``host`` (``name:port``), e.g. behind a proxy."""
        with self._lock:
            self._allowed_hosts.add(host.lower())

    def names_this_server(self, host: str) -> bool:
        """Whether a request's ``Host`` header names this server (else it is refused: DNS rebinding)."""
        with self._lock:
            return host.strip().lower() in self._allowed_hosts

    def locate(self, segments: list[str]) -> Path | None:
        raise NotImplementedError

    def open_file(self, path: Path) -> BinaryIO:
        """``path`` opened for reading; out of descriptors, an idle connection makes room first."""
        try:
            return open(path, "rb")
        except OSError as exc:
            if exc.errno in OUT_OF_DESCRIPTORS and self.http_server.make_room():
                return open(path, "rb")
            raise

    def connection_nodelay(self) -> list[bool]:
        """TCP_NODELAY as read back from each open connection's socket."""
        return self.http_server.connection_nodelay()

    # ------------------------------------------------------------------ misses

    def add_miss_listener(self, listener: MissListener) -> Callable[[], None]:
        """Call ``listener(path)`` for every path this server answered 404 (on a thread of the server's).

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

    async def report_miss(self, path: str) -> None:
        """Tell the miss listeners, on a thread of their own (a listener may wait for a lock; serving does not)."""
        with contextlib.suppress(RuntimeError):  # closing: no more notices
            await asyncio.get_running_loop().run_in_executor(self._notifier, self._report_miss, path)

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

    def close(self) -> None:
        """Stop serving: close the port and every connection."""
        self.http_server.close()
        self._notifier.shutdown(wait=False, cancel_futures=True)


def _no_access_log(handler: web.RequestHandler) -> None:
    """Requests are not logged: a page (or an attacker) could fill the kernel's log."""


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
    (:mod:`~scapi_widget.serving.proxy_registry`), so the server extension may forward to it.
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
