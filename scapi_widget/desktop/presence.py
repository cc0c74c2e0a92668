"""The agent's presence: the state list, the agent's state and each media channel's state.

A part of the desktop model: it may use the desktop's :class:`~.plumbing.Plumbing` (events,
change marks) and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import InvalidParameterError
from .agent import EVENT_ONLY_TYPES, State, event_only_state, validate_state_list
from .media import Device, Media
from .plumbing import Plumbing
from .validation import require_str


class Presence:
    """Agent state and media states, set by operation name from the state list."""

    def __init__(
        self, desk: Plumbing, states: Sequence[State], media: Sequence[str], device: Device, initial_state: str | None
    ) -> None:
        self.desk = desk
        self.states: tuple[State, ...] = tuple(states)
        validate_state_list(self.states)
        start = self.state_by_operation(initial_state) if initial_state else self.states[0]
        self.agent_state: State = start
        if not media or len(set(media)) != len(media):
            raise ValueError("media must be a non-empty list of distinct names")
        self.media: dict[str, Media] = {name: Media(name, start, device if name == "voice" else None) for name in media}

    def state_by_operation(self, operation_name: Any) -> State:
        """The state of the list with that operation name, or :class:`InvalidParameterError`."""
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

    def media_named(self, name: Any) -> Media:
        """The media channel called ``name``, or :class:`InvalidParameterError`."""
        require_str(name, "media name")
        if name not in self.media:
            raise InvalidParameterError(f"unknown media {name!r}; this desktop has: {', '.join(self.media)}")
        return self.media[name]

    def set_agent_state(self, operation_name: str) -> None:
        with self.desk.transaction():
            state = self.state_by_operation(operation_name)
            self.agent_state = state
            self.desk.emit("agent", {"eventType": "STATE_CHANGED", **state.change_fields()})
            for media in self.media.values():
                self.set_media(media, state)
            self.desk.touch("agent", "media")

    def set_media_state(self, media_name: str, operation_name: str) -> None:
        with self.desk.transaction():
            media = self.media_named(media_name)
            state = self.state_by_operation(operation_name)
            self.set_media(media, state)
            self.desk.touch("media")

    def report_media_state(self, media_name: str, state_type: str) -> None:
        with self.desk.transaction():
            media = self.media_named(media_name)
            try:
                state = event_only_state(state_type)
            except ValueError as exc:
                raise InvalidParameterError(str(exc)) from None
            self.set_media(media, state)
            self.desk.touch("media")

    def set_media(self, media: Media, state: State) -> None:
        """Put one channel in ``state`` and report it (media STATE_CHANGED)."""
        media.state = state
        self.desk.emit("media", {"eventType": "STATE_CHANGED", "media": media.name, **state.change_fields()})
