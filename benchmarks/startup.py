"""Start-up in a fresh JupyterLab session: from the start of a ``Desktop()`` cell (the built-in demo app) to
the app connected (the desktop's ``on_app_connected`` callback, in the kernel), with where the time goes,
beside the platform's floor measured the same way in the same run.

Each repeat opens the notebook in a new browser page, on which JupyterLab starts a new kernel; a first
request imports scapi-widget (not timed: a notebook imports before it makes a desktop), then the
notebook's cell makes, shows and times the desktop; the kernel is shut down after. So every start-up is
the first of its kernel and of its page.

The floor (``pages/hello_floor.py``) is the least any widget that hosts an app which says hello to the
kernel pays in this JupyterLab: a minimal anywidget whose view, as it renders, makes a frame loading a
tiny page that its Python serves on the kernel's 127.0.0.1 (a port of its own, as the desktop's demo app
is served when the browser reaches the kernel's loopback, which it does here), sandboxed as the desktop's
app frame is there; the page's script posts a hello to its parent, the view forwards it with
``model.send``, and the floor's start-up ends when the kernel hears it (``on_msg``). Its cell is timed as
the desktop's (its module imported in the untimed setup). Each repeat makes one start-up of each, each in
a new page and kernel, in turns (ABBA: scapi-widget then the floor, then the floor first), and the run
fails unless both frames carried the same sandbox attribute and were served alike. What the floor leaves
out is scapi-widget's own: the view's questions (is the kernel's loopback reachable, is the server
extension there) and the ``view-ready`` round trip to the kernel before the frame is made, the demo app's
page (heavier than a hello), and the app's load report that "connected" waits for.

Printed: each side's median, min and max and breakdown, the difference and ratio of the medians, and
the median of each repeat's difference (its two start-ups taken back to back). Goal checks: the absolute
median ("startup") and the median minus the floor's ("startup over floor": scapi-widget's own cost on top
of the platform's, which a faster or slower machine changes far less than the absolute figure).

The breakdown comes from marks taken where each step happens, all on the machine's clock in epoch ms and
printed relative to the cell's start (a mark is the first occurrence after the cell started):
  kernel   the cell's timestamps (its start, ``Desktop()`` returned, the desktop displayed), the ``ready``
           trait turning true (a view is hosting), each kind of message from the view as the widget
           received it and once handled (``view-ready`` handled: the snapshot handed to the comm;
           ``scapi``: the app's first message; ``frame-loaded``) and the ``on_app_connected`` callback.
           The floor: ``HelloFloor()`` returned, displayed, its page asked of its server, the hello and
           the frame's load (forwarded by the view, for the breakdown only) heard
  page     an init script in the JupyterLab page (nothing in the product): a MutationObserver (the
           widget's element in the page, seen once the task that added it ended), the kernel
           websocket's frames (received: the widget's ``comm_open``, its ``display_data``, the snapshot;
           sent: the view's ``view-ready`` and ``frame-loaded``; JupyterLab's subshell for comms asked
           and made), the view's two probes (resource timing: asked, answered; and when the page's
           code read each answer), a message listener (the app frame's first message reaching the page)
           and a load listener (the app frame's load event)
  frame    the app frame's own navigation timing (``performance.timeOrigin``: its navigation started, as
           the view made the frame; ``responseEnd``: its page received; ``loadEventEnd``: loaded), read
           with Playwright; the floor's page also says when its script posted the hello
Steps are listed in the order of their medians; "step" is the time since the row above. The machine's
load average during the run is printed first: on a shared machine, compare within one run.

``--compare CHECKOUT``: a checkout of scapi-widget with its front end built (``npm run build`` there), e.g.
the commit before a change unpacked with ``git archive``; its start-ups take their turn with the installed
package's and the floor's (ABBA), the kernel importing scapi_widget from it, and both are printed with
their ratio.

Usage: python benchmarks/startup.py [--reps 5] [--json FILE] [--compare CHECKOUT]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from goals import Record
from lab_session import NOTEBOOK, LabSession, lab_server
from playwright.sync_api import Browser, sync_playwright

from scapi_widget.serving.app_server import REACH_HEADER
from scapi_widget.serving.proxy_registry import STATUS_HEADER
from scapi_widget.testing import launch_chromium
from scapi_widget.testing.jupyterlab import JupyterLabServer

# Kernel marks are epoch ms (time.time(), as the page's are), the figure is perf_counter's. Where a mark
# and the figure start or end together, both clocks are read as a pair with no thread switch between them:
# a busy kernel's other threads parted two readings by 4 ms once, and by 7 ms at a cell's start another time.
BOTH_CLOCKS = """
def _both_clocks():
    while True:  # (epoch ms, perf_counter s), read within 0.2 ms of each other
        before = time.perf_counter()
        epoch_ms = time.time() * 1e3
        if time.perf_counter() - before < 2e-4:
            return epoch_ms, before"""
SETUP = "import os, time\nfrom scapi_widget import Desktop\nstartup_ms, marks = [], {}" + BOTH_CLOCKS
FLOOR_SETUP = "import os, time\nfrom hello_floor import HelloFloor\nstartup_ms, marks = [], {}" + BOTH_CLOCKS
# The notebook's first cell.
START = """marks["cell start (kernel)"], _begun = _both_clocks()
start_desk = Desktop()
marks["Desktop() returned (kernel)"] = time.time() * 1e3
def _ready(change):
    marks.setdefault("ready (kernel)", time.time() * 1e3)
