"""Only hosted frames from accepted origins are heard; everything else gets no answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.notebook.widget_config import AppsCutOffWarning
from scapi_widget.testing import LightHarness

PAGES = Path(__file__).parent / "pages"

Make = Callable[..., LightHarness]
RAW_REQUEST = """() => new Promise((resolve) => {
  const answers = [];
  window.addEventListener('message', (e) => answers.push(e.data));
  const win = window === window.top ? window : window.parent;
  win.postMessage({request: 'voice.dial', parameters: ['5001', null], referenceId: 'x1',
                   userAgent: 'WWE Client', protocolVersion: 2}, '*');
  setTimeout(() => resolve(answers.filter((a) => a && a.referenceId === 'x1' && a.userAgent === 'WWE Server')), 500);
})"""


def loaded(h: LightHarness) -> None:
    """The app's page shows it loaded, and the desktop has heard of that load."""
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    h.wait_frame_loaded()


def test_a_page_that_is_not_a_hosted_frame_gets_no_answer(harness: Make) -> None:
    h = harness(Desktop(app=PAGES / "raw-app.html"))
    loaded(h)
    before = h.desk.desktop.snapshot()
    # The harness page itself (not a hosted frame) posts SCAPI traffic to its own window,
    # where the desktop's bridge listens.
    answers = h.page.evaluate(RAW_REQUEST)
    assert answers == []
    assert h.desk.desktop.snapshot() == before
    assert h.desk.interactions == {}


def test_hosted_frame_from_a_non_accepted_origin_gets_no_answer(harness: Make) -> None:
    with pytest.warns(AppsCutOffWarning, match="raw-app.html"):
        desk = Desktop(app=PAGES / "raw-app.html", accepted_origins="https://only-this.example")
    h = harness(desk)
    loaded(h)
    before = h.desk.desktop.snapshot()
    answers = h.app().locator("body").evaluate(RAW_REQUEST)
    assert answers == []
    h.flush()  # the request reached Python before this round trip did
    assert h.desk.desktop.snapshot() == before
    assert h.desk.interactions == {}


def test_hosted_frame_from_an_accepted_origin_is_answered(harness: Make) -> None:
    h = harness(Desktop(app=PAGES / "raw-app.html"))
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    answers = h.app().locator("body").evaluate(RAW_REQUEST)
    assert answers == [{"referenceId": "x1", "userAgent": "WWE Server", "protocolVersion": 2}]
    assert h.desk.interactions["1"]["state"] == "DIALING"


def test_app_on_the_notebook_servers_origin_is_sandboxed_without_same_origin(harness: Make, page_server) -> None:
    # The page server is the "notebook server" here: an app served from it shares the page's origin.
    url = page_server.mount(PAGES) + "raw-app.html"
    h = harness(Desktop(app=url))
    iframe = h.page.locator("iframe[data-testid=app-frame-1]")
    expect(iframe).to_have_attribute("sandbox", "allow-scripts allow-forms allow-popups allow-modals allow-downloads")
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    # Its origin is opaque: it cannot reach the page that hosts it...
    assert (
        h.app()
        .locator("body")
        .evaluate("() => { try { return window.parent.document.title } catch (e) { return 'blocked' } }")
        == "blocked"
    )
    # ...and it is still answered, as the app the desktop loaded.
    answers = h.app().locator("body").evaluate(RAW_REQUEST)
    assert answers and answers[0]["referenceId"] == "x1" and "errorMessage" not in answers[0]
