"""The desktop's verbs are declared once (scapi_widget.desktop.verbs) and recorded by that declaration."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from scapi_widget.desktop import AgentDesktop
from scapi_widget.desktop.verbs import UI_ACTIONS, VERBS, DesktopVerbs, ui_labels
from scapi_widget.errors import InvalidActionError
from scapi_widget.service import notebook_call

from .conftest import new_desk

Note = tuple[str, str, tuple[Any, ...], dict[str, Any], int | None]


def recording(desk: AgentDesktop) -> list[Note]:
    notes: list[Note] = []

    def note(kind: str, name: str, args: tuple[Any, ...], kwargs: Any, frame_id: int | None = None) -> None:
        notes.append((kind, name, tuple(args), dict(kwargs), frame_id))

    desk.add_recorder(note)
    return notes


def test_each_verb_is_a_real_method_of_the_model_with_its_signature_and_docstring() -> None:
    assert len(VERBS) >= 60
    for name, spec in VERBS.items():
        method = getattr(AgentDesktop, name)
        assert method is getattr(DesktopVerbs, name), name  # declared once, inherited
        assert method.__doc__, name
        assert list(inspect.signature(method).parameters)[1:] == list(spec.signature.parameters), name
    assert list(VERBS["dial"].signature.parameters) == ["destination", "user_data", "extensions"]
    assert VERBS["dial"].signature.return_annotation == "str"


def test_ui_actions_and_their_arity_come_from_the_declaration() -> None:
    assert {n: v.arity for n, v in UI_ACTIONS.items()} == {
        **{n: 1 for n in UI_ACTIONS if n != "click_toast_button"},
        "click_toast_button": 2,
    }
    assert {"answer", "hang_up", "mark_done", "accept", "close_dialog", "set_agent_state"} <= set(UI_ACTIONS)
    assert "simulate_inbound_call" not in UI_ACTIONS
    assert ui_labels()["remote_answer"] == "Customer answers"


@pytest.mark.parametrize(
    ("verb", "args"),
    [
        ("set_microphone_muted", (True,)),
        ("trigger_activity", ()),
        ("set_accepted_origins", ("http://a.test",)),
        ("open_dialog", ("http://a.test/d.html",)),
    ],
)
def test_verbs_that_were_never_recorded_are(verb: str, args: tuple[Any, ...]) -> None:
    desk = new_desk()
    notes = recording(desk)
    getattr(desk, verb)(*args)
    assert notes == [("verb", verb, args, {}, None)]


def test_a_pull_preview_session_is_recorded_step_by_step() -> None:
    desk = new_desk()
    desk.load_campaign("C")
    desk.start_campaign("C")
    desk.add_records("C", ["5550001"])
    notes = recording(desk)
    record_id = desk.get_preview_record("C")
    handle = desk.interactions[record_id].user_data["GSW_RECORD_HANDLE"]
    desk.call_preview_record(record_id, handle)
    assert [(n[1], n[2]) for n in notes] == [
        ("get_preview_record", ("C",)),
        ("call_preview_record", (record_id, handle)),
    ]


def test_only_the_outer_verb_is_recorded_and_a_refused_one_is_not() -> None:
    desk = new_desk()
    first = desk.popup_toast(title="a")
    notes = recording(desk)
    desk.close_toast(first)
    call_id = desk.simulate_inbound_call()
    with pytest.raises(InvalidActionError):
        desk.hold(call_id)  # RINGING: refused, changes nothing, not recorded
    desk.accept(call_id)  # runs answer inside: one step
    assert [n[1] for n in notes] == ["close_toast", "simulate_inbound_call", "accept"]


def test_notebook_call_runs_a_request_and_records_it_as_the_notebooks() -> None:
    desk = new_desk()
    notes = recording(desk)
    assert notebook_call(desk, "voice.dial", "5551234") is None  # a void request
    assert [i.state for i in desk.interactions.values()] == ["DIALING"]
    assert notes == [("request", "voice.dial", ("5551234",), {}, None)]
    assert notebook_call(desk, "interaction.getByInteractionId", "99") is None


def test_an_app_request_is_recorded_with_its_frame() -> None:
    desk = new_desk()
    notes = recording(desk)
    desk.record("request", "voice.answer", ("1",), {}, frame_id=3)
    assert notes == [("request", "voice.answer", ("1",), {}, 3)]
