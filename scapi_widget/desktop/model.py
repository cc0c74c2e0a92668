"""The simulated Agent Desktop: one object holding all state, with a lock around every change.

Apps reach it through the SCAPI service; notebook code drives it through its methods. This
module holds the plumbing (lock, transactions, events, listeners, recorders), agent and media
states, system services and the JSON views; the verbs of each other concept live in a mixin:
calls and user data (``calls``), toasts (``toasts``), dialogs and menu views (``workspace``),
open media, cases and consultation (``flows``), outbound campaigns (``outbound``).

Every change emits the reference's events, in the reference's order, each with a sequence
number. A method that cannot be carried out raises a :class:`~scapi_widget.errors.ScapiError`
subclass and changes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import InvalidParameterError, ScapiError
from ..wire_values import check_wire_value
from .agent import DEFAULT_STATES, EVENT_ONLY_TYPES, Agent, State, event_only_state, validate_state_list
from .auth import TOKEN_LIFETIME_S, Token, make_jwt
from .calls import VoiceCalls
from .clock import Clock, IdSource, RealClock
from .configuration import Configuration
from .events import DesktopEvent
from .flows import InteractionFlows
from .frames import FrameRegistry
from .interactions import (
    Interaction,
)
from .json_values import copy_json
from .media import DEFAULT_MEDIA, Device, Media
from .outbound import OutboundFlows
from .security import AccessPolicy
from .toasts import Toast, ToastActions
from .userdata import KeyFilter
from .validation import require_str
from .workspace import Workspace, WorkspaceActions

log = logging.getLogger(__name__)

EventListener = Callable[[DesktopEvent], None]
Recorder = Callable[[str, str, tuple[Any, ...], Mapping[str, Any]], None]
ChangeListener = Callable[[frozenset[str]], None]


class ListenerWarning(RuntimeWarning):
    """A listener or callback of the desktop raised; the desktop carried on without it."""


def _callable_name(fn: Any) -> str:
    return str(getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__)


class AgentDesktop(VoiceCalls, ToastActions, WorkspaceActions, InteractionFlows, OutboundFlows):
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
        options: Mapping[str, Mapping[str, Any]] | None = None,
        clock: Clock | None = None,
        ids: IdSource | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.clock: Clock = clock or RealClock()
        self.ids = ids or IdSource()
        self.agent_info = agent or Agent()
        self.states: tuple[State, ...] = tuple(states)
        validate_state_list(self.states)
        start = self._state_by_operation(initial_state) if initial_state else self.states[0]
        self.agent_state: State = start
        if not media or len(set(media)) != len(media):
            raise ValueError("media must be a non-empty list of distinct names")
        self.device = device or Device(number=self.agent_info.employee_id)
        self.media: dict[str, Media] = {
            name: Media(name, start, self.device if name == "voice" else None) for name in media
        }
        self.policy = (
            accepted_origins if isinstance(accepted_origins, AccessPolicy) else AccessPolicy.parse(accepted_origins)
        )
        self.write_allowed = KeyFilter(user_data_write_allowed)
        self.read_allowed = KeyFilter(user_data_read_allowed)
        self.interactions: dict[str, Interaction] = {}
        self.toasts: dict[str, Toast] = {}
        self.frames = FrameRegistry()
        self.microphone_muted = False
        self.speaker_muted = False
        self.last_activity: float = self.clock.now()
        self._seq = 0
        self._depth = 0
        self._pending: list[DesktopEvent] = []
        self._changed: set[str] = set()
        self._event_listeners: list[EventListener] = []
        self._change_listeners: list[ChangeListener] = []
        self._init_outbound()
        self.configuration = Configuration(options)
        self.workspace = Workspace()
        self._tokens: dict[str, Token] = {}
        self._recorders: list[Recorder] = []
        self._entry = threading.local()

    # ------------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the lock; events raised inside are delivered, in order, when the outermost ends."""
        with self.lock:
            self._depth += 1
            try:
                yield
            except BaseException:
                if self._depth == 1:
                    self._pending.clear()
                    self._changed.clear()
                raise
            finally:
                self._depth -= 1
            if self._depth == 0:
                self._flush()

    def _flush(self) -> None:
        self._depth += 1  # listeners that act on the desktop queue behind us
        try:
            while self._pending or self._changed:
                while self._pending:
                    event = self._pending.pop(0)
                    for listener in list(self._event_listeners):
                        self._safely(listener, event)
                if self._changed:
                    parts = frozenset(self._changed)
                    self._changed.clear()
                    for change_listener in list(self._change_listeners):
                        self._safely(change_listener, parts)
        finally:
            self._depth -= 1

    @staticmethod
    def _safely(fn: Callable[[Any], None], arg: Any, what: str | None = None) -> None:
        """Call ``fn(arg)``; an exception does not stop the desktop, and is never silent: it is
        logged with its traceback and shown as a :class:`ListenerWarning` naming ``what`` (or ``fn``)."""
        try:
            fn(arg)
        except Exception as exc:  # a listener's bug must not corrupt the desktop
            name = what or f"desktop listener {_callable_name(fn)}"
            log.exception("%s failed", name)
            text = str(exc)
            text = text if len(text) <= 200 else text[:199] + "…"
            warnings.warn(
                f"{name} raised {type(exc).__name__}: {text} (the desktop carried on; traceback in the "
                f"{log.name!r} log)",
                ListenerWarning,
                stacklevel=2,
            )

    def emit(self, family: str, data: dict[str, Any], *, frame_id: int | None = None) -> DesktopEvent:
        """Record a notification; it is delivered when the current transaction ends."""
        with self.transaction():
            self._seq += 1
            event = DesktopEvent(self._seq, family, data, self.clock.now(), frame_id)
            self._pending.append(event)
            self._changed.add("events")
            return event

    def touch(self, *parts: str) -> None:
        """Mark parts of the state (``agent``, ``media``, ``interactions``, ``toasts``, …) changed."""
        with self.lock:
            self._changed.update(parts)

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
        """Call ``fn(kind, name, args, kwargs)`` after each successful top-level action:
        ``("verb", method, ...)`` for desktop methods, ``("request", name, params, {})`` for app requests."""
        with self.lock:
            self._recorders.append(fn)
        return lambda: self._remove_listener(self._recorders, fn)

    @contextlib.contextmanager
    def outer_action(self) -> Iterator[None]:
        """Desktop methods called inside are parts of one outer action and are not recorded."""
        depth = getattr(self._entry, "depth", 0)
        self._entry.depth = depth + 1
        try:
            yield
        finally:
            self._entry.depth = depth

    def record(self, kind: str, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        """Tell the recorders about a top-level action (the bridge reports app requests here)."""
        for recorder in list(self._recorders):
            self._safely(lambda r: r(kind, name, args, kwargs), recorder)

    @property
    def last_seq(self) -> int:
        return self._seq

    # ------------------------------------------------------------------ generic request

    def call(self, request: str, *parameters: Any) -> Any:
        """Run any SCAPI request as an app would (with full access); return its ``data``.

        Raises :class:`~scapi_widget.errors.ScapiError` carrying the ``errorMessage``.
        """
        from ..protocol import NO_DATA
        from ..service import NOTEBOOK, SERVICE

        check_wire_value(list(parameters), f"{request} parameters")  # the check apps' messages get
        refused: ScapiError | None = None
        with self.transaction():  # as for an app's request: a refusal still delivers the event that reports it
            try:
                result = SERVICE.execute(self, NOTEBOOK, request, list(parameters))
            except ScapiError as exc:
                refused = exc
        if refused is not None:
            raise refused
        return None if result is NO_DATA else result

    # ------------------------------------------------------------------ agent and media

    def _state_by_operation(self, operation_name: Any) -> State:
        require_str(operation_name, "state operation name")
        for state in self.states:
            if state.operation_name == operation_name:
                return state
        known = ", ".join(s.operation_name for s in self.states)
        if operation_name.upper().replace(" ", "_") in EVENT_ONLY_TYPES:
            raise InvalidParameterError(
                f"{operation_name!r} is an event-only state: only the platform reports it, nobody sets it "
                f"(simulate it from Python with report_media_state); settable states: {known}"
            )
        raise InvalidParameterError(f"unknown agent state {operation_name!r}; the state list has: {known}")

    def _media(self, name: Any) -> Media:
        require_str(name, "media name")
        if name not in self.media:
            raise InvalidParameterError(f"unknown media {name!r}; this desktop has: {', '.join(self.media)}")
        return self.media[name]

    def set_agent_state(self, operation_name: str) -> None:
        """Set the agent (and every media) to a state of the state list, by operation name."""
        with self.transaction():
            state = self._state_by_operation(operation_name)
            self.agent_state = state
            self.emit("agent", {"eventType": "STATE_CHANGED", **state.change_fields()})
            for media in self.media.values():
                self._set_media(media, state)
            self.touch("agent", "media")

    def set_media_state(self, media_name: str, operation_name: str) -> None:
        """Set one media channel's state, by operation name."""
        with self.transaction():
            media = self._media(media_name)
            state = self._state_by_operation(operation_name)
            self._set_media(media, state)
            self.touch("media")

    def report_media_state(self, media_name: str, state_type: str) -> None:
        """Simulate the platform reporting an event-only state (e.g. voice OUT_OF_SERVICE)."""
        with self.transaction():
            media = self._media(media_name)
            try:
                state = event_only_state(state_type)
            except ValueError as exc:
                raise InvalidParameterError(str(exc)) from None
            self._set_media(media, state)
            self.touch("media")

    def _set_media(self, media: Media, state: State) -> None:
        media.state = state
        self.emit("media", {"eventType": "STATE_CHANGED", "media": media.name, **state.change_fields()})

    # ------------------------------------------------------------------ system and sip endpoint

    def trigger_activity(self) -> None:
        """Record agent activity (resets the inactivity timer)."""
        with self.transaction():
            self.last_activity = self.clock.now()
            self.touch("system")

    def set_microphone_muted(self, muted: bool) -> None:
        """Mute or unmute the SIP endpoint's microphone."""
        if not isinstance(muted, bool):
            raise InvalidParameterError(f"muted must be True or False, got {muted!r}")
        with self.transaction():
            self.microphone_muted = muted
            self.touch("sip")

    def set_speaker_muted(self, muted: bool) -> None:
        """Mute or unmute the SIP endpoint's speaker."""
        if not isinstance(muted, bool):
            raise InvalidParameterError(f"muted must be True or False, got {muted!r}")
        with self.transaction():
            self.speaker_muted = muted
            self.touch("sip")

    def set_accepted_origins(self, accepted_origins: str | AccessPolicy) -> None:
        """Replace the security policy (``service-client-api.accepted-web-content-origins``)."""
        try:
            policy = (
                accepted_origins if isinstance(accepted_origins, AccessPolicy) else AccessPolicy.parse(accepted_origins)
            )
        except ValueError as exc:
            raise InvalidParameterError(str(exc)) from None
        with self.transaction():
            self.policy = policy
            self.touch("security")

    # ------------------------------------------------------------------ configuration and auth

    def set_option(self, name: str, value: str | list[str], *, interaction_id: str | None = None) -> None:
        """Set a desktop option (``"voice.auto-answer"`` or ``"Section/option"``); with
        ``interaction_id``, a routing override that ``getContextualOption`` returns."""
        with self.transaction():
            if interaction_id is None:
                self.configuration.set(name, value)
            else:
                self.interaction(interaction_id)
                self.configuration.set_contextual(interaction_id, name, value)
            self.touch("configuration")

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
                self.touch("auth")
            return current

    # ------------------------------------------------------------------ messenger

    def broadcast(self, channel: str, message: Mapping[str, Any]) -> None:
        """Deliver ``message`` (an object, as the reference types it) to every frame subscribed to
        ``messenger:<channel>``."""
        with self.transaction():
            require_str(channel, "channel")
            if ":" in channel and not channel.strip(":"):
                raise InvalidParameterError("channel must name a channel")
            if not isinstance(message, Mapping):
                raise InvalidParameterError(
                    "a messenger message must be an object (receivers get it as the event's data), "
                    f"got {type(message).__name__}"
                )
            check_wire_value(message, "messenger message")
            self.emit(f"messenger:{channel}", copy_json(dict(message)))

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


def _recorded(name: str) -> Callable[..., Any]:
    """Wrap a desktop method so that a top-level call (from Python, not from inside another action)
    passes the wire check (:mod:`scapi_widget.wire_values`) and, when it succeeds, is reported to
    the recorders."""
    method = getattr(AgentDesktop, name)

    @functools.wraps(method)
    def wrapper(self: AgentDesktop, *args: Any, **kwargs: Any) -> Any:
        top = getattr(self._entry, "depth", 0) == 0
        if top and name != "call":  # Python's values get the check apps' messages get (``call`` checks its own)
            check_wire_value(list(args), f"{name}() argument", foreign_ok=True)
            check_wire_value(kwargs, f"{name}()", foreign_ok=True)
        with self.outer_action():
            result = method(self, *args, **kwargs)
        if top and self._recorders:
            if name == "call":
                self.record("request", args[0], args[1:], {})
            else:
                self.record("verb", name, args, kwargs)
        return result

    return wrapper


RECORDED_METHODS = (
    "call",
    "simulate_inbound_call",
    "dial",
    "answer",
    "hold",
    "resume",
    "hang_up",
    "mark_done",
    "remote_answer",
    "remote_hang_up",
    "start_recording",
    "pause_recording",
    "resume_recording",
    "stop_recording",
    "set_user_data",
    "delete_user_data",
    "set_agent_state",
    "set_media_state",
    "report_media_state",
    "popup_toast",
    "update_toast",
    "close_toast",
    "click_toast_button",
    "accept",
    "reject",
    "revoke",
    "simulate_open_media",
    "simulate_new_message",
    "end_chat",
    "create_email",
    "send_email",
    "cancel_email",
    "move_to_workbin",
    "pull_from_workbin",
    "select_case",
    "block_mark_done",
    "unblock_mark_done",
    "consult",
    "complete_transfer",
    "complete_conference",
    "single_step_transfer",
    "single_step_conference",
    "load_campaign",
    "start_campaign",
    "stop_campaign",
    "unload_campaign",
    "add_records",
    "push_preview",
    "push_direct_preview",
    "set_option",
    "broadcast",
    "set_leadership",
)
for _name in RECORDED_METHODS:
    setattr(AgentDesktop, _name, _recorded(_name))
