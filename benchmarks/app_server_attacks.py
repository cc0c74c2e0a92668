"""The kernel's app server under attack from the same machine (real sockets, one run).

How long an ordinary GET takes (a new connection, HTTP/1.0, a 13-byte page): with nothing else
going on (the baseline), with 1,100 idle connections open (each sent half a request line), with 50
half-sent requests, and in a process limited to 128 file descriptors, all but 8 of them taken by
open files, while 300 idle connections want them. Then, with every descriptor of that process
taken: how often the server paused accepting, the CPU it used meanwhile (a spinning accept loop
would use a whole core), and how soon it answered once descriptors were freed. Each row counts
the log records (any logger, any level) the attack caused. The tests
(tests/test_app_server_attacks.py) only bound these: 1 s.

Usage: python benchmarks/app_server_attacks.py [--n 50]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scapi_widget.serving.app_server import FolderServer

REPO = Path(__file__).parents[1]
PAGE = b"<h1>home</h1>"
DESCRIPTOR_LIMIT = 128
FREE_DESCRIPTORS = 8  # fewer than may wait for a request head (a quarter of the limit): waiting ones run out


def get_ms(port: int) -> float:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(f"GET /index.html HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 200") and data.endswith(PAGE), data[:200]
    return (time.perf_counter() - started) * 1e3


def connections(port: int, count: int, first_bytes: Callable[[int], bytes]) -> list[socket.socket]:
    opened = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall(first_bytes(i))
        opened.append(s)
    return opened


class Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def counting_logs() -> Iterator[Counter]:
    root = logging.getLogger()
    counter, level = Counter(), root.level
    root.addHandler(counter)
    root.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        root.removeHandler(counter)
        root.setLevel(level)


class StarvedServer:
    """tests/starved_app_server.py: a folder server in a process with few descriptors, over stdin/stdout."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.starved_app_server", str(folder), str(DESCRIPTOR_LIMIT)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port: int = self.read()["port"]

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.read()

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)


def row(label: str, times: list[float], baseline: float, logs: int) -> None:
    p50, p95 = statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[-1]
    print(f"{label:<42} {p50:8.2f} {p95:8.2f} {max(times):8.2f} {p50 / baseline:10.1f} {logs:6d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=50, help="ordinary GETs per attack")
    n = parser.parse_args().n
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(4096, hard)), hard))  # both ends are ours
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "index.html").write_bytes(PAGE)
        server = FolderServer(site)
        print(f"{'attack':<42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p50/base':>10} {'logs':>6}")
        with counting_logs() as logs:
            baseline_times = [get_ms(server.port) for _ in range(n)]
        baseline = statistics.median(baseline_times)
        row("none (baseline)", baseline_times, baseline, logs.count)
        attacks: list[tuple[str, int, Callable[[int], bytes]]] = [
            ("1,100 idle connections", 1100, lambda i: b"GET / HTTP/1.1\r\n"),
            (
                "50 half-sent requests",
                50,
                lambda i: f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-{i}: ".encode(),
            ),
        ]
        for label, count, first_bytes in attacks:
            with counting_logs() as logs:
                opened = connections(server.port, count, first_bytes)
                times = [get_ms(server.port) for _ in range(n)]
                for s in opened:
                    s.close()
            row(label, times, baseline, logs.count)
        server.close()

        starved = StarvedServer(site)
        try:
            starved.ask(f"hog {FREE_DESCRIPTORS}")
            opened = connections(starved.port, 300, lambda i: b"GET / HTTP/1.1\r\n")
            times = [get_ms(starved.port) for _ in range(n)]
            for s in opened:
                s.close()
            stats = starved.ask("stats")
            label = f"{FREE_DESCRIPTORS} free descriptors, 300 idle connections"
            row(label, times, baseline, len(stats["records"]))
            print(f"  idle connections closed to make room: {stats['closed_for_room']}")
        finally:
            starved.stop()

        starved = StarvedServer(site)
        try:
            starved.ask("hog")
            answered: list[float] = []
            client = threading.Thread(target=lambda: answered.append(get_ms(starved.port)))
            client.start()
            first = starved.ask("wait-pauses 1")
            started = time.perf_counter()
            later = starved.ask("wait-pauses 9")
            wall = time.perf_counter() - started
            cpu = later["cpu"] - first["cpu"]
            freed = time.perf_counter()
            starved.ask("release")
            client.join(60)
            after_release = (time.perf_counter() - freed) * 1e3
            records = starved.ask("stats")["records"]
        finally:
            starved.stop()
        pauses = later["accept_pauses"] - first["accept_pauses"]
        print(
            f"no descriptor left: {pauses} accept pauses in {wall:.2f} s, CPU {cpu:.3f} s ({100 * cpu / wall:.1f} % "
            f"of a core), {len(records)} log records; a waiting GET answered {after_release:.0f} ms after "
            f"descriptors were freed ({'200' if answered else 'no answer'})"
        )


if __name__ == "__main__":
    main()
