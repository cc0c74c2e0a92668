"""Reads the front end says it answered from the replica (``AppBridge.answered_in_browser``): the
report is untrusted input. Only a read the frame's current document could have made, from where
the desktop expects it, under the frame's policy, is logged, recorded and connects the frame; any
other report changes nothing at all."""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock

from .conftest import APP_ORIGIN, request
from .fake_front_end import FrontEnd

PAGE_ORIGIN = "http://127.0.0.1:8888"
LIMITED = "http://limited.test"


class Setup:
    """A desktop shown in host view "v1" with a panel, a tab, an opaque (same-origin) panel and a
    panel of an origin that may only read agent state, each loaded by the desktop."""

    def __init__(self) -> None:
        origins = f"{APP_ORIGIN}, {PAGE_ORIGIN}, {LIMITED} (agent.getState)"
        self.desk = Desktop(
            desktop=AgentDesktop(clock=ManualClock(), ids=IdSource(1), accepted_origins=origins), apps=[]
        )
        self.view = FrontEnd(self.desk)
        self.view.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
        frames = self.desk.desktop.frames
        self.panel = frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN, "panel").frame_id
        self.tab = frames.add(f"{APP_ORIGIN}/tab.html", APP_ORIGIN, "tab").frame_id
        self.opaque = frames.add(f"{PAGE_ORIGIN}/files/app.html", PAGE_ORIGIN, "panel").frame_id
        self.limited = frames.add(f"{LIMITED}/app.html", LIMITED, "panel").frame_id
        assert frames.frames[self.opaque].opaque and not frames.frames[self.panel].opaque
        for frame in (self.panel, self.tab, self.opaque, self.limited):
            self.desk.link.bridge.frame_loaded(frame)

    def report(self, frame: int | None = None, **changes: Any) -> dict[str, Any]:
        """A report the front end would make for ``agent.get`` from ``frame`` (default: the panel)."""
        frame = self.panel if frame is None else frame
        tag = self.desk.desktop.frames.frames[frame]
        entry: dict[str, Any] = {
            "frameId": frame,
            "document": {"epoch": tag.epoch, "loads": 1},
            "origin": "null" if tag.opaque else tag.origin,
            "data": request("agent.get", frame_id=frame),
            "answer": self.desk.desktop.agent_json(),
        }
        entry.update(changes)
        return entry

    def state(self) -> tuple[Any, ...]:
        return self.desk.desktop.snapshot(), self.desk.request_log


@pytest.fixture
def setup() -> Setup:
    return Setup()


def bad_reports(s: Setup) -> dict[str, Any]:
    """Reports that must be ignored, by why."""
    good = s.report()
    without = {key: {k: v for k, v in good.items() if k != key} for key in ("frameId", "document", "origin", "data")}
    return {
        "a write request": s.report(data=request("voice.dial", "5001", frame_id=s.panel)),
        "a subscription": s.report(data={**request("agent.get"), "event": "subscribe", "data": ["agent"]}),
        "a malformed request": s.report(data={**request("agent.get"), "protocolVersion": 99}),
        "not SCAPI at all": s.report(data={"hello": "world"}),
        "a request that does not exist": s.report(data=request("agent.fly")),
        "no such frame": s.report(frameId=99),
        "another epoch": s.report(document={"epoch": 5, "loads": 1}),
        "an opaque frame's second document": s.report(s.opaque, document={"epoch": 1, "loads": 2}),
        "an origin not accepted": s.report(origin="http://evil.test"),
        "another accepted origin": s.report(origin=LIMITED),
        "an opaque origin from a frame that is not opaque": s.report(origin="null"),
        "a real origin from an opaque frame": s.report(s.opaque, origin=PAGE_ORIGIN + ".evil"),
        "a tab asking agent.get": s.report(s.tab, data=request("agent.get", frame_id=s.tab)),
        "an origin whose policy does not list it": s.report(s.limited, data=request("agent.get", frame_id=s.limited)),
        "a string": "agent.get",
        "a number": 1,
        "null": None,
        "a list": [good],
        **{f"no {key}": entry for key, entry in without.items()},
        "frameId as text": s.report(frameId=str(s.panel)),
        "frameId true": s.report(frameId=True),
        "frameId as a float": s.report(frameId=float(s.panel)),
        "document as a list": s.report(document=[0, 1]),
        "document with text": s.report(document={"epoch": "0", "loads": 1}),
        "document with a negative count": s.report(document={"epoch": 0, "loads": -1}),
        "origin as a number": s.report(origin=1),
        "data as a string": s.report(data='{"request": "agent.get"}'),
    }


def test_the_setup_is_what_the_reports_assume(setup: Setup) -> None:
    assert [f.epoch for f in setup.desk.desktop.frames.frames.values()] == [0, 0, 0, 0]
    opaque = setup.desk.desktop.frames.frames[setup.opaque]
    assert setup.desk.link.bridge.effective_origin(opaque, "null") == PAGE_ORIGIN


