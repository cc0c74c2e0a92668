"""The desktop's state, mirrored into the widget's traitlets and published to the views' replica.

After each transaction the desktop says which parts of its state changed (``agent``,
``interactions``, …, and ``events``). Each changed part is copied into its traitlets (the
notebook's reactive surface, in Python: ``publish(name, value)``) and published in the replica
(:mod:`.replica`): the views get only the ops that changed it, with the transaction's answers and
events for the frames, in one item of the outbox (:mod:`.outbox`). The reads the front end answers
for the apps (:mod:`scapi_widget.service.local_reads`) are published the same way.

A change says which interactions it touched; only those are made again and compared. One that
touched nothing but some user data keys of its interactions (the desktop says which:
:attr:`~scapi_widget.desktop.plumbing.ChangedParts.user_data`) is not even that: those keys are
copied into the entries the replica holds, their ops made from them (the ops a comparison would
give), and an app's event carrying the JSON the desktop made for it is known to equal the entry
(:attr:`StateMirror.current`), so its interaction is filled in by the view without a comparison.

A value the kernel cannot send never stops the rest: what failed is named in a
:class:`SyncWarning` and later changes still sync.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from itertools import islice
from typing import Any

from ..desktop.events import NARRATION, DesktopEvent
from ..desktop.interactions import Interaction, available_actions
from ..desktop.json_values import copy_json
from ..desktop.model import AgentDesktop
from ..desktop.plumbing import STATE_PARTS, StatePart, announced_json, touched_interactions, touched_user_data
from ..desktop.userdata import DESKTOP_KEY_PREFIX
from ..desktop.verbs import UI_CONTROLS
from ..service import local_reads
from .replica import KeysChanged, Op, Patched, Replica, diff_value, diff_value_at

log = logging.getLogger(__name__)

EVERY_PART = STATE_PARTS
"""Everything: what a view's first snapshot holds, and what is sent again after a failure."""

_USER_DATA_CHANGE: frozenset[StatePart] = frozenset({"interactions", "events"})
"""What a change of nothing but user data marks (with its ATTACHED_DATA_CHANGED events)."""
_INTERACTION_PARTS = frozenset({"interactions", "actions"})
"""The replica's parts a change to some interactions patches (when it holds them)."""

Publish = Callable[[str, Any], None]
"""``publish(name, value)``: set the notebook's traitlet ``name`` (the widget's ``set_trait``)."""


class SyncWarning(RuntimeWarning):
    """Part of the desktop's state could not be sent to the front end; the rest was, and later changes are."""


def sync_failed(what: str, exc: Exception) -> None:
    """Say, in the log and as a :class:`SyncWarning`, that sending something to the front end failed."""
    log.error("%s to the front end failed; later changes still sync", what, exc_info=exc)
    warnings.warn(
        f"{what} to the front end failed ({type(exc).__name__}: {str(exc)[:200]}); later changes still sync",
        SyncWarning,
        stacklevel=3,
    )


def log_line(event: DesktopEvent) -> dict[str, Any]:
    """How the desktop's event log shows an event: ``{seq, text}``."""
    interaction = event.payload.get("interaction")
    where = ""
    if isinstance(interaction, dict):
        where = f" {interaction.get('interactionId')}:{interaction.get('state')}"
    elif event.family == NARRATION:
        where = f": {event.payload.get('caption')}"  # a scripted demo's caption, as it was shown
    return {"seq": event.seq, "text": f"#{event.seq} {event.family} {event.event_type or ''}{where}"}


def _same_order(entry: dict[str, Any], now: dict[str, Any], touched: int, added_or_deleted: bool) -> bool:
    """Whether the user data ``entry`` (its keys in the replica's order, ``touched`` of them set
    again) has its keys in the order of ``now``, the desktop's. Where no key was added or deleted,
    only a key deleted and set again in the change moved, to the end: the last ``touched`` keys of
    each tell (the rest are in the order they were), at the cost of the change."""
    if added_or_deleted:
        return list(entry) == list(now)
    return list(islice(reversed(entry), touched)) == list(islice(reversed(now), touched))


