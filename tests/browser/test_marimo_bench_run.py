"""benchmarks/marimo_roundtrip.py still runs and measures what it says (figures not asserted: noisy)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .bench_output import roundtrip_table

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "marimo_roundtrip.py"
N = 10
LABELS = ("marimo", "marimo +nagle")


def test_marimo_roundtrip_measures_reads_mutations_and_the_servers_sockets() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--n", str(N), "--block", "4"],
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    rows = roundtrip_table(out)
    kinds = ("read", "mutation", "read-then-write", "echo floor")
    floors = {"page floor, own-origin frame", "page floor, opaque frame"}
    assert set(rows) == floors | {f"{label} {kind}" for label in LABELS for kind in kinds}, out
    for label in LABELS:
        echo = rows[f"{label} echo floor"]
        assert 0 < echo.p50 <= echo.p95 <= echo.max and echo.mean > 0, out  # a real distribution, not one sample
        for kind in ("mutation", "read-then-write"):
            row = rows[f"{label} {kind}"]
            assert 0 < row.p50 <= row.p95 <= row.max and row.mean > 0, out
            assert row.floor == f"{label} echo floor" and row.ratio == pytest.approx(row.p50 / echo.p50, abs=0.01)
        read = rows[f"{label} read"]
        assert 0 <= read.p50 <= read.p95 <= read.max and 0 < read.mean < rows[f"{label} mutation"].mean, out
        assert read.floor == "page floor, own-origin frame", out  # the app has an origin of its own
        # Every logged read was answered in the browser (the read path's and the read-then-write path's).
        answered = re.search(rf"{re.escape(label)} (\d+)/(\d+)(,|$)", out.splitlines()[-1])
        assert answered and 2 * N <= int(answered[1]) == int(answered[2]), out
    # The server's own report: its websocket and HTTP connections, TCP_NODELAY on by asyncio, off where forced.
    connections = dict(line.strip().split(": ", 1) for line in out.splitlines() if line.startswith("  marimo"))
    assert set(connections) == set(LABELS), out
    for label, nodelay in (("marimo", "on"), ("marimo +nagle", "off")):
        line = connections[label]
        assert re.search(rf"1 WebSockets\w*Protocol on _SelectorSocketTransport nodelay={nodelay}", line), out
        assert re.search(rf"\d+ H11Protocol on _SelectorSocketTransport nodelay={nodelay}", line), out
        assert line.count("nodelay=") == line.count(f"nodelay={nodelay}"), out
