"""Issue-4 flows: open media, accept/reject, cases, blocked mark done, consult/transfer/conference,
configuration, auth, messenger, dialogs, menu-bar views, leadership."""

from __future__ import annotations

import pytest

from scapi_widget.desktop import AgentDesktop, ManualClock
from scapi_widget.errors import InvalidActionError, InvalidParameterError, UnknownInteractionError
from scapi_widget.service import notebook_call
from scapi_widget.service.bridge import AppBridge, Post

from .conftest import APP_ORIGIN, BridgeEnv, Recorder, new_desk, request, subscribe


def kinds(rec: Recorder) -> list[tuple[str | None, str | None]]:
    out = [(e.event_type, (e.data.get("interaction") or {}).get("state")) for e in rec.events]
    rec.clear()
    return out


def test_chat_invited_accepted_message_ended_done(desk: AgentDesktop, recorder: Recorder) -> None:
    chat = desk.simulate_open_media("chat", "ann@example.com", user_data={"Topic": "Billing"})
    notebook_call(desk, "interaction.accept", chat)
    desk.simulate_new_message(chat, "Hello?")
    desk.end_chat(chat)
    notebook_call(desk, "interaction.markdone", chat)
    events = list(recorder.events)
    assert kinds(recorder) == [
        ("ADDED", "INVITED"),
        ("INVITED", "INVITED"),
        ("ACCEPTED", "ACCEPTED"),
        ("NEW_MESSAGE", "ACCEPTED"),
        ("ENDED", "ENDED"),
        ("COMPLETED", "COMPLETED"),
        ("REMOVED", "COMPLETED"),
    ]
    assert events[0].data["media"] == "chat"
    assert events[3].data["message"] == {"text": "Hello?", "party": "ann@example.com"}
    assert "callUuid" not in events[0].data["interaction"]


def test_open_media_reject_revoke_workbin_transfer(desk: AgentDesktop, recorder: Recorder) -> None:
    first = desk.simulate_open_media("email")
    desk.reject(first)
    second = desk.simulate_open_media("workitem")
    desk.revoke(second)
    third = desk.simulate_open_media("email", subject="Invoice")
    desk.accept(third)
    desk.move_to_workbin(third)
    pulled = desk.pull_from_workbin("email")
    desk.single_step_transfer(pulled, {"type": "AGENT_GROUP", "destination": "Billing"})
    assert [k for k in kinds(recorder) if k[0] not in ("ADDED", "INVITED")] == [
        ("REVOKED", "REVOKED"),
        ("REMOVED", "REVOKED"),
        ("REVOKED", "REVOKED"),
        ("REMOVED", "REVOKED"),
        ("ACCEPTED", "ACCEPTED"),
        ("IN_WORKBIN", "IN_WORKBIN"),
        ("REMOVED", "IN_WORKBIN"),
        ("PULLED", "PULLED"),
        ("TRANSFER_COMPLETED", "TRANSFER_COMPLETED"),
        ("REMOVED", "TRANSFER_COMPLETED"),
    ]
    assert desk.interactions == {}


def test_email_create_send_and_cancel(desk: AgentDesktop, recorder: Recorder) -> None:
    notebook_call(desk, "email.create", "ann@example.com", None)
    desk.send_email("1")
    desk.create_email("bob@example.com")
    desk.cancel_email("2")
    assert kinds(recorder) == [
        ("ADDED", "CREATED"),
        ("CREATED", "CREATED"),
        ("SENT", "SENT"),
        ("REMOVED", "SENT"),
        ("ADDED", "CREATED"),
        ("CREATED", "CREATED"),
        ("CANCELLED", "CANCELLED"),
        ("REMOVED", "CANCELLED"),
    ]


def test_accept_and_reject_a_ringing_call(desk: AgentDesktop, recorder: Recorder) -> None:
    one, two = desk.simulate_inbound_call(), desk.simulate_inbound_call()
    recorder.clear()
    notebook_call(desk, "interaction.accept", one)
    notebook_call(desk, "interaction.reject", two)
    assert kinds(recorder) == [("ESTABLISHED", "TALKING"), ("RELEASED", "IDLE")]
    with pytest.raises(InvalidActionError, match="answer needs RINGING"):
        notebook_call(desk, "interaction.accept", one)


