"""The switch's rules (README, "How the switch works"), each from a sequence that once lost a call:
who owns a call, what a transfer to a queue means, what happens when a party leaves."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

import scapi_widget.service as service
from scapi_widget.centre.contact_centre import ContactCentre
from scapi_widget.desktop.model import ListenerWarning
from scapi_widget.errors import InvalidActionError, ScapiError
from scapi_widget.service import Caller, run_app_request

from .centre_support import Log, centre, log, only_call, parties

__all__ = ["centre", "log"]  # fixtures

CUSTOMER = "5551234"
APP = Caller("https://crm.example", "panel", 1)


@pytest.fixture(autouse=True)
def listener_warnings_are_errors() -> Iterator[None]:
    """A switch that raises while it carries out a change shows a ListenerWarning: here, a failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ListenerWarning)
        yield


@pytest.fixture
def sales(centre: ContactCentre) -> ContactCentre:
    """The centre with a Sales queue (6001: Alice and Bob) and everyone Not Ready."""
    centre.add_queue("Sales", dn="6001", skills=["sales"])
    for desk in centre.agents.values():
        desk.set_agent_state("NotReady")
        desk.set_accepted_origins(APP.origin or "")
    return centre


def answered_customer_call(centre: ContactCentre, name: str) -> str:
    desk = centre.agents[name]
    call = desk.simulate_inbound_call(CUSTOMER, user_data={"crm": "42"})
    desk.answer(call)
    return call


def internal_call(centre: ContactCentre, caller: str, callee: str) -> tuple[str, str]:
    """``caller`` dials ``callee``, who answers: (caller's id, callee's id)."""
    made = centre.agents[caller].dial(centre.dn_of(callee))
    taken = only_call(centre.agents[callee])
    centre.agents[callee].answer(taken)
    return made, taken


def switch_call_id(centre: ContactCentre, name: str, interaction_id: str) -> str:
    found = centre.call_of(name, interaction_id)
    assert found is not None, (name, interaction_id, centre.calls())
    return found.call_id


# ------------------------------------------------------------------ single-step transfer keeps the caller


def test_single_step_transfer_of_an_agents_call_keeps_the_caller_while_the_target_rings(
    centre: ContactCentre, log: Log
) -> None:
    alice, bob, carol = centre.agents["Alice"], centre.agents["Bob"], centre.agents["Carol"]
    carol_call, alice_call = internal_call(centre, "Carol", "Alice")
    log.clear()
    alice.single_step_transfer(alice_call, "5002")
    assert carol.interaction(carol_call).state == "TALKING"  # not released while Bob rings
    bob_call = only_call(bob)
    assert bob.interaction(bob_call).state == "RINGING" and parties(bob, bob_call) == ["5003"]
    assert parties(carol, carol_call) == ["5002"]
    bob.answer(bob_call)
    assert carol.interaction(carol_call).state == bob.interaction(bob_call).state == "TALKING"
    carol.hang_up(carol_call)
    assert bob.interaction(bob_call).state == "IDLE" and centre.calls() == {}


def test_single_step_transfer_of_an_agents_call_the_target_rejects_ends_the_call(centre: ContactCentre) -> None:
    alice, bob, carol = centre.agents["Alice"], centre.agents["Bob"], centre.agents["Carol"]
    carol_call, alice_call = internal_call(centre, "Carol", "Alice")
    alice.single_step_transfer(alice_call, "5002")
    bob.reject(only_call(bob))
    assert carol.interaction(carol_call).state == "IDLE" and centre.calls() == {}


# ------------------------------------------------------------------ the switch owns calls from outside


def test_a_customers_call_on_an_agents_desktop_is_the_switchs_from_the_moment_it_rings(centre: ContactCentre) -> None:
    alice = centre.agents["Alice"]
    call = alice.simulate_inbound_call(CUSTOMER)
    [switch_call] = centre.calls().values()
    assert switch_call.outside == [CUSTOMER] and switch_call.call_id == alice.interaction(call).call_uuid
    centre.abandon(switch_call.call_id)  # the customer hangs up while it rings
    assert alice.interaction(call).state == "IDLE" and centre.calls() == {}


def test_the_customer_hanging_up_after_a_single_step_transfer_releases_the_agent_it_went_to(
    centre: ContactCentre, log: Log
) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = answered_customer_call(centre, "Alice")
    switch_id = switch_call_id(centre, "Alice", call)
    alice.single_step_transfer(call, "5002")
    assert list(centre.calls()) == [switch_id]
    bob_call = only_call(bob)
    bob.answer(bob_call)
    log.clear()
    centre.abandon(switch_id)
    assert log.order() == [("Bob", "RELEASED")] and centre.calls() == {}


