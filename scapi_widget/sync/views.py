"""Which views show the desktop, and which one runs the apps (the host).

A notebook may show one desktop in several views (cells, a sidecar). Only one view, the newest,
runs the apps: :class:`~.link.DesktopLink` then starts every frame over there, from a URL that
view can reach (:mod:`scapi_widget.serving.hosting`) and sandboxed for that view's page
(:func:`scapi_widget.desktop.frames.is_opaque`: opaque when the app comes from the page's own
origin). When the host closes, the newest remaining view takes over. This module only keeps the
books: the views, their pages' origins, the host.
"""

from __future__ import annotations

from ..serving.hosting import PLACES_KEPT

VIEWS_KEPT = PLACES_KEPT
"""Views remembered at most (the newest); an older one that is still showing counts as gone."""


class ViewHosting:
    """The views showing the desktop (oldest first), their pages' origins, and the host view."""

    def __init__(self) -> None:
        self._page_origins: dict[str, str] = {}  # view id -> its page's origin, oldest first
        self.host = ""  # the view that runs the apps ("" while none shows the desktop)

    @property
    def any(self) -> bool:
        """Whether any view is showing the desktop."""
        return bool(self._page_origins)

    @property
    def ids(self) -> list[str]:
        """The views showing the desktop, oldest first."""
        return list(self._page_origins)

    @property
    def newest(self) -> str:
        """The newest view showing the desktop ("" when none does): the one to host the apps."""
        return next(reversed(self._page_origins), "")

    def showing(self, view: str) -> bool:
        """Whether ``view`` is one of the views showing the desktop."""
        return view in self._page_origins

    def page_origin(self, view: str) -> str:
        """The origin of the page ``view`` is on ("" for no view, or one that did not say)."""
        return self._page_origins.get(view, "")

    def ready(self, view: str, page_origin: str) -> None:
        """``view`` shows the desktop, on a page of ``page_origin``: it is the newest (the oldest beyond
        :data:`VIEWS_KEPT` are forgotten)."""
        self._page_origins.pop(view, None)
        self._page_origins[view] = page_origin
        while len(self._page_origins) > VIEWS_KEPT:
            del self._page_origins[next(iter(self._page_origins))]

    def closed(self, view: str) -> bool:
        """``view`` went away; True when it was the host (then the newest remaining view should host)."""
        self._page_origins.pop(view, None)
        return view == self.host
