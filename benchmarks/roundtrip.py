"""App -> desktop -> app round trips, measured inside the app frame, for two kinds of request:

  read      ``agent.get``: answered in the browser from the front end's replica (no Python) when the
            frame may ask it and has nothing else in flight
  mutation  ``agent.setState`` alternating NotReady / Ready: always goes to Python and back

Paths, all in one run so their ratios are comparable on a noisy machine:
  floor       the browser alone: the parent page answers in JavaScript (postMessage floor)
  harness     the widget's front end + Python desktop, no Jupyter (the light harness)
  lab         the widget in a real JupyterLab, through the kernel, with scapi-widget's server
              extension setting TCP_NODELAY on the kernel websocket (its default), and beside it
              the platform floor: a minimal anywidget echo widget in the same notebook
  lab -nodelay  the same in a second JupyterLab run with --ScapiWidget.kernel_nodelay=False

Single trips are read off the frame's performance.now() (0.1 ms resolution in Chromium); the mean
comes from the whole run's duration. Below the table: how many of the ``agent.get`` requests the
desktop logged were answered in the browser.

Usage: python benchmarks/roundtrip.py [--n 200] [--skip-lab]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lab_session import lab_session
from playwright.sync_api import Page, sync_playwright

from scapi_widget.app_server import AppServer
from scapi_widget.testing import LightHarness, launch_chromium
from scapi_widget.widget import Desktop

PAGES = Path(__file__).parent / "pages"
WARMUP = 20
# kind -> (request, the parameters of trip i cycle through these; None: no parameters)
KINDS: dict[str, tuple[str, list[list[str]] | None]] = {
    "read": ("agent.get", None),
    "mutation": ("agent.setState", [["NotReady"], ["Ready"]]),
}
# How many of the agent.get requests the desktop logged were answered in the browser: [browser, logged].
# One definition, run here and in the JupyterLab kernel.
READS_LOGGED = """def reads_logged(desk):
    reads = [e for e in desk.request_log if e["request"] == "agent.get"]
    return [sum(1 for e in reads if e.get("answeredBy") == "browser"), len(reads)]"""
namespace: dict[str, Any] = {}
exec(READS_LOGGED, namespace)


@dataclass(frozen=True)
class Run:
    """Round trips of one path: each one (0.1 ms timer resolution) and the whole run's duration."""

    times: list[float]
    total: float

    @property
    def mean(self) -> float:
        return self.total / len(self.times)

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(page: Page, frame_selector: str, n: int, kind: str) -> Run:
    """``n`` round trips of ``kind`` from the app frame, after a warm-up; every reply must be a success."""
    request, cycle = KINDS[kind]
    frame = page.frame_locator(frame_selector).first
    frame.get_by_test_id("loaded").wait_for()
    body = frame.locator("body")
    script = "(_body, [n, request, cycle]) => window.measureRoundTrips(n, request, cycle)"
    # Locator.evaluate passes the element first, the argument second.
    for count in (WARMUP, n):
        result = body.evaluate(script, [count, request, cycle])
        if result["failed"] or len(result["times"]) != count:
            failed, got = result["failed"], len(result["times"])
            raise RuntimeError(f"{request}: {failed} of {got} replies failed ({count} asked)")
    return Run(result["times"], result["total"])


def measure_kinds(page: Page, frame_selector: str, n: int) -> dict[str, Run]:
    """Reads then mutations (a mutation goes to Python after the reads' reports: the log is complete)."""
    return {kind: measure(page, frame_selector, n, kind) for kind in KINDS}


def run_floor(page: Page, server: AppServer, n: int) -> tuple[dict[str, Run], list[int]]:
    page.goto(server.mount(PAGES) + "floor.html")
    return {"postMessage": measure(page, "#app", n, "read")}, []


