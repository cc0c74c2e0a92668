"""Consult, single-step and two-step transfer and conference between agents of a contact centre:
the exact events each agent's desktop reports, who each sees on the call, and the call's user data."""

from __future__ import annotations

import pytest

from scapi_widget.centre.contact_centre import ContactCentre
from scapi_widget.desktop import AgentDesktop
from scapi_widget.errors import InvalidParameterError

from .centre_support import Log, centre, log, only_call, parties

__all__ = ["centre", "log"]  # fixtures

CUSTOMER = "5551234"


def customer_call(desk: AgentDesktop, **user_data: str) -> str:
    """A customer's call, answered."""
    call = desk.simulate_inbound_call(CUSTOMER, user_data=user_data)
    desk.answer(call)
    return call


def consulted(centre: ContactCentre, log: Log) -> tuple[str, str, str]:
    """Alice talks to a customer and consults Bob, who answers: (Alice's call, her consult, Bob's call)."""
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = customer_call(alice, crm="42")
    consult = alice.consult(call, "5002", {"Note": "VIP"})
    bob_call = only_call(bob)
    bob.answer(bob_call)
    log.clear()
    return call, consult, bob_call


def test_consult_holds_the_call_and_rings_the_consulted_agent(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = customer_call(alice, crm="42")
    log.clear()
    consult = alice.consult(call, "5002", {"Note": "VIP"})
    assert log.order() == [
        ("Alice", "HELD"),
        ("Alice", "ADDED"),
        ("Alice", "DIALING"),
        ("Alice", "ATTACHED_DATA_CHANGED"),
        ("Bob", "ADDED"),
        ("Bob", "RINGING"),
    ]
    bob_call = only_call(bob)
    ringing = bob.interaction(bob_call)
    assert (ringing.call_type, ringing.is_consultation, ringing.ani) == ("CONSULT", True, "5001")
    assert ringing.user_data["Note"] == "VIP" and parties(bob, bob_call) == ["5001"]
    log.clear()
    bob.answer(bob_call)
    assert log.order() == [("Bob", "ESTABLISHED"), ("Alice", "ESTABLISHED")]
    assert alice.interaction(consult).state == "TALKING" and alice.interaction(call).state == "HELD"


def test_a_consultations_case_ids_agree_on_every_side(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call, consult, bob_call = consulted(centre, log)
    original, mine, theirs = alice.interaction(call), alice.interaction(consult), bob.interaction(bob_call)
    for item in (original, mine, theirs):
        assert item.case_id == item.user_data["IW_CaseUid"] == original.case_id
        assert item.user_data["IW_BundleUid"] == original.user_data["IW_BundleUid"]


def test_consult_by_agent_name_resolves_the_agents_number(centre: ContactCentre, log: Log) -> None:
    alice, carol = centre.agents["Alice"], centre.agents["Carol"]
    call = customer_call(alice)
    consult = alice.consult(call, {"type": "AGENT", "destination": "Carol"})
    assert alice.interaction(consult).dnis == "5003"
    assert carol.interaction(only_call(carol)).state == "RINGING"
    with pytest.raises(InvalidParameterError, match="no agent 'Zed'"):
        alice.consult(call, {"type": "AGENT", "destination": "Zed"})


@pytest.mark.parametrize("who", ["consulting", "consulted"])
def test_ending_a_consultation_from_either_side_leaves_the_customer_on_hold(
    centre: ContactCentre, log: Log, who: str
) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call, consult, bob_call = consulted(centre, log)
    if who == "consulting":
        alice.hang_up(consult)
        assert log.order() == [("Alice", "RELEASED"), ("Bob", "RELEASED")]
    else:
        bob.hang_up(bob_call)
        assert log.order() == [("Bob", "RELEASED"), ("Alice", "RELEASED")]
    assert alice.interaction(call).state == "HELD"


def test_two_step_transfer_hands_the_customer_and_the_data_to_the_consulted_agent(
    centre: ContactCentre, log: Log
) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    _call, consult, bob_call = consulted(centre, log)
    alice.complete_transfer(consult)
    assert log.of("Alice") == [("RELEASED", "IDLE"), ("RELEASED", "IDLE")]
    assert log.of("Bob") == [("PARTY_CHANGED", "TALKING"), ("ATTACHED_DATA_CHANGED", "TALKING")]
    assert parties(bob, bob_call) == [CUSTOMER]
    assert bob.interaction(bob_call).user_data["crm"] == "42"  # the customer's record follows the call
    assert bob.interaction(bob_call).user_data["Note"] == "VIP"
    log.clear()
    bob.hang_up(bob_call)
    assert log.order() == [("Bob", "RELEASED")]
    assert centre.calls() == {}


def test_two_step_transfer_of_a_colleagues_call_tells_the_colleague(centre: ContactCentre, log: Log) -> None:
    alice, bob, carol = centre.agents["Alice"], centre.agents["Bob"], centre.agents["Carol"]
    carol_call = carol.dial("5001")
    call = only_call(alice)
    alice.answer(call)
    consult = alice.consult(call, "5002")
    bob_call = only_call(bob)
    bob.answer(bob_call)
    log.clear()
    alice.complete_transfer(consult)
    assert log.of("Carol") == [("PARTY_CHANGED", "TALKING")]
    assert parties(carol, carol_call) == ["5002"] and parties(bob, bob_call) == ["5003"]
    log.clear()
    carol.hang_up(carol_call)
    assert log.order() == [("Carol", "RELEASED"), ("Bob", "RELEASED")]


def test_two_step_transfer_before_the_consulted_agent_answers(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = customer_call(alice)
    consult = alice.consult(call, "5002")
    bob_call = only_call(bob)
    log.clear()
    alice.complete_transfer(consult)
    assert log.of("Bob") == [("PARTY_CHANGED", "RINGING")]
    bob.answer(bob_call)
    assert log.of("Alice") == [("RELEASED", "IDLE"), ("RELEASED", "IDLE")]  # nothing more for Alice
    assert bob.interaction(bob_call).state == "TALKING" and parties(bob, bob_call) == [CUSTOMER]


def test_two_step_conference_joins_the_consulted_agent(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call, consult, bob_call = consulted(centre, log)
    alice.complete_conference(consult)
    assert log.order() == [
        ("Alice", "RELEASED"),
        ("Alice", "REMOVED"),
        ("Alice", "ESTABLISHED"),
        ("Alice", "PARTY_CHANGED"),
        ("Bob", "PARTY_CHANGED"),
        ("Bob", "ATTACHED_DATA_CHANGED"),
        ("Alice", "ATTACHED_DATA_CHANGED"),
    ]
    assert parties(alice, call) == [CUSTOMER, "5002"] and parties(bob, bob_call) == [CUSTOMER, "5001"]
    assert alice.interaction(call).user_data == bob.interaction(bob_call).user_data
    log.clear()
    bob.set_user_data(bob_call, {"Outcome": "upgrade"})
    assert log.order() == [("Bob", "ATTACHED_DATA_CHANGED"), ("Alice", "ATTACHED_DATA_CHANGED")]
    log.clear()
    bob.hang_up(bob_call)  # Bob leaves; Alice stays with the customer
    assert log.order() == [("Bob", "RELEASED"), ("Alice", "PARTY_CHANGED")]
    assert parties(alice, call) == [CUSTOMER] and alice.interaction(call).state == "TALKING"


def test_single_step_transfer_rings_the_agent_with_the_calls_data(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = customer_call(alice, crm="42")
    log.clear()
    alice.single_step_transfer(call, "5002", {"Reason": "billing"})
    assert log.order() == [("Alice", "RELEASED"), ("Bob", "ADDED"), ("Bob", "RINGING")]
    bob_call = only_call(bob)
    ringing = bob.interaction(bob_call)
    assert (ringing.call_type, ringing.ani, ringing.dnis) == ("INBOUND", CUSTOMER, "5002")
    assert ringing.user_data["crm"] == "42" and ringing.user_data["Reason"] == "billing"
    assert ringing.case_id == alice.interaction(call).case_id == ringing.user_data["IW_CaseUid"]
    log.clear()
    bob.answer(bob_call)
    assert log.order() == [("Bob", "ESTABLISHED")]


def test_single_step_transfer_to_an_agent_who_does_not_answer_leaves_the_customer_with_them(
    centre: ContactCentre, log: Log
) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = customer_call(alice)
    alice.single_step_transfer(call, "5002")
    log.clear()
    bob.reject(only_call(bob))
    assert log.order() == [("Bob", "RELEASED")]
    assert centre.calls() == {}


def test_single_step_conference_rings_the_agent_and_everyone_sees_everyone(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = customer_call(alice)
    log.clear()
    alice.single_step_conference(call, "5002")
    assert log.order() == [("Alice", "PARTY_CHANGED"), ("Bob", "ADDED"), ("Bob", "RINGING")]
    bob_call = only_call(bob)
    assert parties(bob, bob_call) == [CUSTOMER, "5001"] and parties(alice, call) == [CUSTOMER, "5002"]
    log.clear()
    bob.answer(bob_call)
    assert log.order() == [("Bob", "ESTABLISHED")]
    log.clear()
    alice.hang_up(call)  # Alice leaves; Bob stays with the customer
    assert log.order() == [("Alice", "RELEASED"), ("Bob", "PARTY_CHANGED")]
    assert parties(bob, bob_call) == [CUSTOMER]
    log.clear()
    bob.hang_up(bob_call)
    assert log.order() == [("Bob", "RELEASED")]
    assert centre.calls() == {}


def test_transfer_to_a_destination_no_dial_plan_accepts_fails_and_changes_nothing(
    centre: ContactCentre, log: Log
) -> None:
    alice = centre.agents["Alice"]
    call = customer_call(alice)
    log.clear()
    for verb in (alice.single_step_transfer, alice.single_step_conference, alice.consult):
        with pytest.raises(InvalidParameterError, match="no dial plan"):
            verb(call, "*PhoneNumber*")
    assert log.events == [] and alice.interaction(call).state == "TALKING"
