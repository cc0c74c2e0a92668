"""Hosted apps: what a user passes as ``app=``/``apps=`` and how it becomes a frame."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypedDict
from urllib.parse import quote, urlsplit

from ..desktop.frames import DISPLAY_MODES
from ..desktop.security import origin_of
from .app_server import FolderServer, demo_app_folder, serve_folder


@dataclass(frozen=True)
class App:
    """An app to host: a URL (``https://host/app.html``) or a local page (``Path``).

    ``mode``: ``panel`` (shown in the desktop, the default), ``tab`` (may only dial),
    ``popup``, ``background`` (loaded but not shown) or ``hidden``.

    A local page is served by the kernel with its folder at the root of an origin of its own;
    ``root`` says which folder is served instead (the page must be inside it), e.g.
    ``App(Path("dist/index.html"), root=Path("dist"))``. Everything in that folder except
    dotfiles and dot-folders is readable by anyone who can reach the kernel's loopback port.
    """

    source: str | Path | None = None
    mode: str = "panel"
    label: str = ""
    root: Path | None = None

    def __post_init__(self) -> None:
        if self.mode not in DISPLAY_MODES:
            raise ValueError(f"app mode must be one of {', '.join(DISPLAY_MODES)}, got {self.mode!r}")
        if self.source is not None and not isinstance(self.source, (str, Path)):
            raise TypeError(f"app must be a URL string or a pathlib.Path, got {type(self.source).__name__}")
        if self.root is not None:
            if not isinstance(self.root, Path):
                raise TypeError(f"root must be a pathlib.Path, got {type(self.root).__name__}")
            if not isinstance(self.source, Path):
                raise ValueError("root= applies to a local page: pass source=Path('.../index.html') with it")
            if not self.root.is_dir():
                raise FileNotFoundError(f"app root {self.root} is not a folder")

    def served(self) -> tuple[FolderServer, str] | None:
        """(the server of the app's folder, the page's URL path) when the kernel serves it, else None."""
        if self.source is None:
            return serve_folder(demo_app_folder()), "index.html"
        if isinstance(self.source, Path):
            page = self.source.resolve()
            if not page.is_file():
                raise FileNotFoundError(f"app page {page} does not exist")
            server = serve_folder(self.root if self.root is not None else page.parent)
            return server, quote(server.path_of(page))
        return None

    def resolve(self) -> tuple[str, str, str]:
        """(absolute URL, origin, label) of the page to load."""
        served = self.served()
        if served is not None:
            server, path = served
            url = f"{server.origin}/{path}"
            name = self.source.name if isinstance(self.source, Path) else "Demo app"
            return url, origin_of(url), self.label or name
        assert isinstance(self.source, str)
        scheme = urlsplit(self.source).scheme.lower()
        if scheme in ("http", "https"):
            return self.source, origin_of(self.source), self.label or self.source.rsplit("/", 1)[-1] or self.source
        if not scheme and Path(self.source).is_file():
            return App(Path(self.source), self.mode, self.label, self.root).resolve()
        raise ValueError(
            f"app {self.source!r} is neither an http(s) URL nor an existing file; "
            "pass an absolute URL like 'https://host/app.html' or pathlib.Path('my_app.html')"
        )


APP_FIELDS = tuple(f.name for f in fields(App))


class AppFields(TypedDict, total=False):
    """:class:`App`'s fields as a dict (``Desktop(app={"source": ..., "mode": "tab"})``), as mypy sees
    them; tests/test_desktop_options_type.py fails when they drift from App's."""

    source: str | Path | None
    mode: str
    label: str
    root: Path | None


AppLike = App | str | Path | AppFields | None


def as_app(value: AppLike) -> App:
    """Accept an App, a URL, a Path, None (the demo app) or a dict of App's fields."""
    if isinstance(value, App):
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - set(APP_FIELDS)
        if unknown:
            raise TypeError(f"unknown app field(s) {sorted(unknown)}; use {', '.join(APP_FIELDS)}")
        return App(**value)
    return App(value)