class StateMirror:
    """Copies the parts of the desktop that changed into the traitlets and the replica, and keeps the
    recent events (at most ``event_log_limit``, newest last: the ``events`` traitlet)."""

    def __init__(self, model: AgentDesktop, replica: Replica, publish: Publish, event_log_limit: int) -> None:
        self._model = model
        self._replica = replica
        self._publish = publish
        self._ui: dict[str, Any] = {}
        self.event_log_limit = event_log_limit
        self.events: list[DesktopEvent] = []
        self._new_events: list[DesktopEvent] = []
        self._live: set[str] = set()  # the ids of the live interactions
        self.current: Mapping[str, Any] = {}
        """After a sync: interaction id -> an object equal to the entry the ``interactions`` part holds
        now (the JSON the desktop made for an event after its last change), for those it knows."""

    def event(self, event: DesktopEvent) -> None:
        """An event the desktop emitted: it joins ``events`` (and the views' log) at the next sync."""
        self._new_events.append(event)

    def backlog(self) -> list[dict[str, Any]]:
        """The event log's lines for a view that starts from a snapshot."""
        return [log_line(e) for e in self.events]

    def sync(self, parts: frozenset[StatePart], host_view: str) -> tuple[list[Op], list[dict[str, Any]], bool]:
        """Mirror the changed ``parts`` (``host_view``: the view that runs the apps). Returns the replica's
        ops, the event log's new lines, and whether the ops take a read away from a frame (then the
        views must hear them before anything later)."""
        desk = self._model
        with desk.lock:
            published: dict[str, Any] = {}
            if "agent" in parts:
                published["agent_info"] = desk.agent_json()
                published["agent_states"] = [s.to_json() for s in desk.states]
            if "media" in parts:
                published["media_list"] = desk.media_json()
            touched = self._touched(parts)
            self.current = {}
            if "interactions" in parts:
                patched = self._user_data_patch(touched, touched_user_data(parts))
                if patched is None:
                    published.update(self._interactions(touched))
                else:
                    self.current = announced_json(parts)
                    if parts <= _USER_DATA_CHANGE and self._nothing_else_to_publish():
                        self._publish("interactions", patched.value)
                        return self._replica.update({"interactions": patched}), self._log(parts), False
                    published["interactions"] = patched
            if "toasts" in parts:
                published["toasts"] = desk.toasts_json()
            if "frames" in parts:
                published["apps"] = [f.to_json() for f in desk.frames.frames.values()]
            if "workspace" in parts:
                published["workspace"] = desk.workspace.to_json()
            if "outbound" in parts:
                published["campaigns"] = [c.to_json() for c in desk.campaigns.values()]
            for name, value in published.items():
                # Python's only: the views get the replica's ops
                self._publish(name, value.value if isinstance(value, (KeysChanged, Patched)) else value)
            published.pop("media_list", None)  # the views hold the media once, as apps read them (media_by_name)
            if "workspace" in published:  # the views draw only the menu bar, and hold it view by view
                del published["workspace"]
                published["menu_views"] = desk.workspace.menu_views_json()
            if "interactions" in parts:  # the views' own part, not a traitlet
                published["live"] = len(self._live)
            if self._replica.parts.get("ui") is not self._ui:
                published["ui"] = self._ui
            ops, revoked = self._publish_reads(parts, touched, published, host_view)
            return ops, self._log(parts), revoked

    def _log(self, parts: frozenset[StatePart]) -> list[dict[str, Any]]:
        """The new events join ``events``; returns their lines for the views' event log."""
        if "events" not in parts or not self._new_events:
            return []
        fresh, self._new_events = self._new_events, []
        events, limit = self.events + fresh, self.event_log_limit
        if len(events) > limit:
            del events[: len(events) - limit]
        # A new list each time, never changed after: the traitlet's value (a list the notebook
        # holds stays as it was) without a copy of its own.
        self.events = events
        self._publish("events", events)
        return [log_line(e) for e in fresh]

    def _nothing_else_to_publish(self) -> bool:
        """Whether a change of nothing but user data (published as :class:`Patched` ``interactions``)
        changes no other part: apps read the ``interactions`` part itself (no ``app_interactions``
        to patch or drop), the number of live calls is the one published (user data does not change
        it), and the ``ui`` and ``protocol`` parts are published. :meth:`sync` then publishes only
        that, with the very ops its general path would give."""
        parts = self._replica.parts
        return (
            local_reads.app_interactions_part(self._model) == "interactions"
            and "app_interactions" not in parts
            and parts.get("live") == len(self._live)
            and parts.get("ui") is self._ui
            and "protocol" in parts
        )

    @property
    def event_log_limit(self) -> int:
        """How many recent events ``events`` keeps, and the views' event log shows."""
        return int(self._ui["logLimit"])

    @event_log_limit.setter
    def event_log_limit(self, limit: int) -> None:
        # What the desktop UI needs to know besides the desktop's state (published when it changes):
        # the verb each of its own controls runs, how many event-log lines it shows, which user data
        # keys it does not show.
        self._ui = {"controls": dict(UI_CONTROLS), "logLimit": limit, "hiddenKeyPrefix": DESKTOP_KEY_PREFIX}

    def _touched(self, parts: frozenset[StatePart]) -> frozenset[str] | None:
        """The interactions this change touched, when only those need publishing again (None: all)."""
        touched = touched_interactions(parts)
        if touched is None or not self._replica.parts.keys() >= _INTERACTION_PARTS:
            return None
        return touched

    def _interactions(self, touched: frozenset[str] | None) -> dict[str, Any]:
        """The interactions and their actions, again: only the ``touched`` ones (None: all)."""
        desk = self._model
        if touched is None:
            self._live = {i for i, item in desk.interactions.items() if item.is_live}
            actions = {i: available_actions(item) for i, item in desk.interactions.items()}
            return {"interactions": desk.interactions_json(), "actions": actions}
        for interaction_id in touched:
            item = desk.interactions.get(interaction_id)
            if item is not None and item.is_live:
                self._live.add(interaction_id)
            else:
                self._live.discard(interaction_id)
        return {
            "interactions": self._patch("interactions", touched, desk.interaction_json),
            "actions": self._patch("actions", touched, available_actions),
        }

    def _user_data_patch(
        self, touched: frozenset[str] | None, user_data: Mapping[str, AbstractSet[str]]
    ) -> Patched | None:
        """The ``interactions`` part, with its ops, when every interaction this change touched changed
        only in some keys of its user data (``user_data``: id -> those keys): each entry is the one the
        replica holds with those keys of its ``userData`` copied again, and the ops say just that;
        nothing else is built or compared (their actions and liveness are as they were). None: the
        change is not only that (or the replica does not hold those entries): rebuild and compare."""
        if not touched or len(user_data) != len(touched):
            return None
        interactions = self._model.interactions
        part = self._replica.parts["interactions"]
        value = dict(part)
        ops: list[Op] = []
        for interaction_id in touched:  # in the order diff_keys goes
            item = interactions.get(interaction_id)
            entry = part.get(interaction_id)
            if item is None or entry is None or entry.__class__ is not dict:
                return None
            old = entry.get("userData")
            if old.__class__ is not dict:
                return None
            keys, now = user_data[interaction_id], item.user_data
            data = dict(old)
            added_or_deleted = False
            for key in keys:
                if key in now:
                    added_or_deleted = added_or_deleted or key not in data
                    data[key] = copy_json(now[key])
                else:
                    added_or_deleted = True
                    data.pop(key, None)
            if not _same_order(data, now, len(keys), added_or_deleted):
                return None  # a key deleted and set again in one change: it moved to the end
            entry = dict(entry)
            entry["userData"] = data
            value[interaction_id] = entry
            path = ["interactions", interaction_id, "userData"]
            if len(data) == len(old) and old.keys() >= keys:
                inner = diff_value_at(path, old, data, keys)  # the same keys: look at the changed ones
            else:
                inner = diff_value(path, old, data)
            # diff_value of the entry gives these: only userData differs (and it never sends the
            # entry whole for one key sent whole, as that needs every one of its keys sent whole)
            ops.extend(inner)
        return Patched(value, ops)

    def _patch(self, part: str, touched: frozenset[str], entry: Callable[[Interaction], Any]) -> KeysChanged:
        """The replica's map ``part`` (keyed by interaction id) with the ``touched`` interactions'
        entries made again by ``entry`` (or gone with them), in the desktop's order."""
        interactions = self._model.interactions
        value = dict(self._replica.parts[part])
        added = 0
        for interaction_id in touched:
            item = interactions.get(interaction_id)
            if item is None:
                value.pop(interaction_id, None)
            else:
                added += interaction_id not in value
                value[interaction_id] = entry(item)
        if added > 1:  # several new ones: in the desktop's order
            value = {interaction_id: value[interaction_id] for interaction_id in interactions}
        return KeysChanged(value, touched)

    def _publish_reads(
        self, parts: frozenset[StatePart], touched: frozenset[str] | None, published: dict[str, Any], host_view: str
    ) -> tuple[list[Op], bool]:
        """The replica's ops for this change: the desktop's parts and what apps read; and whether
        they take a read away from a frame (the views must hear that before anything later)."""
        desk, replica = self._model, self._replica
        app_part = local_reads.app_interactions_part(desk)
        if (
            touched is not None
            and app_part == "app_interactions"
            and "security" not in parts
            and "app_interactions" in replica.parts
        ):
            answer = local_reads.app_interaction
            published["app_interactions"] = self._patch(
                "app_interactions", touched, lambda item: answer(desk, item.interaction_id)
            )
            parts = parts - {"interactions"}
        published.update(local_reads.shared_parts(desk, parts))
        revoked = False
        if parts & local_reads.FRAME_SOURCES:
            published["reads"] = local_reads.frame_reads(desk)
            revoked = local_reads.narrowed(replica.parts.get("reads"), published["reads"])
            published["host_view"] = host_view
        if "protocol" not in replica.parts:
            published["protocol"] = local_reads.PROTOCOL
        drop = ["app_interactions"] if app_part == "interactions" else []
        return replica.update(published, remove=drop), revoked
