"""Apps the kernel serves: the URL each view loads them from, and 404s shown in the desktop.

The kernel serves each local app folder (and the demo app) on ``127.0.0.1``. Which URL a view
uses depends on where that view runs — Python picks it from what the view reports:

1. a public base URL the user gave (``Desktop(public_url=...)`` or ``$SCAPI_WIDGET_PUBLIC_URL``),
   a template with ``{port}``, e.g. ``https://hub.example/user/me/proxy/{port}/``;
2. else, when the view's browser reaches the kernel's loopback (browser and kernel on one machine, the
   common case): ``http://127.0.0.1:<port>/<path>``, the app at the root of an origin of its own, as
   Agent Desktop hosts it. The view learns it from its browser, not by guessing: it fetches
   :attr:`KernelServedApps.loopback_probe` (a server's :data:`~scapi_widget.serving.app_server.REACH_PATH`;
   only from a page on a loopback host) and reports what answered (``loopbackReach``), which must be that
   server's reach id;
3. else, under a Jupyter server with scapi-widget's server extension (the view found
   ``#jupyter-config-data`` and ``{base_url}scapi-widget/status`` answered): through that server,
   ``{page origin}{base_url}scapi-widget/app/<port>/<key>/<path>`` — reachable wherever the notebook
   is, opened by a key only the kernel, the server and the (authenticated) notebook page know
   (see :mod:`~scapi_widget.serving.proxy_registry`), but from the notebook's own origin (so the frame
   is sandboxed opaque); this needs a kernel the Jupyter server started;
4. else (marimo, VS Code, a plain page): ``http://127.0.0.1:<port>/<path>``, an origin of its own.

What the desktop says about these apps (a path not found, root-absolute paths under a prefix, a frame
the view could not load) is in :mod:`~scapi_widget.serving.app_notices`.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..desktop.model import AgentDesktop
from ..desktop.security import normalize_origin, origin_of
from ..json_types import JsonValue
from . import app_notices
from .app_notices import AppNotices
from .app_server import LOCAL_HOSTS, REACH_HEADER, REACH_PATH, FolderServer, url_segments
from .apps import App
from .page_paths import root_absolute_paths
from .proxy_registry import APP_PATH, STATUS_HEADER, STATUS_PATH

PUBLIC_URL_ENV = "SCAPI_WIDGET_PUBLIC_URL"
UNASKED_PATHS = frozenset({"/favicon.ico"})  # browsers ask for these on their own: a miss is no notice
PLACES_KEPT = 32  # views remembered
SERVER_EXTENSION_PROBE: dict[str, JsonValue] = {"path": STATUS_PATH, "header": STATUS_HEADER}
"""What a view on a Jupyter server's page asks it (``HEAD {base_url}path``) to learn whether scapi-widget's server
extension answers there (the response carries ``header``); it says so in its ``view-ready``."""


def check_public_url(url: str) -> str:
    """A public base URL template: absolute http(s), with ``{port}`` once. Raises ValueError otherwise."""
    if not isinstance(url, str):
        raise TypeError(f"public_url must be a string, got {type(url).__name__}")
    example = "e.g. 'https://hub.example/user/me/proxy/{port}/'"
    if url.count("{port}") != 1 or url.replace("{port}", "").count("{") or url.replace("{port}", "").count("}"):
        raise ValueError(f"public_url must contain '{{port}}' once (the kernel's app server port), {example}")
    parts = urlsplit(url.replace("{port}", "1"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"public_url must be an absolute http(s) URL, {example}; got {url!r}")
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class ViewPlace:
    """Where a view runs: its page's origin, and the Jupyter server's base URL when scapi-widget's
    server extension answered there (else None)."""

    page_origin: str
    jupyter_base_url: str | None = None
    loopback_reach: str | None = None  # what the kernel's loopback app server answered this view's browser
    extension_missing: bool = False  # a Jupyter server's page, where scapi-widget's server extension did not answer

    @classmethod
    def from_message(cls, content: Mapping[str, Any]) -> ViewPlace:
        """From a ``view-ready`` message: ``pageOrigin``, ``jupyterBaseUrl``, ``scapiServerExtension``,
        ``loopbackReach``."""
        try:  # a page that is not http(s) (a file, an editor's webview) shares no origin with an app
            origin = normalize_origin(str(content.get("pageOrigin", "")))
        except ValueError:
            return cls("")
        base = content.get("jupyterBaseUrl")
        usable = (
            content.get("scapiServerExtension") is True
            and isinstance(base, str)
            and base.startswith("/")
            and base.endswith("/")
            and "//" not in base
            and all(c.isprintable() and c not in "?#\\" for c in base)
        )
        reach = content.get("loopbackReach")
        missing = isinstance(base, str) and content.get("scapiServerExtension") is False
        return cls(origin, base if usable else None, reach if isinstance(reach, str) and reach else None, missing)


class KernelServedApps:
    """The frames whose app the kernel serves: their URL per view, and their servers' 404s as notices."""

    def __init__(
        self,
        desktop: AgentDesktop,
        apps: Sequence[tuple[int, App]],
        *,
        public_url: str | None,
        extend_policy: bool,
        publish_notices: Callable[[list[dict[str, Any]]], None],
    ) -> None:
        self.desktop = desktop
        self.public_url = check_public_url(public_url) if public_url else None
        self._extend_policy = extend_policy
        self._notices = AppNotices(publish_notices)
        self._frames: dict[int, tuple[FolderServer, str, str]] = {}  # frame id -> server, path, label
        self._places: OrderedDict[str, ViewPlace] = OrderedDict()
        self._host_place: ViewPlace | None = None  # where the view that runs the apps is
        self._lock = threading.Lock()
        self._watches: list[_MissWatch] = []
        for frame_id, app in apps:
            served = app.served()
            frame = desktop.frames.get(frame_id)
            if served is not None and frame is not None:
                self._frames[frame_id] = (served[0], served[1], frame.label)
        for server in {s for s, _, _ in self._frames.values()}:
            watch = _MissWatch(self, server)
            server.add_miss_listener(watch.missed)
            self._watches.append(watch)
            if self.public_url:
                public = urlsplit(self.public_url.replace("{port}", str(server.port)))
                server.allow_host(public.netloc)

    def remember(self, view: str, content: Mapping[str, Any]) -> None:
        """A view reported where it runs."""
        with self._lock:
            self._places.pop(view, None)
            self._places[view] = ViewPlace.from_message(content)
            while len(self._places) > PLACES_KEPT:
                self._places.popitem(last=False)

    @property
    def loopback_probe(self) -> dict[str, Any]:
        """What a view asks (``HEAD url``; the answer is in the response ``header``) to learn whether its browser
        reaches the kernel's loopback app servers, and from which pages (``pageHosts``: a page on another host
        would make its browser ask the user's leave to reach the local machine, and a browser there is not the
        kernel's). {} for nothing to learn: no app the kernel serves, or a public_url given."""
        probed = self._probed_server()
        if probed is None or self.public_url:
            return {}
        return {"url": probed.origin + REACH_PATH, "header": REACH_HEADER, "pageHosts": list(LOCAL_HOSTS)}

    def _probed_server(self) -> FolderServer | None:
        """The app server a view asks (all listen on the kernel's loopback: one answers for all)."""
        return min((s for s, _, _ in self._frames.values()), key=lambda s: s.port, default=None)

    def _reaches_loopback(self, place: ViewPlace | None) -> bool:
        """Whether the view at ``place`` got the answer only the probed app server gives."""
        probed = self._probed_server()
        return place is not None and probed is not None and place.loopback_reach == probed.reach_id

    def base_url(self, server: FolderServer, place: ViewPlace | None) -> str:
        """Where ``server``'s folder is reached from a view at ``place`` (ends in ``/``)."""
        if self.public_url:
            return self.public_url.replace("{port}", str(server.port))
        if self._reaches_loopback(place):
            return server.origin + "/"
        through_jupyter = place is not None and place.page_origin and place.jupyter_base_url is not None
        if through_jupyter and place is not None and server.announcement is not None:  # announced: a Jupyter kernel
            key = server.announcement.key
            return f"{place.page_origin}{place.jupyter_base_url}{APP_PATH}/{server.port}/{key}/"
        return server.origin + "/"

    def point_frames(self, view: str) -> None:
        """Set the URL (and origin) of each kernel-served frame for the view that will host the apps."""
        with self._lock:
            place = self._places.get(view)
            self._host_place = place
        with self.desktop.transaction():
            origins = []
            for frame_id, (server, path, label) in self._frames.items():
                frame = self.desktop.frames.get(frame_id)
                if frame is None:
                    continue
                base = self.base_url(server, place)
                frame.url = base + path
                frame.origin = origin_of(frame.url)
                origins.append(frame.origin)
                self._say_root_paths(frame_id, server, path, label, prefix=urlsplit(base).path)
            if self._extend_policy and origins:
                self.desktop.set_accepted_origins(self.desktop.policy.with_origins(origins))
            self.desktop.touch("frames")

    def _say_root_paths(self, frame_id: int, server: FolderServer, path: str, label: str, *, prefix: str) -> None:
        """A page served under a path ``prefix`` ("/": none) that asks for root-absolute paths: a notice names
        them and the fix (said for the view that hosts the apps now: an earlier view's goes)."""
        self._notices.drop("root-paths", frame_id)
        page = server.locate(url_segments("/" + path)) if prefix != "/" else None
        paths = root_absolute_paths(page) if page is not None else []
        if paths:
            where = (
                f"it is served under public_url's path prefix {prefix}"
                if self.public_url
                else "this browser does not reach the kernel's 127.0.0.1, so it is served through the Jupyter "
                "server under a path prefix"
            )
            self._notices.add(app_notices.root_paths(frame_id, label, paths, where))

    def _missed(self, server: FolderServer, path: str) -> None:
        if path in UNASKED_PATHS:
            return
        labels = [label for s, _, label in self._frames.values() if s is server]
        with self.desktop.lock:
            self._notices.add(app_notices.not_found(labels, path))

    def frame_failed(self, frame_id: int, url: str, reason: str) -> None:
        """The view that runs the apps could not load frame ``frame_id`` from ``url`` (``reason``: a key of
        :data:`~scapi_widget.serving.app_notices.FRAME_FAILURES`): a notice says why and the fix. Ignored
        when the frame has moved on."""
        with self.desktop.lock:
            frame = self.desktop.frames.get(frame_id)
            if reason not in app_notices.FRAME_FAILURES or frame is None or frame.url != url or frame.connected:
                return
            label = frame.label or f"App {frame_id}"
            self._notices.add(app_notices.frame_failed(frame_id, label, url, reason, self._fix(frame_id, url)))

    def _fix(self, frame_id: int, url: str) -> str:
        """What to do about a frame that could not be loaded from ``url``."""
        served = self._frames.get(frame_id)
        if served is None:
            return app_notices.ELSEWHERE_FIX
        server = served[0]
        if self.public_url:
            return app_notices.public_url_fix(self.public_url, server.port)
        if url.startswith(server.origin + "/"):
            with self._lock:
                place = self._host_place
            if place is not None and place.extension_missing:
                return app_notices.enable_extension_fix(server.port)
            return app_notices.kernel_loopback_fix(server.origin, server.port)
        return app_notices.through_jupyter_fix(server.port)

    def forget_failures(self, frame_id: int) -> None:
        """Frame ``frame_id`` connected: notices that it could not be loaded are stale."""
        with self.desktop.lock:
            self._notices.drop("frame-failed", frame_id)

    def failures(self) -> dict[int, str]:
        """frameId -> why its frame could not be loaded, for frames that could not."""
        return self._notices.failures()

    @property
    def notices(self) -> list[dict[str, Any]]:
        return self._notices.shown


class _MissWatch:
    """Carries one server's misses to its owner; the server holds this method weakly, the owner holds this."""

    def __init__(self, owner: KernelServedApps, server: FolderServer) -> None:
        self._owner = owner
        self._server = server

    def missed(self, path: str) -> None:
        self._owner._missed(self._server, path)


def public_url_from_env() -> str | None:
    return os.environ.get(PUBLIC_URL_ENV) or None
