"""A simulated contact centre: several agents' desktops, a switch that owns every call they hold,
and queues that route calls to Ready agents.

The centre is the one place that knows several desktops. Each agent's
:class:`~.model.AgentDesktop` shares the centre's lock, clock and switch (:class:`CentreSwitch`):
its call control and flows ask the switch whether a number can be called or a call moved and tell
it of each new call and each change of a call. The switch keeps the calls in a
:class:`~.switch_calls.CallBook` (who is on each call, where it waits; the rules are the README's
"How the switch works") and acts on the other parties' desktops through their call control's
public methods.

What one desktop does to a call reaches the others when that desktop's change is over (after its
events), so an observer of every agent (:meth:`ContactCentre.add_event_listener`) sees the events
in the order they happen: the caller's DIALING before the callee's RINGING.

Routing: a call waiting in a queue goes to a Ready agent (agent and voice channel READY, no live
call) with every skill of the queue, the longest idle first; it waits while there is none and is
delivered when one becomes Ready; the caller can hang up meanwhile (:meth:`ContactCentre.abandon`).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from ..desktop.agent import Agent
from ..desktop.calls import UNREACHABLE_TYPES
from ..desktop.clock import Clock, IdSource, RealClock
from ..desktop.events import DesktopEvent
from ..desktop.interactions import DIALING, OPEN_MEDIA, RINGING, Interaction
from ..desktop.media import Device
from ..desktop.model import AgentDesktop
from ..desktop.switch import NUMBER_TARGET, Line, check_dialable
from ..desktop.userdata import check_key_values
from ..desktop.validation import require_str
from ..errors import InvalidActionError, InvalidParameterError
from .call_book import CASE_KEYS, CallBook, Leg, OpenMediaRequest, Queue, Ring, SwitchCall

__all__ = ["CASE_KEYS", "CentreListener", "CentreSwitch", "ContactCentre", "Leg", "Queue", "SwitchCall"]

CentreListener = Callable[[str, DesktopEvent], None]
"""``fn(agent_name, event)``: one agent's desktop event, for an observer of every agent."""