def run_harness(page: Page, server: AppServer, n: int) -> tuple[dict[str, Run], list[int]]:
    desk = Desktop(app=PAGES / "app.html")
    LightHarness(page, desk, server)
    runs = measure_kinds(page, "iframe[data-testid=app-frame-1]", n)
    logged: list[int] = namespace["reads_logged"](desk)
    return runs, logged


DESKTOP_CELL = "from pathlib import Path\nfrom scapi_widget import Desktop\ndesk = Desktop(app=Path('app.html'))\ndesk"
ECHO_CELL = "from echo_widget import Echo  # pages/echo_widget.py, beside the notebook\nEcho()"


def run_jupyterlab(page: Page, n: int, nodelay: bool) -> tuple[dict[str, Run], list[int]]:
    """Reads and mutations from the app frame, and the echo floor beside them, in one JupyterLab (with or
    without scapi-widget's TCP_NODELAY on the kernel websocket)."""
    cells = [DESKTOP_CELL, ECHO_CELL]
    extra = [] if nodelay else ["--ScapiWidget.kernel_nodelay=False"]
    with lab_session(page, cells, extra) as lab:
        results = measure_kinds(page, "iframe[data-testid=app-frame-1]", n)
        page.wait_for_function("() => typeof window.echoRoundTrips === 'function'")
        page.evaluate("(n) => window.echoRoundTrips(n)", WARMUP)
        echo = page.evaluate("(n) => window.echoRoundTrips(n)", n)
        results["echo floor"] = Run(echo["times"], echo["total"])
        sockets = lab.extension_status()["kernelSockets"]
        if not sockets or any(s["nodelay"] != nodelay for s in sockets):
            raise RuntimeError(f"expected TCP_NODELAY={nodelay} on the kernel websockets, the server reports {sockets}")
        lab.execute(READS_LOGGED)
        logged: list[int] = lab.value("reads_logged(desk)")
        return results, logged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help=f"round trips per path and kind (after {WARMUP} warm-up)")
    parser.add_argument("--skip-lab", action="store_true", help="leave out the JupyterLab paths")
    args = parser.parse_args()
    results: dict[str, Run] = {}
    answered: dict[str, list[int]] = {}
    server = AppServer()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        paths: list[tuple[str, Callable[[Page], tuple[dict[str, Run], list[int]]]]] = [
            ("floor", lambda page: run_floor(page, server, args.n)),
            ("harness", lambda page: run_harness(page, server, args.n)),
        ]
        if not args.skip_lab:
            paths += [
                ("lab", lambda page: run_jupyterlab(page, args.n, nodelay=True)),
                ("lab -nodelay", lambda page: run_jupyterlab(page, args.n, nodelay=False)),
            ]
        for label, runner in paths:
            context = browser.new_context()
            runs, logged = runner(context.new_page())
            context.close()
            results.update({f"{label} {kind}": run for kind, run in runs.items()})
            if logged:
                answered[label] = logged
        browser.close()
    server.close()
    floor = results["floor postMessage"].mean
    print(f"SCAPI round trips measured in the app frame, {args.n} each (ms): read = agent.get,")
    print("mutation = agent.setState NotReady/Ready; echo floor = a minimal anywidget echo in the same JupyterLab")
    print(f"{'path':<26}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}{'mean / floor':>14}{'p50 / echo':>12}")
    for name, run in results.items():
        row = f"{run.p50:>9.2f}{run.p95:>9.2f}{max(run.times):>9.2f}{run.mean:>9.3f}{run.mean / floor:>14.1f}"
        echo = results.get(f"{name.rsplit(' ', 1)[0]} echo floor") if name.startswith("lab") else None
        row += f"{run.p50 / echo.p50:>12.2f}" if echo and "echo" not in name else ""
        print(f"{name:<26}{row}")
    print("agent.get answered in the browser, of those the desktop logged: ", end="")
    print(", ".join(f"{label} {browser_}/{logged}" for label, (browser_, logged) in answered.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
