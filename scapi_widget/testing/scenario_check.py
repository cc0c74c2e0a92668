"""Replay a scenario against a real app and check it behaves as it did when the scenario was made.

A scenario (recorded or written) holds two kinds of step: what the desktop and the notebook did
(verbs, notebook requests) and what the app did (requests made by a hosted frame, or named in
``by_app``: requests the notebook made standing in for the app). :func:`check_replay` does the
first kind itself and *waits for the app* to do the second (``drive`` may make it, e.g. click its
button), then asserts what the app asked and what it was sent against :func:`expected_of`, which
plays the scenario on a plain desktop (no app, no browser) and notes the events it caused.

A written scenario's waits count too: ``wait: {request: ...}`` is the app's request (the replay
waits for the app to make it; the dry run makes it, so it needs ``params``), ``wait: {event: ...}``
waits for that event, and ``wait: click`` (the presenter's next) waits for nothing. Captions are
not checked.

Exported tests (:mod:`scapi_widget.testing.export`) call these with the expectations written in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from scapi_widget.desktop.events import NARRATION, DesktopEvent
from scapi_widget.desktop.model import AgentDesktop
from scapi_widget.json_types import JsonObject, JsonValue
from scapi_widget.notebook.scenario import Scenario, Step
from scapi_widget.service import notebook_call

if TYPE_CHECKING:
    from .pytest_plugin import ScapiSession

Drive = Callable[["ScapiSession", Step], None]


def app_steps(scenario: Scenario, by_app: Iterable[str] = ()) -> list[int]:
    """The indexes of the steps the app under test does: requests of a hosted frame, and notebook
    requests named in ``by_app`` (made in the recording in the app's place)."""
    named = set(by_app)
    return [i for i, s in enumerate(scenario.steps) if s.request and (s.frame is not None or s.action in named)]


def _checked(scenario: Scenario, by_app: Iterable[str]) -> None:
    if scenario.cases:
        raise ValueError(
            "this scenario names case ids (select_case): an exported test cannot replay them yet; "
            "record the session without selecting cases"
        )
    if any(s.agent is not None for s in scenario.steps):
        raise ValueError("this scenario acts for several agents: an exported test replays one desktop's session")
    unknown = set(by_app) - {s.action for s in scenario.steps if s.request}
    if unknown:
        raise ValueError(f"by_app names requests the scenario never makes: {sorted(unknown)}")
    for index, step in enumerate(scenario.steps):
        if step.until is not None and step.until.request is not None and step.until.params is None:
            raise ValueError(
                f"step {index} waits for the app's {step.until.request}: give its params "
                "(wait: {request: ..., params: [...]}) so the export knows what the app asks"
            )


def expected_of(
    scenario: Scenario, by_app: Iterable[str] = (), families: Sequence[str] = ("interaction",)
) -> JsonObject:
    """What a replay should cause, from playing ``scenario`` on a plain :class:`AgentDesktop`:
    ``events`` (family, eventType) of the desktop, ``app_events`` (those of ``families``, the event
    families the app subscribes to: what it is sent) and ``app_requests`` (name, parameters) the app makes."""
    by_app = list(by_app)
    _checked(scenario, by_app)
    desk = AgentDesktop()
    events: list[DesktopEvent] = []
    desk.add_event_listener(events.append)
    mine = set(app_steps(scenario, by_app))
    asked: list[JsonValue] = []
    for index, step in enumerate(scenario.steps):
        waited = _awaited_request(step)
        if waited is not None:  # the app's request the step waits for, made here in its place
            notebook_call(desk, waited[0], *waited[1])
            asked.append(waited)
        if index in mine:
            dataclasses.replace(step, frame=None).apply(desk)
            asked.append([step.action, list(step.args)])
        else:
            step.apply(desk)
    seen: list[JsonValue] = [[e.family, e.event_type] for e in events if e.family != NARRATION]
    return {
        "events": seen,
        "app_events": [pair for pair in seen if isinstance(pair, list) and pair[0] in families],
        "app_requests": asked,
    }


def _awaited_request(step: Step) -> list[Any] | None:
    """[name, params] of the app's request a step waits for (``wait: {request: ...}``), else None."""
    until = step.until
    if until is None or until.request is None:
        return None
    return [until.request, list(until.params or ())]


def check_replay(
    session: ScapiSession,
    scenario: Scenario | Mapping[str, Any],
    expected: Mapping[str, Any],
    *,
    by_app: Iterable[str] = (),
    frame: int = 1,
    speed: float = 10.0,
    timeout: float = 10.0,
    drive: Drive | None = None,
) -> None:
    """Replay ``scenario`` on ``session``'s desktop against its app ``frame`` and assert ``expected``.

    Desktop and notebook steps run here, after their ``wait`` (divided by ``speed``); for each step
    the app does, ``drive(session, step)`` runs (if given) and the replay waits up to ``timeout``
    seconds for the app to make that request. Then: the desktop's events, the events the app was
    sent and the requests it made (in order, each answered without error) are those expected.
    """
    scenario = (
        scenario
        if isinstance(scenario, Scenario)
        else Scenario.from_steps(scenario["steps"], str(scenario.get("name", "scenario")))
    )
    by_app = list(by_app)
    _checked(scenario, by_app)
    desk = session.desk
    events: list[DesktopEvent] = []
    stop = desk.on("*", lambda event: events.append(event) if event.family != NARRATION else None)
    start_requests = len(desk.request_log)
    start_notes = len(desk.notification_log)
    mine = set(app_steps(scenario, by_app))
    matched = 0  # app requests matched so far, in the app's log since the start
    try:
        for index, step in enumerate(scenario.steps):
            wait = step.wait if isinstance(step.wait, (int, float)) else 0.0
            if wait:
                session.page.wait_for_timeout(wait / speed * 1000)  # the recording's pace (messages flow meanwhile)
            until = step.until
            if until is not None and until.event is not None:
                session.wait_until(
                    partial(_seen, events, until.event), timeout, f"step {index}: the event {until.event}"
                )
            wanted = _awaited_request(step) if index not in mine else [step.action, list(step.args)]
            if wanted is not None:
                if drive is not None:
                    drive(session, step)

                def made(want: list[Any] = wanted, after: int = matched) -> int:
                    mine_now = _app_requests(desk.request_log[start_requests:], frame)
                    for position in range(after, len(mine_now)):
                        if mine_now[position][:2] == want:
                            return position + 1
                    return 0

                what = f"step {index}: the app to make {_call(wanted)}"
                matched = _wait(session, made, timeout, what, desk, frame, start_requests)
            if index not in mine:
                step.apply(desk.desktop)
        session.harness.flush()
    finally:
        stop()
    made_requests = _app_requests(desk.request_log[start_requests:], frame)
    failed = [r for r in made_requests if not r[2]]
    assert not failed, f"requests of the app that failed: {failed}"
    assert [[e.family, e.event_type] for e in events] == expected["events"], "the desktop's events differ"
    sent = [[n["event"], n["eventType"]] for n in desk.notification_log[start_notes:] if n["frameId"] == frame]
    assert sent == expected["app_events"], "the events sent to the app differ from the recording's"
    asked = [r[:2] for r in made_requests]
    assert _in_order(expected["app_requests"], asked), f"the app made {asked}, expected {expected['app_requests']}"


def _seen(events: Sequence[DesktopEvent], name: str) -> bool:
    return any(name in (e.family, e.event_type) for e in events)


def _app_requests(log: Sequence[Mapping[str, Any]], frame: int) -> list[list[Any]]:
    return [[r["request"], list(r["parameters"]), r["ok"]] for r in log if r["frameId"] == frame]


def _in_order(wanted: Sequence[Any], made: Sequence[Any]) -> bool:
    rest = iter(made)
    return all(any(item == want for item in rest) for want in wanted)


def _call(request: list[Any]) -> str:
    return f"{request[0]}({', '.join(repr(p) for p in request[1])})"


def _wait(
    session: ScapiSession, made: Callable[[], int], timeout: float, what: str, desk: Any, frame: int, start: int
) -> int:
    try:
        return int(session.wait_until(made, timeout, what))
    except AssertionError:
        asked = [_call(r[:2]) for r in _app_requests(desk.request_log[start:], frame)]
        raise AssertionError(
            f"timed out after {timeout:g} s waiting for {what}; since the replay began it made: {asked or 'nothing'}"
        ) from None
