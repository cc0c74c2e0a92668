"""Which URL a view loads a kernel-served app from, picked in Python from what the view reports."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from scapi_widget import Desktop
from scapi_widget.serving import proxy_registry
from scapi_widget.serving.apps import App
from scapi_widget.serving.hosting import PUBLIC_URL_ENV, ViewPlace, check_public_url

from .conftest import subscribe
from .fake_front_end import FrontEnd

HUB = "https://hub.example"
BASE = "/user/alex/"


def view_ready(desk: Desktop, view: str = "v1", **place: Any) -> None:
    FrontEnd(desk).send(kind="view-ready", view=view, pageOrigin=HUB, **place)


def port_of(desk: Desktop) -> int:
    return int(desk.apps[0]["url"].split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])


def test_without_a_jupyter_server_the_app_is_at_127_0_0_1() -> None:
    desk = Desktop()
    view_ready(desk)
    (app,) = desk.apps
    assert app["url"] == f"http://127.0.0.1:{port_of(desk)}/index.html" and app["origin"] != HUB
    assert not app["opaque"]


def test_under_a_jupyter_server_with_the_extension_the_app_goes_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proxy_registry, "kernel_identity", lambda: (tmp_path, "kernel-1"))  # as in a Jupyter kernel
    (tmp_path / "dist" / "sub").mkdir(parents=True)
    page = tmp_path / "dist" / "sub" / "my page.html"
    page.write_text("x")
    desk = Desktop(apps=[App(page, root=tmp_path / "dist"), "https://crm.example/app.html"])
    port = int(desk.apps[0]["origin"].rsplit(":", 1)[1])
    key = json.loads((tmp_path / f"scapi-widget-app-{port}.json").read_text())["key"]
    assert proxy_registry.announcing_kernel(tmp_path, port, key) == "kernel-1"
    view_ready(desk, jupyterBaseUrl=BASE, scapiServerExtension=True)
    proxied, remote = desk.apps
    assert proxied["url"] == f"{HUB}{BASE}scapi-widget/app/{port}/{key}/sub/my%20page.html"
    assert proxied["origin"] == HUB and proxied["opaque"]  # the notebook's own origin: sandboxed opaque
    assert remote["url"] == "https://crm.example/app.html"  # a URL app is never rewritten
    assert desk.desktop.policy.accepts(HUB)  # accepted origins follow the apps' new origin
    # A later view without the extension (e.g. marimo, another tab) gets the loopback URL back.
    view_ready(desk, view="v2")
    assert desk.apps[0]["url"] == f"http://127.0.0.1:{port}/sub/my%20page.html" and not desk.apps[0]["opaque"]


@pytest.mark.parametrize(
    "place",
    [
        {"jupyterBaseUrl": BASE, "scapiServerExtension": False},
        {"jupyterBaseUrl": BASE},
        {"jupyterBaseUrl": "//evil.example/", "scapiServerExtension": True},
        {"jupyterBaseUrl": "user/", "scapiServerExtension": True},
        {"jupyterBaseUrl": "/a?b/", "scapiServerExtension": True},
        {"jupyterBaseUrl": 7, "scapiServerExtension": True},
        {"jupyterBaseUrl": BASE, "scapiServerExtension": "yes"},
    ],
)
def test_no_extension_or_a_malformed_report_keeps_the_loopback_url(place: dict[str, Any]) -> None:
    desk = Desktop()
    view_ready(desk, **place)
    assert desk.apps[0]["url"].startswith("http://127.0.0.1:")


def test_a_malformed_page_origin_is_no_jupyter_place() -> None:
    content = {"pageOrigin": "javascript:x", "jupyterBaseUrl": BASE, "scapiServerExtension": True}
    assert ViewPlace.from_message(content) == ViewPlace("")


def test_the_page_origin_is_read_as_the_browser_reads_it() -> None:
    assert ViewPlace.from_message({"pageOrigin": "http://2130706433:8888"}) == ViewPlace("http://127.0.0.1:8888")
    for page in ("null", "vscode-webview://abc", "http://h/x"):  # no http(s) origin: no app shares it
        assert ViewPlace.from_message({"pageOrigin": page}) == ViewPlace("")


def test_a_kernel_no_jupyter_server_started_keeps_the_loopback_url(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("x")
    desk = Desktop(app=tmp_path / "page.html")  # not in a Jupyter kernel: nothing announced
    view_ready(desk, jupyterBaseUrl=BASE, scapiServerExtension=True)
    assert desk.apps[0]["url"].startswith("http://127.0.0.1:")


def test_an_explicit_accepted_origins_is_left_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proxy_registry, "kernel_identity", lambda: (tmp_path, "kernel-1"))
    (tmp_path / "page.html").write_text("x")
    with pytest.warns(UserWarning, match=r"leave out hosted app\(s\) page.html \(frameId 1, origin http://127"):
        desk = Desktop(app=tmp_path / "page.html", accepted_origins="https://only.example")
    with pytest.warns(UserWarning, match=f"page.html \\(frameId 1, origin {HUB}\\)"):  # its origin changed: said again
        view_ready(desk, jupyterBaseUrl=BASE, scapiServerExtension=True)
    assert desk.apps[0]["origin"] == HUB and not desk.desktop.policy.accepts(HUB)


def reach_answer(probe: str, host: str | None = None, method: str = "HEAD") -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of ``method`` ``probe`` on the kernel's app server (``host``: the Host header sent)."""
    parts = urlsplit(probe)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
    conn.request(method, parts.path, headers={"Host": host or parts.netloc})
    response = conn.getresponse()
    answer = (response.status, dict(response.getheaders()), response.read())
    conn.close()
    return answer


