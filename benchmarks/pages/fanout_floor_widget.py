"""The platform's fan-out floor as a widget: a minimal anywidget that carries events from the kernel to
the app frame with no logic of its own (its front end: fanout_floor.js, beside this file). ``burst(n,
template)`` makes ``n`` events like ``template`` (a copy each, its user data's ``Seq`` numbered), encodes
each as JSON and sends them :data:`PER_MESSAGE` to a comm message, as one binary buffer; the view posts
each event to the app frame. What any widget pays to fan events out of a kernel: the kernel's loop,
the comm, the server, the page receiving the messages, and the browser posting each event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anywidget

PER_MESSAGE = 1_000
"""Events per comm message: the most the desktop's outbox puts in one."""


class FanoutFloor(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("fanout_floor.js")

    def burst(self, n: int, template: dict[str, Any]) -> None:
        """Send ``n`` events like ``template``."""
        encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        batch: list[bytes] = []
        for i in range(n):
            event, data = dict(template), dict(template["data"])
            interaction = dict(data["interaction"])
            interaction["userData"] = {**interaction["userData"], "Seq": i}
            data["interaction"] = interaction
            event["data"] = data
            batch.append(encoder.encode(event).encode("utf-8"))
            if len(batch) == PER_MESSAGE or i == n - 1:
                self.send({"kind": "events"}, [b"[" + b",".join(batch) + b"]"])
                batch = []
