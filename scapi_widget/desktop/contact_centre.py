"""A simulated contact centre: several agents' desktops, a switch that owns the calls between
them, and queues that route calls to Ready agents.

The centre is the one place that knows several desktops. Each agent's
:class:`~.model.AgentDesktop` shares the centre's lock, clock and switch: its call control and
flows ask the centre's switch (:class:`~.switch.Switch`) whether a number can be called and tell
it of each change of a call; the switch keeps, for each call, its parties (agents, each with the
interaction id the call has on that agent's desktop, and outside numbers) and its user data, and
acts on the other parties' desktops through their call control's public methods.

What one desktop does to a call reaches the others when that desktop's change is over (after its
events), so an observer of every agent (:meth:`ContactCentre.add_event_listener`) sees the events
in the order they happen: the caller's DIALING before the callee's RINGING.

Routing: a call to a queue goes to a Ready agent (agent and voice channel READY, no live call)
with every skill of the queue, the longest idle first; it waits while there is none and is
delivered when one becomes Ready; the caller can abandon it (:meth:`ContactCentre.abandon`).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError
from .agent import Agent
from .calls import UNREACHABLE_TYPES, CallControl
from .clock import Clock, IdSource, RealClock
from .events import DesktopEvent
from .interactions import DIALING, OPEN_MEDIA, RINGING, Interaction
from .media import Device
from .model import AgentDesktop
from .switch import NUMBER_TARGET, check_dialable
from .userdata import check_key_values
from .validation import require_str

CentreListener = Callable[[str, DesktopEvent], None]
"""``fn(agent_name, event)``: one agent's desktop event, for an observer of every agent."""

CASE_KEYS = ("IW_CaseUid", "IW_BundleUid")


@dataclass(frozen=True)
class Leg:
    """An agent's part in a switch call: the agent and the call's interaction id on their desktop."""

    agent: str
    interaction_id: str


@dataclass
class SwitchCall:
    """A call as the switch holds it: its agent legs, its outside parties and its user data."""

    call_id: str
    legs: list[Leg] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    user_data: dict[str, Any] = field(default_factory=dict)
    queue: str | None = None  # the queue it came through (routing), if any
    refused_by: set[str] = field(default_factory=set)

    @property
    def party_count(self) -> int:
        return len(self.legs) + len(self.outside)


@dataclass
class Queue:
    """A queue (route point) with its number, the skills it needs and its waiting calls."""

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


