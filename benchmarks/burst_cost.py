"""The kernel's side of a fan-out burst, without a browser: what each ``set_user_data`` of a burst
costs in Python with an app subscribed to interaction events (the loop of ``fanout.py``'s cell).

The widget has one view (a stand-in that never acks, as during a cell without a kernel subshell)
and a frame subscribed to interaction events; every comm message is encoded as the kernel encodes
it (``json_packer``; its buffer of items goes as it is). Prints µs per change over the burst (the
outbox's sends included) and, with ``--profile``, the top of a cProfile of one burst.

``--instructions``: instead of times, the machine instructions one change costs, counted by valgrind
(cachegrind without its cache simulation; Debian's ``valgrind``): a process making 2N changes less one
making N, per change. The count moves by well under 1% from run to run where a busy machine's times move
by 15%, so it tells changes of a few percent apart (it leaves out what cache misses cost). With
``--compare CHECKOUT`` the same is counted with ``scapi_widget`` imported from that checkout (a commit
unpacked with ``git archive``, its front end built or copied in), and the ratio is printed. With
``--layers`` the same change is counted on each layer of the path in turn (:data:`LAYERS`: the desktop
model alone, the widget without a view, with a view, with an app subscribed), and what each adds.

Usage: python benchmarks/burst_cost.py [--events 10000] [--reps 3] [--profile]
       python benchmarks/burst_cost.py --instructions [--events 1000] [--compare CHECKOUT | --layers]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop
from scapi_widget.service.bridge import REQUEST_LOG_LIMIT
from scapi_widget.testing.comm_capture import capture_comm, kernel_bytes

APP_ORIGIN = "https://app.example"
SUBSCRIBE = {"event": "subscribe", "data": ["interaction"], "referenceId": "s", "userAgent": "WWE Client"}
LAYERS = {
    "model": "the desktop model alone (AgentDesktop: checks, change, event)",
    "widget": "+ the widget without a view (traitlets, replica, event log)",
    "view": "+ a view (each change's item made, encoded and queued)",
    "app": "+ an app subscribed to interaction events (its notification)",
}
"""The layers ``--layers`` counts, from the bottom: each adds one part of the path to the one before."""


def subscribed_desktop(
    outbox_clock: Callable[[], float] | None = None, *, subscribe: bool = True
) -> tuple[Desktop, str, list[int]]:
    """A desktop with a live call and one frame subscribed to interaction events; returns it, the
    call, and the sizes of the comm messages it sends from now on. ``outbox_clock``: the clock its
    outbox reads from the start (a stand-in for the monotonic one); ``subscribe=False``: the frame
    loads but subscribes to nothing."""
    desk = Desktop(app=f"{APP_ORIGIN}/app.html")
    if outbox_clock is not None:
        desk.link.channel.outbox._clock = outbox_clock
    call = desk.simulate_inbound_call()
    desk.answer(call)
    sizes: list[int] = []
    capture_comm(desk, lambda data, buffers: sizes.append(kernel_bytes(data, buffers)), raw=True)

    def view_sends(**content: Any) -> None:
        desk.link.receive({"view": "v1", **content})

    view_sends(kind="view-ready", pageOrigin="http://127.0.0.1:8888")
    view_sends(kind="frame-loaded", frameId=1)
    if subscribe:
        view_sends(kind="scapi", frameId=1, origin=APP_ORIGIN, data=SUBSCRIBE)
    sizes.clear()
    return desk, call, sizes


def burst(desk: Desktop, call: str, events: int) -> tuple[float, float]:
    """µs per change of ``events`` changes in a row: of the process's CPU time (what the other
    processes of a busy machine take does not count) and of wall time."""
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(events):
        desk.set_user_data(call, {"Seq": i})
    cpu, wall = time.process_time() - cpu_start, time.perf_counter() - start
    return cpu / events * 1e6, wall / events * 1e6


WARM_UP = REQUEST_LOG_LIMIT + 100
"""Changes made before the counted ones: every log (the longest: the apps' requests and notifications) and
cache at its steady size, so that a counted change adds nothing that stays."""
VALGRIND_COUNT = re.compile(r"I\s+refs:\s+([\d,]+)")


def counted_burst(events: int, layer: str = "app") -> None:
    """What ``--instructions`` counts: a desktop of that ``layer`` (:data:`LAYERS`), warmed up, then
    ``events`` changes with the cyclic garbage collector off. Prints the net number of objects it
    tracks that those changes made (allocated less freed: what would make it work), then where
    ``scapi_widget`` was imported from.

    The outbox's clock stands still from the start (far ahead of the real one): once its window is full
    it holds every item, and no timer is due while the process lives, so what is sent does not depend on
    how fast the machine ran (under valgrind, and on a busy machine, that moves from run to run). The
    collector is off for the counted changes as its collections come in lumps whose place depends on the
    whole heap: with it on, a change to this benchmark's own set-up (an import, an argument) moved a
    count by 0.7%; with it off, 100,000 more objects and six more modules moved it by 0.03%."""
    import scapi_widget

    still = time.monotonic() + 1e6
    changed: Desktop | AgentDesktop
    if layer in ("model", "widget"):
        changed = AgentDesktop() if layer == "model" else Desktop(app=f"{APP_ORIGIN}/app.html")
        call = changed.simulate_inbound_call()
        changed.answer(call)
    else:
        changed, call, _sizes = subscribed_desktop(outbox_clock=lambda: still, subscribe=layer == "app")
    for i in range(WARM_UP):
        changed.set_user_data(call, {"Seq": i})
    gc.collect()
    gc.disable()
    for i in range(events):
        changed.set_user_data(call, {"Seq": i})
    print(gc.get_count()[0])
    print(Path(scapi_widget.__file__).resolve().parent.parent)


class Count(NamedTuple):
    """What one change costs, counted (see :func:`instructions`)."""

    instructions: float
    tracked: float
    """Objects the garbage collector tracks that one change leaves (made less freed)."""


def instructions(events: int, checkout: Path | None, layer: str = "app") -> Count:
    """What a change on ``layer`` costs: valgrind's count for a process making ``2 * events`` changes
    less the count for one making ``events`` (start-up and warm-up cancel out), over ``events``; and
    the same difference of the objects the collector tracks that the changes left."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind: apt-get install -y valgrind")
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same hashes, so the same dict layouts, in every run
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    counts, tracked = [], []
    for n in (events, 2 * events):
        command = [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        done = subprocess.run(
            [*command, sys.executable, __file__, "--counted-burst", str(n), "--layer", layer],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        found = VALGRIND_COUNT.search(done.stderr)
        if done.returncode or found is None:
            raise RuntimeError(f"the counted burst failed ({done.returncode}):\n{done.stdout}\n{done.stderr[-2000:]}")
        *_, left, path = done.stdout.strip().splitlines()
        imported = Path(path)
        if checkout is not None and imported != checkout.resolve():
            raise RuntimeError(f"scapi_widget came from {imported}, not from {checkout}")
        counts.append(int(found[1].replace(",", "")))
        tracked.append(int(left))
    return Count((counts[1] - counts[0]) / events, (tracked[1] - tracked[0]) / events)


def print_instructions(events: int, checkout: Path | None) -> None:
    ours = instructions(events, None)
    print(
        f"instructions per set_user_data change with an app subscribed ({events} changes counted): "
        f"{ours.instructions:,.0f}; tracked objects it leaves: {ours.tracked:.2f}"
    )
    if checkout is not None:
        theirs = instructions(events, checkout)
        print(
            f"{checkout}: {theirs.instructions:,.0f}; installed / compared: "
            f"{ours.instructions / theirs.instructions:.3f}; tracked objects it leaves: {theirs.tracked:.2f}"
        )


def print_layers(events: int) -> None:
    below = 0.0
    print(f"instructions per set_user_data change, layer by layer ({events} changes counted):")
    for layer, what in LAYERS.items():
        count = instructions(events, None, layer).instructions
        print(f"  {layer:<7} {count:>9,.0f}  adds {count - below:>8,.0f}  {what}")
        below = count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, help="changes per burst (10,000; 1,000 with --instructions)")
    parser.add_argument("--reps", type=int, default=3, help="bursts (the median is printed)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one burst")
    parser.add_argument("--instructions", action="store_true", help="count instructions per change (valgrind)")
    parser.add_argument("--compare", type=Path, help="with --instructions: also count them for this checkout")
    parser.add_argument("--layers", action="store_true", help="with --instructions: count each layer of the path")
    parser.add_argument("--counted-burst", type=int, help=argparse.SUPPRESS)  # the process --instructions counts
    parser.add_argument("--layer", choices=LAYERS, default="app", help=argparse.SUPPRESS)  # ... and its layer
    args = parser.parse_args()
    if args.counted_burst is not None:
        counted_burst(args.counted_burst, args.layer)
        return 0
    if (args.compare is not None or args.layers) and not args.instructions:
        parser.error("--compare and --layers go with --instructions")
    if args.compare is not None and args.layers:
        parser.error("--compare counts the app layer only: not with --layers")
    if args.instructions:
        if args.layers:
            print_layers(args.events or 1_000)
        else:
            print_instructions(args.events or 1_000, args.compare)
        return 0
    args.events = args.events or 10_000
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    costs, walls = [], []
    for _ in range(args.reps):
        desk, call, _sizes = subscribed_desktop()
        cpu, wall = burst(desk, call, args.events)
        costs.append(cpu)
        walls.append(wall)
        posted = len(desk.link.bridge.notification_log)
        desk.close()
        if not posted:
            raise RuntimeError("the app was not subscribed: nothing was posted")
    per_change = statistics.median(costs)
    print(
        f"set_user_data burst of {args.events} with an app subscribed: {per_change:.1f} µs CPU per change "
        f"(median of {args.reps}: {', '.join(f'{c:.1f}' for c in costs)}) = {1e6 / per_change:,.0f} changes/s; "
        f"wall {statistics.median(walls):.1f} µs"
    )
    if args.profile:
        desk, call, _sizes = subscribed_desktop()
        profiler = cProfile.Profile()
        profiler.enable()
        burst(desk, call, args.events)
        profiler.disable()
        desk.close()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