class ContactCentre:
    """Agents' desktops sharing one switch, one lock and one clock (see the module's docstring)."""

    def __init__(self, *, clock: Clock | None = None, ids: IdSource | None = None) -> None:
        self.lock = threading.RLock()
        self.clock: Clock = clock or RealClock()
        self.ids = ids or IdSource()
        self.book = CallBook()
        self.switch = CentreSwitch(self)
        self._agents: dict[str, AgentDesktop] = {}
        self._names_by_line: dict[int, str] = {}
        self._dns: dict[str, str] = {}
        self._skills: dict[str, frozenset[str]] = {}
        self._idle_since: dict[str, float] = {}
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
            self.check_dn_free(dn)
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
            self._names_by_line[id(desk.calls)] = name
            self._dns[dn] = name
            self._skills[name] = skill_set
            self._idle_since[name] = self.clock.now()
            desk.add_event_listener(lambda event: self._observe(name, event))
            desk.add_change_listener(lambda _parts: self.settle())
            return desk

    def check_dn_free(self, dn: str) -> None:
        if dn in self._dns or self.queue_at(dn) is not None:
            raise InvalidParameterError(f"DN {dn!r} is already taken in this centre")

    @property
    def agents(self) -> Mapping[str, AgentDesktop]:
        """The agents' desktops by name, in the order they were added."""
        return MappingProxyType(self._agents)

    def agent_of(self, desk: AgentDesktop) -> str:
        """The name of the agent whose desktop ``desk`` is."""
        name = self._names_by_line.get(id(desk.calls))
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
            if name in self.book.queues:
                raise InvalidParameterError(f"the centre already has a queue called {name!r}")
            self.check_dn_free(dn)
            self.book.queues[name] = Queue(name, dn, frozenset(skills))

    def queued(self, name: str) -> list[str]:
        """The switch call ids waiting in a queue, first come first."""
        with self.lock:
            return list(self.queue_named(name).waiting)

    def queue_named(self, name_or_dn: str) -> Queue:
        """A queue by name or DN."""
        for queue in self.book.queues.values():
            if name_or_dn in (queue.name, queue.dn):
                return queue
        known = ", ".join(f"{q.name} ({q.dn})" for q in self.book.queues.values()) or "none"
        raise InvalidParameterError(f"no queue {name_or_dn!r} (queues: {known})")

    def agent_named_by(self, number: str) -> str | None:
        """The agent whose DN ``number`` is, or None."""
        return self._dns.get(number)

    def queue_at(self, number: str) -> Queue | None:
        """The queue whose DN ``number`` is, or None."""
        return next((q for q in self.book.queues.values() if q.dn == number), None)

    def name_of(self, line: Line) -> str:
        """The agent whose end of the switch (call control) ``line`` is."""
        return self._names_by_line[id(line)]

    def agent_called(self, destination: str) -> str | None:
        """The agent a destination names (name, username, employee id or DN), or None."""
        for name, desk in self._agents.items():
            if destination in (name, desk.agent_info.username, desk.agent_info.employee_id, desk.device.number):
                return name
        return None

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
        if event.family == "agent" and event.payload.get("mediaState") == "READY":
            self._idle_since[name] = self.clock.now()
            for call in self.book.calls.values():
                call.refused_by.discard(name)  # Ready again: may be offered what they refused
        elif event.family == "interaction" and event.event_type == "RELEASED":
            self._idle_since[name] = self.clock.now()
        for listener in list(self._listeners):
            AgentDesktop.call_safely(lambda fn: fn(name, event), listener, f"centre listener {listener!r}")

    # ------------------------------------------------------------------ calls, as the switch sees them

    def calls(self) -> dict[str, SwitchCall]:
        """The calls the switch holds, by switch call id (a copy of the index). A call's id is the
        ``callUuid`` of its interactions."""
        with self.lock:
            return dict(self.book.calls)

    def call_of(self, name: str, interaction_id: str) -> SwitchCall | None:
        """The switch call an agent's interaction is a leg of, if any (a released one is none's)."""
        with self.lock:
            return self.book.call_of(name, interaction_id)

    def call_queue(self, dn_or_name: str, caller: str, user_data: Mapping[str, Any] | None = None) -> str:
        """An outside caller calls a queue: the call is routed (or waits). Returns its switch call id."""
        with self.lock:
            queue = self.queue_named(dn_or_name)
            require_str(caller, "caller number")
            check_dialable(caller)
            data = check_key_values(user_data or {})
            call = self.book.add(SwitchCall(self.ids.uuid(), outside=[caller], user_data=data), self.ids.uuid)
            self.book.wait_in(call, queue)
            self.settle()
            return call.call_id

    def abandon(self, call_id: str, number: str | None = None) -> None:
        """An outside party of a call hangs up (``number``; None: the first, the caller), wherever
        the call is: waiting in a queue, ringing, connected. The call goes on if it still has two
        parties (README, "How the switch works"), else it ends and its agents' legs are released."""
        with self.lock:
            call = self.book.calls.get(call_id) if isinstance(call_id, str) else None
            if call is None or not call.outside:
                known = ", ".join(c.call_id for c in self.book.calls.values() if c.outside) or "none"
                raise InvalidActionError(f"no call {call_id!r} with an outside party (such calls: {known})")
            if number is None:
                number = call.outside[0]
            elif number not in call.outside:
                raise InvalidParameterError(
                    f"{number!r} is not an outside party of call {call_id} (its outside parties: "
                    f"{', '.join(call.outside)})"
                )
            call.outside.remove(number)
            self.switch.changed(call)
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

    def offer(self, name: str, request: OpenMediaRequest) -> None:
        """Offer an open media interaction to an agent (ADDED, INVITED)."""
        self._agents[name].flows.simulate_open_media(
            request.media, request.party, subject=request.subject, user_data=request.user_data
        )

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
        for queue in self.book.queues.values():
            for call_id in list(queue.waiting):
                call = self.book.calls[call_id]
                name = self.pick_agent(queue, "voice", call.refused_by | set(call.agents))
                if name is not None:
                    self._idle_since[name] = self.clock.now()
                    self.switch.route(call, queue, name)
                    return True
            for request in list(queue.media_waiting):
                name = self.pick_agent(queue, request.media, set())
                if name is not None:
                    queue.media_waiting.remove(request)
                    self._idle_since[name] = self.clock.now()
                    self.offer(name, request)
                    return True
        return False


