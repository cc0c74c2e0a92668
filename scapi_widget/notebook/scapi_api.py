"""Typed SCAPI namespaces: ``desk.voice.dial("5001")``, ``desk.scapi.agent.get()``.

GENERATED from scapi_widget/wire/spec/requests.json by ``python3 -m scapi_widget.notebook.api_codegen``; do not edit.
tests/test_scapi_api.py fails when this file is not what the table gives.
"""

from __future__ import annotations

from ..json_types import JsonObject, JsonValue
from .namespaces import (
    InteractionInfo,
    Namespaces,
    RequestCall,
    RequestNamespace,
    answer_bool,
    answer_interaction,
    answer_interactions,
    answer_json,
    answer_none,
    answer_object,
    answer_objects,
    answer_str,
    answer_strings,
    optional,
    request,
)


class AgentRequests(RequestNamespace):
    """``agent.*`` requests."""

    _namespace = "agent"

    @request("agent.get")
    def get(self) -> JsonObject:
        """The signed-in agent: employee id, names, user name.

        SCAPI ``agent.get()``, sent as an app would send it.

        Answers agent.Agent.
        """
        return self._request("agent.get", answer_object)

    @request("agent.getState")
    def get_state(self) -> JsonObject:
        """The agent's current state.

        SCAPI ``agent.getState()``, sent as an app would send it.

        Answers media.State.
        """
        return self._request("agent.getState", answer_object)

    @request("agent.getStateList")
    def get_state_list(self) -> list[JsonObject]:
        """The states the agent may choose from.

        SCAPI ``agent.getStateList()``, sent as an app would send it.

        Answers Array<media.State>.
        """
        return self._request("agent.getStateList", answer_objects)

    @request("agent.setState")
    def set_state(self, state_operation_name: str) -> None:
        """Change the agent's state on every media.

        SCAPI ``agent.setState(state_operation_name)``, sent as an app would send it.

        state_operation_name: operationName of a state from getStateList, e.g. "NotReady".

        Answers nothing (None).
        """
        self._request("agent.setState", answer_none, state_operation_name)


class AuthRequests(RequestNamespace):
    """``auth.*`` requests."""

    _namespace = "auth"

    @request("auth.getJwtToken")
    def get_jwt_token(self) -> JsonObject:
        """A JSON Web Token for the agent; the origin must name auth.getJwtToken explicitly.

        SCAPI ``auth.getJwtToken()``, sent as an app would send it.

        Answers object {expiration: ISO-8601 string, jwtToken: string}.
        """
        return self._request("auth.getJwtToken", answer_object)

    @request("auth.getPureCloudToken")
    def get_pure_cloud_token(self, force_new_token: bool) -> JsonValue:
        """A Genesys Cloud access token (sample only).

        SCAPI ``auth.getPureCloudToken(force_new_token)``, sent as an app would send it.

        force_new_token: true for a new token instead of the cached one.

        Answers undocumented (a Genesys Cloud token).
        """
        return self._request("auth.getPureCloudToken", answer_json, force_new_token)


class ConfigurationRequests(RequestNamespace):
    """``configuration.*`` requests."""

    _namespace = "configuration"

    @request("configuration.getOption")
    def get_option(self, options: str | list[str]) -> list[JsonObject]:
        """Configuration options by name or wildcard.

        SCAPI ``configuration.getOption(options)``, sent as an app would send it.

        options: Option names: "name", "Section/name"; "*" only at the end of a word.

        Answers Array<configuration.Section>.
        """
        return self._request("configuration.getOption", answer_objects, options)

    @request("configuration.getContextualOption")
    def get_contextual_option(self, options: str | list[str], interaction_id: str) -> list[JsonObject]:
        """Configuration options as overridden for one interaction.

        SCAPI ``configuration.getContextualOption(options, interaction_id)``, sent as an app would send it.

        options: Option names: "name", "Section/name"; "*" only at the end of a word.
        interaction_id: Id of the interaction.

        Answers Array<configuration.Section>.
        """
        return self._request("configuration.getContextualOption", answer_objects, options, interaction_id)


class EmailRequests(RequestNamespace):
    """``email.*`` requests."""

    _namespace = "email"

    @request("email.create")
    def create(self, destination: str, user_data: JsonObject | None = None) -> None:
        """Open a new outbound email.

        SCAPI ``email.create(destination, user_data=None)``, sent as an app would send it.

        destination: Number or address to reach.
        user_data: Key/values to attach.

        Answers nothing (None).
        """
        self._request("email.create", answer_none, destination, user_data)


