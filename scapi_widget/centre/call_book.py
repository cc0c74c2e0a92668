"""A contact centre's calls and queues as its switch holds them: who is on each call, where it
waits, and whether it still lives (the rules are the README's "How the switch works").

Plain records, no desktops: :class:`~.contact_centre.ContactCentre` keeps a :class:`CallBook` and
:class:`~.contact_centre.CentreSwitch` acts on the agents' desktops as the book says. A call's
*legs* are its agents' voice interactions; the agents it is still to ring, its :class:`Ring` list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CASE_KEYS = ("IW_CaseUid", "IW_BundleUid")


@dataclass(frozen=True)
class Leg:
    """An agent's part in a call: the agent and the call's interaction id on their desktop.
    ``offered_by``: the queue whose routing offered it (a refused offer goes back to that queue)."""

    agent: str
    interaction_id: str
    offered_by: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Ring:
    """An agent being brought into a call, and how their desktop rings."""

    agent: str
    call_type: str
    ani: str
    dnis: str
    consultation: bool = False
    offered_by: str | None = None


@dataclass
class SwitchCall:
    """A call as the switch holds it (see the module's docstring for the rules)."""

    call_id: str
    legs: list[Leg] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    ringing: list[Ring] = field(default_factory=list)
    waiting_in: str | None = None  # the queue it waits in
    user_data: dict[str, Any] = field(default_factory=dict)
    case_id: str | None = None  # every leg's caseId; None until the call reaches a desktop
    refused_by: set[str] = field(default_factory=set)  # agents who refused its queue's offer

    @property
    def agents(self) -> list[str]:
        """The agents on the call: its legs' and those being rung."""
        return [leg.agent for leg in self.legs] + [ring.agent for ring in self.ringing]

    @property
    def party_count(self) -> int:
        """Legs, agents being rung, outside numbers and the queue it waits in."""
        return len(self.legs) + len(self.ringing) + len(self.outside) + (self.waiting_in is not None)

    @property
    def is_alive(self) -> bool:
        """Two parties or more, one of them an agent or the queue it waits in."""
        return self.party_count >= 2 and bool(self.legs or self.ringing or self.waiting_in)

    def leg(self, agent: str, interaction_id: str) -> Leg | None:
        """The leg of that agent's interaction, if it is one of this call's."""
        return next((leg for leg in self.legs if leg == Leg(agent, interaction_id)), None)

    def parties_seen_by(self, leg: Leg | None, dn_of: Callable[[str], str], queue_dn: str | None) -> list[str]:
        """Who ``leg`` (None: a leg about to join) sees on the call: the outside numbers, the other
        agents' numbers (on the call, then being rung), then the number of the queue it waits in."""
        others = [dn_of(other.agent) for other in self.legs if other != leg]
        rung = [dn_of(ring.agent) for ring in self.ringing]
        return self.outside + others + rung + ([queue_dn] if queue_dn is not None else [])


@dataclass
class Queue:
    """A queue (route point) with its number, the skills it needs and what waits in it."""

    name: str
    dn: str
    skills: frozenset[str]
    waiting: list[str] = field(default_factory=list)  # switch call ids, first in first out
    media_waiting: list[OpenMediaRequest] = field(default_factory=list)


@dataclass
class OpenMediaRequest:
    """A chat, email or workitem waiting in a queue for a Ready agent."""

    item_id: str
    media: str
    party: str
    subject: str | None
    user_data: dict[str, Any]


class CallBook:
    """The switch's calls by id and its queues by name, kept in step: a call waits in the queue its
    ``waiting_in`` names, there once, and only while it is in the book."""

    def __init__(self) -> None:
        self.calls: dict[str, SwitchCall] = {}
        self.queues: dict[str, Queue] = {}

    def add(self, call: SwitchCall, new_id: Callable[[], str]) -> SwitchCall:
        """Keep ``call`` (under a fresh id from ``new_id`` if its id is taken)."""
        while call.call_id in self.calls:
            call.call_id = new_id()
        self.calls[call.call_id] = call
        return call

    def call_of(self, agent: str, interaction_id: str) -> SwitchCall | None:
        """The call that agent's interaction is a leg of, if any."""
        return next((c for c in self.calls.values() if c.leg(agent, interaction_id) is not None), None)

    def queue_dn(self, call: SwitchCall) -> str | None:
        """The number of the queue ``call`` waits in, if it waits."""
        return None if call.waiting_in is None else self.queues[call.waiting_in].dn

    def wait_in(self, call: SwitchCall, queue: Queue, *, first: bool = False) -> None:
        """``call`` waits in ``queue`` (last, or ``first``), leaving any queue it waited in."""
        self.stop_waiting(call)
        if first:
            queue.waiting.insert(0, call.call_id)
        else:
            queue.waiting.append(call.call_id)
        call.waiting_in = queue.name

    def take_place(self, call: SwitchCall, other: SwitchCall) -> None:
        """``call`` waits where ``other`` waited, in its place (``other`` no longer waits)."""
        if other.waiting_in is None:
            return
        self.stop_waiting(call)
        queue = self.queues[other.waiting_in]
        queue.waiting[queue.waiting.index(other.call_id)] = call.call_id
        call.waiting_in, other.waiting_in = other.waiting_in, None

    def stop_waiting(self, call: SwitchCall) -> None:
        if call.waiting_in is not None:
            self.queues[call.waiting_in].waiting.remove(call.call_id)
            call.waiting_in = None

    def drop(self, call: SwitchCall) -> list[Leg]:
        """``call`` ends: it leaves its queue and the book; returns its legs (to be released)."""
        self.stop_waiting(call)
        self.calls.pop(call.call_id, None)
        legs, call.legs, call.ringing = list(call.legs), [], []
        return legs

    def absorb(self, call: SwitchCall, other: SwitchCall) -> list[Leg]:
        """``other``'s parties join ``call`` and ``other`` leaves the book (a consultation completed
        into its original call). An agent already on ``call`` keeps their place there: their legs on
        ``other`` are returned, to be released; an outside number already there is not added twice."""
        doubles = [leg for leg in other.legs if leg.agent in call.agents]
        call.legs += [leg for leg in other.legs if leg not in doubles]
        call.ringing += [ring for ring in other.ringing if ring.agent not in call.agents]
        call.outside += [number for number in other.outside if number not in call.outside]
        call.refused_by |= other.refused_by
        self.take_place(call, other)
        self.calls.pop(other.call_id, None)
        other.legs, other.ringing = [], []
        return doubles
