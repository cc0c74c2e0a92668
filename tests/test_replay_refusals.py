"""A refusal made from Python that told the apps (a blocked mark done: MARKDONE_BLOCKED) is recorded
and replays to the same app-visible events; one that told nobody changed nothing and is not recorded.

The apps' own refused requests are covered by tests/test_replay_fidelity.py (``interaction.blockMarkdone``);
here the refusals come from notebook code: a desktop verb (``desk.mark_done``) and a request the
notebook sends (``notebook_call``, what ``desk.interaction.markdone`` runs).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scapi_widget.desktop.model import REFUSED_REQUEST, REFUSED_VERB, REQUEST, VERB
from scapi_widget.errors import InvalidActionError, ScapiError, UnknownInteractionError
from scapi_widget.notebook.scenario import Scenario, SessionRecorder
from scapi_widget.service import notebook_call

from .test_replay_fidelity import ORIGINS, A, B, Session

BLOCKED = "Fill in the disposition first"


def _blocked_chat(s: Session, *, by_app: bool) -> str:
    chat = s.open_media("chat")
    if by_app:
        s.app(B, "interaction.blockMarkdone", chat, BLOCKED)
    else:
        s.do("block_mark_done", chat, BLOCKED)
    return chat


def verb_refused(s: Session, *, by_app: bool) -> None:
    chat = _blocked_chat(s, by_app=by_app)
    with pytest.raises(InvalidActionError, match=BLOCKED):
        s.do("mark_done", chat)
    s.app(A, "interaction.getInteractions")


def request_refused(s: Session, *, by_app: bool) -> None:
    chat = _blocked_chat(s, by_app=by_app)
    with pytest.raises(ScapiError, match=BLOCKED):
        notebook_call(s.desk, "interaction.markdone", chat)
    s.app(A, "interaction.getInteractions")


CASES: dict[str, tuple[Callable[[Session], None], str, str]] = {
    # name: (the session, the refused step's action, whether it is a request step)
    "verb, blocked by a verb": (lambda s: verb_refused(s, by_app=False), "mark_done", "verb"),
    "verb, blocked by an app": (lambda s: verb_refused(s, by_app=True), "mark_done", "verb"),
    "notebook request, blocked by a verb": (
        lambda s: request_refused(s, by_app=False),
        "interaction.markdone",
        "request",
    ),
    "notebook request, blocked by an app": (
        lambda s: request_refused(s, by_app=True),
        "interaction.markdone",
        "request",
    ),
}


@pytest.mark.parametrize("seed", [7, 8], ids=["same ids", "other ids"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_refusal_from_python_that_told_the_apps_replays_to_the_same_events(
    case: str, seed: int, tmp_path: Path
) -> None:
    run_case, action, kind = CASES[case]
    live = Session()
    recorder = SessionRecorder(live.desk)
    run_case(live)
    scenario = recorder.stop(case)
    refused = [s for s in scenario.steps if s.refused]
    assert [(s.action, s.request, s.frame) for s in refused] == [(action, kind == "request", None)]
    assert "MARKDONE_BLOCKED" in [m["data"]["eventType"] for m in live.notifications(A)]

    loaded = Scenario.load(scenario.save(tmp_path / "refused.yaml"))
    assert "refused: true" in (tmp_path / "refused.yaml").read_text()
    replay = Session(seed)
    run = loaded.play(replay.desk, speed=1000)
    assert run.join(10), "the replay did not finish"
    assert run.errors == [] and run.done_steps == len(loaded.steps)
    assert isinstance(run.results[loaded.steps.index(refused[0])], InvalidActionError)

    for frame_id in ORIGINS:
        live_events, replay_events = live.notifications(frame_id), replay.notifications(frame_id)
        if seed != 7:  # other ids: the interaction's id differs; compare the events without it
            live_events, replay_events = _without_ids(live_events), _without_ids(replay_events)
        assert replay_events == live_events, f"events to frame {frame_id}"
    assert len(replay.desk.interactions) == len(live.desk.interactions) == 1  # still not done


def _without_ids(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from .test_replay_fidelity import by_first_appearance

    normalised: list[dict[str, Any]] = by_first_appearance(events)
    return normalised


def test_what_recorders_hear_for_each_outcome() -> None:
    s = Session()
    heard: list[tuple[str, str]] = []
    s.desk.add_recorder(lambda kind, name, *_args, **_kw: heard.append((kind, name)))
    chat = _blocked_chat(s, by_app=False)
    with pytest.raises(InvalidActionError):
        s.do("mark_done", chat)
    with pytest.raises(ScapiError):
        notebook_call(s.desk, "interaction.markdone", chat)
    with pytest.raises(UnknownInteractionError):  # told nobody: changed nothing, not recorded
        s.do("answer", "no-such-call")
    with pytest.raises(ScapiError):
        notebook_call(s.desk, "voice.hold", "no-such-call")
    notebook_call(s.desk, "interaction.getInteractions")
    assert heard == [
        (VERB, "simulate_open_media"),
        (VERB, "accept"),
        (VERB, "block_mark_done"),
        (REFUSED_VERB, "mark_done"),
        (REFUSED_REQUEST, "interaction.markdone"),
        (REQUEST, "interaction.getInteractions"),
    ]


def test_a_refused_verb_inside_another_action_is_not_recorded_on_its_own() -> None:
    s = Session()
    chat = _blocked_chat(s, by_app=False)
    recorder = SessionRecorder(s.desk)

    def outer() -> None:
        with pytest.raises(InvalidActionError):
            s.desk.mark_done(chat)

    with s.desk.transaction(), s.desk.outer_action():  # another action, which is not recorded
        outer()
    assert recorder.stop().steps == []
