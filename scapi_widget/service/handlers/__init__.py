"""SCAPI request handlers, one module per namespace; importing them registers them."""

from . import agent, auth, configuration, email, interaction, media, messenger, outbound, sip_endpoint, system, voice

__all__ = [
    "agent",
    "auth",
    "configuration",
    "email",
    "interaction",
    "media",
    "messenger",
    "outbound",
    "sip_endpoint",
    "system",
    "voice",
]
