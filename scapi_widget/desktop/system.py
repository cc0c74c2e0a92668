"""The desktop's system side: the SIP endpoint's mute switches, the inactivity timer, the
security policy, desktop options and messenger broadcasts.

A part of the desktop model: it may use the desktop's :class:`~.plumbing.Plumbing`, the
configuration it owns, and the interaction store (only to check that an option's interaction exists).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidParameterError
from ..wire.values import check_wire_value
from .configuration import Configuration
from .json_values import copy_json
from .plumbing import Plumbing
from .security import AccessPolicy
from .store import InteractionStore
from .validation import require_str


def as_policy(accepted_origins: str | AccessPolicy) -> AccessPolicy:
    """An :class:`AccessPolicy` from the option's text (or the policy itself)."""
    return accepted_origins if isinstance(accepted_origins, AccessPolicy) else AccessPolicy.parse(accepted_origins)


class SystemSettings:
    """Mute switches, activity, security policy, options and messenger."""

    def __init__(
        self, desk: Plumbing, store: InteractionStore, configuration: Configuration, policy: AccessPolicy
    ) -> None:
        self.desk = desk
        self.store = store
        self.configuration = configuration
        self.policy = policy
        self.microphone_muted = False
        self.speaker_muted = False
        self.last_activity: float = desk.clock.now()

    def trigger_activity(self) -> None:
        with self.desk.transaction():
            self.last_activity = self.desk.clock.now()
            self.desk.touch("system")

    def set_microphone_muted(self, muted: bool) -> None:
        if not isinstance(muted, bool):
            raise InvalidParameterError(f"muted must be True or False, got {muted!r}")
        with self.desk.transaction():
            self.microphone_muted = muted
            self.desk.touch("sip")

    def set_speaker_muted(self, muted: bool) -> None:
        if not isinstance(muted, bool):
            raise InvalidParameterError(f"muted must be True or False, got {muted!r}")
        with self.desk.transaction():
            self.speaker_muted = muted
            self.desk.touch("sip")

    def set_accepted_origins(self, accepted_origins: str | AccessPolicy) -> None:
        try:
            policy = as_policy(accepted_origins)
        except ValueError as exc:
            raise InvalidParameterError(str(exc)) from None
        with self.desk.transaction():
            self.policy = policy
            self.desk.touch("security")

    def set_option(self, name: str, value: str | list[str], *, interaction_id: str | None = None) -> None:
        with self.desk.transaction():
            if interaction_id is None:
                self.configuration.set(name, value)
            else:
                self.store.get(interaction_id)
                self.configuration.set_contextual(interaction_id, name, value)
            self.desk.touch("configuration")

    def broadcast(self, channel: str, message: Mapping[str, Any]) -> None:
        with self.desk.transaction():
            require_str(channel, "channel")
            if ":" in channel and not channel.strip(":"):
                raise InvalidParameterError("channel must name a channel")
            if not isinstance(message, Mapping):
                raise InvalidParameterError(
                    "a messenger message must be an object (receivers get it as the event's data), "
                    f"got {type(message).__name__}"
                )
            check_wire_value(message, "messenger message")
            self.desk.emit(f"messenger:{channel}", copy_json(dict(message)))
