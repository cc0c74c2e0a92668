"""Interaction flows beyond basic call control: accept/reject, open media (chat, email,
workitem), case selection, blocked mark done, consultation, transfer and conference.

A part of the desktop model. It may use the desktop's :class:`~.plumbing.Plumbing`, the
:class:`~.store.InteractionStore` (and the hooks other parts attached to it: accept and
reject of an interaction a campaign owns) and :class:`~.calls.CallControl` (to move and place calls).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError
from .calls import CallControl
from .interactions import DIALING, HELD, IDLE, OPEN_MEDIA, RINGING, TALKING, Interaction
from .plumbing import Plumbing
from .store import InteractionStore
from .userdata import check_key_values

__all__ = ["OPEN_MEDIA", "InteractionFlows", "parse_target"]
INVITED, ACCEPTED, CREATED, PULLED = "INVITED", "ACCEPTED", "CREATED", "PULLED"
OPEN_MEDIA_LIVE = frozenset({INVITED, ACCEPTED, CREATED, PULLED, "COMPOSING", "SAVED"})
TARGET_TYPES = ("AGENT", "AGENT_GROUP", "SKILL", "INTERACTION_QUEUE", "ROUTING_POINT", "CUSTOM_CONTACT")


def parse_target(target: Any) -> dict[str, str]:
    """A targetQuery: a string (a number to call) or ``{target|type, destination, media?}``."""
    if isinstance(target, str) and target:
        return {"type": "CUSTOM_CONTACT", "destination": target}
    if isinstance(target, Mapping):
        kind = target.get("target", target.get("type"))
        destination = target.get("destination")
        if kind not in TARGET_TYPES:
            raise InvalidParameterError(f"targetQuery type must be one of {', '.join(TARGET_TYPES)}, got {kind!r}")
        if not isinstance(destination, str) or not destination:
            raise InvalidParameterError("targetQuery needs a 'destination' string")
        media = target.get("media")
        if media is not None and not isinstance(media, str):
            raise InvalidParameterError("targetQuery 'media' must be a string")
        return {"type": str(kind), "destination": destination}
    raise InvalidParameterError(f"targetQuery must be a destination string or an object, got {target!r}")


def transfer_arguments(
    target: Any, user_data: Mapping[str, Any] | None, extensions: Mapping[str, Any] | None
) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
    """Validated (target, user data, extensions) of consult / transfer / conference."""
    ext = check_key_values(extensions, "extensions") if extensions is not None else {}
    return parse_target(target), check_key_values(user_data or {}), ext


class InteractionFlows:
    """Accept/reject, open media, cases, mark-done blocking, consult/transfer/conference."""

    def __init__(self, desk: Plumbing, store: InteractionStore, calls: CallControl) -> None:
        self.desk = desk
        self.store = store
        self.calls = calls

    # ------------------------------------------------------------------ open media

    def new_open_media(
        self, media: str, state: str, party: str, user_data: Mapping[str, Any], extra: dict[str, Any] | None = None
    ) -> Interaction:
        uuid = self.desk.ids.uuid().replace("-", "")[:16]
        return self.store.add(media, state, party, user_data, interaction_uuid=uuid, extra=dict(extra or {}))

    def simulate_open_media(
        self,
        media: str,
        party: str = "customer@example.com",
        *,
        subject: str | None = None,
        user_data: Mapping[str, Any] | None = None,
    ) -> str:
        with self.desk.transaction():
            if media not in OPEN_MEDIA:
                raise InvalidParameterError(f"open media must be one of {', '.join(OPEN_MEDIA)}, got {media!r}")
            if not isinstance(party, str) or not party:
                raise InvalidParameterError("party must be a non-empty string")
            extra = {"subject": subject} if subject is not None else {}
            item = self.new_open_media(media, INVITED, party, check_key_values(user_data or {}), extra)
            self.store.announce("ADDED", item)
            self.store.announce("INVITED", item)
            return item.interaction_id

    def create_email(self, destination: str, user_data: Mapping[str, Any] | None = None) -> str:
        with self.desk.transaction():
            if not isinstance(destination, str) or not destination:
                raise InvalidParameterError("destination must be a non-empty email address")
            item = self.new_open_media(
                "email", CREATED, destination, check_key_values(user_data or {}), {"direction": "OUT"}
            )
            self.store.announce("ADDED", item)
            self.store.announce("CREATED", item)
            return item.interaction_id

    def open_item(self, interaction_id: str, *states: str, what: str) -> Interaction:
        item = self.store.get(interaction_id)
        if item.media not in OPEN_MEDIA:
            raise InvalidActionError(f"cannot {what} interaction {interaction_id}: it is a {item.media} interaction")
        if states and item.state not in states:
            raise InvalidActionError(
                f"cannot {what} interaction {interaction_id}: it is {item.state}, {what} needs {' or '.join(states)}"
            )
        return item

    def accept(self, interaction_id: str) -> None:
        with self.desk.transaction():
            item = self.store.get(interaction_id)
            if item.media == "voice":
                self.calls.voice_action(interaction_id, "answer")
            elif not self.store.hooked_accept(item):
                self.store.step(self.open_item(interaction_id, INVITED, what="accept"), ACCEPTED, "ACCEPTED")

    def reject(self, interaction_id: str) -> None:
        with self.desk.transaction():
            item = self.store.get(interaction_id)
            if item.media == "voice":
                if item.state != RINGING:
                    raise InvalidActionError(
                        f"cannot reject interaction {interaction_id}: it is {item.state}, not RINGING"
                    )
                self.calls.voice_action(interaction_id, "hang_up")
            elif not self.store.hooked_reject(item):
                self.store.step(
                    self.open_item(interaction_id, INVITED, what="reject"), "REVOKED", "REVOKED", remove=True
                )

    def revoke(self, interaction_id: str) -> None:
        with self.desk.transaction():
            self.store.step(self.open_item(interaction_id, INVITED, what="revoke"), "REVOKED", "REVOKED", remove=True)

    def simulate_new_message(self, interaction_id: str, text: str, party: str | None = None) -> None:
        with self.desk.transaction():
            item = self.open_item(interaction_id, ACCEPTED, PULLED, what="receive a message on")
            if not isinstance(text, str):
                raise InvalidParameterError("message text must be a string")
            self.desk.emit(
                "interaction",
                {
                    "eventType": "NEW_MESSAGE",
                    "media": item.media,
                    "interaction": item.to_json(),
                    "message": {"text": text, "party": party or item.parties[0]},
                },
            )

    def end_chat(self, interaction_id: str) -> None:
        with self.desk.transaction():
            item = self.open_item(interaction_id, ACCEPTED, PULLED, what="end")
            if item.media != "chat":
                raise InvalidActionError(f"interaction {interaction_id} is a {item.media}, not a chat")
            self.store.step(item, "ENDED", "ENDED")

    def send_email(self, interaction_id: str) -> None:
        with self.desk.transaction():
            self.store.step(
                self.open_item(interaction_id, CREATED, "COMPOSING", what="send"), "SENT", "SENT", remove=True
            )

    def cancel_email(self, interaction_id: str) -> None:
        with self.desk.transaction():
            self.store.step(
                self.open_item(interaction_id, CREATED, "COMPOSING", what="cancel"),
                "CANCELLED",
                "CANCELLED",
                remove=True,
            )

    def move_to_workbin(self, interaction_id: str, workbin: str = "Personal") -> None:
        with self.desk.transaction():
            item = self.open_item(interaction_id, ACCEPTED, PULLED, what="move to a workbin")
            item.extra["workbin"] = workbin
            self.store.step(item, "IN_WORKBIN", "IN_WORKBIN", remove=True)

    def pull_from_workbin(
        self,
        media: str = "email",
        party: str = "customer@example.com",
        user_data: Mapping[str, Any] | None = None,
        workbin: str = "Personal",
    ) -> str:
        with self.desk.transaction():
            if media not in OPEN_MEDIA:
                raise InvalidParameterError(f"open media must be one of {', '.join(OPEN_MEDIA)}, got {media!r}")
            item = self.new_open_media(media, PULLED, party, check_key_values(user_data or {}), {"workbin": workbin})
            self.store.announce("ADDED", item)
            self.store.announce("PULLED", item)
            return item.interaction_id

    # ------------------------------------------------------------------ cases

    def select_case(self, case_id: str) -> None:
        with self.desk.transaction():
            if not isinstance(case_id, str) or not case_id:
                raise InvalidParameterError("caseId must be a non-empty string")
            members = [i for i in self.store if i.case_id == case_id]
            if not members:
                known = ", ".join(sorted({i.case_id for i in self.store})) or "none"
                raise InvalidParameterError(f"no case with id {case_id!r} (open cases: {known})")
            for other in {i.case_id for i in self.store if i.is_case_expanded} - {case_id}:
                for i in self.store:
                    if i.case_id == other:
                        i.is_case_expanded = i.is_case_selected = False
                self.desk.emit("interaction", {"eventType": "CASE_COLLAPSED", "selectedCaseId": other})
            for i in self.store:
                i.is_case_selected = i.case_id == case_id
            self.desk.emit("interaction", {"eventType": "CASE_SELECTED", "selectedCaseId": case_id})
            if not members[0].is_case_expanded:
                for i in members:
                    i.is_case_expanded = True
                self.desk.emit("interaction", {"eventType": "CASE_EXPANDED", "selectedCaseId": case_id})
            self.desk.touch("interactions")

    # ------------------------------------------------------------------ mark done blocking

    def block_mark_done(self, interaction_id: str, warning: str) -> None:
        with self.desk.transaction():
            item = self.store.get(interaction_id)
            if not isinstance(warning, str) or not warning:
                raise InvalidParameterError("blockMarkdone needs a warning message (a non-empty string)")
            item.markdone_warning = warning
            self.desk.touch_interactions(item.interaction_id)

    def unblock_mark_done(self, interaction_id: str) -> None:
        with self.desk.transaction():
            self.store.get(interaction_id).markdone_warning = None
            self.desk.touch_interactions(interaction_id)

    # ------------------------------------------------------------------ consult, transfer, conference

    def voice_call(self, interaction_id: str, what: str, states: tuple[str, ...] = (TALKING,)) -> Interaction:
        item = self.store.get(interaction_id)
        if item.media != "voice":
            raise InvalidActionError(f"cannot {what} interaction {interaction_id}: it is a {item.media} interaction")
        if item.state not in states:
            raise InvalidActionError(
                f"cannot {what} interaction {interaction_id}: it is {item.state}, {what} needs {' or '.join(states)}"
            )
        return item

    def consult(
        self,
        interaction_id: str,
        target: Any,
        user_data: Mapping[str, Any] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> str:
        with self.desk.transaction():
            item = self.voice_call(interaction_id, "consult on", (TALKING, HELD))
            destination, data, ext = transfer_arguments(target, user_data, extensions)
            self.calls.check_voice_reachable("consult")
            number = self.calls.switch.resolve(self.calls, destination, item)
            if item.state == TALKING:
                self.calls.voice_action(interaction_id, "hold")
            consult = self.calls.new_call(
                DIALING,
                direction="OUT",
                call_type="CONSULT",
                party=number,
                ani=item.dnis if item.direction == "IN" else item.ani,
                dnis=number,
                user_data={},
            )
            consult.is_consultation = True
            consult.is_main_case_interaction = False
            consult.parent_interaction_id = interaction_id
            consult.case_id = item.case_id  # the original's case (and bundle)
            bundle = item.user_data.get("IW_BundleUid", consult.user_data["IW_BundleUid"])
            consult.put_user_data({"IW_CaseUid": item.case_id, "IW_BundleUid": bundle})
            consult.extensions = ext
            consult.extra["target"] = destination
            self.calls.announce_dialing(consult, data)
            self.calls.switch.placed(self.calls, consult)
            return consult.interaction_id

    def consultation(self, consult_id: str, what: str) -> tuple[Interaction, Interaction]:
        consult = self.store.get(consult_id)
        parent = self.store.find(consult.parent_interaction_id) if consult.parent_interaction_id is not None else None
        if not consult.is_consultation or parent is None:
            raise InvalidActionError(f"cannot {what}: interaction {consult_id} is not a consultation call")
        if consult.state not in (DIALING, TALKING):
            raise InvalidActionError(f"cannot {what}: consultation {consult_id} is {consult.state}")
        if parent.state not in (TALKING, HELD):
            raise InvalidActionError(
                f"cannot {what}: the original call {parent.interaction_id} is {parent.state} "
                "(the consultation goes on as a call of its own)"
            )
        return consult, parent

    def complete_transfer(self, consult_id: str) -> None:
        with self.desk.transaction():
            consult, original = self.consultation(consult_id, "complete the transfer")
            for call in (original, consult):
                call.move_to(IDLE)
                self.store.announce("RELEASED", call)
            self.desk.touch_interactions(original.interaction_id, consult.interaction_id)
            self.calls.switch.transferred(self.calls, original, consult)

    def complete_conference(self, consult_id: str) -> None:
        with self.desk.transaction():
            consult, original = self.consultation(consult_id, "complete the conference")
            if consult.state != TALKING:
                raise InvalidActionError(f"cannot complete the conference: consultation {consult_id} is not answered")
            consult.move_to(IDLE)
            self.store.announce("RELEASED", consult)
            self.store.remove(consult)
            if original.state == HELD:
                self.calls.voice_action(original.interaction_id, "resume")
            original.parties.extend(consult.parties[:1])
            self.store.announce("PARTY_CHANGED", original)
            self.desk.touch_interactions(original.interaction_id, consult.interaction_id)
            self.calls.switch.conferenced(self.calls, original, consult)

    def single_step_transfer(
        self,
        interaction_id: str,
        target: Any,
        user_data: Mapping[str, Any] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        with self.desk.transaction():
            item = self.store.get(interaction_id)
            destination, data, _ = transfer_arguments(target, user_data, extensions)
            if item.media in OPEN_MEDIA:
                self.open_item(interaction_id, ACCEPTED, PULLED, what="transfer")
                item.put_user_data(data)
                item.extra["transferredTo"] = destination
                self.store.step(item, "TRANSFER_COMPLETED", "TRANSFER_COMPLETED", remove=True)
                self.calls.switch.handed_over(self.calls, item, destination)
                return
            self.voice_call(interaction_id, "transfer", (TALKING, HELD))
            number = self.calls.switch.resolve(self.calls, destination, item)
            item.put_user_data(data)
            item.extra["transferredTo"] = destination
            item.move_to(IDLE)
            self.store.announce("RELEASED", item)
            self.desk.touch_interactions(item.interaction_id)
            self.calls.switch.redirected(self.calls, item, number)

    def single_step_conference(
        self,
        interaction_id: str,
        target: Any,
        user_data: Mapping[str, Any] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        with self.desk.transaction():
            item = self.voice_call(interaction_id, "conference on")
            destination, data, _ = transfer_arguments(target, user_data, extensions)
            number = self.calls.switch.resolve(self.calls, destination, item)
            item.put_user_data(data)
            item.parties.append(number)
            self.store.announce("PARTY_CHANGED", item)
            self.desk.touch_interactions(item.interaction_id)
            self.calls.switch.joined(self.calls, item, number)
