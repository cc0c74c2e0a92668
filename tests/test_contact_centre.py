"""The contact centre: several agents' desktops, calls between them, each side with its own events."""

from __future__ import annotations

import threading

import pytest

from scapi_widget.centre.contact_centre import ContactCentre
from scapi_widget.desktop import AgentDesktop, DesktopEvent, ManualClock
from scapi_widget.errors import InvalidActionError, InvalidParameterError

from .centre_support import Log, centre, log, only_call, parties

__all__ = ["centre", "log"]  # fixtures


# ------------------------------------------------------------------ the centre itself


def test_agents_share_the_centres_lock_and_clock_and_are_listed_in_order(centre: ContactCentre) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    assert list(centre.agents) == ["Alice", "Bob", "Carol"]
    assert alice.lock is bob.lock is centre.lock
    assert alice.clock is centre.clock
    assert centre.agent_of(bob) == "Bob"
    assert bob.device.number == "5002" and bob.agent_info.employee_id == "5002"
    with pytest.raises(InvalidParameterError, match="not an agent of this centre"):
        centre.agent_of(AgentDesktop())


def test_bad_agents_and_queues_are_refused(centre: ContactCentre) -> None:
    with pytest.raises(InvalidParameterError, match="already has an agent"):
        centre.add_agent("Alice", dn="5009")
    with pytest.raises(InvalidParameterError, match="already taken"):
        centre.add_agent("Dave", dn="5001")
    with pytest.raises(InvalidParameterError, match="no dial plan"):
        centre.add_agent("Dave", dn="dave")
    centre.add_queue("Sales", dn="6001", skills=["sales"])
    with pytest.raises(InvalidParameterError, match="already taken"):
        centre.add_queue("Other", dn="6001")
    with pytest.raises(InvalidParameterError, match="centre's clock"):
        centre.add_agent("Dave", dn="5004", clock=ManualClock())
    assert list(centre.agents) == ["Alice", "Bob", "Carol"]


# ------------------------------------------------------------------ internal call


