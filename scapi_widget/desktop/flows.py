"""Interaction flows beyond basic call control: accept/reject, open media (chat, email,
workitem), case selection, blocked mark done, consultation, transfer and conference.

A mixin of :class:`~scapi_widget.desktop.model.AgentDesktop`; it uses the model's lock,
events and interaction store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError
from .interactions import DIALING, HELD, IDLE, RINGING, TALKING, Interaction
from .parts import DesktopParts
from .userdata import check_key_values

OPEN_MEDIA = ("chat", "email", "workitem")
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


def _transfer_arguments(
    target: Any, user_data: Mapping[str, Any] | None, extensions: Mapping[str, Any] | None
) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
    """Validated (target, user data, extensions) of consult / transfer / conference."""
    ext = check_key_values(extensions, "extensions") if extensions is not None else {}
    return parse_target(target), check_key_values(user_data or {}), ext


class InteractionFlows(DesktopParts):
    """Accept/reject, open media, cases, mark-done blocking, consult/transfer/conference."""

    # ------------------------------------------------------------------ open media

    def _new_open_media(
        self, media: str, state: str, party: str, user_data: Mapping[str, Any], extra: dict[str, Any] | None = None
    ) -> Interaction:
        uuid = self.ids.uuid().replace("-", "")[:16]
        return self._add_interaction(media, state, party, user_data, interaction_uuid=uuid, extra=dict(extra or {}))

    def simulate_open_media(
        self,
        media: str,
        party: str = "customer@example.com",
        *,
        subject: str | None = None,
        user_data: Mapping[str, Any] | None = None,
    ) -> str:
        """A chat, email or workitem is routed to the agent: INVITED. Returns its id."""
        with self.transaction():
            if media not in OPEN_MEDIA:
                raise InvalidParameterError(f"open media must be one of {', '.join(OPEN_MEDIA)}, got {media!r}")
            if not isinstance(party, str) or not party:
                raise InvalidParameterError("party must be a non-empty string")
            extra = {"subject": subject} if subject is not None else {}
            item = self._new_open_media(media, INVITED, party, check_key_values(user_data or {}), extra)
            self._interaction_event("ADDED", item)
            self._interaction_event("INVITED", item)
            return item.interaction_id

    def create_email(self, destination: str, user_data: Mapping[str, Any] | None = None) -> str:
        """The agent starts an outbound email (``email.create``): CREATED. Returns its id."""
        with self.transaction():
            if not isinstance(destination, str) or not destination:
                raise InvalidParameterError("destination must be a non-empty email address")
            item = self._new_open_media(
                "email", CREATED, destination, check_key_values(user_data or {}), {"direction": "OUT"}
            )
            self._interaction_event("ADDED", item)
            self._interaction_event("CREATED", item)
            return item.interaction_id

    def _open(self, interaction_id: str, *states: str, what: str) -> Interaction:
        item = self.interaction(interaction_id)
        if item.media not in OPEN_MEDIA:
            raise InvalidActionError(f"cannot {what} interaction {interaction_id}: it is a {item.media} interaction")
        if states and item.state not in states:
            raise InvalidActionError(
                f"cannot {what} interaction {interaction_id}: it is {item.state}, {what} needs {' or '.join(states)}"
            )
        return item

    def _step(self, item: Interaction, state: str | None, *event_types: str, remove: bool = False) -> None:
        if state is not None:
            item.move_to(state)
        for event_type in event_types:
            self._interaction_event(event_type, item)
        if remove:
            del self.interactions[item.interaction_id]
            self._interaction_event("REMOVED", item)
        self.touch("interactions")

    def accept(self, interaction_id: str) -> None:
        """Accept a ringing call or an invited interaction (chat, email, workitem, push preview)."""
        with self.transaction():
            item = self.interaction(interaction_id)
            if item.media == "voice":
                self._voice_action(interaction_id, "answer")
            elif not self._outbound_accept(item):
                self._step(self._open(interaction_id, INVITED, what="accept"), ACCEPTED, "ACCEPTED")

    def reject(self, interaction_id: str) -> None:
        """Reject a ringing call or an invited interaction; it leaves the desktop."""
        with self.transaction():
            item = self.interaction(interaction_id)
            if item.media == "voice":
                if item.state != RINGING:
                    raise InvalidActionError(
                        f"cannot reject interaction {interaction_id}: it is {item.state}, not RINGING"
                    )
                self._voice_action(interaction_id, "hang_up")
            elif not self._outbound_reject(item):
                self._step(self._open(interaction_id, INVITED, what="reject"), "REVOKED", "REVOKED", remove=True)

    def revoke(self, interaction_id: str) -> None:
        """The server takes an invited interaction back before it is accepted."""
        with self.transaction():
            self._step(self._open(interaction_id, INVITED, what="revoke"), "REVOKED", "REVOKED", remove=True)

    def simulate_new_message(self, interaction_id: str, text: str, party: str | None = None) -> None:
        """The customer writes in a chat (or replies to an email): NEW_MESSAGE."""
        with self.transaction():
            item = self._open(interaction_id, ACCEPTED, PULLED, what="receive a message on")
            if not isinstance(text, str):
                raise InvalidParameterError("message text must be a string")
            self.emit(
                "interaction",
                {
                    "eventType": "NEW_MESSAGE",
                    "media": item.media,
                    "interaction": item.to_json(),
                    "message": {"text": text, "party": party or item.parties[0]},
                },
            )

    def end_chat(self, interaction_id: str) -> None:
        """The customer leaves the chat: ENDED (the agent still marks it done)."""
        with self.transaction():
            item = self._open(interaction_id, ACCEPTED, PULLED, what="end")
            if item.media != "chat":
                raise InvalidActionError(f"interaction {interaction_id} is a {item.media}, not a chat")
            self._step(item, "ENDED", "ENDED")

    def send_email(self, interaction_id: str) -> None:
        """Send an outbound email: SENT, and it is done."""
        with self.transaction():
            self._step(self._open(interaction_id, CREATED, "COMPOSING", what="send"), "SENT", "SENT", remove=True)

    def cancel_email(self, interaction_id: str) -> None:
        """Discard an outbound email: CANCELLED."""
        with self.transaction():
            self._step(
                self._open(interaction_id, CREATED, "COMPOSING", what="cancel"), "CANCELLED", "CANCELLED", remove=True
            )

    def move_to_workbin(self, interaction_id: str, workbin: str = "Personal") -> None:
        """Put an accepted interaction in a workbin: IN_WORKBIN, and it leaves the desktop."""
        with self.transaction():
            item = self._open(interaction_id, ACCEPTED, PULLED, what="move to a workbin")
            item.extra["workbin"] = workbin
            self._step(item, "IN_WORKBIN", "IN_WORKBIN", remove=True)

    def pull_from_workbin(
        self,
        media: str = "email",
        party: str = "customer@example.com",
        user_data: Mapping[str, Any] | None = None,
        workbin: str = "Personal",
    ) -> str:
        """Take an interaction out of a workbin: PULLED. Returns its id."""
        with self.transaction():
            if media not in OPEN_MEDIA:
                raise InvalidParameterError(f"open media must be one of {', '.join(OPEN_MEDIA)}, got {media!r}")
            item = self._new_open_media(media, PULLED, party, check_key_values(user_data or {}), {"workbin": workbin})
            self._interaction_event("ADDED", item)
            self._interaction_event("PULLED", item)
            return item.interaction_id

    def _complete_open_media(self, item: Interaction) -> None:
        self._step(item, "COMPLETED", "COMPLETED", remove=True)

    # ------------------------------------------------------------------ cases

    def select_case(self, case_id: str) -> None:
        """Bring a case to the front: CASE_COLLAPSED (previous), CASE_SELECTED, CASE_EXPANDED."""
        with self.transaction():
            if not isinstance(case_id, str) or not case_id:
                raise InvalidParameterError("caseId must be a non-empty string")
            members = [i for i in self.interactions.values() if i.case_id == case_id]
            if not members:
                known = ", ".join(sorted({i.case_id for i in self.interactions.values()})) or "none"
                raise InvalidParameterError(f"no case with id {case_id!r} (open cases: {known})")
            for other in {i.case_id for i in self.interactions.values() if i.is_case_expanded} - {case_id}:
                for i in self.interactions.values():
                    if i.case_id == other:
                        i.is_case_expanded = i.is_case_selected = False
                self.emit("interaction", {"eventType": "CASE_COLLAPSED", "selectedCaseId": other})
            for i in self.interactions.values():
                i.is_case_selected = i.case_id == case_id
            self.emit("interaction", {"eventType": "CASE_SELECTED", "selectedCaseId": case_id})
            if not members[0].is_case_expanded:
                for i in members:
                    i.is_case_expanded = True
                self.emit("interaction", {"eventType": "CASE_EXPANDED", "selectedCaseId": case_id})
            self.touch("interactions")

    # ------------------------------------------------------------------ mark done blocking

    def block_mark_done(self, interaction_id: str, warning: str) -> None:
        """Refuse mark done for an interaction until unblocked, showing ``warning``."""
        with self.transaction():
            item = self.interaction(interaction_id)
            if not isinstance(warning, str) or not warning:
                raise InvalidParameterError("blockMarkdone needs a warning message (a non-empty string)")
            item.markdone_warning = warning
            self.touch("interactions")

    def unblock_mark_done(self, interaction_id: str) -> None:
        """Allow mark done again."""
        with self.transaction():
            self.interaction(interaction_id).markdone_warning = None
            self.touch("interactions")

    # ------------------------------------------------------------------ consult, transfer, conference

    def _talking_call(self, interaction_id: str, what: str, states: tuple[str, ...] = (TALKING,)) -> Interaction:
        item = self.interaction(interaction_id)
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
        """Start a consultation: the call goes on hold, a consult call dials. Returns its id."""
        with self.transaction():
            item = self._talking_call(interaction_id, "consult on", (TALKING, HELD))
            destination, data, ext = _transfer_arguments(target, user_data, extensions)
            self._check_voice_reachable("consult")
            if item.state == TALKING:
                self._voice_action(interaction_id, "hold")
            consult = self._new_voice(
                DIALING,
                direction="OUT",
                call_type="CONSULT",
                party=destination["destination"],
                ani=item.dnis if item.direction == "IN" else item.ani,
                dnis=destination["destination"],
                user_data={},
            )
            consult.is_consultation = True
            consult.is_main_case_interaction = False
            consult.parent_interaction_id = interaction_id
            consult.case_id = consult.user_data["IW_CaseUid"] = item.case_id  # the original's case
            consult.extensions = ext
            consult.extra["target"] = destination
            self._announce_dialing(consult, data)
            return consult.interaction_id

    def _consultation(self, consult_id: str, what: str) -> tuple[Interaction, Interaction]:
        consult = self.interaction(consult_id)
        if not consult.is_consultation or consult.parent_interaction_id not in self.interactions:
            raise InvalidActionError(f"cannot {what}: interaction {consult_id} is not a consultation call")
        if consult.state not in (DIALING, TALKING):
            raise InvalidActionError(f"cannot {what}: consultation {consult_id} is {consult.state}")
        return consult, self.interactions[consult.parent_interaction_id]

    def complete_transfer(self, consult_id: str) -> None:
        """Hand the customer to the consulted party: both calls are released for this agent."""
        with self.transaction():
            consult, original = self._consultation(consult_id, "complete the transfer")
            for call in (original, consult):
                call.move_to(IDLE)
                self._interaction_event("RELEASED", call)
            self.touch("interactions")

    def complete_conference(self, consult_id: str) -> None:
        """Join the consulted party to the call: the consultation ends, the call has one more party."""
        with self.transaction():
            consult, original = self._consultation(consult_id, "complete the conference")
            if consult.state != TALKING:
                raise InvalidActionError(f"cannot complete the conference: consultation {consult_id} is not answered")
            consult.move_to(IDLE)
            self._interaction_event("RELEASED", consult)
            del self.interactions[consult_id]
            self._interaction_event("REMOVED", consult)
            if original.state == HELD:
                self._voice_action(original.interaction_id, "resume")
            original.parties.append(consult.parties[0])
            self._interaction_event("PARTY_CHANGED", original)
            self.touch("interactions")

    def single_step_transfer(
        self,
        interaction_id: str,
        target: Any,
        user_data: Mapping[str, Any] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        """Transfer without consulting: the interaction leaves this agent."""
        with self.transaction():
            item = self.interaction(interaction_id)
            destination, data, _ = _transfer_arguments(target, user_data, extensions)
            if item.media in OPEN_MEDIA:
                self._open(interaction_id, ACCEPTED, PULLED, what="transfer")
                item.user_data.update(data)
                item.extra["transferredTo"] = destination
                self._step(item, "TRANSFER_COMPLETED", "TRANSFER_COMPLETED", remove=True)
                return
            self._talking_call(interaction_id, "transfer", (TALKING, HELD))
            item.user_data.update(data)
            item.extra["transferredTo"] = destination
            item.move_to(IDLE)
            self._interaction_event("RELEASED", item)
            self.touch("interactions")

    def single_step_conference(
        self,
        interaction_id: str,
        target: Any,
        user_data: Mapping[str, Any] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        """Add a party to a call without consulting: PARTY_CHANGED."""
        with self.transaction():
            item = self._talking_call(interaction_id, "conference on")
            destination, data, _ = _transfer_arguments(target, user_data, extensions)
            item.user_data.update(data)
            item.parties.append(destination["destination"])
            self._interaction_event("PARTY_CHANGED", item)
            self.touch("interactions")
