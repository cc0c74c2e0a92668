"""Bytes the widget sends for one desktop change (``set_user_data`` on one live call), with 1, 10,
50 and 200 calls live at once.

  comm        what the widget hands to its comm (no Jupyter needed): every ``comm.send`` payload,
              encoded as the kernel encodes it (jupyter_client's json_packer), plus any buffers
  websocket   the same change in a real JupyterLab: bytes of the kernel websocket frames the page
              received while the cell ran, minus those of a cell that changes nothing (the
              execute request/reply and status messages every cell costs)
  the change  the anchor: the JSON of the ATTACHED_DATA_CHANGED event for that one call

Usage: python benchmarks/wire_bytes.py [--live 1 10 50 200] [--skip-lab]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from jupyter_client.session import json_packer
from lab_session import lab_session
from playwright.sync_api import Page, WebSocket, sync_playwright

from scapi_widget import Desktop
from scapi_widget.testing import launch_chromium

CHANGE = {"Counter": 1}
MAKE = """from scapi_widget import Desktop
def make(live):
    desk = Desktop()
    ids = [desk.simulate_inbound_call(user_data={"CustomerId": f"C-{i}", "Notes": "x" * 80}) for i in range(live)]
    for call_id in ids:
        desk.answer(call_id)
    return desk, ids[0]"""
namespace: dict[str, Any] = {}
exec(MAKE, namespace)  # the same desktops in this process as in the kernel: one definition


def make(live: int) -> tuple[Desktop, str]:
    desk, call_id = namespace["make"](live)
    return desk, call_id


def comm_bytes(live: int) -> tuple[int, int, int]:
    """(bytes, messages) the widget sends to its comm for one change, and the change's own event size."""
    desk, call_id = make(live)
    sent: list[int] = []

    def record(data: Any = None, metadata: Any = None, buffers: Sequence[bytes] | None = None) -> None:
        sent.append(len(json_packer(data)) + sum(len(b) for b in buffers or ()))

    desk.comm.send = record
    desk.set_user_data(call_id, CHANGE)
    item = desk.model.interactions[call_id]
    event = {"eventType": "ATTACHED_DATA_CHANGED", "media": item.media, "interaction": item.to_json()}
    return sum(sent), len(sent), len(json.dumps(event, separators=(",", ":")))


class FrameBytes:
    """Bytes of kernel websocket frames the page received."""

    def __init__(self, page: Page) -> None:
        self.received = 0
        page.on("websocket", self.watch)

    def watch(self, ws: WebSocket) -> None:
        if "/api/kernels/" in ws.url:
            ws.on("framereceived", self.add)

    def add(self, payload: str | bytes) -> None:
        self.received += len(payload.encode() if isinstance(payload, str) else payload)

    def received_during(self, page: Page, run: Any) -> int:
        self.received = 0
        run()
        page.evaluate("() => new Promise((r) => setTimeout(r, 0))")  # let Playwright deliver the last frames
        return self.received


def websocket_bytes(live_counts: Sequence[int]) -> dict[int, tuple[int, int]]:
    """live -> (bytes received for the change cell, bytes received for a no-op cell)."""
    results = {}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context().new_page()
        frames = FrameBytes(page)
        with lab_session(page, [MAKE]) as lab:
            for live in live_counts:
                lab.execute(f"desk, call_id = make({live})")
                change = frames.received_during(page, lambda: lab.execute(f"desk.set_user_data(call_id, {CHANGE!r})"))
                noop = frames.received_during(page, lambda: lab.execute(f"_ = call_id, {CHANGE!r}"))
                results[live] = (change, noop)
                lab.execute("desk.close()")
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--live", type=int, nargs="+", default=[1, 10, 50, 200], help="calls live at once")
    parser.add_argument("--skip-lab", action="store_true", help="leave out the real JupyterLab measurement")
    args = parser.parse_args()
    comm = {live: comm_bytes(live) for live in args.live}
    lab = {} if args.skip_lab else websocket_bytes(args.live)
    print("Bytes for one set_user_data change, by calls live at once")
    header = f"{'live':>6}{'change event':>14}{'comm bytes':>12}{'comm msgs':>11}{'comm / event':>14}"
    if lab:
        header += f"{'ws bytes':>10}{'ws no-op':>10}{'ws - no-op':>12}"
    print(header)
    for live, (sent, messages, event) in comm.items():
        row = f"{live:>6}{event:>14}{sent:>12}{messages:>11}{sent / event:>14.1f}"
        if lab:
            change, noop = lab[live]
            row += f"{change:>10}{noop:>10}{change - noop:>12}"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