def _connected(app, _begun=_begun):
    at, now = _both_clocks()
    elapsed = (now - _begun) * 1e3
    marks.setdefault("app connected (kernel)", at)
    startup_ms.append(elapsed)
start_desk.observe(_ready, names="ready")
_receive = start_desk.link.receive
def _received(content, _receive=_receive):
    kind = content.get("kind") if isinstance(content, dict) else None
    marks.setdefault(f"{kind} received (kernel)", time.time() * 1e3)
    _receive(content)
    marks.setdefault(f"{kind} handled (kernel)", time.time() * 1e3)
start_desk.link.receive = _received
start_desk.on_app_connected(_connected)
display(start_desk)
marks["desktop displayed (kernel)"] = time.time() * 1e3"""
CONNECTED = "await start_desk.app_connected(timeout=60)"
APP_FRAME = "iframe[data-testid=app-frame-1]"
# The floor's cell (pages/hello_floor.py): the same clocks, ending when the kernel hears the frame's hello.
FLOOR_START = """marks["cell start (kernel)"], _begun = _both_clocks()
start_floor = HelloFloor()
marks["HelloFloor() returned (kernel)"] = time.time() * 1e3
def _heard(widget, content, buffers, _begun=_begun):
    at, now = _both_clocks()
    elapsed = (now - _begun) * 1e3
    kind = content.get("kind") if isinstance(content, dict) else None
    if kind == "hello" and not startup_ms:
        startup_ms.append(elapsed)
    marks.setdefault(f"{kind} heard (kernel)", at)
    if kind == "hello" and isinstance(content.get("posted"), (int, float)):
        marks.setdefault("hello posted (frame)", content["posted"])
    if widget.served:
        marks.setdefault("app page asked (kernel's server)", widget.served[0])
