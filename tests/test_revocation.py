"""A publication that takes reads away from a frame is not held back by flow control.

The views answer an app's pure reads from their replica; when Python revokes the app
(``set_accepted_origins``), the replica's change that removes its reads must reach the views
before they answer anything more, even when a burst has filled the outbox's window and no ack
comes (a kernel that hears the browser only between cells). With the real limits and timer here.
"""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.notebook.widget_config import AppsCutOffWarning
from scapi_widget.service.local_reads import frame_reads, narrowed

from .conftest import APP_ORIGIN
from .fake_front_end import FrontEnd

OTHER = "https://other.example"


def stalled_view() -> tuple[Desktop, FrontEnd, int]:
    """A widget hosting one app, its view never acking, the outbox's window full and items queued."""
    desk = Desktop(apps=[], desktop=AgentDesktop(clock=ManualClock(), ids=IdSource(1), accepted_origins=APP_ORIGIN))
    view = FrontEnd(desk)
    outbox = desk.link.channel.outbox
    for limit in ("window", "rate", "burst"):
        delattr(outbox, limit)  # back to the outbox's own limits
    outbox.stall_s = 3600.0  # a stalled window stays stalled for the whole test
    view.send(kind="view-ready", view="v1", pageOrigin="http://127.0.0.1:8888")
    frame = desk.desktop.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN).frame_id
    desk.link.bridge.frame_loaded(frame)
    call_id = desk.simulate_inbound_call()
    for n in range(2 * outbox.window):  # the burst: the window fills, the rest queues
        desk.set_user_data(call_id, {"n": n})
    assert outbox.pending > 0
    return desk, view, frame


def reads_of(view: FrontEnd) -> list[Any]:
    """Every op on the replica's ``reads`` part the view received, in order."""
    return [op for item in view.items() for op in item.get("ops", []) if op[0][0] == "reads"]


def test_revoking_an_app_reaches_the_view_past_a_full_window() -> None:
    desk, view, frame = stalled_view()
    queued = desk.link.channel.outbox.pending
    received = len(view.items())
    with pytest.warns(AppsCutOffWarning, match="leave out hosted app"):
        desk.set_accepted_origins(OTHER)
    assert desk.link.channel.outbox.pending == 0  # everything queued went, in order, with the revocation
    assert len(view.items()) == received + queued + 1
    assert reads_of(view)[-1] == [["reads", str(frame)]]
    desk.set_user_data("1", {"n": "after"})  # nothing urgent: held again
    assert desk.link.channel.outbox.pending == 1


def test_a_change_that_takes_no_read_away_waits_for_the_window() -> None:
    desk, view, _ = stalled_view()
    pending = desk.link.channel.outbox.pending
    received = len(view.items())
    desk.set_accepted_origins(f"{APP_ORIGIN}, {OTHER}")  # more origins: nothing taken away
    with desk.desktop.transaction():
        desk.desktop.frames.add(f"{OTHER}/app.html", OTHER)  # a frame more: its reads are added
        desk.desktop.touch("frames")
    desk.set_agent_state("NotReady")
    assert desk.link.channel.outbox.pending > pending and len(view.items()) == received


def test_what_counts_as_taking_a_read_away() -> None:
    desk = AgentDesktop(clock=ManualClock(), ids=IdSource(1), accepted_origins=f"{APP_ORIGIN} (agent.*, system.*)")
    frame = desk.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN)
    before = frame_reads(desk)
    assert not narrowed(before, before) and not narrowed(None, before)
    desk.frames.add(f"{OTHER}/app.html", OTHER)  # another frame: nothing taken from this one
    assert not narrowed(before, frame_reads(desk))
    desk.set_accepted_origins(f"{APP_ORIGIN} (agent.*, system.*, interaction.*)")  # more reads
    assert not narrowed(before, frame_reads(desk))
    desk.set_accepted_origins(f"{APP_ORIGIN} (agent.*)")  # fewer reads
    assert narrowed(before, frame_reads(desk))
    desk.set_accepted_origins(f"{APP_ORIGIN} (agent.*, system.*)")
    desk.frames.reload(frame.frame_id)  # its document lost its rights
    assert narrowed(before, frame_reads(desk))
    desk.set_accepted_origins(OTHER)
    assert narrowed(before, frame_reads(desk))
