"""Which views show the desktop, which one runs the apps, and how its frames are sandboxed.

A notebook may show one desktop in several views (cells, a sidecar). Only one view, the newest,
runs the apps (the host): every frame then starts over with a fresh document there, from a URL
that view can reach (:mod:`scapi_widget.serving.hosting`) and sandboxed for that view's page
(:func:`scapi_widget.desktop.frames.is_opaque`: opaque when the app comes from the page's own
origin). When the host closes, the newest remaining view takes over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..serving.hosting import PLACES_KEPT, KernelServedApps

VIEWS_KEPT = PLACES_KEPT
"""Views remembered at most (the newest); an older one that is still showing counts as gone."""

if TYPE_CHECKING:
    from ..notebook.widget import Desktop


class ViewHosting:
    """The views showing the widget (oldest first) and the choice of the host."""

    def __init__(self, widget: Desktop, kernel_apps: KernelServedApps) -> None:
        self._widget = widget
        self._kernel_apps = kernel_apps
        self._page_origins: dict[str, str] = {}  # view id -> its page's origin, oldest first

    @property
    def any(self) -> bool:
        """Whether any view is showing the desktop."""
        return bool(self._page_origins)

    def showing(self, view: str) -> bool:
        """Whether ``view`` is one of the views showing the desktop."""
        return view in self._page_origins

    def ready(self, view: str, report: Mapping[str, Any]) -> None:
        """A view rendered (``report``: what it found about its page); it becomes the host and gets
        the replica's snapshot (with the event log's backlog)."""
        widget = self._widget
        self._kernel_apps.remember(view, report)
        with widget.desktop.transaction():
            self._page_origins.pop(view, None)
            self._page_origins[view] = str(report.get("pageOrigin") or "")
            while len(self._page_origins) > VIEWS_KEPT:
                del self._page_origins[next(iter(self._page_origins))]  # the oldest; the newest is the host
            self._make_host(view)
            widget.channel.snapshot(view)

    def closed(self, view: str) -> None:
        """A view went away; if it ran the apps, the newest remaining view does."""
        with self._widget.desktop.transaction():
            self._page_origins.pop(view, None)
            if view == self._widget.host_view:
                self._make_host(next(reversed(self._page_origins), ""))

    def _make_host(self, view: str) -> None:
        """The view runs the apps; every frame starts over with a fresh document."""
        widget, desk = self._widget, self._widget.desktop
        self._kernel_apps.point_frames(view)  # kernel-served apps: the URL this view can reach
        # The sandbox rule (frames.is_opaque) needs the page's origin: no frame may be created
        # before it is applied; the replica's apps and host_view change in one item.
        desk.frames.rehost(self._page_origins.get(view, "") if view else "")
        desk.touch("frames")
        widget.set_trait("host_view", view)
        widget.set_trait("ready", bool(view))
        widget.channel.outbox.restart()  # acks come from the host view
        widget.mirror.sync(frozenset({"frames"}))
