"""Carrying a widget's messages without a kernel: the widget's comm replaced by one that hands each
message to a function.

Outside a kernel, ipywidgets gives a widget a stand-in comm. Which one depends on what the process
imported: once ``ipykernel`` is loaded, it is ipykernel's comm with no kernel, and ipywidgets then
drops every message without a word. Tests, the light harness and benchmarks capture messages with
:func:`capture_comm`, which works whatever was imported before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from ipywidgets import Widget

from scapi_widget.sync.items import read_items

Sink = Callable[..., None]
"""``sink(data)`` (or, raw, ``sink(data, buffers)``)."""
RawSink = Callable[[Any, list[bytes]], None]


class CapturingComm:
    """A comm (as ipywidgets uses one: ``comm_id``, ``send``, ``on_msg``, ``close``) that hands the
    ``data`` and ``buffers`` of each message the widget sends to ``sink``. It has no ``kernel``:
    ipywidgets sends through a comm without one."""

    def __init__(self, sink: RawSink, comm_id: str | None = None) -> None:
        self.comm_id = comm_id or uuid.uuid4().hex
        self._sink = sink
        self.closed = False

    def send(self, data: Any = None, metadata: Any = None, buffers: Sequence[bytes] | None = None) -> None:
        if not self.closed:
            self._sink(data, [bytes(b) for b in buffers or []])

    def on_msg(self, callback: Callable[[Any], None] | None) -> None:
        """ipywidgets registers its handler here; messages reach the widget through ``_handle_msg``."""

    def on_close(self, callback: Callable[[Any], None] | None) -> None:
        """Nothing to close on the other side."""

    def close(self, data: Any = None, metadata: Any = None, buffers: Sequence[bytes] | None = None) -> None:
        self.closed = True


def as_read(data: Any, buffers: Sequence[bytes | memoryview]) -> Any:
    """A widget message as a view reads it: an outbox message (``{"method": "custom", "content":
    {"kind": "items", ...}}``) with its buffer's items under ``content["items"]``; any other as it is."""
    content = data.get("content") if isinstance(data, dict) and data.get("method") == "custom" else None
    if not isinstance(content, dict) or content.get("kind") != "items" or not buffers:
        return data
    return {**data, "content": {**content, "items": read_items(buffers)}}


def kernel_bytes(data: Any, buffers: Sequence[bytes | memoryview]) -> int:
    """Bytes a message the widget sent costs the kernel's wire: its data as the kernel encodes it
    (jupyter_client's ``json_packer``; every Jupyter kernel has it), and its buffers as they are."""
    from jupyter_client.session import json_packer  # only where kernel bytes are measured

    return len(json_packer(data)) + sum(len(buffer) for buffer in buffers)


def capture_comm(widget: Widget, sink: Sink, *, raw: bool = False) -> CapturingComm:
    """Give ``widget`` a :class:`CapturingComm` (keeping its model id): each message it sends goes to
    ``sink`` as a view reads it (:func:`as_read`); with ``raw``, ``sink(data, buffers)`` gets it as sent."""
    deliver: RawSink = sink if raw else lambda data, buffers: sink(as_read(data, buffers))
    comm = CapturingComm(deliver, widget.comm.comm_id if widget.comm is not None else None)
    widget.comm = comm
    return comm
