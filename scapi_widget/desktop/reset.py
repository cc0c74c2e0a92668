"""Putting a desktop back where it stood: a scripted demo played again starts from the same place.

:meth:`Baseline.take` notes what a desktop holds (interactions and their user data, agent and
media states, toasts, dialogs, campaigns, mute, where its ids stand); :meth:`Baseline.restore` undoes
what happened since, through the desktop's own actions, so hosted apps hear it as real Agent
Desktop would tell them: calls are released (RELEASED) and removed (REMOVED), open media
completed and removed, user data changed back (ATTACHED_DATA_CHANGED), the agent's and the media's
states set back (their state-change events), the case selected again, campaigns stopped and unloaded. Interactions that
were there at the start keep the state they have now (only their user data goes back).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ScapiError
from .clock import IdMark
from .interactions import LIVE_VOICE_STATES
from .model import AgentDesktop


@dataclass(frozen=True)
class Baseline:
    """What a desktop held when it was taken (see the module's doc)."""

    user_data: Mapping[str, Mapping[str, Any]]  # interaction id -> its user data
    agent_state: str
    media_states: Mapping[str, str]  # media name -> operation name
    toasts: frozenset[str]
    dialogs: frozenset[str]
    campaigns: frozenset[str]
    muted: tuple[bool, bool]
    ids: IdMark
    selected_case: str | None  # the case selected (and expanded) in the desktop

    @classmethod
    def take(cls, desk: AgentDesktop) -> Baseline:
        with desk.lock:
            return cls(
                {iid: dict(item.user_data) for iid, item in desk.interactions.items()},
                desk.agent_state.operation_name,
                {name: media.state.operation_name for name, media in desk.media.items()},
                frozenset(desk.toasts),
                frozenset(_dialogs(desk)),
                frozenset(desk.campaigns),
                (desk.microphone_muted, desk.speaker_muted),
                desk.ids.mark(),
                _selected_case(desk),
            )

    def restore(self, desk: AgentDesktop) -> None:
        """Undo on ``desk`` what happened since this baseline was taken (see the module's doc).
        Its actions are one outer action: recorders do not see them as steps."""
        with desk.transaction(), desk.outer_action():
            for item in reversed(list(desk.interactions.values())):
                if item.interaction_id not in self.user_data:
                    _end(desk, item.interaction_id)
            for iid, data in self.user_data.items():
                kept = desk.interactions.get(iid)
                if kept is not None and kept.user_data != data:
                    _try(desk.set_user_data, iid, {k: v for k, v in data.items() if kept.user_data.get(k) != v})
                    for key in [k for k in kept.user_data if k not in data]:
                        _try(desk.delete_user_data, iid, key)
            for toast_id in [t for t in desk.toasts if t not in self.toasts]:
                _try(desk.close_toast, toast_id)
            for dialog_id in [d for d in _dialogs(desk) if d not in self.dialogs]:
                _try(desk.close_dialog, dialog_id)
            for name in [c for c in desk.campaigns if c not in self.campaigns]:
                if desk.campaigns[name].status != "Loaded":
                    _try(desk.stop_campaign, name)
                _try(desk.unload_campaign, name)
            for name, operation in self.media_states.items():
                media = desk.media.get(name)
                if media is not None and media.state.operation_name != operation:
                    _try(desk.set_media_state, name, operation)
            if desk.agent_state.operation_name != self.agent_state:
                _try(desk.set_agent_state, self.agent_state)
            if desk.microphone_muted != self.muted[0]:
                _try(desk.set_microphone_muted, self.muted[0])
            if desk.speaker_muted != self.muted[1]:
                _try(desk.set_speaker_muted, self.muted[1])
            if self.selected_case is not None and _selected_case(desk) != self.selected_case:
                _try(desk.select_case, self.selected_case)
            desk.ids.rewind(self.ids)


def _selected_case(desk: AgentDesktop) -> str | None:
    return next((item.case_id for item in desk.interactions.values() if item.is_case_selected), None)


def _dialogs(desk: AgentDesktop) -> list[str]:
    return list(desk.workspace.dialogs)


def _end(desk: AgentDesktop, interaction_id: str) -> None:
    """Release and remove an interaction as the desktop does: a live call is hung up (RELEASED),
    then it is marked done (REMOVED; open media COMPLETED first); what cannot be marked done (an
    invitation never accepted) is removed."""
    item = desk.interactions[interaction_id]
    if item.media == "voice" and item.state in LIVE_VOICE_STATES:
        _try(desk.hang_up, interaction_id)
    if item.markdone_warning is not None:
        _try(desk.unblock_mark_done, interaction_id)
    if interaction_id in desk.interactions:
        _try(desk.mark_done, interaction_id)
    if interaction_id in desk.interactions:
        desk.store.remove(desk.interactions[interaction_id])


def _try(action: Callable[..., Any], *args: Any) -> None:
    """Do ``action``; a refusal (the state moved on meanwhile) changes nothing and is passed over."""
    try:
        action(*args)
    except ScapiError:
        pass