def test_a_view_whose_browser_reaches_the_kernels_loopback_gets_the_app_at_an_origin_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proxy_registry, "kernel_identity", lambda: (tmp_path, "kernel-1"))
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "index.html").write_text("x")
    desk = Desktop(apps=[tmp_path / "app" / "index.html", None])
    port = int(desk.apps[0]["origin"].rsplit(":", 1)[1])
    probed = min(port, port_of(Desktop()))  # the lowest of the desktop's app servers answers for all
    probe = desk.loopback_probe["url"]
    assert desk.loopback_probe == {
        "url": f"http://127.0.0.1:{probed}/.scapi-widget/reach",
        "header": "Scapi-Widget-Server",
        "pageHosts": ["127.0.0.1", "localhost", "[::1]"],  # pages on another host do not ask
    }
    status, headers, body = reach_answer(probe)  # as the view asks: the answer is in the response's head
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*" and body == b""
    assert headers["Access-Control-Expose-Headers"] == "Scapi-Widget-Server"  # a page of another origin reads it
    answer = headers["Scapi-Widget-Server"]
    status, headers, body = reach_answer(probe, method="GET")  # the same answer, also as JSON
    assert status == 200 and headers["Scapi-Widget-Server"] == answer == json.loads(body)["server"]
    view_ready(desk, jupyterBaseUrl=BASE, scapiServerExtension=True, loopbackReach=answer)
    assert desk.apps[0]["url"] == f"http://127.0.0.1:{port}/index.html"
    assert not desk.apps[0]["opaque"] and desk.desktop.policy.accepts(f"http://127.0.0.1:{port}")
    # Anything else on that port of the browser's machine (or a forged report) answers otherwise: through Jupyter.
    for other in ("something-else", "", None):
        view_ready(desk, view=f"v-{other}", jupyterBaseUrl=BASE, scapiServerExtension=True, loopbackReach=other)
        assert desk.apps[0]["url"].startswith(f"{HUB}{BASE}scapi-widget/app/{port}/"), other
    # The answer is only for requests that name the server (no DNS rebinding), and files stay as they were.
    for method in ("HEAD", "GET"):
        status, headers, body = reach_answer(probe, host="evil.example", method=method)
        assert status == 400 and "Scapi-Widget-Server" not in headers and answer.encode() not in body, method
    assert reach_answer(probe.replace("reach", "other"))[0] == 404
    assert desk.notices == []  # a dot-path: never an app's file, never a notice


def test_with_a_public_url_there_is_no_loopback_to_probe() -> None:
    assert Desktop(public_url="https://proxy.example/proxy/{port}/").loopback_probe == {}
    assert Desktop(app="https://crm.example/").loopback_probe == {}


