"""A contact centre in the notebook: its agents' desktops, shown side by side, looked back at together.

``Desktop.for_agent(centre, "Bob", app=...)`` is the widget of one agent of a
:class:`~scapi_widget.centre.ContactCentre`, hosting its own apps.
``side_by_side(alex, bob)`` is one widget (an ipywidgets ``HBox``) showing several desktops; display
it once. For the desktops of one centre, the row also gives the centre's event log (every agent's
events, in the order they happened, with an ``agent`` column), its timeline (a lane per agent and
interaction), and plays and records scenarios whose steps name their agent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets

from ..centre import ContactCentre
from ..centre.log import CentreLog, centre_log
from . import analysis
from .player import Player
from .scenario import Scenario, ScenarioRun, SessionRecorder
from .widget import Desktop

__all__ = ["DesktopRow", "side_by_side"]


class DesktopRow(ipywidgets.HBox):  # type: ignore[misc]
    """Desktops shown side by side (one display call); see :func:`side_by_side`."""

    def __init__(self, desktops: Sequence[Desktop]) -> None:
        desktops = tuple(desktops)
        if not desktops:
            raise ValueError("side_by_side() needs at least one Desktop")
        wrong = [type(d).__name__ for d in desktops if not isinstance(d, Desktop)]
        if wrong:
            raise TypeError(f"side_by_side() shows Desktop widgets, got {', '.join(wrong)}")
        if len({id(d) for d in desktops}) != len(desktops):
            raise ValueError("side_by_side() got the same Desktop twice: a desktop runs its apps in one place")
        for desk in desktops:  # equal shares of the row's width
            desk.layout.flex = "1 1 0px"
            desk.layout.min_width = "0"
            desk.layout.margin = "0 4px"
        super().__init__(children=desktops, layout=ipywidgets.Layout(width="100%"))
        self.desktops: tuple[Desktop, ...] = desktops

    @property
    def centre(self) -> ContactCentre:
        """The contact centre all these desktops belong to (a TypeError if they belong to none or to several)."""
        centres = {id(desk.centre): desk.centre for desk in self.desktops}
        centre = next(iter(centres.values()))
        if len(centres) != 1 or centre is None:
            raise TypeError(
                "these desktops are not all of one contact centre: make them with "
                "Desktop.for_agent(centre, name) for the agents of one ContactCentre"
            )
        return centre

    @property
    def log(self) -> CentreLog:
        """The centre's event log: every agent's events, in the order they happened."""
        return centre_log(self.centre)

    def events_frame(self) -> Any:
        """Every agent's events as a pandas DataFrame, with an ``agent`` column."""
        agents, events = self.log.agents_and_events()
        return analysis.events_frame(events, agents)

    def timeline(self, ax: Any = None) -> Any:
        """Plot every agent's interaction and agent states (matplotlib), a lane per agent and interaction."""
        agents, events = self.log.agents_and_events()
        return analysis.timeline(events, ax, agents)

    def play(
        self,
        scenario: Scenario | str | Path | Sequence[Mapping[str, Any]],
        *,
        speed: float = 1.0,
        start: str | None = None,
    ) -> ScenarioRun:
        """Play a scenario on the centre: each step acts for the agent it names (``agent:``; none: the first).
        ``start="app-connected"``: once every agent's apps have connected (see :meth:`Desktop.play`).
        The desktops share one player: each shows the run's player bar and captions, and drives it.
        A new play stops the run playing on any of the row's desktops (one scenario at a time)."""
        deadlines = [desk._connect_deadline() for desk in self.desktops]

        def stalled() -> str | None:
            return next((why for deadline in deadlines if (why := deadline()) is not None), None)

        run = Scenario.of(scenario).play(self.centre, speed=speed, start=start, stalled=stalled)
        Player(run, [desk._seat for desk in self.desktops])
        return run

    def record(self) -> SessionRecorder:
        """Start recording every agent of the centre; ``.stop()`` gives a Scenario whose steps name their agent."""
        return SessionRecorder(self.centre)


def side_by_side(*desktops: Desktop) -> DesktopRow:
    """``side_by_side(alex, bob)``: the desktops in one row, each hosting its own apps; display it once
    (and not the desktops themselves as well: a desktop's apps run in the view shown last)."""
    return DesktopRow(desktops)
