"""The speed goals ``make bench`` reports on, and how each benchmark records its figures for them.

Each benchmark prints every goal it measures beside the figure (met / not met): a figure, not an
assertion (the machine is noisy; the figures are for reading). With ``--json FILE`` it also writes
its checks to FILE, and ``benchmarks/summary.py`` prints all of them together at the end of
``make bench``. The goals are stated here only; the benchmarks and the summary read them from here.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Goal:
    """One goal: a measured figure against a limit (at most, or with ``at_least`` at least)."""

    figure: str  # what is measured, as the summary names it
    limit: float
    unit: str  # printed after the figure and the limit
    at_least: bool = False
    script: str = ""  # the benchmark that measures it

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit

    def describe(self) -> str:
        return f"{'>=' if self.at_least else '<='} {format_value(self.limit, self.unit)}"


def format_value(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:.2f} ms" if abs(value) < 10 else f"{value:,.0f} ms"
    return f"{value:,.0f} {unit}".rstrip()


# In the order the summary prints them. Keys are what the benchmarks name when they record a check.
GOALS: dict[str, Goal] = {
    "python flat": Goal("Python per change, at the most live calls / at 1 live call", 1.5, "x", script="sync_cost.py"),
    "python cost": Goal(
        "Python per change (median), at the most costly live-call count", 100, "µs", script="sync_cost.py"
    ),
    # A change costs the change, not the values beside it. Two copies of the dict of keys stay (the
    # change's event keeps the user data as of its change; the replica's entry, which the notebook reads,
    # is its own), each touching every key's value once (and once more as it is freed): beside 1,000
    # keys, 15-20 µs more than beside a few on this machine, where copying the values cost 2 ms.
    "python beside user data": Goal(
        "Python per change beside big user data on its call / beside a few keys", 2.0, "x", script="sync_cost.py"
    ),
    "fanout rate": Goal("fan-out in real JupyterLab, events/s", 20_000, "events/s", at_least=True, script="fanout.py"),
    "fanout of widget floor": Goal(
        "fan-out events/s / the widget floor's (a minimal anywidget carrying the same events to the app)",
        0.83,
        "x",
        at_least=True,
        script="fanout.py",
    ),
    "fanout lost": Goal("fan-out, events lost", 0, "lost", script="fanout.py"),
    "fanout order": Goal("fan-out, events out of order", 0, "out of order", script="fanout.py"),
    # Judged by the same trips through a minimal echo widget from an opaque frame, as the app's are
    # (roundtrip.py): the echo floor alone leaves out the frame's two posts, which cost an opaque frame
    # 1.01-1.30 times the echo floor on this machine, leaving little or no room for any logic under 1.2.
    "mutation": Goal(
        "mutation round trip p50 / the echo's from an opaque frame, p50", 1.2, "x", script="roundtrip.py"
    ),
    "read then write": Goal(
        "read-then-write p50 / a read then the echo from an opaque frame, p50", 1.3, "x", script="roundtrip.py"
    ),
    "read": Goal(
        "read mean - the opaque-frame postMessage floor's (both without their 5% slowest and fastest)",
        0.1,
        "ms",
        script="roundtrip.py",
    ),
    "startup": Goal("start-up, Desktop() -> app connected, fresh kernel, median", 120, "ms", script="startup.py"),
    # scapi-widget's own start-up cost on top of the platform's: the floor (benchmarks/pages/hello_floor.py)
    # is a minimal widget whose frame, sandboxed and served as the demo app's, says hello to the kernel,
    # measured in turns with the desktop in the same run. What the desktop needs and the floor does not:
    # the loopback question (6 ms, loopback_probe.py), the view-ready -> snapshot round trip before the
    # frame is made (view-ready sent -> snapshot received, 14 ms in README's breakdown), the frame's load
    # report that "connected" waits for (loaded -> connected, 7 ms there), and the demo app's page over a
    # bare hello (it took 23-33 ms more, frame requested -> first message, in runs at load 2-7 on 2 CPUs;
    # about 18 ms allowed): about 45 ms. The rest of the difference (56-235 ms in those runs) is largely
    # the page's main thread between the view's questions being answered and read (12-69 ms there).
    "startup over floor": Goal(
        "start-up median - the floor's median (a minimal widget whose frame says hello), same run",
        45,
        "ms",
        script="startup.py",
    ),
    # "Flat": within 10% from the fewest to the most live calls.
    "bytes flat": Goal(
        "websocket bytes per change, at the most live calls / the fewest (flat)", 1.1, "x", script="wire_bytes.py"
    ),
    "bytes": Goal("websocket bytes per change with an app subscribed", 1500, "B", script="wire_bytes.py"),
}


def load_average() -> str:
    """The 1, 5 and 15 minute load averages ("" where the system has none)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return ""


@dataclass
class Check:
    goal: str  # a key of GOALS
    where: str  # which path, burst, operation...
    value: float

    @property
    def met(self) -> bool:
        return GOALS[self.goal].met(self.value)

    @property
    def verdict(self) -> str:
        return "met" if self.met else "NOT MET"

    @property
    def value_text(self) -> str:
        return format_value(self.value, GOALS[self.goal].unit)

    def line(self) -> str:
        goal = GOALS[self.goal]
        return f"{goal.figure} [{self.where}]: {self.value_text}   goal {goal.describe()}: {self.verdict}"


@dataclass
class Record:
    """A benchmark's goal checks (and load averages), printed as they come and saved as JSON."""

    script: str
    path: Path | None
    checks: list[Check] = field(default_factory=list)
    load_at_start: str = field(default_factory=load_average)
    started: float = field(default_factory=time.time)

    def check(self, goal: str, where: str, value: float) -> Check:
        if goal not in GOALS:
            raise KeyError(f"no goal {goal!r}; goals: {', '.join(GOALS)}")
        done = Check(goal, where, value)
        self.checks.append(done)
        return done

    def print_checks(self) -> None:
        print("goals:")
        for check in self.checks:
            print(f"  {check.line()}")

    def save(self) -> None:
        if self.path is None:
            return
        data: dict[str, Any] = {
            "script": self.script,
            "started": self.started,
            "load": [self.load_at_start, load_average()],
            "checks": [asdict(check) for check in self.checks],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, indent=1))


def read_records(folder: Path) -> list[dict[str, Any]]:
    """Every record saved in ``folder``, in the order the benchmarks started."""
    records = [json.loads(path.read_text()) for path in folder.glob("*.json")]
    return sorted(records, key=lambda record: float(record["started"]))
