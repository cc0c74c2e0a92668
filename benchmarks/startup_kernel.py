"""The kernel's own Python work in one start-up, without a browser or a comm: ``Desktop()``, then the
messages a view and the demo app send while it starts (``view-ready``, the app's ``subscribe``, its
``frame-loaded`` with the reads answered in the browser), each timed; the median of ``--reps`` desktops
(after one not counted).

What startup.py's breakdown cannot resolve on a loaded machine (its steps between the page and the
kernel are mostly waiting for a turn on the CPU) this measures alone, quickly. Compare two versions in
one shell: ``PYTHONPATH=/path/to/other/checkout python benchmarks/startup_kernel.py``.

Usage: python benchmarks/startup_kernel.py [--reps 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import scapi_widget
from scapi_widget import Desktop
from scapi_widget.serving.app_server import demo_app_folder, serve_folder

STEPS = ("Desktop()", "view-ready", "app's subscribe", "frame-loaded")
SUBSCRIBE = ["agent", "interaction", "media", "system", "markdone", "outbound"]


def one_startup() -> list[float]:
    """ms for each of STEPS, for a new desktop hosting the demo app in a view that reaches the loopback."""
    begun = time.perf_counter()
    desk = Desktop()
    made = time.perf_counter()
    server = serve_folder(demo_app_folder())
    place = {"pageOrigin": "http://127.0.0.1:8888", "jupyterBaseUrl": "/", "scapiServerExtension": True}
    desk.link.receive({"kind": "view-ready", "view": "v1", **place, "loopbackReach": server.reach_id})
    ready = time.perf_counter()
    client = {"userAgent": "WWE Client", "protocolVersion": 2}
    document = {"epoch": 1, "loads": 0}
    origin = server.origin
    subscribe = {"event": "subscribe", "data": SUBSCRIBE, "referenceId": "0", **client}
    desk.link.receive(
        {"kind": "scapi", "view": "v1", "n": 1, "frameId": 1, "document": document, "origin": origin, "data": subscribe}
    )
    subscribed = time.perf_counter()
    reads = ("agent.get", "agent.getStateList", "interaction.getInteractions")
    asked = [{"request": request, "referenceId": str(n), **client} for n, request in enumerate(reads, 1)]
    answered = [{"frameId": 1, "document": document, "origin": origin, "data": data, "answer": {}} for data in asked]
    loaded = {"kind": "frame-loaded", "view": "v1", "frameId": 1, "document": {"epoch": 1, "loads": 1}}
    desk.link.receive({**loaded, "answered": answered})
    connected = time.perf_counter()
    if not desk.desktop.frames.frames[1].connected:
        raise RuntimeError("the demo app did not connect")
    desk.close()
    return [(b - a) * 1e3 for a, b in ((begun, made), (made, ready), (ready, subscribed), (subscribed, connected))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=100, help="desktops timed")
    args = parser.parse_args()
    one_startup()  # the first: starts the demo app's server, imports what is imported late
    runs = [one_startup() for _ in range(args.reps)]
    print(f"The kernel's Python per start-up, median of {args.reps} (ms), scapi_widget from {scapi_widget.__file__}")
    for index, step in enumerate(STEPS):
        print(f"{step:<18}{statistics.median(run[index] for run in runs):8.3f}")
    print(f"{'total':<18}{statistics.median(sum(run) for run in runs):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
