"""The scripted demo's player in the desktop: what the views are told about the run being played
(the ``player`` traitlet: state, progress, the current and next step named, the caption, the
controls with their keyboard shortcuts) and the commands their player bar sends back.

The front end draws the bar from that and decides nothing: each button and shortcut sends a
``player`` view message (:data:`~scapi_widget.sync.view_messages.VIEW_MESSAGES`), checked at the
door like everything a view sends, and run here on the :class:`~.scenario.ScenarioRun`. Several
desktops (``side_by_side``) share one player: each shows the same run and drives it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..json_types import JsonObject
from ..sync.view_messages import PLAYER_COMMANDS, PLAYER_SPEEDS
from .scenario import ScenarioRun


@dataclass(frozen=True)
class Control:
    """A button of the player bar: the command it sends, its label, and its keyboard shortcuts
    (``KeyboardEvent.key`` values, while the desktop has focus)."""

    command: str
    label: str
    keys: tuple[str, ...]


CONTROLS = (
    Control("toggle", "Play", (" ", "k")),  # labelled Pause while the run plays
    Control("next", "Next", ("n", "ArrowRight")),
    Control("restart", "Restart", ("r",)),
    Control("slower", "Slower", ("-",)),
    Control("faster", "Faster", ("+", "=")),
)
assert {c.command for c in CONTROLS} <= set(PLAYER_COMMANDS)

PLAYING = ("playing", "waiting")


def player_state(run: ScenarioRun) -> JsonObject:
    """What the player bar shows of ``run``."""
    steps = run.scenario.steps
    index, state = run.index, run.state
    current = steps[index].label if index < len(steps) else ""
    following = steps[index + 1].label if index + 1 < len(steps) else ""
    if index >= len(steps) or state in ("finished", "stopped"):
        status = f"{state} ({run.done_steps} of {len(steps)} steps done)"
    else:
        status = f"step {index + 1} of {len(steps)}"
        if run.waiting_for:
            status += f" · waiting for {run.waiting_for}"
        elif state == "paused":
            status += " · paused"
    toggle = "Pause" if state in PLAYING else ("Play again" if state in ("finished", "stopped") else "Play")
    return {
        "name": run.scenario.name,
        "state": state,
        "step": min(index, len(steps)),
        "steps": len(steps),
        "current": current,
        "next": following,
        "status": status,
        "caption": run.caption,
        "speed": run.speed,
        "speeds": list(PLAYER_SPEEDS),
        "controls": [
            {"command": c.command, "label": toggle if c.command == "toggle" else c.label, "keys": list(c.keys)}
            for c in CONTROLS
        ],
    }


def run_command(run: ScenarioRun, command: str, speed: float | None = None) -> None:
    """Do a player bar's ``command`` (a key of ``PLAYER_COMMANDS``) on ``run``."""
    if command == "toggle":
        state = run.state
        if state in PLAYING:
            run.pause()
        elif state == "paused":
            run.resume()
        else:
            run.resume()
            run.restart()
    elif command == "next":
        run.next()
    elif command == "restart":
        run.restart()
    elif command in ("slower", "faster"):
        run.speed = _neighbour(run.speed, faster=command == "faster")
    elif command == "speed" and speed is not None:
        run.speed = speed


def _neighbour(speed: float, *, faster: bool) -> float:
    """The next faster (slower) of the player's speeds from ``speed``; the fastest (slowest) stays."""
    if faster:
        return next((s for s in PLAYER_SPEEDS if s > speed), PLAYER_SPEEDS[-1])
    return next((s for s in reversed(PLAYER_SPEEDS) if s < speed), PLAYER_SPEEDS[0])


class PlayerSeat:
    """A desktop's place for the player: the run it shows now (none: no bar) and where its bar's
    commands go. ``publish(state)`` sets the desktop's ``player`` traitlet."""

    def __init__(self, publish: Callable[[JsonObject], None]) -> None:
        self._publish = publish
        self.player: Player | None = None

    def command(self, content: Mapping[str, Any]) -> None:
        """A ``player`` message from one of the desktop's views (already checked at the door)."""
        player = self.player
        if player is not None:
            run_command(player.run, content["command"], content.get("speed"))


class Player:
    """One run shown in the player bars of ``seats`` (one desktop's, or a ``side_by_side`` row's),
    taking over from whatever run they showed before (a desktop plays one scenario at a time: the
    new run's play stopped that one, see :meth:`~.scenario.ScenarioRun.superseded`)."""

    def __init__(self, run: ScenarioRun, seats: Sequence[PlayerSeat]) -> None:
        self.run = run
        self._seats = list(seats)
        self._lock = threading.Lock()
        self._shown: JsonObject | None = None
        for seat in self._seats:
            if seat.player is not None:
                seat.player.close()
            seat.player = self
        self._remove = run.on_change(self.publish)
        self.publish()

    def publish(self) -> None:
        """Tell the seats' views the run's state, if it changed; a run a later play stopped leaves the bars."""
        if self.run.superseded:
            self.close()
            return
        with self._lock:
            state = player_state(self.run)
            if state == self._shown:
                return
            self._shown = state
            for seat in self._seats:
                if seat.player is self:
                    seat._publish(state)

    def close(self) -> None:
        """Stop showing the run (it plays on)."""
        self._remove()
        for seat in self._seats:
            if seat.player is self:
                seat.player = None
                seat._publish({})
