"""Start-up in a real JupyterLab: from the start of a ``Desktop()`` cell (the built-in demo app) to
the app connected (the desktop's ``on_app_connected`` callback, in the kernel).

The notebook's last cell is run ``--reps`` times, each a new desktop with a new app frame; the
first run in a fresh kernel (imports, first app server) is shown apart from the repeats.

Usage: python benchmarks/startup.py [--reps 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from lab_session import LabSession, lab_session
from playwright.sync_api import sync_playwright

from scapi_widget.testing import launch_chromium

SETUP = "from scapi_widget import Desktop\nimport time\nstartup_ms = []"
START = """_begun = time.perf_counter()
start_desk = Desktop()
start_desk.on_app_connected(lambda app, _begun=_begun: startup_ms.append((time.perf_counter() - _begun) * 1e3))
start_desk"""
TIMEOUT = 60.0


def wait_for_count(lab: LabSession, count: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while lab.value("len(startup_ms)") < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the demo app did not connect within {TIMEOUT:.0f} s (start-up {count})")
        time.sleep(0.1)  # polls the kernel; the figure itself is taken in the kernel


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="start-ups after the first")
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context().new_page()
        with lab_session(page, [SETUP, START]) as lab:
            wait_for_count(lab, 1)
            for rep in range(args.reps):
                lab.run_last_cell()
                wait_for_count(lab, rep + 2)
            times: list[float] = lab.value("startup_ms")
        browser.close()
    first, repeats = times[0], times[1:]
    print("Start-up: Desktop() cell starts -> demo app connected, real JupyterLab (ms)")
    print(f"{'first in kernel':>16}{'median':>9}{'min':>9}{'max':>9}  (of {len(repeats)} repeats)")
    print(f"{first:>16.0f}{statistics.median(repeats):>9.0f}{min(repeats):>9.0f}{max(repeats):>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
