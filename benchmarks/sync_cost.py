"""What one desktop change costs the widget, as a session grows (no browser needed).

One change = ``set_user_data`` on a live call: the model mutates, emits its event, and the widget
mirrors the touched parts into its traitlets (``interactions``, ``actions``, ``events``).

  session length   the same change after 0 and after N earlier changes: the event log, request
                   log and traitlet values are bounded, so the ratio should stay near 1.0;
                   memory held after N and after 2N changes (both past the log limits) likewise.
  live calls       the same change with 1, 10 and 50 calls live at once: traitlets resync whole
                   values, so this grows with the live interactions (never with history).

Usage: python benchmarks/sync_cost.py [--changes 5000] [--reps 300]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc

from scapi_widget import Desktop


def desk_with_calls(live: int) -> tuple[Desktop, str]:
    desk = Desktop()
    ids = [desk.simulate_inbound_call(user_data={"CustomerId": f"C-{i}", "Notes": "x" * 80}) for i in range(live)]
    for call_id in ids:
        desk.answer(call_id)
    return desk, ids[0]


def change_costs_ms(desks: dict[str, tuple[Desktop, str]], reps: int) -> dict[str, float]:
    """Median milliseconds of one user data change on each desktop, taken in turns so that
    the machine's noise falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in desks}
    for rep in range(reps):
        for name, (desk, call_id) in desks.items():
            start = time.perf_counter()
            desk.set_user_data(call_id, {"Counter": rep})
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1e3 for name, values in times.items()}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=5000, help="earlier changes for the long session")
    parser.add_argument("--reps", type=int, default=300, help="timed changes per figure")
    args = parser.parse_args()

    print(f"per change, median of {args.reps} taken in turns (ms)")
    fresh = desk_with_calls(1)
    long = desk_with_calls(1)
    make_changes(*long, args.changes)
    costs = change_costs_ms({"fresh": fresh, "long": long}, args.reps)
    base, after = costs["fresh"], costs["long"]
    ratio = after / base
    print(f"  session length   fresh {base:7.3f}   after {args.changes} changes {after:7.3f}   ratio {ratio:5.2f}")
    print(f"                   events held {len(long[0].events)} (limit {long[0].event_log_limit})")

    live_counts = (1, 10, 50)
    by_live = change_costs_ms({str(live): desk_with_calls(live) for live in live_counts}, args.reps)
    cells = [(live, by_live[str(live)]) for live in live_counts]
    row = "   ".join(f"{live:>2} live {cost:7.3f} (x{cost / cells[0][1]:4.1f})" for live, cost in cells)
    print(f"  live calls       {row}")

    short_bytes = held_bytes_after(args.changes)
    long_bytes = held_bytes_after(2 * args.changes)
    print(
        f"memory held        after {args.changes} changes {short_bytes / 1024:5.0f} KiB   after {2 * args.changes} "
        f"{long_bytes / 1024:5.0f} KiB   ratio {long_bytes / short_bytes:5.2f}"
    )


if __name__ == "__main__":
    main()
