"""Putting a desktop back where it stood: a scripted demo played again starts from the same place.

:meth:`Baseline.take` notes what a desktop holds (its interactions as they are, agent and media
states, toasts, dialogs, menu-bar views, campaigns, mute, where its ids stand); :meth:`Baseline.restore`
undoes what happened since, through the desktop's own actions, so hosted apps hear it as real Agent
Desktop would tell them: calls are released (RELEASED) and removed (REMOVED), open media
completed and removed, user data changed back (ATTACHED_DATA_CHANGED), the agent's and the media's
states set back (their state-change events), the case selected again, campaigns stopped and unloaded.

An interaction that was there at the start goes back to the state it had: a call the run held is
resumed (ESTABLISHED), one it retrieved is held again (HELD). What no action undoes (a call that
was ringing and was answered, one that was released or marked done, a chat that was accepted or
ended) is ended as above if it is still there and delivered again as Agent Desktop shows a new
delivery of it: the same interaction id, case and user data, ADDED and RINGING (DIALING for a call
the agent placed, INVITED or CREATED for open media), then the agent's actions that brought it to
its state then (answered: ESTABLISHED; held: HELD; released: RELEASED; accepted: ACCEPTED).

Limits (what real Agent Desktop events cannot undo, left as the run left it): a consultation call,
a call between two agents of a contact centre, an outbound campaign's record and open media in a
state other than invited, accepted or created are not delivered again; a call delivered again is
not recording (its recording is not restarted), and a chat's transcript is what it was, without
the messages announced again. Menu-bar views (which apps are not told about) are put back as
they were, for the frames still hosted.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ScapiError
from .clock import IdMark
from .flows import ACCEPTED, CREATED, INVITED
from .interactions import HELD, IDLE, LIVE_VOICE_STATES, OPEN_MEDIA, TALKING, Interaction
from .model import AgentDesktop
from .switch import LocalSwitch
from .workspace import MenuView


@dataclass(frozen=True)
class Baseline:
    """What a desktop held when it was taken (see the module's doc)."""

    interactions: Mapping[str, Interaction]  # by id, in the desktop's order: copies as they were
    agent_state: str
    media_states: Mapping[str, str]  # media name -> operation name
    toasts: frozenset[str]
    dialogs: frozenset[str]
    campaigns: frozenset[str]
    muted: tuple[bool, bool]
    ids: IdMark
    selected_case: str | None  # the case selected (and expanded) in the desktop
    menu_views: Mapping[str, MenuView]  # copies, by key

    @property
    def user_data(self) -> Mapping[str, Mapping[str, Any]]:
        """Each interaction's user data then, by id."""
        return {iid: item.user_data for iid, item in self.interactions.items()}

    @classmethod
    def take(cls, desk: AgentDesktop) -> Baseline:
        with desk.lock:
            return cls(
                {iid: copy.deepcopy(item) for iid, item in desk.interactions.items()},
                desk.agent_state.operation_name,
                {name: media.state.operation_name for name, media in desk.media.items()},
                frozenset(desk.toasts),
                frozenset(_dialogs(desk)),
                frozenset(desk.campaigns),
                (desk.microphone_muted, desk.speaker_muted),
                desk.ids.mark(),
                _selected_case(desk),
                copy.deepcopy(desk.workspace.menu_views),
            )

    def restore(self, desk: AgentDesktop) -> None:
        """Undo on ``desk`` what happened since this baseline was taken (see the module's doc).
        Its actions are one outer action: recorders do not see them as steps."""
        with desk.transaction(), desk.outer_action():
            for item in reversed(list(desk.interactions.values())):
                if item.interaction_id not in self.interactions:
                    _end(desk, item.interaction_id)
            for toast_id in [t for t in desk.toasts if t not in self.toasts]:
                _try(desk.close_toast, toast_id)
            for dialog_id in [d for d in _dialogs(desk) if d not in self.dialogs]:
                _try(desk.close_dialog, dialog_id)
            desk.workspace.restore_menu_views(self.menu_views)
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
            for record in self.interactions.values():  # once the channels they came on are back
                _put_back(desk, record)
            desk.store.reorder(list(self.interactions))
            for iid, data in self.user_data.items():
                kept = desk.interactions.get(iid)
                if kept is not None and kept.user_data != data:
                    _try(desk.set_user_data, iid, {k: v for k, v in data.items() if kept.user_data.get(k) != v})
                    for key in [k for k in kept.user_data if k not in data]:
                        _try(desk.delete_user_data, iid, key)
            if self.selected_case is not None and _selected_case(desk) != self.selected_case:
                _try(desk.select_case, self.selected_case)
            desk.ids.rewind(self.ids)


def _put_back(desk: AgentDesktop, record: Interaction) -> None:
    """Bring the interaction ``record`` was a copy of back to that state (see the module's doc)."""
    iid = record.interaction_id
    item = desk.interactions.get(iid)
    if item is not None and item.state != record.state:
        undo = _UNDO.get((item.state, record.state)) if item.media == "voice" else None
        if undo is not None:
            _try(getattr(desk, undo), iid)
        elif _deliverable(desk, record):
            _end(desk, iid)
    item = desk.interactions.get(iid)
    if item is None and _deliverable(desk, record):
        _try(_deliver_again, desk, record)
    item = desk.interactions.get(iid)
    if item is not None and item.markdone_warning != record.markdone_warning:
        if record.markdone_warning is None:
            _try(desk.unblock_mark_done, iid)
        else:
            _try(desk.block_mark_done, iid, record.markdone_warning)


_UNDO = {(HELD, TALKING): "resume", (TALKING, HELD): "hold"}  # (state now, state then) -> the verb


def _deliverable(desk: AgentDesktop, record: Interaction) -> bool:
    """Can ``record`` be delivered again (see the module's limits)?"""
    if record.media == "voice":
        if record.is_consultation or record.parent_interaction_id is not None:
            return False
        if isinstance(desk.calls.switch, LocalSwitch):
            return record.direction in ("IN", "OUT")
        return record.direction == "IN" and record.call_type == "INBOUND"  # a customer's call to the centre
    return record.media in OPEN_MEDIA and record.state in (INVITED, ACCEPTED, CREATED)


def _deliver_again(desk: AgentDesktop, record: Interaction) -> None:
    """A new delivery of ``record``, then the agent's actions that brought it to its state."""
    iid = record.interaction_id
    if record.media == "voice":
        desk.calls.bring_back(record)
        if record.state in (TALKING, HELD):
            (desk.answer if record.direction == "IN" else desk.remote_answer)(iid)
        if record.state == HELD:
            desk.hold(iid)
        elif record.state == IDLE:
            desk.hang_up(iid)
        return
    arrival = CREATED if record.state == CREATED else INVITED
    with desk.transaction():
        desk.store.bring_back(record, arrival, "ADDED", arrival)
    if record.state == ACCEPTED:
        desk.accept(iid)


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
