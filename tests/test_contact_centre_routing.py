"""Routing in a contact centre: a queue's call goes to a Ready agent with the queue's skills, the
longest idle first; it waits while nobody is Ready; the caller can abandon it."""

from __future__ import annotations

from typing import cast

import pytest

from scapi_widget.centre.contact_centre import ContactCentre
from scapi_widget.desktop import ManualClock
from scapi_widget.errors import InvalidActionError, InvalidParameterError

from .centre_support import Log, centre, log, only_call

__all__ = ["centre", "log"]  # fixtures

CALLER = "5551234"


@pytest.fixture
def sales(centre: ContactCentre) -> ContactCentre:
    """The centre with a Sales queue (6001, skill sales: Alice and Bob) and everyone Not Ready."""
    centre.add_queue("Sales", dn="6001", skills=["sales"])
    for desk in centre.agents.values():
        desk.set_agent_state("NotReady")
    return centre


def advance(centre: ContactCentre, seconds: float) -> None:
    cast(ManualClock, centre.clock).advance(seconds)


def test_with_nobody_ready_the_call_waits_and_goes_to_the_first_agent_who_becomes_ready(
    sales: ContactCentre, log: Log
) -> None:
    log.clear()
    call_id = sales.call_queue("6001", CALLER, {"Account": "A-7"})
    assert sales.queued("Sales") == [call_id] and log.events == []
    sales.agents["Carol"].set_agent_state("Ready")  # no sales skill
    assert sales.queued("Sales") == [call_id] and log.of("Carol") == []
    sales.agents["Bob"].set_agent_state("Ready")
    assert sales.queued("Sales") == []
    assert log.of("Bob") == [("ADDED", "RINGING"), ("RINGING", "RINGING")]
    ringing = log.last("Bob", "RINGING")
    assert (ringing["callType"], ringing["ani"], ringing["dnis"]) == ("INBOUND", CALLER, "6001")
    assert ringing["userData"]["Account"] == "A-7" and ringing["caseId"] == ringing["userData"]["IW_CaseUid"]
    assert log.of("Alice") == []


def test_with_one_ready_agent_the_call_rings_at_once(sales: ContactCentre, log: Log) -> None:
    sales.agents["Alice"].set_agent_state("Ready")
    log.clear()
    sales.call_queue("Sales", CALLER)
    assert log.order() == [("Alice", "ADDED"), ("Alice", "RINGING")]
    alice = sales.agents["Alice"]
    alice.answer(only_call(alice))
    assert log.of("Alice")[-1] == ("ESTABLISHED", "TALKING")


def test_with_two_ready_agents_the_longest_idle_gets_the_call(sales: ContactCentre, log: Log) -> None:
    sales.agents["Bob"].set_agent_state("Ready")
    advance(sales, 5)
    sales.agents["Alice"].set_agent_state("Ready")
    log.clear()
    sales.call_queue("Sales", CALLER)
    assert [who for who, _ in log.order()] == ["Bob", "Bob"]
    sales.call_queue("Sales", "5559999")  # Bob is busy now: Alice
    assert [who for who, _ in log.order()[2:]] == ["Alice", "Alice"]


def test_the_agent_who_finished_last_waits_longest_for_the_next_call(sales: ContactCentre, log: Log) -> None:
    alice, bob = sales.agents["Alice"], sales.agents["Bob"]
    alice.set_agent_state("Ready")
    bob.set_agent_state("Ready")
    sales.call_queue("Sales", CALLER)  # Alice: tied, first added
    first = only_call(alice)
    alice.answer(first)
    advance(sales, 10)
    alice.hang_up(first)
    advance(sales, 1)
    log.clear()
    sales.call_queue("Sales", "5559999")
    assert [who for who, _ in log.order()] == ["Bob", "Bob"]


def test_a_waiting_call_is_delivered_when_an_agent_finishes_a_call(sales: ContactCentre, log: Log) -> None:
    alice = sales.agents["Alice"]
    alice.set_agent_state("Ready")
    sales.call_queue("Sales", CALLER)
    first = only_call(alice)
    alice.answer(first)
    second = sales.call_queue("Sales", "5559999")
    assert sales.queued("Sales") == [second]
    log.clear()
    alice.hang_up(first)
    assert log.order() == [("Alice", "RELEASED"), ("Alice", "ADDED"), ("Alice", "RINGING")]
    assert sales.queued("Sales") == []


