"""The app server, over real HTTP: what it serves, what it refuses, and what it costs.

Every test talks to a real server on 127.0.0.1 with raw sockets or ``http.client``.
"""

from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from scapi_widget.serving import http_thread
from scapi_widget.serving.app_server import STATIC_DIR, FolderServer, serve_folder
from scapi_widget.serving.apps import App

from .event_loops import run_in_fresh_loop

BIG_FILE = 50 * 1024 * 1024
MEMORY_BOUND = 2 * 1024 * 1024  # a fraction of BIG_FILE: the file is never held whole


def raw(port: int, data: bytes, timeout: float = 5.0) -> tuple[int, bytes]:
    """Send ``data`` as the whole request; (status, body) of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def get(port: int, path: str, host: str | None = None, method: str = "GET") -> tuple[int, bytes]:
    host_line = b"" if host == "" else f"Host: {host or f'127.0.0.1:{port}'}\r\n".encode()
    return raw(port, f"{method} ".encode() + path.encode("latin-1") + b" HTTP/1.0\r\n" + host_line + b"\r\n")


def server_threads(server: FolderServer) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(f"scapi-app-server-{server.port}")]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "static" / "js").mkdir(parents=True)
    (root / "index.html").write_text("<h1>home</h1>")
    (root / "static" / "js" / "main.js").write_text("console.log('main')")
    (root / ".env").write_text("SECRET=1")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]")
    (root / "static" / ".cache").mkdir()
    (root / "static" / ".cache" / "x.js").write_text("hidden")
    (root / "link-to-env").symlink_to(root / ".env")
    (root / "sub").mkdir()
    (root / "sub" / "index.html").write_text("<p>sub</p>")
    (tmp_path / "outside.txt").write_text("outside")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[FolderServer]:
    s = FolderServer(site)
    yield s
    s.close()


def test_serves_the_folder_at_the_root_of_its_origin(server: FolderServer) -> None:
    assert get(server.port, "/") == (200, b"<h1>home</h1>")
    assert get(server.port, "/static/js/main.js") == (200, b"console.log('main')")
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    conn.request("GET", "/static/js/main.js")
    response = conn.getresponse()
    assert response.getheader("Content-Type") == "text/javascript; charset=utf-8"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    response.read()
    conn.close()


def test_head_sends_the_length_and_no_body(server: FolderServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    conn.request("HEAD", "/index.html")
    response = conn.getresponse()
    assert response.status == 200 and response.getheader("Content-Length") == str(len("<h1>home</h1>"))
    assert response.read() == b""
    conn.close()


def test_a_folder_named_without_its_slash_redirects_relatively(server: FolderServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    conn.request("GET", "/sub")
    response = conn.getresponse()
    assert (response.status, response.getheader("Location")) == (301, "sub/")
    conn.close()
    assert get(server.port, "/sub/") == (200, b"<p>sub</p>")


@pytest.mark.parametrize(
    "path",
    [
        "/.env",
        "/.git/config",
        "/static/.cache/x.js",
        "/%2Eenv",
        "/static/%2ecache/x.js",
        "/link-to-env",
        "/../outside.txt",
        "/static/../../outside.txt",
        "/%2e%2e/outside.txt",
        "/..%2Foutside.txt",
    ],
)
def test_dotfiles_and_escapes_are_not_found(server: FolderServer, path: str) -> None:
    status, body = get(server.port, path)
    assert status == 404
    assert b"SECRET" not in body and b"outside" not in body and b"[core]" not in body


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/index.html%00", 400),
        ("/%00/x", 400),
        ("/a%0Ab", 400),
        ("/%ff%fe", 400),
        ("/static%5Cjs%5Cmain.js", 400),
        ("*", 400),
        ("index.html", 400),
        ("/" + "a" * 5000, 404),  # a name too long for the file system
    ],
)
def test_malformed_paths_get_a_clean_answer(
    server: FolderServer, path: str, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="scapi_widget"):
        assert get(server.port, path)[0] == status
    assert [r.getMessage() for r in caplog.records] == []
    assert get(server.port, "/")[0] == 200  # still serving


def test_a_raw_nul_byte_or_garbage_request_line_is_refused(server: FolderServer) -> None:
    assert raw(server.port, b"GET /index.html\x00 HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n" % server.port)[0] == 400
    assert raw(server.port, b"\x16\x03\x01\x02\x00garbage\r\n\r\n")[0] == 400
    assert raw(server.port, b"POST / HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n" % server.port)[0] == 405
    assert get(server.port, "/")[0] == 200


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST"])
def test_the_host_header_may_name_this_server(server: FolderServer, name: str) -> None:
    assert get(server.port, "/", host=f"{name}:{server.port}")[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "127.0.0.1", "localhost", ""])
def test_any_other_host_is_refused_dns_rebinding(server: FolderServer, host: str) -> None:
    status, body = get(server.port, "/index.html", host=host.format(port=server.port))
    assert status == 400 and b"home" not in body


def test_an_extra_host_is_accepted_once_allowed(server: FolderServer) -> None:
    assert get(server.port, "/", host="proxy.example:443")[0] == 400
    server.allow_host("proxy.example:443")
    assert get(server.port, "/", host="proxy.example:443")[0] == 200


def test_a_large_file_is_streamed_not_read_whole(server: FolderServer, site: Path) -> None:
    big = site / "big.bin"
    with big.open("wb") as f:
        f.truncate(BIG_FILE)  # sparse: costs no disk
    tracemalloc.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port)
        conn.request("HEAD", "/big.bin")
        response = conn.getresponse()
        assert response.getheader("Content-Length") == str(BIG_FILE) and response.read() == b""
        conn.close()
        _, head_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        conn = http.client.HTTPConnection("127.0.0.1", server.port)
        conn.request("GET", "/big.bin")
        response = conn.getresponse()
        received = 0
        while chunk := response.read(65536):
            received += len(chunk)
        conn.close()
        _, get_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert received == BIG_FILE
    assert head_peak < MEMORY_BOUND, f"HEAD of a {BIG_FILE} B file allocated up to {head_peak} B"
    assert get_peak < MEMORY_BOUND, f"GET of a {BIG_FILE} B file allocated up to {get_peak} B"


def test_idle_connections_hold_no_threads(server: FolderServer) -> None:
    threads = len(server_threads(server))
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(300)]
    try:
        started = time.monotonic()
        assert get(server.port, "/")[0] == 200  # answered at once, not after the idle ones
        assert time.monotonic() - started < 2.0
        assert len(server_threads(server)) == threads
    finally:
        for s in idle:
            s.close()


def test_busy_clients_are_served_by_the_servers_own_threads(server: FolderServer) -> None:
    threads = len(server_threads(server))
    results: list[int] = []

    def fetch() -> None:
        results.append(get(server.port, "/static/js/main.js")[0])

    clients = [threading.Thread(target=fetch) for _ in range(40)]
    for t in clients:
        t.start()
    for t in clients:
        t.join(10)
    assert results == [200] * 40
    assert len(server_threads(server)) == threads


def test_silent_connections_are_closed_after_the_idle_timeout(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_thread, "IDLE_TIMEOUT", 0.3)
    server = FolderServer(site)
    try:
        silent = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        stalled = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        stalled.sendall(b"GET / HTTP/1.0\r\n")  # and never finishes its request
        started = time.monotonic()
        assert silent.recv(1) == b""  # closed by the server
        assert stalled.recv(65536) == b""  # closed without an answer
        assert time.monotonic() - started < 3.0
        silent.close()
        stalled.close()
    finally:
        server.close()


def test_misses_are_reported_but_not_refusals(server: FolderServer) -> None:
    missed: list[str] = []
    remove = server.add_miss_listener(missed.append)
    get(server.port, "/static/js/absent.js")
    get(server.port, "/.env")
    get(server.port, "/", host="evil.example")
    assert missed == ["/static/js/absent.js"]
    remove()
    get(server.port, "/gone.png")
    assert missed == ["/static/js/absent.js"]


def test_a_page_without_a_client_library_gets_ours(server: FolderServer) -> None:
    status, body = get(server.port, "/static/js/scapi-client.js")
    assert status == 200 and body == (STATIC_DIR / "scapi-client.js").read_bytes()


def test_one_server_per_folder(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    assert serve_folder(site) is serve_folder(site / "sub" / "..")
    assert serve_folder(other).port != serve_folder(site).port


def test_app_root_says_what_is_served(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "dist").mkdir(parents=True)
    (project / "dist" / "index.html").write_text("<p>app</p>")
    (project / "notes.ipynb").write_text("{}")
    url, origin, _ = App(project / "dist" / "index.html", root=project / "dist").resolve()
    assert url == f"{origin}/index.html"
    port = int(origin.rsplit(":", 1)[1])
    assert get(port, "/index.html") == (200, b"<p>app</p>")
    assert get(port, "/notes.ipynb")[0] == 404 and get(port, "/../notes.ipynb")[0] == 404
    # The default root is the page's folder: a page beside the notebook exposes the notebook.
    (project / "page.html").write_text("<p>page</p>")
    url, origin, _ = App(project / "page.html").resolve()
    assert url == f"{origin}/page.html"
    assert get(int(origin.rsplit(":", 1)[1]), "/notes.ipynb")[0] == 200


def test_app_root_must_hold_the_page(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "page.html").write_text("x")
    with pytest.raises(ValueError, match="not inside the served folder"):
        App(tmp_path / "page.html", root=tmp_path / "dist").resolve()
    with pytest.raises(FileNotFoundError, match="not a folder"):
        App(tmp_path / "page.html", root=tmp_path / "missing")
    with pytest.raises(ValueError, match="applies to a local page"):
        App("https://a.example/x.html", root=tmp_path)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "p.html").write_text("x")
    with pytest.raises(ValueError, match="hidden"):
        App(tmp_path / ".hidden" / "p.html", root=tmp_path).resolve()


def test_a_server_made_inside_a_running_event_loop_serves_while_that_loop_is_blocked(site: Path) -> None:
    async def kernel_cell() -> tuple[int, bytes]:  # as in a kernel: its loop runs the cell
        server = FolderServer(site)
        try:
            return get(server.port, "/")  # a cell that blocks its loop while a browser loads the app
        finally:
            server.close()

    assert run_in_fresh_loop(kernel_cell()) == (200, b"<h1>home</h1>")


def test_close_stops_serving_closes_connections_and_ends_the_thread(site: Path) -> None:
    server = FolderServer(site)
    port = server.port
    waiting = socket.create_connection(("127.0.0.1", port), timeout=5)
    assert get(port, "/")[0] == 200 and len(server_threads(server)) == 1
    server.close()
    assert waiting.recv(1) == b""  # closed by the server
    waiting.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)
    assert server_threads(server) == []
    server.close()  # twice is fine


def test_a_kept_alive_connection_serves_request_after_request(server: FolderServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    home, main = ("/", b"<h1>home</h1>"), ("/static/js/main.js", b"console.log('main')")
    for path, body in (home, main, home):
        conn.request("GET", path)
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, body)
    assert len(server.connection_nodelay()) == 1  # one connection did it all
    conn.close()
