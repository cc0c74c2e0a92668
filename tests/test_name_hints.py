"""A mistyped name is answered with the name it most likely meant: a request (for apps and notebooks
alike, and in a scenario's wait), a keyword of a SCAPI namespace's method, a keyword of ``Desktop()``,
an event a notebook listens for (a warning: events the notebook emits itself may have names of their
own); an unlike name, or a long one (what an app sends may be long on purpose), gets no hint."""

from __future__ import annotations

import asyncio
import warnings
from pathlib import Path

import pytest

from scapi_widget import Desktop, UnknownEventWarning
from scapi_widget.desktop.events import CAPTION, NARRATION
from scapi_widget.errors import HINTED_NAME_LENGTH, MAX_ERROR_MESSAGE, UnknownRequestError, did_you_mean
from scapi_widget.notebook.scenario import Scenario
from scapi_widget.notebook.waits import Wait
from scapi_widget.service import notebook_call
from scapi_widget.wire.event_catalogue import EVENT_TYPES

from .conftest import BridgeEnv, new_desk, request


@pytest.mark.parametrize(
    ("name", "meant"),
    [("agent.setstate", "agent.setState"), ("voice.Hold", "voice.hold"), ("system.popupToasts", "system.popupToast")],
)
def test_a_mistyped_request_names_the_one_it_meant(name: str, meant: str) -> None:
    with pytest.raises(UnknownRequestError, match=rf"unknown request '{name}'.*\(did you mean '{meant}'\?\)$"):
        notebook_call(new_desk(), name)


def test_an_app_gets_the_hint_in_its_failure_and_nothing_changes(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request("agent.setstate", "NotReady"))
    assert reply["errorMessage"].endswith("(did you mean 'agent.setState'?)") and "data" not in reply
    assert bridge_env.desk.agent_state.operation_name == "Ready"


@pytest.mark.parametrize("name", ["voice.teleport", "nope.nothing", "x" * (HINTED_NAME_LENGTH + 1)])
def test_an_unlike_or_long_name_gets_no_hint(bridge_env: BridgeEnv, name: str) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request(name))
    assert "did you mean" not in reply["errorMessage"] and len(reply["errorMessage"]) <= MAX_ERROR_MESSAGE


def test_a_long_name_is_not_compared_however_close() -> None:
    name = "a" * HINTED_NAME_LENGTH
    assert did_you_mean(name, [name[:-1]]) == f" (did you mean {name[:-1]!r}?)"  # at the bound: compared
    assert did_you_mean(name + "a", [name]) == ""  # one letter off too, but longer


def test_a_mistyped_keyword_names_the_parameter_it_meant() -> None:
    desk = Desktop()
    with pytest.raises(TypeError, match=r"'userData' \(did you mean 'user_data'\?\); its parameters are"):
        desk.voice.dial("5001", userData={"k": "v"})
    with pytest.raises(
        TypeError, match=r"ap \(did you mean 'app'\?\), event_limit \(did you mean 'event_log_limit'\?\)"
    ):
        Desktop(ap="https://crm.example/app.html", event_limit=5)  # type: ignore[call-arg]
    assert desk.interactions == {}


# ------------------------------------------------------------------ events a notebook listens for


def test_listening_for_a_mistyped_event_warns_with_the_name_it_meant() -> None:
    desk = Desktop()
    with pytest.warns(UnknownEventWarning, match=r"desk\.on\(\) 'RINGIN'.*\(did you mean 'RINGING'\?\)"):
        desk.on("RINGIN", print)
    with pytest.warns(UnknownEventWarning, match=r"'ringing'.*\(did you mean 'RINGING'\?\)"):
        desk.on("ringing", print)


def test_scapi_names_are_listened_for_without_a_warning() -> None:
    desk = Desktop()
    names = ["*", "RINGING", "CUSTOM_TOAST_BUTTON_CLICK", "CampaignLoaded", "messenger:team", NARRATION, CAPTION]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in [*names, *EVENT_TYPES]:
            desk.on(name, print)
        Wait(event="ESTABLISHED")


def test_an_event_named_by_the_notebook_still_reaches_its_callback() -> None:
    desk = Desktop()
    heard: list[str | None] = []
    with pytest.warns(UnknownEventWarning, match="only an event emitted with it yourself will match"):
        desk.on("MY_TEST_EVENT", lambda event: heard.append(event.event_type))
    desk.desktop.emit("interaction", {"eventType": "MY_TEST_EVENT"})
    assert heard == ["MY_TEST_EVENT"]


def test_waiting_for_the_next_mistyped_event_warns_before_it_waits() -> None:
    desk = Desktop()

    async def wait() -> None:
        with pytest.raises(TimeoutError, match="no 'ESTABLSHED' event within"):
            await desk.next_event("ESTABLSHED", timeout=0.01)

    with pytest.warns(UnknownEventWarning, match=r"desk\.next_event\(\) 'ESTABLSHED'.*'ESTABLISHED'"):
        asyncio.run(wait())


def test_a_scenario_names_its_waits_right_or_says_what_it_meant(tmp_path: Path) -> None:
    demo = tmp_path / "demo.yaml"
    demo.write_text("steps:\n  - do: simulate_inbound_call\n  - wait: {request: voice.anwer}\n")
    with pytest.raises(ValueError, match=r"no request 'voice\.anwer' \(did you mean 'voice\.answer'\?\)"):
        Scenario.load(demo)
    demo.write_text("steps:\n  - do: simulate_inbound_call\n  - wait: {event: ESTABLSHED}\n")
    with pytest.warns(UnknownEventWarning, match=r"a wait for the event 'ESTABLSHED'.*'ESTABLISHED'"):
        Scenario.load(demo)
