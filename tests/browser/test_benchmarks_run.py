"""The benchmarks still run and measure what they say (their figures are not asserted: noisy)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_roundtrip_measures_every_round_trip_asked_for() -> None:
    out = run("roundtrip.py", "--n", "15", "--skip-lab")
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:]}
    assert set(rows) == {"floor", "harness"}, out
    p50, p95, most, mean = (float(x) for x in rows["harness"][:4])
    assert 0 < p50 <= p95 <= most, out  # a real distribution, not one sample
    assert float(rows["floor"][3]) < mean, out  # Python behind the bridge costs more than the browser alone


def test_sync_cost_reports_session_length_live_calls_and_memory() -> None:
    out = run("sync_cost.py", "--changes", "400", "--reps", "30")
    assert re.search(r"after 400 changes +[\d.]+ +ratio +[\d.]+", out), out
    assert "events held 200 (limit 200)" in out, out
    assert re.search(r"50 live +[\d.]+ \(x *[\d.]+\)", out), out
    assert re.search(r"memory held +after 400 changes +\d+ KiB +after 800 +\d+ KiB", out), out