class ContactCentre:
    """Agents' desktops sharing one switch, one lock and one clock (see the module's docstring)."""

    def __init__(self, *, clock: Clock | None = None, ids: IdSource | None = None) -> None:
        self.lock = threading.RLock()
        self.clock: Clock = clock or RealClock()
        self.ids = ids or IdSource()
        self.switch = CentreSwitch(self)
        self._agents: dict[str, AgentDesktop] = {}
        self._names_by_calls: dict[int, str] = {}
        self._dns: dict[str, str] = {}
        self._skills: dict[str, frozenset[str]] = {}
        self._idle_since: dict[str, float] = {}
        self._queues: dict[str, Queue] = {}
        self._calls: dict[str, SwitchCall] = {}
        self._followups: list[Callable[[], None]] = []
        self._settling = False
        self._listeners: list[CentreListener] = []

    # ------------------------------------------------------------------ membership

    def add_agent(
        self, name: str, *, dn: str, skills: Iterable[str] = (), **agent_desktop_options: Any
    ) -> AgentDesktop:
        """A new agent's desktop in the centre, reachable at ``dn``; ``skills`` (or groups) say which
        queues may route to them; other options are :class:`~.model.AgentDesktop`'s."""
        with self.lock:
            require_str(name, "agent name")
            require_str(dn, "agent DN")
            check_dialable(dn)
            if name in self._agents:
                raise InvalidParameterError(f"the centre already has an agent called {name!r}")
            if dn in self._dns or any(q.dn == dn for q in self._queues.values()):
                raise InvalidParameterError(f"DN {dn!r} is already taken in this centre")
            skill_set = frozenset(skills)
            if "clock" in agent_desktop_options:
                raise InvalidParameterError("an agent of a centre runs on the centre's clock; do not pass clock=")
            options = dict(agent_desktop_options)
            options.setdefault("agent", Agent(employee_id=dn, firstname=name, lastname="", username=name.lower()))
            options.setdefault("device", Device(number=dn))
            if options["device"].number != dn:
                raise InvalidParameterError(f"the device number {options['device'].number!r} is not the DN {dn!r}")
            options.setdefault("ids", IdSource(seed=uuid.UUID(self.ids.uuid()).int))
            desk = AgentDesktop(clock=self.clock, **options)
            desk.lock = self.lock
            desk.calls.connect(self.switch)
            self._agents[name] = desk
            self._names_by_calls[id(desk.calls)] = name
            self._dns[dn] = name
            self._skills[name] = skill_set
            self._idle_since[name] = self.clock.now()
            desk.add_event_listener(lambda event: self._observe(name, event))
            desk.add_change_listener(lambda _parts: self.settle())
            return desk

    @property
    def agents(self) -> Mapping[str, AgentDesktop]:
        """The agents' desktops by name, in the order they were added."""
        return MappingProxyType(self._agents)

    def agent_of(self, desk: AgentDesktop) -> str:
        """The name of the agent whose desktop ``desk`` is."""
        name = self._names_by_calls.get(id(desk.calls))
        if name is None or self._agents.get(name) is not desk:
            raise InvalidParameterError("that desktop is not an agent of this centre")
        return name

    def dn_of(self, name: str) -> str:
        """The agent's DN."""
        return self.desk(name).device.number

    def desk(self, name: str) -> AgentDesktop:
        """The desktop of the agent called ``name``."""
        found = self._agents.get(name)
        if found is None:
            raise InvalidParameterError(f"no agent called {name!r} (agents: {', '.join(self._agents) or 'none'})")
        return found

    def add_queue(self, name: str, *, dn: str, skills: Iterable[str] = ()) -> None:
        """A queue (route point) at ``dn`` routing to Ready agents having every one of ``skills``."""
        with self.lock:
            require_str(name, "queue name")
            require_str(dn, "queue DN")
            check_dialable(dn)
            if name in self._queues:
                raise InvalidParameterError(f"the centre already has a queue called {name!r}")
            if dn in self._dns or any(q.dn == dn for q in self._queues.values()):
                raise InvalidParameterError(f"DN {dn!r} is already taken in this centre")
            self._queues[name] = Queue(name, dn, frozenset(skills))

    def queued(self, name: str) -> list[str]:
        """The switch call ids waiting in a queue, first come first."""
        with self.lock:
            return list(self.queue_named(name).waiting)

    def queue_named(self, name_or_dn: str) -> Queue:
        """A queue by name or DN."""
        for queue in self._queues.values():
            if name_or_dn in (queue.name, queue.dn):
                return queue
        known = ", ".join(f"{q.name} ({q.dn})" for q in self._queues.values()) or "none"
        raise InvalidParameterError(f"no queue {name_or_dn!r} (queues: {known})")

    # ------------------------------------------------------------------ observers

    def add_event_listener(self, fn: CentreListener) -> Callable[[], None]:
        """Call ``fn(agent_name, event)`` for every event of every agent; returns a function that removes it."""
        with self.lock:
            self._listeners.append(fn)

        def remove() -> None:
            with self.lock:
                if fn in self._listeners:
                    self._listeners.remove(fn)

        return remove

    def _observe(self, name: str, event: DesktopEvent) -> None:
        if event.family == "agent" and event.data.get("mediaState") == "READY":
            self._idle_since[name] = self.clock.now()
            for call in self._calls.values():
                call.refused_by.discard(name)  # Ready again: may be offered what they refused
        elif event.family == "interaction" and event.event_type == "RELEASED":
            self._idle_since[name] = self.clock.now()
        for listener in list(self._listeners):
            AgentDesktop.call_safely(lambda fn: fn(name, event), listener, f"centre listener {listener!r}")

    # ------------------------------------------------------------------ calls, as the switch sees them

    def calls(self) -> dict[str, SwitchCall]:
        """The calls the switch holds, by switch call id (a copy of the index)."""
        with self.lock:
            return dict(self._calls)

    def call_of(self, name: str, interaction_id: str) -> SwitchCall | None:
        """The switch call an agent's interaction is a leg of, if any."""
        leg = Leg(name, interaction_id)
        for call in self._calls.values():
            if leg in call.legs:
                return call
        return None

    def call_queue(self, dn_or_name: str, caller: str, user_data: Mapping[str, Any] | None = None) -> str:
        """An outside caller calls a queue: the call is routed (or waits). Returns its switch call id."""
        with self.lock:
            queue = self.queue_named(dn_or_name)
            require_str(caller, "caller number")
            check_dialable(caller)
            data = check_key_values(user_data or {})
            call = SwitchCall(self.ids.uuid(), outside=[caller], user_data=data, queue=queue.name)
            self._calls[call.call_id] = call
            queue.waiting.append(call.call_id)
            self.settle()
            return call.call_id

    def abandon(self, call_id: str) -> None:
        """The outside caller of a call hangs up: it leaves its queue, or its agents' legs are released."""
        with self.lock:
            call = self._calls.get(call_id)
            if call is None or not call.outside:
                known = ", ".join(self._calls) or "none"
                raise InvalidActionError(f"no call {call_id!r} with an outside caller (calls: {known})")
            call.outside.pop(0)
            for queue in self._queues.values():
                if call_id in queue.waiting:
                    queue.waiting.remove(call_id)
            self.after_leaving(call)
            self.settle()

    # ------------------------------------------------------------------ open media routing

    def route_open_media(
        self,
        queue: str,
        media: str,
        party: str = "customer@example.com",
        *,
        subject: str | None = None,
        user_data: Mapping[str, Any] | None = None,
    ) -> str:
        """A chat, email or workitem arrives in a queue: it is offered (INVITED) to a Ready agent for
        that media with the queue's skills, or waits. Returns its request id (see :meth:`queued_media`)."""
        with self.lock:
            target = self.queue_named(queue)
            if media not in OPEN_MEDIA:
                raise InvalidParameterError(f"open media must be one of {', '.join(OPEN_MEDIA)}, got {media!r}")
            require_str(party, "party")
            request = OpenMediaRequest(self.ids.uuid(), media, party, subject, check_key_values(user_data or {}))
            target.media_waiting.append(request)
            self.settle()
            return request.item_id

    def queued_media(self, name: str) -> list[str]:
        """The open media request ids waiting in a queue."""
        with self.lock:
            return [r.item_id for r in self.queue_named(name).media_waiting]

    # ------------------------------------------------------------------ the switch's work

    def follow_up(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the current desktop change is over (see :meth:`settle`)."""
        self._followups.append(action)

    def settle(self) -> None:
        """Carry out what the switch has to do on the other desktops, then route waiting calls."""
        with self.lock:
            if self._settling:
                return
            self._settling = True
            try:
                while True:
                    while self._followups:
                        action = self._followups.pop(0)
                        AgentDesktop.call_safely(lambda run: run(), action, "the contact centre's switch")
                    if not self.route_one():
                        break
            finally:
                self._settling = False

    def agent_named_by(self, number: str) -> str | None:
        """The agent whose DN ``number`` is, or None."""
        return self._dns.get(number)

    def queue_at(self, number: str) -> Queue | None:
        """The queue whose DN ``number`` is, or None."""
        return next((q for q in self._queues.values() if q.dn == number), None)

    def name_of(self, calls: CallControl) -> str:
        """The agent whose call control ``calls`` is."""
        return self._names_by_calls[id(calls)]

    def ring(
        self,
        call: SwitchCall,
        name: str,
        *,
        call_type: str,
        ani: str,
        dnis: str,
        consultation: bool = False,
    ) -> None:
        """Bring ``call`` to agent ``name``'s desktop (ADDED, RINGING) as a new leg."""
        desk = self._agents[name]
        parties = call.outside + [self.dn_of(leg.agent) for leg in call.legs]
        with desk.transaction():  # the leg is the call's before anyone hears it ring
            item = desk.calls.deliver(
                party=parties[0] if parties else ani,
                extra_parties=tuple(parties[1:]),
                ani=ani,
                dnis=dnis,
                call_type=call_type,
                call_uuid=call.call_id,
                user_data=call.user_data,
                consultation=consultation,
            )
            call.legs.append(Leg(name, item.interaction_id))
            call.user_data = dict(item.user_data)  # the first desktop the call reaches names its case

    def item_of(self, leg: Leg) -> Interaction | None:
        return self._agents[leg.agent].store.find(leg.interaction_id)

    def parties_for(self, call: SwitchCall, leg: Leg) -> list[str]:
        """Who a leg's agent sees on the call: the outside parties, then the other agents' DNs."""
        return call.outside + [self.dn_of(other.agent) for other in call.legs if other != leg]

    def release_leg(self, leg: Leg) -> None:
        item = self.item_of(leg)
        if item is not None and item.is_live:
            self._agents[leg.agent].calls.voice_action(leg.interaction_id, "remote_hang_up")

    def after_leaving(self, call: SwitchCall) -> None:
        """A party left ``call``: end it if fewer than two remain, else tell the others who is left."""
        if call.party_count >= 2 or (call.outside and any(call.call_id in q.waiting for q in self._queues.values())):
            self.follow_up(lambda: self.tell_parties(call))
            return
        legs, call.legs = list(call.legs), []
        self._calls.pop(call.call_id, None)
        for queue in self._queues.values():
            if call.call_id in queue.waiting:
                queue.waiting.remove(call.call_id)
        for leg in legs:
            self.follow_up(lambda leg=leg: self.release_leg(leg))  # type: ignore[misc]

    def tell_parties(self, call: SwitchCall) -> None:
        for leg in list(call.legs):
            item = self.item_of(leg)
            if item is not None and item.is_live:
                self._agents[leg.agent].calls.set_parties(item, self.parties_for(call, leg))

    def share_data(self, call: SwitchCall, source: Leg | None) -> None:
        for leg in list(call.legs):
            item = self.item_of(leg)
            if leg != source and item is not None:
                self._agents[leg.agent].calls.share_user_data(item, call.user_data)

    def tracked(self, name: str, item: Interaction) -> SwitchCall:
        """The switch call of an agent's interaction; a call the switch did not place (a customer's
        call simulated on the desktop, a call to an outside number) is taken in now."""
        found = self.call_of(name, item.interaction_id)
        if found is not None:
            return found
        outside = [p for p in item.parties if p not in self._dns]
        call = SwitchCall(
            item.call_uuid or self.ids.uuid(),
            legs=[Leg(name, item.interaction_id)],
            outside=outside,
            user_data=dict(item.user_data),
        )
        while call.call_id in self._calls:
            call.call_id = self.ids.uuid()
        self._calls[call.call_id] = call
        return call

    # ------------------------------------------------------------------ routing

    def is_ready(self, name: str, media: str = "voice") -> bool:
        desk = self._agents[name]
        channel = desk.media.get(media)
        if desk.agent_state.type != "READY" or channel is None or channel.state.type != "READY":
            return False
        if media == "voice":
            return not any(i.media == "voice" and i.is_live for i in desk.interactions.values())
        return True

    def pick_agent(self, queue: Queue, media: str, refused: set[str]) -> str | None:
        """The Ready agent with the queue's skills idle longest, or None."""
        candidates = [
            name
            for name in self._agents
            if name not in refused and queue.skills <= self._skills[name] and self.is_ready(name, media)
        ]
        return min(candidates, key=lambda n: self._idle_since[n]) if candidates else None

    def route_one(self) -> bool:
        """Deliver one waiting call or open media item, if some Ready agent can take it."""
        for queue in self._queues.values():
            for call_id in list(queue.waiting):
                call = self._calls[call_id]
                name = self.pick_agent(queue, "voice", call.refused_by)
                if name is not None:
                    queue.waiting.remove(call_id)
                    caller = call.outside[0] if call.outside else self.dn_of(call.legs[0].agent)
                    placed = None if call.outside or not call.legs else self.item_of(call.legs[0])
                    consultation = placed is not None and placed.is_consultation
                    call_type = "INBOUND" if call.outside else "CONSULT" if consultation else "INTERNAL"
                    self._idle_since[name] = self.clock.now()
                    self.ring(call, name, call_type=call_type, ani=caller, dnis=queue.dn, consultation=consultation)
                    return True
            for request in list(queue.media_waiting):
                name = self.pick_agent(queue, request.media, set())
                if name is not None:
                    queue.media_waiting.remove(request)
                    self._idle_since[name] = self.clock.now()
                    self.offer(name, request)
                    return True
        return False

    # ------------------------------------------------------------------ what the desktops tell the switch

    def resolve(self, calls: CallControl, target: Mapping[str, str]) -> str:
        """The number a desktop of the centre calls for ``target`` (see :class:`~.switch.Switch`)."""
        me = self.name_of(calls)
        kind = target.get("type", NUMBER_TARGET)
        destination = target["destination"]
        if kind == "AGENT":
            agent = self.agent_called(destination)
            if agent is None:
                raise InvalidParameterError(
                    f"no agent {destination!r} in this contact centre (agents: {', '.join(self._agents)})"
                )
            number = self.dn_of(agent)
        elif kind in ("INTERACTION_QUEUE", "ROUTING_POINT"):
            number = self.queue_named(destination).dn
        elif kind == NUMBER_TARGET:
            number = destination
            if self.agent_named_by(number) is None and self.queue_at(number) is None:
                check_dialable(number)
        else:
            return destination  # a skill or an agent group: as on a desktop of its own
        other = self.agent_named_by(number)
        if other == me:
            raise InvalidActionError(f"cannot call {number}: it is this agent's own number")
        if other is not None:
            voice = self._agents[other].media.get("voice")
            if voice is None or voice.state.type in UNREACHABLE_TYPES:
                state = "it has no voice channel" if voice is None else f"its voice channel is {voice.state.type}"
                raise InvalidActionError(f"cannot call {other} ({number}): {state}")
        return number

    def placed(self, calls: CallControl, item: Interaction) -> None:
        """A desktop placed ``item``: to another agent it rings there; to a queue it is routed."""
        me = self.name_of(calls)
        number = item.dnis or ""
        callee, queue = self.agent_named_by(number), self.queue_at(number)
        if callee is None and queue is None:
            return  # an outside number: Python plays the far side (remote_answer)
        call = SwitchCall(item.call_uuid or self.ids.uuid(), [Leg(me, item.interaction_id)])
        call.user_data = dict(item.user_data)
        self._calls[call.call_id] = call
        if queue is not None:
            call.queue = queue.name
            queue.waiting.append(call.call_id)
            return
        assert callee is not None
        consultation = item.is_consultation
        kind = "CONSULT" if consultation else "INTERNAL"
        self.follow_up(
            lambda: self.ring_while_placed(call, callee, call_type=kind, dnis=number, consultation=consultation)
        )

    def ring_while_placed(self, call: SwitchCall, name: str, *, call_type: str, dnis: str, consultation: bool) -> None:
        """Ring ``name`` for ``call`` unless its caller hung up meanwhile."""
        if self._calls.get(call.call_id) is not call or not call.legs:
            return
        caller = self.item_of(call.legs[0])
        if caller is None or caller.state != DIALING:
            return
        call.user_data = dict(caller.user_data)
        self.ring(
            call, name, call_type=call_type, ani=self.dn_of(call.legs[0].agent), dnis=dnis, consultation=consultation
        )

    def moved(self, calls: CallControl, item: Interaction, action: str) -> None:
        """A call changed on a desktop: answering connects the caller; hanging up leaves the call."""
        me = self.name_of(calls)
        leg = Leg(me, item.interaction_id)
        call = self.call_of(me, item.interaction_id)
        if call is None:
            return
        if action in ("answer", "remote_answer"):
            wanted, then = (DIALING, "remote_answer") if action == "answer" else (RINGING, "answer")
            for other in call.legs:
                if other != leg:
                    self.follow_up(lambda other=other: self.move_if(other, wanted, then))  # type: ignore[misc]
        elif action in ("hang_up", "remote_hang_up"):
            was_ringing = item.previous_state == RINGING
            call.legs.remove(leg)
            if was_ringing and call.queue is not None and not any(self.answered(other) for other in call.legs):
                call.refused_by.add(me)  # a routed call the agent did not take goes back to its queue
                if call.outside or call.legs:
                    self.queue_named(call.queue).waiting.insert(0, call.call_id)
                    return
            if action == "remote_hang_up" and call.party_count == 1:
                call.outside.clear()  # the far side hung up: nobody is left
            self.after_leaving(call)

    def answered(self, leg: Leg) -> bool:
        item = self.item_of(leg)
        return item is not None and item.state not in (RINGING, DIALING)

    def move_if(self, leg: Leg, state: str, action: str) -> None:
        item = self.item_of(leg)
        if item is not None and item.state == state:
            self._agents[leg.agent].calls.voice_action(leg.interaction_id, action)

    def data_changed(self, calls: CallControl, item: Interaction) -> None:
        """User data changed on one party's desktop: the call's data, seen by every other party."""
        me = self.name_of(calls)
        call = self.call_of(me, item.interaction_id)
        if call is None:
            return
        call.user_data = dict(item.user_data)
        self.follow_up(lambda: self.share_data(call, Leg(me, item.interaction_id)))

    def transferred(self, calls: CallControl, original: Interaction, consult: Interaction) -> None:
        """Two-step transfer: the consulted party takes the agent's place on the original call."""
        me = self.name_of(calls)
        merged = self.merge(me, original, consult, keep_original_leg=False)
        self.after_leaving(merged)
        self.follow_up(lambda: self.share_data(merged, None))

    def conferenced(self, calls: CallControl, original: Interaction, consult: Interaction) -> None:
        """Two-step conference: the consulted party joins the original call."""
        me = self.name_of(calls)
        merged = self.merge(me, original, consult, keep_original_leg=True)
        self.follow_up(lambda: self.tell_parties(merged))
        self.follow_up(lambda: self.share_data(merged, None))

    def merge(self, me: str, original: Interaction, consult: Interaction, *, keep_original_leg: bool) -> SwitchCall:
        """The original call with the consultation's other parties (the agent's consult leg leaves)."""
        call = self.tracked(me, original)
        consultation = self.tracked(me, consult)
        consultation.legs.remove(Leg(me, consult.interaction_id))
        if not keep_original_leg:
            call.legs.remove(Leg(me, original.interaction_id))
        call.legs.extend(consultation.legs)
        call.outside.extend(consultation.outside)
        added = {k: v for k, v in consultation.user_data.items() if k not in CASE_KEYS}
        call.user_data = {**dict(original.user_data), **added}
        self._calls.pop(consultation.call_id, None)
        return call

    def redirected(self, calls: CallControl, item: Interaction, number: str) -> None:
        """Single-step transfer: the agent leaves the call and ``number`` is called in their place."""
        me = self.name_of(calls)
        call = self.tracked(me, item)
        call.legs.remove(Leg(me, item.interaction_id))
        call.user_data = dict(item.user_data)
        self.bring_in(call, number)
        if call.party_count >= 2 or call.queue is not None:
            self.follow_up(lambda: self.tell_parties(call))
        else:
            self.after_leaving(call)

    def joined(self, calls: CallControl, item: Interaction, number: str) -> None:
        """Single-step conference: ``number`` is called into the call."""
        me = self.name_of(calls)
        call = self.tracked(me, item)
        call.user_data = dict(item.user_data)
        self.bring_in(call, number)
        self.follow_up(lambda: self.tell_parties(call))

    def handed_over(self, calls: CallControl, item: Interaction, target: Mapping[str, str]) -> None:
        """An open media interaction transferred to another agent (INVITED there) or a queue (routed)."""
        kind, destination = target.get("type", NUMBER_TARGET), target["destination"]
        queue = self.queue_at(destination) or (
            self._queues.get(destination) if kind in ("INTERACTION_QUEUE", "ROUTING_POINT") else None
        )
        if queue is not None:
            request = OpenMediaRequest(self.ids.uuid(), item.media, item.parties[0], None, dict(item.user_data))
            queue.media_waiting.append(request)
            return
        name = self.agent_called(destination) if kind in ("AGENT", NUMBER_TARGET) else None
        if name is None or self._agents[name].calls is calls:
            return  # an outside address, a skill or a group: as on a desktop of its own
        subject = item.extra.get("subject")
        request = OpenMediaRequest(
            self.ids.uuid(), item.media, item.parties[0], subject if isinstance(subject, str) else None, item.user_data
        )
        self.follow_up(lambda: self.offer(name, request))

    def offer(self, name: str, request: OpenMediaRequest) -> None:
        """Offer an open media interaction to an agent (ADDED, INVITED)."""
        self._agents[name].flows.simulate_open_media(
            request.media, request.party, subject=request.subject, user_data=request.user_data
        )

    def agent_called(self, destination: str) -> str | None:
        """The agent a destination names (name, username, employee id or DN), or None."""
        for name, desk in self._agents.items():
            if destination in (name, desk.agent_info.username, desk.agent_info.employee_id, desk.device.number):
                return name
        return None

    def bring_in(self, call: SwitchCall, number: str) -> None:
        """``number`` joins ``call``: an agent's desktop rings, a queue routes it, an outside number is added."""
        callee, queue = self.agent_named_by(number), self.queue_at(number)
        ani = call.outside[0] if call.outside else (self.dn_of(call.legs[0].agent) if call.legs else number)
        kind = "INBOUND" if call.outside else "INTERNAL"
        if callee is not None:
            self.follow_up(lambda: self.ring(call, callee, call_type=kind, ani=ani, dnis=number))
        elif queue is not None:
            call.queue = queue.name
            queue.waiting.append(call.call_id)
        else:
            call.outside.append(number)


class CentreSwitch:
    """The centre's :class:`~.switch.Switch`: each desktop of the centre is connected to it."""

    def __init__(self, centre: ContactCentre) -> None:
        self.centre = centre

    def resolve(self, calls: CallControl, target: Mapping[str, str]) -> str:
        return self.centre.resolve(calls, target)

    def placed(self, calls: CallControl, item: Interaction) -> None:
        self.centre.placed(calls, item)

    def moved(self, calls: CallControl, item: Interaction, action: str) -> None:
        self.centre.moved(calls, item, action)

    def data_changed(self, calls: CallControl, item: Interaction) -> None:
        self.centre.data_changed(calls, item)

    def transferred(self, calls: CallControl, original: Interaction, consult: Interaction) -> None:
        self.centre.transferred(calls, original, consult)

    def conferenced(self, calls: CallControl, original: Interaction, consult: Interaction) -> None:
        self.centre.conferenced(calls, original, consult)

    def redirected(self, calls: CallControl, item: Interaction, number: str) -> None:
        self.centre.redirected(calls, item, number)

    def joined(self, calls: CallControl, item: Interaction, number: str) -> None:
        self.centre.joined(calls, item, number)

    def handed_over(self, calls: CallControl, item: Interaction, target: Mapping[str, str]) -> None:
        self.centre.handed_over(calls, item, target)
