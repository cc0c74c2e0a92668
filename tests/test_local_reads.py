"""What the browser answers for the apps is what Python would answer (scapi_widget/service/local_reads.py):
for every kind of frame and every read in LOCAL_READS it may make, the value at the path Python
published for that frame, looked up as js/replica.js does, equals the request's answer; and what
the policy refuses, or a frame whose document the desktop does not vouch for, is not published."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.frames import FRAME_KINDS, DocumentTag
from scapi_widget.errors import ScapiError
from scapi_widget.service import SERVICE, Caller
from scapi_widget.service.local_reads import KEYED, LOCAL_READS, PROTOCOL

from .conftest import APP_ORIGIN
from .fake_front_end import FrontEnd
from .replica_view import MISSING, ReplicaView, same, view_replica

PAGE_ORIGIN = "http://127.0.0.1:8888"
LIMITED = "http://limited.test"
STRANGER = "http://stranger.test"


class Setup:
    """A desktop with calls and chats, a frame of each kind from an app origin, an opaque frame
    from the page's origin, a frame of an origin that may only read the agent's state, and frames
    that must not be published: an un-loaded popup, a frame that left its page, a stranger's."""

    def __init__(self, read_allowed: str | list[str]) -> None:
        origins = f"{APP_ORIGIN}, {PAGE_ORIGIN}, {LIMITED} (agent.getState)"
        model = AgentDesktop(
            clock=ManualClock(), ids=IdSource(1), accepted_origins=origins, user_data_read_allowed=read_allowed
        )
        self.desk = Desktop(desktop=model, apps=[])
        self.view = FrontEnd(self.desk)
        self.view.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
        frames = model.frames
        self.published = [frames.add(f"{APP_ORIGIN}/{kind}.html", APP_ORIGIN, kind).frame_id for kind in FRAME_KINDS]
        self.published += [
            frames.add(f"{PAGE_ORIGIN}/files/app.html", PAGE_ORIGIN).frame_id,
            frames.add(f"{LIMITED}/app.html", LIMITED).frame_id,
        ]
        for frame in self.published:
            self.desk.link.bridge.frame_loaded(frame)
        self.unloaded_popup = frames.add(f"{APP_ORIGIN}/later.html", APP_ORIGIN, "popup").frame_id
        self.left_page = frames.add(f"{PAGE_ORIGIN}/files/other.html", PAGE_ORIGIN).frame_id
        self.desk.link.bridge.frame_loaded(self.left_page, DocumentTag(0, 2))  # it navigated to a page of its own
        with pytest.warns(UserWarning, match="leave out hosted app"):
            self.stranger = frames.add(f"{STRANGER}/app.html", STRANGER).frame_id
            self.desk.link.bridge.frame_loaded(self.stranger)
        assert frames.frames[self.left_page].left_page and not frames.frames[self.unloaded_popup].loaded

        user_data = {"CustomerId": "C-1", "Secret": "s", "Tier": 2}
        self.calls = [self.desk.simulate_inbound_call(user_data=user_data) for _ in range(3)]
        self.desk.answer(self.calls[0])
        self.desk.set_user_data(self.calls[1], {"CustomerId": "C-2", "Flag": True})
        self.desk.hold(self.calls[0])
        self.desk.set_agent_state("NotReady")
        self.desk.set_microphone_muted(True)

    def access(self) -> dict[str, Any]:
        reads = self.desk.link.channel.replica.parts["reads"]
        assert isinstance(reads, dict)
        return reads

    def caller(self, frame_id: int) -> Caller:
        frame = self.desk.desktop.frames.frames[frame_id]
        return Caller(frame.origin, frame.mode, frame.frame_id)

    def parameters(self, name: str, path: list[str]) -> Iterator[list[str]]:
        """Each parameter list the request may be asked with: none, or every key of its map."""
        if "{0}" not in path:
            yield []
            return
        yield from ([key] for key in self.desk.link.channel.replica.parts[path[0]])


def python_lookup(parts: dict[str, Any], path: list[str], params: list[str]) -> Any:
    """js/replica.js ``lookup`` on Python's own record of the parts (maps are dicts)."""
    view = ReplicaView({"seq": 0, "maps": [], "parts": {}})
    view.parts = parts
    return view.lookup(path, params)


@pytest.fixture(params=["*", ["CustomerId"]], ids=["read-all", "read-CustomerId"])
def setup(request: pytest.FixtureRequest) -> Setup:
    return Setup(request.param)


