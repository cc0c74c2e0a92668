"""App -> desktop -> app round trips (SCAPI ``agent.get``), measured inside the app frame.

Three paths in one run, so their ratios are comparable on a noisy machine:
  floor       the browser alone: the parent page answers in JavaScript (postMessage floor)
  harness     the widget's front end + Python desktop, no Jupyter (the light harness)
  lab         the widget in a real JupyterLab, through the kernel, with scapi-widget's server
              extension setting TCP_NODELAY on the kernel websocket (its default), and beside it
              the platform floor: a minimal anywidget echo widget in the same notebook
  lab -nodelay  the same in a second JupyterLab run with --ScapiWidget.kernel_nodelay=False

Usage: python benchmarks/roundtrip.py [--n 200] [--skip-lab]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from lab_session import lab_session
from playwright.sync_api import Page, sync_playwright

from scapi_widget.app_server import AppServer
from scapi_widget.testing import LightHarness, launch_chromium
from scapi_widget.widget import Desktop

PAGES = Path(__file__).parent / "pages"
WARMUP = 20


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


def measure(page: Page, frame_selector: str, n: int) -> Run:
    frame = page.frame_locator(frame_selector).first
    frame.get_by_test_id("loaded").wait_for()
    body = frame.locator("body")
    # Locator.evaluate passes the element first, the argument second.
    body.evaluate("(_body, n) => window.measureRoundTrips(n, 'agent.get')", WARMUP)
    result = body.evaluate("(_body, n) => window.measureRoundTrips(n, 'agent.get')", n)
    if len(result["times"]) != n:
        raise RuntimeError(f"expected {n} round trips, measured {len(result['times'])}")
    return Run(result["times"], result["total"])


def run_floor(page: Page, server: AppServer, n: int) -> Run:
    page.goto(server.mount(PAGES) + "floor.html")
    return measure(page, "#app", n)


def run_harness(page: Page, server: AppServer, n: int) -> Run:
    LightHarness(page, Desktop(app=PAGES / "app.html"), server)
    return measure(page, "iframe[data-testid=app-frame-1]", n)


DESKTOP_CELL = "from pathlib import Path\nfrom scapi_widget import Desktop\ndesk = Desktop(app=Path('app.html'))\ndesk"
ECHO_CELL = """import anywidget
class Echo(anywidget.AnyWidget):
    _esm = Path("echo.js")
    def __init__(self):
        super().__init__()
        self.on_msg(lambda widget, content, buffers: widget.send(content))
Echo()"""


def run_jupyterlab(page: Page, n: int, nodelay: bool) -> dict[str, Run]:
    """agent.get from the app frame, and the echo floor beside it, in one JupyterLab (with or without
    scapi-widget's TCP_NODELAY on the kernel websocket)."""
    cells = [DESKTOP_CELL, ECHO_CELL]
    extra = [] if nodelay else ["--ScapiWidget.kernel_nodelay=False"]
    with lab_session(page, cells, extra) as lab:
        results = {"agent.get": measure(page, "iframe[data-testid=app-frame-1]", n)}
        page.wait_for_function("() => typeof window.echoRoundTrips === 'function'")
        page.evaluate("(n) => window.echoRoundTrips(n)", WARMUP)
        echo = page.evaluate("(n) => window.echoRoundTrips(n)", n)
        results["echo floor"] = Run(echo["times"], echo["total"])
        sockets = lab.extension_status()["kernelSockets"]
        if not sockets or any(s["nodelay"] != nodelay for s in sockets):
            raise RuntimeError(f"expected TCP_NODELAY={nodelay} on the kernel websockets, the server reports {sockets}")
        return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help=f"round trips per path (after {WARMUP} warm-up)")
    parser.add_argument("--skip-lab", action="store_true", help="leave out the JupyterLab path")
    args = parser.parse_args()
    results: dict[str, Run] = {}
    server = AppServer()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        paths = [("floor", run_floor), ("harness", run_harness)]
        for name, runner in paths:
            context = browser.new_context()
            results[name] = runner(context.new_page(), server, args.n)
            context.close()
        if not args.skip_lab:
            for nodelay, label in ((True, "lab"), (False, "lab -nodelay")):
                context = browser.new_context()
                for name, run in run_jupyterlab(context.new_page(), args.n, nodelay).items():
                    results[f"{label} {name}"] = run
                context.close()
        browser.close()
    server.close()
    floor = results["floor"].mean
    print(f"SCAPI agent.get round trips, {args.n} each, measured in the app frame (ms)")
    print(f"{'path':<24}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}{'mean / floor':>14}")
    for name, run in results.items():
        row = f"{run.p50:>9.1f}{run.p95:>9.1f}{max(run.times):>9.1f}{run.mean:>9.3f}{run.mean / floor:>14.0f}"
        print(f"{name:<24}{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
