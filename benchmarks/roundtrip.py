"""App -> desktop -> app round trips, measured inside the app frame, beside the floors they are judged by.

Kinds of round trip an app makes (pages/app.html):
  read             ``agent.get``: answered in the browser from the front end's replica (no Python)
  mutation         ``agent.setState`` alternating NotReady / Ready: always goes to Python and back
  read-then-write  an ``agent.get`` then an ``agent.setState``, timed as one unit (an app that looks
                   before it acts)

Paths, all open at once in one browser and measured in interleaved blocks (``--block`` round trips of
each path, then the next path; each block starts one path further), so drift of the machine falls on
every path alike and the ratios within one run are comparable:
  page floor       a plain page that answers in JavaScript (pages/floor.html, no Python): a frame of its
                   own origin, and an opaque one (sandboxed without allow-same-origin)
  harness          the widget's front end + Python desktop, no Jupyter (the light harness; the app at an
                   origin of its own)
  lab              the widget in a real JupyterLab (server defaults) with scapi-widget's server
                   extension setting TCP_NODELAY on the kernel websocket (its default); the app is
                   served through the Jupyter server (the view is told the loopback does not answer), so
                   its frame is opaque. Beside it, in the same
                   page: the postMessage floor for an opaque frame served from the notebook server
                   (as the app's, from /files/) and for a same-origin frame, and the platform floor, a
                   minimal anywidget echo (pages/echo_widget.py) in the same notebook; and the same
                   trips as the app's from an opaque frame through that echo: the floor frame's
                   ``agent.setState`` answered once it went through the echo's kernel and back
                   (pages/floor.js), and an ``agent.get`` answered at once then that echo
  lab -nodelay     the same in a second JupyterLab run with --ScapiWidget.kernel_nodelay=False (without
                   the floor frames)

Each row is compared with its floor: reads with the opaque-frame floor of the same page (the harness
with the own-origin frame's); the app's kernel round trips with the same trips from an opaque frame
through the echo (what the platform costs the app's trip: the echo floor and the frame's two posts,
which the echo floor alone leaves out), in the -nodelay run with the echo floor; the framed echoes with
the echo floor (what the frame adds). Single
trips are read off the frame's performance.now() (0.1 ms resolution in Chromium); the mean comes from
the runs' durations (finer). Below the table: the goals, and how many of the ``agent.get`` requests the
desktop logged were answered in the browser.

Usage: python benchmarks/roundtrip.py [--n 200] [--block 20] [--skip-lab] [--json FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goals import Record
from lab_session import LabSession, lab_session
from playwright.sync_api import Browser, Page, sync_playwright

from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.app_server import REACH_PATH, AppServer
from scapi_widget.testing import LightHarness, launch_chromium

PAGES = Path(__file__).parent / "pages"
WARMUP = 20
APP_FRAME = "iframe[data-testid=app-frame-1]"
# kind -> the requests of one unit, each with the parameters unit i cycles through (None: no parameters)
Steps = list[tuple[str, list[list[str]] | None]]
SET_STATE = ("agent.setState", [["NotReady"], ["Ready"]])
KINDS: dict[str, Steps] = {
    "read": [("agent.get", None)],
    "mutation": [SET_STATE],
    "read-then-write": [("agent.get", None), SET_STATE],
}
READ_FLOOR, OWN_ORIGIN_FLOOR, ECHO_FLOOR = "floor, opaque frame", "floor, own-origin frame", "echo floor"
SAME_ORIGIN_FLOOR = "floor, same-origin frame"
FRAMED_ECHO, FRAMED_READ_ECHO = "echo, opaque frame", "read + echo, opaque frame"
# How many of the agent.get requests the desktop logged were answered in the browser: [browser, logged].
# One definition, run here and in the JupyterLab kernel.
READS_LOGGED = """def reads_logged(desk):
    reads = [e for e in desk.request_log if e["request"] == "agent.get"]
    return [sum(1 for e in reads if e.get("answeredBy") == "browser"), len(reads)]"""
namespace: dict[str, Any] = {}
exec(READS_LOGGED, namespace)


@dataclass
class Run:
    """Round trips of one path: each one (0.1 ms timer resolution) and the summed duration of its runs."""

    times: list[float]
    total: float

    @property
    def mean(self) -> float:
        return self.total / len(self.times)

    @property
    def trimmed_mean(self) -> float:
        """The mean without the slowest and the fastest 5% of the round trips: one stall of the machine in
        a run of 200 does not decide a comparison of means (the timer's 0.1 ms steps average out)."""
        ordered = sorted(self.times)
        cut = len(ordered) // 20
        return statistics.fmean(ordered[cut : len(ordered) - cut])

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Probe:
    """One measured path: ``measure(count, start)`` runs ``count`` round trips (``start``: how many ran
    before, so parameter cycles carry on) and returns ``{"times": [...], "total": ms}``; ``floor`` names
    the row it is judged by."""

    name: str
    measure: Callable[[int, int], dict[str, Any]]
    floor: str | None = None


def frame_probe(name: str, page: Page, selector: str, steps: Steps, opaque: bool, floor: str | None = None) -> Probe:
    """Round trips of ``steps`` from the app page (pages/app.html) in the frame ``selector`` picks, which
    must be ``opaque`` (its origin "null") or not, as the row's name says."""
    body = page.frame_locator(selector).first.locator("body")
    body.locator("[data-testid=loaded]").wait_for()
    if (body.evaluate("() => window.origin") == "null") != opaque:
        raise RuntimeError(f"{name}: the frame {selector} is {'not ' if opaque else ''}opaque")
    script = "(_body, [n, steps, start]) => window.measureRoundTrips(n, steps, start)"

    def measure(count: int, start: int) -> dict[str, Any]:
        # Locator.evaluate passes the element first, the argument second.
        result: dict[str, Any] = body.evaluate(script, [count, steps, start])
        if result["failed"] or len(result["times"]) != count:
            raise RuntimeError(f"{name}: {result['failed']} of {len(result['times'])} units failed ({count} asked)")
        return result

    return Probe(name, measure, floor)


def echo_probe(name: str, page: Page) -> Probe:
    """Round trips of the echo widget (pages/echo.js) shown in ``page``."""
    page.wait_for_function("() => typeof window.echoRoundTrips === 'function'")

    def measure(count: int, start: int) -> dict[str, Any]:
        result: dict[str, Any] = page.evaluate("(n) => window.echoRoundTrips(n)", count)
        return result

    return Probe(name, measure)


def app_probes(prefix: str, page: Page, opaque: bool, floors: dict[str, str | None]) -> list[Probe]:
    """Reads, mutations and read-then-writes of the desktop's app frame in ``page``, each judged by
    ``floors[kind]``."""
    return [
        frame_probe(f"{prefix} {kind}", page, APP_FRAME, steps, opaque, floors.get(kind))
        for kind, steps in KINDS.items()
    ]


def check_even(parser: argparse.ArgumentParser, n: int, block: int) -> None:
    """Blocks of an even count: each starts at NotReady and ends at Ready, so every agent.setState
    changes the state, whichever probe of the same desktop ran the block before."""
    if n % 2 or block % 2 or block < 2:
        parser.error(f"--n and --block must be even (each agent.setState changes the state), got {n} and {block}")


def interleave(probes: Sequence[Probe], n: int, block: int) -> dict[str, Run]:
    """``n`` round trips of each probe after a warm-up, in blocks of ``block``: one block of each probe in
    turn, each block starting one probe further on (so no probe always runs first or after another).
    Even counts keep the parameter cycles in step (see check_even)."""
    for probe in probes:
        probe.measure(WARMUP, 0)
    runs = {probe.name: Run([], 0.0) for probe in probes}
    for number, done in enumerate(range(0, n, block)):
        count = min(block, n - done)
        shift = number % len(probes)
        for probe in [*probes[shift:], *probes[:shift]]:
            result = probe.measure(count, WARMUP + done)
            runs[probe.name].times.extend(result["times"])
            runs[probe.name].total += result["total"]
    return runs


def floor_page(browser: Browser, server: AppServer) -> list[Probe]:
    """The plain page that answers in JavaScript (pages/floor.html), with its two frames."""
    page = browser.new_context().new_page()
    page.goto(server.mount(PAGES) + "floor.html")
    return [
        frame_probe(f"page {OWN_ORIGIN_FLOOR}", page, "#own-origin", KINDS["read"], opaque=False),
        frame_probe(f"page {READ_FLOOR}", page, "#opaque", KINDS["read"], opaque=True),
    ]


def harness_page(browser: Browser, server: AppServer) -> tuple[list[Probe], Desktop]:
    desk = Desktop(app=PAGES / "app.html")
    page = browser.new_context().new_page()
    LightHarness(page, desk, server)
    return app_probes("harness", page, False, {"read": f"page {OWN_ORIGIN_FLOOR}"}), desk


DESKTOP_CELL = "from pathlib import Path\nfrom scapi_widget import Desktop\ndesk = Desktop(app=Path('app.html'))\ndesk"
ECHO_CELL = "from echo_widget import Echo  # pages/echo_widget.py, beside the notebook\nEcho()"

# Adds the floor frames to the JupyterLab page (answered by pages/floor.js): the app page served by
# the notebook server (/files/ sends it with a CSP sandbox, and the frame is sandboxed too: opaque, as
# the desktop's app frame), and the same page as a same-origin frame.
FLOOR_FRAMES_JS = """([opaqueUrl, html, setState]) => {
  const frame = (id, set) => {
    const iframe = document.createElement("iframe");
    iframe.id = id;
    iframe.style.cssText = "position: fixed; right: 0; bottom: 0; width: 40px; height: 40px; border: 0";
    set(iframe);
    document.body.appendChild(iframe);
    return iframe;
  };
  const opaque = frame("floor-opaque", (f) => { f.setAttribute("sandbox", "allow-scripts"); f.src = opaqueUrl; });
  const same = frame("floor-same-origin", (f) => { f.srcdoc = html; });
  window.answerAtOnce([opaque, same], [setState]);
}"""


def lab_page(browser: Browser, stack: ExitStack, nodelay: bool) -> tuple[list[Probe], LabSession]:
    """A JupyterLab with the desktop and the echo widget (and, with TCP_NODELAY, the postMessage floors)."""
    prefix = "lab" if nodelay else "lab -nodelay"
    page = browser.new_context().new_page()
    # This browser reaches the kernel's loopback, where the app would sit at an origin of its own: left
    # unanswered, the view's question sends the app through the Jupyter server, the path measured here.
    page.route(f"**{REACH_PATH}", lambda route: route.abort("connectionrefused"))
    extra = [] if nodelay else ["--ScapiWidget.kernel_nodelay=False"]
    lab = stack.enter_context(lab_session(page, [DESKTOP_CELL, ECHO_CELL], extra))
    echo = f"{prefix} {ECHO_FLOOR}"
    probes = [echo_probe(echo, page)]
    if nodelay:
        page.add_script_tag(path=PAGES / "floor.js")
        opaque_url = f"{lab.server.url}/files/app.html?token={lab.server.token}"
        page.evaluate(FLOOR_FRAMES_JS, [opaque_url, (PAGES / "app.html").read_text(), SET_STATE[0]])
        probes += [
            frame_probe(f"{prefix} {READ_FLOOR}", page, "#floor-opaque", KINDS["read"], opaque=True),
            frame_probe(f"{prefix} {SAME_ORIGIN_FLOOR}", page, "#floor-same-origin", KINDS["read"], opaque=False),
            # What the platform alone costs an opaque frame's write, and its read then write: the request
            # taken through the echo widget's kernel, beside the echo floor (what the frame adds to it)
            frame_probe(f"{prefix} {FRAMED_ECHO}", page, "#floor-opaque", KINDS["mutation"], True, echo),
            frame_probe(f"{prefix} {FRAMED_READ_ECHO}", page, "#floor-opaque", KINDS["read-then-write"], True, echo),
        ]
    # The app is served through the Jupyter server (the page's origin): its frame is opaque. Its kernel
    # trips are judged by the same trips from an opaque frame through the echo (the -nodelay run has
    # none of those: there, by the echo floor).
    framed = {"mutation": FRAMED_ECHO, "read-then-write": FRAMED_READ_ECHO}
    floors: dict[str, str | None] = {kind: f"{prefix} {row}" if nodelay else echo for kind, row in framed.items()}
    probes += app_probes(prefix, page, True, {"read": f"lab {READ_FLOOR}", **floors})
    return probes, lab


def check_nodelay(lab: LabSession, nodelay: bool) -> None:
    sockets = lab.extension_status()["kernelSockets"]
    if not sockets or any(s["nodelay"] != nodelay for s in sockets):
        raise RuntimeError(f"expected TCP_NODELAY={nodelay} on the kernel websockets, the server reports {sockets}")


def print_table(title: str, probes: Sequence[Probe], runs: dict[str, Run]) -> None:
    """The runs, each beside its floor: p50 / floor p50, and mean - floor mean."""
    print(title)
    header = f"{'path':<34}{'p50':>8}{'p95':>8}{'max':>8}{'mean':>8}"
    print(f"{header}   {'judged by':<34}{'p50 / floor':>12}{'mean - floor':>14}")
    for probe in probes:
        run = runs[probe.name]
        row = f"{probe.name:<34}{run.p50:>8.2f}{run.p95:>8.2f}{max(run.times):>8.2f}{run.mean:>8.3f}"
        floor = runs.get(probe.floor or "")
        if floor is not None:
            ratio = f"{run.p50 / floor.p50:.2f}" if floor.p50 > 0 else "-"
            row += f"   {probe.floor:<34}{ratio:>12}{run.mean - floor.mean:>+14.3f}"
        print(row)


def record_goals(record: Record, probes: Sequence[Probe], runs: dict[str, Run]) -> None:
    """The goals are judged on the default JupyterLab (TCP_NODELAY on): reads on trimmed means (finer
    than the timer, and not swayed by one stall), round trips through the kernel on p50s."""
    by_name = {probe.name: probe for probe in probes}
    checks = [("read", "lab read"), ("mutation", "lab mutation"), ("read then write", "lab read-then-write")]
    for goal, name in checks:
        if name not in by_name:
            continue
        run, floor = runs[name], runs[by_name[name].floor or ""]
        if goal == "read":
            record.check(goal, f"{name} vs {by_name[name].floor}", run.trimmed_mean - floor.trimmed_mean)
        else:
            record.check(goal, f"{name} vs {by_name[name].floor}", run.p50 / floor.p50)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help=f"round trips per path (after {WARMUP} warm-up)")
    parser.add_argument("--block", type=int, default=20, help="round trips of one path before the next path's")
    parser.add_argument("--skip-lab", action="store_true", help="leave out the JupyterLab paths")
    parser.add_argument("--json", type=Path, help="also write the goal checks to this file (for summary.py)")
    args = parser.parse_args()
    check_even(parser, args.n, args.block)
    record = Record("roundtrip.py", args.json)
    answered: dict[str, list[int]] = {}
    server = AppServer()
    with sync_playwright() as pw, ExitStack() as stack:
        browser = launch_chromium(pw)
        stack.callback(browser.close)
        probes = floor_page(browser, server)
        harness_probes, harness_desk = harness_page(browser, server)
        probes += harness_probes
        labs: dict[str, tuple[LabSession, bool]] = {}
        if not args.skip_lab:
            for nodelay in (True, False):
                lab_probes, lab = lab_page(browser, stack, nodelay)
                probes += lab_probes
                labs["lab" if nodelay else "lab -nodelay"] = (lab, nodelay)
        print(f"measuring {len(probes)} paths, {args.n} round trips each in blocks of {args.block}...", file=sys.stderr)
        runs = interleave(probes, args.n, args.block)
        answered["harness"] = namespace["reads_logged"](harness_desk)
        for label, (lab, nodelay) in labs.items():
            check_nodelay(lab, nodelay)
            lab.execute(READS_LOGGED)
            answered[label] = lab.value("reads_logged(desk)")
    server.close()
    print_table(
        f"SCAPI round trips measured in the app frame, {args.n} per path in blocks of {args.block} (ms)",
        probes,
        runs,
    )
    print("agent.get answered in the browser, of those the desktop logged: ", end="")
    print(", ".join(f"{label} {browser_}/{logged}" for label, (browser_, logged) in answered.items()))
    record_goals(record, probes, runs)
    if record.checks:
        record.print_checks()
    record.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
