"""A desktop on its own dials what a dial plan accepts; anything else fails as the switch would
(an ``errorMessage`` to the app, an exception in Python) and no call to nowhere appears."""

from __future__ import annotations

import pytest

from scapi_widget.desktop import AgentDesktop
from scapi_widget.desktop.switch import check_dialable
from scapi_widget.errors import InvalidParameterError

from .conftest import BridgeEnv, request, subscribe

ACCEPTED = ["5001", "+15551234567", "+1 (555) 123-4567", "555.123.4567", "*72", "9#1", "0"]
REFUSED = ["*PhoneNumber*", "PhoneNumber", "sip:bob@example.com", "+", "*#", "555-CALL-NOW", " "]


@pytest.mark.parametrize("number", ACCEPTED)
def test_numbers_a_dial_plan_accepts_are_dialed(desk: AgentDesktop, number: str) -> None:
    call = desk.dial(number)
    assert desk.interaction(call).state == "DIALING" and desk.interaction(call).dnis == number
    assert check_dialable(number) == number


@pytest.mark.parametrize("number", REFUSED)
def test_a_destination_no_dial_plan_accepts_fails_and_changes_nothing(desk: AgentDesktop, number: str) -> None:
    before = desk.snapshot()
    with pytest.raises(InvalidParameterError, match="no dial plan accepts it"):
        desk.dial(number)
    assert desk.snapshot() == before


@pytest.mark.parametrize("method", ["voice.dial", "voice.dialEx"])
def test_an_apps_dial_to_an_unfilled_template_gets_an_error_message_and_no_event(
    bridge_env: BridgeEnv, method: str
) -> None:
    frame = bridge_env.add_frame()
    bridge_env.send(frame, subscribe(["interaction"]))
    [reply] = bridge_env.send(frame, request(method, "*PhoneNumber*", {"Topic": "x"}, ref="d1"))
    assert reply["referenceId"] == "d1" and "no dial plan accepts it" in reply["errorMessage"]
    assert "data" not in reply
    assert bridge_env.desk.interactions == {}
    assert [e for e in bridge_env.events_to(frame) if e[0] == "interaction"] == []


def test_transfer_targets_other_than_numbers_are_not_checked_on_a_desktop_of_its_own(desk: AgentDesktop) -> None:
    call = desk.simulate_inbound_call()
    desk.answer(call)
    consult = desk.consult(call, {"type": "AGENT", "destination": "supervisor"})
    assert desk.interaction(consult).dnis == "supervisor"
    with pytest.raises(InvalidParameterError, match="no dial plan"):
        desk.single_step_transfer(call, "*PhoneNumber*")
