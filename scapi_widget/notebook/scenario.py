"""Scripted demos: timed steps played in the background, written in Python or loaded from a
YAML/JSON file, and recorded from a live session for replay.

A scenario is a list of steps. Each step may wait first (``wait``: seconds of the desktop's clock),
then does one thing: a desktop verb (``do``, ``args``, ``kwargs``) or a SCAPI request (``request``,
``params``) made by a hosted app (``frame``: its frame id) or, without ``frame``, by notebook code::

    name: Inbound call
    steps:
      - do: simulate_inbound_call
        args: ["5550100"]
        kwargs: {user_data: {CustomerId: C-1}}
      - wait: 2
        request: voice.answer
        params: ["1"]
        frame: 1

A request step with a ``frame`` is replayed as that frame (its origin, display mode and frame id,
through the same path as the app's own message), so the events it causes go to the frames that
saw them live: a toast that app 1 popped notifies app 1 when it is clicked. Replay on a desktop
hosting the same frames as the recording.

In a contact centre (``scenario.play(centre)``, ``side_by_side(alex, bob).play(...)``), a step names
the agent it acts for (``agent: Bob``; none: the centre's first agent), and ``frame`` is one of that
agent's desktop's frames. Recording a centre names the agent of every step.

:class:`SessionRecorder` writes such steps for what happens live: every verb a step may do, every
request (an app's with its ``frame``), and a request refused in a way apps were told of
(``refused: true``: a blocked mark done), with the pauses between them. Case ids a step names are
random, so the scenario keeps which interaction each belonged to (``cases``) and a replay names
that interaction's case on its own desktop.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..centre.contact_centre import ContactCentre
from ..desktop.events import DesktopEvent
from ..desktop.model import REFUSED_REQUEST, REFUSED_VERB, REQUEST, AgentDesktop
from ..desktop.security import AccessPolicy
from ..desktop.verbs import VERBS
from ..errors import InvalidActionError, ScapiError
from ..json_types import JsonObject, JsonValue
from ..service import Caller, notebook_call, run_app_request
from ..wire.protocol import NO_DATA
from ..wire.values import check_wire_value
from . import connections

START_WHEN: Mapping[str, str] = {
    "now": "at once",
    "app-connected": "once every app the desktop hosts has connected (in a contact centre: every agent's)",
}
"""When a run starts (``play(..., start=...)``, a scenario file's ``start:``), and what each value means."""

STEP_FIELDS = ("wait", "agent", "do", "args", "kwargs", "request", "params", "frame", "refused")
POLL_S = 0.05  # how often a waiting run looks at the desktop's clock (real seconds)
TIME_TOLERANCE_S = 1e-6  # clock times near 1.7e9 s carry rounding: a wait this close to its end is over


@dataclass(frozen=True)
class Step:
    """Wait ``wait`` seconds, then do ``action``: a desktop verb or, with ``request``, a SCAPI request
    (made by hosted frame ``frame``, or by notebook code when ``frame`` is None).

    ``refused``: the action was refused live, and the refusal was reported to apps (a blocked mark
    done's MARKDONE_BLOCKED); replay does it again and expects the same refusal.

    ``agent``: in a contact centre, the agent whose desktop the step acts on (``frame`` is then one
    of that desktop's frames); None: the centre's first agent (a desktop on its own: that desktop)."""

    wait: float = 0.0
    action: str | None = None
    args: tuple[JsonValue, ...] = ()
    kwargs: Mapping[str, JsonValue] = field(default_factory=dict)
    request: bool = False
    frame: int | None = None
    refused: bool = False
    agent: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> Step:
        unknown = set(data) - set(STEP_FIELDS)
        if unknown:
            raise ValueError(f"unknown step field(s) {sorted(unknown)}; use {', '.join(STEP_FIELDS)}")
        wait = data.get("wait", 0)
        if isinstance(wait, bool) or not isinstance(wait, (int, float)) or wait < 0:
            raise ValueError(f"'wait' must be a number of seconds ≥ 0, got {wait!r}")
        if "do" in data and "request" in data:
            raise ValueError("a step does one thing: 'do' or 'request', not both")
        agent = _agent(data)
        if "request" in data:
            frame = data.get("frame")
            if frame is not None and (isinstance(frame, bool) or not isinstance(frame, int) or frame < 1):
                raise ValueError(
                    f"'frame' must be the id (an integer ≥ 1) of the frame that made the request, got {frame!r}"
                )
            request = str(data["request"])
            return cls(float(wait), request, _listed(data, "params"), {}, True, frame, _refused(data), agent)
        if "frame" in data:
            raise ValueError("'frame' says which app made a request: it belongs to a 'request' step")
        action = data.get("do")
        if action is not None and (not isinstance(action, str) or action not in VERBS):  # a "do" step: a verb
            raise ValueError(f"unknown step action {action!r}; a step can do: {', '.join(sorted(VERBS))}")
        kwargs = data.get("kwargs", {})
        if not isinstance(kwargs, Mapping):
            raise ValueError("'kwargs' must be a mapping")
        return cls(float(wait), action, _listed(data, "args"), dict(kwargs), refused=_refused(data), agent=agent)

    def to_dict(self) -> JsonObject:
        out: JsonObject = {}
        if self.wait:
            out["wait"] = round(self.wait, 3)
        if self.agent is not None:
            out["agent"] = self.agent
        if self.request:
            out.update(request=self.action, params=list(self.args))
            if self.frame is not None:
                out["frame"] = self.frame
        elif self.action is not None:
            out["do"] = self.action
            if self.args:
                out["args"] = list(self.args)
            if self.kwargs:
                out["kwargs"] = dict(self.kwargs)
        if self.refused:
            out["refused"] = True
        return out

    def apply(self, desk: AgentDesktop) -> JsonValue | ScapiError:
        """Do the step now; returns what the verb returned or the request answered (for a ``refused``
        step, the refusal: a :class:`ScapiError`). Raises ScapiError when the step fails (or a
        ``refused`` step is not refused)."""
        if self.action is None:
            return None
        try:
            data: JsonValue = (
                self._request(desk) if self.request else getattr(desk, self.action)(*self.args, **self.kwargs)
            )
        except ScapiError as exc:
            if self.refused:
                return exc
            raise
        if self.refused:
            raise InvalidActionError(
                f"{self.action} was refused when it was recorded but succeeded on replay: "
                "this desktop is not in the state the recording was made in"
            )
        return None if data is NO_DATA else data

    def _request(self, desk: AgentDesktop) -> Any:
        if self.frame is None:
            return notebook_call(desk, self.action or "", *self.args)
        check_wire_value(list(self.args), f"{self.action} parameters")  # what the app's message passed
        return run_app_request(desk, _frame_caller(desk, self.frame), self.action or "", list(self.args))


def _agent(data: Mapping[str, Any]) -> str | None:
    agent = data.get("agent")
    if agent is not None and (not isinstance(agent, str) or not agent):
        raise ValueError(f"'agent' must be the name of an agent of the contact centre, got {agent!r}")
    return agent


def _refused(data: Mapping[str, Any]) -> bool:
    refused = data.get("refused", False)
    if not isinstance(refused, bool):
        raise ValueError(f"'refused' must be true or false, got {refused!r}")
    return refused


def _listed(data: Mapping[str, JsonValue], key: str) -> tuple[JsonValue, ...]:
    value = data.get(key, [])
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"'{key}' must be a list, got {type(value).__name__}")
    return tuple(value)


