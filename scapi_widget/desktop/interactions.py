"""Interactions: the ``interaction.Interaction`` record and the voice call state machine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidActionError
from .json_values import copy_json
from .userdata import UserDataBound

# Voice states (reference 4.7) and the live ones (user data may change only while live).
RINGING, DIALING, TALKING, HELD, IDLE, UNKNOWN = "RINGING", "DIALING", "TALKING", "HELD", "IDLE", "UNKNOWN"
LIVE_VOICE_STATES = frozenset({RINGING, DIALING, TALKING, HELD})

# Media whose interactions are accepted, handled and marked done rather than called: "open media".
OPEN_MEDIA = ("chat", "email", "workitem")

# Recording states.
STOPPED, RECORDING, PAUSED = "STOPPED", "RECORDING", "PAUSED"

# Voice actions: the states each one may start from, the state it leads to, and its event.
VOICE_TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "answer": (frozenset({RINGING}), TALKING, "ESTABLISHED"),
    "remote_answer": (frozenset({DIALING}), TALKING, "ESTABLISHED"),
    "hold": (frozenset({TALKING}), HELD, "HELD"),
    "resume": (frozenset({HELD}), TALKING, "ESTABLISHED"),
    "hang_up": (LIVE_VOICE_STATES, IDLE, "RELEASED"),
    "remote_hang_up": (LIVE_VOICE_STATES, IDLE, "RELEASED"),
}

# Recording actions: from which recording states, to which.
RECORDING_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "start": (frozenset({STOPPED}), RECORDING),
    "pause": (frozenset({RECORDING}), PAUSED),
    "resume": (frozenset({PAUSED}), RECORDING),
    "stop": (frozenset({RECORDING, PAUSED}), STOPPED),
}
RECORDABLE_STATES = frozenset({TALKING, HELD})


@dataclass
class Interaction:
    """One interaction as the desktop holds it; :meth:`to_json` is the SCAPI shape."""

    interaction_id: str
    media: str
    state: str
    case_id: str
    interaction_uuid: str
    previous_state: str = UNKNOWN
    call_uuid: str | None = None
    parties: list[str] = field(default_factory=list)
    direction: str = "UNKNOWN"
    call_type: str = "UNKNOWN"
    ani: str | None = None
    dnis: str | None = None
    recording_state: str | None = None
    is_case_selected: bool = False
    is_case_expanded: bool = False
    is_main_case_interaction: bool = True
    is_consultation: bool = False
    parent_interaction_id: str | None = None
    user_data: dict[str, Any] = field(default_factory=dict)
    user_data_bound: UserDataBound = field(default_factory=UserDataBound, repr=False, compare=False)
    markdone_warning: str | None = None
    extensions: dict[str, Any] = field(default_factory=dict)  # T-Lib extensions given when dialing
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.user_data_bound.recount(self.user_data)

    # User data changes only here (its bound is checked and counted as it changes); values are
    # replaced, never changed in place.
    def put_user_data(self, data: Mapping[str, Any]) -> None:
        """Set these keys of the user data; :class:`~scapi_widget.errors.InvalidActionError` (nothing
        changed) when it would then hold more than its bound (:class:`~.userdata.UserDataBound`)."""
        sizes = self.user_data_bound.check(data, self.interaction_id)
        self.user_data.update(data)
        self.user_data_bound.counted(self.user_data, data.keys(), sizes)

    def remove_user_data(self, key: str) -> None:
        """Delete this key of the user data."""
        del self.user_data[key]
        self.user_data_bound.counted(self.user_data, (key,))

    def replace_user_data(self, data: Mapping[str, Any]) -> None:
        """The user data is now ``data`` (a copy of it)."""
        self.user_data = dict(data)
        self.user_data_bound.recount(self.user_data)

    def user_data_json(self) -> dict[str, Any]:
        """A copy of the user data that shares nothing mutable with it, at the cost of its containers:
        the dict is copied whole and only the values that are containers are copied deeply (the rest
        are immutable scalars, shared), so a change's event beside many keys of text costs little more."""
        copied = self.user_data.copy()
        for key in self.user_data_bound.containers:
            copied[key] = copy_json(copied[key])
        return copied

    def move_to(self, state: str) -> None:
        """Change state, remembering the one before."""
        self.previous_state = self.state
        self.state = state

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_VOICE_STATES if self.media == "voice" else self.state != IDLE

    def to_json(self, *, share_values: bool = False) -> dict[str, Any]:
        """The SCAPI shape: a copy that shares nothing mutable with the interaction, or, with
        ``share_values``, whose user data shares its values (for an event's data, which the desktop
        never changes and hands out only as copies: :attr:`~.events.DesktopEvent.payload`)."""
        data: dict[str, Any] = {
            "interactionId": self.interaction_id,
            "caseId": self.case_id,
            "userData": self.user_data.copy() if share_values else self.user_data_json(),
            "state": self.state,
            "previousState": self.previous_state,
            "parties": [{"name": name} for name in self.parties],
            "isConsultation": self.is_consultation,
            "isMainCaseInteraction": self.is_main_case_interaction,
            "isCaseSelected": self.is_case_selected,
            "isCaseExpanded": self.is_case_expanded,
            "interactionUUID": self.interaction_uuid,
        }
        if self.parent_interaction_id is not None:
            data["parentInteractionId"] = self.parent_interaction_id
        if self.media == "voice":
            data.update(
                callUuid=self.call_uuid,
                direction=self.direction,
                callType=self.call_type,
                ani=self.ani,
                dnis=self.dnis,
                recordingState=self.recording_state,
            )
        data.update(copy_json(self.extra))
        return data


