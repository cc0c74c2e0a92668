"""The simulated Agent Desktop: one object holding all state, with a lock around every change.

Apps reach it through the SCAPI service; notebook code drives it through the methods here.
Every change emits the reference's events, in the reference's order, each with a sequence
number. A method that cannot be carried out raises a :class:`~scapi_widget.errors.ScapiError`
subclass and changes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError, UnknownInteractionError
from .agent import DEFAULT_STATES, EVENT_ONLY_TYPES, Agent, State, event_only_state, validate_state_list
from .auth import TOKEN_LIFETIME_S, Token, make_jwt
from .clock import Clock, IdSource, RealClock
from .configuration import Configuration
from .events import DesktopEvent
from .flows import OPEN_MEDIA, InteractionFlows
from .frames import VISIBLE_MODES, FrameRegistry
from .interactions import (
    DIALING,
    IDLE,
    RINGING,
    STOPPED,
    Interaction,
    check_recording_action,
    check_voice_action,
)
from .media import DEFAULT_MEDIA, Device, Media
from .outbound import OutboundFlows
from .security import AccessPolicy
from .toasts import Toast, check_toast_parameters
from .userdata import KeyFilter, check_key_values
from .workspace import LEADERSHIP, Dialog, Workspace, check_dialog_options, check_menu_view

log = logging.getLogger(__name__)

EventListener = Callable[[DesktopEvent], None]
Recorder = Callable[[str, str, tuple[Any, ...], Mapping[str, Any]], None]
ChangeListener = Callable[[frozenset[str]], None]
UNREACHABLE_TYPES = frozenset({"LOGOUT", "OUT_OF_SERVICE", "LOGOUT_DND_ON"})
INTERNAL_NUMBER_MAX_DIGITS = 5


def _require_str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterError(f"{what} must be a non-empty string, got {value!r}")
    return value


class AgentDesktop(InteractionFlows, OutboundFlows):
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
    def _safely(fn: Callable[[Any], None], arg: Any) -> None:
        try:
            fn(arg)
        except Exception:  # a listener's bug must not corrupt the desktop
            log.exception("desktop listener %r failed", fn)

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

        result = SERVICE.execute(self, NOTEBOOK, request, list(parameters))
        return None if result is NO_DATA else result

    # ------------------------------------------------------------------ agent and media

    def _state_by_operation(self, operation_name: Any) -> State:
        _require_str(operation_name, "state operation name")
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
        _require_str(name, "media name")
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

    # ------------------------------------------------------------------ interactions

    def interaction(self, interaction_id: Any) -> Interaction:
        """The live record of an interaction, or :class:`UnknownInteractionError`."""
        if not isinstance(interaction_id, str):
            raise InvalidParameterError(f"interaction id must be a string like '1', got {interaction_id!r}")
        found = self.interactions.get(interaction_id)
        if found is None:
            known = ", ".join(self.interactions) or "none"
            raise UnknownInteractionError(f"no interaction with id {interaction_id!r} (current ids: {known})")
        return found

    def _interaction_event(self, event_type: str, item: Interaction) -> None:
        self.emit("interaction", {"eventType": event_type, "media": item.media, "interaction": item.to_json()})

    def _check_voice_reachable(self, what: str) -> None:
        voice = self.media.get("voice")
        if voice is None:
            raise InvalidActionError(f"cannot {what}: this desktop has no voice media")
        if voice.state.type in UNREACHABLE_TYPES:
            raise InvalidActionError(f"cannot {what}: the voice channel is {voice.state.type}")

    def _add_interaction(
        self, media: str, state: str, party: str, user_data: Mapping[str, Any], **fields: Any
    ) -> Interaction:
        """A new interaction with the next id and a case of its own; it becomes the selected case."""
        interaction_id = str(self.ids.next("interaction"))
        case_id = self.ids.uuid()
        data = {"IW_CaseUid": case_id, "IW_BundleUid": self.ids.uuid(), **user_data}
        for other in self.interactions.values():
            other.is_case_selected = other.is_case_expanded = False
        fields.setdefault("interaction_uuid", self.ids.uuid())
        item = Interaction(
            interaction_id=interaction_id,
            media=media,
            state=state,
            case_id=case_id,
            parties=[party],
            user_data=data,
            is_case_selected=True,
            is_case_expanded=True,
            **fields,
        )
        self.interactions[interaction_id] = item
        self.touch("interactions")
        return item

    def _new_voice(
        self,
        state: str,
        *,
        direction: str,
        call_type: str,
        party: str,
        ani: str | None,
        dnis: str | None,
        user_data: Mapping[str, Any],
    ) -> Interaction:
        call_uuid = self.ids.uuid()
        return self._add_interaction(
            "voice",
            state,
            party,
            user_data,
            interaction_uuid=call_uuid,
            call_uuid=call_uuid,
            direction=direction,
            call_type=call_type,
            ani=ani,
            dnis=dnis,
            recording_state=STOPPED,
        )

    def simulate_inbound_call(
        self, ani: str = "5551234", *, dnis: str | None = None, user_data: Mapping[str, Any] | None = None
    ) -> str:
        """A customer calls: a RINGING inbound call appears. Returns its interaction id."""
        with self.transaction():
            _require_str(ani, "caller number (ani)")
            if dnis is not None:
                _require_str(dnis, "dialed number (dnis)")
            data = check_key_values(user_data or {})
            self._check_voice_reachable("receive a call")
            item = self._new_voice(
                RINGING,
                direction="IN",
                call_type="INBOUND",
                party=ani,
                ani=ani,
                dnis=dnis or self.device.number,
                user_data=data,
            )
            self._interaction_event("ADDED", item)
            self._interaction_event("RINGING", item)
            return item.interaction_id

    def dial(
        self, destination: str, user_data: Mapping[str, Any] | None = None, extensions: Mapping[str, Any] | None = None
    ) -> str:
        """The agent dials: a DIALING outbound call appears. Returns its interaction id.

        ``extensions``: T-Lib extensions sent with the dial request (``voice.dialEx``).
        """
        with self.transaction():
            _require_str(destination, "destination")
            data = check_key_values(user_data or {}) if user_data is not None else {}
            ext = check_key_values(extensions, "extensions") if extensions is not None else {}
            self._check_voice_reachable("dial")
            digits = destination.lstrip("+")
            internal = digits.isdigit() and len(digits) <= INTERNAL_NUMBER_MAX_DIGITS
            item = self._new_voice(
                DIALING,
                direction="OUT",
                call_type="INTERNAL" if internal else "OUTBOUND",
                party=destination,
                ani=self.device.number,
                dnis=destination,
                user_data={},
            )
            item.extensions = ext
            self._interaction_event("ADDED", item)
            self._interaction_event("DIALING", item)
            if data:
                item.user_data.update(data)
                self._interaction_event("ATTACHED_DATA_CHANGED", item)
            return item.interaction_id

    def _voice_action(self, interaction_id: str, action: str) -> None:
        with self.transaction():
            item = self.interaction(interaction_id)
            target, event_type = check_voice_action(item, action)
            item.move_to(target)
            if target == IDLE:
                item.recording_state = STOPPED
            self._campaign_call_capabilities(item)
            self._interaction_event(event_type, item)
            self._after_campaign_call_event(item)
            self.touch("interactions")

    def answer(self, interaction_id: str) -> None:
        """The agent answers a RINGING call (ESTABLISHED)."""
        self._voice_action(interaction_id, "answer")

    def hold(self, interaction_id: str) -> None:
        """The agent puts a TALKING call on hold (HELD)."""
        self._voice_action(interaction_id, "hold")

    def resume(self, interaction_id: str) -> None:
        """The agent retrieves a HELD call (ESTABLISHED)."""
        self._voice_action(interaction_id, "resume")

    def hang_up(self, interaction_id: str) -> None:
        """The agent releases a call (RELEASED, state IDLE)."""
        self._voice_action(interaction_id, "hang_up")

    def remote_answer(self, interaction_id: str) -> None:
        """The dialed party picks up a DIALING call (ESTABLISHED)."""
        self._voice_action(interaction_id, "remote_answer")

    def remote_hang_up(self, interaction_id: str) -> None:
        """The other party hangs up (RELEASED, state IDLE)."""
        self._voice_action(interaction_id, "remote_hang_up")

    def mark_done(self, interaction_id: str) -> None:
        """Close a finished interaction (a released call, a handled chat/email/workitem).

        While an app blocks mark done (``interaction.blockMarkdone``), it is refused with the
        app's warning, and frames subscribed to ``markdone`` are told.
        """
        blocked: str | None = None
        with self.transaction():
            item = self.interaction(interaction_id)
            if item.markdone_warning is not None:
                blocked = item.markdone_warning
                self.emit(
                    "markdone",
                    {"eventType": "MARKDONE_BLOCKED", "interactionId": interaction_id, "warningMessage": blocked},
                )
            elif self._campaign_mark_done(item):
                pass
            elif item.media in OPEN_MEDIA:
                if item.state in ("INVITED", "CREATED"):
                    raise InvalidActionError(
                        f"cannot mark interaction {interaction_id} done: it is {item.state}; accept (or send) it first"
                    )
                self._complete_open_media(item)
            else:
                if item.state != IDLE:
                    raise InvalidActionError(
                        f"cannot mark interaction {interaction_id} done: it is {item.state}; release it first"
                    )
                del self.interactions[interaction_id]
                self._interaction_event("REMOVED", item)
                self.touch("interactions")
        if blocked is not None:
            raise InvalidActionError(f"mark done of interaction {interaction_id} is blocked: {blocked}")

    def _recording(self, interaction_id: str, action: str) -> None:
        with self.transaction():
            item = self.interaction(interaction_id)
            item.recording_state = check_recording_action(item, action)
            self._interaction_event("CALL_RECORDING_STATE_CHANGED", item)
            self.touch("interactions")

    def start_recording(self, interaction_id: str) -> None:
        """Start recording a call (STOPPED → RECORDING)."""
        self._recording(interaction_id, "start")

    def pause_recording(self, interaction_id: str) -> None:
        """Pause recording (RECORDING → PAUSED)."""
        self._recording(interaction_id, "pause")

    def resume_recording(self, interaction_id: str) -> None:
        """Resume recording (PAUSED → RECORDING)."""
        self._recording(interaction_id, "resume")

    def stop_recording(self, interaction_id: str) -> None:
        """Stop recording (RECORDING or PAUSED → STOPPED)."""
        self._recording(interaction_id, "stop")

    # ------------------------------------------------------------------ user data

    def _live_for_user_data(self, interaction_id: str) -> Interaction:
        item = self.interaction(interaction_id)
        if not item.is_live:
            raise InvalidActionError(
                f"cannot change user data of interaction {interaction_id}: it is {item.state} (no longer live)"
            )
        return item

    def set_user_data(
        self, interaction_id: str, key_values: Mapping[str, Any], *, enforce_filter: bool = False
    ) -> None:
        """Attach key/values to a live interaction (existing keys are overwritten)."""
        with self.transaction():
            item = self._live_for_user_data(interaction_id)
            data = check_key_values(key_values)
            if enforce_filter:
                self.write_allowed.check_write(data)
            item.user_data.update(data)
            self._interaction_event("ATTACHED_DATA_CHANGED", item)
            self.touch("interactions")

    def delete_user_data(self, interaction_id: str, key: str, *, enforce_filter: bool = False) -> None:
        """Remove one key from a live interaction's user data."""
        with self.transaction():
            item = self._live_for_user_data(interaction_id)
            _require_str(key, "user data key")
            if enforce_filter:
                self.write_allowed.check_write([key])
            if key not in item.user_data:
                keys = ", ".join(item.user_data) or "none"
                raise InvalidParameterError(f"interaction {interaction_id} has no user data key {key!r} (keys: {keys})")
            del item.user_data[key]
            self._interaction_event("ATTACHED_DATA_CHANGED", item)
            self.touch("interactions")

    # ------------------------------------------------------------------ toasts

    def popup_toast(
        self, parameters: Mapping[str, Any] | None = None, *, owner_frame: int | None = None, **fields: Any
    ) -> str:
        """Show a toast; fields as in ToastParameters (``title=``, ``message=``, ``buttons=``…).

        Returns the toast id (``"wweCustomToast0"``, …).
        """
        with self.transaction():
            merged = {**(parameters or {}), **fields}
            params = check_toast_parameters(merged, popup=True)
            toast_id = f"wweCustomToast{self.ids.next('toast', start=0)}"
            toast = Toast(toast_id, params, self.clock.now(), owner_frame)
            self.toasts[toast_id] = toast
            self._schedule_auto_close(toast)
            self.touch("toasts")
            return toast_id

    def _schedule_auto_close(self, toast: Toast) -> None:
        if toast.cancel_auto_close is not None:
            toast.cancel_auto_close()
            toast.cancel_auto_close = None
        timeout = toast.parameters.get("autoCloseTimeout") or 0
        if timeout > 0:
            toast_id = toast.toast_id

            def auto_close() -> None:
                self.close_toast(toast_id)

            toast.cancel_auto_close = self.clock.call_later(timeout / 1000.0, auto_close)

    def update_toast(self, toast_id: str, parameters: Mapping[str, Any] | None = None, **fields: Any) -> bool:
        """Change a toast's fields; False when no toast has that id."""
        with self.transaction():
            _require_str(toast_id, "toast id")
            params = check_toast_parameters({**(parameters or {}), **fields}, popup=False)
            toast = self.toasts.get(toast_id)
            if toast is None:
                return False
            toast.parameters.update(params)
            if "autoCloseTimeout" in params:
                self._schedule_auto_close(toast)
            self.touch("toasts")
            return True

    def close_toast(self, toast_id: str) -> bool:
        """Close a toast; False when no toast has that id."""
        with self.transaction():
            _require_str(toast_id, "toast id")
            toast = self.toasts.pop(toast_id, None)
            if toast is None:
                return False
            if toast.cancel_auto_close is not None:
                toast.cancel_auto_close()
            self.touch("toasts")
            return True

    def click_toast_button(self, toast_id: str, button: int | str) -> None:
        """The agent clicks a toast button (by 0-based index or label): CUSTOM_TOAST_BUTTON_CLICK."""
        with self.transaction():
            _require_str(toast_id, "toast id")
            toast = self.toasts.get(toast_id)
            if toast is None:
                raise InvalidParameterError(f"no toast with id {toast_id!r} (open: {', '.join(self.toasts) or 'none'})")
            buttons = toast.buttons
            if isinstance(button, str) and not isinstance(button, bool):
                if button not in buttons:
                    raise InvalidParameterError(f"toast {toast_id} has no button {button!r} (buttons: {buttons})")
                index = buttons.index(button)
            elif isinstance(button, int) and not isinstance(button, bool) and 0 <= button < len(buttons):
                index = button
            else:
                raise InvalidParameterError(
                    f"toast {toast_id} has buttons 0..{len(buttons) - 1} ({buttons}), not {button!r}"
                )
            self.emit(
                "system",
                {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast_id, "buttonIndex": index},
                frame_id=toast.owner_frame,
            )
            self.close_toast(toast_id)

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

    def broadcast(self, channel: str, message: Any) -> None:
        """Deliver ``message`` to every frame subscribed to ``messenger:<channel>``."""
        with self.transaction():
            _require_str(channel, "channel")
            if ":" in channel and not channel.strip(":"):
                raise InvalidParameterError("channel must name a channel")
            self.emit(f"messenger:{channel}", message)

    # ------------------------------------------------------------------ workspace: dialogs, menu bar, tabs

    def open_dialog(self, url: str, options: Mapping[str, str] | None = None, *, owner_frame: int | None = None) -> str:
        """Open a dialog hosting ``url`` (relative URLs resolve against the calling app). Returns its id."""
        from urllib.parse import urljoin

        from .security import origin_of

        with self.transaction():
            _require_str(url, "dialog url")
            opts = check_dialog_options(dict(options) if options is not None else None)
            dialog_id = f"wweCustomDialog{self.ids.next('dialog')}"
            owner = self.frames.get(owner_frame) if owner_frame is not None else None
            full = urljoin(owner.url, url) if owner is not None else url
            codes = {"$Dialog.Id$": dialog_id, "$Agent.FullName$": self.agent_info.full_name}
            for code, value in codes.items():
                full = full.replace(code, value)
                opts = {k: v.replace(code, value) for k, v in opts.items()}
            try:
                origin = origin_of(full)
            except ValueError:
                raise InvalidParameterError(f"dialog url {url!r} does not resolve to an http(s) URL") from None
            frame = self.frames.add(full, origin, "dialog", opts.get("label", ""))
            frame.extra.update(dialogId=dialog_id, width=opts.get("width", ""), height=opts.get("height", ""))
            frame.opaque = owner.opaque if owner is not None and owner.origin == origin else False
            self.workspace.dialogs[dialog_id] = Dialog(dialog_id, frame.frame_id, full, opts, owner_frame)
            self.touch("workspace", "frames")
            return dialog_id

    def close_dialog(self, dialog_id: str) -> None:
        """Close a dialog opened with :meth:`open_dialog`."""
        with self.transaction():
            _require_str(dialog_id, "dialog id")
            dialog = self.workspace.dialogs.pop(dialog_id, None)
            if dialog is None:
                known = ", ".join(self.workspace.dialogs) or "none"
                raise InvalidParameterError(f"no dialog {dialog_id!r} is open (open: {known})")
            self.frames.remove(dialog.frame_id)
            self.touch("workspace", "frames")

    def update_menu_view(self, parameters: Mapping[str, str]) -> None:
        """Create or update a view in the application menu bar, keyed by ``name``."""
        with self.transaction():
            view = check_menu_view(dict(parameters))
            self.workspace.menu_views[view["name"]] = {**self.workspace.menu_views.get(view["name"], {}), **view}
            self.touch("workspace")

    def close_menu_view(self, name: str) -> None:
        """Remove a view from the application menu bar."""
        with self.transaction():
            _require_str(name, "view name")
            if self.workspace.menu_views.pop(name, None) is None:
                known = ", ".join(self.workspace.menu_views) or "none"
                raise InvalidParameterError(f"no menu-bar view {name!r} (views: {known})")
            self.touch("workspace")

    def set_leadership(self, leadership: str, *, last_active: bool | None = None) -> None:
        """Simulate the multi-tab election: ``leading``, ``following`` or ``negotiating``."""
        with self.transaction():
            if leadership not in LEADERSHIP:
                raise InvalidParameterError(f"leadership must be one of {', '.join(LEADERSHIP)}, got {leadership!r}")
            self.workspace.leadership = leadership
            if last_active is not None:
                self.workspace.last_active = bool(last_active)
            self.touch("workspace")

    def is_visible(self, frame_id: int | None) -> bool:
        """Is the calling frame shown (``system.amIVisible``)? Notebook code counts as visible."""
        frame = self.frames.get(frame_id) if frame_id is not None else None
        return frame is None or frame.mode in VISIBLE_MODES

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
    """Wrap a desktop method so that a successful top-level call is reported to the recorders."""
    method = getattr(AgentDesktop, name)

    @functools.wraps(method)
    def wrapper(self: AgentDesktop, *args: Any, **kwargs: Any) -> Any:
        top = getattr(self._entry, "depth", 0) == 0
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