def test_the_customer_hanging_up_seen_from_the_agents_desktop_after_a_transfer_releases_that_agent(
    centre: ContactCentre,
) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    alice.single_step_transfer(answered_customer_call(centre, "Alice"), "5002")
    bob_call = only_call(bob)
    bob.answer(bob_call)
    bob.remote_hang_up(bob_call)
    assert bob.interaction(bob_call).state == "IDLE" and centre.calls() == {}


def test_calls_an_agent_dials_to_an_outside_number_are_the_switchs_too(centre: ContactCentre) -> None:
    alice = centre.agents["Alice"]
    call = alice.dial("5559876")
    [switch_call] = centre.calls().values()
    assert switch_call.outside == ["5559876"]
    alice.remote_answer(call)
    centre.abandon(switch_call.call_id)
    assert alice.interaction(call).state == "IDLE" and centre.calls() == {}


# ------------------------------------------------------------------ a transfer to a queue


def test_completing_a_transfer_to_a_queue_before_anyone_answers_leaves_the_customer_waiting_there(
    sales: ContactCentre, log: Log
) -> None:
    dana = sales.agents["Carol"]  # not in Sales
    call = answered_customer_call(sales, "Carol")
    switch_id = switch_call_id(sales, "Carol", call)
    consult = dana.consult(call, "6001")
    dana.complete_transfer(consult)
    assert sales.queued("Sales") == [switch_id] and list(sales.calls()) == [switch_id]
    assert sales.calls()[switch_id].outside == [CUSTOMER]
    log.clear()
    sales.agents["Bob"].set_agent_state("Ready")  # routing goes on
    ringing = log.last("Bob", "RINGING")
    assert (ringing["callType"], ringing["ani"], ringing["userData"]["crm"]) == ("INBOUND", CUSTOMER, "42")
    assert sales.queued("Sales") == []
    sales.call_queue("Sales", "5550000")  # still works
    sales.abandon(switch_id)
    assert sales.agents["Bob"].interaction(ringing["interactionId"]).state == "IDLE"


def test_an_app_consulting_a_queue_and_completing_the_transfer_leaves_the_customer_waiting(
    sales: ContactCentre,
) -> None:
    dana = sales.agents["Carol"]
    call = answered_customer_call(sales, "Carol")
    consult = service.notebook_call(dana, "interaction.consult", call, "6001")
    assert consult is None  # interaction.consult answers without data; the consult is the newest call
    consult_id = max(dana.interactions, key=int)
    run_app_request(dana, APP, "interaction.completeTransfer", [consult_id])
    [waiting] = sales.queued("Sales")
    assert sales.calls()[waiting].outside == [CUSTOMER]


def test_both_parties_transferring_an_internal_call_to_the_same_queue_leave_it_there_once_then_nowhere(
    sales: ContactCentre,
) -> None:
    alice_call, bob_call = internal_call(sales, "Alice", "Bob")
    sales.agents["Alice"].single_step_transfer(alice_call, "6001")
    [waiting] = sales.queued("Sales")
    assert [leg.agent for leg in sales.calls()[waiting].legs] == ["Bob"]
    with pytest.raises(InvalidActionError, match="already waits in queue Sales"):
        sales.agents["Bob"].single_step_transfer(bob_call, "6001")
    assert sales.queued("Sales") == [waiting]
    sales.agents["Bob"].hang_up(bob_call)
    assert sales.queued("Sales") == [] and sales.calls() == {}  # nobody is left on it: dropped everywhere
    sales.agents["Carol"].set_agent_state("Ready")
    sales.agents["Alice"].set_agent_state("Ready")
    assert all(not i.is_live for d in sales.agents.values() for i in d.interactions.values())


def test_a_call_an_agent_sends_to_a_queue_waits_there_with_the_agent_still_on_it(sales: ContactCentre) -> None:
    carol = sales.agents["Carol"]
    carol_call, alice_call = internal_call(sales, "Carol", "Alice")
    sales.agents["Alice"].single_step_transfer(alice_call, "6001")
    assert parties(carol, carol_call) == ["6001"] and carol.interaction(carol_call).state == "TALKING"
    bob = sales.agents["Bob"]
    bob.set_agent_state("Ready")
    ringing = only_call(bob)
    assert bob.interaction(ringing).ani == "5003"
    bob.answer(ringing)
    assert parties(carol, carol_call) == ["5002"] and parties(bob, ringing) == ["5003"]


# ------------------------------------------------------------------ conference and transfer corner cases


