"""Scripted demos: timed steps played in the background, written in Python or loaded from a
YAML/JSON file, and recorded from a live session for replay.

A scenario is a list of steps. Each step may wait first (``wait``: seconds of the desktop's clock,
or a condition: an app's request, an event, the presenter's click; see :mod:`.waits`), may say
something (``say``: a caption), then does one thing: a desktop verb (``do``, ``args``, ``kwargs``) or
a SCAPI request (``request``, ``params``) made by a hosted app (``frame``: its frame id) or, without
``frame``, by notebook code::

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
import inspect
import json
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..centre.contact_centre import ContactCentre
from ..desktop.events import CAPTION, NARRATION, DesktopEvent
from ..desktop.model import REFUSED_REQUEST, REFUSED_VERB, REQUEST, AgentDesktop, report_failure
from ..desktop.reset import Baseline
from ..desktop.security import AccessPolicy
from ..desktop.verbs import VERBS
from ..errors import InvalidActionError, ScapiError
from ..json_types import JsonObject, JsonValue
from ..service import Caller, notebook_call, run_app_request
from ..wire.protocol import NO_DATA
from ..wire.values import check_wire_value
from . import connections, dashboards
from .waits import ON_TIMEOUT, WAIT_KINDS, Wait, WaitTimedOut

START_WHEN: Mapping[str, str] = {
    "now": "at once",
    "app-connected": "once every app the desktop hosts has connected (in a contact centre: every agent's)",
}
"""When a run starts (``play(..., start=...)``, a scenario file's ``start:``), and what each value means."""

STEP_KEYS: Mapping[str, str] = {
    "say": "narration: a caption over the desktop from this step on (and a 'scenario' CAPTION event in the log)",
    "wait": "before the step: seconds of the desktop's clock, 'click' (the player's next button), or a "
    "condition {request: NAME, params: [...], frame: ID} / {event: NAME} / {click: true}, each with "
    "optional timeout (seconds) and on_timeout",
    "agent": "in a contact centre: the agent whose desktop the step acts on (none: the first agent)",
    "do": "a desktop verb to run (simulate_inbound_call, answer, set_user_data, ...)",
    "args": "the verb's positional arguments (a list)",
    "kwargs": "the verb's keyword arguments (a mapping)",
    "request": "a SCAPI request to make instead of a verb (voice.answer, interaction.setUserData, ...)",
    "params": "the request's parameters (a list)",
    "frame": "the request is the app's of this frame id (none: notebook code's)",
    "refused": "true: the action was refused live (apps were told); replay expects the same refusal",
}
"""What a step of a scenario file may say, each key with its meaning (``help(Scenario)`` lists them)."""
STEP_FIELDS = tuple(STEP_KEYS)
WAITING_FOR_APPS = "the apps to connect"
"""What a run played with ``start="app-connected"`` waits for (``run.waiting_for``) until they have."""
POLL_S = 0.05  # how often a waiting run looks at the desktop's clock (real seconds)
ENDED = ("finished", "stopped")
"""The states of a run that is over (``run.state``)."""
TIME_TOLERANCE_S = 1e-6  # clock times near 1.7e9 s carry rounding: a wait this close to its end is over
TAKE_OVER_S = 10.0  # how long a new play waits (real seconds) for the run it stops to finish its step


@dataclass(frozen=True)
class Step:
    """Wait ``wait`` seconds, then do ``action``: a desktop verb or, with ``request``, a SCAPI request
    (made by hosted frame ``frame``, or by notebook code when ``frame`` is None).

    ``refused``: the action was refused live, and the refusal was reported to apps (a blocked mark
    done's MARKDONE_BLOCKED); replay does it again and expects the same refusal.

    ``agent``: in a contact centre, the agent whose desktop the step acts on (``frame`` is then one
    of that desktop's frames); None: the centre's first agent (a desktop on its own: that desktop).

    ``until``: a condition to wait for instead of seconds (:class:`~.waits.Wait`: an app's request,
    an event, the presenter's click; a file's ``wait: {request: ...}``). ``say``: narration shown as
    a caption over the desktop from when the step is reached until a later step says something
    else (``""`` clears it), and logged as a ``scenario`` CAPTION event. A step may only wait and
    say, doing nothing."""

    wait: float = 0.0
    action: str | None = None
    args: tuple[JsonValue, ...] = ()
    kwargs: Mapping[str, JsonValue] = field(default_factory=dict)
    request: bool = False
    frame: int | None = None
    refused: bool = False
    agent: str | None = None
    until: Wait | None = None
    say: str | None = None

    def __post_init__(self) -> None:
        if self.until is not None and self.wait:
            raise ValueError("a step waits for seconds or for a condition (until), not both")

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> Step:
        unknown = set(data) - set(STEP_FIELDS)
        if unknown:
            raise ValueError(f"unknown step field(s) {sorted(unknown)}; use {', '.join(STEP_FIELDS)}")
        wait, until = _wait(data.get("wait", 0))
        say = data.get("say")
        if say is not None and not isinstance(say, str):
            raise ValueError(f"'say' must be text (the caption shown while the step is current), got {say!r}")
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
            params = _listed(data, "params")
            return cls(wait, request, params, {}, True, frame, _refused(data), agent, until, say)
        if "frame" in data:
            raise ValueError("'frame' says which app made a request: it belongs to a 'request' step")
        action = data.get("do")
        if action is not None and (not isinstance(action, str) or action not in VERBS):  # a "do" step: a verb
            raise ValueError(f"unknown step action {action!r}; a step can do: {', '.join(sorted(VERBS))}")
        kwargs = data.get("kwargs", {})
        if not isinstance(kwargs, Mapping):
            raise ValueError("'kwargs' must be a mapping")
        return cls(
            wait, action, _listed(data, "args"), dict(kwargs), refused=_refused(data), agent=agent, until=until, say=say
        )

    def to_dict(self) -> JsonObject:
        out: JsonObject = {}
        if self.say is not None:
            out["say"] = self.say
        if self.until is not None:
            out["wait"] = self.until.to_value()
        elif self.wait:
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

    @property
    def label(self) -> str:
        """The step for people (the player names the current and next step): its caption, else
        what it does (``answer 1``, ``the app's voice.answer``), else what it waits for."""
        if self.say:
            return self.say
        who = "" if self.agent is None else f"{self.agent}: "
        after = "" if self.until is None else f" (after {self.until.describe()})"
        if self.action is not None:
            args = " ".join(json.dumps(a, ensure_ascii=False) if not isinstance(a, str) else a for a in self.args)
            if self.request:
                source = "notebook" if self.frame is None else f"frame {self.frame}"
                return f"{who}{self.action} {args}".rstrip() + f" (request of the {source}){after}"
            return f"{who}{self.action.replace('_', ' ')} {args}".rstrip() + after
        if self.until is not None:
            return f"wait for {self.until.describe()}"
        return f"wait {self.wait:g} s" if self.wait else "(nothing)"

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


def _wait(value: Any) -> tuple[float, Wait | None]:
    """A step's ``wait``: seconds, or a condition (``click``, a mapping, a :class:`~.waits.Wait`)."""
    if isinstance(value, (str, Mapping, Wait)):
        return 0.0, Wait.of(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(
            f"'wait' must be a number of seconds ≥ 0, 'click' or a condition ({', '.join(WAIT_KINDS)}), got {value!r}"
        )
    return float(value), None


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
        stalled: Callable[[], str | None] | None = None,
    ) -> ScenarioRun:
        """Play in a background thread (the kernel stays free); returns the run to pause or stop.

        ``start``: ``"now"``, or ``"app-connected"``: the run waits (in the background, the cell
        returns at once) until every app the desktop hosts has connected, then plays; so a demo
        works under Run All, Voilà and marimo without ``await``. None: the scenario's own
        ``start`` (a file's ``start:``, default ``"now"``). ``stalled``: asked while the run waits
        for the apps; a text (why they cannot connect) stops the run, with an
        :class:`AppsDidNotConnect` in ``run.errors`` (``Desktop.play`` passes one: a minute after a
        view shows the desktop).

        A desktop plays one scenario at a time: the run playing on any of the desktops is
        stopped (after the step it is doing) and superseded by this one.

        On a :class:`~scapi_widget.centre.contact_centre.ContactCentre`, each step acts on the
        desktop of the agent it names (``agent``; none: the centre's first agent). On one desktop,
        no step may name an agent."""
        return ScenarioRun(self, desk, speed, on_error, self.start if start is None else start, stalled)


def check_start(start: object) -> None:
    """A ValueError unless ``start`` is a key of :data:`START_WHEN`."""
    if not isinstance(start, str) or start not in START_WHEN:
        raise ValueError(f"start must be one of {', '.join(repr(k) for k in START_WHEN)}, got {start!r}")


def reference() -> str:
    """The reference of a scenario's keys, from their tables (appended to ``help(Scenario)``)."""
    lines = ["A scenario file's keys: name, start, steps (and cases, written by recordings).", ""]
    lines += ["``start`` (when ``play`` starts):"] + [f"  {k}: {v}" for k, v in START_WHEN.items()] + [""]
    lines += ["A step's keys:"] + [f"  {k}: {v}" for k, v in STEP_KEYS.items()] + [""]
    lines += ["What ``wait`` may wait for:"] + [f"  {k}: {v}" for k, v in WAIT_KINDS.items()] + [""]
    lines += ["``on_timeout`` (default stop):"] + [f"  {k}: {v}" for k, v in ON_TIMEOUT.items()] + [""]
    lines += [
        "In Python: Scenario.from_steps([...]) takes the same mappings, or Step objects:",
        "  Step(action='simulate_inbound_call', say='A customer calls'),",
        "  Step(until=Wait(request='voice.answer', timeout=60, on_timeout='skip'), say='Answer it in the app'),",
        "  Step(until=Wait(event='ESTABLISHED')), Step(until=Wait(click=True)).",
        "desk.play(scenario, start='app-connected') returns a ScenarioRun: pause(), resume(), next(),",
        "restart(), speed, stop(); the desktop shows it in its player bar.",
        "A desktop (a side_by_side row) plays one scenario at a time: a new play stops the run playing",
        "on any of its desktops (that run's superseded is True; it cannot be restarted).",
    ]
    return "\n".join(lines)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency of JupyterLab
        raise RuntimeError("YAML scenarios need PyYAML (pip install pyyaml); JSON works without it") from None
    return yaml


class AppsDidNotConnect(Exception):
    """A run played with ``start="app-connected"`` gave up waiting for its apps (``stalled`` said why): in
    ``run.errors`` (step 0), and the run stopped before its first step."""


class ScenarioRun:
    """A scenario being played, driven from Python or the desktop's player bar: :meth:`pause`,
    :meth:`resume`, :meth:`next` (run the current step now; paused, run just that one),
    :meth:`restart` (put the desktops back where the run started and play from the first step),
    :attr:`speed`, :meth:`stop`, :meth:`join`; in a notebook ``await run.finished()`` or
    ``await run.until(condition)``.

    Waits are measured on the desktop's clock (``desk.clock``): on a desktop with a
    :class:`~scapi_widget.desktop.ManualClock` a run moves on when the clock is advanced.
    ``results[i]`` is what step ``i`` returned (a request's answer), or the ScapiError it raised.
    :attr:`index` is the current step (the one waiting or being done), :attr:`caption` the
    narration shown now; :meth:`on_change` calls back when any of it changes.
    """

    def __init__(
        self,
        scenario: Scenario,
        desk: AgentDesktop | ContactCentre,
        speed: float,
        on_error: str,
        start: str = "now",
        stalled: Callable[[], str | None] | None = None,
    ) -> None:
        _check_speed(speed)
        if on_error not in ("stop", "continue"):
            raise ValueError("on_error must be 'stop' or 'continue'")
        check_start(start)
        self.start = start
        self._stalled = stalled
        self._desks = _agent_desks(desk)
        _check_agents(scenario.steps, self._desks)
        self.clock = desk.clock
        self.desk = desk if isinstance(desk, AgentDesktop) else next(iter(self._desks.values()))
        """The desktop steps naming no agent act on (a centre's first agent's)."""
        self.scenario, self._speed, self.on_error = scenario, float(speed), on_error
        self.index = 0
        """The current step: the one being waited for or done (``len(steps)`` at the end)."""
        self.done_steps = 0
        self.caption = ""
        """The narration shown now: the ``say`` of the latest step reached that had one."""
        self.waiting_for: str | None = None
        """What the current step waits for (a condition's description), or None."""
        self.errors: list[tuple[int, ScapiError | WaitTimedOut | AppsDidNotConnect]] = []
        self.results: list[JsonValue | ScapiError] = []
        """What each step done returned (a ``refused`` step's: its refusal; a skipped one's: None), in order."""
        self._listeners: list[Callable[[], None]] = []
        self._listening = threading.Lock()  # guards _listeners
        self._control = threading.Lock()  # restart against the end of the run's thread
        self._ended: str | None = None  # "finished" or "stopped" once the thread is over
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._skip = threading.Event()  # next(): the current step's wait is over
        self._restart = threading.Event()
        self._condition = threading.Event()  # set while the run waits for a condition
        self._wake = threading.Event()  # something changed that the run may be waiting on
        self._superseded = False  # a later play on one of its desktops stopped it
        _take_over(self._all_desks(), self)  # a desktop plays one scenario at a time
        self._baselines = {one: Baseline.take(one) for one in self._all_desks()}
        if start == "app-connected":  # waiting from the moment play returns, not once its thread runs
            self._condition.set()
            self.waiting_for = WAITING_FOR_APPS
        self._thread = self._start_thread(reset_first=False)

    # ------------------------------------------------------------------ control, from any thread

    def pause(self) -> None:
        """Hold: no further step is done until :meth:`resume` (or :meth:`next`, which does one)."""
        self._running.clear()
        self._poke()

    def resume(self) -> None:
        self._running.set()
        self._poke()

    def next(self) -> None:
        """Do the current step now: its wait is over (a ``wait: click`` step waits for this). While
        paused, the run does that one step and holds again before the following one."""
        self._skip.set()
        self._poke()

    def restart(self) -> None:
        """Put every desktop of the run back where it was when the run was made (interactions, those
        there before in their state then, agent and media states, toasts, dialogs, menu-bar views,
        user data, campaigns; hosted apps are told, see
        :mod:`scapi_widget.desktop.reset`), then play from the first step. A paused run stays
        paused; a finished or stopped one plays again, unless a later play on one of its desktops
        stopped it (a RuntimeError: a desktop plays one scenario at a time)."""
        with self._control:
            if self._superseded:
                raise RuntimeError(
                    f"{self!r} was stopped by a later play on its desktop (a desktop plays one scenario at a time): "
                    "play it again with desk.play(...)"
                )
            if self._ended is None:
                self._restart.set()  # the run's thread resets at its next look
            else:
                self._ended = None
                self._stop.clear()
                self._thread = self._start_thread(reset_first=True)
        self._poke()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()
        self._poke()

    @property
    def speed(self) -> float:
        """How fast waits of seconds pass (2: twice as fast); settable while playing."""
        return self._speed

    @speed.setter
    def speed(self, speed: float) -> None:
        _check_speed(speed)
        self._speed = float(speed)
        self._poke()

    def on_change(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` (on whichever thread changed it) when the state, the current step, the
        caption or the speed changes. Returns a function that removes it."""
        with self._listening:
            self._listeners.append(callback)

        def remove() -> None:
            with self._listening:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return remove

    def join(self, timeout: float | None = None) -> bool:
        """Wait (blocking) for the end; True when finished. In a notebook prefer ``await run.finished()``."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    async def finished(self) -> ScenarioRun:
        """``await run.finished()``: until the run has finished or stopped, without blocking the kernel.

        Under Voilà, awaiting a run that waits for the page (its apps to connect, a click, an app's
        request) could never end, since cells run before the page exists: a DashboardError says what to
        do instead (``await when_finished(run, check)``)."""
        if self.state == "waiting":
            dashboards.refuse_await_run_under_voila(self.waiting_for)
        await self.until(lambda run: run.state in ENDED, timeout=None)
        return self

    async def until(
        self, condition: Callable[[ScenarioRun], object], *, timeout: float | None = 30.0
    ) -> ScenarioRun:
        """``await run.until(lambda r: r.state == "waiting")``: until ``condition(run)`` holds, checked
        now and after every change of the run (its state, current step, caption, speed), without
        blocking the kernel; a TimeoutError after ``timeout`` seconds (None: no limit)."""
        import asyncio

        loop = asyncio.get_running_loop()
        held = loop.create_future()

        def check() -> None:
            if not held.done() and condition(self):
                held.set_result(None)

        def changed() -> None:
            loop.call_soon_threadsafe(check)

        remove = self.on_change(changed)
        try:
            check()
            await asyncio.wait_for(held, timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"the run's condition did not hold within {timeout} s: {self!r}") from None
        finally:
            remove()
        return self

    @property
    def superseded(self) -> bool:
        """True once a later play on one of the run's desktops stopped it (it cannot be restarted)."""
        return self._superseded

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def state(self) -> str:
        """``"playing"``, ``"waiting"`` (for a condition: the apps to connect with
        ``start="app-connected"``, a step's ``wait: {request|event: ...}`` or ``wait: click``),
        ``"paused"`` (no step is done until :meth:`resume`), ``"stopped"`` or ``"finished"``."""
        ended = self._ended
        if ended is not None:
            return ended
        if not self._running.is_set():
            return "paused"
        return "waiting" if self._condition.is_set() else "playing"

    def __repr__(self) -> str:
        return f"<ScenarioRun {self.scenario.name!r}: {self.done_steps}/{len(self.scenario.steps)} steps, {self.state}>"

    # ------------------------------------------------------------------ the run's thread

    def _start_thread(self, *, reset_first: bool) -> threading.Thread:
        thread = threading.Thread(
            target=self._run, args=(reset_first,), name=f"scenario {self.scenario.name}", daemon=True
        )
        thread.start()
        return thread

    def _poke(self) -> None:
        self._wake.set()
        self._changed()

    def _changed(self) -> None:
        with self._listening:
            listeners = list(self._listeners)
        for callback in listeners:
            try:
                callback()
            except Exception as exc:  # a listener's bug must not end the run
                report_failure("a scenario run's change callback", exc)

    def _all_desks(self) -> list[AgentDesktop]:
        return list(self._desks.values()) or [self.desk]

    def _run(self, reset_first: bool) -> None:
        try:
            if reset_first:
                self._reset()
            elif self.start == "app-connected" and not self._until_connected():
                self._end()
                return
            while True:
                self._play()
                with self._control:
                    if not self._restart.is_set() or self._stop.is_set():
                        self._ended = "stopped" if self._stop.is_set() else "finished"
                        self.waiting_for = None
                        break
                self._reset()
        except BaseException:
            self._end()
            raise
        self._changed()

    def _end(self) -> None:
        with self._control:
            self._ended = "stopped" if self._stop.is_set() else "finished"
        self._changed()

    def _reset(self) -> None:
        """Back to where the run started: the desktops, and the run itself at its first step."""
        self._restart.clear()
        self._skip.clear()
        for _ in range(2):  # twice: in a centre, ending a call on one desktop can reach another's
            for one, baseline in self._baselines.items():
                baseline.restore(one)
        self.index = self.done_steps = 0
        self.caption, self.waiting_for = "", None
        self.results.clear()
        self.errors.clear()
        self._changed()

    def _until_connected(self) -> bool:
        """Wait until every app each desktop of the run hosts is connected; False when stopped first."""
        removers = [one.add_change_listener(lambda _parts: self._wake.set()) for one in self._all_desks()]
        self._condition.set()
        self.waiting_for = WAITING_FOR_APPS
        self._changed()
        try:
            while not self._stop.is_set():
                self._wake.clear()
                if self._apps_connected():
                    return True
                why = self._stalled() if self._stalled is not None else None
                if why is not None:
                    self.errors.append((0, AppsDidNotConnect(f"the run did not start: {why}")))
                    self._stop.set()
                    return False
                self._wake.wait(POLL_S)
            return False
        finally:
            for remove in removers:
                remove()
            self._condition.clear()
            self.waiting_for = None

    def _apps_connected(self) -> bool:
        return all(
            connections.connected_entries(one, connections.frames_for(one, None, ())) is not None
            for one in self._all_desks()
        )

    def _play(self) -> None:
        """Play from :attr:`index` to the end, or until stopped or told to restart."""
        steps = self.scenario.steps
        while self.index < len(steps):
            step = steps[self.index]
            desk = self._desks[step.agent] if step.agent is not None else self.desk
            if step.say is not None:
                self._narrate(step, desk)
            self._changed()
            outcome = self._await(step, desk)
            if outcome == "over":
                return
            if outcome == "timeout":
                assert step.until is not None
                on_timeout = step.until.on_timeout
                if on_timeout == "stop":
                    self.errors.append(
                        (
                            self.index,
                            WaitTimedOut(
                                f"step {self.index}: no {step.until.describe()} within {step.until.timeout:g} s"
                            ),
                        )
                    )
                    self._stop.set()  # the run is "stopped" (a restart plays it again)
                    return
                if on_timeout == "skip":
                    self.results.append(None)
                    self.index = self.done_steps = self.index + 1
                    continue
            try:
                self.results.append(self._on_this_desktop(step, desk).apply(desk))
            except ScapiError as exc:
                self.results.append(exc)
                self.errors.append((self.index, exc))
                if self.on_error == "stop":
                    return
            self.index = self.done_steps = self.index + 1
        self._changed()

    def _narrate(self, step: Step, desk: AgentDesktop) -> None:
        """Show the step's caption, and log it among the desktop's events (no app is sent it)."""
        self.caption = step.say or ""
        desk.emit(NARRATION, {"eventType": CAPTION, "caption": self.caption, "step": self.index})

    def _await(self, step: Step, desk: AgentDesktop) -> str:
        """Wait for the step's time or condition, not counting paused time: ``"go"`` (do it),
        ``"timeout"``, or ``"over"`` (stopped, or told to restart)."""
        until = step.until
        seen = threading.Event()
        unwatch = until.watch(desk, seen, self._wake.set) if until is not None else (lambda: None)
        if until is not None:
            self.waiting_for = until.describe()
            self._condition.set()
            self._changed()
        clock = self.clock
        last = clock.now()
        elapsed = waited = 0.0  # seconds of the scenario (at speed), and of the clock
        try:
            while True:
                self._wake.clear()
                if self._stop.is_set() or self._restart.is_set():
                    return "over"
                if self._skip.is_set():
                    self._skip.clear()
                    return "go"
                now = clock.now()
                if self._running.is_set():
                    elapsed += (now - last) * self._speed
                    waited += now - last
                    if until is None and elapsed >= step.wait - TIME_TOLERANCE_S:
                        return "go"
                    if seen.is_set():
                        return "go"
                    if until is not None and until.timeout is not None and waited >= until.timeout - TIME_TOLERANCE_S:
                        return "timeout"
                last = now
                self._wake.wait(POLL_S)
        finally:
            unwatch()
            if until is not None:
                self._condition.clear()
                self.waiting_for = None

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


_PLAYING: weakref.WeakKeyDictionary[AgentDesktop, ScenarioRun] = weakref.WeakKeyDictionary()
"""The run each desktop plays (the latest play on it); guarded by ``_PLAYING_LOCK``."""
_PLAYING_LOCK = threading.Lock()


def _take_over(desks: Iterable[AgentDesktop], run: ScenarioRun) -> None:
    """``run`` plays on ``desks`` now: the runs playing on any of them are stopped (for good: see
    :meth:`ScenarioRun.restart`), and their threads are given :data:`TAKE_OVER_S` to finish the
    step they are doing, so the new run starts from what they left."""
    with _PLAYING_LOCK:
        earlier = {id(r): r for one in desks if (r := _PLAYING.get(one)) is not None and r is not run}
        for one in desks:
            _PLAYING[one] = run
    for old in earlier.values():
        with old._control:
            old._superseded = True
        old.stop()
    for old in earlier.values():
        thread = getattr(old, "_thread", None)  # (none yet: a play on another thread is being made)
        if thread is not None and thread is not threading.current_thread():
            thread.join(TAKE_OVER_S)


def _check_speed(speed: object) -> None:
    if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not speed > 0:
        raise ValueError(f"speed must be > 0, got {speed!r}")


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
        interaction = event.payload.get("interaction")
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


Scenario.__doc__ = f"{inspect.cleandoc(Scenario.__doc__ or '')}\n\n{reference()}\n"