def test_calls_wait_in_arrival_order(sales: ContactCentre, log: Log) -> None:
    first = sales.call_queue("Sales", CALLER)
    second = sales.call_queue("Sales", "5559999")
    assert sales.queued("Sales") == [first, second]
    sales.agents["Alice"].set_agent_state("Ready")
    assert log.last("Alice", "RINGING")["ani"] == CALLER and sales.queued("Sales") == [second]


def test_abandon_while_waiting_leaves_the_queue_without_any_agent_event(sales: ContactCentre, log: Log) -> None:
    call_id = sales.call_queue("Sales", CALLER)
    log.clear()
    sales.abandon(call_id)
    assert sales.queued("Sales") == [] and log.events == []
    sales.agents["Alice"].set_agent_state("Ready")
    assert log.of("Alice") == []
    with pytest.raises(InvalidActionError, match="no call"):
        sales.abandon(call_id)


def test_abandon_while_ringing_releases_the_agents_call(sales: ContactCentre, log: Log) -> None:
    sales.agents["Bob"].set_agent_state("Ready")
    call_id = sales.call_queue("Sales", CALLER)
    log.clear()
    sales.abandon(call_id)
    assert log.order() == [("Bob", "RELEASED")]
    assert sales.calls() == {}


def test_the_caller_hanging_up_a_connected_call_releases_the_agent(sales: ContactCentre, log: Log) -> None:
    bob = sales.agents["Bob"]
    bob.set_agent_state("Ready")
    call_id = sales.call_queue("Sales", CALLER)
    bob.answer(only_call(bob))
    log.clear()
    sales.abandon(call_id)
    assert log.order() == [("Bob", "RELEASED")]


def test_a_rejected_call_goes_back_to_the_queue_for_another_agent(sales: ContactCentre, log: Log) -> None:
    alice, bob = sales.agents["Alice"], sales.agents["Bob"]
    alice.set_agent_state("Ready")
    call_id = sales.call_queue("Sales", CALLER)
    log.clear()
    alice.reject(only_call(alice))
    assert log.order() == [("Alice", "RELEASED")] and sales.queued("Sales") == [call_id]
    bob.set_agent_state("Ready")
    assert log.of("Bob") == [("ADDED", "RINGING"), ("RINGING", "RINGING")]


def test_an_agent_dialing_a_queue_is_connected_when_the_routed_agent_answers(sales: ContactCentre, log: Log) -> None:
    carol, bob = sales.agents["Carol"], sales.agents["Bob"]
    bob.set_agent_state("Ready")
    log.clear()
    call = carol.dial("6001")
    assert log.order() == [("Carol", "ADDED"), ("Carol", "DIALING"), ("Bob", "ADDED"), ("Bob", "RINGING")]
    assert log.last("Bob", "RINGING")["callType"] == "INTERNAL" and log.last("Bob", "RINGING")["ani"] == "5003"
    bob.answer(only_call(bob))
    assert carol.interaction(call).state == "TALKING"


def test_open_media_is_routed_the_same_way(sales: ContactCentre, log: Log) -> None:
    alice = sales.agents["Alice"]
    request = sales.route_open_media("Sales", "chat", "jo@example.com", user_data={"Topic": "order"})
    assert sales.queued_media("Sales") == [request]
    alice.set_agent_state("Ready")
    assert log.of("Alice") == [("ADDED", "INVITED"), ("INVITED", "INVITED")]
    assert sales.queued_media("Sales") == []
    with pytest.raises(InvalidParameterError, match="open media"):
        sales.route_open_media("Sales", "fax")


def test_bad_queue_requests_are_refused(sales: ContactCentre) -> None:
    with pytest.raises(InvalidParameterError, match="no queue 'Support'"):
        sales.call_queue("Support", CALLER)
    with pytest.raises(InvalidParameterError, match="no dial plan"):
        sales.call_queue("Sales", "*PhoneNumber*")
    assert sales.queued("Sales") == [] and sales.calls() == {}


