"""The model-checked contact centre: a world of four agents, two queues and outside callers, the
rules that move its calls, and the invariants that hold after every step.

Written once and walked twice: ``tests/test_centre_model_check.py`` drives the rules from a
hypothesis ``RuleBasedStateMachine`` (arguments drawn from the live state: interaction ids of
each agent, switch call ids, consultations; invalid ones too); ``benchmarks/centre_model_check.py``
walks the same rules at random from a seed for a million steps. A rule chooses its arguments
through a :class:`Chooser` (hypothesis' ``data.draw`` there, ``random.Random`` here) and issues a
desktop verb from Python or the SCAPI request an app would send (``run_app_request``, as the
bridge does), or an outside party's action (``centre.call_queue``, ``centre.abandon``).

Every outcome is either success or a :class:`~scapi_widget.errors.ScapiError` whose message says
what was wrong and which changed nothing; anything else raised fails the walk, and so does a
:class:`~scapi_widget.desktop.model.ListenerWarning` (the switch or routing raising while it
carries out a change: the walks turn those warnings into errors). :meth:`CentreWorld.check` is
the list of invariants.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from scapi_widget.centre.call_book import SwitchCall
from scapi_widget.centre.contact_centre import ContactCentre
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.interactions import (
    DIALING,
    HELD,
    IDLE,
    LIVE_VOICE_STATES,
    RINGING,
    TALKING,
    VOICE_TRANSITIONS,
    Interaction,
)
from scapi_widget.desktop.model import ListenerWarning
from scapi_widget.desktop.userdata import UserDataBound
from scapi_widget.errors import ScapiError
from scapi_widget.service import Caller, run_app_request

T = TypeVar("T")

AGENTS = {
    "Ann": ("5001", ("sales",)),
    "Ben": ("5002", ("sales", "billing")),
    "Cat": ("5003", ("billing",)),
    "Dan": ("5004", ()),
}
QUEUES = {"Sales": ("6001", ("sales",)), "Billing": ("6002", ("billing",))}
OUTSIDE = ("5550101", "5550102", "+445550103")
APP = Caller("https://crm.example", "panel", 1)
STATES = ("Ready", "Ready", "Ready", "NotReady", "AfterCallWork", "DoNotDisturb", "Logout")
LIVE = LIVE_VOICE_STATES
ANSWERED = frozenset({TALKING, HELD})
DIALING_OR_TALKING = frozenset({DIALING, TALKING})
KEYS = ("Topic", "Outcome", "IW_CaseUid", "IW_BundleUid")  # the user data keys rules write


class Chooser(Protocol):
    """Picks a rule's arguments."""

    def choice(self, options: Sequence[T]) -> T: ...


@dataclass(frozen=True)
class Step:
    """One rule's move: what it does (for reports) and how."""

    what: str
    run: Callable[[], object]


