"""SCAPI's event catalogue: the families of notifications and the eventTypes each family carries.

What apps subscribe to and the desktop emits (the reference's event catalogue, with the outbound
preview events and the campaigns' events). A notebook may emit events outside it (to try an app on
an event the simulator does not model), so a name outside it is not refused; a name a notebook
listens for is checked against it, as a near miss is most likely a typo
(:func:`scapi_widget.desktop.events.check_event_name`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_INTERACTION_TYPES = (
    # every media
    "UNKNOWN ADDED REMOVED ATTACHED_DATA_CHANGED CASE_OR_BUNDLE_ID_CHANGED NEW_MESSAGE ERROR "
    # case selection (data.selectedCaseId)
    "CASE_SELECTED CASE_EXPANDED CASE_COLLAPSED "
    # voice
    "CALL_RECORDING_STATE_CHANGED DIALING ESTABLISHED HELD PARTY_CHANGED RELEASED RINGING "
    # open media, chat, outbound email
    "ACCEPTED COMPLETED COMPOSING CREATED INSERT_STANDARD_RESPONSE INVITED INVITED_CONFERENCE IN_QUEUE_FAILED "
    "IN_WORKBIN IN_WORKBIN_FAILED LEFT_CONFERENCE PULLED PULL_FAILED PULL_WORKBIN_FAILED REVOKED "
    "TRANSFER_COMPLETED ENDED JOIN_FAILED JOIN_PENDING CANCELLED SENT "
    # outbound preview records
    "PREVIEWING MARKDONE_APPLY STATE_CHANGE"
)

EVENT_TYPES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "agent": frozenset({"STATE_CHANGED"}),
        "interaction": frozenset(_INTERACTION_TYPES.split()),
        "media": frozenset({"STATE_CHANGED"}),
        "system": frozenset({"CUSTOM_TOAST_BUTTON_CLICK"}),
        "markdone": frozenset({"MARKDONE_BLOCKED"}),
        "outbound": frozenset({"CampaignLoaded", "CampaignStarted", "CampaignStopped", "CampaignUnloaded"}),
    }
)
"""Each family and the eventTypes its events carry."""

MESSENGER_FAMILY = "messenger:"
"""The family of a messenger channel's broadcasts starts so (``messenger:<channel>``); they carry no eventType."""