class CentreSwitch:
    """The centre's :class:`~.switch.Switch`: each desktop of the centre is connected to it. It keeps
    the centre's :class:`~.switch_calls.CallBook` in step with what the desktops do and carries out
    its consequences on the other desktops, once the change that caused them is over."""

    def __init__(self, centre: ContactCentre) -> None:
        self.centre = centre
        self.book = centre.book

    # ------------------------------------------------------------------ asked before a change

    def resolve(self, line: Line, target: Mapping[str, str], on: Interaction | None = None) -> str:
        centre = self.centre
        me = centre.name_of(line)
        kind = target.get("type", NUMBER_TARGET)
        destination = target["destination"]
        if kind == "AGENT":
            agent = centre.agent_called(destination)
            if agent is None:
                raise InvalidParameterError(
                    f"no agent {destination!r} in this contact centre (agents: {', '.join(centre.agents)})"
                )
            number = centre.dn_of(agent)
        elif kind in ("INTERACTION_QUEUE", "ROUTING_POINT"):
            number = centre.queue_named(destination).dn
        elif kind == NUMBER_TARGET:
            number = destination
            if centre.agent_named_by(number) is None and centre.queue_at(number) is None:
                check_dialable(number)
        else:
            number = destination  # a skill or an agent group: an outside party, as on a desktop of its own
        other = centre.agent_named_by(number)
        if other == me:
            raise InvalidActionError(f"cannot call {number}: it is this agent's own number")
        if other is not None and not self.reachable(other):
            voice = centre.agents[other].media.get("voice")
            state = "it has no voice channel" if voice is None else f"its voice channel is {voice.state.type}"
            raise InvalidActionError(f"cannot call {other} ({number}): {state}")
        call = None if on is None else self.book.call_of(me, on.interaction_id)
        if call is not None:
            self.check_not_on(call, number)
        return number

    def check_not_on(self, call: SwitchCall, number: str) -> None:
        """Refuse to bring ``number`` into ``call`` if it is on it already."""
        agent, queue = self.centre.agent_named_by(number), self.centre.queue_at(number)
        if agent is not None and agent in call.agents:
            raise InvalidActionError(f"cannot call {number}: {agent} ({number}) is already on this call")
        if queue is not None and call.waiting_in == queue.name:
            raise InvalidActionError(f"cannot call {number}: this call already waits in queue {queue.name}")
        if agent is None and queue is None and number in call.outside:
            raise InvalidActionError(f"cannot call {number}: {number} is already on this call")

    def check_move(self, line: Line, item: Interaction, action: str) -> None:
        """Python playing the far side (``remote_answer``, ``remote_hang_up``) needs one far side."""
        if action not in ("remote_answer", "remote_hang_up"):
            return
        call = self.book.call_of(self.centre.name_of(line), item.interaction_id)
        if call is None:
            return
        if action == "remote_answer" and call.waiting_in is not None:
            raise InvalidActionError(
                f"cannot remote answer interaction {item.interaction_id}: the call waits in queue "
                f"{call.waiting_in}; it is answered when an agent it is routed to answers"
            )
        if action == "remote_hang_up" and call.party_count > 2:
            me = call.leg(self.centre.name_of(line), item.interaction_id)
            others = ", ".join(call.parties_seen_by(me, self.centre.dn_of, self.book.queue_dn(call)))
            raise InvalidActionError(
                f"cannot remote hang up interaction {item.interaction_id}: the call has several other parties "
                f"({others}); an outside party hangs up with centre.abandon(call_id, number), an agent with "
                "their own hang_up"
            )

    # ------------------------------------------------------------------ told after a change

    def placed(self, line: Line, item: Interaction) -> None:
        """A desktop placed ``item``: an agent's desktop rings, a queue routes it, an outside number is called."""
        me = self.centre.name_of(line)
        call = self.new_call(item, Leg(me, item.interaction_id))
        kind = "CONSULT" if item.is_consultation else "INTERNAL"
        self.bring_in(call, item.dnis or "", call_type=kind, ani=line.agent_number, consultation=item.is_consultation)
        self.changed(call)

    def arrived(self, line: Line, item: Interaction) -> None:
        """A customer's call rang on a desktop: the switch holds it, its caller outside."""
        call = self.new_call(item, Leg(self.centre.name_of(line), item.interaction_id))
        call.outside.append(item.ani or item.parties[0])

    def new_call(self, item: Interaction, leg: Leg) -> SwitchCall:
        call = SwitchCall(
            item.call_uuid or self.centre.ids.uuid(), [leg], user_data=dict(item.user_data), case_id=item.case_id
        )
        return self.book.add(call, self.centre.ids.uuid)

    def moved(self, line: Line, item: Interaction, action: str) -> None:
        """Answering connects the caller; hanging up leaves the call (a refused offer goes back to its queue)."""
        me = self.centre.name_of(line)
        call = self.book.call_of(me, item.interaction_id)
        if call is None:
            return  # released by the switch: it left the call first
        leg = call.leg(me, item.interaction_id)
        assert leg is not None
        if action in ("answer", "remote_answer"):
            wanted, then = (DIALING, "remote_answer") if action == "answer" else (RINGING, "answer")
            for other in call.legs:
                if other != leg:
                    self.centre.follow_up(lambda other=other: self.move_if(other, wanted, then))  # type: ignore[misc]
        elif action in ("hang_up", "remote_hang_up"):
            call.legs.remove(leg)
            offer = leg.offered_by
            if action == "hang_up" and item.previous_state == RINGING and offer in self.book.queues:
                call.refused_by.add(me)
                if call.waiting_in is None:
                    self.book.wait_in(call, self.book.queues[offer], first=True)
        else:
            return
        self.changed(call)

    def data_changed(self, line: Line, item: Interaction) -> None:
        """User data changed on one party's desktop: the call's data, seen by every other party."""
        me = self.centre.name_of(line)
        call = self.book.call_of(me, item.interaction_id)
        if call is not None:
            self.set_data(call, item.user_data, call.leg(me, item.interaction_id))

    def redirected(self, line: Line, item: Interaction, number: str) -> None:
        """Single-step transfer: the agent leaves the call and ``number`` is called in their place."""
        me = self.centre.name_of(line)
        call = self.call_for(me, item)
        call.legs.remove(Leg(me, item.interaction_id))
        self.set_data(call, item.user_data, None)
        self.bring_in(call, number, call_type="INBOUND" if call.outside else "INTERNAL", ani=self.caller_of(call))
        self.changed(call)

    def joined(self, line: Line, item: Interaction, number: str) -> None:
        """Single-step conference: ``number`` is called into the call."""
        me = self.centre.name_of(line)
        call = self.call_for(me, item)
        self.set_data(call, item.user_data, Leg(me, item.interaction_id))
        self.bring_in(call, number, call_type="INBOUND" if call.outside else "INTERNAL", ani=self.caller_of(call))
        self.changed(call)

    def transferred(self, line: Line, original: Interaction, consult: Interaction) -> None:
        """Two-step transfer: the consultation's parties take the agent's place on the original call."""
        me = self.centre.name_of(line)
        call, consultation = self.call_for(me, original), self.call_for(me, consult)
        call.legs.remove(Leg(me, original.interaction_id))
        consultation.legs.remove(Leg(me, consult.interaction_id))
        self.merge(call, consultation, original)

    def conferenced(self, line: Line, original: Interaction, consult: Interaction) -> None:
        """Two-step conference: the consultation's parties join the original call."""
        me = self.centre.name_of(line)
        call, consultation = self.call_for(me, original), self.call_for(me, consult)
        consultation.legs.remove(Leg(me, consult.interaction_id))
        self.merge(call, consultation, original)

    def handed_over(self, line: Line, item: Interaction, target: Mapping[str, str]) -> None:
        """An open media interaction transferred to another agent (INVITED there) or a queue (routed)."""
        centre = self.centre
        kind, destination = target.get("type", NUMBER_TARGET), target["destination"]
        queue = centre.queue_at(destination) or (
            self.book.queues.get(destination) if kind in ("INTERACTION_QUEUE", "ROUTING_POINT") else None
        )
        if queue is not None:
            request = OpenMediaRequest(centre.ids.uuid(), item.media, item.parties[0], None, dict(item.user_data))
            queue.media_waiting.append(request)
            return
        name = centre.agent_called(destination) if kind in ("AGENT", NUMBER_TARGET) else None
        if name is None or centre.agents[name].calls is line:
            return  # an outside address, a skill or a group: as on a desktop of its own
        subject = item.extra.get("subject")
        subject = subject if isinstance(subject, str) else None
        request = OpenMediaRequest(centre.ids.uuid(), item.media, item.parties[0], subject, item.user_data)
        centre.follow_up(lambda: centre.offer(name, request))

    # ------------------------------------------------------------------ the call model's moves

    def call_for(self, name: str, item: Interaction) -> SwitchCall:
        """The call of a live interaction of the centre (every one is a leg of a call)."""
        call = self.book.call_of(name, item.interaction_id)
        if call is None:
            raise LookupError(f"the switch holds no call of {name}'s interaction {item.interaction_id}")
        return call

    def caller_of(self, call: SwitchCall) -> str:
        """The number a new party sees calling: the outside caller, else the first agent on the call."""
        if call.outside:
            return call.outside[0]
        return self.centre.dn_of(call.agents[0]) if call.agents else ""

    def bring_in(self, call: SwitchCall, number: str, *, call_type: str, ani: str, consultation: bool = False) -> None:
        """``number`` joins ``call``: an agent's desktop rings (once this change is over), the call
        waits in a queue, or an outside number is added. An agent already on the call is not rung."""
        callee, queue = self.centre.agent_named_by(number), self.centre.queue_at(number)
        if callee is not None:
            if callee not in call.agents:
                ring = Ring(callee, call_type, ani, number, consultation)
                call.ringing.append(ring)
                self.centre.follow_up(lambda: self.deliver(call, ring))
        elif queue is not None:
            self.book.wait_in(call, queue)
        elif number not in call.outside:
            call.outside.append(number)

    def route(self, call: SwitchCall, queue: Queue, name: str) -> None:
        """``queue`` offers its waiting ``call`` to agent ``name``: their desktop rings now."""
        first = self.item_of(call.legs[0]) if call.legs and not call.outside else None
        consultation = first is not None and first.is_consultation
        call_type = "INBOUND" if call.outside else "CONSULT" if consultation else "INTERNAL"
        ring = Ring(name, call_type, self.caller_of(call), queue.dn, consultation, offered_by=queue.name)
        self.book.stop_waiting(call)
        call.ringing.append(ring)
        self.deliver(call, ring)

    def deliver(self, call: SwitchCall, ring: Ring) -> None:
        """Ring the agent ``ring`` names (ADDED, RINGING): a new leg of ``call``, carrying its data and
        case. An agent who cannot take calls now (or is on it already) is as one who did not answer."""
        if ring not in call.ringing:
            return  # the call ended meanwhile
        call.ringing.remove(ring)
        if not self.reachable(ring.agent) or ring.agent in call.agents:
            self.changed(call)
            return
        desk = self.centre.agents[ring.agent]
        seen = call.parties_seen_by(None, self.centre.dn_of, self.book.queue_dn(call))
        with desk.transaction():  # the leg is the call's before anyone hears it ring
            item = desk.calls.deliver(
                party=seen[0] if seen else ring.ani,
                extra_parties=tuple(seen[1:]),
                ani=ring.ani,
                dnis=ring.dnis,
                call_type=ring.call_type,
                call_uuid=call.call_id,
                user_data=call.user_data,
                case_id=call.case_id,
                consultation=ring.consultation,
            )
            leg = Leg(ring.agent, item.interaction_id, ring.offered_by)
            call.legs.append(leg)
            call.case_id = item.case_id  # the first desktop a queue's call reaches names its case
            if item.user_data != call.user_data:
                self.set_data(call, item.user_data, leg)
        self.changed(call)

    def reachable(self, name: str) -> bool:
        voice = self.centre.agents[name].media.get("voice")
        return voice is not None and voice.state.type not in UNREACHABLE_TYPES

    def merge(self, call: SwitchCall, consultation: SwitchCall, original: Interaction) -> None:
        """The consultation's parties join ``call`` (see :meth:`~.switch_calls.CallBook.absorb`) with
        its user data (the case stays the original's)."""
        for double in self.book.absorb(call, consultation):
            self.centre.follow_up(lambda leg=double: self.release_leg(leg))  # type: ignore[misc]
        added = {k: v for k, v in consultation.user_data.items() if k not in CASE_KEYS}
        self.changed(call)
        self.set_data(call, {**original.user_data, **added}, None)

    def changed(self, call: SwitchCall) -> None:
        """The parties of ``call`` changed: it ends if it is over, else each party is told who is on it."""
        if self.book.calls.get(call.call_id) is not call:
            return
        if call.is_alive:
            self.centre.follow_up(lambda: self.tell_parties(call))
            return
        for leg in self.book.drop(call):
            self.centre.follow_up(lambda leg=leg: self.release_leg(leg))  # type: ignore[misc]

    def set_data(self, call: SwitchCall, data: Mapping[str, Any], source: Leg | None) -> None:
        """The call's user data is ``data``: every leg but ``source`` is told (once this change is over)."""
        call.user_data = dict(data)
        self.centre.follow_up(lambda: self.share_data(call, source))

    # ------------------------------------------------------------------ acting on the desktops

    def item_of(self, leg: Leg) -> Interaction | None:
        return self.centre.agents[leg.agent].store.find(leg.interaction_id)

    def move_if(self, leg: Leg, state: str, action: str) -> None:
        item = self.item_of(leg)
        if item is not None and item.state == state:
            self.centre.agents[leg.agent].calls.voice_action(leg.interaction_id, action)

    def release_leg(self, leg: Leg) -> None:
        """Release a leg that left its call (RELEASED on that desktop)."""
        item = self.item_of(leg)
        if item is not None and item.is_live:
            self.centre.agents[leg.agent].calls.voice_action(leg.interaction_id, "remote_hang_up")

    def tell_parties(self, call: SwitchCall) -> None:
        """Each leg sees who else is on the call; a leg still dialing shows the number it dialed."""
        queue_dn = self.book.queue_dn(call)
        for leg in list(call.legs):
            item = self.item_of(leg)
            if item is not None and item.is_live and item.state != DIALING:
                parties = call.parties_seen_by(leg, self.centre.dn_of, queue_dn)
                self.centre.agents[leg.agent].calls.set_parties(item, parties)

    def share_data(self, call: SwitchCall, source: Leg | None) -> None:
        for leg in list(call.legs):
            item = self.item_of(leg)
            if leg != source and item is not None:
                self.centre.agents[leg.agent].calls.share_user_data(item, call.user_data)
