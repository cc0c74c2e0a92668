"""Fixtures for the pure-Python suite: a deterministic desktop (``desk``), its event log
(``recorder``) and an app bridge with a post log (``bridge_env``).

Browser tests live in ``tests/browser`` with fixtures of their own; the names here are the
pure-Python ones and are deliberately specific.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from scapi_widget.desktop import AgentDesktop, DesktopEvent, IdSource, ManualClock
from scapi_widget.service.bridge import AppBridge, Post

APP_ORIGIN = "http://app.test"


def new_desk(**kwargs: Any) -> AgentDesktop:
    kwargs.setdefault("clock", ManualClock())
    kwargs.setdefault("ids", IdSource(seed=1))
    return AgentDesktop(**kwargs)


@pytest.fixture
def desk() -> AgentDesktop:
    return new_desk()


@dataclass
class Recorder:
    """Every event the desktop emits, in order."""

    events: list[DesktopEvent] = field(default_factory=list)

    def __call__(self, event: DesktopEvent) -> None:
        self.events.append(event)

    def summary(self) -> list[tuple[str, str | None, str | None]]:
        """(family, eventType, interaction state) per event."""
        return [(e.family, e.event_type, (e.data.get("interaction") or {}).get("state")) for e in self.events]

    def clear(self) -> None:
        self.events.clear()


@pytest.fixture
def recorder(desk: AgentDesktop) -> Recorder:
    rec = Recorder()
    desk.add_event_listener(rec)
    return rec


def request(name: str, *params: Any, ref: str = "r1", frame_id: int | None = None) -> dict[str, Any]:
    """An app's request envelope, as the published client builds it."""
    message: dict[str, Any] = {"request": name, "referenceId": ref, "userAgent": "WWE Client", "protocolVersion": 2}
    if params:
        message["parameters"] = list(params)
    if frame_id is not None:
        message["frameId"] = frame_id
    return message


def subscribe(names: Any, ref: str = "s1", frame_id: int | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {
        "event": "subscribe",
        "data": names,
        "referenceId": ref,
        "userAgent": "WWE Client",
        "protocolVersion": 2,
    }
    if frame_id is not None:
        message["frameId"] = frame_id
    return message


@dataclass
class BridgeEnv:
    """A desktop, its bridge, and the posts the bridge made."""

    desk: AgentDesktop
    bridge: AppBridge
    posts: list[Post]

    def add_frame(self, origin: str = APP_ORIGIN, mode: str = "panel", *, load: bool = True) -> int:
        frame = self.desk.frames.add(f"{origin}/app.html", origin, mode)
        if load:
            self.bridge.frame_loaded(frame.frame_id)
        return frame.frame_id

    def send(self, frame_id: int, data: Any, origin: str = APP_ORIGIN) -> list[dict[str, Any]]:
        """Post ``data`` from a frame; returns what was posted back to that frame."""
        start = len(self.posts)
        self.bridge.receive(frame_id, origin, data)
        return [p.message for p in self.posts[start:] if p.frame_id == frame_id]

    def to(self, frame_id: int) -> list[dict[str, Any]]:
        return [p.message for p in self.posts if p.frame_id == frame_id]

    def events_to(self, frame_id: int) -> list[tuple[str, str | None]]:
        return [(m["event"], m["data"].get("eventType")) for m in self.to(frame_id) if "event" in m]


def new_bridge_env(**kwargs: Any) -> BridgeEnv:
    """A deterministic desktop (``new_desk`` keyword arguments) with an AppBridge posting to a list."""
    kwargs.setdefault("accepted_origins", APP_ORIGIN)
    desk = new_desk(**kwargs)
    posts: list[Post] = []
    return BridgeEnv(desk, AppBridge(desk, posts.append), posts)


@pytest.fixture
def bridge_env() -> BridgeEnv:
    """A desktop accepting ``APP_ORIGIN`` and its bridge; add frames with ``add_frame``."""
    return new_bridge_env()
