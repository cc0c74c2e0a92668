"""Call control: inbound and outbound voice calls, their state machine, recording, user data
and mark done.

A part of the desktop model. It may use the desktop's :class:`~.plumbing.Plumbing`, the
:class:`~.store.InteractionStore` (and the hooks other parts attached to it), the media channels
(:class:`~.presence.Presence`, to know whether voice is reachable), the agent's device and the
user-data write filter. :class:`~.flows.InteractionFlows` and :class:`~.outbound.Campaigns`
place and move calls through its public methods. It asks its :class:`~.switch.Switch` (by default a
:class:`~.switch.LocalSwitch`; a contact centre connects its own with :meth:`CallControl.connect`)
whether a number can be called or a call moved, and tells it of each new call and each change of a
call; the switch acts on the calls through :meth:`CallControl.deliver`, :meth:`CallControl.voice_action`,
:meth:`CallControl.set_parties` and :meth:`CallControl.share_user_data`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError
from .interactions import (
    DIALING,
    IDLE,
    OPEN_MEDIA,
    RINGING,
    STOPPED,
    Interaction,
    check_recording_action,
    check_voice_action,
)
from .media import Device
from .plumbing import Plumbing
from .presence import Presence
from .store import InteractionStore
from .switch import LocalSwitch, Switch
from .userdata import KeyFilter, check_key_values
from .validation import require_str

UNREACHABLE_TYPES = frozenset({"LOGOUT", "OUT_OF_SERVICE", "LOGOUT_DND_ON"})
INTERNAL_NUMBER_MAX_DIGITS = 5


class CallControl:
    """Voice calls and what every interaction shares: user data and mark done."""

    def __init__(
        self, desk: Plumbing, store: InteractionStore, presence: Presence, device: Device, write_allowed: KeyFilter
    ) -> None:
        self.desk = desk
        self.store = store
        self.presence = presence
        self.device = device
        self.write_allowed = write_allowed
        self.switch: Switch = LocalSwitch()

    def connect(self, switch: Switch) -> None:
        """Route this desktop's calls through ``switch`` (a contact centre's)."""
        self.switch = switch

    # ------------------------------------------------------------------ for the other flows

    @property
    def agent_number(self) -> str:
        """The agent's phone number: the ``ani`` of the calls the agent places."""
        return self.device.number

    def check_voice_reachable(self, what: str) -> None:
        """Refuse (InvalidActionError, saying ``what`` could not be done) when voice is absent or unreachable."""
        voice = self.presence.media.get("voice")
        if voice is None:
            raise InvalidActionError(f"cannot {what}: this desktop has no voice media")
        if voice.state.type in UNREACHABLE_TYPES:
            raise InvalidActionError(f"cannot {what}: the voice channel is {voice.state.type}")

    def new_call(
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
        """A new voice interaction in the store (no event yet)."""
        call_uuid = self.desk.ids.uuid()
        return self.store.add(
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

    def announce_dialing(self, item: Interaction, user_data: Mapping[str, Any]) -> None:
        """ADDED and DIALING for a call just placed, then ATTACHED_DATA_CHANGED if it carries data."""
        self.store.announce("ADDED", item)
        self.store.announce("DIALING", item)
        if user_data:
            item.put_user_data(user_data)
            self.store.announce("ATTACHED_DATA_CHANGED", item)

    def voice_action(self, interaction_id: str, action: str) -> None:
        """Move a call by one action of :data:`~.interactions.VOICE_TRANSITIONS` and report it."""
        with self.desk.transaction():
            item = self.store.get(interaction_id)
            target, event_type = check_voice_action(item, action)
            self.switch.check_move(self, item, action)
            item.move_to(target)
            if target == IDLE:
                item.recording_state = STOPPED
            self.store.before_call_event(item)
            self.store.announce(event_type, item)
            self.store.after_call_event(item)
            self.desk.touch_interactions(item.interaction_id)
            self.switch.moved(self, item, action)

    # ------------------------------------------------------------------ for the switch

    def deliver(
        self,
        *,
        party: str,
        ani: str,
        dnis: str,
        call_type: str,
        call_uuid: str,
        user_data: Mapping[str, Any],
        case_id: str | None = None,
        consultation: bool = False,
        extra_parties: tuple[str, ...] = (),
    ) -> Interaction:
        """A call the switch brings to this desktop: ADDED and RINGING. It carries the switch
        call's user data; its case is ``case_id`` (the call's), else the one that data names
        (``IW_CaseUid``)."""
        with self.desk.transaction():
            item = self.store.add(
                "voice",
                RINGING,
                party,
                user_data,
                interaction_uuid=call_uuid,
                call_uuid=call_uuid,
                direction="IN",
                call_type=call_type,
                ani=ani,
                dnis=dnis,
                recording_state=STOPPED,
            )
            item.parties.extend(extra_parties)
            item.case_id = case_id or item.case_id
            item.is_consultation = consultation
            self.store.announce("ADDED", item)
            self.store.announce("RINGING", item)
            return item

    def bring_back(self, record: Interaction) -> Interaction:
        """Deliver again a call that was on this desktop (``record``: a copy taken then), as a new
        delivery of it: ADDED and RINGING (a call that came in) or DIALING (one the agent placed),
        with the same id, case and data; the switch holds it as a new call."""
        with self.desk.transaction():
            self.check_voice_reachable("bring the call back")
            inbound = record.direction == "IN"
            state = RINGING if inbound else DIALING
            item = self.store.bring_back(record, state, "ADDED", state)
            (self.switch.arrived if inbound else self.switch.placed)(self, item)
            return item

    def set_parties(self, item: Interaction, parties: list[str]) -> None:
        """The switch says who else is on the call: PARTY_CHANGED (if that changes anything)."""
        with self.desk.transaction():
            if item.parties != parties:
                item.parties = list(parties)
                self.store.announce("PARTY_CHANGED", item)
                self.desk.touch_interactions(item.interaction_id)

    def share_user_data(self, item: Interaction, user_data: Mapping[str, Any]) -> None:
        """Another party changed the call's user data: ATTACHED_DATA_CHANGED (if it differs here)."""
        with self.desk.transaction():
            if item.user_data != dict(user_data) and item.is_live:
                item.replace_user_data(user_data)
                self.store.announce("ATTACHED_DATA_CHANGED", item)
                self.desk.touch_interactions(item.interaction_id)

    # ------------------------------------------------------------------ verbs

    def simulate_inbound_call(
        self, ani: str = "5551234", *, dnis: str | None = None, user_data: Mapping[str, Any] | None = None
    ) -> str:
        with self.desk.transaction():
            require_str(ani, "caller number (ani)")
            if dnis is not None:
                require_str(dnis, "dialed number (dnis)")
            data = check_key_values(user_data or {})
            self.check_voice_reachable("receive a call")
            item = self.new_call(
                RINGING,
                direction="IN",
                call_type="INBOUND",
                party=ani,
                ani=ani,
                dnis=dnis or self.device.number,
                user_data=data,
            )
            self.store.announce("ADDED", item)
            self.store.announce("RINGING", item)
            self.switch.arrived(self, item)
            return item.interaction_id

    def dial(
        self, destination: str, user_data: Mapping[str, Any] | None = None, extensions: Mapping[str, Any] | None = None
    ) -> str:
        with self.desk.transaction():
            require_str(destination, "destination")
            data = check_key_values(user_data or {}) if user_data is not None else {}
            ext = check_key_values(extensions, "extensions") if extensions is not None else {}
            self.check_voice_reachable("dial")
            destination = self.switch.resolve(self, {"type": "CUSTOM_CONTACT", "destination": destination})
            digits = destination.lstrip("+")
            internal = digits.isdigit() and len(digits) <= INTERNAL_NUMBER_MAX_DIGITS
            item = self.new_call(
                DIALING,
                direction="OUT",
                call_type="INTERNAL" if internal else "OUTBOUND",
                party=destination,
                ani=self.agent_number,
                dnis=destination,
                user_data={},
            )
            item.extensions = ext
            self.announce_dialing(item, data)
            self.switch.placed(self, item)
            return item.interaction_id

    def mark_done(self, interaction_id: str) -> None:
        blocked: str | None = None
        with self.desk.transaction():
            item = self.store.get(interaction_id)
            if item.markdone_warning is not None:
                blocked = item.markdone_warning
                self.desk.emit(
                    "markdone",
                    {"eventType": "MARKDONE_BLOCKED", "interactionId": interaction_id, "warningMessage": blocked},
                )
            elif self.store.hooked_mark_done(item):
                pass
            elif item.media in OPEN_MEDIA:
                if item.state in ("INVITED", "CREATED"):
                    raise InvalidActionError(
                        f"cannot mark interaction {interaction_id} done: it is {item.state}; accept (or send) it first"
                    )
                self.store.step(item, "COMPLETED", "COMPLETED", remove=True)
            else:
                if item.state != IDLE:
                    raise InvalidActionError(
                        f"cannot mark interaction {interaction_id} done: it is {item.state}; release it first"
                    )
                self.store.remove(item)
        if blocked is not None:
            raise InvalidActionError(f"mark done of interaction {interaction_id} is blocked: {blocked}")

    def recording(self, interaction_id: str, action: str) -> None:
        """``action`` (start, pause, resume, stop) the recording of a call."""
        with self.desk.transaction():
            item = self.store.get(interaction_id)
            item.recording_state = check_recording_action(item, action)
            self.store.announce("CALL_RECORDING_STATE_CHANGED", item)
            self.desk.touch_interactions(item.interaction_id)

    # ------------------------------------------------------------------ user data

    def live_for_user_data(self, interaction_id: str) -> Interaction:
        """The interaction, if its user data may change now (it is live)."""
        item = self.store.get(interaction_id)
        if not item.is_live:
            raise InvalidActionError(
                f"cannot change user data of interaction {interaction_id}: it is {item.state} (no longer live)"
            )
        return item

    def set_user_data(
        self, interaction_id: str, key_values: Mapping[str, Any], *, enforce_filter: bool = False
    ) -> None:
        with self.desk.transaction():
            item = self.live_for_user_data(interaction_id)
            data = check_key_values(key_values)
            if enforce_filter:
                self.write_allowed.check_write(data)
            item.put_user_data(data)
            now = self.store.announce("ATTACHED_DATA_CHANGED", item)
            self.desk.touch_user_data(item.interaction_id, data, now)
            self.switch.data_changed(self, item)

    def delete_user_data(self, interaction_id: str, key: str, *, enforce_filter: bool = False) -> None:
        with self.desk.transaction():
            item = self.live_for_user_data(interaction_id)
            require_str(key, "user data key")
            if enforce_filter:
                self.write_allowed.check_write([key])
            if key not in item.user_data:
                keys = ", ".join(item.user_data) or "none"
                raise InvalidParameterError(f"interaction {interaction_id} has no user data key {key!r} (keys: {keys})")
            item.remove_user_data(key)
            now = self.store.announce("ATTACHED_DATA_CHANGED", item)
            self.desk.touch_user_data(item.interaction_id, (key,), now)
            self.switch.data_changed(self, item)
