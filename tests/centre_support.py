"""Shared by the contact-centre tests: a centre of three agents and a log of every agent's events."""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget.centre.contact_centre import ContactCentre
from scapi_widget.desktop import AgentDesktop, DesktopEvent, IdSource, ManualClock


class Log:
    """Each agent's events, as (eventType, state) of interaction events and the raw events."""

    def __init__(self, centre: ContactCentre) -> None:
        self.events: list[tuple[str, DesktopEvent]] = []
        centre.add_event_listener(lambda name, event: self.events.append((name, event)))

    def of(self, name: str) -> list[tuple[str | None, str | None]]:
        return [
            (e.event_type, (e.data.get("interaction") or {}).get("state"))
            for who, e in self.events
            if who == name and e.family == "interaction"
        ]

    def order(self) -> list[tuple[str, str | None]]:
        return [(who, e.event_type) for who, e in self.events if e.family == "interaction"]

    def last(self, name: str, event_type: str) -> dict[str, Any]:
        found = [e for who, e in self.events if who == name and e.event_type == event_type]
        assert found, (name, event_type)
        interaction: dict[str, Any] = found[-1].data["interaction"]
        return interaction

    def clear(self) -> None:
        self.events.clear()


def new_centre() -> ContactCentre:
    """Alice (5001, sales), Bob (5002, sales and billing), Carol (5003, billing); a manual clock."""
    centre = ContactCentre(clock=ManualClock(), ids=IdSource(seed=7))
    centre.add_agent("Alice", dn="5001", skills=["sales"])
    centre.add_agent("Bob", dn="5002", skills=["sales", "billing"])
    centre.add_agent("Carol", dn="5003", skills=["billing"])
    return centre


@pytest.fixture
def centre() -> ContactCentre:
    return new_centre()


@pytest.fixture
def log(centre: ContactCentre) -> Log:
    return Log(centre)


def only_call(desk: AgentDesktop) -> str:
    live = [i.interaction_id for i in desk.interactions.values() if i.media == "voice" and i.is_live]
    assert len(live) == 1, live
    return live[0]


def parties(desk: AgentDesktop, interaction_id: str) -> list[str]:
    return list(desk.interaction(interaction_id).parties)
