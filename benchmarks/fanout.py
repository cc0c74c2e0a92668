"""A burst of events from Python to a subscribed app, in a real JupyterLab with the server's
default settings (IOPub rate limit on).

One cell calls ``desk.set_user_data`` N times in a loop on a live call; each call is one
ATTACHED_DATA_CHANGED event carrying ``{"Seq": i}``. The hosted page (benchmarks/pages/counter.html)
is subscribed to interaction events and counts them by Seq: received, lost, out of order, and
events per second from the cell's start to the last arrival. Beside them: the kernel-side time of
the loop (wall, and the kernel process's CPU time per event, all its threads: on a busy machine
the wall time says how much CPU the kernel got, the CPU time what the burst cost it), and the
comm messages the widget's outbox sent for the burst (``desk.link.channel.outbox``: the events
are batched and coalesced, so far fewer messages than events). A burst is over when
all N arrived or nothing arrived for ``--quiet`` seconds.

Each burst is judged against the goals (none lost, in order, at least 20,000 events/s).

Usage: python benchmarks/fanout.py [--bursts 10000 100000] [--quiet 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from goals import Record
from lab_session import lab_session
from playwright.sync_api import FrameLocator, Page, sync_playwright

from scapi_widget.testing import launch_chromium

SETUP = """from pathlib import Path
from scapi_widget import Desktop
desk = Desktop(app=Path('counter.html'))
call = desk.simulate_inbound_call()
desk.answer(call)
desk"""

BURST = """import time as _time
_messages_before = desk.link.channel.outbox.messages
_begun, _cpu_begun = _time.perf_counter(), _time.process_time()
for _i in range({n}):
    desk.set_user_data(call, {{"Seq": _i}})
burst_ms = (_time.perf_counter() - _begun) * 1e3
burst_cpu_ms = (_time.process_time() - _cpu_begun) * 1e3"""


def burst(page: Page, frame: FrameLocator, lab: Any, n: int, quiet: float) -> dict[str, float]:
    body = frame.locator("body")
    body.evaluate("() => window.resetCounter()")
    started: float = page.evaluate("() => performance.timeOrigin + performance.now()")
    lab.execute_until_reply(BURST.format(n=n))
    # Over when every event arrived, or when none arrived for `quiet` seconds.
    body.evaluate(
        """async (_body, [n, quietMs]) => {
             let lastCount = -1, lastChange = Date.now();
             while (true) {
               const c = window.counter;
               if (c.received !== lastCount) { lastCount = c.received; lastChange = Date.now(); }
               if (c.seen.size >= n || Date.now() - lastChange > quietMs) return;
               await new Promise((r) => setTimeout(r, 50));
             }
           }""",
        [n, quiet * 1000],
    )
    summary: dict[str, Any] = body.evaluate("() => window.counterSummary()")
    python_ms = float(lab.value("burst_ms"))
    cpu_ms = float(lab.value("burst_cpu_ms"))
    messages = int(lab.value("desk.link.channel.outbox.messages - _messages_before"))
    elapsed = (summary["last"] - started) / 1000 if summary["last"] else float("nan")
    return {
        "sent": n,
        "received": summary["received"],
        "lost": n - summary["distinct"],
        "out of order": summary["outOfOrder"],
        "events/s": summary["received"] / elapsed if elapsed else 0.0,
        "python ms": python_ms,
        "kernel cpu µs/ev": cpu_ms * 1e3 / n,
        "comm msgs": messages,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bursts", type=int, nargs="+", default=[10_000, 100_000], help="events per burst")
    parser.add_argument("--quiet", type=float, default=5.0, help="seconds without arrivals that end a burst")
    parser.add_argument("--json", type=Path, help="also write the goal checks to this file (for summary.py)")
    args = parser.parse_args()
    record = Record("fanout.py", args.json)
    rows = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context().new_page()
        with lab_session(page, [SETUP]) as lab:
            frame = page.frame_locator("iframe[data-testid=app-frame-1]").first
            frame.locator("[data-testid=subscribed]", has_text="subscribed").wait_for()
            for n in args.bursts:
                print(f"burst of {n}...", file=sys.stderr, flush=True)
                rows.append(burst(page, frame, lab, n, args.quiet))
        browser.close()
    print("Fan-out: N set_user_data calls in one cell -> ATTACHED_DATA_CHANGED in a subscribed app frame,")
    print("real JupyterLab, server defaults (IOPub rate limit on)")
    columns = ["sent", "received", "lost", "out of order", "events/s", "python ms", "kernel cpu µs/ev", "comm msgs"]
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("".join(f"{c:>17}" for c in columns))
    for row in rows:
        print("".join(f"{row[c]:>17.0f}" for c in columns))
    for row in rows:
        where = f"{row['sent']:,} events"
        record.check("fanout rate", where, row["events/s"])
        record.check("fanout lost", where, row["lost"])
        record.check("fanout order", where, row["out of order"])
    record.print_checks()
    record.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
