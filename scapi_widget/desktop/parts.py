"""The part of :class:`~scapi_widget.desktop.model.AgentDesktop` its flow mixins rely on.

At run time this class is empty; for type checking it declares what the model provides.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .clock import Clock, IdSource
    from .interactions import Interaction


class DesktopParts:
    """Declarations shared by the flow mixins (no behaviour)."""

    if TYPE_CHECKING:
        interactions: dict[str, Interaction]
        ids: IdSource
        clock: Clock

        def transaction(self) -> AbstractContextManager[None]: ...
        def interaction(self, interaction_id: Any) -> Interaction: ...
        def emit(self, family: str, data: dict[str, Any], *, frame_id: int | None = None) -> Any: ...
        def touch(self, *parts: str) -> None: ...
        def _interaction_event(self, event_type: str, item: Interaction) -> None: ...
        def _voice_action(self, interaction_id: str, action: str) -> None: ...
        def _check_voice_reachable(self, what: str) -> None: ...
        def _add_interaction(
            self, media: str, state: str, party: str, user_data: Mapping[str, Any], **fields: Any
        ) -> Interaction: ...
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
        ) -> Interaction: ...
        def _outbound_accept(self, item: Interaction) -> bool: ...
        def _outbound_reject(self, item: Interaction) -> bool: ...
