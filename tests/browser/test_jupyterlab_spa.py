"""A single-page app built for the root of its origin (tests/apps/spa: root-absolute assets, a history-API
route, then a relative image), hosted by a notebook in real JupyterLab.

* With the browser on the kernel's machine, the view finds the kernel's loopback app server and Python
  hosts the app there, at the root of an origin of its own: everything loads, as in Agent Desktop.
* With a browser that reaches only the Jupyter server, the app goes through the server extension,
  under a path prefix: its root-absolute assets miss, and the desktop names them and the fix.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from playwright.sync_api import FrameLocator, Page, expect

from scapi_widget.testing.jupyterlab import JupyterLabServer

from .remote_routing import only_the_server
from .test_remote_browser import start_lab

pytestmark = [pytest.mark.browser, pytest.mark.jupyterlab]

SPA = Path(__file__).parents[1] / "apps" / "spa"
NOTEBOOK = "spa.ipynb"
SOURCE = """from pathlib import Path
from scapi_widget import App, Desktop
desk = Desktop(app=App(Path("spa/index.html"), label="SPA"), height="420px")
desk"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    server = start_lab(tmp_path_factory)
    shutil.copytree(SPA, server.root / "spa")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SOURCE)]
    nbformat.write(nb, server.root / NOTEBOOK)
    yield server
    server.stop()


def open_spa(lab: JupyterLabServer, page: Page) -> FrameLocator:
    page.set_default_timeout(60_000)
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page)
    assert lab.cell_errors(page) == []
    app = page.frame_locator("iframe[data-testid=app-frame-1]").first
    expect(app.get_by_test_id("agent")).to_have_text("Alex Rivera")  # /scapi-client.js, SCAPI through Python
    expect(app.get_by_test_id("route")).to_have_text("/statistics (wwe-api loaded)")  # /static/js/main.js, /wwe-api.js
    expect(app.locator("body")).to_have_css("font-family", "sans-serif")  # /static/css/main.css
    return app


def logo_width(app: FrameLocator) -> int:
    logo = app.get_by_test_id("logo")
    expect(logo).to_have_js_property("complete", True)
    width: int = logo.evaluate("img => img.naturalWidth")
    return width


def test_on_the_kernels_machine_a_root_built_spa_sits_at_the_root_of_its_own_origin(
    lab: JupyterLabServer, page: Page, artifacts: Path
) -> None:
    app = open_spa(lab, page)
    frame = page.locator("iframe[data-testid=app-frame-1]").first
    src = frame.get_attribute("src") or ""
    assert src.startswith("http://127.0.0.1:") and urlsplit(src).port != lab.port, src
    assert urlsplit(src).path == "/index.html"
    assert "allow-same-origin" in (frame.get_attribute("sandbox") or "")  # an origin of its own, not the notebook's
    assert logo_width(app) == 8  # the relative image after the client-side route: /logo.png
    expect(page.get_by_test_id("desk-notices").first).to_be_hidden()
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "jupyterlab-spa-local.png"))


def test_a_browser_that_reaches_only_the_jupyter_server_is_told_which_paths_miss_and_the_fix(
    lab: JupyterLabServer, page: Page, artifacts: Path
) -> None:
    refused = only_the_server(page, lab.url, error="connectionrefused")
    page.set_default_timeout(60_000)
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page)
    assert lab.cell_errors(page) == []
    frame = page.locator("iframe[data-testid=app-frame-1]").first
    src = frame.get_attribute("src") or ""
    assert src.startswith(f"{lab.url}/scapi-widget/app/"), src
    assert "allow-same-origin" not in (frame.get_attribute("sandbox") or "allow-same-origin")
    # The view asked the kernel's loopback once, and nothing answered: that is how it knew.
    assert [urlsplit(url).path for url in refused] == ["/.scapi-widget/reach"], refused
    # Its root-absolute assets reach the Jupyter server's own routes: the page stays white, and the
    # desktop names them and the fix.
    notices = page.get_by_test_id("desk-notices").first
    expect(notices).to_contain_text(
        "SPA asks for root-absolute paths (/static/css/main.css, /wwe-api.js, /scapi-client.js, /static/js/main.js), "
        "which miss here: this browser does not reach the kernel's 127.0.0.1, so it is served through the Jupyter "
        "server under a path prefix."
    )
    expect(notices).to_contain_text('create-react-app: "homepage": "."')
    expect(notices).to_contain_text("Desktop(public_url=...) an origin of its own per port")
    expect(page.frame_locator("iframe[data-testid=app-frame-1]").first.get_by_test_id("agent")).to_have_text("?")
    page.get_by_test_id("scapi-desktop").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "jupyterlab-spa-remote.png"))


