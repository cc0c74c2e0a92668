"""A small static file server for hosted apps: the built-in demo app and local pages.

Local pages are served from their folder over HTTP on 127.0.0.1 (a port of their own, so a
different origin from the notebook server), which keeps relative ``<script src>`` tags working.
A page that asks for ``scapi-client.js`` and has none beside it gets ours.
"""

from __future__ import annotations

import mimetypes
import posixpath
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

STATIC_DIR = Path(__file__).parent / "static"
CLIENT_LIBRARY = "scapi-client.js"


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


class AppServer:
    """Serves folders under secret mount prefixes: ``http://127.0.0.1:PORT/<mount>/<file>``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._mounts: dict[str, Path] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._serve(self, head=False)

            def do_HEAD(self) -> None:
                server._serve(self, head=True)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="scapi-app-server", daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

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

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _resolve(self, url_path: str) -> Path | None:
        parts = posixpath.normpath(unquote(urlsplit(url_path).path)).lstrip("/").split("/", 1)
        with self._lock:
            folder = self._mounts.get(parts[0])
        if folder is None:
            return None
        rel = parts[1] if len(parts) > 1 else "index.html"
        target = (folder / rel).resolve()
        if folder != target and folder not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() and target.name == CLIENT_LIBRARY:
            fallback = STATIC_DIR / CLIENT_LIBRARY
            return fallback if fallback.is_file() else None
        return target if target.is_file() else None

    def _serve(self, handler: BaseHTTPRequestHandler, *, head: bool) -> None:
        target = self._resolve(handler.path)
        if target is None:
            handler.send_error(HTTPStatus.NOT_FOUND)
            return
        body = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind == "application/javascript":
            kind += "; charset=utf-8"
        handler.send_response(HTTPStatus.OK)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()
        if not head:
            handler.wfile.write(body)


_shared: AppServer | None = None
_shared_lock = threading.Lock()


def shared_app_server() -> AppServer:
    """The process-wide app server, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = AppServer()
        return _shared


def demo_app_url() -> str:
    """URL of the built-in demo app."""
    static_file("demo-app/index.html")
    return shared_app_server().mount(STATIC_DIR / "demo-app") + "index.html"


def client_library_url() -> str:
    """URL of our SCAPI client library, for ``<script src=...>`` in your own pages."""
    client_library_path()
    return shared_app_server().mount(STATIC_DIR) + CLIENT_LIBRARY
