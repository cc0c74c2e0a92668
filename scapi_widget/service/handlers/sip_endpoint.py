"""``sipEndpoint.*`` requests: microphone and speaker mute of the agent's SIP phone."""

from __future__ import annotations

from ...desktop.model import AgentDesktop
from ..core import SERVICE, Caller


@SERVICE.request("sipEndpoint.isMicrophoneMute")
def is_microphone_mute(desk: AgentDesktop, caller: Caller) -> bool:
    return desk.microphone_muted


@SERVICE.request("sipEndpoint.muteMicrophone")
def mute_microphone(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_microphone_muted(True)


@SERVICE.request("sipEndpoint.unmuteMicrophone")
def unmute_microphone(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_microphone_muted(False)


@SERVICE.request("sipEndpoint.isSpeakerMute")
def is_speaker_mute(desk: AgentDesktop, caller: Caller) -> bool:
    return desk.speaker_muted


@SERVICE.request("sipEndpoint.muteSpeaker")
def mute_speaker(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_speaker_muted(True)


@SERVICE.request("sipEndpoint.unmuteSpeaker")
def unmute_speaker(desk: AgentDesktop, caller: Caller) -> None:
    desk.set_speaker_muted(False)
