"""``sipEndpoint.*`` requests: microphone and speaker mute of the agent's SIP phone."""

from __future__ import annotations

from ...desktop.model import AgentDesktop
from ..core import Caller, Handlers

handlers = Handlers()


@handlers.request("sipEndpoint.isMicrophoneMute")
def is_microphone_mute(desk: AgentDesktop, caller: Caller) -> bool:
    return desk.microphone_muted


@handlers.request("sipEndpoint.muteMicrophone")
def mute_microphone(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_microphone_muted(True)


@handlers.request("sipEndpoint.unmuteMicrophone")
def unmute_microphone(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_microphone_muted(False)


@handlers.request("sipEndpoint.isSpeakerMute")
def is_speaker_mute(desk: AgentDesktop, caller: Caller) -> bool:
    return desk.speaker_muted


@handlers.request("sipEndpoint.muteSpeaker")
def mute_speaker(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_speaker_muted(True)


@handlers.request("sipEndpoint.unmuteSpeaker")
def unmute_speaker(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_speaker_muted(False)
