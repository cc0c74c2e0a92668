"""Outbound campaigns and preview records: pull preview, push preview, direct push preview.

:class:`Campaigns` is a part of the desktop model. It may use the desktop's
:class:`~.plumbing.Plumbing`, the :class:`~.store.InteractionStore` (its records are
interactions) and :class:`~.calls.CallControl` (to place a record's call); it attaches itself
to the store as :class:`~.store.InteractionHooks`, so that accept, reject, mark done and call
state changes of the interactions it owns follow the outbound tables. The events follow the
reference's outbound preview tables row by row (eventType, state, call type, capabilities).
A preview record is an interaction of media ``outbound`` (call type OUTBOUND_PREVIEW or
OUTBOUND_PUSH_PREVIEW); dialing it makes a separate voice interaction of call type OUTBOUND.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError
from .calls import CallControl
from .interactions import DIALING, HELD, IDLE, TALKING, Interaction
from .plumbing import Plumbing
from .store import InteractionStore
from .userdata import check_key_values

PULL, PUSH, DIRECT = "pull", "push", "direct"
PREVIEW_CALL_TYPE = {PULL: "OUTBOUND_PREVIEW", PUSH: "OUTBOUND_PUSH_PREVIEW", DIRECT: "OUTBOUND_PREVIEW"}
CAMPAIGN_MODES = ("Preview", "PushPreview")
PREVIEWING, INVITED = "PREVIEWING", "INVITED"
PREVIEW_CAPABILITIES = ["CALL", "REJECT_RECORD", "CANCEL_RECORD"]
CALL_RESULTS = (
    (0, "Unknown"),
    (6, "Busy"),
    (7, "NoAnswer"),
    (9, "AnsweringMachine"),
    (21, "WrongParty"),
    (28, "Answer"),
    (33, "Ok"),
)
CALLBACK_TYPES = ("CAMPAIGN", "PERSONAL")


@dataclass
class OutboundRecord:
    """A calling-list record: the number to call, its fields, and chained numbers of the same customer."""

    phone: str
    fields: dict[str, Any] = field(default_factory=dict)
    chained_phones: list[str] = field(default_factory=list)


@dataclass
class Campaign:
    name: str
    mode: str
    status: str = "Loaded"
    calling_list: str = "CallingList"
    queue: deque[OutboundRecord] = field(default_factory=deque)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mode": self.mode,
            "status": self.status,
            "callingList": self.calling_list,
            "recordsWaiting": len(self.queue),
        }


@dataclass
class ChainRecord:
    handle: int
    phone: str
    fields: dict[str, Any]
    call_result: int | None = None
    do_not_call: bool = False
    reschedule: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "recordHandle": self.handle,
            "phone": self.phone,
            "fields": dict(self.fields),
            "callResult": self.call_result,
            "doNotCall": self.do_not_call,
            "reschedule": self.reschedule,
        }


@dataclass
class Preview:
    """A record being worked: its campaign, flow, chain, and the interactions it made."""

    campaign: str
    flow: str
    chain: list[ChainRecord]
    preview_id: str
    call_id: str | None = None

    def record(self, handle: Any) -> ChainRecord:
        for record in self.chain:
            if record.handle == handle:
                return record
        handles = ", ".join(str(r.handle) for r in self.chain)
        raise InvalidParameterError(f"record handle {handle!r} is not in this record's chain (handles: {handles})")


def as_record(record: OutboundRecord | Mapping[str, Any] | str) -> OutboundRecord:
    """A calling-list record from a phone number, a mapping of its fields, or a record."""
    if isinstance(record, str):
        record = OutboundRecord(record)
    elif isinstance(record, Mapping):
        record = OutboundRecord(**record)
    if not isinstance(record, OutboundRecord) or not isinstance(record.phone, str) or not record.phone:
        raise InvalidParameterError("a record needs a phone number (string)")
    check_key_values(record.fields, "record fields")
    return record


class Campaigns:
    """Campaigns, preview records and their calls."""

    def __init__(self, desk: Plumbing, store: InteractionStore, calls: CallControl) -> None:
        self.desk = desk
        self.store = store
        self.calls = calls
        self.campaigns: dict[str, Campaign] = {}
        self.previews: dict[str, Preview] = {}  # by preview and by call interaction id
        self.direct_push_preview = False
        store.attach(self)

    # ------------------------------------------------------------------ campaigns (driven from Python)

    def campaign(self, name: Any, *, started: bool = False) -> Campaign:
        if not isinstance(name, str) or name not in self.campaigns:
            known = ", ".join(self.campaigns) or "none"
            raise InvalidParameterError(f"no campaign {name!r} is loaded (loaded: {known})")
        campaign = self.campaigns[name]
        if started and campaign.status != "Started":
            raise InvalidActionError(f"campaign {name!r} is {campaign.status}, not started")
        return campaign

    def load_campaign(self, name: str, mode: str = "Preview", calling_list: str = "CallingList") -> None:
        with self.desk.transaction():
            if not isinstance(name, str) or not name:
                raise InvalidParameterError("a campaign needs a name")
            if mode not in CAMPAIGN_MODES:
                raise InvalidParameterError(f"campaign mode must be one of {', '.join(CAMPAIGN_MODES)}, got {mode!r}")
            if name in self.campaigns:
                raise InvalidActionError(f"campaign {name!r} is already loaded")
            self.campaigns[name] = Campaign(name, mode, calling_list=calling_list)
            self.desk.emit("outbound", {"eventType": "CampaignLoaded", "campaign": name})
            self.desk.touch("outbound")

    def start_campaign(self, name: str) -> None:
        with self.desk.transaction():
            campaign = self.campaign(name)
            campaign.status = "Started"
            self.desk.emit("outbound", {"eventType": "CampaignStarted", "campaign": name, "mode": campaign.mode})
            self.desk.touch("outbound")

    def stop_campaign(self, name: str) -> None:
        with self.desk.transaction():
            self.campaign(name, started=True).status = "Loaded"
            self.desk.emit("outbound", {"eventType": "CampaignStopped", "campaign": name})
            self.desk.touch("outbound")

    def unload_campaign(self, name: str) -> None:
        with self.desk.transaction():
            self.campaign(name)
            del self.campaigns[name]
            self.desk.emit("outbound", {"eventType": "CampaignUnloaded", "campaign": name})
            self.desk.touch("outbound")

    def add_records(self, campaign: str, records: Sequence[OutboundRecord | Mapping[str, Any] | str]) -> None:
        with self.desk.transaction():
            target = self.campaign(campaign)
            target.queue.extend(as_record(r) for r in records)
            self.desk.touch("outbound")

    def chain(self, campaign: Campaign, record: OutboundRecord) -> list[ChainRecord]:
        chain = []
        for phone in [record.phone, *record.chained_phones]:
            handle = self.desk.ids.next("record")
            fields = {
                "GSW_RECORD_HANDLE": handle,
                "GSW_PHONE": phone,
                "GSW_CAMPAIGN_NAME": campaign.name,
                "GSW_CALLING_LIST": campaign.calling_list,
                **record.fields,
            }
            chain.append(ChainRecord(handle, phone, fields))
        return chain

    def new_preview(
        self, campaign: Campaign, record: OutboundRecord, flow: str, state: str, capabilities: list[str]
    ) -> Interaction:
        chain = self.chain(campaign, record)
        extra = {
            "callType": PREVIEW_CALL_TYPE[flow],
            "capabilities": capabilities,
            "campaignName": campaign.name,
            "recordHandle": chain[0].handle,
        }
        item = self.store.add("outbound", state, record.phone, chain[0].fields, extra=extra)
        interaction_id = item.interaction_id
        self.previews[interaction_id] = Preview(campaign.name, flow, chain, interaction_id)
        return item

    def step_item(self, item: Interaction, state: str | None, capabilities: list[str], *event_types: str) -> None:
        """Move a record or campaign call to ``state`` with ``capabilities`` and announce ``event_types``."""
        if state is not None and state != item.state:
            item.move_to(state)
        item.extra["capabilities"] = list(capabilities)
        for event_type in event_types:
            self.store.announce(event_type, item)
        self.desk.touch_interactions(item.interaction_id)

    def drop_item(self, item: Interaction, state: str | None, capabilities: list[str]) -> None:
        """Like :meth:`step_item`, then take it off the desktop (REMOVED)."""
        if state is not None and state != item.state:
            item.move_to(state)
        item.extra["capabilities"] = list(capabilities)
        self.store.remove(item)

    def push_preview(self, campaign: str, record: OutboundRecord | Mapping[str, Any] | str) -> str:
        with self.desk.transaction():
            target = self.campaign(campaign, started=True)
            if target.mode != "PushPreview":
                raise InvalidActionError(f"campaign {campaign!r} is a {target.mode} campaign, not PushPreview")
            item = self.new_preview(target, as_record(record), PUSH, INVITED, ["ACCEPT", "REJECT"])
            self.store.announce("ADDED", item)
            self.store.announce("INVITED", item)
            return item.interaction_id

    def push_direct_preview(self, campaign: str, record: OutboundRecord | Mapping[str, Any] | str) -> str:
        with self.desk.transaction():
            target = self.campaign(campaign, started=True)
            if not self.direct_push_preview:
                raise InvalidActionError(
                    "direct push preview is off: the app must call outbound.startDirectPushPreview"
                )
            item = self.new_preview(target, as_record(record), DIRECT, INVITED, ["ACCEPT", "REJECT"])
            self.store.announce("ADDED", item)
            self.store.announce("INVITED", item)
            return item.interaction_id

    # ------------------------------------------------------------------ requests

    def get_preview_record(self, campaign: str) -> str:
        with self.desk.transaction():
            target = self.campaign(campaign, started=True)
            if target.mode != "Preview":
                raise InvalidActionError(f"campaign {campaign!r} is a {target.mode} campaign; records are pushed")
            if not target.queue:
                raise InvalidActionError(f"campaign {campaign!r} has no record to preview")
            item = self.new_preview(target, target.queue.popleft(), PULL, PREVIEWING, PREVIEW_CAPABILITIES)
            self.desk.touch("outbound")  # one record fewer waiting
            self.store.announce("ADDED", item)
            self.store.announce("PREVIEWING", item)
            return item.interaction_id

    def preview(self, interaction_id: str, *states: str, what: str) -> tuple[Interaction, Preview]:
        item = self.store.get(interaction_id)
        preview = self.previews.get(interaction_id)
        if preview is None or preview.preview_id != interaction_id:
            raise InvalidActionError(f"cannot {what}: interaction {interaction_id} is not an outbound preview record")
        if states and item.state not in states:
            raise InvalidActionError(
                f"cannot {what}: record {interaction_id} is {item.state}, needs {' or '.join(states)}"
            )
        return item, preview

    def record_of(self, interaction_id: str) -> Preview:
        self.store.get(interaction_id)
        preview = self.previews.get(interaction_id)
        if preview is None:
            raise InvalidActionError(f"interaction {interaction_id} has no outbound record")
        return preview

    def accept(self, item: Interaction) -> bool:
        """Accept of a pushed record: PREVIEWING; False if ``item`` is not one."""
        preview = self.previews.get(item.interaction_id)
        if preview is None or preview.preview_id != item.interaction_id:
            return False
        self.preview(item.interaction_id, INVITED, what="accept")
        self.step_item(item, PREVIEWING, PREVIEW_CAPABILITIES, "PREVIEWING")
        return True

    def reject(self, item: Interaction) -> bool:
        """Reject of a pushed record: REJECTED, and it leaves; False if ``item`` is not one."""
        preview = self.previews.get(item.interaction_id)
        if preview is None or preview.preview_id != item.interaction_id:
            return False
        self.preview(item.interaction_id, INVITED, what="reject")
        del self.previews[item.interaction_id]
        self.drop_item(item, "REJECTED", [])
        self.desk.touch_interactions(item.interaction_id)
        return True

    def call_preview_record(self, interaction_id: str, record_handle: int) -> str:
        with self.desk.transaction():
            item, preview = self.preview(interaction_id, PREVIEWING, what="call the record")
            record = preview.record(record_handle)
            self.calls.check_voice_reachable("dial the record")
            call = self.calls.new_call(
                DIALING,
                direction="OUT",
                call_type="OUTBOUND",
                party=record.phone,
                ani=self.calls.agent_number,  # the agent places the call, as voice.dial does
                dnis=record.phone,
                user_data=dict(record.fields),
            )
            call.case_id = item.case_id  # the record's case
            call.put_user_data({"IW_CaseUid": item.case_id})
            call.extra.update(capabilities=["HANGUP"], campaignName=preview.campaign, recordHandle=record.handle)
            preview.call_id = call.interaction_id
            self.previews[call.interaction_id] = preview
            self.store.announce("ADDED", call)
            self.store.announce("DIALING", call)
            if preview.flow == PULL:
                self.drop_item(item, IDLE, [])
            self.desk.touch_interactions(item.interaction_id, call.interaction_id)
            self.calls.switch.placed(self.calls, call)
            return call.interaction_id

    def before_call_event(self, item: Interaction) -> None:
        """Keep a campaign call's capabilities in step with its state (called before its event)."""
        preview = self.previews.get(item.interaction_id)
        if preview is None or preview.call_id != item.interaction_id:
            return
        by_state = {
            DIALING: ["HANGUP"],
            TALKING: ["HANGUP"] if preview.flow == DIRECT else ["HANGUP", "HOLD"],
            HELD: ["HANGUP", "RESUME"],
            IDLE: ["MARK_DONE"],
        }
        item.extra["capabilities"] = by_state.get(item.state, [])

    def after_call_event(self, item: Interaction) -> None:
        """Direct push preview: the preview record leaves once the call is established."""
        preview = self.previews.get(item.interaction_id)
        if preview is None or preview.call_id != item.interaction_id or preview.flow != DIRECT:
            return
        record_item = self.store.find(preview.preview_id)
        if item.state == TALKING and record_item is not None:
            self.drop_item(record_item, IDLE, [])

    def mark_done(self, item: Interaction) -> bool:
        """Mark done of a campaign call or of a rejected/canceled record; False if not outbound."""
        preview = self.previews.get(item.interaction_id)
        if preview is None:
            return False
        if preview.preview_id == item.interaction_id:
            if item.state not in ("REJECTED", "CANCELED"):
                raise InvalidActionError(
                    f"cannot mark record {item.interaction_id} done: it is {item.state}; call, reject or cancel it"
                )
            del self.previews[item.interaction_id]
            self.drop_item(item, None, [])
            return True
        if item.state != IDLE:
            raise InvalidActionError(f"cannot mark interaction {item.interaction_id} done: it is {item.state}")
        self.step_item(item, None, ["MARK_DONE"], "MARKDONE_APPLY")
        record_item = self.store.find(preview.preview_id)
        if record_item is not None:
            self.drop_item(record_item, IDLE, ["MARK_DONE"])
        self.drop_item(item, None, [])
        for key in (preview.preview_id, item.interaction_id):
            self.previews.pop(key, None)
        return True

    def reject_preview_record(self, interaction_id: str) -> None:
        with self.desk.transaction():
            item, _ = self.preview(interaction_id, PREVIEWING, what="reject the record")
            self.step_item(item, "REJECTED", ["MARK_DONE"], "STATE_CHANGE")

    def cancel_preview_record(self, interaction_id: str) -> None:
        with self.desk.transaction():
            item, _ = self.preview(interaction_id, PREVIEWING, what="cancel the record")
            self.step_item(item, "CANCELED", ["MARK_DONE"], "STATE_CHANGE")

    def set_direct_push_preview(self, on: bool) -> None:
        """outbound.start/stopDirectPushPreview."""
        with self.desk.transaction():
            self.direct_push_preview = bool(on)
            self.desk.touch("outbound")

    def chained_records(self, interaction_id: str) -> list[dict[str, Any]]:
        return [r.to_json() for r in self.record_of(interaction_id).chain]

    def record_fields(self, interaction_id: str) -> dict[str, Any]:
        return dict(self.record_of(interaction_id).chain[0].fields)

    def update_record_fields(self, interaction_id: str, record_data: Mapping[str, Any]) -> None:
        with self.desk.transaction():
            preview = self.record_of(interaction_id)
            data = check_key_values(record_data, "record fields")
            protected = {"GSW_RECORD_HANDLE", "GSW_CAMPAIGN_NAME", "GSW_CALLING_LIST"} & set(data)
            if protected:
                raise InvalidParameterError(f"record field(s) {', '.join(sorted(protected))} cannot be changed")
            preview.chain[0].fields.update(data)
            self.desk.touch("outbound")

    def set_call_result(self, interaction_id: str, call_result: int) -> None:
        with self.desk.transaction():
            preview = self.record_of(interaction_id)
            codes = dict(CALL_RESULTS)
            if isinstance(call_result, bool) or call_result not in codes:
                known = ", ".join(f"{c} ({n})" for c, n in CALL_RESULTS)
                raise InvalidParameterError(f"unknown call result {call_result!r}; known: {known}")
            preview.chain[0].call_result = int(call_result)
            self.desk.touch("outbound")

    def call_result(self, interaction_id: str) -> int | None:
        return self.record_of(interaction_id).chain[0].call_result

    def set_do_not_call(self, interaction_id: str, on: bool) -> None:
        with self.desk.transaction():
            self.record_of(interaction_id).chain[0].do_not_call = on
            self.desk.touch("outbound")

    def reschedule_record(self, interaction_id: str, record_handle: int, when: str, callback_type: str) -> None:
        """Call the record back later: ``when`` is ``"M/D/YYYY H:mm"`` (local time, in the future)."""
        with self.desk.transaction():
            record = self.record_of(interaction_id).record(record_handle)
            try:
                moment = datetime.strptime(when, "%m/%d/%Y %H:%M")
            except (TypeError, ValueError):
                raise InvalidParameterError(
                    f"reschedule date must look like '12/31/2026 14:30', got {when!r}"
                ) from None
            if moment.timestamp() <= self.desk.clock.now():
                raise InvalidParameterError(f"reschedule date {when} is not in the future")
            if not isinstance(callback_type, str) or callback_type.upper() not in CALLBACK_TYPES:
                raise InvalidParameterError(
                    f"callbackType must be one of {', '.join(CALLBACK_TYPES)}, got {callback_type!r}"
                )
            record.reschedule = {"date": when, "callbackType": callback_type.upper()}
            self.desk.touch("outbound")

    def cancel_reschedule(self, interaction_id: str) -> None:
        with self.desk.transaction():
            records = [r for r in self.record_of(interaction_id).chain if r.reschedule is not None]
            if not records:
                raise InvalidActionError(f"interaction {interaction_id}'s record has no reschedule to cancel")
            for record in records:
                record.reschedule = None
            self.desk.touch("outbound")
