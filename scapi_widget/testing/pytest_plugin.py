"""pytest plugin (entry point ``pytest11``): test your own SCAPI app in a simulated desktop.

::

    def test_call_button_dials(scapi_desktop):
        s = scapi_desktop(app=Path(__file__).parent / "my_app.html")
        s.app.get_by_role("button", name="Call customer").click()
        call = s.wait_until(lambda: s.desk.interactions.get("1"), what="the call")
        assert call["userData"]["CustomerId"] == "C-9"

``scapi_desktop(app=..., **Desktop kwargs)`` renders a :class:`~scapi_widget.Desktop` hosting your
page in headless Chromium (the light harness: the widget's real front end, no Jupyter), waits
until the app has connected, and returns a :class:`ScapiSession`. Options: ``--scapi-chromium
PATH`` (default ``$SCAPI_CHROMIUM`` or /usr/bin/chromium) and ``--scapi-headed``.

Loading the plugin imports neither Playwright nor the widget, so pytest starts as fast as
before for projects that never use these fixtures; using one without Playwright fails with
what to install.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from .chromium import CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FrameLocator, Page

    from scapi_widget.notebook.widget import Desktop

    from .harness import LightHarness

DEFAULT_CHROMIUM = "/usr/bin/chromium"  # SCAPI_CHROMIUM is read when the fixture runs
CONNECT_TIMEOUT = 15.0


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("scapi-widget", "scapi-widget: test SCAPI apps in a simulated Agent Desktop")
    group.addoption(
        "--scapi-chromium",
        metavar="PATH",
        default=None,
        help=f"Chromium executable for the scapi_desktop fixture (default: $SCAPI_CHROMIUM or {DEFAULT_CHROMIUM})",
    )
    group.addoption(
        "--scapi-headed", action="store_true", default=False, help="show the browser instead of running headless"
    )


@dataclass
class ScapiSession:
    """A desktop hosting your app in a real browser page."""

    harness: LightHarness

    @property
    def desk(self) -> Desktop:
        """The :class:`~scapi_widget.Desktop`: drive it and assert on its state."""
        return self.harness.desk

    @property
    def page(self) -> Page:
        """The page showing the desktop (its cards, toasts, event log)."""
        return self.harness.page

    @property
    def app(self) -> FrameLocator:
        """The first hosted app's document (a Playwright FrameLocator)."""
        return self.harness.app(self.desk.frame_ids[0])

    def frame(self, frame_id: int) -> FrameLocator:
        """Another hosted app's document, by frameId."""
        return self.harness.app(frame_id)

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
        """Let the page run until ``predicate()`` is truthy; returns its value (AssertionError on timeout)."""
        return self.harness.wait_until(predicate, timeout, what)


def _playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright

        return sync_playwright
    except ImportError:
        pass  # failing outside the except block keeps the chained ImportError out of the report
    pytest.fail(
        "the scapi_desktop fixture needs Playwright: pip install 'scapi-widget[test]' (or pip install playwright); "
        "no browser download is needed, it drives the Chromium given by --scapi-chromium",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def scapi_launch_options(pytestconfig: pytest.Config) -> dict[str, Any]:
    """What the plugin passes to Playwright's ``chromium.launch`` (from --scapi-chromium, --scapi-headed)."""
    path = pytestconfig.getoption("scapi_chromium") or os.environ.get("SCAPI_CHROMIUM") or DEFAULT_CHROMIUM
    return {
        "executable_path": path,
        "headless": not pytestconfig.getoption("scapi_headed"),
        "args": list(CHROMIUM_ARGS),
    }


@pytest.fixture(scope="session")
def scapi_browser(scapi_launch_options: dict[str, Any]) -> Iterator[Browser]:
    """One Chromium for the session."""
    sync_playwright = _playwright()
    path = scapi_launch_options["executable_path"]
    if not os.path.exists(path):
        pytest.fail(
            f"Chromium not found at {path}: install it (Debian: apt-get install -y chromium), "
            "or pass --scapi-chromium PATH (or set SCAPI_CHROMIUM)",
            pytrace=False,
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**scapi_launch_options)
        yield browser
        browser.close()


@pytest.fixture
def scapi_desktop(scapi_browser: Browser) -> Iterator[Callable[..., ScapiSession]]:
    """``scapi_desktop(app=Path("my_app.html"))``: a desktop hosting your page, its app connected.

    Takes ``Desktop``'s arguments (``app=``, ``apps=``, ``desktop=``, ...); ``connect=False`` returns
    without waiting for the apps to connect. JavaScript errors on the page fail the test.
    """
    from scapi_widget.notebook.widget import Desktop
    from scapi_widget.serving.app_server import AppServer

    from .harness import LightHarness

    server = AppServer()
    contexts: list[Any] = []
    errors: list[str] = []

    def make(*args: Any, connect: bool = True, **kwargs: Any) -> ScapiSession:
        context = scapi_browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        session = ScapiSession(LightHarness(page, Desktop(*args, **kwargs), server))
        if connect:
            session.wait_until(
                lambda: all(a["connected"] for a in session.desk.apps),
                CONNECT_TIMEOUT,
                "the app to connect (load, then subscribe or make a request); does the page load scapi-client.js?",
            )
        return session

    yield make
    for context in contexts:
        context.close()
    server.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
