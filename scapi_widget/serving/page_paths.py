"""The root-absolute paths a hosted app's page asks for (``<script src="/static/js/main.js">``).

An app built for the root of its origin (create-react-app's default, Vite's ``base: "/"``) names its
assets from the root. Served through the Jupyter server, under ``{base_url}scapi-widget/app/...``, they
miss: they reach the Jupyter server's own routes. The desktop names them, with the fix, before the
page stays white (:mod:`~scapi_widget.serving.hosting`). Read with the standard library's HTML parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

READ_LIMIT = 1 << 20  # characters of a page read at most
ASSET_ATTRIBUTES = frozenset({"src", "href"})
"""Attributes whose URL the browser fetches as the page loads (``<a href>`` is a link, not fetched: left out)."""
LINKS = frozenset({"a", "area", "base"})


class _RootPaths(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paths: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LINKS:
            return
        for name, value in attrs:
            url = (value or "").strip()
            if name in ASSET_ATTRIBUTES and url.startswith("/") and not url.startswith("//") and url not in self.paths:
                self.paths.append(url)


def root_absolute_paths(page: Path) -> list[str]:
    """The root-absolute URLs ``page`` (an HTML file) loads, in order, each once; [] when it cannot be read."""
    try:
        with page.open(encoding="utf-8", errors="replace") as file:
            text = file.read(READ_LIMIT)
    except OSError:
        return []
    parser = _RootPaths()
    parser.feed(text)
    parser.close()
    return parser.paths