class CentreWorld:
    """A contact centre under test, and counts of what happened to it."""

    def __init__(self, seed: int = 7) -> None:
        self.clock = ManualClock()
        self.centre = ContactCentre(clock=self.clock, ids=IdSource(seed=seed))
        for name, (dn, skills) in AGENTS.items():
            desk = self.centre.add_agent(name, dn=dn, skills=skills)
            desk.set_accepted_origins(str(APP.origin))
        for name, (dn, skills) in QUEUES.items():
            self.centre.add_queue(name, dn=dn, skills=skills)
        self.counts: Counter[str] = Counter()

    # ------------------------------------------------------------------ running a step

    def play(self, rule: str, chooser: Chooser, announce: Callable[[str], object]) -> None:
        """Run ``rule`` with arguments from ``chooser``, first telling ``announce`` what it does:
        success, or a clear refusal that changed nothing."""
        step = RULES[rule](self, chooser)
        announce(step.what)
        before = self.fingerprint()
        self.counts["steps"] += 1
        try:
            with listener_warnings_fail():
                step.run()
        except ScapiError as refusal:
            message = str(refusal)
            assert len(message) > 15 and "internal error" not in message, (step.what, message)
            assert self.fingerprint() == before, f"{step.what} was refused ({message}) but changed the centre"
            self.counts["refused"] += 1
        else:
            self.counts[rule] += 1

    def fingerprint(self) -> tuple[Any, ...]:
        """What a refusal must leave as it was: every desktop's events and calls, and the switch's book."""
        desks = tuple(
            (desk.last_seq, tuple((i.interaction_id, i.state, tuple(i.parties)) for i in desk.interactions.values()))
            for desk in self.centre.agents.values()
        )
        return desks, repr(self.centre.book.calls), tuple(tuple(q.waiting) for q in self.centre.book.queues.values())

    # ------------------------------------------------------------------ live state, as rules choose from it

    def desk(self, name: str) -> AgentDesktop:
        return self.centre.agents[name]

    def interaction_id(self, chooser: Chooser, name: str, wanted: frozenset[str], *, consultation: bool = False) -> Any:
        """One of an agent's interaction ids: mostly one in a ``wanted`` state (a consultation), else any,
        else one that never was (or of the wrong type, refused at an app's door)."""
        items = self.desk(name).interactions.values()
        fitting = [
            i.interaction_id for i in items if i.state in wanted and (i.parent_interaction_id or not consultation)
        ]
        pools = [fitting, fitting, fitting, [i.interaction_id for i in items], ["999", 7]]
        return chooser.choice(chooser.choice([pool for pool in pools if pool]))

    def agents_with(self, wanted: frozenset[str], *, consultation: bool = False) -> list[str]:
        """Every agent, those with a call in a ``wanted`` state (a consultation) four times more."""
        busy = [
            name
            for name, desk in self.centre.agents.items()
            if any(
                i.state in wanted and (i.parent_interaction_id or not consultation) for i in desk.interactions.values()
            )
        ]
        return busy * 4 + list(AGENTS)

    def call_ids(self) -> list[str]:
        calls = self.centre.book.calls.values()
        return [c.call_id for c in calls if c.outside] * 3 + [c.call_id for c in calls] + ["no-such-call"]

    def numbers(self, name: str) -> list[Any]:
        """What an agent may dial: colleagues (and themselves), queues, outside numbers, a template's hole."""
        return [dn for dn, _ in AGENTS.values()] + [dn for dn, _ in QUEUES.values()] + list(OUTSIDE) + ["*PhoneNumber*"]

    def targets(self, name: str) -> list[Any]:
        """A consult, transfer or conference target: a number, or a targetQuery naming an agent or a queue."""
        return (
            self.numbers(name)
            + [{"type": "AGENT", "destination": other} for other in AGENTS]
            + [
                {"type": "INTERACTION_QUEUE", "destination": "Sales"},
                {"type": "ROUTING_POINT", "destination": "Billing"},
                {"type": "SKILL", "destination": "billing"},
                {"type": "AGENT", "destination": "Zed"},
                {"type": "INTERACTION_QUEUE", "destination": "Support"},
            ]
        )

    # ------------------------------------------------------------------ the invariants

    def check(self) -> None:
        """Every invariant; an AssertionError says which and where."""
        book = self.centre.book
        legs_seen: set[tuple[str, str]] = set()
        for call in book.calls.values():
            where = f"call {call.call_id} {call}"
            assert call.is_alive, f"a call with fewer than two parties is still held: {where}"
            assert not call.ringing, f"an agent is still to be rung after the change was over: {where}"
            items = []
            for leg in call.legs:
                assert (leg.agent, leg.interaction_id) not in legs_seen, f"a leg on two calls: {leg} ({where})"
                legs_seen.add((leg.agent, leg.interaction_id))
                item = self.desk(leg.agent).interactions.get(leg.interaction_id)
                assert item is not None and item.is_live, f"a leg without a live interaction: {leg} ({where})"
                items.append((leg, item))
            self.check_states(call, [item.state for _, item in items], where)
            for leg, item in items:
                assert item.user_data == call.user_data, f"user data differ on {leg}: {item.user_data} ({where})"
                assert item.case_id == call.case_id, f"case differs on {leg}: {item.case_id} ({where})"
                shown = (
                    [item.dnis]
                    if item.state == DIALING
                    else call.parties_seen_by(leg, self.centre.dn_of, book.queue_dn(call))
                )
                assert item.parties == shown, f"{leg} shows parties {item.parties}, the call has {shown} ({where})"
        for name, desk in self.centre.agents.items():
            for item in desk.interactions.values():
                assert_bound_counts(item)
                if item.media == "voice" and item.is_live:
                    assert (name, item.interaction_id) in legs_seen, f"{name}'s live call {item} is no call's leg"
        for queue in book.queues.values():
            assert len(set(queue.waiting)) == len(queue.waiting), (
                f"queue {queue.name} holds a call twice: {queue.waiting}"
            )
            for call_id in queue.waiting:
                call = book.calls.get(call_id)
                assert call is not None, f"queue {queue.name} holds {call_id}, which the switch dropped"
                assert call.waiting_in == queue.name, (
                    f"{call_id} is in queue {queue.name} but waits in {call.waiting_in}"
                )
                ready = self.centre.pick_agent(queue, "voice", call.refused_by | set(call.agents))
                assert ready is None, f"{call_id} waits in {queue.name} while {ready} is Ready for it"
        for call in book.calls.values():
            if call.waiting_in is not None:
                assert call.call_id in book.queues[call.waiting_in].waiting, f"{call.call_id} waits nowhere"

    @staticmethod
    def check_states(call: SwitchCall, states: list[str], where: str) -> None:
        """States pair up: a call being placed has its caller DIALING and the others RINGING; on an
        answered call every leg is TALKING, HELD or RINGING (being brought in). A leg RELEASED on one
        side is gone from its call, and a call left with one party has ended (above)."""
        if DIALING in states:
            assert not {TALKING, HELD} & set(states), f"a leg is still dialing on an answered call: {states} ({where})"
        assert set(states) <= {DIALING, RINGING, TALKING, HELD}, f"states {states} ({where})"


