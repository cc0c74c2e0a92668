"""The desktop's verbs: what the outside world and the agent do to the desktop, each declared once.

A verb is a method of :class:`DesktopVerbs` marked with :func:`verb`: its signature, return type
and docstring are the verb's; ``ui`` is the label of the desktop UI button that runs it (None when
the desktop UI does not offer it), ``control`` the name of the desktop UI's own control that runs
it (the agent state menu, a toast's ×, …: :data:`UI_CONTROLS`, published to the views so that the
front end names no verb); ``step`` says whether a scenario step may do it (and whether a
call is recorded). :data:`VERBS` is derived from the class; every list of verbs elsewhere (the
UI's actions and labels, the widget's methods, the recordable steps) is derived from it.

:class:`DesktopVerbs` needs one attribute, ``model``: what the verbs act on (:class:`VerbTarget`,
the desktop's parts and its ``perform``). The desktop model inherits the verbs with ``model`` being
itself, the notebook widget with ``model`` being its desktop. A verb called from outside any
other desktop action passes the wire check and, when it succeeds, is reported to the desktop's
recorders (:meth:`~.model.AgentDesktop.perform`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..json_types import JsonValue
from .calls import CallControl
from .flows import InteractionFlows
from .outbound import Campaigns, OutboundRecord
from .presence import Presence
from .security import AccessPolicy
from .system import SystemSettings
from .toasts import ToastTray
from .workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])

VERB_MARK = "__desktop_verb__"


@dataclass(frozen=True)
class VerbMark:
    """What :func:`verb` says about a method."""

    ui: str | None
    control: str | None = None


@dataclass(frozen=True)
class VerbSpec:
    """One desktop verb: its name, its UI label (None: not in the desktop UI), how many positional
    arguments the UI passes, its signature (without ``self``) and the desktop UI control that runs it
    (None: none of its own)."""

    name: str
    ui: str | None
    arity: int
    signature: inspect.Signature
    control: str | None = None


def verb(*, ui: str | None = None, control: str | None = None) -> Callable[[F], F]:
    """Mark a :class:`DesktopVerbs` method as a desktop verb (see the module's docstring)."""

    def mark(method: F) -> F:
        name = method.__name__

        @functools.wraps(method)
        def run(self: DesktopVerbs, *args: Any, **kwargs: Any) -> Any:
            return self.model.perform(name, functools.partial(method, self), args, kwargs)

        setattr(run, VERB_MARK, VerbMark(ui, control))
        return run  # type: ignore[return-value]

    return mark


class VerbTarget(Protocol):
    """What the verbs act on: the desktop's parts (each verb is carried out by one of them) and
    :meth:`~.model.AgentDesktop.perform`, which runs a verb as one recorded action."""

    @property
    def calls(self) -> CallControl: ...
    @property
    def presence(self) -> Presence: ...
    @property
    def flows(self) -> InteractionFlows: ...
    @property
    def outbound(self) -> Campaigns: ...
    @property
    def toast_tray(self) -> ToastTray: ...
    @property
    def system(self) -> SystemSettings: ...
    @property
    def workspace(self) -> Workspace: ...

    def perform(
        self, name: str, action: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]
    ) -> Any: ...