start_floor.on_msg(_heard)
display(start_floor)
marks["floor displayed (kernel)"] = time.time() * 1e3"""
# Its load is waited for too, untimed, for the breakdown's last mark.
FLOOR_CONNECTED = "await start_floor.heard('hello', timeout=60)\nawait start_floor.heard('load', timeout=60)"
FLOOR_FRAME = "iframe[data-testid=hello-frame]"
WIDGET = "[data-testid=scapi-desktop], [data-testid=hello-floor]"


@dataclass(frozen=True)
class Subject:
    """What a start-up starts: the notebook cell it runs, its untimed setup, what waits for the end."""

    name: str
    cell: int  # the notebook's cells: [START, FLOOR_START]
    setup: str
    connected: str
    frame: str  # the app frame's selector
    package_root: Path | None = None  # a checkout whose scapi_widget the kernel imports instead


OURS = Subject("scapi-widget", 0, SETUP, CONNECTED, APP_FRAME)
FLOOR = Subject("floor", 1, FLOOR_SETUP, FLOOR_CONNECTED, FLOOR_FRAME)

# Installed in every frame before the page's scripts; marks only in the top page, only once armed.
PAGE_MARKS_JS = """(() => {
  if (window !== window.top) return;
  const marks = {};
  let armed = false;
  window.__startup = { arm: () => { armed = true; }, marks };
  const mark = (name) => {
    if (armed && !(name in marks)) marks[name] = performance.timeOrigin + performance.now();
  };
  const text = (data) => (typeof data === "string" ? data : new TextDecoder().decode(data));
  const SENT = [
    [/"kind":\\s*"view-ready"/, "view-ready sent (page)"],
    [/"kind":\\s*"frame-loaded"/, "frame-loaded sent (page)"],
    [/"msg_type":\\s*"create_subshell_request"/, "subshell asked (page)"],
  ];
  const RECEIVED = [
    [/"snapshot":\\s*\\{/, "snapshot received (page)"],
    [/"msg_type":\\s*"comm_open"/, "comm_open received (page)"],
    [/"msg_type":\\s*"display_data"/, "display_data received (page)"],
    [/"msg_type":\\s*"create_subshell_reply"/, "subshell made (page)"],
  ];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).includes("/api/kernels/")) return;
      this.addEventListener("message", (e) => {
        if (armed) for (const [pattern, name] of RECEIVED) if (pattern.test(text(e.data))) mark(name);
      });
    }
    send(data) {
      if (armed) for (const [pattern, name] of SENT) if (pattern.test(text(data))) mark(name);
      super.send(data);
    }
  };
  const read = { "REACH_HEADER": "loopback probe read (page)", "STATUS_HEADER": "server probe read (page)" };
  for (const method of ["get", "has"]) { // when the page's code reads the probes' answers (their headers)
    const native = Headers.prototype[method];
    Headers.prototype[method] = function (name) {
      if (name in read) mark(read[name]);
      return native.call(this, name);
    };
  }
  const appFrame = () => document.querySelector("APP_FRAME");
  new MutationObserver(() => {
    if (!armed) return;
    if (document.querySelector("WIDGET")) mark("widget shown (page)");
  }).observe(document, { childList: true, subtree: true });
  addEventListener("message", (e) => {
    const frame = appFrame();
    if (frame && e.source === frame.contentWindow) mark("app's first message (page)");
  }, true);
  document.addEventListener("load", (e) => {
    if (e.target === appFrame()) mark("app frame load event (page)");
  }, true);
})();""".replace("APP_FRAME", f"{APP_FRAME}, {FLOOR_FRAME}").replace("WIDGET", WIDGET)
PAGE_MARKS_JS = PAGE_MARKS_JS.replace("REACH_HEADER", REACH_HEADER).replace("STATUS_HEADER", STATUS_HEADER)

# The page's requests that a view makes before it is ready: when each started and ended.
RESOURCE_MARKS_JS = """() => {
  const out = {};
  for (const entry of performance.getEntriesByType("resource")) {
    for (const [part, name] of [["/.scapi-widget/reach", "loopback probe"], ["/scapi-widget/status", "server probe"]]) {
      if (!entry.name.includes(part) || `${name} started (page)` in out) continue;
      out[`${name} started (page)`] = performance.timeOrigin + entry.startTime;
      out[`${name} answered (page)`] = performance.timeOrigin + entry.responseEnd;
    }
  }
  return out;
}"""

FRAME_MARKS_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const at = (t) => performance.timeOrigin + t;
  return {
    "app page requested (frame)": performance.timeOrigin,
    "app page received (frame)": at(nav.responseEnd),
    "app page loaded (frame)": at(nav.loadEventEnd),
  };
}"""


@dataclass
class Startup:
    total: float  # ms, cell start -> app connected (the floor: its hello heard), in the kernel
    marks: dict[str, float]  # ms since the cell's start
    pid: int  # the kernel's process id
    frame: tuple[str, str]  # the app frame's sandbox attribute and where its page came from


def one_startup(browser: Browser, server: JupyterLabServer, subject: Subject) -> Startup:
    """A new page and kernel, then the subject's timed cell."""
    context = browser.new_context()
    try:
        context.add_init_script(PAGE_MARKS_JS)
        page = context.new_page()
        page.set_default_timeout(120_000)
        server.open_notebook(page, NOTEBOOK)
        lab = LabSession(page, server)
        if subject.package_root is not None:
            lab.import_checkout(subject.package_root)
        lab.execute(subject.setup)
        page.evaluate("() => window.__startup.arm()")
        lab.run_cell(subject.cell)
        lab.execute(subject.connected)  # queued behind the cell: returns once the app connected
        marks: dict[str, float] = {**lab.value("marks"), **page.evaluate("() => window.__startup.marks")}
        start = marks["cell start (kernel)"]
        marks.update({k: v for k, v in page.evaluate(RESOURCE_MARKS_JS).items() if v >= start})
        frame = page.frame_locator(subject.frame).first.locator("body")
        marks.update(frame.evaluate(f"(_body) => ({FRAME_MARKS_JS})()"))
        sandbox, src = page.locator(subject.frame).evaluate("(f) => [f.getAttribute('sandbox'), f.src]")
        total: float = lab.value("startup_ms[0]")
        pid: int = lab.value("os.getpid()")
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    finally:
        context.close()
    start = marks["cell start (kernel)"]
    served = (
        "the Jupyter server" if src.startswith(f"{server.url}/") else f"{urlsplit(src).hostname}, a port of its own"
    )
    sandbox = " ".join(sorted(sandbox.split()))
    return Startup(total, {name: at - start for name, at in marks.items()}, pid, (sandbox, served))


