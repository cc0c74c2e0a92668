"""The app server under attack from the same machine, over real sockets: it keeps answering an
ordinary request within a second (:data:`ANSWER_WITHIN`, the acceptance criterion; a GET takes
about a millisecond) and logs a bounded number of lines, whatever the other connections do.

``python benchmarks/app_server_attacks.py`` prints the times these tests only bound.
"""

from __future__ import annotations

import contextlib
import json
import logging
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scapi_widget.serving import app_server, http_thread
from scapi_widget.serving.app_server import FolderServer

ANSWER_WITHIN = 1.0  # seconds for an ordinary GET while under attack
LOG_LINES = 3  # log records (any logger, any level) an attack may cause at most
REPO = Path(__file__).parents[1]
BIG_FILE = 50 * 1024 * 1024


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<h1>home</h1>")
    with (root / "big.bin").open("wb") as f:
        f.truncate(BIG_FILE)  # sparse: costs no disk
    return root


@pytest.fixture
def server(site: Path) -> Iterator[FolderServer]:
    s = FolderServer(site)
    yield s
    s.close()


def ordinary_get(port: int, path: str = "/index.html") -> tuple[int, bytes, float]:
    """(status, body, seconds) of a plain HTTP/1.0 GET on a new connection."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body, time.monotonic() - started


def assert_answers_promptly(port: int, times: int = 3) -> list[float]:
    seconds = []
    for _ in range(times):
        status, body, took = ordinary_get(port)
        assert (status, body) == (200, b"<h1>home</h1>")
        assert took < ANSWER_WITHIN, f"an ordinary GET took {took:.3f} s under attack"
        seconds.append(took)
    return seconds


def closed_by_server(s: socket.socket, timeout: float) -> bool:
    """True once the server closed ``s`` (reads what it sent first), False if still open after ``timeout``."""
    deadline = time.monotonic() + timeout
    try:
        while (left := deadline - time.monotonic()) > 0:
            s.settimeout(left)
            if not s.recv(65536):
                return True
    except ConnectionResetError:
        return True
    except (TimeoutError, BlockingIOError):
        return False
    return False


def ensure_descriptors(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        raised = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= needed, "this test needs more file descriptors"


def test_1100_idle_connections_cost_the_oldest_not_the_server(
    server: FolderServer, caplog: pytest.LogCaptureFixture
) -> None:
    ensure_descriptors(2 * 1100 + 200)  # both ends live in this process
    connections = []
    with caplog.at_level(logging.DEBUG):
        try:
            for _ in range(1100):
                s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
                s.sendall(b"GET / HTTP/1.1\r\n")  # readable at the server, its head never finished
                connections.append(s)
            assert_answers_promptly(server.port)
            # Beyond the bound, the connections that waited longest were closed; the newest wait on.
            beyond = len(connections) - server.http_server.max_waiting
            assert closed_by_server(connections[0], 5) and closed_by_server(connections[beyond - 1], 5)
            assert not closed_by_server(connections[-1], 0)
        finally:
            for s in connections:
                s.close()
        assert_answers_promptly(server.port)  # and it still accepts once they are gone
    assert len(caplog.records) <= LOG_LINES, [r.getMessage() for r in caplog.records]


def test_50_half_sent_requests_do_not_delay_an_ordinary_one(
    server: FolderServer, caplog: pytest.LogCaptureFixture
) -> None:
    half_sent = []
    with caplog.at_level(logging.DEBUG):
        try:
            for i in range(50):
                s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
                s.sendall(f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-{i}: ".encode())
                half_sent.append(s)
            assert_answers_promptly(server.port, times=5)
        finally:
            for s in half_sent:
                s.close()
    assert len(caplog.records) <= LOG_LINES, [r.getMessage() for r in caplog.records]


def test_a_head_sent_a_byte_at_a_time_is_cut_off_after_the_idle_timeout(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http_thread, "IDLE_TIMEOUT", 0.5)
    server = FolderServer(site)
    try:
        dribble = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        request = f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n" + "X-Pad: 1\r\n" * 1000
        started = time.monotonic()
        sent = 0
        # One byte each time the server has not closed the connection within 0.05 s.
        while not closed_by_server(dribble, 0.05):
            assert time.monotonic() - started < 10, "a dribbling request head kept its connection open"
            dribble.send(request[sent].encode())
            sent += 1
        assert sent < len(request)  # cut off before its head was complete
        took = time.monotonic() - started
        assert 0.4 < took < 5, took  # the timeout covers the whole head, however it trickles in
        dribble.close()
        assert_answers_promptly(server.port)
    finally:
        server.close()


def test_a_client_that_stops_reading_is_closed_and_holds_a_chunk_at_most(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_server, "SEND_TIMEOUT", 0.5)
    server = FolderServer(site)
    try:
        reader = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        reader.sendall(f"GET /big.bin HTTP/1.0\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        assert reader.recv(1)  # the answer started; now this client reads nothing
        assert_answers_promptly(server.port)
        received = 1
        assert closed_by_server(reader, 30)  # what reaches us now was sent before the server gave up
        reader.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            while chunk := reader.recv(1 << 20):
                received += len(chunk)
        assert received < BIG_FILE // 4  # the server stopped sending: it never read the file ahead
        reader.close()
        assert_answers_promptly(server.port)
    finally:
        server.close()


def test_connections_get_tcp_nodelay(server: FolderServer) -> None:
    # Headers and body are separate writes: without TCP_NODELAY the body waits ~40 ms for an ACK.
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(f"GET /big.bin HTTP/1.0\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        assert s.recv(1)  # being answered: the server's end of this connection is open
        assert server.connection_nodelay() == [True]


# ------------------------------------------------------------------ out of file descriptors


class StarvedServer:
    """tests/starved_app_server.py: a folder server in a process of its own with few descriptors."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.starved_app_server", str(folder), str(limit)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port: int = self._answer()["port"]

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the starved server exited with {self.process.poll()}"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._answer()

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def starved(site: Path) -> Iterator[StarvedServer]:
    server = StarvedServer(site, limit=128)
    yield server
    server.stop()


