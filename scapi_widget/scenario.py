"""Scripted demos: timed steps played in the background, written in Python or loaded from a
YAML/JSON file, and recorded from a live session for replay.

A scenario is a list of steps. Each step may wait first (``wait``: seconds), then does one thing:
a desktop method (``do``, ``args``, ``kwargs``) or an app request (``request``, ``params``)::

    name: Inbound call
    steps:
      - do: simulate_inbound_call
        args: ["5550100"]
        kwargs: {user_data: {CustomerId: C-1}}
      - wait: 2
        do: answer
        args: ["1"]
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .desktop.model import RECORDED_METHODS, AgentDesktop
from .errors import ScapiError

# Desktop methods a scenario may call: what the outside world and the agent do (requests go
# through ``request``, not ``call``).
STEP_ACTIONS = frozenset(RECORDED_METHODS) - {"call"}


@dataclass(frozen=True)
class Step:
    """Wait ``wait`` seconds, then do ``action`` (a desktop method or, with ``request``, a SCAPI request)."""

    wait: float = 0.0
    action: str | None = None
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    request: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        unknown = set(data) - {"wait", "do", "args", "kwargs", "request", "params"}
        if unknown:
            raise ValueError(f"unknown step field(s) {sorted(unknown)}; use wait, do, args, kwargs, request, params")
        wait = data.get("wait", 0)
        if isinstance(wait, bool) or not isinstance(wait, (int, float)) or wait < 0:
            raise ValueError(f"'wait' must be a number of seconds ≥ 0, got {wait!r}")
        if "do" in data and "request" in data:
            raise ValueError("a step does one thing: 'do' or 'request', not both")
        if "request" in data:
            return cls(float(wait), str(data["request"]), tuple(data.get("params", ())), {}, True)
        action = data.get("do")
        if action is not None and action not in STEP_ACTIONS:
            raise ValueError(f"unknown step action {action!r}; a step can do: {', '.join(sorted(STEP_ACTIONS))}")
        kwargs = data.get("kwargs", {})
        if not isinstance(kwargs, Mapping):
            raise ValueError("'kwargs' must be a mapping")
        return cls(float(wait), action, tuple(data.get("args", ())), dict(kwargs))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.wait:
            out["wait"] = round(self.wait, 3)
        if self.request:
            out.update(request=self.action, params=list(self.args))
        elif self.action is not None:
            out["do"] = self.action
            if self.args:
                out["args"] = list(self.args)
            if self.kwargs:
                out["kwargs"] = dict(self.kwargs)
        return out

    def apply(self, desk: AgentDesktop) -> Any:
        if self.action is None:
            return None
        if self.request:
            return desk.call(self.action, *self.args)
        return getattr(desk, self.action)(*self.args, **self.kwargs)


@dataclass
class Scenario:
    """Named steps; :meth:`load`/:meth:`save` read and write YAML or JSON."""

    steps: list[Step]
    name: str = "scenario"

    @classmethod
    def from_steps(cls, steps: Iterable[Mapping[str, Any] | Step], name: str = "scenario") -> Scenario:
        return cls([s if isinstance(s, Step) else Step.from_dict(s) for s in steps], name)

    @classmethod
    def load(cls, path: str | Path) -> Scenario:
        path = Path(path)
        text = path.read_text()
        data = _yaml().safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)
        if not isinstance(data, Mapping) or not isinstance(data.get("steps"), list):
            raise ValueError(f"{path}: a scenario file needs a 'steps' list")
        return cls.from_steps(data["steps"], str(data.get("name", path.stem)))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "steps": [s.to_dict() for s in self.steps]}

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        data = self.to_dict()
        if path.suffix in (".yaml", ".yml"):
            path.write_text(_yaml().safe_dump(data, sort_keys=False, allow_unicode=True))
        else:
            path.write_text(json.dumps(data, indent=2) + "\n")
        return path

    @property
    def duration(self) -> float:
        return sum(s.wait for s in self.steps)

    def play(self, desk: AgentDesktop, *, speed: float = 1.0, on_error: str = "stop") -> ScenarioRun:
        """Play in a background thread (the kernel stays free); returns the run to pause or stop."""
        return ScenarioRun(self, desk, speed, on_error)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency of JupyterLab
        raise RuntimeError("YAML scenarios need PyYAML (pip install pyyaml); JSON works without it") from None
    return yaml


class ScenarioRun:
    """A scenario being played: :meth:`pause`, :meth:`resume`, :meth:`stop`, :meth:`join`."""

    def __init__(self, scenario: Scenario, desk: AgentDesktop, speed: float, on_error: str) -> None:
        if speed <= 0:
            raise ValueError("speed must be > 0")
        if on_error not in ("stop", "continue"):
            raise ValueError("on_error must be 'stop' or 'continue'")
        self.scenario, self.desk, self.speed, self.on_error = scenario, desk, speed, on_error
        self.done_steps = 0
        self.errors: list[tuple[int, ScapiError]] = []
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._thread = threading.Thread(target=self._run, name=f"scenario {scenario.name}", daemon=True)
        self._thread.start()

    def _sleep(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds / self.speed
        while not self._stop.is_set():
            self._running.wait()
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            self._stop.wait(min(left, 0.05))
        return False

    def _run(self) -> None:
        for index, step in enumerate(self.scenario.steps):
            if not self._sleep(step.wait):
                return
            try:
                step.apply(self.desk)
            except ScapiError as exc:
                self.errors.append((index, exc))
                if self.on_error == "stop":
                    return
            self.done_steps = index + 1

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait (blocking) for the end; True when finished. In a notebook prefer ``await run.finished()``."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    async def finished(self) -> ScenarioRun:
        """``await run.finished()`` without blocking the kernel."""
        import asyncio

        while self._thread.is_alive():
            await asyncio.sleep(0.05)
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def __repr__(self) -> str:
        state = "running" if self.running else ("stopped" if self._stop.is_set() else "finished")
        return f"<ScenarioRun {self.scenario.name!r}: {self.done_steps}/{len(self.scenario.steps)} steps, {state}>"


class SessionRecorder:
    """Records what happens to a desktop (its methods, and requests apps make) as a scenario."""

    def __init__(self, desk: AgentDesktop) -> None:
        self.desk = desk
        self._steps: list[Step] = []
        self._last: float | None = None
        self._remove: Callable[[], None] | None = desk.add_recorder(self._note)

    def _note(self, kind: str, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        now = time.monotonic()
        wait = 0.0 if self._last is None else now - self._last
        self._last = now
        if kind == "request":
            self._steps.append(Step(wait, name, tuple(args), {}, True))
        elif name in STEP_ACTIONS:
            self._steps.append(Step(wait, name, tuple(args), dict(kwargs)))

    def stop(self, name: str = "recorded session") -> Scenario:
        """Stop recording; the scenario replays what happened, with the same pauses."""
        if self._remove is not None:
            self._remove()
            self._remove = None
        return Scenario(list(self._steps), name)
