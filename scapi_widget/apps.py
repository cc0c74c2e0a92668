"""Hosted apps: what a user passes as ``app=``/``apps=`` and how it becomes a frame."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .app_server import demo_app_url, shared_app_server
from .desktop.frames import DISPLAY_MODES
from .desktop.security import origin_of


@dataclass(frozen=True)
class App:
    """An app to host: a URL (``https://host/app.html``) or a local page (``Path``).

    ``mode``: ``panel`` (shown in the desktop, the default), ``tab`` (may only dial),
    ``popup``, ``background`` (loaded but not shown) or ``hidden``.
    """

    source: str | Path | None = None
    mode: str = "panel"
    label: str = ""

    def __post_init__(self) -> None:
        if self.mode not in DISPLAY_MODES:
            raise ValueError(f"app mode must be one of {', '.join(DISPLAY_MODES)}, got {self.mode!r}")
        if self.source is not None and not isinstance(self.source, (str, Path)):
            raise TypeError(f"app must be a URL string or a pathlib.Path, got {type(self.source).__name__}")

    def resolve(self) -> tuple[str, str, str]:
        """(absolute URL, origin, label) of the page to load."""
        if self.source is None:
            url = demo_app_url()
            return url, origin_of(url), self.label or "Demo app"
        if isinstance(self.source, Path):
            url = shared_app_server().url_for(self.source)
            return url, origin_of(url), self.label or self.source.name
        scheme = urlsplit(self.source).scheme.lower()
        if scheme in ("http", "https"):
            return self.source, origin_of(self.source), self.label or self.source.rsplit("/", 1)[-1] or self.source
        if not scheme and Path(self.source).is_file():
            return App(Path(self.source), self.mode, self.label).resolve()
        raise ValueError(
            f"app {self.source!r} is neither an http(s) URL nor an existing file; "
            "pass an absolute URL like 'https://host/app.html' or pathlib.Path('my_app.html')"
        )


AppLike = App | str | Path | Mapping[str, Any] | None


def as_app(value: AppLike) -> App:
    """Accept an App, a URL, a Path, None (the demo app) or a dict of App's fields."""
    if isinstance(value, App):
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - {"source", "mode", "label"}
        if unknown:
            raise TypeError(f"unknown app field(s) {sorted(unknown)}; use source, mode, label")
        return App(**value)
    return App(value)
