"""Bytes the widget sends for one desktop change (``set_user_data`` on one live call), with 1, 10,
50 and 200 calls live at once, with no hosted app and with an app subscribed to interaction events
(which gets the change's ATTACHED_DATA_CHANGED event).

  comm        what the widget hands to its comm (no Jupyter needed): every outbox message
              (``{"method": "custom", "content": {"kind": "items", ...}}``: the replica's ops for
              the change, the event for the subscribed frame, the event log line), encoded as the
              kernel encodes it (jupyter_client's json_packer), plus any buffers; the view has
              acknowledged everything before, so nothing waits
  websocket   the same change in a real JupyterLab, the desktop displayed: bytes of the kernel
              websocket frames the page received while the cell ran and until the kernel handled
              the view's acks (their status messages count), minus those of a cell that changes
              nothing (the execute request/reply and status messages every cell costs)
  the change  the anchor: the JSON of the ATTACHED_DATA_CHANGED event for that one call

Then the same one-key change on a call that also holds 9 MB of user data (``--big``), one call live:
what a change costs when the interaction it touches is large. The goals: bytes on the websocket with an
app subscribed, and how much they vary with the calls live (most / fewest).

Usage: python benchmarks/wire_bytes.py [--live 1 10 50 200] [--big 9000000] [--skip-lab] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from goals import Record
from lab_session import lab_session
from playwright.sync_api import Page, WebSocket, sync_playwright

from scapi_widget import Desktop
from scapi_widget.testing import launch_chromium
from scapi_widget.testing.comm_capture import as_read, capture_comm, kernel_bytes

CHANGE = {"Counter": 1}
# One definition of the desktops, run here and in the kernel. app=None: no hosted app; big: the first
# call also holds that many bytes of user data (in keys of 900,000: a value holds at most 1,000,000
# characters).
MAKE = """from pathlib import Path
from scapi_widget import Desktop
def make(live, app=None, big=0):
    desk = Desktop(apps=[]) if app is None else Desktop(app=app)
    ids = [desk.simulate_inbound_call(user_data={"CustomerId": f"C-{i}", "Notes": "x" * 80}) for i in range(live)]
    for call_id in ids:
        desk.answer(call_id)
    for start in range(0, big, 900_000):
        desk.set_user_data(ids[0], {f"Big{start // 900_000}": "x" * min(900_000, big - start)})
    return desk, ids[0]"""
namespace: dict[str, Any] = {}
exec(MAKE, namespace)
VIEW = "v1"
APP_ORIGIN = "https://app.example"
SUBSCRIBE = {"event": "subscribe", "data": ["interaction"], "referenceId": "s", "userAgent": "WWE Client"}
SETUPS = {"no app": False, "subscribed app": True}  # label -> an app subscribed to interaction events


# A desktop to measure: calls live, an app subscribed or not, bytes of user data beside the change.
Case = tuple[int, bool, int]


def make(live: int, app: Any = None, big: int = 0) -> tuple[Desktop, str]:
    desk, call_id = namespace["make"](live, app, big)
    return desk, call_id


def comm_bytes(case: Case) -> tuple[int, int, int]:
    """(bytes, messages) the widget sends to its comm for one change, and the change's own event size."""
    live, subscribed, big = case
    desk, call_id = make(live, f"{APP_ORIGIN}/app.html" if subscribed else None, big)
    sent: list[tuple[int, Any]] = []

    def record(data: Any, buffers: list[bytes]) -> None:  # the items travel in a buffer, as they are
        sent.append((kernel_bytes(data, buffers), as_read(data, buffers)))

    def view_sends(**content: Any) -> None:
        desk.link.receive({"view": VIEW, **content})

    capture_comm(desk, record, raw=True)
    view_sends(kind="view-ready", pageOrigin="http://127.0.0.1:8888")
    if subscribed:
        view_sends(kind="frame-loaded", frameId=1)
        view_sends(kind="scapi", frameId=1, origin=APP_ORIGIN, data=SUBSCRIBE)
    view_sends(kind="ack", n=sent[-1][1]["content"]["n"])
    sent.clear()
    desk.set_user_data(call_id, CHANGE)
    items = [item for _, data in sent for item in data["content"]["items"]]
    posted = sum(len(item.get("posts", [])) for item in items)
    if desk.link.channel.outbox.pending or posted != int(subscribed):
        raise RuntimeError(
            f"the change was not sent as expected: {desk.link.channel.outbox.pending} pending, {posted} posts"
        )
    item = desk.model.interactions[call_id]
    event = {"eventType": "ATTACHED_DATA_CHANGED", "media": item.media, "interaction": item.to_json()}
    desk.close()
    return sum(size for size, _ in sent), len(sent), len(json.dumps(event, separators=(",", ":")))


MSG_TYPE = re.compile(rb'"msg_type":\s*"(\w+)"')
IDLE = re.compile(rb'"execution_state":\s*"idle"')


