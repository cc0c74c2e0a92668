"""The kernel's own JSON encoding, strictly: what ``jupyter_client``'s ``json_packer`` encodes
without its lossy fallback (which warns and rewrites NaN, surrogates and other non-JSON)."""

from __future__ import annotations

import warnings
from typing import Any

from jupyter_client.session import json_packer

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock


def strict_pack(value: Any) -> bytes:
    """``json_packer(value)``; its fallback's warning is an error here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return json_packer(value)


def packed_desktop(desktop: AgentDesktop | None = None) -> tuple[Desktop, list[dict[str, Any]]]:
    """A Desktop widget whose comm encodes every message as the kernel would; returns it and the
    list of what reached the comm (messages that failed to encode never arrive)."""
    widget = Desktop(desktop=desktop or AgentDesktop(clock=ManualClock(), ids=IdSource(1)))
    sent: list[dict[str, Any]] = []

    def send(data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        strict_pack(data)
        sent.append(data)

    widget.comm.send = send
    return widget, sent


def synced_keys(sent: list[dict[str, Any]]) -> set[str]:
    """Names of the traits whose state reached the comm."""
    return {key for message in sent if message.get("method") == "update" for key in message["state"]}
