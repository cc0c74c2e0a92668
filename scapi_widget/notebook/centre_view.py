"""A contact centre in the notebook: its agents' desktops, shown side by side, looked back at together.

``Desktop.for_agent(centre, "Bob", app=...)`` (:func:`agent_desktop`) is the widget of one agent of a
:class:`~scapi_widget.centre.contact_centre.ContactCentre`, hosting its own apps.
``side_by_side(alex, bob)`` is one widget (an ipywidgets ``HBox``) showing several desktops; display
it once. For the desktops of one centre, the row also gives the centre's event log (every agent's
events, in the order they happened, with an ``agent`` column), its timeline (a lane per agent and
interaction), and plays and records scenarios whose steps name their agent.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets

from ..centre.contact_centre import ContactCentre
from ..centre.log import CentreLog, centre_log
from ..desktop.model import AgentDesktop
from ..serving.apps import AppLike
from . import analysis
from .scenario import Scenario, ScenarioRun, SessionRecorder

if TYPE_CHECKING:
    from .widget import Desktop

__all__ = ["DesktopRow", "agent_desktop", "centre_of", "side_by_side"]

_CENTRES: weakref.WeakKeyDictionary[AgentDesktop, ContactCentre] = weakref.WeakKeyDictionary()


def agent_desktop(centre: ContactCentre, agent: str, app: AppLike = None, **arguments: Any) -> Desktop:
    """The desktop widget of ``agent`` (a name given to ``centre.add_agent``), hosting ``app`` (None:
    the demo app). ``arguments``: ``Desktop``'s own (``apps``, ``accepted_origins``, ``height``, ...);
    the agent's desktop options (states, media, user data lists, ...) were given to ``add_agent``."""
    from .widget import Desktop
    from .widget_config import desktop_options

    if not isinstance(centre, ContactCentre):
        raise TypeError(f"centre must be a ContactCentre, got {type(centre).__name__}")
    if not isinstance(agent, str) or agent not in centre.agents:
        raise ValueError(
            f"no agent {agent!r} in the contact centre (agents: {', '.join(centre.agents) or 'none'}); "
            "add one first: centre.add_agent(name, dn=...)"
        )
    misplaced = sorted(set(arguments) & set(desktop_options(Desktop.__init__)))
    if misplaced or "desktop" in arguments:
        raise TypeError(
            f"Desktop.for_agent() got {', '.join(misplaced or ['desktop'])}: an agent's desktop options "
            "belong to centre.add_agent(name, dn=..., ...)"
        )
    model = centre.agents[agent]
    if model in _CENTRES:
        raise ValueError(
            f"{agent} already has a desktop widget: show that one again (a desktop's apps run in one place)"
        )
    centre_log(centre)  # the centre's log holds everything from its first desktop on
    _CENTRES[model] = centre
    return Desktop(app, desktop=model, **arguments)


def centre_of(desk: Desktop) -> ContactCentre | None:
    """The contact centre whose agent ``desk`` shows (made by :func:`agent_desktop`), or None."""
    return _CENTRES.get(desk.desktop)


class DesktopRow(ipywidgets.HBox):  # type: ignore[misc]
    """Desktops shown side by side (one display call); see :func:`side_by_side`."""

    def __init__(self, desktops: Sequence[Desktop]) -> None:
        from .widget import Desktop

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
        centres = {id(centre): centre for centre in map(centre_of, self.desktops)}
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

    def play(self, scenario: Scenario | str | Path | Sequence[Mapping[str, Any]], *, speed: float = 1.0) -> ScenarioRun:
        """Play a scenario on the centre: each step acts for the agent it names (``agent:``; none: the first)."""
        return Scenario.of(scenario).play(self.centre, speed=speed)

    def record(self) -> SessionRecorder:
        """Start recording every agent of the centre; ``.stop()`` gives a Scenario whose steps name their agent."""
        return SessionRecorder(self.centre)


def side_by_side(*desktops: Desktop) -> DesktopRow:
    """``side_by_side(alex, bob)``: the desktops in one row, each hosting its own apps; display it once
    (and not the desktops themselves as well: a desktop's apps run in the view shown last)."""
    return DesktopRow(desktops)
