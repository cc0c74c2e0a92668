"""What the desktop shows about the apps the kernel serves (the ``notices`` traitlet), and their words.

Three kinds, each naming the app and what to do:

* ``not-found``: a path the app asked its server for does not exist (404);
* ``root-paths``: the app's page asks for root-absolute paths where it is served under a path prefix;
* ``frame-failed``: the view could not load the app's frame (its browser cannot reach the URL, or no
  load event came in time), with the fix for where it was served; it goes once the app connects.

At most :data:`NOTICE_LIMIT` are kept, newest last, each once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

NOTICE_LIMIT = 20  # notices kept, newest last
FRAME_FAILURES = {
    "unreachable": "this browser cannot reach it",
    "no-load": "it did not finish loading in time",
}
"""Why a view could not load a frame (the ``reason`` of its ``frame-failed`` message) -> what the desktop says."""
PUBLIC_URL_FIX = (
    "forward the kernel's app port {port} through a proxy this browser reaches and pass "
    'Desktop(public_url="https://host/proxy/{{port}}/") (or set $SCAPI_WIDGET_PUBLIC_URL)'
)
ROOT_PATHS_FIX = (
    'Build it with relative paths (create-react-app: "homepage": "."; Vite: base: "./") and hash routing, or give '
    'Desktop(public_url=...) an origin of its own per port (e.g. "https://app-{port}.example/").'
)

Notice = dict[str, Any]


def not_found(labels: Sequence[str], path: str) -> Notice:
    return {
        "kind": "not-found",
        "path": path,
        "apps": list(labels),
        "message": f"{', '.join(labels)}: {path} was not found (404)",
    }


def root_paths(frame_id: int, label: str, paths: Sequence[str], where: str) -> Notice:
    """``label``'s page asks for ``paths``, which miss because of ``where`` it is served."""
    message = f"{label} asks for root-absolute paths ({', '.join(paths)}), which miss here: {where}. {ROOT_PATHS_FIX}"
    return {"kind": "root-paths", "frameId": frame_id, "path": paths[0], "apps": [label], "message": message}


def frame_failed(frame_id: int, label: str, url: str, reason: str, fix: str) -> Notice:
    """``label`` could not be loaded from ``url`` (``reason``: a key of :data:`FRAME_FAILURES`); ``fix``: what to do."""
    message = f"{label} could not be loaded from {url}: {FRAME_FAILURES[reason]}. {fix}"
    return {"kind": "frame-failed", "frameId": frame_id, "path": url, "apps": [label], "message": message}


def kernel_loopback_fix(origin: str, port: int) -> str:
    """For a frame the kernel serves on its own ``origin`` (its 127.0.0.1) that a browser could not load."""
    return (
        f"The kernel serves it on {origin}, which only a browser on the kernel's machine reaches: open the "
        f"notebook on that machine or through a Jupyter server (JupyterLab, Voil\u00e0), or "
        f"{PUBLIC_URL_FIX.format(port=port)}."
    )


def enable_extension_fix(port: int) -> str:
    """For a frame the kernel serves on its 127.0.0.1, in a Jupyter server without scapi-widget's server extension."""
    return (
        "This Jupyter server does not run scapi-widget's server extension, which would serve it to any browser: "
        "`jupyter server extension enable scapi_widget.serving.jupyter_server_extension` and restart the server, "
        f"or {PUBLIC_URL_FIX.format(port=port)}."
    )


def through_jupyter_fix(port: int) -> str:
    """For a frame the Jupyter server forwards from the kernel that a browser could not load."""
    return (
        "The Jupyter server forwards it from the kernel: check that scapi-widget's server extension is enabled "
        f"(jupyter server extension list), or {PUBLIC_URL_FIX.format(port=port)}."
    )


def public_url_fix(public_url: str, port: int) -> str:
    return f"Check that public_url ({public_url}) reaches the kernel's app port {port}."


ELSEWHERE_FIX = 'Host the app at a URL this browser reaches (app="https://...").'


class AppNotices:
    """The notices shown now; ``publish(notices)`` is called on each change (with the desktop's lock held by
    the caller, so the views get it in order)."""

    def __init__(self, publish: Callable[[list[Notice]], None]) -> None:
        self._publish = publish
        self._notices: list[Notice] = []
        self._lock = threading.Lock()

    def add(self, notice: Notice) -> None:
        """Show ``notice`` (once)."""
        with self._lock:
            if notice in self._notices:
                return
            self._notices = [*self._notices, notice][-NOTICE_LIMIT:]
            notices = list(self._notices)
        self._publish(notices)

    def drop(self, kind: str, frame_id: int) -> None:
        """No more notices of ``kind`` about frame ``frame_id``."""
        with self._lock:
            kept = [n for n in self._notices if not (n["kind"] == kind and n.get("frameId") == frame_id)]
            if len(kept) == len(self._notices):
                return
            self._notices = kept
        self._publish(kept)

    def failures(self) -> dict[int, str]:
        """frameId -> why its frame could not be loaded, for frames that could not."""
        with self._lock:
            return {n["frameId"]: n["message"] for n in self._notices if n["kind"] == "frame-failed"}

    @property
    def shown(self) -> list[Notice]:
        with self._lock:
            return list(self._notices)
