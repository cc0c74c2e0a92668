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

Beside each burst, its page floor: the same number of events, shaped as the last one the app received,
posted by the JupyterLab page itself to the same app frame in chunks of :attr:`Outbox.max_items` (the
most one comm message carries), each chunk a task of its own, as each comm message is: what the
browser alone costs to deliver them (no kernel, no widget), counted by the same page. Each post names
the frame's origin as its target, as the desktop's posts do (a desktop never posts to whatever document
a frame holds now); a second floor posts with ``"*"``, which the browser delivers faster. The app frame
is served by the kernel on 127.0.0.1, as the page is: one site, so one renderer's main thread runs the
page, the view and the app, and the floor is what that thread can do.

And the held burst: the same burst, its comm messages held while the cell's loop runs (the outbox
batches and numbers them as it would), then sent back to back; timed from their release to the last
arrival, it is what the page, the view and the server between cost a burst without the kernel's loop.

And the **widget floor**: the same number of events carried from the kernel to the same frame by a
minimal anywidget with no logic of its own (benchmarks/pages/fanout_floor_widget.py, in the same notebook):
its kernel loop makes each event whole (the app's last one, its Seq numbered), encodes it and sends a
thousand to a comm message; its view posts each to the frame. What any widget pays to fan events out of
a kernel on this platform, as the echo widget is what any widget pays for a round trip. A burst is judged
by it (at least 0.83 of its rate: a burst's time at most 1.2 times the floor's, as a mutation's round trip
against the echo); the page floors say what the browser alone would do.

A second table says what the burst, the held burst, the widget floor and the named floor (the floors over
their takes) cost in CPU time per event (:mod:`cpu_spent`): the renderer's main thread's (the page, the
view and the app frame run on it) and the whole machine's (every process: kernel, server, browser),
each from just before the take to the last arrival, with how busy the machine's cores were meanwhile.
Unlike a rate, CPU time does not count waiting for a turn on the CPU: when the cores are nearly all
busy, the machine's CPU per event, not any one process, bounds the rate.

Each floor is the median of ``--floor-takes`` takes (3) back to back: one take of a floor moves by
tens of percent from the next here. The burst, the held burst and the floors go in turns (ABBA) in
one page. Each burst is judged against the goals (none lost, in order, at least 20,000 events/s, and at
least 0.83 of the widget floor's rate).

``--trace``: after the measured takes, one more burst and (named) floor of each size with Chromium tracing on
(:mod:`page_busy`), and what the renderers' main threads were busy with per 1,000 events in each:
posting, a frame receiving the posts (the app's listener included), other scripts, drawing, garbage
collection, the rest. Tracing slows the page, so these takes are not the measured ones: they say
where a burst's page time goes beside the floor's.

``--compare CHECKOUT``: a checkout of scapi-widget with its front end built (``npm run build`` there), e.g. the
commit before a change unpacked with ``git archive``. Each burst is then taken ``--reps`` times by each side in
turns (ABBA), each take in a new page and kernel of one JupyterLab (the compared side's kernel importing
scapi_widget from the checkout), and the rates are printed side by side with their ratio; no floors, no goals.

Usage: python benchmarks/fanout.py [--bursts 10000 100000] [--quiet 5] [--floor-takes 3] [--json FILE] [--trace]
       python benchmarks/fanout.py --compare CHECKOUT [--reps 3] [--bursts ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from cpu_spent import MainThread, machine_busy
from goals import Record
from lab_session import NOTEBOOK, LabSession, lab_server, lab_session
from page_busy import PARTS, Busy, traced
from playwright.sync_api import FrameLocator, Page, sync_playwright

from scapi_widget.sync.outbox import Outbox
from scapi_widget.testing import launch_chromium

SETUP = """from pathlib import Path
from scapi_widget import Desktop
desk = Desktop(app=Path('counter.html'))
call = desk.simulate_inbound_call()
desk.answer(call)
desk"""

FLOOR_WIDGET = """from fanout_floor_widget import FanoutFloor  # pages/fanout_floor_widget.py, beside the notebook
fanout_floor = FanoutFloor()
fanout_floor"""

APP_FRAME = "iframe[data-testid=app-frame-1]"
CORES = os.cpu_count() or 1

BURST = """import time as _time
_messages_before = desk.link.channel.outbox.messages
_begun, _cpu_begun = _time.perf_counter(), _time.process_time()
for _i in range({n}):
    desk.set_user_data(call, {{"Seq": _i}})
burst_ms = (_time.perf_counter() - _begun) * 1e3
burst_cpu_ms = (_time.process_time() - _cpu_begun) * 1e3"""

# The same burst with the kernel's part done first: the outbox's messages are held while the loop runs
# (the outbox batches and numbers them as it would), then go to the comm back to back; the page's clock
# starts as they leave (epoch ms, as the counter's times are).
HELD_BURST = """import time as _time
from held_outbox import held_sends  # pages/held_outbox.py, beside the notebook
_held = held_sends(desk, call, {n})
_send = desk.link.channel.outbox._send
released_at = _time.time() * 1e3
for _message, _buffers in _held:
    _send(_message, _buffers)"""


NEXT_TASK_JS = """() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  })"""
"""A page function's wait for the next task (a message to itself: no timer's clamping)."""

# The page floor: posts n events like `template` (the app's last one, its Seq numbered again) to the app
# frame, a chunk per task; resolves with when it started (epoch ms, as the counter's times are).
FLOOR_JS = """async ([n, chunk, template, named]) => {
  const frame = document.querySelector("APP_FRAME");
  const target = frame.contentWindow;
  const targetOrigin = named ? new URL(frame.src).origin : "*";
  const nextTask = NEXT_TASK;
  const entry = template.data.interaction;
  const started = performance.timeOrigin + performance.now();
  for (let i = 0; i < n; i++) {
    const interaction = { ...entry, userData: { ...entry.userData, Seq: i } };
    target.postMessage({ ...template, data: { ...template.data, interaction } }, targetOrigin);
    if ((i + 1) % chunk === 0) await nextTask();
  }
  return started;
}""".replace("APP_FRAME", APP_FRAME).replace("NEXT_TASK", NEXT_TASK_JS)


CPU_TAKES = {
    "burst": "burst",
    "held events/s": "held",
    "widget floor events/s": "widget floor",
    "named floor events/s": "floor",
}
"""The takes whose CPU time is printed (:func:`print_cpu`), and the name each goes by there."""
CPU_COLUMNS = ["page", "machine", "cores busy %"]
"""What is printed of each of them: the renderer main thread's and the machine's CPU µs per event, and
the share of the machine's cores busy during it."""


def wait_for_arrivals(frame: FrameLocator, n: int, quiet: float) -> dict[str, Any]:
    """The counter's summary once all ``n`` events arrived, or none arrived for ``quiet`` seconds."""
    body = frame.locator("body")
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
    return summary


def rate(summary: dict[str, Any], started: float) -> float:
    """Events per second from ``started`` (epoch ms) to the last arrival."""
    elapsed = (summary["last"] - started) / 1000 if summary["last"] else float("nan")
    return float(summary["received"] / elapsed) if elapsed else 0.0


def burst(page: Page, frame: FrameLocator, lab: Any, n: int, quiet: float) -> dict[str, float]:
    """N ``set_user_data`` in one cell, as the app received them."""
    frame.locator("body").evaluate("() => window.resetCounter()")
    started: float = page.evaluate("() => performance.timeOrigin + performance.now()")
    lab.execute_until_reply(BURST.format(n=n))
    summary = wait_for_arrivals(frame, n, quiet)
    python_ms = float(lab.value("burst_ms"))
    cpu_ms = float(lab.value("burst_cpu_ms"))
    messages = int(lab.value("desk.link.channel.outbox.messages - _messages_before"))
    return {
        "sent": n,
        "received": summary["received"],
        "lost": n - summary["distinct"],
        "out of order": summary["outOfOrder"],
        "events/s": rate(summary, started),
        "python ms": python_ms,
        "kernel cpu µs/ev": cpu_ms * 1e3 / n,
        "comm msgs": messages,
    }


def held_burst(frame: FrameLocator, lab: Any, n: int, quiet: float) -> float:
    """Events/s of N ``set_user_data`` in one cell whose comm messages are held until the loop ended,
    from their release to the last arrival: what the page (and the server between) costs a burst."""
    frame.locator("body").evaluate("() => window.resetCounter()")
    lab.execute_until_reply(HELD_BURST.format(n=n))
    summary = wait_for_arrivals(frame, n, quiet)
    if summary["distinct"] != n or summary["outOfOrder"]:
        raise RuntimeError(f"the held burst lost events: {summary['distinct']} of {n} arrived, in order or not")
    released_at = float(lab.value("released_at"))
    if summary["first"] < released_at - 10:  # (the page's epoch clock and the kernel's agree within a few ms)
        raise RuntimeError("the held burst's first event arrived before its release: the outbox did not hold it")
    return rate(summary, released_at)


def floor_take(frame: FrameLocator, n: int, quiet: float, what: str, send: Callable[[dict[str, Any]], float]) -> float:
    """Events/s of one take of a floor (``what``): ``send(template)`` carries ``n`` events like
    ``template`` (the app's last one) to the app frame and returns when it started (epoch ms, the
    page's clock, as the counter's times are); timed to the last arrival, every event in order."""
    body = frame.locator("body")
    template = body.evaluate("() => window.counter.lastEvent")
    if not template:
        raise RuntimeError(f"the app received no event to take {what}'s events from")
    body.evaluate("() => window.resetCounter()")
    started = send(template)
    summary = wait_for_arrivals(frame, n, quiet)
    if summary["distinct"] != n or summary["outOfOrder"]:
        raise RuntimeError(f"{what} lost events: {summary['distinct']} of {n} arrived, in order or not")
    return rate(summary, started)


def page_floor(page: Page, frame: FrameLocator, n: int, quiet: float, *, named: bool = False) -> float:
    """Events/s of ``n`` events the page itself posts to the app frame (see the module's docstring);
    ``named``: each post names the frame's origin as its target, as the desktop's do, not ``"*"``."""

    def post(template: dict[str, Any]) -> float:
        started: float = page.evaluate(FLOOR_JS, [n, Outbox.max_items, template, named])
        return started

    return floor_take(frame, n, quiet, "the page floor", post)


def widget_floor(frame: FrameLocator, lab: Any, n: int, quiet: float) -> float:
    """Events/s of ``n`` events the widget floor carries from the kernel to the app frame (see the
    module's docstring), from the cell's start to the last arrival (the page's clock, as a burst's)."""

    def carry(template: dict[str, Any]) -> float:
        lab.execute(f"import json as _json; _template = _json.loads({json.dumps(json.dumps(template))})")
        started: float = frame.locator("body").evaluate("() => performance.timeOrigin + performance.now()")
        lab.execute_until_reply(f"fanout_floor.burst({n}, _template)")
        return started

    return floor_take(frame, n, quiet, "the widget floor", carry)


def median_floor(page: Page, frame: FrameLocator, n: int, args: argparse.Namespace, *, named: bool = False) -> float:
    """The median of ``args.floor_takes`` page floors taken back to back (see :func:`page_floor`)."""
    return statistics.median(page_floor(page, frame, n, args.quiet, named=named) for _ in range(args.floor_takes))


def median_widget_floor(frame: FrameLocator, lab: Any, n: int, args: argparse.Namespace) -> float:
    """The median of ``args.floor_takes`` widget floors taken back to back (see :func:`widget_floor`)."""
    return statistics.median(widget_floor(frame, lab, n, args.quiet) for _ in range(args.floor_takes))


def print_cpu(rows: list[dict[str, float]]) -> None:
    """The CPU table (see the docstring): a row per burst size, labelled ``cpu``."""
    print(f"CPU time per event, µs (page: the renderer's main thread; machine: every process, on {CORES} cores):")
    columns = [f"{take} {what}" for take in CPU_TAKES.values() for what in CPU_COLUMNS]
    print(f"{'':>4}{'events':>8}" + "".join(f"{c:>27}" for c in columns))
    for row in rows:
        print(f"cpu {row['events']:>8.0f}" + "".join(f"{row[c]:>27.1f}" for c in columns))


def print_page_busy(takes: list[tuple[str, int, Busy]]) -> None:
    """What the page's main threads did per 1,000 events in each traced take (see the docstring)."""
    print("Page main threads, ms per 1,000 events, traced takes (tracing slows the page):")
    print(f"{'take':>16}" + "".join(f"{column:>11}" for column in ["busy", *PARTS]))
    for label, n, spent in takes:
        figures = [spent.total, *spent.parts.values()]
        print(f"{label:>9} {n:>6}" + "".join(f"{value * 1000 / n:>11.1f}" for value in figures))
    print("  " + "; ".join(f"{name}: {meaning}" for name, meaning in PARTS.items()))


def compare(bursts: list[int], quiet: float, checkout: Path, reps: int) -> None:
    """The installed package's bursts and ``checkout``'s in turns, each in a new page and kernel (see the docstring)."""
    sides: list[Path | None] = [None, checkout.resolve()]
    rates: dict[tuple[Path | None, int], list[float]] = {(side, n): [] for side in sides for n in bursts}
    with sync_playwright() as pw, lab_server([SETUP]) as server:
        browser = launch_chromium(pw)
        for rep in range(reps):
            for side in sides if rep % 2 == 0 else sides[::-1]:  # ABBA
                context = browser.new_context()
                page = context.new_page()
                page.set_default_timeout(120_000)
                server.open_notebook(page, NOTEBOOK)
                lab = LabSession(page, server)
                if side is not None:
                    lab.import_checkout(side)
                lab.run_cell(0)
                frame = page.frame_locator(APP_FRAME).first
                frame.locator("[data-testid=subscribed]", has_text="subscribed").wait_for()
                name = side or "installed"
                for n in bursts:
                    print(f"burst of {n}, {name}, take {rep + 1} of {reps}...", file=sys.stderr, flush=True)
                    row = burst(page, frame, lab, n, quiet)
                    if row["lost"] or row["out of order"]:
                        raise RuntimeError(f"{name}: {row['lost']} lost, {row['out of order']} out of order")
                    rates[side, n].append(row["events/s"])
                page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
                context.close()
        browser.close()
    print(f"Fan-out, events/s, the installed package and {checkout} in turns (load average at the end:", end=" ")
    print(f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")

    def takes(values: list[float]) -> str:
        return f"{', '.join(f'{r:,.0f}' for r in values)} (median {statistics.median(values):,.0f})"

    for n in bursts:
        ours, theirs = rates[None, n], rates[sides[1], n]
        print(f"  {n:>7,} events: installed {takes(ours)}; compared {takes(theirs)}")
        print(f"  {'':>14} installed / compared, medians: {statistics.median(ours) / statistics.median(theirs):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bursts", type=int, nargs="+", default=[10_000, 100_000], help="events per burst")
    parser.add_argument("--quiet", type=float, default=5.0, help="seconds without arrivals that end a burst")
    parser.add_argument("--json", type=Path, help="also write the goal checks to this file (for summary.py)")
    parser.add_argument("--compare", type=Path, help="a checkout (front end built) whose bursts alternate with ours")
    parser.add_argument("--reps", type=int, default=3, help="with --compare: takes of each burst by each side")
    parser.add_argument("--floor-takes", type=int, default=3, help="takes of each floor (their median is printed)")
    parser.add_argument("--trace", action="store_true", help="also a traced burst and floor of each size (see above)")
    args = parser.parse_args()
    if args.compare is not None:
        if args.trace:
            parser.error("--trace is not taken with --compare")
        compare(args.bursts, args.quiet, args.compare, args.reps)
        return 0
    record = Record("fanout.py", args.json)
    rows = []
    cpu_rows: list[dict[str, float]] = []
    takes: list[tuple[str, int, Busy]] = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context().new_page()
        with lab_session(page, [SETUP, FLOOR_WIDGET]) as lab:
            frame = page.frame_locator(APP_FRAME).first
            frame.locator("[data-testid=subscribed]", has_text="subscribed").wait_for()
            thread = MainThread(page)
            for turn, n in enumerate(args.bursts):
                print(f"burst of {n} and its page floor...", file=sys.stderr, flush=True)
                figures: dict[str, Any] = {}
                steps: list[tuple[str, Callable[[], Any]]] = [
                    ("burst", partial(burst, page, frame, lab, n, args.quiet)),
                    ("held events/s", partial(held_burst, frame, lab, n, args.quiet)),
                    ("widget floor events/s", partial(median_widget_floor, frame, lab, n, args)),
                    ("named floor events/s", partial(median_floor, page, frame, n, args, named=True)),
                    ("floor events/s", partial(median_floor, page, frame, n, args)),
                ]
                cpu: dict[str, float] = {}
                for name, take in steps if turn % 2 == 0 else steps[::-1]:  # ABBA: drift falls on all alike
                    before, busy_before, began = thread.read(), machine_busy(), time.monotonic()
                    figures[name] = take()
                    if name in CPU_TAKES:
                        events = n * (args.floor_takes if "floor" in name else 1)
                        busy, elapsed = machine_busy() - busy_before, time.monotonic() - began
                        short = CPU_TAKES[name]
                        cpu[f"{short} page"] = thread.spent(before, events)["cpu"]
                        cpu[f"{short} machine"] = busy * 1e6 / events
                        cpu[f"{short} cores busy %"] = 100 * busy / elapsed / CORES
                cpu_rows.append({"events": n, **cpu})
                row = {**figures.pop("burst"), **figures}
                rows.append(
                    {
                        **row,
                        "of floor %": 100 * row["events/s"] / row["named floor events/s"],
                        "of widget floor %": 100 * row["events/s"] / row["widget floor events/s"],
                    }
                )
            for n in args.bursts if args.trace else []:
                print(f"traced burst of {n} and its page floor...", file=sys.stderr, flush=True)
                _, burst_busy = traced(browser, page, partial(burst, page, frame, lab, n, args.quiet))
                _, floor_busy = traced(browser, page, partial(page_floor, page, frame, n, args.quiet, named=True))
                takes += [("burst", n, burst_busy), ("floor", n, floor_busy)]
        browser.close()
    print("Fan-out: N set_user_data calls in one cell -> ATTACHED_DATA_CHANGED in a subscribed app frame,")
    print("real JupyterLab, server defaults (IOPub rate limit on); held: the burst's messages held until its loop")
    print("ended; named floor: the page's posts name the app's origin (of floor % is of it); floor: they say \"*\";")
    print("widget floor: a minimal anywidget carries the same events from the kernel to the app")
    columns = ["sent", "received", "lost", "out of order", "events/s", "held events/s", "named floor events/s"]
    columns += ["of floor %", "floor events/s", "widget floor events/s", "of widget floor %"]
    columns += ["python ms", "kernel cpu µs/ev", "comm msgs"]
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("".join(f"{c:>23}" for c in columns))
    for row in rows:
        print("".join(f"{row[c]:>23.0f}" for c in columns))
    print_cpu(cpu_rows)
    for row in rows:
        where = f"{row['sent']:,} events"
        record.check("fanout rate", where, row["events/s"])
        record.check("fanout of widget floor", where, row["of widget floor %"] / 100)
        record.check("fanout lost", where, row["lost"])
        record.check("fanout order", where, row["out of order"])
    if takes:
        print_page_busy(takes)
    record.print_checks()
    record.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
