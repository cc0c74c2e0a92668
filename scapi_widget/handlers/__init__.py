"""SCAPI request handlers, one module per namespace; importing them registers them."""

from . import agent, interaction, media, sip_endpoint, system, voice

__all__ = ["agent", "interaction", "media", "sip_endpoint", "system", "voice"]
