"""Calls and the interaction store: looking interactions up, inbound and outbound voice calls,
call control, recording, user data and mark done.

A mixin of :class:`~scapi_widget.desktop.model.AgentDesktop`; it uses the model's lock and events.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError, UnknownInteractionError
from .flows import OPEN_MEDIA
from .interactions import DIALING, IDLE, RINGING, STOPPED, Interaction, check_recording_action, check_voice_action
from .parts import DesktopParts
from .userdata import check_key_values
from .validation import require_str

UNREACHABLE_TYPES = frozenset({"LOGOUT", "OUT_OF_SERVICE", "LOGOUT_DND_ON"})
INTERNAL_NUMBER_MAX_DIGITS = 5


class VoiceCalls(DesktopParts):
    """The interaction store and voice call control."""

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
            require_str(ani, "caller number (ani)")
            if dnis is not None:
                require_str(dnis, "dialed number (dnis)")
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
            require_str(destination, "destination")
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
            self._announce_dialing(item, data)
            return item.interaction_id

    def _announce_dialing(self, item: Interaction, user_data: Mapping[str, Any]) -> None:
        """ADDED and DIALING for a call just placed, then ATTACHED_DATA_CHANGED if it carries data."""
        self._interaction_event("ADDED", item)
        self._interaction_event("DIALING", item)
        if user_data:
            item.user_data.update(user_data)
            self._interaction_event("ATTACHED_DATA_CHANGED", item)

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
            require_str(key, "user data key")
            if enforce_filter:
                self.write_allowed.check_write([key])
            if key not in item.user_data:
                keys = ", ".join(item.user_data) or "none"
                raise InvalidParameterError(f"interaction {interaction_id} has no user data key {key!r} (keys: {keys})")
            del item.user_data[key]
            self._interaction_event("ATTACHED_DATA_CHANGED", item)
            self.touch("interactions")