def check_voice_action(interaction: Interaction, action: str) -> tuple[str, str]:
    """The (new state, eventType) of a voice action, or :class:`InvalidActionError`."""
    if interaction.media != "voice":
        raise InvalidActionError(
            f"interaction {interaction.interaction_id} is a {interaction.media} interaction, not a voice call"
        )
    allowed, target, event_type = VOICE_TRANSITIONS[action]
    if interaction.state not in allowed:
        verb = action.replace("_", " ")
        raise InvalidActionError(
            f"cannot {verb} interaction {interaction.interaction_id}: it is {interaction.state}, "
            f"{verb} needs {' or '.join(sorted(allowed))}"
        )
    return target, event_type


def check_recording_action(interaction: Interaction, action: str) -> str:
    """The new recording state of a recording action, or :class:`InvalidActionError`."""
    if interaction.media != "voice":
        raise InvalidActionError(
            f"interaction {interaction.interaction_id} is not a voice call; only calls are recorded"
        )
    if interaction.state not in RECORDABLE_STATES:
        raise InvalidActionError(
            f"cannot {action} recording of interaction {interaction.interaction_id}: the call is {interaction.state}, "
            "recording needs TALKING or HELD"
        )
    allowed, target = RECORDING_TRANSITIONS[action]
    if interaction.recording_state not in allowed:
        raise InvalidActionError(
            f"cannot {action} recording of interaction {interaction.interaction_id}: recording is "
            f"{interaction.recording_state}, {action} needs {' or '.join(sorted(allowed))}"
        )
    return target


def available_actions(interaction: Interaction) -> list[str]:
    """The desktop-side actions valid for an interaction now (what the desktop UI offers)."""
    if interaction.media != "voice":
        if interaction.state == "INVITED":
            return ["accept", "reject"]
        done_states = {"ACCEPTED", "PULLED", "ENDED", "REJECTED", "CANCELED"}
        return ["mark_done"] if interaction.state in done_states else []
    actions = [name for name, (allowed, _, _) in VOICE_TRANSITIONS.items() if interaction.state in allowed]
    if interaction.state == IDLE:
        actions.append("mark_done")
    if interaction.state in RECORDABLE_STATES:
        actions += [
            f"{name}_recording"
            for name, (allowed, _) in RECORDING_TRANSITIONS.items()
            if interaction.recording_state in allowed
        ]
    return actions