def test_every_published_read_is_the_answer_python_gives(setup: Setup) -> None:
    browser = view_replica(setup.view.items(), "v1")
    compared = 0
    for frame_id in setup.published:
        access = setup.access()[str(frame_id)]
        for name, path in access["reads"].items():
            for params in setup.parameters(name, path):
                expected = SERVICE.execute(setup.desk.desktop, setup.caller(frame_id), name, params)
                in_python = python_lookup(setup.desk.link.channel.replica.parts, path, params)
                in_browser = browser.lookup(path, params)
                assert in_python is not MISSING and same(in_python, expected), (frame_id, name, params)
                assert in_browser is not MISSING and same(in_browser, expected), (frame_id, name, params)
                compared += 1
    assert compared > 60


def test_apps_read_only_the_user_data_keys_they_may(setup: Setup) -> None:
    browser = view_replica(setup.view.items(), "v1")
    path = setup.access()[str(setup.published[0])]["reads"]["interaction.getInteractions"]
    keys = {key for interaction in browser.lookup(path, []) for key in interaction["userData"]}
    if setup.desk.desktop.read_allowed.everything:
        assert {"Secret", "Tier", "CustomerId", "Flag"} <= keys
    else:
        assert keys == {"CustomerId"}
        assert "app_interactions" in browser.parts
        assert all("Secret" not in str(value) for name, value in browser.parts.items() if name != "interactions")


def test_a_key_the_desktop_does_not_know_is_a_lookup_miss(setup: Setup) -> None:
    browser = view_replica(setup.view.items(), "v1")
    reads = setup.access()[str(setup.published[0])]["reads"]
    for name in KEYED:
        assert browser.lookup(reads[name], ["no-such-key"]) is MISSING  # Python answers it (an error or null)


def test_reads_the_policy_refuses_are_not_published(setup: Setup) -> None:
    access = setup.access()
    for frame_id in setup.published:
        caller = setup.caller(frame_id)
        allowed = {n for n in LOCAL_READS if setup.desk.desktop.policy.allows(caller.origin or "", n, caller.mode)}
        assert set(access[str(frame_id)]["reads"]) == allowed
        for name in set(LOCAL_READS) - allowed:
            with pytest.raises(ScapiError, match="not allowed"):
                SERVICE.execute(setup.desk.desktop, caller, name, [])
    tab = setup.published[FRAME_KINDS.index("tab")]
    assert set(access[str(tab)]["reads"]) == {"system.getAllowedServices"}
    limited = setup.published[-1]
    assert set(access[str(limited)]["reads"]) == {"agent.getState", "system.getAllowedServices"}


def test_frames_the_desktop_does_not_vouch_for_are_not_published(setup: Setup) -> None:
    published = set(setup.access())
    assert published == {str(f) for f in setup.published}
    for frame_id in (setup.unloaded_popup, setup.left_page, setup.stranger):
        assert str(frame_id) not in published


def test_each_frame_says_where_its_messages_come_from(setup: Setup) -> None:
    for frame_id in setup.published:
        frame = setup.desk.desktop.frames.frames[frame_id]
        access = setup.access()[str(frame_id)]
        assert access["origin"] == ("null" if frame.opaque else frame.origin)
        assert access["maxLoads"] == (1 if frame.opaque else None)
        assert access["epoch"] == frame.epoch
    popup = setup.published[FRAME_KINDS.index("popup")]
    assert setup.access()[str(popup)]["origin"] == "null"
    assert setup.desk.link.channel.replica.parts["protocol"] == PROTOCOL


def test_a_popup_is_published_once_its_first_message_says_it_loaded(setup: Setup) -> None:
    popup = setup.unloaded_popup
    message = {"request": "agent.get", "referenceId": "p1", "userAgent": "WWE Client"}
    setup.desk.link.bridge.receive(popup, "null", message)
    access = setup.access()[str(popup)]
    expected = SERVICE.execute(setup.desk.desktop, setup.caller(popup), "agent.get", [])
    assert same(view_replica(setup.view.items(), "v1").lookup(access["reads"]["agent.get"], []), expected)


def test_answers_follow_the_desktop(setup: Setup) -> None:
    setup.desk.hang_up(setup.calls[0])
    setup.desk.set_user_data(setup.calls[2], {"CustomerId": 1, "Tier": 1})
    setup.desk.set_user_data(setup.calls[2], {"CustomerId": True, "Tier": True})  # equal in Python, not in JSON
    setup.desk.set_agent_state("Ready")
    test_every_published_read_is_the_answer_python_gives(setup)


def test_the_js_tests_read_what_python_publishes() -> None:
    """js/test/ takes the published rules from a file; it must be what Python publishes."""
    fixture = Path(__file__).resolve().parents[1] / "js" / "test" / "published-protocol.json"
    assert json.loads(fixture.read_text(encoding="utf-8")) == json.loads(json.dumps(PROTOCOL))