class InteractionRequests(RequestNamespace):
    """``interaction.*`` requests."""

    _namespace = "interaction"

    @request("interaction.getInteractions")
    def get_interactions(self) -> list[InteractionInfo]:
        """Every interaction of the agent.

        SCAPI ``interaction.getInteractions()``, sent as an app would send it.

        Answers Array<interaction.Interaction>.
        """
        return self._request("interaction.getInteractions", answer_interactions)

    @request("interaction.getByInteractionId")
    def get_by_interaction_id(self, interaction_id: str) -> InteractionInfo | None:
        """One interaction, or null if there is none with that id.

        SCAPI ``interaction.getByInteractionId(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers interaction.Interaction or null.
        """
        return self._request("interaction.getByInteractionId", optional(answer_interaction), interaction_id)

    @request("interaction.setUserData")
    def set_user_data(self, interaction_id: str, key_values: JsonObject) -> None:
        """Add or overwrite keys in a live interaction's user data.

        SCAPI ``interaction.setUserData(interaction_id, key_values)``, sent as an app would send it.

        interaction_id: Id of the interaction.
        key_values: Key/values to write; existing keys are overwritten.

        Answers nothing (None).

        Desktop verb: ``desk.set_user_data(...)`` does this from the outside world's side (Python arguments, not subject
            to the apps' security rules).
        """
        self._request("interaction.setUserData", answer_none, interaction_id, key_values)

    @request("interaction.deleteUserData")
    def delete_user_data(self, interaction_id: str, key: str) -> None:
        """Remove one key from an interaction's user data.

        SCAPI ``interaction.deleteUserData(interaction_id, key)``, sent as an app would send it.

        interaction_id: Id of the interaction.
        key: User-data key to remove.

        Answers nothing (None).

        Desktop verb: ``desk.delete_user_data(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules).
        """
        self._request("interaction.deleteUserData", answer_none, interaction_id, key)

    @request("interaction.selectCaseByCaseId")
    def select_case_by_case_id(self, case_id: str) -> None:
        """Select the case of an interaction (fires CASE_* events).

        SCAPI ``interaction.selectCaseByCaseId(case_id)``, sent as an app would send it.

        case_id: Id of the case.

        Answers nothing (None).
        """
        self._request("interaction.selectCaseByCaseId", answer_none, case_id)

    @request("interaction.markdone")
    def markdone(self, interaction_id: str) -> None:
        """Mark an interaction done.

        SCAPI ``interaction.markdone(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("interaction.markdone", answer_none, interaction_id)

    @request("interaction.blockMarkdone")
    def block_markdone(self, interaction_id: str, warning_message: str) -> None:
        """Prevent marking an interaction done, with a warning to show.

        SCAPI ``interaction.blockMarkdone(interaction_id, warning_message)``, sent as an app would send it.

        interaction_id: Id of the interaction.
        warning_message: Text shown when the agent tries to mark it done.

        Answers nothing (None).
        """
        self._request("interaction.blockMarkdone", answer_none, interaction_id, warning_message)

    @request("interaction.unblockMarkdone")
    def unblock_markdone(self, interaction_id: str) -> None:
        """Allow marking an interaction done again.

        SCAPI ``interaction.unblockMarkdone(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("interaction.unblockMarkdone", answer_none, interaction_id)

    @request("interaction.accept")
    def accept(self, interaction_id: str) -> None:
        """Accept a ringing or invited interaction.

        SCAPI ``interaction.accept(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.accept(...)`` does this from the outside world's side (Python arguments, not subject to the
            apps' security rules).
        """
        self._request("interaction.accept", answer_none, interaction_id)

    @request("interaction.reject")
    def reject(self, interaction_id: str) -> None:
        """Reject a ringing or invited interaction.

        SCAPI ``interaction.reject(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.reject(...)`` does this from the outside world's side (Python arguments, not subject to the
            apps' security rules).
        """
        self._request("interaction.reject", answer_none, interaction_id)

    @request("interaction.consult")
    def consult(
        self,
        interaction_id: str,
        target_query: JsonObject | str,
        user_data: JsonObject | None = None,
        extensions: JsonObject | None = None,
    ) -> None:
        """Start a consultation with a target.

        SCAPI ``interaction.consult(interaction_id, target_query, user_data=None, extensions=None)``, sent as an app
            would send it.

        interaction_id: Id of the interaction.
        target_query: A number (custom contact), or {type, destination[, media]} with type AGENT, AGENT_GROUP, SKILL,
            INTERACTION_QUEUE, ROUTING_POINT or CUSTOM_CONTACT.
        user_data: Key/values to attach.
        extensions: T-Lib extensions: flat key/values.

        Answers nothing (None).

        Desktop verb: ``desk.consult(...)`` does this from the outside world's side (Python arguments, not subject to
            the apps' security rules) and returns the new id.
        """
        self._request("interaction.consult", answer_none, interaction_id, target_query, user_data, extensions)

    @request("interaction.singleStepTransfer")
    def single_step_transfer(
        self,
        interaction_id: str,
        target_query: JsonObject | str,
        user_data: JsonObject | None = None,
        extensions: JsonObject | None = None,
    ) -> None:
        """Transfer an interaction to a target in one step.

        SCAPI ``interaction.singleStepTransfer(interaction_id, target_query, user_data=None, extensions=None)``, sent as
            an app would send it.

        interaction_id: Id of the interaction.
        target_query: A number (custom contact), or {type, destination[, media]} with type AGENT, AGENT_GROUP, SKILL,
            INTERACTION_QUEUE, ROUTING_POINT or CUSTOM_CONTACT.
        user_data: Key/values to attach.
        extensions: T-Lib extensions: flat key/values.

        Answers nothing (None).

        Desktop verb: ``desk.single_step_transfer(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules).
        """
        self._request(
            "interaction.singleStepTransfer", answer_none, interaction_id, target_query, user_data, extensions
        )

    @request("interaction.singleStepConference")
    def single_step_conference(
        self,
        interaction_id: str,
        target_query: JsonObject | str,
        user_data: JsonObject | None = None,
        extensions: JsonObject | None = None,
    ) -> None:
        """Add a target to an interaction in one step.

        SCAPI ``interaction.singleStepConference(interaction_id, target_query, user_data=None, extensions=None)``, sent
            as an app would send it.

        interaction_id: Id of the interaction.
        target_query: A number (custom contact), or {type, destination[, media]} with type AGENT, AGENT_GROUP, SKILL,
            INTERACTION_QUEUE, ROUTING_POINT or CUSTOM_CONTACT.
        user_data: Key/values to attach.
        extensions: T-Lib extensions: flat key/values.

        Answers nothing (None).

        Desktop verb: ``desk.single_step_conference(...)`` does this from the outside world's side (Python arguments,
            not subject to the apps' security rules).
        """
        self._request(
            "interaction.singleStepConference", answer_none, interaction_id, target_query, user_data, extensions
        )

    @request("interaction.completeTransfer")
    def complete_transfer(self, consult_interaction_id: str) -> None:
        """Complete a transfer from its consultation.

        SCAPI ``interaction.completeTransfer(consult_interaction_id)``, sent as an app would send it.

        consult_interaction_id: Id of the consultation interaction, not the original.

        Answers nothing (None).

        Desktop verb: ``desk.complete_transfer(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules).
        """
        self._request("interaction.completeTransfer", answer_none, consult_interaction_id)

    @request("interaction.completeConference")
    def complete_conference(self, consult_interaction_id: str) -> None:
        """Complete a conference from its consultation.

        SCAPI ``interaction.completeConference(consult_interaction_id)``, sent as an app would send it.

        consult_interaction_id: Id of the consultation interaction, not the original.

        Answers nothing (None).

        Desktop verb: ``desk.complete_conference(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules).
        """
        self._request("interaction.completeConference", answer_none, consult_interaction_id)


class MediaRequests(RequestNamespace):
    """``media.*`` requests."""

    _namespace = "media"

    @request("media.getMediaList")
    def get_media_list(self) -> list[JsonObject]:
        """Every media channel of the agent with its state.

        SCAPI ``media.getMediaList()``, sent as an app would send it.

        Answers Array<media.Media>.
        """
        return self._request("media.getMediaList", answer_objects)

    @request("media.getMediaByName")
    def get_media_by_name(self, name: str) -> JsonObject:
        """One media channel with its state.

        SCAPI ``media.getMediaByName(name)``, sent as an app would send it.

        name: Name of the media channel, e.g. "voice".

        Answers media.Media.
        """
        return self._request("media.getMediaByName", answer_object, name)

    @request("media.setState")
    def set_state(self, name: str, state_operation_name: str) -> None:
        """Change the agent's state on one media channel.

        SCAPI ``media.setState(name, state_operation_name)``, sent as an app would send it.

        name: Name of the media channel, e.g. "voice".
        state_operation_name: operationName of a state from getStateList, e.g. "NotReady".

        Answers nothing (None).
        """
        self._request("media.setState", answer_none, name, state_operation_name)


class MessengerRequests(RequestNamespace):
    """``messenger.*`` requests."""

    _namespace = "messenger"

    @request("messenger.broadcastMessage")
    def broadcast_message(self, channel: str, message: JsonObject) -> None:
        """Send a message to every frame subscribed to messenger:<channel>.

        SCAPI ``messenger.broadcastMessage(channel, message)``, sent as an app would send it.

        channel: Channel name; receivers subscribe to messenger:<channel>.
        message: The JSON object to deliver.

        Answers nothing (None).
        """
        self._request("messenger.broadcastMessage", answer_none, channel, message)


class OutboundRequests(RequestNamespace):
    """``outbound.*`` requests."""

    _namespace = "outbound"

    @request("outbound.getCampaigns")
    def get_campaigns(self) -> JsonValue:
        """The outbound campaigns loaded or running for the agent.

        SCAPI ``outbound.getCampaigns()``, sent as an app would send it.

        Answers undocumented (campaign details, loaded or active, for current agent).
        """
        return self._request("outbound.getCampaigns", answer_json)

    @request("outbound.getPreviewRecord")
    def get_preview_record(self, campaign_name: str) -> None:
        """Pull a preview record of a campaign; it arrives as interaction events.

        SCAPI ``outbound.getPreviewRecord(campaign_name)``, sent as an app would send it.

        campaign_name: Name of the campaign.

        Answers nothing (None).

        Desktop verb: ``desk.get_preview_record(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules) and returns the new id.
        """
        self._request("outbound.getPreviewRecord", answer_none, campaign_name)

    @request("outbound.callPreviewRecord")
    def call_preview_record(self, interaction_id: str, record_handle: float) -> None:
        """Dial a number of a preview record's chain.

        SCAPI ``outbound.callPreviewRecord(interaction_id, record_handle)``, sent as an app would send it.

        interaction_id: Id of the interaction.
        record_handle: Handle of the record in the chain to dial.

        Answers nothing (None).

        Desktop verb: ``desk.call_preview_record(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules) and returns the new id.
        """
        self._request("outbound.callPreviewRecord", answer_none, interaction_id, record_handle)

    @request("outbound.rejectPreviewRecord")
    def reject_preview_record(self, interaction_id: str) -> None:
        """Reject a preview record.

        SCAPI ``outbound.rejectPreviewRecord(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.reject_preview_record(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules).
        """
        self._request("outbound.rejectPreviewRecord", answer_none, interaction_id)

    @request("outbound.cancelPreviewRecord")
    def cancel_preview_record(self, interaction_id: str) -> None:
        """Give a preview record back to the campaign.

        SCAPI ``outbound.cancelPreviewRecord(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.cancel_preview_record(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules).
        """
        self._request("outbound.cancelPreviewRecord", answer_none, interaction_id)

    @request("outbound.startDirectPushPreview")
    def start_direct_push_preview(self) -> None:
        """Start receiving Direct Push Preview records.

        SCAPI ``outbound.startDirectPushPreview()``, sent as an app would send it.

        Answers nothing (None).
        """
        self._request("outbound.startDirectPushPreview", answer_none)

    @request("outbound.stopDirectPushPreview")
    def stop_direct_push_preview(self) -> None:
        """Stop receiving Direct Push Preview records.

        SCAPI ``outbound.stopDirectPushPreview()``, sent as an app would send it.

        Answers nothing (None).
        """
        self._request("outbound.stopDirectPushPreview", answer_none)

    @request("outbound.rescheduleRecord")
    def reschedule_record(
        self,
        interaction_id: str,
        record_handle: float,
        reschedule_date: str,
        callback_type: str,
    ) -> None:
        """Reschedule a record for a later call.

        SCAPI ``outbound.rescheduleRecord(interaction_id, record_handle, reschedule_date, callback_type)``, sent as an
            app would send it.

        interaction_id: Id of the interaction.
        record_handle: Handle of the record in the chain to dial.
        reschedule_date: When to call, e.g. "12/31/2098 14:30" (M/D/YYYY H:mm, local time).
        callback_type: "CAMPAIGN" or "PERSONAL".

        Answers nothing (None).
        """
        self._request(
            "outbound.rescheduleRecord", answer_none, interaction_id, record_handle, reschedule_date, callback_type
        )

    @request("outbound.cancelReschedule")
    def cancel_reschedule(self, interaction_id: str) -> None:
        """Cancel a record's reschedule.

        SCAPI ``outbound.cancelReschedule(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("outbound.cancelReschedule", answer_none, interaction_id)

    @request("outbound.getListOfCallResults")
    def get_list_of_call_results(self) -> JsonValue:
        """The call results an agent may set.

        SCAPI ``outbound.getListOfCallResults()``, sent as an app would send it.

        Answers undocumented.
        """
        return self._request("outbound.getListOfCallResults", answer_json)

    @request("outbound.setCallResult")
    def set_call_result(self, interaction_id: str, call_result: float) -> None:
        """Set the call result of a record.

        SCAPI ``outbound.setCallResult(interaction_id, call_result)``, sent as an app would send it.

        interaction_id: Id of the interaction.
        call_result: Numeric call-result code from getListOfCallResults.

        Answers nothing (None).
        """
        self._request("outbound.setCallResult", answer_none, interaction_id, call_result)

    @request("outbound.getCallResult")
    def get_call_result(self, interaction_id: str) -> JsonValue:
        """The call result set on a record.

        SCAPI ``outbound.getCallResult(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers undocumented.
        """
        return self._request("outbound.getCallResult", answer_json, interaction_id)

    @request("outbound.setDoNotCall")
    def set_do_not_call(self, interaction_id: str) -> None:
        """Put a record's number on the do-not-call list.

        SCAPI ``outbound.setDoNotCall(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("outbound.setDoNotCall", answer_none, interaction_id)

    @request("outbound.removeDoNotCall")
    def remove_do_not_call(self, interaction_id: str) -> None:
        """Take a record's number off the do-not-call list.

        SCAPI ``outbound.removeDoNotCall(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("outbound.removeDoNotCall", answer_none, interaction_id)

    @request("outbound.getChainedRecords")
    def get_chained_records(self, interaction_id: str) -> JsonValue:
        """The chain of records of an outbound interaction.

        SCAPI ``outbound.getChainedRecords(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers undocumented.
        """
        return self._request("outbound.getChainedRecords", answer_json, interaction_id)

    @request("outbound.getRecordFields")
    def get_record_fields(self, interaction_id: str) -> JsonValue:
        """The calling-list fields of the selected record.

        SCAPI ``outbound.getRecordFields(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers undocumented.
        """
        return self._request("outbound.getRecordFields", answer_json, interaction_id)

    @request("outbound.updateRecordFields")
    def update_record_fields(self, interaction_id: str, record_data: JsonObject) -> None:
        """Change calling-list fields of a record.

        SCAPI ``outbound.updateRecordFields(interaction_id, record_data)``, sent as an app would send it.

        interaction_id: Id of the interaction.
        record_data: Calling-list fields to change, e.g. {"GSW_CUSTOM_STRING": "x"}.

        Answers nothing (None).
        """
        self._request("outbound.updateRecordFields", answer_none, interaction_id, record_data)


class SipEndpointRequests(RequestNamespace):
    """``sipEndpoint.*`` requests."""

    _namespace = "sipEndpoint"

    @request("sipEndpoint.isMicrophoneMute")
    def is_microphone_mute(self) -> bool:
        """Whether the SIP phone's microphone is muted (documented under voice).

        SCAPI ``sipEndpoint.isMicrophoneMute()``, sent as an app would send it.

        Answers boolean (inferred).
        """
        return self._request("sipEndpoint.isMicrophoneMute", answer_bool)

    @request("sipEndpoint.muteMicrophone")
    def mute_microphone(self) -> None:
        """Mute the SIP phone's microphone (documented under voice).

        SCAPI ``sipEndpoint.muteMicrophone()``, sent as an app would send it.

        Answers nothing (None).
        """
        self._request("sipEndpoint.muteMicrophone", answer_none)

    @request("sipEndpoint.unmuteMicrophone")
    def unmute_microphone(self) -> None:
        """Unmute the SIP phone's microphone (documented under voice).

        SCAPI ``sipEndpoint.unmuteMicrophone()``, sent as an app would send it.

        Answers nothing (None).
        """
        self._request("sipEndpoint.unmuteMicrophone", answer_none)

    @request("sipEndpoint.isSpeakerMute")
    def is_speaker_mute(self) -> bool:
        """Whether the SIP phone's speaker is muted (documented under voice).

        SCAPI ``sipEndpoint.isSpeakerMute()``, sent as an app would send it.

        Answers boolean (inferred).
        """
        return self._request("sipEndpoint.isSpeakerMute", answer_bool)

    @request("sipEndpoint.muteSpeaker")
    def mute_speaker(self) -> None:
        """Mute the SIP phone's speaker (documented under voice).

        SCAPI ``sipEndpoint.muteSpeaker()``, sent as an app would send it.

        Answers nothing (None).
        """
        self._request("sipEndpoint.muteSpeaker", answer_none)

    @request("sipEndpoint.unmuteSpeaker")
    def unmute_speaker(self) -> None:
        """Unmute the SIP phone's speaker (documented under voice).

        SCAPI ``sipEndpoint.unmuteSpeaker()``, sent as an app would send it.

        Answers nothing (None).
        """
        self._request("sipEndpoint.unmuteSpeaker", answer_none)


class SystemRequests(RequestNamespace):
    """``system.*`` requests."""

    _namespace = "system"

    @request("system.getAllowedServices")
    def get_allowed_services(self) -> list[str]:
        """The request names the calling origin may use.

        SCAPI ``system.getAllowedServices()``, sent as an app would send it.

        Answers Array<string> (allowed request names).
        """
        return self._request("system.getAllowedServices", answer_strings)

    @request("system.triggerActivity")
    def trigger_activity(self) -> None:
        """Reset the inactivity timer.

        SCAPI ``system.triggerActivity()``, sent as an app would send it.

        Answers nothing (None).

        Desktop verb: ``desk.trigger_activity(...)`` does this from the outside world's side (Python arguments, not
            subject to the apps' security rules).
        """
        self._request("system.triggerActivity", answer_none)

    @request("system.popupToast")
    def popup_toast(self, parameters: JsonObject) -> str:
        """Show a toast; answers its id.

        SCAPI ``system.popupToast(parameters)``, sent as an app would send it.

        parameters: ToastParameters: title, message, iconUrl, buttons, width.

        Answers string (toast id, e.g. 'wweCustomToast0').

        Desktop verb: ``desk.popup_toast(...)`` does this from the outside world's side (Python arguments, not subject
            to the apps' security rules) and returns the new id.
        """
        return self._request("system.popupToast", answer_str, parameters)

    @request("system.updateToast")
    def update_toast(self, id: str, parameters: JsonObject) -> bool:
        """Change a shown toast; answers false if its id is unknown.

        SCAPI ``system.updateToast(id, parameters)``, sent as an app would send it.

        id: Id of the toast, e.g. "wweCustomToast0".
        parameters: ToastParameters to change: title, message, iconUrl, buttons, width.

        Answers boolean (false if id unknown).

        Desktop verb: ``desk.update_toast(...)`` does this from the outside world's side (Python arguments, not subject
            to the apps' security rules).
        """
        return self._request("system.updateToast", answer_bool, id, parameters)

    @request("system.closeToast")
    def close_toast(self, id: str) -> bool:
        """Close a toast; answers false if its id is unknown.

        SCAPI ``system.closeToast(id)``, sent as an app would send it.

        id: Id of the toast, e.g. "wweCustomToast0".

        Answers boolean (false if id unknown).

        Desktop verb: ``desk.close_toast(...)`` does this from the outside world's side (Python arguments, not subject
            to the apps' security rules).
        """
        return self._request("system.closeToast", answer_bool, id)

    @request("system.openDialog")
    def open_dialog(self, url: str, options: JsonObject | None = None) -> JsonValue:
        """Open a dialog showing a URL; answers the dialog id.

        SCAPI ``system.openDialog(url, options=None)``, sent as an app would send it.

        url: Address shown in the dialog; may contain $Dialog.Id$ and $Agent.FullName$.
        options: {label, width, height} of the dialog.

        Answers undocumented (dialog id, e.g. 'wweCustomDialog1' - inferred).

        Desktop verb: ``desk.open_dialog(...)`` does this from the outside world's side (Python arguments, not subject
            to the apps' security rules) and returns the new id.
        """
        return self._request("system.openDialog", answer_json, url, options)

    @request("system.closeDialog")
    def close_dialog(self, dialog_id: str) -> None:
        """Close a dialog.

        SCAPI ``system.closeDialog(dialog_id)``, sent as an app would send it.

        dialog_id: Id of the dialog.

        Answers nothing (None).

        Desktop verb: ``desk.close_dialog(...)`` does this from the outside world's side (Python arguments, not subject
            to the apps' security rules).
        """
        self._request("system.closeDialog", answer_none, dialog_id)

    @request("system.updateViewInApplicationMenuBar")
    def update_view_in_application_menu_bar(self, parameters: JsonObject) -> None:
        """Create or update a custom view in the application menu bar, keyed by name.

        SCAPI ``system.updateViewInApplicationMenuBar(parameters)``, sent as an app would send it.

        parameters: {name, iconUrl, label, shortLabel, tooltip, backgroundColor, labelColor}.

        Answers nothing (None).
        """
        self._request("system.updateViewInApplicationMenuBar", answer_none, parameters)

    @request("system.closeViewInApplicationMenuBar")
    def close_view_in_application_menu_bar(self, name: str) -> None:
        """Remove a custom view from the application menu bar.

        SCAPI ``system.closeViewInApplicationMenuBar(name)``, sent as an app would send it.

        name: Name of the custom view.

        Answers nothing (None).
        """
        self._request("system.closeViewInApplicationMenuBar", answer_none, name)

    @request("system.amIVisible")
    def am_i_visible(self) -> JsonValue:
        """Whether the calling frame is visible.

        SCAPI ``system.amIVisible()``, sent as an app would send it.

        Answers undocumented (visibility of calling frame; boolean inferred).
        """
        return self._request("system.amIVisible", answer_json)

    @request("system.isFrameLeading")
    def is_frame_leading(self) -> JsonValue:
        """Whether this browser tab leads the desktop session.

        SCAPI ``system.isFrameLeading()``, sent as an app would send it.

        Answers undocumented (boolean inferred).
        """
        return self._request("system.isFrameLeading", answer_json)

    @request("system.isFrameFollowing")
    def is_frame_following(self) -> JsonValue:
        """Whether this browser tab follows another one.

        SCAPI ``system.isFrameFollowing()``, sent as an app would send it.

        Answers undocumented (boolean inferred).
        """
        return self._request("system.isFrameFollowing", answer_json)

    @request("system.isFrameNegotiating")
    def is_frame_negotiating(self) -> JsonValue:
        """Whether this browser tab is negotiating leadership.

        SCAPI ``system.isFrameNegotiating()``, sent as an app would send it.

        Answers undocumented (boolean inferred).
        """
        return self._request("system.isFrameNegotiating", answer_json)

    @request("system.isFrameLeadingOrNegotiating")
    def is_frame_leading_or_negotiating(self) -> JsonValue:
        """Whether this browser tab leads or is negotiating leadership.

        SCAPI ``system.isFrameLeadingOrNegotiating()``, sent as an app would send it.

        Answers undocumented (boolean inferred).
        """
        return self._request("system.isFrameLeadingOrNegotiating", answer_json)

    @request("system.isLastActiveFrame")
    def is_last_active_frame(self) -> JsonValue:
        """Whether this browser tab was the last one active.

        SCAPI ``system.isLastActiveFrame()``, sent as an app would send it.

        Answers undocumented (boolean inferred).
        """
        return self._request("system.isLastActiveFrame", answer_json)


class VoiceRequests(RequestNamespace):
    """``voice.*`` requests."""

    _namespace = "voice"

    @request("voice.dial")
    def dial(self, destination: str, user_data: JsonObject | None = None) -> None:
        """Place a call.

        SCAPI ``voice.dial(destination, user_data=None)``, sent as an app would send it.

        destination: Number or address to reach.
        user_data: Key/values to attach.

        Answers nothing (None).

        Desktop verb: ``desk.dial(...)`` does this from the outside world's side (Python arguments, not subject to the
            apps' security rules) and returns the new id.
        """
        self._request("voice.dial", answer_none, destination, user_data)

    @request("voice.dialEx")
    def dial_ex(
        self,
        destination: str,
        user_data: JsonObject | None = None,
        extensions: JsonObject | None = None,
    ) -> None:
        """Place a call with user data and T-Lib extensions.

        SCAPI ``voice.dialEx(destination, user_data=None, extensions=None)``, sent as an app would send it.

        destination: Number or address to reach.
        user_data: Key/values to attach.
        extensions: T-Lib extensions: flat key/values.

        Answers nothing (None).
        """
        self._request("voice.dialEx", answer_none, destination, user_data, extensions)

    @request("voice.answer")
    def answer(self, interaction_id: str) -> None:
        """Answer a ringing call.

        SCAPI ``voice.answer(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.answer(...)`` does this from the outside world's side (Python arguments, not subject to the
            apps' security rules).
        """
        self._request("voice.answer", answer_none, interaction_id)

    @request("voice.hangUp")
    def hang_up(self, interaction_id: str) -> None:
        """Release a call.

        SCAPI ``voice.hangUp(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.hang_up(...)`` does this from the outside world's side (Python arguments, not subject to
            the apps' security rules).
        """
        self._request("voice.hangUp", answer_none, interaction_id)

    @request("voice.hold")
    def hold(self, interaction_id: str) -> None:
        """Put a call on hold.

        SCAPI ``voice.hold(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.hold(...)`` does this from the outside world's side (Python arguments, not subject to the
            apps' security rules).
        """
        self._request("voice.hold", answer_none, interaction_id)

    @request("voice.resume")
    def resume(self, interaction_id: str) -> None:
        """Retrieve a held call.

        SCAPI ``voice.resume(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).

        Desktop verb: ``desk.resume(...)`` does this from the outside world's side (Python arguments, not subject to the
            apps' security rules).
        """
        self._request("voice.resume", answer_none, interaction_id)

    @request("voice.startCallRecording")
    def start_call_recording(self, interaction_id: str) -> None:
        """Start recording a call.

        SCAPI ``voice.startCallRecording(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("voice.startCallRecording", answer_none, interaction_id)

    @request("voice.stopCallRecording")
    def stop_call_recording(self, interaction_id: str) -> None:
        """Stop recording a call.

        SCAPI ``voice.stopCallRecording(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("voice.stopCallRecording", answer_none, interaction_id)

    @request("voice.pauseCallRecording")
    def pause_call_recording(self, interaction_id: str) -> None:
        """Pause a call's recording.

        SCAPI ``voice.pauseCallRecording(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("voice.pauseCallRecording", answer_none, interaction_id)

    @request("voice.resumeCallRecording")
    def resume_call_recording(self, interaction_id: str) -> None:
        """Resume a paused recording.

        SCAPI ``voice.resumeCallRecording(interaction_id)``, sent as an app would send it.

        interaction_id: Id of the interaction.

        Answers nothing (None).
        """
        self._request("voice.resumeCallRecording", answer_none, interaction_id)


class Scapi(Namespaces):
    """Every SCAPI namespace: ``desk.scapi.agent.get()``, ``desk.scapi.media.get_media_list()``."""

    def __init__(self, call: RequestCall) -> None:
        self.agent = AgentRequests(call)
        self.auth = AuthRequests(call)
        self.configuration = ConfigurationRequests(call)
        self.email = EmailRequests(call)
        self.interaction = InteractionRequests(call)
        self.media = MediaRequests(call)
        self.messenger = MessengerRequests(call)
        self.outbound = OutboundRequests(call)
        self.sip_endpoint = SipEndpointRequests(call)
        self.system = SystemRequests(call)
        self.voice = VoiceRequests(call)


class ScapiNamespaces:
    """Each SCAPI namespace as a property of its own: ``desk.voice`` is ``desk.scapi.voice``."""

    @property
    def scapi(self) -> Scapi:
        """Every SCAPI namespace: the class using these properties gives it."""
        raise NotImplementedError

    @property
    def agent(self) -> AgentRequests:
        """The ``agent.*`` requests, sent as an app sends them (``help(desk.agent)`` lists them)."""
        return self.scapi.agent

    @property
    def auth(self) -> AuthRequests:
        """The ``auth.*`` requests, sent as an app sends them (``help(desk.auth)`` lists them)."""
        return self.scapi.auth

    @property
    def configuration(self) -> ConfigurationRequests:
        """The ``configuration.*`` requests, sent as an app sends them (``help(desk.configuration)`` lists them)."""
        return self.scapi.configuration

    @property
    def email(self) -> EmailRequests:
        """The ``email.*`` requests, sent as an app sends them (``help(desk.email)`` lists them)."""
        return self.scapi.email

    @property
    def interaction(self) -> InteractionRequests:
        """The ``interaction.*`` requests, sent as an app sends them (``help(desk.interaction)`` lists them)."""
        return self.scapi.interaction

    @property
    def media(self) -> MediaRequests:
        """The ``media.*`` requests, sent as an app sends them (``help(desk.media)`` lists them)."""
        return self.scapi.media

    @property
    def messenger(self) -> MessengerRequests:
        """The ``messenger.*`` requests, sent as an app sends them (``help(desk.messenger)`` lists them)."""
        return self.scapi.messenger

    @property
    def outbound(self) -> OutboundRequests:
        """The ``outbound.*`` requests, sent as an app sends them (``help(desk.outbound)`` lists them)."""
        return self.scapi.outbound

    @property
    def sip_endpoint(self) -> SipEndpointRequests:
        """The ``sipEndpoint.*`` requests, sent as an app sends them (``help(desk.sip_endpoint)`` lists them)."""
        return self.scapi.sip_endpoint

    @property
    def system(self) -> SystemRequests:
        """The ``system.*`` requests, sent as an app sends them (``help(desk.system)`` lists them)."""
        return self.scapi.system

    @property
    def voice(self) -> VoiceRequests:
        """The ``voice.*`` requests, sent as an app sends them (``help(desk.voice)`` lists them)."""
        return self.scapi.voice
