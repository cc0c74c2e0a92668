"""Running the benchmark scripts and reading what they print (their tables and goal lines)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"


def run(script: str, *args: str, timeout: float = 280) -> str:
    """Run ``benchmarks/script`` with ``args``; its stdout (it must succeed)."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@dataclass(frozen=True)
class Row:
    """A round-trip table row: its figures (ms) and, where it has one, its floor and the comparison."""

    p50: float
    p95: float
    max: float
    mean: float
    floor: str | None = None
    ratio: float | None = None  # p50 / floor p50 (None: the floor's p50 is 0)
    above_floor: float | None = None  # mean - floor mean


ROW = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)\s+(?P<max>[\d.]+)\s+(?P<mean>[\d.]+)"
    r"(?:\s{3}(?P<floor>\S.*?)\s+(?P<ratio>[\d.]+|-)\s+(?P<above>[+-][\d.]+))?$"
)


def roundtrip_table(out: str) -> dict[str, Row]:
    """The round-trip table that benchmarks/roundtrip.py and marimo_roundtrip.py print."""
    lines = out.splitlines()
    start = [line.split()[:1] for line in lines].index(["path"]) + 1
    rows = {}
    for line in lines[start:]:
        match = ROW.match(line)
        if not match:
            break
        ratio = match["ratio"]
        rows[match["name"]] = Row(
            float(match["p50"]),
            float(match["p95"]),
            float(match["max"]),
            float(match["mean"]),
            match["floor"],
            None if ratio in (None, "-") else float(ratio),
            None if match["above"] is None else float(match["above"]),
        )
    return rows


GOAL_LINE = re.compile(
    r"^  (?P<figure>.+) \[(?P<where>.+)\]: (?P<value>.+?)   goal (?P<goal>.+): (?P<verdict>met|NOT MET)$"
)


def goal_lines(out: str) -> list[dict[str, str]]:
    """The goal lines a benchmark printed under ``goals:``."""
    return [match.groupdict() for line in out.splitlines() if (match := GOAL_LINE.match(line))]


def record(path: Path) -> dict[str, Any]:
    """A benchmark's --json record."""
    data: dict[str, Any] = json.loads(path.read_text())
    return data