def print_breakdown(runs: list[dict[str, float]]) -> None:
    names = sorted({name for run in runs for name in run})
    medians = {name: statistics.median(run[name] for run in runs if name in run) for name in names}
    print(f"{'step':<36}{'at (median)':>12}{'step':>8}{'min':>8}{'max':>8}   (ms since the cell started)")
    previous = 0.0
    for name, at in sorted(medians.items(), key=lambda item: item[1]):
        values = [run[name] for run in runs if name in run]
        seen = "" if len(values) == len(runs) else f"   (in {len(values)} of {len(runs)})"
        print(f"{name:<36}{at:>12.1f}{at - previous:>8.1f}{min(values):>8.1f}{max(values):>8.1f}{seen}")
        previous = at


def print_startups(title: str, results: list[Startup]) -> float:
    """The start-ups' totals and breakdown; returns their median."""
    totals = [run.total for run in results]
    print(f"{title}, real JupyterLab, new page and kernel each")
    print(f"{'median':>8}{'min':>8}{'max':>8}   each: {', '.join(f'{t:.0f}' for t in totals)}")
    print(f"{statistics.median(totals):>8.0f}{min(totals):>8.0f}{max(totals):>8.0f}")
    print_breakdown([run.marks for run in results])
    return statistics.median(totals)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="start-ups, each in a new page and kernel")
    parser.add_argument("--json", type=Path, help="also write the goal checks to this file (for summary.py)")
    parser.add_argument(
        "--compare",
        type=Path,
        help="a checkout of scapi-widget (front end built) to compare with: its start-ups alternate with the "
        "installed package's in the same run (same server, same load), and are printed after",
    )
    args = parser.parse_args()
    record = Record("startup.py", args.json)
    subjects = [OURS, FLOOR]
    if args.compare is not None:
        subjects.insert(1, replace(OURS, name=str(args.compare), package_root=args.compare.resolve()))
    results: dict[Subject, list[Startup]] = {subject: [] for subject in subjects}
    loads = []
    with sync_playwright() as pw, lab_server([START, FLOOR_START]) as server:
        browser = launch_chromium(pw)
        for rep in range(args.reps):
            for subject in subjects if rep % 2 == 0 else subjects[::-1]:  # ABBA: a drift in load falls on all alike
                print(f"start-up {rep + 1} of {args.reps} ({subject.name})...", file=sys.stderr, flush=True)
                results[subject].append(one_startup(browser, server, subject))
                loads.append(os.getloadavg()[0])
        browser.close()
    pids = [run.pid for runs in results.values() for run in runs]
    if len(set(pids)) != len(pids):
        raise RuntimeError(f"a kernel served two start-ups (process ids {pids})")
    frames = {(subject.name, run.frame) for subject, runs in results.items() for run in runs}
    if len({frame for _name, frame in frames}) != 1:
        raise RuntimeError(f"the app frames were not sandboxed and served alike: {sorted(frames)}")
    sandbox, served = results[OURS][0].frame
    print(f"load average (1 min) during the run: {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} CPUs")
    print(f"every app frame: sandbox={sandbox!r}, served by {served}\n")
    median = print_startups("Start-up: Desktop() cell starts -> demo app connected", results[OURS])
    if args.compare is not None:
        compared = print_startups(f"\nStart-up of {args.compare}", results[subjects[1]])
        print(f"installed / compared, medians: {median / compared:.2f}")
    floor = print_startups("\nFloor: HelloFloor() cell starts -> its frame's hello heard", results[FLOOR])
    print(f"\nscapi-widget - floor, medians: {median - floor:.0f} ms; scapi-widget / floor: {median / floor:.2f}")
    paired = [ours.total - low.total for ours, low in zip(results[OURS], results[FLOOR], strict=True)]
    print(
        f"scapi-widget - floor, each repeat's two taken back to back: median {statistics.median(paired):.0f} ms"
        f" ({', '.join(f'{d:.0f}' for d in paired)})"
    )
    reps = len(results[OURS])
    record.check("startup", f"median of {reps}", median)
    record.check("startup over floor", f"median of {reps} - floor's median of {reps}", median - floor)
    record.print_checks()
    record.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