class DesktopVerbs:
    """Every desktop verb, once: what customers, the platform and the agent do."""

    if TYPE_CHECKING:

        @property
        def model(self) -> VerbTarget: ...

    # ------------------------------------------------------------------ voice calls, recording, user data

    @verb()
    def simulate_inbound_call(
        self, ani: str = "5551234", *, dnis: str | None = None, user_data: Mapping[str, JsonValue] | None = None
    ) -> str:
        """A customer calls: a RINGING inbound call appears. Returns its interaction id."""
        return self.model.calls.simulate_inbound_call(ani, dnis=dnis, user_data=user_data)

    @verb()
    def dial(
        self,
        destination: str,
        user_data: Mapping[str, JsonValue] | None = None,
        extensions: Mapping[str, JsonValue] | None = None,
    ) -> str:
        """The agent dials: a DIALING outbound call appears. Returns its interaction id.

        ``extensions``: T-Lib extensions sent with the dial request (``voice.dialEx``)."""
        return self.model.calls.dial(destination, user_data, extensions)

    @verb(ui="Answer")
    def answer(self, interaction_id: str) -> None:
        """The agent answers a RINGING call (ESTABLISHED)."""
        return self.model.calls.voice_action(interaction_id, "answer")

    @verb(ui="Hold")
    def hold(self, interaction_id: str) -> None:
        """The agent puts a TALKING call on hold (HELD)."""
        return self.model.calls.voice_action(interaction_id, "hold")

    @verb(ui="Resume")
    def resume(self, interaction_id: str) -> None:
        """The agent retrieves a HELD call (ESTABLISHED)."""
        return self.model.calls.voice_action(interaction_id, "resume")

    @verb(ui="Hang up")
    def hang_up(self, interaction_id: str) -> None:
        """The agent releases a call (RELEASED, state IDLE)."""
        return self.model.calls.voice_action(interaction_id, "hang_up")

    @verb(ui="Mark done")
    def mark_done(self, interaction_id: str) -> None:
        """Close a finished interaction (a released call, a handled chat/email/workitem).

        While an app blocks mark done (``interaction.blockMarkdone``), it is refused with the
        app's warning, and frames subscribed to ``markdone`` are told."""
        return self.model.calls.mark_done(interaction_id)

    @verb(ui="Customer answers")
    def remote_answer(self, interaction_id: str) -> None:
        """The dialed party picks up a DIALING call (ESTABLISHED)."""
        return self.model.calls.voice_action(interaction_id, "remote_answer")

    @verb(ui="Customer hangs up")
    def remote_hang_up(self, interaction_id: str) -> None:
        """The other party hangs up (RELEASED, state IDLE)."""
        return self.model.calls.voice_action(interaction_id, "remote_hang_up")

    @verb(ui="Record")
    def start_recording(self, interaction_id: str) -> None:
        """Start recording a call (STOPPED → RECORDING)."""
        return self.model.calls.recording(interaction_id, "start")

    @verb(ui="Pause rec.")
    def pause_recording(self, interaction_id: str) -> None:
        """Pause recording (RECORDING → PAUSED)."""
        return self.model.calls.recording(interaction_id, "pause")

    @verb(ui="Resume rec.")
    def resume_recording(self, interaction_id: str) -> None:
        """Resume recording (PAUSED → RECORDING)."""
        return self.model.calls.recording(interaction_id, "resume")

    @verb(ui="Stop rec.")
    def stop_recording(self, interaction_id: str) -> None:
        """Stop recording (RECORDING or PAUSED → STOPPED)."""
        return self.model.calls.recording(interaction_id, "stop")

    @verb()
    def set_user_data(
        self, interaction_id: str, key_values: Mapping[str, JsonValue], *, enforce_filter: bool = False
    ) -> None:
        """Attach key/values to a live interaction (existing keys are overwritten).

        The outside world's attach (a CTI or routing strategy), so the apps' write-allowed list
        (``user_data_write_allowed``) does not apply unless ``enforce_filter``; an app's request,
        ``desk.interaction.set_user_data``, is subject to it."""
        return self.model.calls.set_user_data(interaction_id, key_values, enforce_filter=enforce_filter)

    @verb()
    def delete_user_data(self, interaction_id: str, key: str, *, enforce_filter: bool = False) -> None:
        """Remove one key from a live interaction's user data."""
        return self.model.calls.delete_user_data(interaction_id, key, enforce_filter=enforce_filter)

    @verb(ui="Set state", control="agentState")
    def set_agent_state(self, operation_name: str) -> None:
        """Set the agent (and every media) to a state of the state list, by operation name."""
        return self.model.presence.set_agent_state(operation_name)

    @verb()
    def set_media_state(self, media_name: str, operation_name: str) -> None:
        """Set one media channel's state, by operation name."""
        return self.model.presence.set_media_state(media_name, operation_name)

    @verb()
    def report_media_state(self, media_name: str, state_type: str) -> None:
        """Simulate the platform reporting an event-only state (e.g. voice OUT_OF_SERVICE)."""
        return self.model.presence.report_media_state(media_name, state_type)

    @verb()
    def popup_toast(
        self, parameters: Mapping[str, JsonValue] | None = None, *, owner_frame: int | None = None, **fields: JsonValue
    ) -> str:
        """Show a toast; fields as in ToastParameters (``title=``, ``message=``, ``buttons=``…).

        Returns the toast id (``"wweCustomToast0"``, …). When :data:`MAX_OPEN_TOASTS` are open,
        the oldest is closed first."""
        return self.model.toast_tray.popup_toast(parameters, owner_frame=owner_frame, **fields)

    @verb()
    def update_toast(
        self,
        toast_id: str,
        parameters: Mapping[str, JsonValue] | None = None,
        *,
        caller_frame: int | None = None,
        **fields: JsonValue,
    ) -> bool:
        """Change a toast's fields; False when no toast has that id (for an app, ``caller_frame``:
        none that it popped)."""
        return self.model.toast_tray.update_toast(toast_id, parameters, caller_frame=caller_frame, **fields)

    @verb(ui="Close toast", control="closeToast")
    def close_toast(self, toast_id: str, *, caller_frame: int | None = None) -> bool:
        """Close a toast; False when no toast has that id (for an app, ``caller_frame``: none that it popped)."""
        return self.model.toast_tray.close_toast(toast_id, caller_frame=caller_frame)

    @verb(ui="Click toast button", control="toastButton")
    def click_toast_button(self, toast_id: str, button: int | str) -> None:
        """The agent clicks a toast button (by 0-based index or label): CUSTOM_TOAST_BUTTON_CLICK."""
        return self.model.toast_tray.click_toast_button(toast_id, button)

    @verb()
    def set_microphone_muted(self, muted: bool) -> None:
        """Mute or unmute the SIP endpoint's microphone."""
        return self.model.system.set_microphone_muted(muted)

    @verb()
    def set_speaker_muted(self, muted: bool) -> None:
        """Mute or unmute the SIP endpoint's speaker."""
        return self.model.system.set_speaker_muted(muted)

    @verb()
    def trigger_activity(self) -> None:
        """Record agent activity (resets the inactivity timer)."""
        return self.model.system.trigger_activity()

    @verb(ui="Accept")
    def accept(self, interaction_id: str) -> None:
        """Accept a ringing call or an invited interaction (chat, email, workitem, push preview)."""
        return self.model.flows.accept(interaction_id)

    @verb(ui="Reject")
    def reject(self, interaction_id: str) -> None:
        """Reject a ringing call or an invited interaction; it leaves the desktop."""
        return self.model.flows.reject(interaction_id)

    @verb()
    def revoke(self, interaction_id: str) -> None:
        """The server takes an invited interaction back before it is accepted."""
        return self.model.flows.revoke(interaction_id)

    @verb()
    def simulate_open_media(
        self,
        media: str,
        party: str = "customer@example.com",
        *,
        subject: str | None = None,
        user_data: Mapping[str, JsonValue] | None = None,
    ) -> str:
        """A chat, email or workitem is routed to the agent: INVITED. Returns its id."""
        return self.model.flows.simulate_open_media(media, party, subject=subject, user_data=user_data)

    @verb()
    def simulate_new_message(self, interaction_id: str, text: str, party: str | None = None) -> None:
        """The customer writes in a chat (or replies to an email): NEW_MESSAGE."""
        return self.model.flows.simulate_new_message(interaction_id, text, party)

    @verb()
    def end_chat(self, interaction_id: str) -> None:
        """The customer leaves the chat: ENDED (the agent still marks it done)."""
        return self.model.flows.end_chat(interaction_id)

    @verb()
    def create_email(self, destination: str, user_data: Mapping[str, JsonValue] | None = None) -> str:
        """The agent starts an outbound email (``email.create``): CREATED. Returns its id."""
        return self.model.flows.create_email(destination, user_data)

    @verb()
    def send_email(self, interaction_id: str) -> None:
        """Send an outbound email: SENT, and it is done."""
        return self.model.flows.send_email(interaction_id)

    @verb()
    def cancel_email(self, interaction_id: str) -> None:
        """Discard an outbound email: CANCELLED."""
        return self.model.flows.cancel_email(interaction_id)

    @verb()
    def move_to_workbin(self, interaction_id: str, workbin: str = "Personal") -> None:
        """Put an accepted interaction in a workbin: IN_WORKBIN, and it leaves the desktop."""
        return self.model.flows.move_to_workbin(interaction_id, workbin)

    @verb()
    def pull_from_workbin(
        self,
        media: str = "email",
        party: str = "customer@example.com",
        user_data: Mapping[str, JsonValue] | None = None,
        workbin: str = "Personal",
    ) -> str:
        """Take an interaction out of a workbin: PULLED. Returns its id."""
        return self.model.flows.pull_from_workbin(media, party, user_data, workbin)

    @verb()
    def select_case(self, case_id: str) -> None:
        """Bring a case to the front: CASE_COLLAPSED (previous), CASE_SELECTED, CASE_EXPANDED."""
        return self.model.flows.select_case(case_id)

    @verb()
    def block_mark_done(self, interaction_id: str, warning: str) -> None:
        """Refuse mark done for an interaction until unblocked, showing ``warning``."""
        return self.model.flows.block_mark_done(interaction_id, warning)

    @verb()
    def unblock_mark_done(self, interaction_id: str) -> None:
        """Allow mark done again."""
        return self.model.flows.unblock_mark_done(interaction_id)

    @verb()
    def consult(
        self,
        interaction_id: str,
        target: str | Mapping[str, str],
        user_data: Mapping[str, JsonValue] | None = None,
        extensions: Mapping[str, JsonValue] | None = None,
    ) -> str:
        """Start a consultation: the call goes on hold, a consult call dials. Returns its id."""
        return self.model.flows.consult(interaction_id, target, user_data, extensions)

    @verb()
    def complete_transfer(self, consult_id: str) -> None:
        """Hand the customer to the consulted party: both calls are released for this agent."""
        return self.model.flows.complete_transfer(consult_id)

    @verb()
    def complete_conference(self, consult_id: str) -> None:
        """Join the consulted party to the call: the consultation ends, the call has one more party."""
        return self.model.flows.complete_conference(consult_id)

    @verb()
    def single_step_transfer(
        self,
        interaction_id: str,
        target: str | Mapping[str, str],
        user_data: Mapping[str, JsonValue] | None = None,
        extensions: Mapping[str, JsonValue] | None = None,
    ) -> None:
        """Transfer without consulting: the interaction leaves this agent."""
        return self.model.flows.single_step_transfer(interaction_id, target, user_data, extensions)

    @verb()
    def single_step_conference(
        self,
        interaction_id: str,
        target: str | Mapping[str, str],
        user_data: Mapping[str, JsonValue] | None = None,
        extensions: Mapping[str, JsonValue] | None = None,
    ) -> None:
        """Add a party to a call without consulting: PARTY_CHANGED."""
        return self.model.flows.single_step_conference(interaction_id, target, user_data, extensions)

    @verb()
    def load_campaign(self, name: str, mode: str = "Preview", calling_list: str = "CallingList") -> None:
        """Load a campaign for the agent: outbound CampaignLoaded."""
        return self.model.outbound.load_campaign(name, mode, calling_list)

    @verb()
    def start_campaign(self, name: str) -> None:
        """Start a loaded campaign: CampaignStarted (with its mode)."""
        return self.model.outbound.start_campaign(name)

    @verb()
    def stop_campaign(self, name: str) -> None:
        """Stop a started campaign: CampaignStopped."""
        return self.model.outbound.stop_campaign(name)

    @verb()
    def unload_campaign(self, name: str) -> None:
        """Unload a campaign: CampaignUnloaded."""
        return self.model.outbound.unload_campaign(name)

    @verb()
    def add_records(self, campaign: str, records: Sequence[OutboundRecord | Mapping[str, JsonValue] | str]) -> None:
        """Queue records for pull preview (``outbound.getPreviewRecord``)."""
        return self.model.outbound.add_records(campaign, records)

    @verb()
    def push_preview(self, campaign: str, record: OutboundRecord | Mapping[str, JsonValue] | str) -> str:
        """The dialer pushes a record to the agent (push preview): INVITED. Returns its id."""
        return self.model.outbound.push_preview(campaign, record)

    @verb()
    def push_direct_preview(self, campaign: str, record: OutboundRecord | Mapping[str, JsonValue] | str) -> str:
        """A direct push preview record arrives (after ``startDirectPushPreview``): INVITED."""
        return self.model.outbound.push_direct_preview(campaign, record)

    @verb()
    def get_preview_record(self, campaign: str) -> str:
        """Pull the next record of a Preview campaign: PREVIEWING. Returns its interaction id."""
        return self.model.outbound.get_preview_record(campaign)

    @verb()
    def call_preview_record(self, interaction_id: str, record_handle: int) -> str:
        """Dial a previewed record (a handle of its chain): a new OUTBOUND call. Returns the call's id."""
        return self.model.outbound.call_preview_record(interaction_id, record_handle)

    @verb()
    def reject_preview_record(self, interaction_id: str) -> None:
        """Reject a previewed record: STATE_CHANGE to REJECTED; it awaits mark done."""
        return self.model.outbound.reject_preview_record(interaction_id)

    @verb()
    def cancel_preview_record(self, interaction_id: str) -> None:
        """Cancel a previewed record: STATE_CHANGE to CANCELED; it awaits mark done."""
        return self.model.outbound.cancel_preview_record(interaction_id)

    @verb()
    def set_option(self, name: str, value: str | list[str], *, interaction_id: str | None = None) -> None:
        """Set a desktop option (``"voice.auto-answer"`` or ``"Section/option"``); with
        ``interaction_id``, a routing override that ``getContextualOption`` returns."""
        return self.model.system.set_option(name, value, interaction_id=interaction_id)

    @verb()
    def broadcast(self, channel: str, message: Mapping[str, JsonValue]) -> None:
        """Deliver ``message`` (an object, as the reference types it) to every frame subscribed to
        ``messenger:<channel>``."""
        return self.model.system.broadcast(channel, message)

    @verb()
    def open_dialog(self, url: str, options: Mapping[str, str] | None = None, *, owner_frame: int | None = None) -> str:
        """Open a dialog hosting ``url`` (relative URLs resolve against the calling app). Returns its id."""
        return self.model.workspace.open_dialog(url, options, owner_frame=owner_frame)

    @verb(ui="Close dialog", control="closeDialog")
    def close_dialog(self, dialog_id: str, *, caller_frame: int | None = None) -> None:
        """Close a dialog opened with :meth:`open_dialog` (for an app, ``caller_frame``: one it
        opened, or itself), with the dialogs it opened and its menu-bar views."""
        return self.model.workspace.close_dialog(dialog_id, caller_frame=caller_frame)

    @verb()
    def update_menu_view(self, parameters: Mapping[str, str], *, owner_frame: int | None = None) -> None:
        """Create or update a view in the application menu bar, keyed by ``name`` among the views
        of ``owner_frame`` (None: notebook code's own)."""
        return self.model.workspace.update_menu_view(parameters, owner_frame=owner_frame)

    @verb()
    def close_menu_view(self, name: str, *, owner_frame: int | None = None) -> None:
        """Remove ``owner_frame``'s (None: notebook code's) view ``name`` from the application menu bar."""
        return self.model.workspace.close_menu_view(name, owner_frame=owner_frame)

    @verb()
    def set_leadership(self, leadership: str, *, last_active: bool | None = None) -> None:
        """Simulate the multi-tab election: ``leading``, ``following`` or ``negotiating``."""
        return self.model.workspace.set_leadership(leadership, last_active=last_active)

    @verb()
    def set_accepted_origins(self, accepted_origins: str | AccessPolicy) -> None:
        """Replace the security policy (``service-client-api.accepted-web-content-origins``)."""
        return self.model.system.set_accepted_origins(accepted_origins)


