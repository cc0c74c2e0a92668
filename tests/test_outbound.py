"""Outbound preview flows: every row of the reference's tables (eventType, state, call type,
capabilities) is asserted, for pull preview, push preview and direct push preview."""

from __future__ import annotations

import pytest

from scapi_widget.desktop import AgentDesktop
from scapi_widget.errors import InvalidActionError, InvalidParameterError

from .conftest import Recorder, new_desk

Row = tuple[str, str, str, list[str]]


def rows(rec: Recorder) -> list[Row]:
    out = []
    for e in rec.events:
        item = e.data.get("interaction")
        if item is not None:
            out.append((e.event_type, item["state"], item["callType"], item.get("capabilities", [])))
    rec.clear()
    return out


def campaign(mode: str) -> tuple[AgentDesktop, Recorder]:
    desk = new_desk()
    rec = Recorder()
    desk.add_event_listener(rec)
    desk.load_campaign("Offer of the Month", mode)
    desk.start_campaign("Offer of the Month")
    rec.clear()
    return desk, rec


def handle(desk: AgentDesktop, record_id: str) -> int:
    return desk.previews[record_id].chain[0].handle


def test_campaign_events() -> None:
    desk = new_desk()
    rec = Recorder()
    desk.add_event_listener(rec)
    desk.load_campaign("Offer of the Month", "Preview")
    desk.start_campaign("Offer of the Month")
    desk.stop_campaign("Offer of the Month")
    desk.unload_campaign("Offer of the Month")
    assert [(e.family, e.data) for e in rec.events] == [
        ("outbound", {"eventType": "CampaignLoaded", "campaign": "Offer of the Month"}),
        ("outbound", {"eventType": "CampaignStarted", "campaign": "Offer of the Month", "mode": "Preview"}),
        ("outbound", {"eventType": "CampaignStopped", "campaign": "Offer of the Month"}),
        ("outbound", {"eventType": "CampaignUnloaded", "campaign": "Offer of the Month"}),
    ]


