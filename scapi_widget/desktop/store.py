"""The interaction store: every interaction on the desktop, by id, and the events that report
their changes; other parts attach behaviour to interactions they own through :class:`InteractionHooks`.

A part of the desktop model: it may use the desktop's :class:`~.plumbing.Plumbing` and nothing else.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from ..errors import InvalidActionError, InvalidParameterError, UnknownInteractionError
from .interactions import STOPPED, UNKNOWN, Interaction
from .json_values import copy_json
from .plumbing import Plumbing


class InteractionHooks(Protocol):
    """What a part that owns some interactions (outbound campaigns: their records and calls) may
    add to the flows that act on every interaction. Each ``bool`` answer says "this one was mine,
    I handled it"; ``False`` leaves the interaction to the flow's ordinary behaviour."""

    def accept(self, item: Interaction) -> bool:
        """The agent accepts ``item``."""
        ...

    def reject(self, item: Interaction) -> bool:
        """The agent rejects ``item``."""
        ...

    def mark_done(self, item: Interaction) -> bool:
        """The agent marks ``item`` done."""
        ...

    def before_call_event(self, item: Interaction) -> None:
        """A voice call changed state; its event is about to be emitted."""
        ...

    def after_call_event(self, item: Interaction) -> None:
        """A voice call's state-change event was emitted."""
        ...


class InteractionStore:
    """The interactions on the desktop, in arrival order, and their events."""

    def __init__(self, desk: Plumbing) -> None:
        self.desk = desk
        self.items: dict[str, Interaction] = {}
        self.hooks: list[InteractionHooks] = []

    def attach(self, hooks: InteractionHooks) -> None:
        """Let ``hooks`` take part in accept, reject, mark done and call state changes."""
        self.hooks.append(hooks)

    def __iter__(self) -> Iterator[Interaction]:
        return iter(list(self.items.values()))

    def __contains__(self, interaction_id: object) -> bool:
        return interaction_id in self.items

    def find(self, interaction_id: str) -> Interaction | None:
        """The interaction with that id, or None."""
        return self.items.get(interaction_id)

    def get(self, interaction_id: Any) -> Interaction:
        """The live record of an interaction, or :class:`UnknownInteractionError`."""
        if not isinstance(interaction_id, str):
            raise InvalidParameterError(f"interaction id must be a string like '1', got {interaction_id!r}")
        found = self.items.get(interaction_id)
        if found is None:
            known = ", ".join(self.items) or "none"
            raise UnknownInteractionError(f"no interaction with id {interaction_id!r} (current ids: {known})")
        return found

    def add(self, media: str, state: str, party: str, user_data: Mapping[str, Any], **fields: Any) -> Interaction:
        """A new interaction with the next id; it becomes the selected case. Its case is the one its
        user data names (``IW_CaseUid``, as a call another desktop attached it to arrives), else a new one."""
        ids = self.desk.ids
        interaction_id = str(ids.next("interaction"))
        # the desktop's own copy: its values are shared with events and never changed in place
        data = {"IW_CaseUid": ids.uuid(), "IW_BundleUid": ids.uuid(), **copy_json(dict(user_data))}
        named = data["IW_CaseUid"]
        case_id = named if isinstance(named, str) and named else ids.uuid()
        deselected = [o.interaction_id for o in self.items.values() if o.is_case_selected or o.is_case_expanded]
        for other_id in deselected:
            self.items[other_id].is_case_selected = self.items[other_id].is_case_expanded = False
        fields.setdefault("interaction_uuid", ids.uuid())
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
        self.items[interaction_id] = item
        self.desk.touch_interactions(*deselected, interaction_id)
        return item

    def bring_back(self, record: Interaction, state: str, *event_types: str) -> Interaction:
        """Deliver again an interaction that was on the desktop (``record``, a copy taken then): the
        same id, case and data, arriving in ``state`` (a call: not recording), the selected case;
        ``event_types`` announced (ADDED and the arrival state's), as for a new delivery."""
        if record.interaction_id in self.items:
            raise InvalidActionError(f"interaction {record.interaction_id} is on the desktop already")
        item = copy.deepcopy(record)
        item.state, item.previous_state = state, UNKNOWN
        if item.media == "voice":
            item.recording_state = STOPPED
        for other in self.items.values():
            other.is_case_selected = other.is_case_expanded = False
        item.is_case_selected = item.is_case_expanded = True
        self.items[item.interaction_id] = item
        for event_type in event_types:
            self.announce(event_type, item)
        self.desk.touch("interactions")
        return item

    def reorder(self, interaction_ids: list[str]) -> None:
        """Show the interactions in this order (those ``interaction_ids`` names first; no event: the
        desktop's list only)."""
        first = [iid for iid in interaction_ids if iid in self.items]
        rest = [iid for iid in self.items if iid not in first]
        for iid in first + rest:  # in place: the desktop's ``interactions`` is this dict
            self.items[iid] = self.items.pop(iid)
        self.desk.touch("interactions")

    def announce(self, event_type: str, item: Interaction) -> dict[str, Any]:
        """Emit an interaction event carrying ``item`` as it is now; returns that (its ``to_json``)."""
        now = item.to_json(share_values=True)
        self.desk.emit("interaction", {"eventType": event_type, "media": item.media, "interaction": now})
        return now

    def step(self, item: Interaction, state: str | None, *event_types: str, remove: bool = False) -> None:
        """Move ``item`` to ``state`` (None: stay), announce ``event_types``, and optionally remove it."""
        if state is not None:
            item.move_to(state)
        for event_type in event_types:
            self.announce(event_type, item)
        if remove:
            self.remove(item)
        self.desk.touch_interactions(item.interaction_id)

    def remove(self, item: Interaction) -> None:
        """Take ``item`` off the desktop: REMOVED."""
        del self.items[item.interaction_id]
        self.announce("REMOVED", item)
        self.desk.touch_interactions(item.interaction_id)

    # ------------------------------------------------------------------ hooks, as the flows ask them

    def hooked_accept(self, item: Interaction) -> bool:
        return any(h.accept(item) for h in self.hooks)

    def hooked_reject(self, item: Interaction) -> bool:
        return any(h.reject(item) for h in self.hooks)

    def hooked_mark_done(self, item: Interaction) -> bool:
        return any(h.mark_done(item) for h in self.hooks)

    def before_call_event(self, item: Interaction) -> None:
        for h in self.hooks:
            h.before_call_event(item)

    def after_call_event(self, item: Interaction) -> None:
        for h in self.hooks:
            h.after_call_event(item)
