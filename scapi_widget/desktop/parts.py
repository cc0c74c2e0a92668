"""The part of :class:`~scapi_widget.desktop.model.AgentDesktop` its mixins rely on.

At run time this class is empty; for type checking it declares what the model provides.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .agent import Agent
    from .clock import Clock, IdSource
    from .frames import FrameRegistry
    from .interactions import Interaction
    from .media import Device, Media
    from .toasts import Toast
    from .userdata import KeyFilter
    from .workspace import Workspace


class DesktopParts:
    """Declarations shared by the model's mixins (no behaviour)."""

    if TYPE_CHECKING:
        agent_info: Agent
        @property
        def media(self) -> dict[str, Media]: ...

        device: Device
        interactions: dict[str, Interaction]
        toasts: dict[str, Toast]
        frames: FrameRegistry
        workspace: Workspace
        write_allowed: KeyFilter
        ids: IdSource
        clock: Clock

        def transaction(self) -> AbstractContextManager[None]: ...
        def interaction(self, interaction_id: Any) -> Interaction: ...
        def emit(self, family: str, data: dict[str, Any], *, frame_id: int | None = None) -> Any: ...
        def touch(self, *parts: str) -> None: ...
        def _interaction_event(self, event_type: str, item: Interaction) -> None: ...
        def _voice_action(self, interaction_id: str, action: str) -> None: ...
        def _announce_dialing(self, item: Interaction, user_data: Mapping[str, Any]) -> None: ...
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
        def _campaign_call_capabilities(self, item: Interaction) -> None: ...
        def _after_campaign_call_event(self, item: Interaction) -> None: ...
        def _campaign_mark_done(self, item: Interaction) -> bool: ...
        def _complete_open_media(self, item: Interaction) -> None: ...
        def close_toast(self, toast_id: str) -> bool: ...
