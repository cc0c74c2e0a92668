"""One origin has many spellings; a frame at any spelling of the page's origin runs opaque (real Chromium).

The harness page's server plays the notebook server: its origin is the page's. A cross-origin app
opens dialogs at that origin written as browsers also read it (IPv4 number forms, a trailing dot,
percent-encoded and full-width digits, case, a backslash for a slash); each must load sandboxed
without ``allow-same-origin``, so ``window.parent.document`` throws inside it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.notebook.widget_config import AppsCutOffWarning
from scapi_widget.serving.app_server import AppServer

from ..origin_spellings import LOOPBACK_SPELLINGS
from .client_app import CLIENT_APP, PAGES, Make, ask

pytestmark = [pytest.mark.browser]

OPAQUE_SANDBOX = "allow-scripts allow-forms allow-popups allow-modals allow-downloads"
REACH_PARENT = "() => { try { return window.parent.document.title; } catch (e) { return 'blocked'; } }"
HOSTS = {**LOOPBACK_SPELLINGS, "upper-case scheme": "127.0.0.1"}


def spelled(url: str, host: str, *, scheme: str = "http") -> str:
    parts = urlsplit(url)
    return f"{scheme}://{host}:{parts.port}{parts.path}"


@pytest.mark.parametrize("host", list(HOSTS.values()), ids=list(HOSTS))
def test_a_dialog_at_a_spelling_of_the_pages_origin_runs_opaque(
    harness: Make, page_server: AppServer, host: str
) -> None:
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    target = page_server.mount(PAGES) + "raw-app.html"
    url = spelled(target, host, scheme="HTTP" if host == "127.0.0.1" else "http")
    with pytest.warns(AppsCutOffWarning):  # the dialog is of another origin than the app: it cannot talk
        reply = ask(h, 1, "system", "openDialog", url)
    dialog = h.desk.desktop.workspace.dialogs[reply["data"]]
    iframe = h.page.locator(f"iframe[data-testid=app-frame-{dialog.frame_id}]")
    expect(iframe).to_have_attribute("sandbox", OPAQUE_SANDBOX)
    inside = h.app(dialog.frame_id)
    expect(inside.get_by_test_id("loaded")).to_have_text("yes")  # it loaded the page's own server
    assert inside.locator("body").evaluate(REACH_PARENT) == "blocked"
    assert h.app(1).locator("body").evaluate(REACH_PARENT) == "blocked"  # the cross-origin app, as ever


def test_a_relative_dialog_url_with_backslashes_resolves_as_the_browser_does(
    harness: Make, page_server: AppServer
) -> None:
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    target = urlsplit(page_server.mount(PAGES) + "raw-app.html")
    with pytest.warns(AppsCutOffWarning):
        reply = ask(h, 1, "system", "openDialog", f"/\\2130706433:{target.port}{target.path}")
    dialog = h.desk.desktop.workspace.dialogs[reply["data"]]
    expect(h.page.locator(f"iframe[data-testid=app-frame-{dialog.frame_id}]")).to_have_attribute(
        "sandbox", OPAQUE_SANDBOX
    )
    inside = h.app(dialog.frame_id)
    expect(inside.get_by_test_id("loaded")).to_have_text("yes")
    assert inside.locator("body").evaluate(REACH_PARENT) == "blocked"


def test_the_browser_refuses_to_host_unsandboxed_what_it_reads_as_the_pages_origin(
    harness: Make, page_server: AppServer
) -> None:
    """Defence in depth: were Python to misjudge an app's origin, the view's own URL parser still
    never makes a frame with allow-same-origin at the page's origin."""
    h = harness(Desktop(app=CLIENT_APP))
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    model = h.desk.desktop
    with pytest.warns(AppsCutOffWarning, match="elsewhere"), model.transaction():
        wrong = model.frames.add(spelled(page_server.mount(PAGES) + "raw-app.html", "0x7f.1"), "http://elsewhere.test")
        model.touch("frames")
    assert not wrong.opaque  # what a misjudging Python would say
    h.wait_until(
        lambda: h.page.evaluate(
            "(id) => window.__harness.replicaOf(document.querySelector('.scapi-desktop'))"
            ".get('apps').some((a) => a.frameId === id)",
            wrong.frame_id,
        ),
        what="the frame in the view's replica",
    )
    h.flush()
    assert h.page.locator(f"iframe[data-testid=app-frame-{wrong.frame_id}]").count() == 0
    assert h.page.locator("iframe[data-testid=app-frame-1]").count() == 1  # the others are hosted as before