def test_a_public_url_wins_and_its_host_is_accepted_by_the_app_server(monkeypatch: pytest.MonkeyPatch) -> None:
    desk = Desktop(public_url="https://proxy.example/proxy/{port}")
    port = port_of(desk)
    view_ready(desk, jupyterBaseUrl=BASE, scapiServerExtension=True)
    assert desk.apps[0]["url"] == f"https://proxy.example/proxy/{port}/index.html"
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/index.html", headers={"Host": "proxy.example"})
    assert conn.getresponse().status == 200
    conn.close()
    monkeypatch.setenv(PUBLIC_URL_ENV, "http://tunnel.example:{port}/")
    desk = Desktop()
    view_ready(desk)
    assert desk.apps[0]["url"] == f"http://tunnel.example:{port}/index.html"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://proxy.example/proxy/", "'{port}' once"),
        ("https://proxy.example/{port}/{port}", "'{port}' once"),
        ("https://proxy.example/{port}/{other}", "'{port}' once"),
        ("ftp://proxy.example/{port}/", "absolute http"),
        ("/proxy/{port}/", "absolute http"),
    ],
)
def test_a_bad_public_url_says_what_to_pass(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_public_url(url)
    with pytest.raises(ValueError, match=message):
        Desktop(public_url=url)


def test_a_miss_becomes_one_notice_naming_the_app_and_path(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("x")
    desk = Desktop(app=App(tmp_path / "page.html", label="CRM"))
    port = port_of(desk)
    for path in ("/img/gone.png", "/img/gone.png", "/favicon.ico"):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", path)
        assert conn.getresponse().status == 404
        conn.close()
    message = "CRM: /img/gone.png was not found (404)"
    assert desk.notices == [{"kind": "not-found", "path": "/img/gone.png", "apps": ["CRM"], "message": message}]


def failed(desk: Desktop, frame_id: int = 1, reason: str = "unreachable", url: str | None = None) -> None:
    url = url if url is not None else desk.apps[frame_id - 1]["url"]
    FrontEnd(desk).send(kind="frame-failed", view="v1", frameId=frame_id, url=url, reason=reason)


def test_a_frame_that_could_not_load_gets_a_notice_with_the_fix_for_where_it_was_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proxy_registry, "kernel_identity", lambda: (tmp_path, "kernel-1"))
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "index.html").write_text("x")
    desk = Desktop(apps=[App(tmp_path / "app" / "index.html", label="CRM"), "https://crm.example/app.html"])
    view_ready(desk, jupyterBaseUrl=BASE, scapiServerExtension=True)
    failed(desk, 1, "no-load")
    failed(desk, 2)
    failed(desk, 2)  # said once
    failed(desk, 1, url="https://elsewhere.example/")  # a URL the frame no longer has: nothing
    failed(desk, 1, reason="bored")  # not a reason: refused at the door
    through, remote = desk.notices
    assert through["message"].startswith(f"CRM could not be loaded from {desk.apps[0]['url']}: it did not finish")
    assert "server extension is enabled" in through["message"] and "public_url" in through["message"]
    assert remote["message"] == (
        "app.html could not be loaded from https://crm.example/app.html: this browser cannot reach it. "
        'Host the app at a URL this browser reaches (app="https://...").'
    )
    # Once the app connects, the notice that it could not load goes.
    front = FrontEnd(desk)
    front.send(kind="frame-loaded", view="v1", frameId=1)
    front.send(kind="scapi", view="v1", frameId=1, origin=HUB, data=subscribe(["agent"], frame_id=1))
    assert desk.apps[0]["connected"]
    assert [n["frameId"] for n in desk.notices] == [2]


def test_a_public_url_that_does_not_reach_the_kernel_says_so() -> None:
    desk = Desktop(public_url="https://hub.example/proxy/{port}/")
    view_ready(desk)
    failed(desk)
    (notice,) = desk.notices
    said = "Check that public_url (https://hub.example/proxy/{port}/) reaches the kernel's app port"
    assert said in notice["message"]


def test_a_page_asking_for_root_absolute_paths_is_named_with_the_fix_when_served_under_a_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proxy_registry, "kernel_identity", lambda: (tmp_path, "kernel-1"))
    spa = tmp_path / "spa"
    spa.mkdir()
    (spa / "index.html").write_text(
        '<link rel="stylesheet" href="/static/css/main.css"><link rel=icon href="favicon.ico">'
        '<script src="/static/js/main.js"></script><script src="//cdn.example/lib.js"></script>'
        '<a href="/help">help</a><img src="/static/js/main.js"><img src="logo.png">'
    )
    desk = Desktop(app=App(spa / "index.html", label="SPA"))
    view_ready(desk)  # at the root of its own origin: nothing to say
    assert desk.notices == []
    view_ready(desk, view="v2", jupyterBaseUrl=BASE, scapiServerExtension=True)
    (notice,) = desk.notices
    assert notice["kind"] == "root-paths" and notice["apps"] == ["SPA"]
    assert notice["message"].startswith(
        "SPA asks for root-absolute paths (/static/css/main.css, /static/js/main.js), which miss here: "
        "this browser does not reach the kernel's 127.0.0.1"
    )
    assert '"homepage": "."' in notice["message"] and "public_url" in notice["message"]
    view_ready(desk, view="v2", jupyterBaseUrl=BASE, scapiServerExtension=True)  # said once
    assert len(desk.notices) == 1
    answer = reach_answer(desk.loopback_probe["url"])[1]["Scapi-Widget-Server"]
    view_ready(desk, view="v3", jupyterBaseUrl=BASE, scapiServerExtension=True, loopbackReach=answer)
    assert desk.notices == []  # the newest view reaches the loopback: the paths work there


def test_a_public_url_with_a_path_prefix_names_root_absolute_paths_too(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<script src="/main.js"></script>')
    desk = Desktop(app=tmp_path / "index.html", public_url="https://hub.example/proxy/{port}/")
    view_ready(desk)
    (notice,) = desk.notices
    assert "(/main.js), which miss here: it is served under public_url's path prefix /proxy/" in notice["message"]
    desk = Desktop(app=tmp_path / "index.html", public_url="https://app-{port}.example/")
    view_ready(desk)
    assert desk.notices == []


def test_in_a_jupyter_server_without_the_extension_the_fix_is_to_enable_it() -> None:
    desk = Desktop()
    view_ready(desk, jupyterBaseUrl=BASE, scapiServerExtension=False)  # the page said so: a Jupyter server's
    assert desk.apps[0]["url"].startswith("http://127.0.0.1:")
    failed(desk)
    (notice,) = desk.notices
    assert "does not run scapi-widget's server extension" in notice["message"]
    assert "jupyter server extension enable scapi_widget.serving.jupyter_server_extension" in notice["message"]
    assert "public_url" in notice["message"]
