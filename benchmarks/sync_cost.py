"""What one desktop change costs in Python, as calls go live and as a session grows (no browser needed).

A change is made through the widget (a ``Desktop``, no view): the model mutates, emits its event, and
the widget sends the touched parts to its front end.

  live calls       ``set_user_data`` on a live call and ``voice.hold`` of one (resumed, untimed, before
                   the next hold), with 1, 10, 50 and 200 calls live at once; in µs, and as a ratio to
                   the same change with one live call. The desktops are built first and then measured in
                   turns (each repetition changes every desktop once), so the machine's drift falls on
                   all of them alike.
  user data beside the same ``set_user_data`` (one small key) on a call whose user data also holds 900 KB
                   in 900 keys, and 50,000 values (1,000 keys of 50 numbers each), as a ratio to a call
                   with a few small keys, taken in turns: the bound on an interaction's user data is
                   counted key by key as it changes, the change's event shares the values it did not
                   change, and the replica's entry copies only the changed keys; what is left grows
                   with the keys alone (two copies of the dict of keys: the event's, the entry's).
  session length   the same change after 0 and after N earlier changes: the event log, request log and
                   replica are bounded, so the ratio should stay near 1.0; memory held after N and after
                   2N changes (both past the log limits) likewise.

Usage: python benchmarks/sync_cost.py [--live 1 10 50 200] [--reps 300] [--changes 5000] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from goals import Record

from scapi_widget import Desktop

Change = Callable[[Desktop, str, int], None]


def set_user_data(desk: Desktop, call_id: str, rep: int) -> None:
    desk.set_user_data(call_id, {"Counter": rep})


def hold(desk: Desktop, call_id: str, rep: int) -> None:
    desk.voice.hold(call_id)


def resume(desk: Desktop, call_id: str) -> None:
    desk.voice.resume(call_id)


# name -> (the timed change, what undoes it untimed before the next, or None)
CHANGES: dict[str, tuple[Change, Callable[[Desktop, str], None] | None]] = {
    "set_user_data": (set_user_data, None),
    "voice.hold": (hold, resume),
}


def desk_with_calls(live: int) -> tuple[Desktop, str]:
    desk = Desktop()
    ids = [desk.simulate_inbound_call(user_data={"CustomerId": f"C-{i}", "Notes": "x" * 80}) for i in range(live)]
    for call_id in ids:
        desk.answer(call_id)
    return desk, ids[0]


def change_costs_us(desks: dict[str, tuple[Desktop, str]], change: str, reps: int) -> dict[str, float]:
    """Median µs of one ``change`` on each desktop, taken in turns so that the machine's drift falls on
    all of them alike."""
    timed, undo = CHANGES[change]
    times: dict[str, list[int]] = {name: [] for name in desks}
    for rep in range(reps):
        for name, (desk, call_id) in desks.items():
            start = time.perf_counter_ns()
            timed(desk, call_id, rep)
            times[name].append(time.perf_counter_ns() - start)
            if undo is not None:
                undo(desk, call_id)
    return {name: statistics.median(values) / 1e3 for name, values in times.items()}


def make_changes(desk: Desktop, call_id: str, count: int) -> None:
    for n in range(count):
        desk.set_user_data(call_id, {"History": n})


def held_bytes_after(changes: int) -> int:
    """Bytes still allocated by a desktop (with one live call) after ``changes`` changes."""
    gc.collect()
    tracemalloc.start()
    desk, call_id = desk_with_calls(1)
    make_changes(desk, call_id, changes)
    gc.collect()
    held, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del desk
    return held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--live", type=int, nargs="+", default=[1, 10, 50, 200], help="calls live at once")
    parser.add_argument("--reps", type=int, default=300, help="timed changes per figure")
    parser.add_argument("--changes", type=int, default=5000, help="earlier changes for the long session")
    parser.add_argument("--json", type=Path, help="also write the goal checks to this file (for summary.py)")
    args = parser.parse_args()
    record = Record("sync_cost.py", args.json)
    live_counts = sorted(set(args.live))

    desks = {str(live): desk_with_calls(live) for live in live_counts}
    print(f"Python per change by calls live at once: median of {args.reps} taken in turns (µs), x = ratio to 1 live")
    print(f"{'change':<16}" + "".join(f"{f'{live} live':>20}" for live in live_counts))
    for change in CHANGES:
        costs = change_costs_us(desks, change, args.reps)
        base = costs[str(live_counts[0])]
        print(
            f"{change:<16}"
            + "".join(f"{costs[str(live)]:>11.1f} (x{costs[str(live)] / base:5.2f})" for live in live_counts)
        )
        most = max(live_counts, key=lambda live: costs[str(live)])
        record.check(
            "python flat", f"{change}, {live_counts[-1]} / {live_counts[0]} live", costs[str(live_counts[-1])] / base
        )
        record.check("python cost", f"{change}, {most} live", costs[str(most)])
    for desk, _call_id in desks.values():
        desk.close()

    beside = {name: desk_with_calls(1) for name in ("small", "900 KB", "50,000 values")}
    beside["900 KB"][0].set_user_data(beside["900 KB"][1], {f"Text{i}": "x" * 1000 for i in range(900)})
    nested = {f"List{i}": list(range(50)) for i in range(1000)}
    beside["50,000 values"][0].set_user_data(beside["50,000 values"][1], nested)
    costs = change_costs_us(beside, "set_user_data", args.reps)
    figures = (f"{name} {cost:8.1f} µs (x{cost / costs['small']:6.2f})" for name, cost in costs.items())
    print("user data beside " + "   ".join(figures))
    for name in ("900 KB", "50,000 values"):
        ratio = costs[name] / costs["small"]
        record.check("python beside user data", f"set_user_data, beside {name} / a few keys", ratio)
    for desk, _call_id in beside.values():
        desk.close()

    fresh = desk_with_calls(1)
    long = desk_with_calls(1)
    make_changes(*long, args.changes)
    costs = change_costs_us({"fresh": fresh, "long": long}, "set_user_data", args.reps)
    base, after = costs["fresh"], costs["long"]
    print(f"session length   fresh {base:7.1f} µs   after {args.changes} changes {after:7.1f} µs", end="")
    print(f"   ratio {after / base:5.2f}")
    print(f"                 events held {len(long[0].events)} (limit {long[0].event_log_limit})")
    short_bytes = held_bytes_after(args.changes)
    long_bytes = held_bytes_after(2 * args.changes)
    print(
        f"memory held      after {args.changes} changes {short_bytes / 1024:5.0f} KiB   after {2 * args.changes} "
        f"{long_bytes / 1024:5.0f} KiB   ratio {long_bytes / short_bytes:5.2f}"
    )
    record.print_checks()
    record.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