def _frame_caller(desk: AgentDesktop, frame_id: int) -> Caller:
    """The caller hosted frame ``frame_id`` is when its own message arrives (see the bridge)."""
    with desk.lock:
        frame = desk.frames.get(frame_id)
        if frame is None:
            hosted = ", ".join(str(f) for f in desk.frames.frames) or "none"
            raise InvalidActionError(
                f"the step is a request of frame {frame_id}, which this desktop does not host (frames: {hosted}); "
                "replay a recording on a desktop hosting the same apps, in the same order"
            )
        return Caller(frame.origin, frame.mode, frame.frame_id)


@dataclass
class Scenario:
    """Named steps; :meth:`load`/:meth:`save` read and write YAML or JSON.

    ``cases``: for each case id a step names (``select_case``, ``interaction.selectCaseByCaseId``),
    the interaction whose case it was. Case ids are random UUIDs, so a replay names the case of the
    same interaction on its own desktop instead."""

    steps: list[Step]
    name: str = "scenario"
    cases: dict[str, str] = field(default_factory=dict)
    start: str = "now"
    """When :meth:`play` starts unless told otherwise: a key of :data:`START_WHEN`."""

    def __post_init__(self) -> None:
        check_start(self.start)

    @classmethod
    def from_steps(
        cls,
        steps: Iterable[Mapping[str, JsonValue] | Step],
        name: str = "scenario",
        cases: Mapping[str, str] | None = None,
        start: str = "now",
    ) -> Scenario:
        cases = dict(cases or {})
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in cases.items()):
            raise ValueError("'cases' maps case ids to interaction ids (strings)")
        check_start(start)
        return cls([s if isinstance(s, Step) else Step.from_dict(s) for s in steps], name, cases, start)

    @classmethod
    def of(cls, scenario: Scenario | str | Path | Sequence[Mapping[str, JsonValue]]) -> Scenario:
        """What ``play`` takes: a Scenario, a YAML/JSON file, or a list of steps."""
        if isinstance(scenario, Scenario):
            return scenario
        if isinstance(scenario, (str, Path)):
            return cls.load(scenario)
        return cls.from_steps(scenario)

    @classmethod
    def load(cls, path: str | Path) -> Scenario:
        path = Path(path)
        text = path.read_text()
        data = _yaml().safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)
        if not isinstance(data, Mapping) or not isinstance(data.get("steps"), list):
            raise ValueError(f"{path}: a scenario file needs a 'steps' list")
        cases = data.get("cases") or {}
        if not isinstance(cases, Mapping):
            raise ValueError(f"{path}: 'cases' must map case ids to interaction ids")
        start = data.get("start", "now")
        if start not in START_WHEN:
            raise ValueError(f"{path}: 'start' must be one of {', '.join(START_WHEN)}, got {start!r}")
        return cls.from_steps(data["steps"], str(data.get("name", path.stem)), cases, start)

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"name": self.name}
        if self.start != "now":
            out["start"] = self.start
        out["steps"] = [s.to_dict() for s in self.steps]
        if self.cases:
            out["cases"] = dict(self.cases)
        return out

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

    def play(
        self,
        desk: AgentDesktop | ContactCentre,
        *,
        speed: float = 1.0,
        on_error: str = "stop",
        start: str | None = None,
    ) -> ScenarioRun:
        """Play in a background thread (the kernel stays free); returns the run to pause or stop.

        ``start``: ``"now"``, or ``"app-connected"``: the run waits (in the background, the cell
        returns at once) until every app the desktop hosts has connected, then plays; so a demo
        works under Run All, Voilà and marimo without ``await``. None: the scenario's own
        ``start`` (a file's ``start:``, default ``"now"``).

        On a :class:`~scapi_widget.centre.contact_centre.ContactCentre`, each step acts on the
        desktop of the agent it names (``agent``; none: the centre's first agent). On one desktop,
        no step may name an agent."""
        return ScenarioRun(self, desk, speed, on_error, self.start if start is None else start)