def test_completing_a_conference_after_the_consulted_agent_sent_the_consultation_to_a_queue(
    sales: ContactCentre,
) -> None:
    carol, bob = sales.agents["Carol"], sales.agents["Bob"]
    call = answered_customer_call(sales, "Carol")
    consult = carol.consult(call, "5002")
    bob_call = only_call(bob)
    bob.answer(bob_call)
    bob.single_step_transfer(bob_call, "6001")
    carol.complete_conference(consult)
    [waiting] = sales.queued("Sales")
    assert waiting == switch_call_id(sales, "Carol", call)
    assert parties(carol, call) == [CUSTOMER, "6001"]
    sales.agents["Alice"].set_agent_state("Ready")
    alice = sales.agents["Alice"]
    alice.answer(only_call(alice))
    assert parties(carol, call) == [CUSTOMER, "5001"] and parties(alice, only_call(alice)) == [CUSTOMER, "5003"]


def test_an_app_completing_that_conference_gets_an_answer_not_an_internal_error(sales: ContactCentre) -> None:
    carol, bob = sales.agents["Carol"], sales.agents["Bob"]
    call = answered_customer_call(sales, "Carol")
    consult = carol.consult(call, "5002")
    bob_call = only_call(bob)
    bob.answer(bob_call)
    run_app_request(bob, APP, "interaction.singleStepTransfer", [bob_call, "6001"])
    run_app_request(carol, APP, "interaction.completeConference", [consult])
    assert carol.interaction(call).state == "TALKING" and len(sales.queued("Sales")) == 1


@pytest.mark.parametrize("verb", ["single_step_transfer", "single_step_conference", "consult"])
def test_a_transfer_or_conference_to_a_party_already_on_the_call_is_refused_and_changes_nothing(
    centre: ContactCentre, log: Log, verb: str
) -> None:
    alice = centre.agents["Alice"]
    carol_call, alice_call = internal_call(centre, "Carol", "Alice")
    log.clear()
    with pytest.raises(InvalidActionError, match=r"Carol \(5003\) is already on this call"):
        getattr(alice, verb)(alice_call, "5003")
    assert log.events == [] and alice.interaction(alice_call).state == "TALKING"
    assert parties(alice, alice_call) == ["5003"] and parties(centre.agents["Carol"], carol_call) == ["5001"]


def test_completing_a_conference_after_the_original_was_transferred_is_refused_and_leaves_no_stale_leg(
    centre: ContactCentre,
) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = answered_customer_call(centre, "Alice")
    consult = alice.consult(call, "5002")
    bob.answer(only_call(bob))
    alice.single_step_transfer(call, "5003")  # the held original goes to Carol
    with pytest.raises(InvalidActionError, match=f"original call {call} is IDLE"):
        alice.complete_conference(consult)
    with pytest.raises(InvalidActionError, match=f"original call {call} is IDLE"):
        alice.complete_transfer(consult)
    assert centre.call_of("Alice", call) is None
    assert alice.interaction(consult).state == "TALKING"  # the consultation goes on as a call of its own


def test_a_routed_call_an_agent_rejects_goes_back_to_its_queue_but_a_transferred_one_does_not(
    sales: ContactCentre,
) -> None:
    alice, bob, carol = sales.agents["Alice"], sales.agents["Bob"], sales.agents["Carol"]
    bob.set_agent_state("Ready")
    call_id = sales.call_queue("Sales", CUSTOMER)
    bob.answer(only_call(bob))
    bob.single_step_transfer(only_call(bob), "5003")
    carol.reject(only_call(carol))  # a transferred call, not a queue's offer: it ends
    assert sales.queued("Sales") == [] and call_id not in sales.calls()
    alice.set_agent_state("Ready")
    assert [i for i in alice.interactions.values() if i.is_live] == []


def test_remote_answer_of_a_call_waiting_in_a_queue_is_refused(sales: ContactCentre) -> None:
    carol = sales.agents["Carol"]
    call = carol.dial("6001")
    with pytest.raises(InvalidActionError, match="waits in queue Sales"):
        carol.remote_answer(call)
    assert carol.interaction(call).state == "DIALING"


def test_remote_hang_up_names_the_other_party_and_is_refused_when_there_are_several(centre: ContactCentre) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = answered_customer_call(centre, "Alice")
    alice.single_step_conference(call, "5002")
    bob.answer(only_call(bob))
    with pytest.raises(InvalidActionError, match="several other parties"):
        alice.remote_hang_up(call)
    switch_id = switch_call_id(centre, "Alice", call)
    centre.abandon(switch_id, CUSTOMER)
    assert parties(alice, call) == ["5002"] and alice.interaction(call).state == "TALKING"


def test_every_refusal_is_a_scapi_error(centre: ContactCentre) -> None:
    alice = centre.agents["Alice"]
    call = answered_customer_call(centre, "Alice")
    with pytest.raises(ScapiError):
        alice.single_step_transfer(call, CUSTOMER)  # already on the call
