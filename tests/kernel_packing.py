"""The kernel's own JSON encoding, strictly: what ``jupyter_client``'s ``json_packer`` encodes
without its lossy fallback (which warns and rewrites NaN, surrogates and other non-JSON)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from jupyter_client.session import json_packer

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.testing.comm_capture import as_read, capture_comm, kernel_bytes

from .conftest import APP_ORIGIN, subscribe
from .replica_view import ReplicaView, over_the_wire


def strict_pack(value: Any) -> bytes:
    """``json_packer(value)``; its fallback's warning is an error here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return json_packer(value)


def as_the_kernel_sends(sink: Callable[[Any, int], None]) -> Callable[[Any, list[bytes]], None]:
    """A raw comm sink (``capture_comm(..., raw=True)``) that encodes each message's data as the kernel
    does, strictly (a message it cannot encode never arrives), and hands ``sink`` the message as a
    view reads it and the bytes it cost the kernel's wire."""

    def send(data: Any, buffers: list[bytes]) -> None:
        strict_pack(data)
        sink(as_read(data, buffers), kernel_bytes(data, buffers))

    return send


class Sent(list[dict[str, Any]]):
    """What reached the comm, in order, as a view reads it, and what each message cost the kernel's wire
    (:attr:`sizes`); and, like the host view, the posts those messages make (an event's interaction that
    travelled as a replica entry put back in: ``fills``), from a replica kept across :meth:`clear`."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []
        self.posts: list[dict[str, Any]] = []
        self._replica: ReplicaView | None = None

    def record(self, data: dict[str, Any], size: int) -> None:
        self.append(data)
        self.sizes.append(size)
        for item in sent_items([data]):
            if "snapshot" in item:
                self._replica = ReplicaView(item["snapshot"])
            elif "ops" in item and self._replica is not None:
                self._replica.apply(item["seq"], item["ops"])
            messages = over_the_wire(item.get("messages", []))
            for index, part, key in item.get("fills", []):
                assert self._replica is not None, "an event left its interaction to a replica the view does not have"
                entry = self._replica.parts[part][key]
                messages[index]["data"]["interaction"] = over_the_wire(entry)  # a copy, as postMessage makes one
            self.posts.extend({"frameId": frame_id, "message": messages[i]} for frame_id, i in item.get("posts", []))

    def clear(self) -> None:
        super().clear()
        self.sizes.clear()
        self.posts.clear()


def packed_desktop(desktop: AgentDesktop | None = None, *, demo_app: bool = True) -> tuple[Desktop, Sent]:
    """A Desktop widget whose comm encodes every message as the kernel would; returns it and the
    list of what reached the comm (messages that failed to encode never arrive). ``demo_app``
    False: it hosts no app (tests add the frames they need)."""
    hosted: dict[str, Any] = {} if demo_app else {"apps": []}
    widget = Desktop(desktop=desktop or AgentDesktop(clock=ManualClock(), ids=IdSource(1)), **hosted)
    sent = Sent()
    capture_comm(widget, as_the_kernel_sends(sent.record), raw=True)
    unlimited(widget)
    widget.link.receive({"kind": "view-ready", "view": "v", "pageOrigin": "http://127.0.0.1:8888"})
    return widget, sent


def subscribed_app(events: list[str]) -> tuple[Desktop, Sent, int]:
    """A packed desktop hosting only an app of ``APP_ORIGIN`` (the accepted origin), loaded and subscribed
    to ``events``; returns the widget, what reached its comm, and the app's frameId."""
    widget, sent = packed_desktop(demo_app=False)
    desk = widget.desktop
    desk.set_accepted_origins(APP_ORIGIN)
    frame = desk.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN).frame_id
    widget.link.bridge.frame_loaded(frame)
    widget.link.bridge.receive(frame, APP_ORIGIN, subscribe(events, frame_id=frame))
    return widget, sent, frame


def unlimited(widget: Desktop) -> None:
    """No flow control: a stand-in front end that never acks gets every item at once."""
    outbox = widget.link.channel.outbox
    outbox.window, outbox.rate, outbox.burst = 2**62, float("inf"), float("inf")


def sent_items(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The outbox items among messages that reached the comm, in order."""
    return [i for m in sent if m.get("method") == "custom" for i in m["content"].get("items", [])]


def sent_ops(sent: list[dict[str, Any]]) -> list[Any]:
    """The replica ops that reached the comm, in order."""
    return [op for item in sent_items(sent) for op in item.get("ops", [])]


def sent_posts(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``{frameId, message}`` for each post that reached the comm, in order, as the view posts it
    (``sent``: a :class:`Sent`, which puts back what travelled as a replica entry)."""
    assert isinstance(sent, Sent), "posts are read from a Sent record (it follows the replica)"
    return list(sent.posts)


def synced_keys(sent: list[dict[str, Any]]) -> set[str]:
    """Names of the traits, and of the replica's parts, whose new values reached the comm."""
    keys = {key for message in sent if message.get("method") == "update" for key in message["state"]}
    return keys | {op[0][0] for op in sent_ops(sent)}