@contextmanager
def listener_warnings_fail() -> Iterator[None]:
    """The switch or routing raising while it carries out a change (a ListenerWarning) fails the step."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ListenerWarning)
        yield


# ---------------------------------------------------------------------------- the rules


def app_or_python(
    world: CentreWorld,
    chooser: Chooser,
    name: str,
    what: str,
    python: Callable[[], object],
    request: str,
    params: list[Any],
) -> Step:
    """The same move from Python (a desktop verb) or from an app of the agent's desktop (a SCAPI request)."""
    if chooser.choice(("python", "app")) == "python":
        return Step(f"{name}: {what}", python)
    desk = world.desk(name)
    return Step(f"{name}'s app: {request}{params}", lambda: run_app_request(desk, APP, request, params))


def agent_and_id(
    world: CentreWorld, chooser: Chooser, wanted: frozenset[str], *, consultation: bool = False
) -> tuple[str, Any]:
    """An agent (one with a call in a ``wanted`` state, most often) and one of their interaction ids."""
    name = chooser.choice(world.agents_with(wanted, consultation=consultation))
    return name, world.interaction_id(chooser, name, wanted, consultation=consultation)


def dial(world: CentreWorld, chooser: Chooser) -> Step:
    name = chooser.choice(list(AGENTS))
    number = chooser.choice(world.numbers(name))
    data = chooser.choice((None, {"Topic": "refund"}))
    desk = world.desk(name)
    return app_or_python(
        world,
        chooser,
        name,
        f"dial({number!r}, {data})",
        lambda: desk.dial(number, data),
        "voice.dialEx",
        [number, data, None],
    )


def voice_verb(verb: str, request: str, wanted: frozenset[str]) -> Callable[[CentreWorld, Chooser], Step]:
    """A call-control rule: the agent's verb on one of their interactions (one in a ``wanted``
    state most often), or the app's request."""

    def rule(world: CentreWorld, chooser: Chooser) -> Step:
        name, interaction_id = agent_and_id(world, chooser, wanted)
        desk = world.desk(name)
        python = lambda: getattr(desk, verb)(interaction_id)  # noqa: E731
        return app_or_python(world, chooser, name, f"{verb}({interaction_id!r})", python, request, [interaction_id])

    rule.__name__ = verb
    return rule


