"""App -> desktop -> app round trips (SCAPI ``agent.get``), measured inside the app frame.

Three paths in one run, so their ratios are comparable on a noisy machine:
  floor       the browser alone: the parent page answers in JavaScript (postMessage floor)
  harness     the widget's front end + Python desktop, no Jupyter (the light harness)
  jupyterlab  the widget in a real JupyterLab, through the kernel

Usage: python benchmarks/roundtrip.py [--n 200] [--skip-lab]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from playwright.sync_api import Page, sync_playwright

from scapi_widget.app_server import AppServer
from scapi_widget.testing import LightHarness, launch_chromium
from scapi_widget.testing.jupyterlab import JupyterLabServer
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


def run_jupyterlab(page: Page, n: int) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        root, work = Path(tmp, "root"), Path(tmp, "work")
        root.mkdir()
        (root / "app.html").write_text((PAGES / "app.html").read_text())
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell(
                "from pathlib import Path\nfrom scapi_widget import Desktop\ndesk = Desktop(app=Path('app.html'))\ndesk"
            )
        ]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / "bench.ipynb")
        lab = JupyterLabServer(root, work)
        try:
            page.set_default_timeout(60_000)
            lab.open_notebook(page, "bench.ipynb")
            lab.run_all_cells(page)
            return measure(page, "iframe[data-testid=app-frame-1]", n)
        finally:
            lab.stop()


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
            context = browser.new_context()
            results["jupyterlab"] = run_jupyterlab(context.new_page(), args.n)
            context.close()
        browser.close()
    server.close()
    floor = results["floor"].mean
    print(f"SCAPI agent.get round trips, {args.n} each, measured in the app frame (ms)")
    print(f"{'path':<12}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}{'mean / floor':>14}")
    for name, run in results.items():
        row = f"{run.p50:>9.1f}{run.p95:>9.1f}{max(run.times):>9.1f}{run.mean:>9.3f}{run.mean / floor:>14.0f}"
        print(f"{name:<12}{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
