"""The front end's door: every message a view sends is checked against one table
(``scapi_widget.sync.view_messages.VIEW_MESSAGES``) before anything reads it, and nothing a view sends
can make ``DesktopLink.receive`` raise, grow without bound or lose what the desktop sends
back. A bug of ours while handling a message never disappears: it is a warning naming what was
lost (an app's request gets an error), and errors in the browser's handlers reach the notebook
as ``FrontEndWarning``."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.model import ListenerWarning
from scapi_widget.serving.apps import App
from scapi_widget.sync.link import MAX_FRONT_END_WARNINGS, FrontEndWarning
from scapi_widget.sync.view_messages import (
    ACTION_ID,
    APP_DATA,
    ARGS,
    COUNT,
    DOCUMENT,
    FAILURE,
    FLAG,
    FRAME,
    MAX_COUNT,
    PLAYER_COMMAND,
    REPORTS,
    SPEED,
    TEXT,
    VIEW,
    VIEW_MESSAGES,
    Field,
)
from scapi_widget.sync.views import VIEWS_KEPT

from .conftest import request
from .emulated_views import PAGE_ORIGIN, Browser

CRM = "https://crm.example"


@pytest.fixture(autouse=True)
def warnings_are_errors() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def shown() -> tuple[Desktop, Browser]:
    """A desktop hosting one panel app, shown in host view "v1", the app loaded."""
    desk = Desktop(
        apps=[App(f"{CRM}/app.html", label="CRM")], desktop=AgentDesktop(clock=ManualClock(), ids=IdSource(1))
    )
    browser = Browser(desk)
    browser.open_view("v1", PAGE_ORIGIN)
    host = browser.host
    assert host is not None
    browser.load(host.elements[1])
    return desk, browser


def state(desk: Desktop) -> tuple[Any, ...]:
    return desk.desktop.snapshot(), desk.host_view, desk.request_log, desk.link.channel.replica.seq


# ---------------------------------------------------------------------------- the repros


def test_a_lone_surrogate_in_a_view_id_is_dropped_at_the_door() -> None:
    desk, browser = shown()
    before, sent = state(desk), len(browser.comm)
    for kind in ("view-ready", "view-closed", "resync", "ack", "scapi"):
        browser.send(kind=kind, view="\ud800", pageOrigin=PAGE_ORIGIN, n=1, frameId=1, origin=CRM, data={})
    assert desk.link.refused == 5
    assert state(desk) == before and len(browser.comm) == sent  # nothing changed, nothing was sent


def test_a_flood_of_fresh_view_ids_keeps_a_bounded_number_of_views() -> None:
    desk, browser = shown()
    for n in range(3 * VIEWS_KEPT):
        browser.send(kind="view-ready", view=f"flood-{n}", pageOrigin=PAGE_ORIGIN)
    assert len(desk.link.views.ids) == VIEWS_KEPT
    assert desk.host_view == f"flood-{3 * VIEWS_KEPT - 1}"  # the newest hosts
    assert not desk.link.views.showing("v1") and not desk.link.views.showing("flood-0")
    sent = len(browser.comm)
    browser.send(kind="resync", view="flood-0")  # a view the desktop no longer remembers gets nothing
    assert len(browser.comm) == sent


def test_a_message_number_of_thousands_of_digits_is_refused_and_loses_no_answer() -> None:
    desk, browser = shown()
    host = browser.host
    assert host is not None
    element = host.elements[1]
    tag = {"epoch": element.epoch, "loads": element.loads}
    for n in (10**4300, MAX_COUNT + 1, -1, True, 1.5):
        browser.send(kind="scapi", view="v1", n=n, frameId=1, origin=CRM, document=tag, data=request("agent.get"))
        browser.send(kind="ack", view="v1", n=n)
    assert desk.link.refused == 10
    browser.post_from(element, request("agent.get", ref="after"))  # no SyncWarning so far, and the next is answered
    assert browser.replies_to(element.document, "after")[0]["data"]["username"] == "arivera"


# ---------------------------------------------------------------------------- every field of the table

VALID: dict[Field, Any] = {
    VIEW: "v1",
    COUNT: 1,
    FRAME: 1,
    DOCUMENT: {"epoch": 1, "loads": 1},
    TEXT: "x",
    FLAG: True,
    ACTION_ID: "v1:1",
    ARGS: [],
    APP_DATA: {},
    REPORTS: [],
    FAILURE: "unreachable",
    PLAYER_COMMAND: "next",
    SPEED: 2,
}
"""A value of each kind of field (what a view sends)."""

HOSTILE: list[Any] = [
    "\ud800", "a\udfffb", "", "x" * 3000, 10**4300, MAX_COUNT + 1, 2**64, -1, 0, 1.5, float("nan"), True, False,
    [], ["\ud800"], [1] * 17, [[[[]]]] * 3, {}, {"epoch": -1, "loads": 0}, {"epoch": 1}, {"epoch": 2**60, "loads": 1},
    list(range(1001)), {"\ud800": 1},
]  # fmt: skip
"""Values a view could send; each field refuses those its check refuses."""


def refused_by(field: Field) -> list[Any]:
    return [value for value in HOSTILE if not field.check(value)]


def cases() -> Iterator[Any]:
    for kind, spec in VIEW_MESSAGES.items():
        for name, (field, _required) in spec.fields.items():
            for index, value in enumerate(refused_by(field)):
                yield pytest.param(kind, name, value, id=f"{kind}-{name}-{index}")


def valid_message(kind: str) -> dict[str, Any]:
    return {"kind": kind, **{name: VALID[field] for name, (field, _) in VIEW_MESSAGES[kind].fields.items()}}


def test_every_field_kind_has_a_valid_example_and_refuses_hostile_values() -> None:
    fields = {field for spec in VIEW_MESSAGES.values() for field, _ in spec.fields.values()}
    assert fields == set(VALID)
    assert all(field.check(VALID[field]) for field in fields)
    assert all(refused_by(field) for field in fields if field is not APP_DATA)  # the app's data: the bridge's


@pytest.mark.parametrize(("kind", "name", "value"), list(cases()))
def test_a_message_with_a_bad_field_is_dropped_whole_and_changes_nothing(kind: str, name: str, value: Any) -> None:
    desk, browser = shown()
    before, sent = state(desk), len(browser.comm)
    browser.send(**{**valid_message(kind), name: value})
    assert desk.link.refused == 1
    assert state(desk) == before and len(browser.comm) == sent


@pytest.mark.parametrize("kind", sorted(VIEW_MESSAGES))
def test_a_message_missing_a_required_field_is_dropped(kind: str) -> None:
    desk, browser = shown()
    required = [name for name, (_, needed) in VIEW_MESSAGES[kind].fields.items() if needed]
    for name in required:
        message = valid_message(kind)
        del message[name]
        browser.send(**message)
    assert desk.link.refused == len(required)


@pytest.mark.parametrize("content", [None, "view-ready", 5, [], {}, {"kind": "items"}, {"kind": "\ud800"}, {"kind": 1}])
def test_what_is_no_view_message_at_all_is_dropped(content: Any) -> None:
    desk, _browser = shown()
    desk.link.receive(content)
    assert desk.link.refused == 1


# ---------------------------------------------------------------------------- a bug of ours never disappears


def test_an_exception_in_a_handler_is_a_warning_naming_what_was_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    desk, browser = shown()

    def broken(*args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(desk.link.views, "ready", broken)
    with pytest.warns(
        ListenerWarning, match=r"'view-ready' message .* raised RuntimeError: a bug; lost: a view becoming"
    ):
        browser.send(kind="view-ready", view="v2", pageOrigin=PAGE_ORIGIN)
    assert desk.host_view == "v1"
    monkeypatch.setattr(desk.link.channel.outbox, "ack", broken)
    with pytest.warns(ListenerWarning, match=r"'ack' message .* lost: an ack"):
        browser.send(kind="ack", view="v1", n=1)


def test_a_ui_action_that_fails_unexpectedly_tells_the_view_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    desk, browser = shown()
    call_id = desk.simulate_inbound_call()

    def broken(*args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(desk.desktop.calls, "voice_action", broken)
    with pytest.warns(ListenerWarning, match=r"'action' message .* lost: a desktop UI action"):
        browser.send(kind="action", view="v1", id="v1:1", verb="answer", args=[call_id])
    items = [i for m in browser.comm if m.get("method") == "custom" for i in m["content"]["items"]]
    assert [i["action"] for i in items if "action" in i] == [
        {"id": "v1:1", "error": "internal error in answer: RuntimeError"}
    ]
    assert desk.interactions[call_id]["state"] == "RINGING"


def test_a_bug_in_the_desktop_after_a_request_still_answers_it(monkeypatch: pytest.MonkeyPatch) -> None:
    desk, browser = shown()
    host = browser.host
    assert host is not None
    element = host.elements[1]

    def broken(*args: Any) -> None:
        raise KeyError("gone")

    monkeypatch.setattr(desk.desktop.frames, "spoke", broken)
    with pytest.warns(ListenerWarning, match=r"handling request agent\.get from frame 1 .*lost: its entry"):
        browser.post_from(element, request("agent.get", ref="g"))
    assert browser.replies_to(element.document, "g")[0]["data"]["username"] == "arivera"


def test_errors_in_the_browser_reach_the_notebook_as_warnings_a_bounded_number_of_times() -> None:
    desk, browser = shown()
    with pytest.warns(FrontEndWarning, match=r"failed in the browser: handling items: TypeError: x is undefined"):
        browser.send(kind="front-end-error", view="v1", where="handling items", error="TypeError: x is undefined")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(2 * MAX_FRONT_END_WARNINGS):
            browser.send(kind="front-end-error", view="v1", where="drawing", error=f"error {n}")
    assert len(caught) == MAX_FRONT_END_WARNINGS - 1 and desk.link.browser_errors == 2 * MAX_FRONT_END_WARNINGS + 1