def far_side(verb: str) -> Callable[[CentreWorld, Chooser], Step]:
    """Python playing the far side of an agent's call (remote_answer, remote_hang_up)."""

    def rule(world: CentreWorld, chooser: Chooser) -> Step:
        name, interaction_id = agent_and_id(world, chooser, VOICE_TRANSITIONS[verb][0])
        desk = world.desk(name)
        return Step(f"{name}: {verb}({interaction_id!r})", lambda: getattr(desk, verb)(interaction_id))

    return rule


def customer_calls_agent(world: CentreWorld, chooser: Chooser) -> Step:
    name, number = chooser.choice(list(AGENTS)), chooser.choice(OUTSIDE)
    desk = world.desk(name)
    return Step(f"{number} calls {name}", lambda: desk.simulate_inbound_call(number, user_data={"crm": number}))


def customer_calls_queue(world: CentreWorld, chooser: Chooser) -> Step:
    queue = chooser.choice(["Sales", "Billing", "6001", "6002", "Support"])
    number = chooser.choice([*OUTSIDE, "*PhoneNumber*"])
    return Step(f"{number} calls queue {queue}", lambda: world.centre.call_queue(queue, number, {"crm": number}))


def outside_party_hangs_up(world: CentreWorld, chooser: Chooser) -> Step:
    call_id = chooser.choice(world.call_ids())
    call = world.centre.book.calls.get(call_id)
    number = chooser.choice([None, *(call.outside if call else ()), "5559999"])
    return Step(f"{number or 'the caller'} hangs up call {call_id}", lambda: world.centre.abandon(call_id, number))


def target_verb(verb: str, request: str, wanted: frozenset[str]) -> Callable[[CentreWorld, Chooser], Step]:
    """consult, single-step transfer or conference, to a target chosen from the centre's numbers."""

    def rule(world: CentreWorld, chooser: Chooser) -> Step:
        name, interaction_id = agent_and_id(world, chooser, wanted)
        target = chooser.choice(world.targets(name))
        data = chooser.choice((None, {"Outcome": verb}))
        desk = world.desk(name)
        python = lambda: getattr(desk, verb)(interaction_id, target, data)  # noqa: E731
        params = [interaction_id, target, data, None]
        return app_or_python(world, chooser, name, f"{verb}({interaction_id!r}, {target!r})", python, request, params)

    return rule


def complete_verb(verb: str, request: str, wanted: frozenset[str]) -> Callable[[CentreWorld, Chooser], Step]:
    """Complete a consultation (one in a ``wanted`` state, most often) as a transfer or a conference."""

    def rule(world: CentreWorld, chooser: Chooser) -> Step:
        name, consult_id = agent_and_id(world, chooser, wanted, consultation=True)
        desk = world.desk(name)
        python = lambda: getattr(desk, verb)(consult_id)  # noqa: E731
        return app_or_python(world, chooser, name, f"{verb}({consult_id!r})", python, request, [consult_id])

    return rule


def agent_state(world: CentreWorld, chooser: Chooser) -> Step:
    name, state = chooser.choice(list(AGENTS)), chooser.choice(STATES)
    desk = world.desk(name)
    return app_or_python(
        world,
        chooser,
        name,
        f"set_agent_state({state!r})",
        lambda: desk.set_agent_state(state),
        "agent.setState",
        [state],
    )


def voice_state(world: CentreWorld, chooser: Chooser) -> Step:
    name, state = chooser.choice(list(AGENTS)), chooser.choice((*STATES, *STATES, "OUT_OF_SERVICE"))
    desk = world.desk(name)
    if state == "OUT_OF_SERVICE":  # only the platform reports it
        return Step(f"{name}'s voice goes out of service", lambda: desk.report_media_state("voice", state))
    python = lambda: desk.set_media_state("voice", state)  # noqa: E731
    return app_or_python(
        world, chooser, name, f"set_media_state('voice', {state!r})", python, "media.setState", ["voice", state]
    )


