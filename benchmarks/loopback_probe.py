"""What the view's loopback question costs before it is ready (js/reach.js's askLoopback, as widget.js asks
it): a page of one origin asks (HEAD) the kernel's app server's ``/.scapi-widget/reach`` at another, in headless
Chromium. Answered (browser and kernel on one machine) and refused (nothing on that port: a browser on another
machine), in ms: how much later a view is ready.

Usage: python benchmarks/loopback_probe.py [--n 50]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from scapi_widget.serving.app_server import REACH_HEADER, REACH_PATH, FolderServer
from scapi_widget.testing import launch_chromium
from scapi_widget.testing.servers import free_port

PAGES = Path(__file__).parent / "pages"
ASK = """async ([url, header]) => {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: "HEAD", credentials: "omit", cache: "no-store" });
    response.headers.get(header);
  } catch {}
  return performance.now() - started;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="questions per case")
    n = parser.parse_args().n
    kernel, notebook = FolderServer(PAGES), FolderServer(PAGES)  # the app's server, the page's origin
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = browser.new_page()
            page.goto(f"{notebook.origin}/floor.html")
            cases = {
                "answered": kernel.origin + REACH_PATH,
                "refused": f"http://127.0.0.1:{free_port()}{REACH_PATH}",
            }
            print(f"{'loopback question':<20}{'p50':>8}{'p95':>8}{'max':>8}   (ms, n={n})")
            for name, url in cases.items():
                times = sorted(page.evaluate(ASK, [url, REACH_HEADER]) for _ in range(n))
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                print(f"{name:<20}{statistics.median(times):>8.2f}{p95:>8.2f}{times[-1]:>8.2f}")
            browser.close()
    finally:
        kernel.close()
        notebook.close()


if __name__ == "__main__":
    main()
