"""scapi-widget's Jupyter server extension, enabled when the package is installed.

1. Serves hosted apps through the Jupyter server, under its ``base_url``:
   ``{base_url}scapi-widget/app/<port>/<key>/<path>`` forwards GET/HEAD to the kernel's app server
   on ``127.0.0.1:<port>`` — only to a port that a kernel this server runs announced with that
   key from its running process (:mod:`scapi_widget.serving.proxy_registry`), never anywhere else, at the
   pace of the browser that asked (:mod:`scapi_widget.serving.forwarding`). The key, not the login cookie,
   opens it (an opaque-origin frame's requests carry no cookies); only the kernel, the server and
   the authenticated notebook page know it. Answers carry a CSP ``sandbox`` (no
   ``allow-same-origin``): a page served from the notebook's origin never gets that origin.
   ``{base_url}scapi-widget/status`` (authenticated) tells the front end the extension is there.
   Any page of the server loaded as a frame by a navigation that was not same-origin gets the
   same sandbox (:mod:`scapi_widget.serving.framed_pages`).
2. Turns on ``TCP_NODELAY`` for kernel websockets: without it, request/response traffic between
   an app and the kernel waits for delayed ACKs (about 40 ms a round trip). The forwarded app
   files get it too (headers and body are separate writes: the body would wait ~40 ms). Opt out
   with ``c.ScapiWidget.kernel_nodelay = False`` (or ``--ScapiWidget.kernel_nodelay=False``).

Standalone Voilà loads no server extensions; it gets the same routes from
:mod:`scapi_widget.serving.voila_standalone` (:func:`scapi_handlers`).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import weakref
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import ensure_async, url_path_join
from tornado import web
from traitlets import Bool
from traitlets.config import Configurable

from ..desktop.frames import SANDBOX_FLAGS
from ..version import __version__
from . import framed_pages
from .forwarding import forward, live_announcement
from .proxy_registry import APP_PATH, STATUS_HEADER, STATUS_PATH

log = logging.getLogger(__name__)

SANDBOX = f"sandbox {' '.join(SANDBOX_FLAGS)}"
"""What a page served through the Jupyter server may do (its CSP): what every app frame may, never allow-same-origin."""
FORWARDED_HEADERS = ("Content-Type", "Content-Length", "Cache-Control", "Last-Modified", "X-Content-Type-Options")


class ScapiWidget(Configurable):
    """Options of scapi-widget's Jupyter server extension."""

    kernel_nodelay = Bool(
        True,
        config=True,
        help="Set TCP_NODELAY on kernel websockets (a round trip through the kernel then takes a few ms, "
        "not about 40 ms of delayed ACK).",
    )