class FrameBytes:
    """Bytes of kernel websocket frames the page received. A window also waits for the kernel to
    have handled every comm message the page sent in it (the view's acks: their busy/idle status
    messages are part of what a change costs)."""

    def __init__(self, page: Page) -> None:
        self.received = 0
        self.comm_sent = 0  # comm messages the page sent to the kernel
        self.comm_handled = 0  # idle statuses the kernel sent after a comm message
        page.on("websocket", self.watch)

    def watch(self, ws: WebSocket) -> None:
        if "/api/kernels/" in ws.url:
            ws.on("framereceived", self.add)
            ws.on("framesent", self.sent)

    @staticmethod
    def _bytes(payload: str | bytes) -> bytes:
        return payload.encode() if isinstance(payload, str) else payload

    def add(self, payload: str | bytes) -> None:
        data = self._bytes(payload)
        self.received += len(data)
        types = MSG_TYPE.findall(data)[:2]  # the message's, then its parent's
        if types == [b"status", b"comm_msg"] and IDLE.search(data):
            self.comm_handled += 1

    def sent(self, payload: str | bytes) -> None:
        if MSG_TYPE.findall(self._bytes(payload))[:1] == [b"comm_msg"]:
            self.comm_sent += 1

    def received_during(self, page: Page, run: Any, timeout: float = 30.0) -> int:
        self.received = self.comm_sent = self.comm_handled = 0
        run()
        deadline = time.monotonic() + timeout
        while True:  # Playwright delivers frame events while the page is asked something
            page.evaluate("() => new Promise((r) => setTimeout(r, 5))")
            if self.comm_handled >= self.comm_sent:
                return self.received
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel handled {self.comm_handled} of {self.comm_sent} comm messages")


# The notebook's last cell shows the desktop made for LIVE calls (and APP, BIG); the benchmark reruns it.
SHOW = "desk, call_id = make(LIVE, APP, BIG)\ndesk"
# Every message of the change (or of nothing) has left the outbox when the cell ends.
SENT = "\nassert desk.link.channel.outbox.pending == 0, 'the outbox held the change back'"


def websocket_bytes(cases: Sequence[Case]) -> dict[Case, tuple[int, int]]:
    """case -> (bytes received for the change cell, bytes received for a no-op cell)."""
    results = {}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context().new_page()
        frames = FrameBytes(page)
        with lab_session(page, [MAKE + "\nLIVE, APP, BIG = 1, None, 0", SHOW]) as lab:
            for case in cases:
                live, subscribed, big = case
                lab.execute("desk.close()")
                app = "Path('counter.html')" if subscribed else None
                lab.execute(f"LIVE, APP, BIG = {live}, {app}, {big}")
                lab.run_last_cell()
                lab.execute("await desk.wait_for(lambda d: d.ready, timeout=60)")  # runs after the cell: the new desk
                page.wait_for_function(SHOWN_JS, arg=live)
                if subscribed:
                    frame = page.frame_locator("iframe[data-testid=app-frame-1]").first
                    frame.locator("[data-testid=subscribed]", has_text="subscribed").wait_for()
                frames.received_during(page, lambda: lab.execute(f"_ = 0{SENT}"))  # start-up traffic is over
                change = frames.received_during(
                    page, lambda: lab.execute(f"desk.set_user_data(call_id, {CHANGE!r}){SENT}")
                )
                noop = frames.received_during(page, lambda: lab.execute(f"_ = call_id, {CHANGE!r}{SENT}"))
                results[case] = (change, noop)
        browser.close()
    return results


# The shown desktop shows `live` calls.
SHOWN_JS = """(live) => {
  const root = document.querySelector("[data-testid=scapi-desktop]");
  return !!root && root.querySelectorAll("[data-testid^='desk-interaction-']").length === live;
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--live", type=int, nargs="+", default=[1, 10, 50, 200], help="calls live at once")
    parser.add_argument("--big", type=int, default=9_000_000, help="bytes of user data beside the change (0: none)")
    parser.add_argument("--skip-lab", action="store_true", help="leave out the real JupyterLab measurement")
    parser.add_argument("--json", type=Path, help="also write the goal checks to this file (for summary.py)")
    args = parser.parse_args()
    record = Record("wire_bytes.py", args.json)
    cases = [(live, subscribed, 0) for subscribed in SETUPS.values() for live in args.live]
    big_cases = [(1, subscribed, args.big) for subscribed in SETUPS.values()] if args.big else []
    comm = {case: comm_bytes(case) for case in cases + big_cases}
    lab = {} if args.skip_lab else websocket_bytes(cases + big_cases)
    header = f"{'app':<16}{'live':>6}{'change event':>14}{'comm bytes':>12}{'comm msgs':>11}{'comm / event':>14}"
    if lab:
        header += f"{'ws bytes':>10}{'ws no-op':>10}{'ws - no-op':>12}"

    def row(label: str, case: Case) -> str:
        sent, messages, event = comm[case]
        line = f"{label:<16}{case[0]:>6}{event:>14}{sent:>12}{messages:>11}{sent / event:>14.1f}"
        if lab:
            change, noop = lab[case]
            line += f"{change:>10}{noop:>10}{change - noop:>12}"
        return line

    print("Bytes for one set_user_data change, by calls live at once, without and with an app subscribed")
    print(header)
    for label, subscribed in SETUPS.items():
        for live in args.live:
            print(row(label, (live, subscribed, 0)))
    if big_cases:
        print(f"The same change on a call that also holds {args.big:,} bytes of user data")
        print(header)
        for label, subscribed in SETUPS.items():
            print(row(label, (1, subscribed, args.big)))
    if lab:
        for label, subscribed in SETUPS.items():
            sizes = {live: lab[live, subscribed, 0][0] - lab[live, subscribed, 0][1] for live in args.live}
            fewest, most = min(args.live), max(args.live)
            record.check("bytes flat", f"{label}, {most} / {fewest} live", sizes[most] / sizes[fewest])
            if subscribed:
                worst = max(sizes, key=lambda live: sizes[live])
                record.check("bytes", f"{label}, {worst} live", sizes[worst])
        for case in big_cases:
            if case[1]:
                change, noop = lab[case]
                record.check("bytes", f"subscribed app, beside {args.big:,} bytes of user data", change - noop)
        record.print_checks()
    record.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