def test_an_agent_who_refused_a_call_is_offered_it_again_once_ready_again(sales: ContactCentre, log: Log) -> None:
    alice = sales.agents["Alice"]
    alice.set_agent_state("Ready")
    call_id = sales.call_queue("Sales", CALLER)
    alice.reject(only_call(alice))
    assert sales.queued("Sales") == [call_id]  # not offered to Alice again at once
    alice.set_agent_state("NotReady")
    log.clear()
    alice.set_agent_state("Ready")
    assert log.of("Alice") == [("ADDED", "RINGING"), ("RINGING", "RINGING")]


@pytest.mark.parametrize("target", ["Bob", {"type": "AGENT", "destination": "Bob"}, "5002"])
def test_an_open_media_transfer_to_an_agent_invites_them_with_its_data(
    sales: ContactCentre, log: Log, target: object
) -> None:
    alice, bob = sales.agents["Alice"], sales.agents["Bob"]
    chat = alice.simulate_open_media("chat", "jo@example.com", user_data={"Order": "77"})
    alice.accept(chat)
    log.clear()
    alice.single_step_transfer(chat, target)
    assert log.order() == [("Alice", "TRANSFER_COMPLETED"), ("Alice", "REMOVED"), ("Bob", "ADDED"), ("Bob", "INVITED")]
    invited = log.last("Bob", "INVITED")
    assert invited["userData"]["Order"] == "77" and invited["parties"] == [{"name": "jo@example.com"}]
    bob.accept(invited["interactionId"])
    assert log.of("Bob")[-1] == ("ACCEPTED", "ACCEPTED")


def test_an_open_media_transfer_to_a_queue_is_routed(sales: ContactCentre, log: Log) -> None:
    alice = sales.agents["Alice"]
    email = alice.simulate_open_media("email")
    alice.accept(email)
    alice.single_step_transfer(email, {"type": "INTERACTION_QUEUE", "destination": "Sales"})
    assert len(sales.queued_media("Sales")) == 1 and log.of("Bob") == []
    sales.agents["Bob"].set_agent_state("Ready")
    assert log.of("Bob") == [("ADDED", "INVITED"), ("INVITED", "INVITED")] and sales.queued_media("Sales") == []


def test_a_single_step_transfer_to_a_queue_routes_the_call(sales: ContactCentre, log: Log) -> None:
    carol, bob = sales.agents["Carol"], sales.agents["Bob"]
    call = carol.simulate_inbound_call(CALLER, user_data={"Account": "A-7"})
    carol.answer(call)
    carol.single_step_transfer(call, "6001")
    assert len(sales.queued("Sales")) == 1
    log.clear()
    bob.set_agent_state("Ready")
    assert log.of("Bob") == [("ADDED", "RINGING"), ("RINGING", "RINGING")]
    ringing = log.last("Bob", "RINGING")
    assert ringing["ani"] == CALLER and ringing["userData"]["Account"] == "A-7"
    assert ringing["caseId"] == carol.interaction(call).case_id


def test_a_consultation_to_a_queue_rings_a_ready_agent_as_a_consultation(sales: ContactCentre, log: Log) -> None:
    carol, bob = sales.agents["Carol"], sales.agents["Bob"]
    call = carol.simulate_inbound_call(CALLER)
    carol.answer(call)
    consult = carol.consult(call, {"type": "INTERACTION_QUEUE", "destination": "Sales"}, {"Why": "pricing"})
    assert carol.interaction(consult).dnis == "6001" and log.of("Bob") == []
    bob.set_agent_state("Ready")
    ringing = log.last("Bob", "RINGING")
    assert (ringing["callType"], ringing["isConsultation"], ringing["ani"]) == ("CONSULT", True, "5003")
    assert ringing["userData"]["Why"] == "pricing" and ringing["caseId"] == carol.interaction(call).case_id
    bob.answer(ringing["interactionId"])
    carol.complete_transfer(consult)
    assert bob.interaction(ringing["interactionId"]).parties == [CALLER]