def test_out_of_descriptors_idle_connections_make_room_for_ordinary_ones(starved: StarvedServer) -> None:
    # The server lets at most a quarter of the descriptors (32) wait for a request head: with
    # only 8 left, waiting connections run the process out of descriptors first.
    assert starved.ask("hog 8")["hogged"] > 0
    idle = []
    try:
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", starved.port), timeout=30)
            s.sendall(b"GET / HTTP/1.1\r\n")
            idle.append(s)
        assert_answers_promptly(starved.port, times=5)  # each needs a connection and the file opened
    finally:
        for s in idle:
            s.close()
    stats = starved.ask("stats")
    assert stats["closed_for_room"] > 0, "the server never ran out of descriptors: the test proves nothing"
    assert len(stats["records"]) <= LOG_LINES, stats["records"]
    assert any("out of file descriptors" in line for line in stats["records"])


def test_out_of_descriptors_with_nothing_to_close_it_waits_without_spinning(starved: StarvedServer) -> None:
    hogged = starved.ask("hog")
    assert hogged["hogged"] > 0
    answers: list[tuple[int, bytes, float]] = []
    client = threading.Thread(target=lambda: answers.append(ordinary_get(starved.port)))
    client.start()  # connects (the kernel queues it) but cannot be accepted yet
    first = starved.ask("wait-pauses 1")
    later = starved.ask("wait-pauses 5")
    assert later["accept_pauses"] >= 5, "the server did not keep trying to accept"
    wall = (later["accept_pauses"] - first["accept_pauses"]) * http_thread.ACCEPT_RETRY
    cpu = later["cpu"] - first["cpu"]
    assert cpu < 0.25 * wall, f"{cpu:.3f} s of CPU in {wall:.2f} s while out of descriptors: it spins"
    released = time.monotonic()
    starved.ask("release")
    client.join(30)
    assert answers and answers[0][:2] == (200, b"<h1>home</h1>")
    assert time.monotonic() - released < ANSWER_WITHIN + http_thread.ACCEPT_RETRY
    records = starved.ask("stats")["records"]
    assert len(records) <= LOG_LINES, records
    assert any("cannot accept connections" in line for line in records)