def test_pull_preview_table() -> None:
    desk, rec = campaign("Preview")
    desk.add_records("Offer of the Month", [{"phone": "5550001", "fields": {"Name": "Ann"}}])
    preview_caps = ["CALL", "REJECT_RECORD", "CANCEL_RECORD"]
    desk.call("outbound.getPreviewRecord", "Offer of the Month")  # Preview record received
    assert rows(rec) == [
        ("ADDED", "PREVIEWING", "OUTBOUND_PREVIEW", preview_caps),
        ("PREVIEWING", "PREVIEWING", "OUTBOUND_PREVIEW", preview_caps),
    ]
    desk.call("outbound.callPreviewRecord", "1", handle(desk, "1"))  # Make call from preview
    assert rows(rec) == [
        ("ADDED", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("DIALING", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("REMOVED", "IDLE", "OUTBOUND_PREVIEW", []),
    ]
    desk.remote_answer("2")
    rec.clear()
    desk.call("voice.hangUp", "2")  # Release and mark done
    desk.call("interaction.markdone", "2")
    assert rows(rec) == [
        ("RELEASED", "IDLE", "OUTBOUND", ["MARK_DONE"]),
        ("MARKDONE_APPLY", "IDLE", "OUTBOUND", ["MARK_DONE"]),
        ("REMOVED", "IDLE", "OUTBOUND", []),
    ]
    assert desk.interactions == {}


@pytest.mark.parametrize(
    ("request_name", "state"),
    [("outbound.rejectPreviewRecord", "REJECTED"), ("outbound.cancelPreviewRecord", "CANCELED")],
)
@pytest.mark.parametrize("mode", ["pull", "push", "direct"])
def test_reject_and_cancel_record_rows(mode: str, request_name: str, state: str) -> None:
    desk, rec = campaign("Preview" if mode == "pull" else "PushPreview")
    if mode == "pull":
        desk.add_records("Offer of the Month", ["5550001"])
        record_id = desk.get_preview_record("Offer of the Month")
    else:
        if mode == "direct":
            desk.call("outbound.startDirectPushPreview")
        push = desk.push_direct_preview if mode == "direct" else desk.push_preview
        record_id = push("Offer of the Month", "5550001")
        desk.call("interaction.accept", record_id)
    call_type = "OUTBOUND_PUSH_PREVIEW" if mode == "push" else "OUTBOUND_PREVIEW"
    rec.clear()
    desk.call(request_name, record_id)
    assert rows(rec) == [("STATE_CHANGE", state, call_type, ["MARK_DONE"])]
    desk.call("interaction.markdone", record_id)
    assert rows(rec) == [("REMOVED", state, call_type, [])]


def test_regular_push_preview_table() -> None:
    desk, rec = campaign("PushPreview")
    record_id = desk.push_preview("Offer of the Month", "5550001")  # Record received
    assert rows(rec) == [
        ("ADDED", "INVITED", "OUTBOUND_PUSH_PREVIEW", ["ACCEPT", "REJECT"]),
        ("INVITED", "INVITED", "OUTBOUND_PUSH_PREVIEW", ["ACCEPT", "REJECT"]),
    ]
    desk.call("interaction.accept", record_id)  # Accepted
    assert rows(rec) == [
        ("PREVIEWING", "PREVIEWING", "OUTBOUND_PUSH_PREVIEW", ["CALL", "REJECT_RECORD", "CANCEL_RECORD"])
    ]
    call_id = desk.call_preview_record(record_id, handle(desk, record_id))  # Make call
    desk.remote_answer(call_id)
    assert rows(rec) == [
        ("ADDED", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("DIALING", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("ESTABLISHED", "TALKING", "OUTBOUND", ["HANGUP", "HOLD"]),
    ]
    desk.hang_up(call_id)  # Release and mark done
    desk.mark_done(call_id)
    assert rows(rec) == [
        ("RELEASED", "IDLE", "OUTBOUND", ["MARK_DONE"]),
        ("MARKDONE_APPLY", "IDLE", "OUTBOUND", ["MARK_DONE"]),
        ("REMOVED", "IDLE", "OUTBOUND_PUSH_PREVIEW", ["MARK_DONE"]),
        ("REMOVED", "IDLE", "OUTBOUND", []),
    ]
    assert desk.interactions == {}


def test_push_preview_rejected() -> None:
    desk, rec = campaign("PushPreview")
    record_id = desk.push_preview("Offer of the Month", "5550001")
    rec.clear()
    desk.call("interaction.reject", record_id)  # Rejected
    assert rows(rec) == [("REMOVED", "REJECTED", "OUTBOUND_PUSH_PREVIEW", [])]


def test_direct_push_preview_table() -> None:
    desk, rec = campaign("PushPreview")
    with pytest.raises(InvalidActionError, match="startDirectPushPreview"):
        desk.push_direct_preview("Offer of the Month", "5550001")
    desk.call("outbound.startDirectPushPreview")
    record_id = desk.push_direct_preview("Offer of the Month", "5550001")  # Record received
    assert rows(rec) == [
        ("ADDED", "INVITED", "OUTBOUND_PREVIEW", ["ACCEPT", "REJECT"]),
        ("INVITED", "INVITED", "OUTBOUND_PREVIEW", ["ACCEPT", "REJECT"]),
    ]
    desk.accept(record_id)  # Accepted
    assert rows(rec) == [("PREVIEWING", "PREVIEWING", "OUTBOUND_PREVIEW", ["CALL", "REJECT_RECORD", "CANCEL_RECORD"])]
    call_id = desk.call_preview_record(record_id, handle(desk, record_id))  # Make call
    desk.remote_answer(call_id)
    assert rows(rec) == [
        ("ADDED", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("DIALING", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("ESTABLISHED", "TALKING", "OUTBOUND", ["HANGUP"]),
        ("REMOVED", "IDLE", "OUTBOUND_PREVIEW", []),
    ]
    desk.hang_up(call_id)  # Release and mark done
    desk.mark_done(call_id)
    assert rows(rec) == [
        ("RELEASED", "IDLE", "OUTBOUND", ["MARK_DONE"]),
        ("MARKDONE_APPLY", "IDLE", "OUTBOUND", ["MARK_DONE"]),
        ("REMOVED", "IDLE", "OUTBOUND", []),
    ]


def test_direct_push_preview_rejected() -> None:
    desk, rec = campaign("PushPreview")
    desk.call("outbound.startDirectPushPreview")
    record_id = desk.push_direct_preview("Offer of the Month", "5550001")
    rec.clear()
    desk.reject(record_id)
    assert rows(rec) == [("REMOVED", "REJECTED", "OUTBOUND_PREVIEW", [])]


def test_records_chains_results_and_reschedule() -> None:
    desk, _ = campaign("Preview")
    desk.add_records(
        "Offer of the Month", [{"phone": "5550001", "fields": {"Name": "Ann"}, "chained_phones": ["5550002"]}]
    )
    record_id = desk.get_preview_record("Offer of the Month")
    chain = desk.call("outbound.getChainedRecords", record_id)
    assert [r["phone"] for r in chain] == ["5550001", "5550002"]
    fields = desk.call("outbound.getRecordFields", record_id)
    assert fields["Name"] == "Ann" and fields["GSW_CAMPAIGN_NAME"] == "Offer of the Month"
    desk.call("outbound.updateRecordFields", record_id, {"GSW_CUSTOM_STRING": "vip"})
    assert desk.call("outbound.getRecordFields", record_id)["GSW_CUSTOM_STRING"] == "vip"
    with pytest.raises(InvalidParameterError, match="cannot be changed"):
        desk.call("outbound.updateRecordFields", record_id, {"GSW_RECORD_HANDLE": 5})
    assert desk.call("outbound.getCallResult", record_id) is None
    desk.call("outbound.setCallResult", record_id, 6)
    assert desk.call("outbound.getCallResult", record_id) == 6
    with pytest.raises(InvalidParameterError, match="unknown call result 99"):
        desk.call("outbound.setCallResult", record_id, 99)
    second = chain[1]["recordHandle"]
    with pytest.raises(InvalidParameterError, match="must look like"):
        desk.call("outbound.rescheduleRecord", record_id, second, "tomorrow", "CAMPAIGN")
    with pytest.raises(InvalidParameterError, match="not in the future"):
        desk.call("outbound.rescheduleRecord", record_id, second, "1/1/2001 10:00", "CAMPAIGN")
    desk.call("outbound.rescheduleRecord", record_id, second, "1/2/2099 9:05", "personal")
    assert desk.call("outbound.getChainedRecords", record_id)[1]["reschedule"] == {
        "date": "1/2/2099 9:05",
        "callbackType": "PERSONAL",
    }
    desk.call("outbound.cancelReschedule", record_id)
    with pytest.raises(InvalidActionError, match="no reschedule"):
        desk.call("outbound.cancelReschedule", record_id)
    desk.call("outbound.setDoNotCall", record_id)
    assert desk.call("outbound.getChainedRecords", record_id)[0]["doNotCall"] is True
    call_id = desk.call_preview_record(record_id, second)
    assert desk.interactions[call_id].dnis == "5550002"
    assert [c["name"] for c in desk.call("outbound.getCampaigns")] == ["Offer of the Month"]


def test_outbound_errors_change_nothing() -> None:
    desk, _ = campaign("Preview")
    before = desk.snapshot()
    with pytest.raises(InvalidActionError, match="no record to preview"):
        desk.call("outbound.getPreviewRecord", "Offer of the Month")
    with pytest.raises(InvalidParameterError, match="no campaign 'Nope'"):
        desk.call("outbound.getPreviewRecord", "Nope")
    with pytest.raises(InvalidActionError, match="records are pushed"):
        desk.load_campaign("Push", "PushPreview") or desk.start_campaign("Push") or desk.get_preview_record("Push")
    desk.unload_campaign("Push")
    call_id = desk.simulate_inbound_call()
    with pytest.raises(InvalidActionError, match="not an outbound preview record"):
        desk.call("outbound.callPreviewRecord", call_id, 1)
    desk.hang_up(call_id)
    desk.mark_done(call_id)
    after = desk.snapshot()
    assert {k: v for k, v in after.items() if k != "seq"} == {k: v for k, v in before.items() if k != "seq"}
