"""The simulated Agent Desktop: one object holding all state, with a lock around every change.

Apps reach it through the SCAPI service; notebook code drives it through its verbs
(:class:`~.verbs.DesktopVerbs`, declared once). This module holds the plumbing (lock,
transactions, events, listeners, recorders), tokens and the JSON views, and owns the parts,
each constructed with what it may touch (see each part's module):

========================  =====================================  ==========================================
part (attribute)          what it is                             what it may use
========================  =====================================  ==========================================
``presence``              agent and media states                 plumbing
``store``                 the interactions, their events, hooks  plumbing
``calls``                 call control, user data, mark done     plumbing, store, presence, device, write filter
``flows``                 accept/reject, open media, cases,      plumbing, store, calls
                          consult, transfer, conference
``outbound``              campaigns and preview records          plumbing, store, calls; hooks into the store
``toast_tray``            toasts                                 plumbing
``workspace``             dialogs, menu-bar views, leadership    plumbing, frames, agent identity
``system``                SIP mute, activity, security policy,   plumbing, store, configuration
                          options, messenger
========================  =====================================  ==========================================

"Plumbing" is :class:`~.plumbing.Plumbing`: the clock, ids, transactions, events and change marks.

Every change emits the reference's events, in the reference's order, each with a sequence
number. A method that cannot be carried out raises a :class:`~scapi_widget.errors.ScapiError`
subclass and changes nothing.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, TypeVar

from ..errors import ScapiError
from ..json_types import JsonValue
from ..wire.values import check_wire_value
from .agent import DEFAULT_STATES, Agent, State
from .auth import TOKEN_LIFETIME_S, Token, make_jwt
from .calls import CallControl
from .clock import Clock, IdSource, RealClock
from .configuration import Configuration
from .events import DesktopEvent
from .flows import InteractionFlows
from .frames import FrameRegistry
from .interactions import (
    Interaction,
)
from .media import DEFAULT_MEDIA, Device, Media
from .outbound import Campaign, Campaigns, Preview
from .plumbing import STATE_PARTS, ChangedParts, StatePart, UserDataTouch
from .presence import Presence
from .security import AccessPolicy
from .store import InteractionStore
from .system import SystemSettings, as_policy
from .toasts import Toast, ToastTray
from .userdata import KeyFilter
from .verbs import DesktopVerbs
from .workspace import Workspace

log = logging.getLogger(__name__)

EventListener = Callable[[DesktopEvent], None]
Recorder = Callable[..., None]
"""``recorder(kind, name, args, kwargs, frame_id=frame_id)``: see :meth:`AgentDesktop.add_recorder`."""
ChangeListener = Callable[[frozenset[StatePart]], None]
T = TypeVar("T")

# What recorders hear as ``kind`` (see :meth:`AgentDesktop.add_recorder`), declared once here.
VERB = "verb"
"""A desktop verb that succeeded."""
REFUSED_VERB = "refused verb"
"""A desktop verb refused in a way apps were told of (an event: a blocked mark done's MARKDONE_BLOCKED)."""
REQUEST = "request"
"""A SCAPI request (an app's, with its ``frame_id``, or the notebook's) that succeeded."""
REFUSED_REQUEST = "refused request"
"""A SCAPI request refused in a way apps were told of (an event)."""


class ListenerWarning(RuntimeWarning):
    """A listener or callback of the desktop raised; the desktop carried on without it."""


def report_failure(what: str, exc: BaseException, consequence: str = "", *, stacklevel: int = 2) -> None:
    """Show a bug that the desktop survived: ``exc`` is logged with its traceback and shown as a
    :class:`ListenerWarning` naming ``what`` raised it and, when given, the ``consequence`` (what was
    lost, or done instead)."""
    log.error("%s failed", what, exc_info=exc)
    text = str(exc)
    text = text if len(text) <= 200 else text[:199] + "…"
    then = f"; {consequence}" if consequence else ""
    warnings.warn(
        f"{what} raised {type(exc).__name__}: {text}{then} (the desktop carried on; traceback in the {log.name!r} log)",
        ListenerWarning,
        stacklevel=stacklevel + 1,
    )


def _callable_name(fn: Any) -> str:
    return str(getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__)


class _Transaction:
    """:meth:`AgentDesktop.transaction` (one per desktop; re-entrant, as its lock): hold the lock; an
    exception in the outermost discards its events and change marks; when the outermost ends
    without one, its events and changes are delivered. A plain class, not a generator: a verb
    opens several nested transactions, and this is the hot path of every change."""

    __slots__ = ("_desk",)

    def __init__(self, desk: AgentDesktop) -> None:
        self._desk = desk

    def __enter__(self) -> None:
        desk = self._desk
        desk.lock.acquire()
        desk._depth += 1

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        desk = self._desk
        try:
            if kind is not None and desk._depth == 1:
                desk._pending.clear()
                desk._changed.clear()
                desk._touched = set()
                desk._user_data_touched = {}
            desk._depth -= 1
            if kind is None and desk._depth == 0:
                desk._flush()
        finally:
            desk.lock.release()


class _ActionDepth(threading.local):
    """The calling thread's action depth (0 on a thread that has not acted)."""

    depth = 0


class _OuterAction:
    """:meth:`AgentDesktop.outer_action`: the calling thread's action depth, one deeper inside."""

    __slots__ = ("_entry",)

    def __init__(self, entry: _ActionDepth) -> None:
        self._entry = entry

    def __enter__(self) -> None:
        self._entry.depth += 1

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._entry.depth -= 1


class AgentDesktop(DesktopVerbs):
    """The desktop's state and behaviour, independent of Jupyter and of any browser."""

    def __init__(
        self,
        *,
        agent: Agent | None = None,
        states: Sequence[State] = DEFAULT_STATES,
        media: Sequence[str] = DEFAULT_MEDIA,
        device: Device | None = None,
        initial_state: str | None = None,
        accepted_origins: str | AccessPolicy = "",
        user_data_write_allowed: str | Sequence[str] = "*",
        user_data_read_allowed: str | Sequence[str] = "*",
        options: Mapping[str, Mapping[str, JsonValue]] | None = None,
        clock: Clock | None = None,
        ids: IdSource | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self._entry = _ActionDepth()
        self._transaction = _Transaction(self)
        self._outer_action = _OuterAction(self._entry)
        self.clock: Clock = clock or RealClock()
        self.ids = ids or IdSource()
        self.agent_info = agent or Agent()
        self.device = device or Device(number=self.agent_info.employee_id)
        self.presence = Presence(self, states, media, self.device, initial_state)
        policy = as_policy(accepted_origins)
        self.write_allowed = KeyFilter(user_data_write_allowed)
        self.read_allowed = KeyFilter(user_data_read_allowed)
        self.store = InteractionStore(self)
        self.interactions: dict[str, Interaction] = self.store.items
        self.calls = CallControl(self, self.store, self.presence, self.device, self.write_allowed)
        self.flows = InteractionFlows(self, self.store, self.calls)
        self.outbound = Campaigns(self, self.store, self.calls)
        self.toast_tray = ToastTray(self)
        self.toasts: dict[str, Toast] = self.toast_tray.items
        self.frames = FrameRegistry()
        self.workspace = Workspace(self, self.frames, self.agent_info)
        # What a frame's removal (a dialog closed) takes with it, besides its subscriptions:
        self.frames.on_removal(self.workspace.close_dialogs_of)  # the dialogs it opened
        self.frames.on_removal(self.toast_tray.close_toasts_of)  # the toasts it popped
        self.configuration = Configuration(options)
        self.system = SystemSettings(self, self.store, self.configuration, policy)
        self._seq = 0
        self._depth = 0
        self._pending: list[DesktopEvent] = []
        self._changed: set[StatePart] = set()
        self._touched: set[str] | None = set()  # the interactions changed (None: any may have)
        self._user_data_touched: dict[str, UserDataTouch] = {}  # ... of those, changed only in user data
        self._event_listeners: list[EventListener] = []
        self._change_listeners: list[ChangeListener] = []
        self._tokens: dict[str, Token] = {}
        self._recorders: list[Recorder] = []

    @property
    def model(self) -> AgentDesktop:
        """The desktop the verbs act on: this one."""
        return self

    # ------------------------------------------------------------------ state owned by the parts

    @property
    def states(self) -> tuple[State, ...]:
        """The state list (``agent.getStateList``)."""
        return self.presence.states

    @property
    def agent_state(self) -> State:
        """The agent's current state."""
        return self.presence.agent_state

    @property
    def media(self) -> dict[str, Media]:
        """The media channels by name."""
        return self.presence.media

    @property
    def policy(self) -> AccessPolicy:
        """The security policy (``service-client-api.accepted-web-content-origins``)."""
        return self.system.policy

    @property
    def microphone_muted(self) -> bool:
        return self.system.microphone_muted

    @property
    def speaker_muted(self) -> bool:
        return self.system.speaker_muted

    @property
    def last_activity(self) -> float:
        """When the agent was last active (clock time)."""
        return self.system.last_activity

    @property
    def campaigns(self) -> dict[str, Campaign]:
        """Loaded campaigns by name."""
        return self.outbound.campaigns

    @property
    def previews(self) -> dict[str, Preview]:
        """Outbound records being worked, by record and by call interaction id."""
        return self.outbound.previews

    @property
    def direct_push_preview(self) -> bool:
        """Is direct push preview on (``outbound.startDirectPushPreview``)?"""
        return self.outbound.direct_push_preview

    # ------------------------------------------------------------------ plumbing

    def transaction(self) -> AbstractContextManager[None]:
        """Hold the lock; events raised inside are delivered, in order, when the outermost ends."""
        return self._transaction

    @property
    def in_transaction(self) -> bool:
        """Inside a transaction (or delivering its events and changes): what happens now is part of it."""
        with self.lock:
            return self._depth > 0

    def _flush(self) -> None:
        self._depth += 1  # listeners that act on the desktop queue behind us
        try:
            while self._pending or self._changed:
                while self._pending:
                    event = self._pending.pop(0)
                    for listener in list(self._event_listeners):
                        self.call_safely(listener, event)
                if self._changed:
                    parts = ChangedParts(self._changed, self._touched, self._user_data_touched)
                    self._changed.clear()
                    self._touched = set()
                    self._user_data_touched = {}
                    for change_listener in list(self._change_listeners):
                        self.call_safely(change_listener, parts)
        finally:
            self._depth -= 1

    @staticmethod
    def call_safely(fn: Callable[[Any], None], arg: Any, what: str | None = None) -> None:
        """Call ``fn(arg)``; an exception does not stop the desktop, and is never silent: it is
        logged with its traceback and shown as a :class:`ListenerWarning` naming ``what`` (or ``fn``)."""
        try:
            fn(arg)
        except Exception as exc:  # a listener's bug must not corrupt the desktop
            report_failure(what or f"desktop listener {_callable_name(fn)}", exc)

    def emit(self, family: str, data: dict[str, Any], *, frame_id: int | None = None) -> DesktopEvent:
        """Record a notification; it is delivered when the current transaction ends."""
        with self.transaction():
            self._seq += 1
            event = DesktopEvent(self._seq, family, data, self.clock.now(), frame_id)
            self._pending.append(event)
            self._changed.add("events")
            return event

    def touch(self, *parts: StatePart) -> None:
        """Mark parts of the state changed (:data:`~.plumbing.StatePart`: ``agent``, ``interactions``, …)."""
        unknown = sorted(set(parts) - STATE_PARTS)
        if unknown:
            known = ", ".join(sorted(STATE_PARTS))
            raise ValueError(f"no state part {', '.join(map(repr, unknown))}; the parts are: {known}")
        with self.lock:
            self._changed.update(parts)
            if "interactions" in parts:
                self._touched = None
                self._user_data_touched = {}

    def touch_interactions(self, *interaction_ids: str) -> None:
        """Mark these interactions changed (added, changed or removed), and no other: the ``interactions``
        part changed, and change listeners hear which (:func:`~.plumbing.touched_interactions`)."""
        with self.lock:
            self._changed.add("interactions")
            if self._touched is not None:
                self._touched.update(interaction_ids)
                for interaction_id in interaction_ids:
                    self._user_data_touched.pop(interaction_id, None)

    def touch_user_data(self, interaction_id: str, keys: Iterable[str], now: dict[str, Any] | None = None) -> None:
        """Mark this interaction changed in nothing but these keys of its user data (changed, added or
        deleted): change listeners hear which (:func:`~.plumbing.touched_user_data`), and may republish
        those keys alone. Touched otherwise in the same transaction, it is touched as a whole.
        ``now``: its ``to_json()`` made after this change (for its event), if there is one."""
        with self.lock:
            self._changed.add("interactions")
            touched = self._touched
            if touched is None:
                return
            if interaction_id not in touched:
                touched.add(interaction_id)
                self._user_data_touched[interaction_id] = UserDataTouch(keys, now)
            elif interaction_id in self._user_data_touched:
                touch = self._user_data_touched[interaction_id]
                touch.keys.update(keys)
                touch.now = now

    def add_event_listener(self, fn: EventListener) -> Callable[[], None]:
        """Call ``fn(event)`` for every event; returns a function that removes it."""
        with self.lock:
            self._event_listeners.append(fn)
        return lambda: self._remove_listener(self._event_listeners, fn)

    def add_change_listener(self, fn: ChangeListener) -> Callable[[], None]:
        """Call ``fn(parts)`` after each change with the names of the parts that changed."""
        with self.lock:
            self._change_listeners.append(fn)
        return lambda: self._remove_listener(self._change_listeners, fn)

    def _remove_listener(self, listeners: list[Any], fn: Any) -> None:
        with self.lock:
            if fn in listeners:
                listeners.remove(fn)

    def add_recorder(self, fn: Recorder) -> Callable[[], None]:
        """Call ``fn(kind, name, args, kwargs)`` after each top-level action that succeeded, or was
        refused in a way apps were told of (the refusal emitted an event, e.g. MARKDONE_BLOCKED):
        ``kind`` is :data:`VERB` / :data:`REFUSED_VERB` for desktop verbs (``name`` the method),
        :data:`REQUEST` / :data:`REFUSED_REQUEST` for SCAPI requests (``args`` its parameters,
        ``kwargs`` empty); a request an app frame made adds ``frame_id=`` (the frame's id). A refusal
        that told nobody changed nothing and is not reported."""
        with self.lock:
            self._recorders.append(fn)
        return lambda: self._remove_listener(self._recorders, fn)

    def outer_action(self) -> AbstractContextManager[None]:
        """Desktop methods called inside are parts of one outer action and are not recorded."""
        return self._outer_action

    @property
    def at_top_level(self) -> bool:
        """True outside any desktop action (on this thread): a call made now is an outer one."""
        return self._entry.depth == 0

    def record(
        self, kind: str, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], *, frame_id: int | None = None
    ) -> None:
        """Tell the recorders about a top-level action (the bridge reports app requests here, with
        the ``frame_id`` of the app that made them)."""
        extra = {} if frame_id is None else {"frame_id": frame_id}
        for recorder in list(self._recorders):
            self.call_safely(lambda r: r(kind, name, args, kwargs, **extra), recorder)

    def perform(self, name: str, action: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Any:
        """Run the desktop verb ``name`` as ``action(*args, **kwargs)``. An outer call (not from
        inside another desktop action) gets the wire check apps' messages get
        (:mod:`scapi_widget.wire.values`) and is reported to the recorders (:meth:`run_outer`:
        :data:`VERB`, or :data:`REFUSED_VERB` for a refusal apps were told of)."""
        if not self.at_top_level:
            with self._outer_action:
                return action(*args, **kwargs)
        check_wire_value(list(args), f"{name}() argument", foreign_ok=True)
        if kwargs:
            check_wire_value(kwargs, f"{name}()", foreign_ok=True)
        return self.run_outer(lambda: action(*args, **kwargs), (VERB, REFUSED_VERB), name, args, kwargs)

    def run_outer(
        self,
        run: Callable[[], T],
        kinds: tuple[str, str],
        name: str,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        *,
        frame_id: int | None = None,
    ) -> T:
        """Run ``run()`` as one outer action (desktop methods it calls are parts of it) in one
        transaction, and report it to the recorders as ``kinds[0]`` when it succeeds, or as
        ``kinds[1]`` when it raises a :class:`~scapi_widget.errors.ScapiError` after emitting an
        event (a refusal the apps were told of, e.g. MARKDONE_BLOCKED: a replay must tell them
        again). A refusal's events are delivered, then it is raised.
        Only a call made at the top level (outside any desktop action) is reported.

        The one way every recorded action runs: desktop verbs (:meth:`perform`), and the requests
        of apps and of the notebook (the service layer's ``run_app_request`` / ``notebook_call``)."""
        top = self.at_top_level
        refused: ScapiError | None = None
        with self._transaction:
            seq = self._seq
            try:
                with self._outer_action:
                    result = run()
            except ScapiError as exc:
                refused = exc
            told = self._seq != seq
        if top and self._recorders:  # (none: nothing to tell, and no arguments to pack)
            if refused is None:
                self.record(kinds[0], name, args, kwargs, frame_id=frame_id)
            elif told:
                self.record(kinds[1], name, args, kwargs, frame_id=frame_id)
        if refused is not None:
            raise refused
        return result

    @property
    def last_seq(self) -> int:
        return self._seq

    # ------------------------------------------------------------------ queries and the apps' side of outbound records

    def interaction(self, interaction_id: Any) -> Interaction:
        """The live record of an interaction, or :class:`~scapi_widget.errors.UnknownInteractionError`."""
        return self.store.get(interaction_id)

    def is_visible(self, frame_id: int | None) -> bool:
        """Is the calling frame shown (``system.amIVisible``)? Notebook code counts as visible."""
        return self.workspace.is_visible(frame_id)

    def set_direct_push_preview(self, on: bool) -> None:
        """outbound.start/stopDirectPushPreview."""
        self.outbound.set_direct_push_preview(on)

    def chained_records(self, interaction_id: str) -> list[dict[str, Any]]:
        """The chain of an interaction's outbound record (``outbound.getChainedRecords``)."""
        return self.outbound.chained_records(interaction_id)

    def record_fields(self, interaction_id: str) -> dict[str, Any]:
        """The fields of an interaction's outbound record."""
        return self.outbound.record_fields(interaction_id)

    def update_record_fields(self, interaction_id: str, record_data: Mapping[str, Any]) -> None:
        """Change fields of an interaction's outbound record (the GSW_ keys that identify it excepted)."""
        self.outbound.update_record_fields(interaction_id, record_data)

    def set_call_result(self, interaction_id: str, call_result: int) -> None:
        """Set the call result code of an interaction's outbound record."""
        self.outbound.set_call_result(interaction_id, call_result)

    def call_result(self, interaction_id: str) -> int | None:
        """The call result code of an interaction's outbound record (None: not set)."""
        return self.outbound.call_result(interaction_id)

    def set_do_not_call(self, interaction_id: str, on: bool) -> None:
        """Mark (or unmark) an interaction's outbound record do-not-call."""
        self.outbound.set_do_not_call(interaction_id, on)

    def reschedule_record(self, interaction_id: str, record_handle: int, when: str, callback_type: str) -> None:
        """Call the record back later: ``when`` is ``"M/D/YYYY H:mm"`` (local time, in the future)."""
        self.outbound.reschedule_record(interaction_id, record_handle, when, callback_type)

    def cancel_reschedule(self, interaction_id: str) -> None:
        """Cancel the reschedules of an interaction's outbound record."""
        self.outbound.cancel_reschedule(interaction_id)

    # ------------------------------------------------------------------ configuration and auth

    def token(self, kind: str = "jwt", *, force_new: bool = False) -> Token:
        """A simulated token, reused until it expires (``auth.getJwtToken``)."""
        with self.transaction():
            now = self.clock.now()
            current = self._tokens.get(kind)
            if current is None or force_new or current.expires <= now:
                token_id = self.ids.uuid()
                current = Token(
                    make_jwt(self.agent_info.username, now, now + TOKEN_LIFETIME_S, token_id), now + TOKEN_LIFETIME_S
                )
                self._tokens[kind] = current
            return current

    # ------------------------------------------------------------------ views

    def agent_json(self) -> dict[str, Any]:
        """``agent.get`` plus the current state (``state``) for display."""
        with self.lock:
            return {**self.agent_info.to_json(), "state": self.agent_state.to_json()}

    def media_json(self) -> list[dict[str, Any]]:
        with self.lock:
            return [m.to_json() for m in self.media.values()]

    def interactions_json(self, *, for_apps: bool = False) -> dict[str, dict[str, Any]]:
        with self.lock:
            return {i: self.interaction_json(item, for_apps=for_apps) for i, item in self.interactions.items()}

    def interaction_json(self, item: Interaction, *, for_apps: bool = False) -> dict[str, Any]:
        data = item.to_json()
        if for_apps:
            data["userData"] = self.read_allowed.filter(data["userData"])
        return data

    def toasts_json(self) -> list[dict[str, Any]]:
        with self.lock:
            return [t.to_json() for t in self.toasts.values()]

    def snapshot(self) -> dict[str, Any]:
        """Everything observable, as plain data: equal snapshots mean nothing changed."""
        with self.lock:
            return {
                "agent": self.agent_json(),
                "media": self.media_json(),
                "interactions": self.interactions_json(),
                "toasts": self.toasts_json(),
                "frames": [f.to_json() for f in self.frames.frames.values()],
                "subscriptions": {k: (s.frame_id, s.names) for k, s in self.frames.subscriptions.items()},
                "sip": (self.microphone_muted, self.speaker_muted),
                "policy": str(self.policy),
                "campaigns": [c.to_json() for c in self.campaigns.values()],
                "records": {k: [r.to_json() for r in p.chain] for k, p in self.previews.items()},
                "direct_push_preview": self.direct_push_preview,
                "configuration": (repr(self.configuration.sections), repr(self.configuration.contextual)),
                "workspace": self.workspace.to_json(),
                "seq": self._seq,
            }
