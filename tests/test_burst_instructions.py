"""``benchmarks/burst_cost.py --instructions``: the instructions a change costs, counted by valgrind, are
the same from run to run (unlike times on a busy machine), and ``--compare`` counts a checkout's own code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BURST_COST = ROOT / "benchmarks" / "burst_cost.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BURST_COST), *args], capture_output=True, text=True, timeout=300, check=False, cwd=ROOT
    )


def test_the_same_code_counted_twice_costs_the_same_per_change() -> None:
    # The compared checkout is this one: imported through PYTHONPATH, so the same code counted in
    # two more processes.
    done = run("--instructions", "--events", "100", "--compare", str(ROOT))
    assert done.returncode == 0, done.stderr
    ours = re.search(r"\(100 changes counted\): ([\d,]+)", done.stdout)
    theirs = re.search(r": ([\d,]+); installed / compared: ([\d.]+)", done.stdout)
    assert ours and theirs, done.stdout
    count = int(ours[1].replace(",", ""))
    assert 50_000 < count < 5_000_000, done.stdout  # a change is a few hundred thousand instructions
    assert abs(int(theirs[1].replace(",", "")) - count) / count < 0.01, done.stdout
    assert abs(float(theirs[2]) - count / int(theirs[1].replace(",", ""))) < 0.002, done.stdout


def test_compare_goes_with_instructions() -> None:
    done = run("--compare", str(ROOT))
    assert done.returncode == 2 and "--compare goes with --instructions" in done.stderr, done.stderr
