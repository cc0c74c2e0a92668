"""Outbound preview flows: every row of the reference's tables (eventType, state, call type,
capabilities) is asserted, for pull preview, push preview and direct push preview."""

from __future__ import annotations

import pytest

from scapi_widget.desktop import AgentDesktop
from scapi_widget.errors import InvalidActionError, InvalidParameterError
from scapi_widget.service import notebook_call

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
    notebook_call(desk, "outbound.getPreviewRecord", "Offer of the Month")  # Preview record received
    assert rows(rec) == [
        ("ADDED", "PREVIEWING", "OUTBOUND_PREVIEW", preview_caps),
        ("PREVIEWING", "PREVIEWING", "OUTBOUND_PREVIEW", preview_caps),
    ]
    notebook_call(desk, "outbound.callPreviewRecord", "1", handle(desk, "1"))  # Make call from preview
    assert rows(rec) == [
        ("ADDED", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("DIALING", "DIALING", "OUTBOUND", ["HANGUP"]),
        ("REMOVED", "IDLE", "OUTBOUND_PREVIEW", []),
    ]
    desk.remote_answer("2")
    rec.clear()
    notebook_call(desk, "voice.hangUp", "2")  # Release and mark done
    notebook_call(desk, "interaction.markdone", "2")
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
            notebook_call(desk, "outbound.startDirectPushPreview")
        push = desk.push_direct_preview if mode == "direct" else desk.push_preview
        record_id = push("Offer of the Month", "5550001")
        notebook_call(desk, "interaction.accept", record_id)
    call_type = "OUTBOUND_PUSH_PREVIEW" if mode == "push" else "OUTBOUND_PREVIEW"
    rec.clear()
    notebook_call(desk, request_name, record_id)
    assert rows(rec) == [("STATE_CHANGE", state, call_type, ["MARK_DONE"])]
    notebook_call(desk, "interaction.markdone", record_id)
    assert rows(rec) == [("REMOVED", state, call_type, [])]


def test_regular_push_preview_table() -> None:
    desk, rec = campaign("PushPreview")
    record_id = desk.push_preview("Offer of the Month", "5550001")  # Record received
    assert rows(rec) == [
        ("ADDED", "INVITED", "OUTBOUND_PUSH_PREVIEW", ["ACCEPT", "REJECT"]),
        ("INVITED", "INVITED", "OUTBOUND_PUSH_PREVIEW", ["ACCEPT", "REJECT"]),
    ]
    notebook_call(desk, "interaction.accept", record_id)  # Accepted
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
    notebook_call(desk, "interaction.reject", record_id)  # Rejected
    assert rows(rec) == [("REMOVED", "REJECTED", "OUTBOUND_PUSH_PREVIEW", [])]


def test_direct_push_preview_table() -> None:
    desk, rec = campaign("PushPreview")
    with pytest.raises(InvalidActionError, match="startDirectPushPreview"):
        desk.push_direct_preview("Offer of the Month", "5550001")
    notebook_call(desk, "outbound.startDirectPushPreview")
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
    notebook_call(desk, "outbound.startDirectPushPreview")
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
    chain = notebook_call(desk, "outbound.getChainedRecords", record_id)
    assert [r["phone"] for r in chain] == ["5550001", "5550002"]
    fields = notebook_call(desk, "outbound.getRecordFields", record_id)
    assert fields["Name"] == "Ann" and fields["GSW_CAMPAIGN_NAME"] == "Offer of the Month"
    notebook_call(desk, "outbound.updateRecordFields", record_id, {"GSW_CUSTOM_STRING": "vip"})
    assert notebook_call(desk, "outbound.getRecordFields", record_id)["GSW_CUSTOM_STRING"] == "vip"
    with pytest.raises(InvalidParameterError, match="cannot be changed"):
        notebook_call(desk, "outbound.updateRecordFields", record_id, {"GSW_RECORD_HANDLE": 5})
    assert notebook_call(desk, "outbound.getCallResult", record_id) is None
    notebook_call(desk, "outbound.setCallResult", record_id, 6)
    assert notebook_call(desk, "outbound.getCallResult", record_id) == 6
    with pytest.raises(InvalidParameterError, match="unknown call result 99"):
        notebook_call(desk, "outbound.setCallResult", record_id, 99)
    second = chain[1]["recordHandle"]
    with pytest.raises(InvalidParameterError, match="must look like"):
        notebook_call(desk, "outbound.rescheduleRecord", record_id, second, "tomorrow", "CAMPAIGN")
    with pytest.raises(InvalidParameterError, match="not in the future"):
        notebook_call(desk, "outbound.rescheduleRecord", record_id, second, "1/1/2001 10:00", "CAMPAIGN")
    notebook_call(desk, "outbound.rescheduleRecord", record_id, second, "1/2/2099 9:05", "personal")
    assert notebook_call(desk, "outbound.getChainedRecords", record_id)[1]["reschedule"] == {
        "date": "1/2/2099 9:05",
        "callbackType": "PERSONAL",
    }
    notebook_call(desk, "outbound.cancelReschedule", record_id)
    with pytest.raises(InvalidActionError, match="no reschedule"):
        notebook_call(desk, "outbound.cancelReschedule", record_id)
    notebook_call(desk, "outbound.setDoNotCall", record_id)
    assert notebook_call(desk, "outbound.getChainedRecords", record_id)[0]["doNotCall"] is True
    call_id = desk.call_preview_record(record_id, second)
    assert desk.interactions[call_id].dnis == "5550002"
    assert [c["name"] for c in notebook_call(desk, "outbound.getCampaigns")] == ["Offer of the Month"]


def test_outbound_errors_change_nothing() -> None:
    desk, _ = campaign("Preview")
    before = desk.snapshot()
    with pytest.raises(InvalidActionError, match="no record to preview"):
        notebook_call(desk, "outbound.getPreviewRecord", "Offer of the Month")
    with pytest.raises(InvalidParameterError, match="no campaign 'Nope'"):
        notebook_call(desk, "outbound.getPreviewRecord", "Nope")
    with pytest.raises(InvalidActionError, match="records are pushed"):
        desk.load_campaign("Push", "PushPreview") or desk.start_campaign("Push") or desk.get_preview_record("Push")
    desk.unload_campaign("Push")
    call_id = desk.simulate_inbound_call()
    with pytest.raises(InvalidActionError, match="not an outbound preview record"):
        notebook_call(desk, "outbound.callPreviewRecord", call_id, 1)
    desk.hang_up(call_id)
    desk.mark_done(call_id)
    after = desk.snapshot()
    assert {k: v for k, v in after.items() if k != "seq"} == {k: v for k, v in before.items() if k != "seq"}
