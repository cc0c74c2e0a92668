"""An interaction's case is the one its user data names: ``caseId`` and ``IW_CaseUid`` agree, on a
desktop of its own too (a call that arrives attached to a case keeps that case)."""

from __future__ import annotations

from scapi_widget.desktop import AgentDesktop


def test_a_new_call_has_a_case_of_its_own_named_in_its_user_data(desk: AgentDesktop) -> None:
    first, second = desk.simulate_inbound_call(), desk.dial("5551234")
    a, b = desk.interaction(first), desk.interaction(second)
    assert a.case_id == a.user_data["IW_CaseUid"] and b.case_id == b.user_data["IW_CaseUid"]
    assert a.case_id != b.case_id and a.user_data["IW_BundleUid"] != b.user_data["IW_BundleUid"]


def test_a_call_arriving_with_a_case_keeps_it(desk: AgentDesktop) -> None:
    call = desk.simulate_inbound_call(user_data={"IW_CaseUid": "CASE-1", "IW_BundleUid": "BUNDLE-1"})
    item = desk.interaction(call)
    assert (item.case_id, item.user_data["IW_CaseUid"], item.user_data["IW_BundleUid"]) == (
        "CASE-1",
        "CASE-1",
        "BUNDLE-1",
    )
    chat = desk.simulate_open_media("chat", user_data={"IW_CaseUid": "CASE-2"})
    assert desk.interaction(chat).case_id == "CASE-2"


def test_a_consultation_is_in_its_originals_case_and_bundle(desk: AgentDesktop) -> None:
    call = desk.simulate_inbound_call()
    desk.answer(call)
    consult = desk.consult(call, "5001")
    original, consultation = desk.interaction(call), desk.interaction(consult)
    assert consultation.case_id == consultation.user_data["IW_CaseUid"] == original.case_id
    assert consultation.user_data["IW_BundleUid"] == original.user_data["IW_BundleUid"]
