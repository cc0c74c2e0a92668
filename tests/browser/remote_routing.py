"""A browser on another machine, as Playwright routing makes one: only the server it was given answers.

Every other http(s) address (the kernel's loopback app servers, public CDNs) is refused, and the
refused URLs are kept so a test can say what the page tried to reach. The views' one question to the
kernel's loopback (``REACH_PATH``: does this browser reach it?) is expected there, unanswered.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, Route

from scapi_widget.serving.app_server import REACH_PATH

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def only_the_server(page: Page, server_url: str, *, error: str = "failed") -> list[str]:
    """Route ``page`` so that only ``server_url``'s host and port answer; returns the refused URLs
    (filled as the page runs). ``error``: how refusals fail (Playwright's abort error codes)."""
    allowed = urlsplit(server_url).netloc
    refused: list[str] = []

    def route(route: Route) -> None:
        if urlsplit(route.request.url).netloc == allowed or not route.request.url.startswith("http"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort(error)

    page.route("**/*", route)
    return refused


def loopback_paths(refused: list[str]) -> list[str]:
    """The paths of the refused requests that went to this machine's loopback."""
    return [urlsplit(url).path for url in refused if urlsplit(url).hostname in LOOPBACK]


def only_the_reach_question(refused: list[str], views: int = 1) -> bool:
    """Whether the only loopback requests refused were the views' question whether they reach it."""
    return loopback_paths(refused) == [REACH_PATH] * views
