"""The kernel's side of a fan-out burst, without a browser: what each ``set_user_data`` of a burst
costs in Python with an app subscribed to interaction events (the loop of ``fanout.py``'s cell).

The widget has one view (a stand-in that never acks, as during a cell without a kernel subshell)
and a frame subscribed to interaction events; every comm message is encoded as the kernel encodes
it (``json_packer``; its buffer of items goes as it is). Prints µs per change over the burst (the
outbox's sends included) and, with ``--profile``, the top of a cProfile of one burst.

Usage: python benchmarks/burst_cost.py [--events 10000] [--reps 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from typing import Any

from scapi_widget import Desktop
from scapi_widget.testing.comm_capture import capture_comm, kernel_bytes

APP_ORIGIN = "https://app.example"
SUBSCRIBE = {"event": "subscribe", "data": ["interaction"], "referenceId": "s", "userAgent": "WWE Client"}


def subscribed_desktop() -> tuple[Desktop, str, list[int]]:
    """A desktop with a live call and one frame subscribed to interaction events; returns it, the
    call, and the sizes of the comm messages it sends from now on."""
    desk = Desktop(app=f"{APP_ORIGIN}/app.html")
    call = desk.simulate_inbound_call()
    desk.answer(call)
    sizes: list[int] = []
    capture_comm(desk, lambda data, buffers: sizes.append(kernel_bytes(data, buffers)), raw=True)

    def view_sends(**content: Any) -> None:
        desk.link.receive({"view": "v1", **content})

    view_sends(kind="view-ready", pageOrigin="http://127.0.0.1:8888")
    view_sends(kind="frame-loaded", frameId=1)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000, help="changes per burst")
    parser.add_argument("--reps", type=int, default=3, help="bursts (the median is printed)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one burst")
    args = parser.parse_args()
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
