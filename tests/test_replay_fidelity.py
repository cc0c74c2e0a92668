"""Record → YAML → replay gives every hosted app the events and answers it had live.

For every desktop verb a scenario step may do (:data:`scapi_widget.desktop.verbs.VERBS`, ``step``)
and every request of the package's table, a live session exercises it (a small setup, the action,
then a probe of what apps can ask), recorded with :class:`SessionRecorder` while three hosted frames
of different origins (one with narrower rights) are subscribed to every event family. The recording
is saved as YAML, loaded, and played on a fresh desktop hosting the same frames. Each frame must
receive the same notifications, in the same order, with the same data, and each of its requests
must get the same answer; the desktop ends in the same state.

Both desktops take their time from a :class:`ManualClock` at the same start. Ids are compared two
ways: with the same seeded :class:`IdSource` nothing is normalised; with another seed (as a replay
on a fresh desktop in a notebook has) the values that are random by nature (call, case and bundle
UUIDs, the id inside an ``auth`` token) differ, so each is replaced by its order of first
appearance before comparing: the replay must draw them for the same things in the same order.

The cases are keyed by verb and request name, and the parametrisation comes from ``VERBS`` and the
table: a new verb or request without a case here fails.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scapi_widget.desktop import IdSource
from scapi_widget.desktop.verbs import VERBS
from scapi_widget.errors import ScapiError
from scapi_widget.notebook.scenario import Scenario, ScenarioRun, SessionRecorder
from scapi_widget.service.bridge import AppBridge, Post
from scapi_widget.wire.spec import current

from .conftest import new_desk, request, subscribe

A, B, C = 1, 2, 3
ORIGINS = {A: "http://a.test", B: "http://b.test", C: "http://c.test"}
POLICY = "http://a.test, http://b.test (*, auth.*), http://c.test (system.*, interaction.getInteractions)"
FAMILIES = ["interaction", "agent", "media", "system", "markdone", "outbound", "messenger:news"]
PROBE = ["interaction.getInteractions", "agent.getState", "sipEndpoint.isMicrophoneMute", "system.isFrameLeading"]


class Session:
    """A deterministic desktop hosting frames A, B and C (each subscribed to every event family),
    with an AppBridge that records what it posts to each frame."""

    def __init__(self, seed: int = 7) -> None:
        self.desk = new_desk(accepted_origins=POLICY, ids=IdSource(seed=seed))
        self.posts: list[Post] = []
        self.bridge = AppBridge(self.desk, self.posts.append)
        self._refs = itertools.count(1)
        self._asked: dict[str, str] = {}
        for frame_id, origin in ORIGINS.items():
            frame = self.desk.frames.add(f"{origin}/app.html", origin, "panel")
            assert frame.frame_id == frame_id
            self.bridge.frame_loaded(frame_id)
            self.bridge.receive(frame_id, origin, subscribe(FAMILIES, ref="sub", frame_id=frame_id))
        self.start = len(self.posts)

    def do(self, verb: str, *args: Any, **kwargs: Any) -> Any:
        """The desktop verb, called from Python (the outside world, or the agent)."""
        return getattr(self.desk, verb)(*args, **kwargs)

    def app(self, frame_id: int, name: str, *params: Any, refused: bool = False) -> Any:
        """Frame ``frame_id`` makes a request; returns the answer's data. The request must succeed
        (with ``refused``: must be refused; returns the ``errorMessage``)."""
        ref = f"r{next(self._refs)}"
        self._asked[ref] = name
        self.bridge.receive(frame_id, ORIGINS[frame_id], request(name, *params, ref=ref, frame_id=frame_id))
        reply = next(p.message for p in reversed(self.posts) if p.message.get("referenceId") == ref)
        if refused:
            assert "errorMessage" in reply, f"live {name} from frame {frame_id} was not refused"
            return reply["errorMessage"]
        assert "errorMessage" not in reply, f"live {name} from frame {frame_id} failed: {reply['errorMessage']}"
        return reply.get("data")

    def notifications(self, frame_id: int) -> list[dict[str, Any]]:
        """Every event posted to the frame since the session started, in order."""
        return [p.message for p in self.posts[self.start :] if p.frame_id == frame_id and "event" in p.message]

    def answers(self, frame_id: int) -> list[tuple[str, Any]]:
        """(request, data or ``{"errorMessage": ...}``) of every answer posted to the frame, in order."""
        return [
            (self._asked[p.message["referenceId"]], _answer(p.message))
            for p in self.posts[self.start :]
            if p.frame_id == frame_id and p.message.get("referenceId") in self._asked
        ]

    def state(self) -> dict[str, Any]:
        return self.desk.snapshot()

    # ------------------------------------------------------------------ setups

    def inbound(self, state: str = "RINGING") -> str:
        call_id: str = self.do("simulate_inbound_call", "5550100", user_data={"Key": "value"})
        if state in ("TALKING", "HELD", "RECORDING"):
            self.do("answer", call_id)
        if state == "HELD":
            self.do("hold", call_id)
        if state == "RECORDING":
            self.do("start_recording", call_id)
        return call_id

    def open_media(self, media: str = "chat", *, accepted: bool = True) -> str:
        item: str = self.do("simulate_open_media", media, "ann@example.com", user_data={"Topic": "Billing"})
        if accepted:
            self.do("accept", item)
        return item

    def consultation(self) -> tuple[str, str]:
        call_id = self.inbound("TALKING")
        consult_id: str = self.do("consult", call_id, "5002", {"Topic": "refund"})
        self.do("remote_answer", consult_id)
        return call_id, consult_id

    def campaign(self, mode: str = "Preview", *, records: bool = True) -> str:
        self.do("load_campaign", "Offer", mode)
        self.do("start_campaign", "Offer")
        if records:
            record = {"phone": "5550001", "fields": {"Name": "Ann"}, "chained_phones": ["5550002"]}
            self.do("add_records", "Offer", [record])
        return "Offer"

    def previewing(self) -> str:
        self.campaign()
        record_id: str = self.do("get_preview_record", "Offer")
        return record_id

    def handle(self, record_id: str, index: int = 1) -> int:
        handle: int = self.app(B, "outbound.getChainedRecords", record_id)[index]["recordHandle"]
        return handle

    def toast(self) -> str:
        toast_id: str = self.app(B, "system.popupToast", {"title": "Hi", "iconUrl": "", "buttons": ["OK", "No"]})
        return toast_id


def _answer(reply: dict[str, Any]) -> Any:
    return {"errorMessage": reply["errorMessage"]} if "errorMessage" in reply else reply.get("data")


Case = Callable[[Session], Any]
VERB_CASES: dict[str, Case] = {}
REQUEST_CASES: dict[str, Case] = {}


def verb_case(name: str, run: Case) -> None:
    assert name not in VERB_CASES, f"two replay cases for verb {name}"
    VERB_CASES[name] = run


def request_case(name: str, run: Case) -> None:
    assert name not in REQUEST_CASES, f"two replay cases for request {name}"
    REQUEST_CASES[name] = run


# ---------------------------------------------------------------------------- verbs: setup, then the verb

verb_case("simulate_inbound_call", lambda s: s.inbound())
verb_case("dial", lambda s: s.do("dial", "5551235", {"Topic": "renewal"}))
verb_case("answer", lambda s: s.do("answer", s.inbound()))
verb_case("hold", lambda s: s.do("hold", s.inbound("TALKING")))
verb_case("resume", lambda s: s.do("resume", s.inbound("HELD")))
verb_case("hang_up", lambda s: s.do("hang_up", s.inbound("TALKING")))
verb_case("remote_hang_up", lambda s: s.do("remote_hang_up", s.inbound("TALKING")))
verb_case("remote_answer", lambda s: s.do("remote_answer", s.do("dial", "5551235")))
verb_case("start_recording", lambda s: s.do("start_recording", s.inbound("TALKING")))
verb_case("stop_recording", lambda s: s.do("stop_recording", s.inbound("RECORDING")))
verb_case("set_user_data", lambda s: s.do("set_user_data", s.inbound("TALKING"), {"Disposition": "Sale"}))
verb_case("delete_user_data", lambda s: s.do("delete_user_data", s.inbound("TALKING"), "Key"))
verb_case("set_agent_state", lambda s: s.do("set_agent_state", "NotReadyBreak"))
verb_case("set_media_state", lambda s: s.do("set_media_state", "email", "NotReady"))
verb_case("report_media_state", lambda s: s.do("report_media_state", "voice", "OUT_OF_SERVICE"))
verb_case("set_microphone_muted", lambda s: s.do("set_microphone_muted", True))
verb_case("set_speaker_muted", lambda s: (s.do("set_speaker_muted", True), s.app(A, "sipEndpoint.isSpeakerMute")))
verb_case("trigger_activity", lambda s: s.do("trigger_activity"))
verb_case("accept", lambda s: s.open_media("chat"))
verb_case("reject", lambda s: s.do("reject", s.open_media("email", accepted=False)))
verb_case("revoke", lambda s: s.do("revoke", s.open_media("workitem", accepted=False)))
verb_case("simulate_open_media", lambda s: s.open_media("chat", accepted=False))
verb_case("simulate_new_message", lambda s: s.do("simulate_new_message", s.open_media(), "Hello?"))
verb_case("end_chat", lambda s: s.do("end_chat", s.open_media()))
verb_case("create_email", lambda s: s.do("create_email", "bob@example.com", {"Subject": "Hi"}))
verb_case("send_email", lambda s: s.do("send_email", s.do("create_email", "bob@example.com")))
verb_case("cancel_email", lambda s: s.do("cancel_email", s.do("create_email", "bob@example.com")))
verb_case("move_to_workbin", lambda s: s.do("move_to_workbin", s.open_media("email")))
verb_case("pull_from_workbin", lambda s: s.do("pull_from_workbin", "email", "ann@example.com", {"Topic": "x"}))
verb_case("consult", lambda s: s.consultation())
verb_case("complete_transfer", lambda s: s.do("complete_transfer", s.consultation()[1]))
verb_case("complete_conference", lambda s: s.do("complete_conference", s.consultation()[1]))
verb_case("single_step_transfer", lambda s: s.do("single_step_transfer", s.inbound("TALKING"), "5002"))
verb_case("single_step_conference", lambda s: s.do("single_step_conference", s.inbound("TALKING"), "5002"))
verb_case("load_campaign", lambda s: s.do("load_campaign", "Offer", "Preview"))
verb_case("start_campaign", lambda s: s.campaign(records=False))
verb_case("stop_campaign", lambda s: (s.campaign(), s.do("stop_campaign", "Offer")))
verb_case("unload_campaign", lambda s: (s.do("load_campaign", "Offer"), s.do("unload_campaign", "Offer")))
verb_case("add_records", lambda s: (s.campaign(), s.app(A, "outbound.getPreviewRecord", "Offer")))
verb_case("push_preview", lambda s: (s.campaign("PushPreview"), s.do("push_preview", "Offer", "5550001")))
verb_case("get_preview_record", lambda s: s.previewing())
verb_case("reject_preview_record", lambda s: s.do("reject_preview_record", s.previewing()))
verb_case("cancel_preview_record", lambda s: s.do("cancel_preview_record", s.previewing()))
verb_case(
    "set_option",
    lambda s: (s.do("set_option", "voice.auto-answer", "true"), s.app(A, "configuration.getOption", "voice.*")),
)
verb_case("broadcast", lambda s: s.do("broadcast", "news", {"text": "Hello"}))
verb_case("update_menu_view", lambda s: s.do("update_menu_view", {"name": "crm", "label": "CRM"}))
verb_case(
    "close_menu_view",
    lambda s: (
        s.app(B, "system.updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM"}),
        s.do("close_menu_view", "crm", owner_frame=B),
    ),
)
verb_case(
    "set_leadership",
    lambda s: (s.do("set_leadership", "following", last_active=True), s.app(A, "system.isLastActiveFrame")),
)
verb_case("open_dialog", lambda s: s.do("open_dialog", "https://b.test/notes.html", {"label": "Notes"}, owner_frame=B))
verb_case("close_dialog", lambda s: s.do("close_dialog", s.app(B, "system.openDialog", "https://b.test/notes.html")))


def _pause_resume_recording(s: Session, verb: str) -> None:
    call_id = s.inbound("RECORDING")
    s.do("pause_recording", call_id)
    if verb == "resume_recording":
        s.do("resume_recording", call_id)


verb_case("pause_recording", lambda s: _pause_resume_recording(s, "pause_recording"))
verb_case("resume_recording", lambda s: _pause_resume_recording(s, "resume_recording"))


def _mark_done(s: Session) -> None:
    call_id = s.inbound("TALKING")
    s.do("hang_up", call_id)
    s.do("mark_done", call_id)


verb_case("mark_done", _mark_done)


def _popup_toast(s: Session) -> None:
    toast_id = s.do("popup_toast", {"title": "VIP", "iconUrl": "", "buttons": ["OK"]}, owner_frame=B)
    s.do("click_toast_button", toast_id, 0)  # tells the owner, B, only


verb_case("popup_toast", _popup_toast)
verb_case("update_toast", lambda s: s.do("update_toast", s.toast(), {"message": "later"}))
verb_case("close_toast", lambda s: s.do("close_toast", s.toast()))
verb_case("click_toast_button", lambda s: s.do("click_toast_button", s.toast(), "No"))


def _select_case(s: Session) -> None:
    first = s.inbound()
    s.open_media("chat", accepted=False)
    s.do("select_case", s.app(B, "interaction.getByInteractionId", first)["caseId"])


verb_case("select_case", _select_case)


def _mark_done_blocking(s: Session, verb: str) -> None:
    chat = s.open_media()
    s.do("block_mark_done", chat, "Fill in the disposition first")
    s.app(C, "system.getAllowedServices")
    s.app(A, "interaction.markdone", chat, refused=True)  # every frame is told: MARKDONE_BLOCKED
    if verb == "unblock_mark_done":
        s.do("unblock_mark_done", chat)
        s.do("mark_done", chat)


verb_case("block_mark_done", lambda s: _mark_done_blocking(s, "block_mark_done"))
verb_case("unblock_mark_done", lambda s: _mark_done_blocking(s, "unblock_mark_done"))


def _push_direct_preview(s: Session) -> None:
    s.campaign(records=False)
    s.app(B, "outbound.startDirectPushPreview")
    s.do("push_direct_preview", "Offer", "5550001")


verb_case("push_direct_preview", _push_direct_preview)


def _call_preview_record(s: Session) -> None:
    record_id = s.previewing()
    s.do("call_preview_record", record_id, s.handle(record_id))


verb_case("call_preview_record", _call_preview_record)


def _set_accepted_origins(s: Session) -> None:
    s.do("set_accepted_origins", POLICY.replace("http://c.test (system.*, ", "http://c.test (agent.*, system.*, "))
    s.app(C, "system.getAllowedServices")
    s.app(C, "agent.getState")


verb_case("set_accepted_origins", _set_accepted_origins)

# ---------------------------------------------------------------------------- requests: setup, then frame B asks


def _ask(s: Session, *, name: str, params: tuple[Any, ...]) -> None:
    s.app(B, name, *params)


def _ask_about_call(s: Session, *, name: str, state: str) -> None:
    s.app(B, name, s.inbound(state))


_SIMPLE_REQUESTS: dict[str, tuple[Any, ...]] = {
    "agent.get": (),
    "agent.getState": (),
    "agent.getStateList": (),
    "agent.setState": ("NotReadyBreak",),
    "auth.getJwtToken": (),
    "auth.getPureCloudToken": (False,),
    "configuration.getOption": (["voice.*", "toast.window-title"],),
    "email.create": ("ann@example.com", {"Subject": "Hello"}),
    "media.getMediaList": (),
    "media.getMediaByName": ("voice",),
    "media.setState": ("email", "NotReady"),
    "messenger.broadcastMessage": ("news", {"text": "Hello"}),
    "outbound.getListOfCallResults": (),
    "system.triggerActivity": (),
    "system.amIVisible": (),
    "system.updateViewInApplicationMenuBar": ({"name": "crm", "label": "CRM", "tooltip": "Open"},),
    "voice.dial": ("5551235", {"Topic": "renewal"}),
    "voice.dialEx": ("5551235", None, {"ek1": "ev1"}),
    "sipEndpoint.isMicrophoneMute": (),
    "sipEndpoint.isSpeakerMute": (),
    "sipEndpoint.muteMicrophone": (),
    "sipEndpoint.muteSpeaker": (),
}
for _name, _params in _SIMPLE_REQUESTS.items():
    request_case(_name, functools.partial(_ask, name=_name, params=_params))

for _name, _state in {
    "voice.answer": "RINGING",
    "voice.hangUp": "TALKING",
    "voice.hold": "TALKING",
    "voice.resume": "HELD",
    "voice.startCallRecording": "TALKING",
    "voice.stopCallRecording": "RECORDING",
    "voice.pauseCallRecording": "RECORDING",
    "interaction.getByInteractionId": "RINGING",
}.items():
    request_case(_name, functools.partial(_ask_about_call, name=_name, state=_state))

request_case(
    "interaction.setUserData", lambda s: s.app(B, "interaction.setUserData", s.inbound("TALKING"), {"D": "Sale"})
)
request_case(
    "interaction.deleteUserData", lambda s: s.app(B, "interaction.deleteUserData", s.inbound("TALKING"), "Key")
)
request_case("interaction.consult", lambda s: s.app(B, "interaction.consult", s.inbound("TALKING"), "5002", {"T": "x"}))
request_case(
    "interaction.singleStepTransfer", lambda s: s.app(B, "interaction.singleStepTransfer", s.inbound("TALKING"), "5002")
)
request_case(
    "interaction.singleStepConference",
    lambda s: s.app(
        B, "interaction.singleStepConference", s.inbound("TALKING"), {"type": "AGENT", "destination": "5002"}
    ),
)
request_case("interaction.completeTransfer", lambda s: s.app(B, "interaction.completeTransfer", s.consultation()[1]))
request_case(
    "interaction.completeConference", lambda s: s.app(B, "interaction.completeConference", s.consultation()[1])
)
request_case("interaction.accept", lambda s: s.app(B, "interaction.accept", s.open_media(accepted=False)))
request_case("interaction.reject", lambda s: s.app(B, "interaction.reject", s.open_media("email", accepted=False)))
request_case("interaction.markdone", lambda s: s.app(B, "interaction.markdone", s.open_media()))


def _block_markdone(s: Session) -> None:
    chat = s.open_media()
    s.app(B, "interaction.blockMarkdone", chat, "Disposition!")
    s.app(A, "interaction.markdone", chat, refused=True)  # every frame is told: MARKDONE_BLOCKED


request_case("interaction.blockMarkdone", _block_markdone)
request_case(
    "interaction.getInteractions", lambda s: (s.inbound(), s.open_media(), s.app(C, "interaction.getInteractions"))
)
request_case("voice.resumeCallRecording", lambda s: _resume_call_recording(s))
request_case(
    "sipEndpoint.unmuteMicrophone",
    lambda s: (s.do("set_microphone_muted", True), s.app(B, "sipEndpoint.unmuteMicrophone")),
)
request_case(
    "sipEndpoint.unmuteSpeaker", lambda s: (s.do("set_speaker_muted", True), s.app(B, "sipEndpoint.unmuteSpeaker"))
)
request_case(
    "system.getAllowedServices",
    lambda s: (s.app(C, "system.getAllowedServices"), s.app(B, "system.getAllowedServices")),
)
request_case(
    "system.closeViewInApplicationMenuBar",
    lambda s: (
        s.app(B, "system.updateViewInApplicationMenuBar", {"name": "crm"}),
        s.app(B, "system.closeViewInApplicationMenuBar", "crm"),
    ),
)
request_case(
    "system.openDialog", lambda s: s.app(B, "system.openDialog", "https://b.test/notes.html", {"label": "Notes"})
)
request_case(
    "system.closeDialog",
    lambda s: s.app(B, "system.closeDialog", s.do("open_dialog", "https://b.test/n.html", owner_frame=B)),
)
request_case("system.updateToast", lambda s: s.app(B, "system.updateToast", s.toast(), {"message": "later"}))
request_case("system.closeToast", lambda s: s.app(B, "system.closeToast", s.toast()))
request_case("outbound.getCampaigns", lambda s: (s.campaign(), s.app(B, "outbound.getCampaigns")))
request_case("outbound.getPreviewRecord", lambda s: (s.campaign(), s.app(B, "outbound.getPreviewRecord", "Offer")))
request_case("outbound.rejectPreviewRecord", lambda s: s.app(B, "outbound.rejectPreviewRecord", s.previewing()))
request_case("outbound.cancelPreviewRecord", lambda s: s.app(B, "outbound.cancelPreviewRecord", s.previewing()))
request_case("outbound.setDoNotCall", lambda s: s.app(B, "outbound.setDoNotCall", s.previewing()))
request_case("outbound.getChainedRecords", lambda s: s.app(B, "outbound.getChainedRecords", s.previewing()))
request_case("outbound.getRecordFields", lambda s: s.app(B, "outbound.getRecordFields", s.previewing()))
request_case(
    "outbound.updateRecordFields", lambda s: s.app(B, "outbound.updateRecordFields", s.previewing(), {"Name": "Anne"})
)


def _resume_call_recording(s: Session) -> None:
    call_id = s.inbound("RECORDING")
    s.app(B, "voice.pauseCallRecording", call_id)
    s.app(B, "voice.resumeCallRecording", call_id)


def _popup_toast_request(s: Session) -> None:
    toast_id = s.app(B, "system.popupToast", {"title": "Hi", "iconUrl": "", "buttons": ["OK", "No"]})
    s.do("click_toast_button", toast_id, "OK")  # the case: live, only B hears the click


request_case("system.popupToast", _popup_toast_request)


def _contextual_option(s: Session) -> None:
    call_id = s.inbound()
    s.do("set_option", "voice.auto-answer", "true", interaction_id=call_id)
    s.app(B, "configuration.getContextualOption", "voice.auto-answer", call_id)


request_case("configuration.getContextualOption", _contextual_option)


def _select_case_request(s: Session) -> None:
    first = s.inbound()
    s.open_media("chat", accepted=False)
    s.app(B, "interaction.selectCaseByCaseId", s.app(B, "interaction.getByInteractionId", first)["caseId"])


request_case("interaction.selectCaseByCaseId", _select_case_request)


def _unblock_markdone(s: Session) -> None:
    chat = s.open_media()
    s.app(A, "interaction.blockMarkdone", chat, "Disposition!")
    s.app(B, "interaction.unblockMarkdone", chat)
    s.app(B, "interaction.markdone", chat)


request_case("interaction.unblockMarkdone", _unblock_markdone)


def _call_preview_record_request(s: Session) -> None:
    record_id = s.previewing()
    s.app(B, "outbound.callPreviewRecord", record_id, s.handle(record_id, 0))


request_case("outbound.callPreviewRecord", _call_preview_record_request)


def _direct_push(s: Session, name: str) -> None:
    s.campaign(records=False)
    s.app(B, "outbound.startDirectPushPreview")
    s.do("push_direct_preview", "Offer", "5550001")
    if name == "outbound.stopDirectPushPreview":
        s.app(B, "outbound.stopDirectPushPreview")


request_case("outbound.startDirectPushPreview", lambda s: _direct_push(s, "outbound.startDirectPushPreview"))
request_case("outbound.stopDirectPushPreview", lambda s: _direct_push(s, "outbound.stopDirectPushPreview"))


def _reschedule(s: Session, name: str) -> None:
    record_id = s.previewing()
    s.app(B, "outbound.rescheduleRecord", record_id, s.handle(record_id), "12/31/2098 14:30", "CAMPAIGN")
    if name == "outbound.cancelReschedule":
        s.app(B, "outbound.cancelReschedule", record_id)


request_case("outbound.rescheduleRecord", lambda s: _reschedule(s, "outbound.rescheduleRecord"))
request_case("outbound.cancelReschedule", lambda s: _reschedule(s, "outbound.cancelReschedule"))


def _call_result(s: Session, name: str) -> None:
    record_id = s.previewing()
    code = s.app(A, "outbound.getListOfCallResults")[0]["code"]
    s.app(B, "outbound.setCallResult", record_id, code)
    if name == "outbound.getCallResult":
        s.app(B, "outbound.getCallResult", record_id)


request_case("outbound.setCallResult", lambda s: _call_result(s, "outbound.setCallResult"))
request_case("outbound.getCallResult", lambda s: _call_result(s, "outbound.getCallResult"))


def _remove_do_not_call(s: Session) -> None:
    record_id = s.previewing()
    s.app(B, "outbound.setDoNotCall", record_id)
    s.app(B, "outbound.removeDoNotCall", record_id)


request_case("outbound.removeDoNotCall", _remove_do_not_call)


def _leadership(s: Session, *, name: str) -> None:
    s.do("set_leadership", "negotiating", last_active=True)
    s.app(B, name)


for _name in (
    "isFrameLeading",
    "isFrameFollowing",
    "isFrameNegotiating",
    "isFrameLeadingOrNegotiating",
    "isLastActiveFrame",
):
    request_case(f"system.{_name}", functools.partial(_leadership, name=f"system.{_name}"))

# ---------------------------------------------------------------------------- the walk

STEP_VERB_NAMES = list(VERBS)  # every verb is a step
REQUEST_NAMES = [r.name for r in current()]
CASES = [("verb", name) for name in STEP_VERB_NAMES] + [("request", name) for name in REQUEST_NAMES]


def replayed_answers(scenario: Scenario, run: ScenarioRun, frame_id: int) -> list[tuple[str, Any]]:
    """(request, data) of every request the replay made as the frame, in order."""
    return [
        (str(step.action), {"errorMessage": result.error_message} if isinstance(result, ScapiError) else result)
        for step, result in zip(scenario.steps, run.results, strict=True)
        if step.request and step.frame == frame_id
    ]


def test_every_case_names_a_current_verb_or_request() -> None:
    assert sorted(set(VERB_CASES) - set(STEP_VERB_NAMES)) == []
    assert sorted(set(REQUEST_CASES) - set(REQUEST_NAMES)) == []
    assert len(CASES) == len(STEP_VERB_NAMES) + len(REQUEST_NAMES) > 100


RANDOM_BY_NATURE = re.compile(
    r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"  # call, case and bundle UUIDs
    r"|\b[0-9A-F]{16}\b"  # open media UUIDs (16 hex digits of one)
    r"|eyJ[\w-]+\.eyJ[\w-]+\.\w+"  # auth tokens (their jti is a UUID)
)


def by_first_appearance(value: Any, seen: dict[str, str] | None = None) -> Any:
    """``value`` with every random-by-nature string replaced by ``<n>``, its order of first appearance."""
    seen = {} if seen is None else seen

    def name(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(0), f"<{len(seen)}>")

    if isinstance(value, str):
        return RANDOM_BY_NATURE.sub(name, value)
    if isinstance(value, dict):
        return {by_first_appearance(k, seen): by_first_appearance(v, seen) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [by_first_appearance(item, seen) for item in value]
    return value


@pytest.mark.parametrize("seed", [7, 8], ids=["same ids", "other ids"])
@pytest.mark.parametrize(("kind", "name"), CASES, ids=[name for _, name in CASES])
def test_replay_gives_each_frame_what_it_saw_live(kind: str, name: str, seed: int, tmp_path: Path) -> None:
    cases = VERB_CASES if kind == "verb" else REQUEST_CASES
    assert name in cases, f"no replay case for the {kind} {name}: add one to tests/test_replay_fidelity.py"
    live = Session()
    recorder = SessionRecorder(live.desk)
    cases[name](live)
    for probe in PROBE:
        live.app(A, probe)
    scenario = recorder.stop(name)
    if kind == "verb":
        assert any(s.action == name and not s.request for s in scenario.steps), f"{name} was not recorded"
    else:
        assert any(s.action == name and s.request and s.frame in ORIGINS for s in scenario.steps), (
            f"{name} was not recorded as an app's request"
        )

    loaded = Scenario.load(scenario.save(tmp_path / "session.yaml"))
    assert [s.to_dict() for s in loaded.steps] == [s.to_dict() for s in scenario.steps]
    replay = Session(seed)
    run = loaded.play(replay.desk, speed=1000)
    assert run.join(10), "the replay did not finish"
    assert run.errors == [] and run.done_steps == len(loaded.steps)

    saw_live = {f: (live.notifications(f), live.answers(f)) for f in ORIGINS}
    saw_replay = {f: (replay.notifications(f), replayed_answers(loaded, run, f)) for f in ORIGINS}
    live_state, replay_state = live.state(), replay.state()
    if seed != 7:  # other ids: compare where they appear, not their values
        saw_live, live_state = by_first_appearance([saw_live, live_state])
        saw_replay, replay_state = by_first_appearance([saw_replay, replay_state])
    for frame_id in ORIGINS:
        events, answers = saw_live[frame_id]
        assert saw_replay[frame_id][0] == events, f"events to frame {frame_id}"
        assert saw_replay[frame_id][1] == answers, f"answers to frame {frame_id}"
    assert replay_state == live_state


def test_the_yaml_says_which_frame_made_each_request(tmp_path: Path) -> None:
    live = Session()
    recorder = SessionRecorder(live.desk)
    _popup_toast_request(live)
    text = recorder.stop().save(tmp_path / "toast.yaml").read_text()
    assert "request: system.popupToast" in text and "frame: 2" in text
    replay = Session()
    assert Scenario.load(tmp_path / "toast.yaml").play(replay.desk, speed=1000).join(10)
    clicks = {f: [m["data"]["eventType"] for m in replay.notifications(f)] for f in ORIGINS}
    assert clicks == {A: [], B: ["CUSTOM_TOAST_BUTTON_CLICK"], C: []}  # B popped it: B alone hears the click