def check_start(start: object) -> None:
    """A ValueError unless ``start`` is a key of :data:`START_WHEN`."""
    if not isinstance(start, str) or start not in START_WHEN:
        raise ValueError(f"start must be one of {', '.join(repr(k) for k in START_WHEN)}, got {start!r}")


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency of JupyterLab
        raise RuntimeError("YAML scenarios need PyYAML (pip install pyyaml); JSON works without it") from None
    return yaml


class ScenarioRun:
    """A scenario being played: :meth:`pause`, :meth:`resume`, :meth:`stop`, :meth:`join`.

    Waits are measured on the desktop's clock (``desk.clock``): on a desktop with a
    :class:`~scapi_widget.desktop.ManualClock` a run moves on when the clock is advanced.
    ``results[i]`` is what step ``i`` returned (a request's answer), or the ScapiError it raised.
    """

    def __init__(
        self, scenario: Scenario, desk: AgentDesktop | ContactCentre, speed: float, on_error: str, start: str = "now"
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be > 0")
        if on_error not in ("stop", "continue"):
            raise ValueError("on_error must be 'stop' or 'continue'")
        check_start(start)
        self.start = start
        self._desks = _agent_desks(desk)
        _check_agents(scenario.steps, self._desks)
        self.clock = desk.clock
        self.desk = desk if isinstance(desk, AgentDesktop) else next(iter(self._desks.values()))
        """The desktop steps naming no agent act on (a centre's first agent's)."""
        self.scenario, self.speed, self.on_error = scenario, speed, on_error
        self.done_steps = 0
        self.errors: list[tuple[int, ScapiError]] = []
        self.results: list[JsonValue | ScapiError] = []
        """What each step done returned (a ``refused`` step's: its refusal), in order."""
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._holding = threading.Event()
        self._condition = threading.Event()  # set while the run waits for a condition (apps connecting)
        self._wake = threading.Event()  # something changed that a condition may depend on
        self._removers = [one.add_change_listener(self._changed) for one in self._all_desks()]
        self._thread = threading.Thread(target=self._run, name=f"scenario {scenario.name}", daemon=True)
        self._thread.start()

    def _wait(self, seconds: float) -> bool:
        """Wait ``seconds / speed`` of the desktop's clock, not counting paused time; False when stopped."""
        clock = self.clock
        deadline = clock.now() + seconds / self.speed
        while not self._stop.is_set():
            if not self._running.is_set():
                held_at = clock.now()
                self._holding.set()
                self._running.wait()
                deadline += clock.now() - held_at  # paused time does not count
                self._holding.clear()
                continue
            left = deadline - clock.now()
            if left <= TIME_TOLERANCE_S:
                return True
            self._stop.wait(min(left, POLL_S))
        return False

    def _all_desks(self) -> list[AgentDesktop]:
        return list(self._desks.values()) or [self.desk]

    def _changed(self, _parts: frozenset[Any]) -> None:
        self._wake.set()

    def _until(self, condition: Callable[[], bool]) -> bool:
        """Wait (on this thread) until ``condition()`` holds; False when stopped first."""
        self._condition.set()
        try:
            while not self._stop.is_set():
                self._wake.clear()
                if condition():
                    return True
                self._wake.wait(POLL_S)
            return False
        finally:
            self._condition.clear()

    def _apps_connected(self) -> bool:
        """Every app each desktop of the run hosts is connected."""
        return all(
            connections.connected_entries(one, connections.frames_for(one, None, ())) is not None
            for one in self._all_desks()
        )

    def _run(self) -> None:
        try:
            if self.start == "app-connected" and not self._until(self._apps_connected):
                return
            self._play()
        finally:
            while self._removers:
                self._removers.pop()()

    def _play(self) -> None:
        for index, step in enumerate(self.scenario.steps):
            if not self._wait(step.wait):
                return
            try:
                desk = self._desks[step.agent] if step.agent is not None else self.desk
                self.results.append(self._on_this_desktop(step, desk).apply(desk))
            except ScapiError as exc:
                self.results.append(exc)
                self.errors.append((index, exc))
                if self.on_error == "stop":
                    return
            self.done_steps = index + 1

    def _on_this_desktop(self, step: Step, desk: AgentDesktop) -> Step:
        """``step`` naming, for each recorded case id, the case of the same interaction here."""
        if not self.scenario.cases:
            return step
        with desk.lock:
            here = {
                case_id: item.case_id
                for case_id, interaction_id in self.scenario.cases.items()
                if (item := desk.interactions.get(interaction_id)) is not None
            }
        return dataclasses.replace(step, args=tuple(_swapped(step.args, here)), kwargs=_swapped(step.kwargs, here))

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()
        self._wake.set()

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

    @property
    def state(self) -> str:
        """``"playing"``, ``"waiting"`` (for a condition: with ``start="app-connected"``, the apps to
        connect), ``"paused"`` (holding: no step runs until :meth:`resume`), ``"stopped"`` or ``"finished"``."""
        if not self._thread.is_alive():
            return "stopped" if self._stop.is_set() else "finished"
        if self._condition.is_set():
            return "waiting"
        return "paused" if self._holding.is_set() else "playing"

    def __repr__(self) -> str:
        return f"<ScenarioRun {self.scenario.name!r}: {self.done_steps}/{len(self.scenario.steps)} steps, {self.state}>"


def _agent_desks(target: AgentDesktop | ContactCentre) -> Mapping[str, AgentDesktop]:
    """The desktops of a centre's agents by name; a desktop on its own names none."""
    if isinstance(target, ContactCentre):
        desks = dict(target.agents)
        if not desks:
            raise ValueError("the contact centre has no agents: add_agent() first")
        return desks
    if not isinstance(target, AgentDesktop):
        raise TypeError(f"a scenario plays on an AgentDesktop or a ContactCentre, got {type(target).__name__}")
    return {}


def _check_agents(steps: Iterable[Step], desks: Mapping[str, AgentDesktop]) -> None:
    """Every agent a step names is one of ``desks`` (a ValueError saying which is not, before anything runs)."""
    for index, step in enumerate(steps):
        if step.agent is None or step.agent in desks:
            continue
        if not desks:
            raise ValueError(
                f"step {index} acts for agent {step.agent!r}: play the scenario on the contact centre "
                "(scenario.play(centre), or side_by_side(...).play(...)), not on one desktop"
            )
        raise ValueError(
            f"step {index} acts for agent {step.agent!r}, who is not in the centre (agents: {', '.join(desks)})"
        )


def _swapped(value: Any, strings: Mapping[str, str]) -> Any:
    """``value`` (plain data) with every string that is a key of ``strings`` replaced by its value."""
    if isinstance(value, str):
        return strings.get(value, value)
    if isinstance(value, Mapping):
        return {key: _swapped(item, strings) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_swapped(item, strings) for item in value]
    return value


def _names(value: Any, strings: Mapping[str, str]) -> set[str]:
    """The keys of ``strings`` that occur in ``value`` (plain data)."""
    if isinstance(value, str):
        return {value} if value in strings else set()
    items = value.values() if isinstance(value, Mapping) else value if isinstance(value, (list, tuple)) else ()
    return set().union(*(_names(item, strings) for item in items))


def _as_data(value: Any) -> Any:
    """The plain data (what YAML and JSON hold) a verb's argument stands for: a policy as the option's
    text, a record object as its fields; the verbs take both forms."""
    if isinstance(value, AccessPolicy):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _as_data(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {key: _as_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_data(item) for item in value]
    return value


class SessionRecorder:
    """Records what happens to a desktop (its verbs, and the requests apps and notebook code make,
    each with the frame that made it) as a scenario; pauses are measured on the desktop's clock.

    Given a :class:`~scapi_widget.centre.contact_centre.ContactCentre`, it records every agent's
    desktop (the agents it has now), each step naming its agent (``agent``) when there are several.
    What the switch does on the other desktops (a transferred call ringing) is not a step: a replay
    does it again."""

    def __init__(self, desk: AgentDesktop | ContactCentre) -> None:
        desks = _agent_desks(desk)
        self.desk = desk
        self._steps: list[Step] = []
        self._last: float | None = None
        self._case_of: dict[str | None, dict[str, str]] = {}
        self._removers: list[Callable[[], None]] = []
        # each desktop by the agent its steps name: none for a desktop on its own or a centre of one
        named: dict[str | None, AgentDesktop] = {name: one for name, one in desks.items()}
        if len(desks) <= 1:
            named = {None: desk if isinstance(desk, AgentDesktop) else next(iter(desks.values()))}
        with desk.lock:
            for agent, one in named.items():
                self._case_of[agent] = {item.case_id: iid for iid, item in one.interactions.items()}
                self._removers.append(one.add_recorder(functools.partial(self._note, agent)))
                self._removers.append(one.add_event_listener(functools.partial(self._note_case, agent)))

    def _note_case(self, agent: str | None, event: DesktopEvent) -> None:
        interaction = event.data.get("interaction")
        case = interaction.get("caseId") if isinstance(interaction, Mapping) else None
        if isinstance(interaction, Mapping) and isinstance(case, str):
            self._case_of[agent].setdefault(case, str(interaction.get("interactionId")))

    def _note(
        self,
        agent: str | None,
        kind: str,
        name: str,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        *,
        frame_id: int | None = None,
    ) -> None:
        now = self.desk.clock.now()
        wait = 0.0 if self._last is None else max(now - self._last, 0.0)
        self._last = now
        if kind in (REQUEST, REFUSED_REQUEST):
            self._steps.append(Step(wait, name, tuple(args), {}, True, frame_id, kind == REFUSED_REQUEST, agent))
        else:  # a desktop verb
            refused = kind == REFUSED_VERB
            self._steps.append(Step(wait, name, tuple(_as_data(args)), _as_data(kwargs), refused=refused, agent=agent))

    def stop(self, name: str = "recorded session") -> Scenario:
        """Stop recording; the scenario replays what happened, with the same pauses."""
        while self._removers:
            self._removers.pop()()
        cases: dict[str, str] = {}
        for step in self._steps:  # a case id a step names: the interaction it was on that step's agent's desktop
            case_of = self._case_of[step.agent]
            for case in sorted(_names([step.args, step.kwargs], case_of)):
                cases.setdefault(case, case_of[case])
        return Scenario(list(self._steps), name, dict(sorted(cases.items())))