@pytest.mark.parametrize("why", list(bad_reports(Setup())))
def test_a_report_that_does_not_hold_up_changes_nothing(setup: Setup, why: str) -> None:
    recorder = setup.desk.record()
    before = setup.state()
    setup.desk.link.bridge.answered_in_browser([bad_reports(setup)[why]])
    assert setup.state() == before
    assert recorder.stop().steps == []


def test_a_valid_report_is_logged_recorded_and_connects_the_frame(setup: Setup) -> None:
    assert not setup.desk.desktop.frames.frames[setup.panel].connected
    recorder = setup.desk.record()
    report = setup.report(data=request("agent.get", ref="r7", frame_id=setup.panel))
    setup.desk.link.bridge.answered_in_browser([report])
    (entry,) = setup.desk.request_log
    assert entry["answeredBy"] == "browser"
    assert (entry["frameId"], entry["request"], entry["parameters"], entry["ok"]) == (
        setup.panel,
        "agent.get",
        [],
        True,
    )
    assert entry["data"] == setup.desk.desktop.agent_json()
    ((step),) = recorder.stop().steps
    assert (step.action, step.args, step.request, step.frame) == ("agent.get", (), True, setup.panel)
    assert setup.desk.desktop.frames.frames[setup.panel].connected


def test_a_valid_report_among_bad_ones_is_the_only_one_logged(setup: Setup) -> None:
    opaque_read = setup.report(setup.opaque, data=request("interaction.getInteractions", frame_id=setup.opaque))
    reports = [*bad_reports(setup).values(), opaque_read]
    setup.desk.link.bridge.answered_in_browser(reports)
    assert [(e["frameId"], e["request"]) for e in setup.desk.request_log] == [
        (setup.opaque, "interaction.getInteractions")
    ]


def test_only_the_host_view_may_report(setup: Setup) -> None:
    setup.view.send(kind="view-ready", view="v2", pageOrigin=PAGE_ORIGIN)  # v2 hosts now; v1 is a mere view
    for frame in (setup.panel, setup.opaque):
        setup.desk.link.bridge.frame_loaded(frame)
    before = setup.state()
    setup.view.send(kind="answered", view="v1", answers=[setup.report()])
    setup.view.send(kind="answered", view=None, answers=[setup.report()])
    setup.view.send(kind="answered", view="v2", answers=setup.report())  # not a list
    assert setup.state() == before
    setup.view.send(kind="answered", view="v2", answers=[setup.report()])
    assert [e["answeredBy"] for e in setup.desk.request_log] == ["browser"]


def test_app_traffic_from_an_origin_that_is_no_origin_is_ignored_not_raised(setup: Setup) -> None:
    before = setup.state()
    setup.desk.link.bridge.receive(setup.panel, f"{APP_ORIGIN}:x", request("agent.get"))  # never raises
    assert setup.state() == before
    assert [p for p in setup.view.posts() if p["message"].get("referenceId") == "r1"] == []


def test_reads_answered_before_a_write_travel_with_it_and_are_logged_first(setup: Setup) -> None:
    """The view carries the reports of reads it answered with the frame's next message (``answered``
    on a ``scapi`` message): one message, one transaction, the reads logged before the write."""
    read = setup.report(data=request("agent.get", ref="read", frame_id=setup.panel))
    write = request("agent.setState", "NotReady", ref="write", frame_id=setup.panel)
    items = len(setup.view.items())
    setup.view.send(
        kind="scapi", view="v1", n=1, frameId=setup.panel, origin=APP_ORIGIN,
        document={"epoch": 0, "loads": 1}, data=write, answered=[read],
    )  # fmt: skip
    assert [(e["request"], e.get("answeredBy")) for e in setup.desk.request_log] == [
        ("agent.get", "browser"),
        ("agent.setState", None),
    ]
    assert len(setup.view.items()) == items + 1  # the change, the answer and "handled" in one item
    assert setup.desk.agent_info["state"]["operationName"] == "NotReady"


def test_reads_answered_while_a_page_loaded_travel_with_its_load(setup: Setup) -> None:
    setup.desk.desktop.frames.reload(setup.panel)
    read = setup.report(data=request("agent.get", ref="early"), document={"epoch": 1, "loads": 0})
    loaded = {"epoch": 1, "loads": 1}
    setup.view.send(kind="frame-loaded", view="v1", frameId=setup.panel, document=loaded, answered=[read])
    assert [(e["request"], e.get("answeredBy")) for e in setup.desk.request_log] == [("agent.get", "browser")]
    assert setup.desk.desktop.frames.frames[setup.panel].connected


def test_reports_carried_by_another_views_message_change_nothing(setup: Setup) -> None:
    setup.view.send(kind="view-ready", view="v2", pageOrigin=PAGE_ORIGIN)  # v2 hosts now
    before = setup.state()
    data = request("agent.get", ref="r9", frame_id=setup.panel)
    reports = [setup.report()]
    setup.view.send(kind="scapi", view="v1", frameId=setup.panel, origin=APP_ORIGIN, data=data, answered=reports)
    setup.view.send(kind="frame-loaded", view="v1", frameId=setup.panel, answered=[setup.report()])
    assert setup.state() == before