def user_data(world: CentreWorld, chooser: Chooser) -> Step:
    name, interaction_id = agent_and_id(world, chooser, LIVE)
    key = chooser.choice(KEYS)
    desk = world.desk(name)
    if chooser.choice(("set", "delete")) == "set":
        value = chooser.choice(("a", "b", 3))
        python = lambda: desk.set_user_data(interaction_id, {key: value})  # noqa: E731
        params: list[Any] = [interaction_id, {key: value}]
        return app_or_python(
            world,
            chooser,
            name,
            f"set {key}={value!r} on {interaction_id!r}",
            python,
            "interaction.setUserData",
            params,
        )
    python = lambda: desk.delete_user_data(interaction_id, key)  # noqa: E731
    return app_or_python(
        world,
        chooser,
        name,
        f"delete {key} of {interaction_id!r}",
        python,
        "interaction.deleteUserData",
        [interaction_id, key],
    )


def time_passes(world: CentreWorld, chooser: Chooser) -> Step:
    seconds = chooser.choice((1, 5, 30))
    return Step(f"{seconds} s pass", lambda: world.clock.advance(seconds))


RULES: dict[str, Callable[[CentreWorld, Chooser], Step]] = {
    "dial": dial,
    "answer": voice_verb("answer", "voice.answer", VOICE_TRANSITIONS["answer"][0]),
    "accept": voice_verb("accept", "interaction.accept", VOICE_TRANSITIONS["answer"][0]),
    "reject": voice_verb("reject", "interaction.reject", frozenset({RINGING})),
    "hold": voice_verb("hold", "voice.hold", VOICE_TRANSITIONS["hold"][0]),
    "resume": voice_verb("resume", "voice.resume", VOICE_TRANSITIONS["resume"][0]),
    "hang_up": voice_verb("hang_up", "voice.hangUp", VOICE_TRANSITIONS["hang_up"][0]),
    "mark_done": voice_verb("mark_done", "interaction.markdone", frozenset({IDLE})),
    "far_side_answers": far_side("remote_answer"),
    "far_side_hangs_up": far_side("remote_hang_up"),
    "customer_calls_agent": customer_calls_agent,
    "customer_calls_queue": customer_calls_queue,
    "outside_party_hangs_up": outside_party_hangs_up,
    "consult": target_verb("consult", "interaction.consult", ANSWERED),
    "single_step_transfer": target_verb("single_step_transfer", "interaction.singleStepTransfer", ANSWERED),
    "single_step_conference": target_verb("single_step_conference", "interaction.singleStepConference", ANSWERED),
    "complete_transfer": complete_verb("complete_transfer", "interaction.completeTransfer", DIALING_OR_TALKING),
    "complete_conference": complete_verb("complete_conference", "interaction.completeConference", frozenset({TALKING})),
    "agent_state": agent_state,
    "voice_state": voice_state,
    "user_data": user_data,
    "time_passes": time_passes,
}
"""Every move of the walk by name (routing happens on its own after each: a call waits until an agent is Ready)."""

CALLS_PLACED = ("dial", "customer_calls_agent", "customer_calls_queue", "consult")
TRANSFERS = ("single_step_transfer", "complete_transfer")
CONFERENCES = ("single_step_conference", "complete_conference")

WALK_WEIGHTS = {
    "answer": 3,
    "accept": 2,
    "far_side_answers": 2,
    "consult": 3,
    "single_step_transfer": 2,
    "single_step_conference": 2,
    "complete_transfer": 3,
    "complete_conference": 4,
}
"""How often a random walk picks a move, against 1 for the others: the moves that build calls up."""


def assert_bound_counts(item: Interaction) -> None:
    """The interaction's user data bound counts what its user data holds (it is counted as it changes)."""
    counted = UserDataBound()
    counted.recount(item.user_data)
    kept = item.user_data_bound
    assert (kept.characters, kept.values) == (counted.characters, counted.values), (
        f"{item.interaction_id}'s user data bound counts {kept.characters} characters and {kept.values} values; "
        f"its user data holds {counted.characters} and {counted.values}"
    )
