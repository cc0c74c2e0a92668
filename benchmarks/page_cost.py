"""The page's side of a fan-out burst, without Jupyter: what the front end costs to deliver a burst's
events to a subscribed app, beside the page floor, in the light harness (the widget's real front end
in headless Chromium, Python's messages carried by a Playwright binding).

Each take makes a burst of N ``set_user_data`` in Python with the outbox's messages held (batched and
numbered as they would be), puts them in the page, then hands them to the view one message per task
(as a websocket's messages arrive) and times from the first to the last event the app frame received.
Its floor is ``fanout.py``'s: the page itself posts as many events shaped as the app's last one to
the same frame, naming its origin, a chunk per task. Takes alternate (ABBA). No kernel, server or
websocket is in the way: what is left is the view's own work (reading the items, applying their ops,
posting, drawing) against what the browser alone costs.

Two measures of each take: its rate (first event handed over to last one received), which moves by
tens of percent from take to take on a busy machine, and the CPU time the renderer's main thread
spent on it (Chromium's ``Performance.getMetrics``: every frame of the page is of its site, so one
renderer's main thread runs the page, the view and the app), which moves much less: µs per event,
with how much of it went to scripts, to style and layout, and the rest (posting, receiving, tasks).
The medians of each, and the view's over the floor's, are printed.

``--profile``: one more take of each, sampled by Chromium's CPU profiler (every frame of the page runs
on its main thread here), and the functions with the most self time in each.

Usage: python benchmarks/page_cost.py [--events 10000] [--takes 4] [--profile]
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from cpu_spent import METRICS, MainThread
from fanout import APP_FRAME, NEXT_TASK_JS, page_floor, rate, wait_for_arrivals
from pages.held_outbox import held_sends
from playwright.sync_api import FrameLocator, Page, sync_playwright

from scapi_widget import Desktop
from scapi_widget.serving.app_server import AppServer
from scapi_widget.testing import LightHarness, launch_chromium

PAGES = Path(__file__).parent / "pages"

# Hands the held messages to the view, one per task; resolves with when it started (epoch ms).
DELIVER_JS = """async (messages) => {
  const nextTask = NEXT_TASK;
  const started = performance.timeOrigin + performance.now();
  for (const message of messages) {
    window.__harness.deliver([message]);
    await nextTask();
  }
  return started;
}""".replace("NEXT_TASK", NEXT_TASK_JS)


def held_messages(desk: Desktop, call: str, n: int) -> list[dict[str, Any]]:
    """The comm messages of ``n`` changes, held from the view while they are made
    (:func:`pages.held_outbox.held_sends`), as the harness page reads them
    (``{"method": "custom", "content", "buffers"}``, buffers as text)."""
    return [
        {"method": "custom", "content": message, "buffers": [bytes(b).decode("utf-8") for b in buffers]}
        for message, buffers in held_sends(desk, call, n)
    ]


class Take(NamedTuple):
    rate: float
    """Events/s, the first event handed over to the last one received."""
    spent: dict[str, float]
    """µs of the main thread per event (:meth:`MainThread.spent`)."""


def view_take(page: Page, frame: FrameLocator, thread: MainThread, desk: Desktop, call: str, n: int) -> Take:
    """A held burst handed to the view (see the module's docstring)."""
    messages = held_messages(desk, call, n)
    page.evaluate("(messages) => { window.__held = messages; }", messages)
    frame.locator("body").evaluate("() => window.resetCounter()")
    before = thread.read()
    started: float = page.evaluate(f"async () => ({DELIVER_JS})(window.__held)")
    summary = wait_for_arrivals(frame, n, 5)
    spent = thread.spent(before, n)
    page.evaluate("() => { delete window.__held; }")
    if summary["distinct"] != n or summary["outOfOrder"]:
        lost = f"{summary['distinct']} of {n} arrived ({summary['outOfOrder']} out of order)"
        raise RuntimeError(f"the view lost events: {lost}")
    return Take(rate(summary, started), spent)


def floor_take(page: Page, frame: FrameLocator, thread: MainThread, n: int) -> Take:
    """The page floor (``fanout.py``'s :func:`~fanout.page_floor`, naming the frame's origin)."""
    before = thread.read()
    per_second = page_floor(page, frame, n, 5, named=True)
    return Take(per_second, thread.spent(before, n))


def self_times(profile: dict[str, Any], top: int) -> list[tuple[str, float]]:
    """The ``top`` functions by self time (ms) in a CPU profile (Chromium's ``Profiler.stop``)."""
    nodes = profile["nodes"]
    deltas = profile.get("timeDeltas") or []
    samples = profile.get("samples") or []
    by_id = {node["id"]: node for node in nodes}
    spent: Counter[str] = Counter()
    for sample, delta in zip(samples, [*deltas[1:], 0], strict=True):
        frame = by_id[sample]["callFrame"]
        where = Path(frame["url"]).name or "(page)"
        spent[f"{frame['functionName'] or '(anonymous)'} {where}:{frame['lineNumber'] + 1}"] += delta / 1000
    return spent.most_common(top)


def profiled(page: Page, take: Callable[[], Take]) -> list[tuple[str, float]]:
    """The functions with the most self time (ms) in ``take``, sampled by Chromium's CPU profiler."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 100})
    cdp.send("Profiler.start")
    take()
    profile = cdp.send("Profiler.stop")["profile"]
    cdp.detach()
    return self_times(profile, 20)


def row(name: str, take: Take) -> str:
    return f"{name:<6} {take.rate:>9,.0f} " + " ".join(f"{v:>22.1f}" for v in take.spent.values())


def median(takes: list[Take]) -> Take:
    spent = {what: statistics.median(t.spent[what] for t in takes) for what in takes[0].spent}
    return Take(statistics.median(t.rate for t in takes), spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000, help="events per take")
    parser.add_argument("--takes", type=int, default=4, help="takes of each (in ABBA order)")
    parser.add_argument("--profile", action="store_true", help="also profile one take of each")
    args = parser.parse_args()
    n = args.events
    server = AppServer()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        desk = Desktop(app=PAGES / "counter.html")
        harness = LightHarness(page, desk, server)
        frame = page.frame_locator(APP_FRAME)
        subscribed = frame.locator("[data-testid=subscribed]")
        harness.wait_until(lambda: subscribed.text_content() == "subscribed", 20, "the counter app to subscribe")
        call = desk.simulate_inbound_call()
        desk.answer(call)
        harness.flush()
        thread = MainThread(page)
        takes: dict[str, Callable[[], Take]] = {
            "view": lambda: view_take(page, frame, thread, desk, call, n),
            "floor": lambda: floor_take(page, frame, thread, n),
        }
        view_take(page, frame, thread, desk, call, 1000)  # warm up: the first events, and a template for the floor
        floor_take(page, frame, thread, 1000)
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'take':<6} {'events/s':>9} " + " ".join(f"{what + ' µs/ev':>22}" for what in [*METRICS, "rest"]))
        done: dict[str, list[Take]] = {"view": [], "floor": []}
        for i in range(args.takes * 2):
            name = ("view", "floor", "floor", "view")[i % 4]
            done[name].append(takes[name]())
            print(row(name, done[name][-1]))
        view, floor = median(done["view"]), median(done["floor"])
        print(f"medians of {args.takes} takes of {n:,} events:")
        print(row("view", view))
        print(row("floor", floor))
        extra = view.spent["cpu"] - floor.spent["cpu"]
        print(
            f"view / floor: rate {view.rate / floor.rate:.2f}; main thread CPU per event "
            f"{view.spent['cpu'] / floor.spent['cpu']:.2f} times the floor's (+{extra:.1f} µs)"
        )
        if args.profile:
            for name, make in takes.items():
                print(f"self time in a profiled take of the {name} (ms):")
                for where, ms in profiled(page, make):
                    print(f"  {ms:8.1f}  {where}")
        browser.close()
    server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
