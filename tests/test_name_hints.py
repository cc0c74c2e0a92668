"""A mistyped name is answered with the name it most likely meant: a request (for apps and notebooks
alike), a keyword of a SCAPI namespace's method, a keyword of ``Desktop()``; an unlike name, or a long
one (what an app sends may be long on purpose), gets no hint."""

from __future__ import annotations

import pytest

from scapi_widget import Desktop
from scapi_widget.errors import HINTED_NAME_LENGTH, MAX_ERROR_MESSAGE, UnknownRequestError, did_you_mean
from scapi_widget.service import notebook_call

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