def test_internal_call_rings_the_callee_and_each_side_sees_its_own_events(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    a_call = alice.dial("5002", {"crm": "42"})
    assert log.order() == [
        ("Alice", "ADDED"),
        ("Alice", "DIALING"),
        ("Alice", "ATTACHED_DATA_CHANGED"),
        ("Bob", "ADDED"),
        ("Bob", "RINGING"),
    ]
    b_call = only_call(bob)
    ringing = bob.interaction(b_call)
    assert (ringing.direction, ringing.call_type, ringing.ani, ringing.dnis) == ("IN", "INTERNAL", "5001", "5002")
    assert ringing.user_data["crm"] == "42" and parties(bob, b_call) == ["5001"]
    assert ringing.call_uuid == alice.interaction(a_call).call_uuid
    assert log.of("Carol") == []

    log.clear()
    bob.answer(b_call)
    assert log.order() == [("Bob", "ESTABLISHED"), ("Alice", "ESTABLISHED")]
    assert alice.interaction(a_call).state == bob.interaction(b_call).state == "TALKING"


def test_case_ids_agree_on_both_sides(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    a_call = alice.dial("5002")
    b_call = only_call(bob)
    a, b = alice.interaction(a_call), bob.interaction(b_call)
    assert a.case_id == a.user_data["IW_CaseUid"] == b.case_id == b.user_data["IW_CaseUid"]
    assert a.user_data["IW_BundleUid"] == b.user_data["IW_BundleUid"]
    assert log.last("Bob", "RINGING")["caseId"] == log.last("Bob", "RINGING")["userData"]["IW_CaseUid"] == a.case_id


@pytest.mark.parametrize("who", ["caller", "callee"])
def test_hang_up_on_either_side_releases_both(centre: ContactCentre, log: Log, who: str) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    a_call = alice.dial("5002")
    b_call = only_call(bob)
    bob.answer(b_call)
    log.clear()
    if who == "caller":
        alice.hang_up(a_call)
        assert log.order() == [("Alice", "RELEASED"), ("Bob", "RELEASED")]
    else:
        bob.hang_up(b_call)
        assert log.order() == [("Bob", "RELEASED"), ("Alice", "RELEASED")]
    assert alice.interaction(a_call).state == bob.interaction(b_call).state == "IDLE"
    alice.mark_done(a_call)
    bob.mark_done(b_call)
    assert log.of("Alice")[-1] == ("REMOVED", "IDLE") and log.of("Bob")[-1] == ("REMOVED", "IDLE")
    assert centre.calls() == {}


def test_caller_hanging_up_while_it_rings_releases_the_ringing_side(centre: ContactCentre, log: Log) -> None:
    alice = centre.agents["Alice"]
    a_call = alice.dial("5002")
    log.clear()
    alice.hang_up(a_call)
    assert log.of("Alice") == [("RELEASED", "IDLE")]
    assert log.of("Bob") == [("RELEASED", "IDLE")]


def test_callee_rejecting_releases_the_caller(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    alice.dial("5002")
    log.clear()
    bob.reject(only_call(bob))
    assert log.order() == [("Bob", "RELEASED"), ("Alice", "RELEASED")]


def test_user_data_is_the_calls_and_reaches_every_other_party(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    a_call = alice.dial("5002")
    b_call = only_call(bob)
    bob.answer(b_call)
    log.clear()
    bob.set_user_data(b_call, {"Disposition": "sale"})
    assert log.order() == [("Bob", "ATTACHED_DATA_CHANGED"), ("Alice", "ATTACHED_DATA_CHANGED")]
    assert alice.interaction(a_call).user_data["Disposition"] == "sale"
    alice.delete_user_data(a_call, "Disposition")
    assert "Disposition" not in bob.interaction(b_call).user_data
    assert log.order()[-2:] == [("Alice", "ATTACHED_DATA_CHANGED"), ("Bob", "ATTACHED_DATA_CHANGED")]


def test_dial_by_app_request_rings_the_other_agent(centre: ContactCentre, log: Log) -> None:
    import scapi_widget.service as service

    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    service.notebook_call(alice, "voice.dialEx", "5002", {"Topic": "refund"}, {"x": "1"})
    assert bob.interaction(only_call(bob)).user_data["Topic"] == "refund"


def test_dialing_an_agent_who_cannot_take_calls_fails_and_changes_nothing(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    bob.set_agent_state("Logout")
    log.clear()
    with pytest.raises(InvalidActionError, match="Bob"):
        alice.dial("5002")
    with pytest.raises(InvalidActionError, match="own number"):
        alice.dial("5001")
    assert log.events == [] and alice.interactions == {}


def test_calls_to_outside_numbers_behave_as_on_a_desktop_of_its_own(centre: ContactCentre, log: Log) -> None:
    alice = centre.agents["Alice"]
    call = alice.dial("5551234567")
    alice.remote_answer(call)
    alice.remote_hang_up(call)
    assert log.of("Alice") == [
        ("ADDED", "DIALING"),
        ("DIALING", "DIALING"),
        ("ESTABLISHED", "TALKING"),
        ("RELEASED", "IDLE"),
    ]
    assert [who for who, _ in log.events] == ["Alice"] * 4


def test_a_centre_listener_can_be_removed_and_desktops_on_other_threads_share_the_lock(centre: ContactCentre) -> None:
    seen: list[str] = []
    remove = centre.add_event_listener(lambda name, _event: seen.append(name))
    centre.agents["Alice"].dial("5002")
    remove()
    centre.agents["Carol"].dial("5551234")
    assert seen == ["Alice"] * 2 + ["Bob"] * 2
    errors: list[BaseException] = []

    def dial_many(name: str) -> None:
        try:
            for _ in range(20):
                call = centre.agents[name].dial("5551234")
                centre.agents[name].hang_up(call)
                centre.agents[name].mark_done(call)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=dial_many, args=(n,)) for n in ("Bob", "Carol")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == [] and not any(t.is_alive() for t in threads)


def test_python_playing_the_far_side_of_an_internal_call_acts_on_the_other_agents_desktop(
    centre: ContactCentre, log: Log
) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]
    call = alice.dial("5002")
    log.clear()
    alice.remote_answer(call)  # "the dialed party picks up": Bob's desktop answers
    assert log.order() == [("Alice", "ESTABLISHED"), ("Bob", "ESTABLISHED")]
    log.clear()
    alice.remote_hang_up(call)  # "the other party hangs up"
    assert log.order() == [("Alice", "RELEASED"), ("Bob", "RELEASED")]
    assert bob.interaction(only_call_id(bob)).state == "IDLE"


def only_call_id(desk: AgentDesktop) -> str:
    [found] = desk.interactions
    return found


def test_agents_calling_each_other_from_several_threads_end_consistent(centre: ContactCentre) -> None:
    errors: list[BaseException] = []
    pairs = [("Alice", "5002"), ("Carol", "5002"), ("Bob", "5001")]

    def call_many(name: str, number: str) -> None:
        desk = centre.agents[name]
        try:
            for _ in range(15):
                call = desk.dial(number)
                desk.hang_up(call)
                desk.mark_done(call)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=call_many, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and not any(t.is_alive() for t in threads)
    assert centre.calls() == {}
    for desk in centre.agents.values():
        assert all(not item.is_live for item in desk.interactions.values())


def test_a_listener_answering_as_soon_as_it_rings_connects_the_caller(centre: ContactCentre, log: Log) -> None:
    alice, bob = centre.agents["Alice"], centre.agents["Bob"]

    def auto_answer(event: DesktopEvent) -> None:
        if event.event_type == "RINGING":
            bob.answer(event.data["interaction"]["interactionId"])

    bob.add_event_listener(auto_answer)
    call = alice.dial("5002")
    assert alice.interaction(call).state == "TALKING"
    assert log.order() == [
        ("Alice", "ADDED"),
        ("Alice", "DIALING"),
        ("Bob", "ADDED"),
        ("Bob", "RINGING"),
        ("Bob", "ESTABLISHED"),
        ("Alice", "ESTABLISHED"),
    ]