def test_case_selection_events(desk: AgentDesktop, recorder: Recorder) -> None:
    one = desk.simulate_inbound_call()
    two = desk.simulate_inbound_call()
    case_one, case_two = desk.interactions[one].case_id, desk.interactions[two].case_id
    recorder.clear()
    notebook_call(desk, "interaction.selectCaseByCaseId", case_one)
    assert [e.data for e in recorder.events] == [
        {"eventType": "CASE_COLLAPSED", "selectedCaseId": case_two},
        {"eventType": "CASE_SELECTED", "selectedCaseId": case_one},
        {"eventType": "CASE_EXPANDED", "selectedCaseId": case_one},
    ]
    item = notebook_call(desk, "interaction.getByInteractionId", one)
    assert item["isCaseSelected"] and item["isCaseExpanded"]
    assert not notebook_call(desk, "interaction.getByInteractionId", two)["isCaseSelected"]
    with pytest.raises(InvalidParameterError, match="no case with id 'nope'"):
        notebook_call(desk, "interaction.selectCaseByCaseId", "nope")


def test_blocked_mark_done_is_refused_and_notified(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    bridge_env.send(frame, subscribe(["markdone"], frame_id=frame))
    call_id = bridge_env.desk.simulate_inbound_call()
    bridge_env.desk.answer(call_id)
    bridge_env.desk.hang_up(call_id)
    bridge_env.send(frame, request("interaction.blockMarkdone", call_id, "Set a disposition first"))
    (reply,) = [
        m for m in bridge_env.send(frame, request("interaction.markdone", call_id, ref="m1")) if "referenceId" in m
    ]
    assert reply["errorMessage"] == f"mark done of interaction {call_id} is blocked: Set a disposition first"
    assert bridge_env.to(frame)[-1]["data"] == {
        "eventType": "MARKDONE_BLOCKED",
        "interactionId": call_id,
        "warningMessage": "Set a disposition first",
    }
    assert call_id in bridge_env.desk.interactions
    bridge_env.send(frame, request("interaction.unblockMarkdone", call_id))
    bridge_env.send(frame, request("interaction.markdone", call_id))
    assert bridge_env.desk.interactions == {}


def test_consult_then_complete_transfer(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    recorder.clear()
    consult_id = (
        notebook_call(
            desk, "interaction.consult", call_id, {"type": "AGENT", "destination": "7002"}, {"Note": "vip"}, None
        )
        or "2"
    )
    desk.remote_answer(consult_id)
    notebook_call(desk, "interaction.completeTransfer", consult_id)
    assert kinds(recorder) == [
        ("HELD", "HELD"),
        ("ADDED", "DIALING"),
        ("DIALING", "DIALING"),
        ("ATTACHED_DATA_CHANGED", "DIALING"),
        ("ESTABLISHED", "TALKING"),
        ("RELEASED", "IDLE"),
        ("RELEASED", "IDLE"),
    ]
    consult = desk.interactions[consult_id].to_json()
    assert consult["isConsultation"] and consult["parentInteractionId"] == call_id and consult["callType"] == "CONSULT"
    assert consult["caseId"] == desk.interactions[call_id].case_id


def test_consult_then_complete_conference(desk: AgentDesktop, recorder: Recorder) -> None:
    call_id = desk.simulate_inbound_call("5550100")
    desk.answer(call_id)
    consult_id = desk.consult(call_id, "5002")
    with pytest.raises(InvalidActionError, match="not answered"):
        desk.complete_conference(consult_id)
    desk.remote_answer(consult_id)
    recorder.clear()
    notebook_call(desk, "interaction.completeConference", consult_id)
    assert kinds(recorder) == [
        ("RELEASED", "IDLE"),
        ("REMOVED", "IDLE"),
        ("ESTABLISHED", "TALKING"),
        ("PARTY_CHANGED", "TALKING"),
    ]
    assert notebook_call(desk, "interaction.getByInteractionId", call_id)["parties"] == [
        {"name": "5550100"},
        {"name": "5002"},
    ]
    with pytest.raises(UnknownInteractionError):
        notebook_call(desk, "interaction.completeConference", consult_id)


@pytest.mark.parametrize("verb", ["complete_transfer", "complete_conference"])
def test_completing_a_consultation_whose_original_call_is_over_is_refused(
    desk: AgentDesktop, recorder: Recorder, verb: str
) -> None:
    call_id = desk.simulate_inbound_call("5550100")
    desk.answer(call_id)
    consult_id = desk.consult(call_id, "5002")
    desk.remote_answer(consult_id)
    desk.remote_hang_up(call_id)  # the customer hangs up while the agent consults
    recorder.clear()
    with pytest.raises(InvalidActionError, match=f"the original call {call_id} is IDLE"):
        getattr(desk, verb)(consult_id)
    assert recorder.events == [] and desk.interactions[consult_id].state == "TALKING"


def test_single_step_transfer_and_conference(desk: AgentDesktop, recorder: Recorder) -> None:
    one = desk.simulate_inbound_call()
    desk.answer(one)
    two = desk.simulate_inbound_call()
    desk.answer(two)
    recorder.clear()
    notebook_call(desk, "interaction.singleStepConference", two, "5003")
    notebook_call(
        desk, "interaction.singleStepTransfer", one, {"target": "ROUTING_POINT", "destination": "8000"}, {"A": 1}
    )
    assert kinds(recorder) == [("PARTY_CHANGED", "TALKING"), ("RELEASED", "IDLE")]
    for bad, message in [
        ({"type": "PLANET", "destination": "x"}, "targetQuery type"),
        ({"type": "AGENT"}, "destination"),
        (5, "must be a destination string or an object"),
    ]:
        with pytest.raises(InvalidParameterError, match=message):
            desk.single_step_conference(two, bad)


def test_configuration_get_option() -> None:
    desk = new_desk(options={"CustomAPI": {"test.one": "1", "test.two": ["a", "b"], "other": "x"}})
    assert notebook_call(desk, "configuration.getOption", "voice.auto-answer") == [
        {"name": "voice.auto-answer", "value": "false"}
    ]
    assert [s["name"] for s in notebook_call(desk, "configuration.getOption", ["voice.*"])] == [
        "voice.auto-answer",
        "voice.mark-done-on-release",
        "voice.recording.enabled",
    ]
    assert notebook_call(desk, "configuration.getOption", "voice.auto*") == [
        {"name": "voice.auto-answer", "value": "false"}
    ]
    assert notebook_call(desk, "configuration.getOption", "CustomAPI/test.*") == [
        {"name": "CustomAPI/test.one", "value": "1"},
        {"name": "CustomAPI/test.two", "value": ["a", "b"]},
    ]
    assert len(notebook_call(desk, "configuration.getOption", "CustomAPI/*")) == 3
    assert notebook_call(desk, "configuration.getOption", "no.such.option") == []
    for bad, message in [
        ("*.mark-done", "cannot start"),
        ("voice.*.x", "only allowed at the end"),
        ([], "non-empty array"),
        ("", "non-empty string"),
    ]:
        with pytest.raises(InvalidParameterError, match=message):
            notebook_call(desk, "configuration.getOption", bad)
    desk.set_option("voice.auto-answer", "true")
    assert notebook_call(desk, "configuration.getOption", "voice.auto-answer")[0]["value"] == "true"


def test_contextual_option(desk: AgentDesktop) -> None:
    call_id = desk.simulate_inbound_call()
    desk.set_option("voice.auto-answer", "true", interaction_id=call_id)
    assert notebook_call(desk, "configuration.getContextualOption", "voice.auto-answer", call_id)[0]["value"] == "true"
    assert notebook_call(desk, "configuration.getOption", "voice.auto-answer")[0]["value"] == "false"
    with pytest.raises(UnknownInteractionError):
        notebook_call(desk, "configuration.getContextualOption", "voice.auto-answer", "9")


def test_jwt_token_is_reused_until_it_expires() -> None:
    clock = ManualClock(start=1_800_000_000)
    desk = new_desk(clock=clock)
    first = notebook_call(desk, "auth.getJwtToken")
    assert first["expiration"] == "2027-01-15T09:00:00.000Z"
    assert first["jwtToken"].count(".") == 2
    clock.advance(3000)
    assert notebook_call(desk, "auth.getJwtToken") == first
    clock.advance(700)
    assert notebook_call(desk, "auth.getJwtToken")["jwtToken"] != first["jwtToken"]


def test_auth_needs_to_be_named_for_the_origin() -> None:
    desk = new_desk(accepted_origins=f"{APP_ORIGIN} (*)")
    posts: list[Post] = []
    env = BridgeEnv(desk, AppBridge(desk, posts.append), posts)
    frame = env.add_frame()
    assert "not allowed" in env.send(frame, request("auth.getJwtToken"))[0]["errorMessage"]
    desk.set_accepted_origins(f"{APP_ORIGIN} (*, auth.getJwtToken)")
    assert "jwtToken" in env.send(frame, request("auth.getJwtToken"))[0]["data"]


def test_messenger_crosses_frames(bridge_env: BridgeEnv) -> None:
    sender, receiver, other = bridge_env.add_frame(), bridge_env.add_frame(), bridge_env.add_frame()
    bridge_env.send(receiver, subscribe(["messenger:team", "messenger:other"], frame_id=receiver))
    bridge_env.send(other, subscribe(["messenger:elsewhere"], frame_id=other))
    bridge_env.send(sender, request("messenger.broadcastMessage", "team", {"text": "hi"}))
    assert bridge_env.to(receiver)[-1] == {
        "event": "messenger:team",
        "data": {"text": "hi"},
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }
    assert [m for m in bridge_env.to(other) if "event" in m] == []


def test_dialogs_are_frames_with_field_codes(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(
        frame,
        request(
            "system.openDialog", "dialog.html?id=$Dialog.Id$", {"label": "Notes for $Agent.FullName$", "width": "430px"}
        ),
    )
    dialog_id = reply["data"]
    assert dialog_id == "wweCustomDialog1"
    dialog = bridge_env.desk.workspace.dialogs[dialog_id]
    assert dialog.url == f"{APP_ORIGIN}/dialog.html?id=wweCustomDialog1"
    assert dialog.options["label"] == "Notes for Alex Rivera"
    dialog_frame = bridge_env.desk.frames.frames[dialog.frame_id]
    assert dialog_frame.mode == "dialog"
    bridge_env.bridge.frame_loaded(dialog.frame_id)
    assert bridge_env.send(dialog.frame_id, request("system.amIVisible"))[0]["data"] is True
    bridge_env.send(frame, request("system.closeDialog", dialog_id))
    assert dialog.frame_id not in bridge_env.desk.frames.frames
    assert "no dialog" in bridge_env.send(frame, request("system.closeDialog", dialog_id))[0]["errorMessage"]


def test_menu_bar_views_visibility_and_leadership(bridge_env: BridgeEnv) -> None:
    shown, hidden = bridge_env.add_frame(), bridge_env.add_frame(mode="background")
    bridge_env.send(shown, request("system.updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM"}))
    bridge_env.send(shown, request("system.updateViewInApplicationMenuBar", {"name": "crm", "tooltip": "Open CRM"}))
    assert bridge_env.desk.workspace.to_json()["menuViews"] == [
        {"name": "crm", "label": "CRM", "tooltip": "Open CRM", "ownerFrame": shown}
    ]
    assert (
        "unknown menu-bar view field"
        in bridge_env.send(shown, request("system.updateViewInApplicationMenuBar", {"name": "x", "colour": "red"}))[0][
            "errorMessage"
        ]
    )
    bridge_env.send(shown, request("system.closeViewInApplicationMenuBar", "crm"))
    assert bridge_env.desk.workspace.menu_views == {}
    assert bridge_env.send(shown, request("system.amIVisible"))[0]["data"] is True
    assert bridge_env.send(hidden, request("system.amIVisible"))[0]["data"] is False
    assert bridge_env.send(shown, request("system.isFrameLeading"))[0]["data"] is True
    bridge_env.desk.set_leadership("following", last_active=False)
    answers = [
        bridge_env.send(shown, request(f"system.{name}"))[0]["data"]
        for name in (
            "isFrameLeading",
            "isFrameFollowing",
            "isFrameNegotiating",
            "isFrameLeadingOrNegotiating",
            "isLastActiveFrame",
        )
    ]
    assert answers == [False, True, False, False, False]