class _State:
    """What the handlers share: options, where their routes start, the kernel websockets seen."""

    def __init__(self, nodelay: bool, route_base: str) -> None:
        self.nodelay = nodelay
        self.route_base = route_base  # the path the server's routes start with (its base_url)
        self.kernel_sockets: weakref.WeakSet[Any] = weakref.WeakSet()

    def socket_options(self) -> list[bool]:
        """TCP_NODELAY as read back from each open kernel websocket's socket."""
        found = []
        for handler in list(self.kernel_sockets):
            stream = getattr(getattr(handler, "ws_connection", None), "stream", None)
            sock = getattr(stream, "socket", None)
            if sock is not None:
                found.append(bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
        return found


def nodelay_connection_class(base: Any, state: _State) -> type:
    """``base`` (the server's kernel websocket connection class), setting TCP_NODELAY when it connects."""

    def connect(self: Any) -> Any:
        handler = self.websocket_handler
        state.kernel_sockets.add(handler)
        if state.nodelay:
            try:
                handler.set_nodelay(True)
            except Exception:
                log.warning("scapi-widget could not set TCP_NODELAY on a kernel websocket", exc_info=True)
        return base.connect(self)

    return type(f"NoDelay{base.__name__}", (base,), {"connect": connect, "__module__": __name__})


class _PlainErrors(JupyterHandler):
    """Errors as one line of text: no page template needed (standalone Voilà's application has none)."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(f"{status_code} {self._reason}\n")


class _Handler(_PlainErrors):
    """Authenticated (a user) and authorized (may use kernels); anything else gets 403, no login redirect."""

    def initialize(self, state: _State) -> None:
        self.state = state

    async def prepare(self, *, _redirect_to_login: bool = False) -> None:
        await super().prepare(_redirect_to_login=False)
        user = self.current_user
        if user is None or not await ensure_async(self.authorizer.is_authorized(self, user, "execute", "kernels")):
            raise web.HTTPError(403)


class StatusHandler(_Handler):
    """``HEAD {base_url}scapi-widget/status``: the extension is here (:data:`STATUS_HEADER`); ``GET`` also says
    what it set."""

    def head(self) -> None:
        self._answer_headers()
        self.finish()

    def get(self) -> None:
        self._answer_headers()
        self.finish(
            {
                "scapiWidget": True,
                "version": __version__,
                "kernelNodelay": self.state.nodelay,
                "kernelSockets": [{"nodelay": value} for value in self.state.socket_options()],
            }
        )

    def _answer_headers(self) -> None:
        self.set_header(STATUS_HEADER, __version__)
        self.set_header("Cache-Control", "no-store")


class AppProxyHandler(_PlainErrors):
    """``{base_url}scapi-widget/app/<port>/<key>/<path>`` -> ``http://127.0.0.1:<port>/<path>``,
    for a port a live kernel of this server announced with that key (else 404)."""

    def initialize(self, state: _State) -> None:
        self.state = state

    @property
    def content_security_policy(self) -> str:
        return f"{super().content_security_policy}; {SANDBOX}"

    # The key in the path is the credential (see proxy_registry); Jupyter's other checks still apply.
    @allow_unauthenticated
    async def get(self, port: str, key: str, _path: str) -> None:
        await self._forward(port, key, head=False)

    @allow_unauthenticated
    async def head(self, port: str, key: str, _path: str) -> None:
        await self._forward(port, key, head=True)

    async def _forward(self, port_text: str, key: str, *, head: bool) -> None:
        port = int(port_text)
        if not 0 < port < 65536 or await live_announcement(self.kernel_manager, port, key) is None:
            raise web.HTTPError(404, "no app server of a kernel of this server at that address")
        self.set_header("Referrer-Policy", "no-referrer")  # the key stays out of Referer headers
        if self.state.nodelay:  # each chunk is flushed as it comes: do not let it wait for the browser's ACK
            stream = getattr(self.request.connection, "stream", None)  # tornado's HTTP/1 connection
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.set_nodelay(True)
        prefix = url_path_join(self.state.route_base, APP_PATH, port_text, key) + "/"
        raw_path = self.request.path[len(prefix) :] if self.request.path.startswith(prefix) else ""
        target = f"/{raw_path}" + (f"?{self.request.query}" if self.request.query else "")
        await forward(self, port, target, head=head, start=self._start)
        self.finish()

    def _start(self, status: int, headers: list[tuple[str, str]]) -> None:
        self.set_status(status)
        wanted = {name.lower(): name for name in FORWARDED_HEADERS}
        for name, value in headers:
            if name.lower() in wanted:
                self.set_header(wanted[name.lower()], value)
            elif name.lower() == "location" and not value.startswith("/") and "//" not in value and ":" not in value:
                self.set_header("Location", value)  # relative only: a folder's trailing-slash redirect


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


def scapi_handlers(
    config: Any, route_base: str, settings: dict[str, Any], log: Any
) -> list[tuple[str, type, dict[str, Any]]]:
    """The extension's routes under ``route_base``, for a tornado application with ``settings`` (whose kernel
    websocket connection class gets TCP_NODELAY unless ``ScapiWidget.kernel_nodelay`` in ``config`` is off)."""
    state = _State(nodelay=ScapiWidget(config=config).kernel_nodelay, route_base=route_base)
    app_route = url_path_join(route_base, APP_PATH, r"(\d+)", r"([A-Za-z0-9_-]+)", "(.*)")  # port, key, path
    current = settings.get("kernel_websocket_connection_class")
    if isinstance(current, type) and hasattr(current, "connect"):
        settings["kernel_websocket_connection_class"] = nodelay_connection_class(current, state)
    else:
        log.warning("scapi-widget: no kernel websocket connection class to set TCP_NODELAY on")
    log.info(
        "scapi-widget: serving hosted apps under %s; TCP_NODELAY on kernel websockets %s",
        url_path_join(route_base, APP_PATH),
        "on" if state.nodelay else "off (ScapiWidget.kernel_nodelay)",
    )
    return [
        (url_path_join(route_base, STATUS_PATH), StatusHandler, {"state": state}),
        (app_route, AppProxyHandler, {"state": state}),
    ]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    web_app = serverapp.web_app
    framed_pages.install(web_app, SANDBOX)
    web_app.add_handlers(
        ".*$", scapi_handlers(serverapp.config, web_app.settings["base_url"], web_app.settings, serverapp.log)
    )