ATTACK = """async (server) => {
  // Cookies ignore ports: the app (another port of the notebook's host) sees the server's non-HttpOnly ones.
  const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]+)/) || [])[1] || "";
  const tries = {};
  const attempt = async (name, url, init) => {
    try { tries[name] = (await fetch(url, { credentials: "include", ...init })).status; }
    catch (e) { tries[name] = "refused"; }
  };
  const json = { "Content-Type": "application/json", "X-XSRFToken": decodeURIComponent(xsrf) };
  const form = new URLSearchParams({ _xsrf: decodeURIComponent(xsrf), type: "file" });
  await attempt("put file", `${server}/api/contents/pwned.txt`, { method: "PUT", headers: json,
    body: JSON.stringify({ type: "file", format: "text", content: "pwned" }) });
  await attempt("form post", `${server}/api/contents`, { method: "POST", mode: "no-cors", body: form });
  await attempt("start kernel", `${server}/api/kernels`, { method: "POST", mode: "no-cors", body: form });
  await attempt("read contents", `${server}/api/contents`, {});
  return { sawXsrf: xsrf !== "", tries };
}"""


def test_an_app_at_the_kernels_loopback_shares_cookies_but_cannot_use_the_jupyter_server(
    lab: JupyterLabServer, page: Page
) -> None:
    app = open_spa(lab, page)
    kernels_before = len(json.loads(urllib.request.urlopen(f"{lab.url}/api/kernels?token={lab.token}").read()))
    frame = page.locator("iframe[data-testid=app-frame-1]").first.element_handle()
    assert frame is not None and frame.content_frame() is not None
    result = frame.content_frame().evaluate(ATTACK, lab.url)  # type: ignore[union-attr]
    assert result["sawXsrf"], result  # cookies ignore ports: it reads the server's _xsrf (not its HttpOnly login)
    assert result["tries"]["read contents"] == "refused", result  # another origin: nothing to read
    assert result["tries"]["put file"] == "refused", result  # no CORS preflight passes
    assert not (lab.root / "pwned.txt").exists()
    assert not list(lab.root.glob("untitled*")) and not list(lab.root.glob("Untitled*"))  # form posts refused
    kernels_after = len(json.loads(urllib.request.urlopen(f"{lab.url}/api/kernels?token={lab.token}").read()))
    assert kernels_after == kernels_before, result
    expect(app.get_by_test_id("agent")).to_have_text("Alex Rivera")


def test_without_the_server_extension_a_remote_browser_is_told_to_enable_it(
    tmp_path_factory: pytest.TempPathFactory, page: Page
) -> None:
    root, work = tmp_path_factory.mktemp("lab-root"), tmp_path_factory.mktemp("lab-work")
    config = work / "jupyter_config_dir"  # JupyterLabServer points JUPYTER_CONFIG_DIR here
    config.mkdir()
    off = {"ServerApp": {"jpserver_extensions": {"scapi_widget.serving.jupyter_server_extension": False}}}
    (config / "jupyter_server_config.json").write_text(json.dumps(off))
    shutil.copytree(SPA, root / "spa")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SOURCE)]
    nbformat.write(nb, root / NOTEBOOK)
    lab = JupyterLabServer(root, work)
    try:
        allowed = urlsplit(lab.url).netloc
        page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == allowed
                   or not route.request.url.startswith("http") else route.abort("connectionrefused"))  # fmt: skip
        page.set_default_timeout(60_000)
        lab.open_notebook(page, NOTEBOOK)
        lab.run_all_cells(page)
        src = page.locator("iframe[data-testid=app-frame-1]").first.get_attribute("src") or ""
        assert src.startswith("http://127.0.0.1:") and urlsplit(src).port != lab.port, src
        notices = page.get_by_test_id("desk-notices").first
        expect(notices).to_contain_text(f"SPA could not be loaded from {src}: this browser cannot reach it.")
        expect(notices).to_contain_text(
            "This Jupyter server does not run scapi-widget's server extension, which would serve it to any browser: "
            "`jupyter server extension enable scapi_widget.serving.jupyter_server_extension`"
        )
    finally:
        lab.stop()