def _positional_arity(signature: inspect.Signature) -> int:
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in signature.parameters.values() if p.kind in positional and p.default is p.empty)


def _scan(cls: type) -> Mapping[str, VerbSpec]:
    found: dict[str, VerbSpec] = {}
    for name, member in vars(cls).items():
        mark = getattr(member, VERB_MARK, None)
        if isinstance(mark, VerbMark):
            full = inspect.signature(member)
            signature = full.replace(parameters=list(full.parameters.values())[1:])
            found[name] = VerbSpec(name, mark.ui, _positional_arity(signature), signature, mark.control)
    return MappingProxyType(found)


VERBS: Mapping[str, VerbSpec] = _scan(DesktopVerbs)
"""Every desktop verb by name, in declaration order."""

UI_ACTIONS: Mapping[str, VerbSpec] = MappingProxyType({n: v for n, v in VERBS.items() if v.ui is not None})
"""The verbs the desktop UI offers (its buttons), by name."""

UI_CONTROLS: Mapping[str, str] = MappingProxyType({v.control: n for n, v in VERBS.items() if v.control})
"""The desktop UI's own controls (the agent state menu, a toast's × and buttons, a dialog's ×) -> the
verb each runs: the front end names the control, Python the verb."""


def ui_labels() -> dict[str, str]:
    """``{verb: label}`` of the desktop UI's buttons (what the front end shows)."""
    return {n: v.ui for n, v in UI_ACTIONS.items() if v.ui is not None}


__all__ = [
    "UI_ACTIONS",
    "UI_CONTROLS",
    "VERBS",
    "DesktopVerbs",
    "VerbSpec",
    "VerbTarget",
    "ui_labels",
    "verb",
]
