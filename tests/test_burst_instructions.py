"""``benchmarks/burst_cost.py --instructions``: the instructions a change costs, counted by valgrind, are
the same from run to run (unlike times on a busy machine), and ``--compare`` counts a checkout's own code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .benchmark_modules import benchmark_module

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
    # a burst leaves nothing the garbage collector tracks: its items wait as bytes, its logs are bounded
    left = [float(x) for x in re.findall(r"tracked objects it leaves: ([\d.]+)", done.stdout)]
    assert len(left) == 2 and max(left) < 0.5, done.stdout


def test_each_layer_adds_its_part_of_the_path() -> None:
    # --layers counts one process per layer (valgrind's counts are tested above): each runs, and each
    # layer's desktop has what its name says
    burst_cost = benchmark_module("burst_cost")
    for subscribe in (False, True):
        desk, call, sizes = burst_cost.subscribed_desktop(subscribe=subscribe)
        posted = len(desk.link.bridge.notification_log)
        desk.set_user_data(call, {"Seq": 1})
        desk.link.channel.outbox.restart()  # what waits for the view's ack goes now
        assert sizes, "a view gets an item for each change"
        assert len(desk.link.bridge.notification_log) - posted == int(subscribe)
        desk.close()
    for layer in burst_cost.LAYERS:
        done = run("--counted-burst", "5", "--layer", layer)
        assert done.returncode == 0 and Path(done.stdout.split()[-1]) == ROOT, (layer, done.stdout, done.stderr)


def test_compare_and_layers_each_go_with_instructions_alone() -> None:
    for alone in (["--compare", str(ROOT)], ["--layers"]):
        done = run(*alone)
        assert done.returncode == 2 and "--compare and --layers go with --instructions" in done.stderr, done.stderr
    done = run("--instructions", "--layers", "--compare", str(ROOT))
    assert done.returncode == 2 and "not with --layers" in done.stderr, done.stderr
