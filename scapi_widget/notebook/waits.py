"""What a scenario step may wait for instead of a number of seconds: an app's request, a desktop
event, or the presenter's click on the player's next button; with a timeout and what to do on it.

In a scenario file::

    - wait: {request: voice.answer, params: ["1"], frame: 1, timeout: 60, on_timeout: skip}
    - wait: {event: ESTABLISHED}
    - wait: click

In Python: ``Wait(request="voice.answer")``, ``Wait(event="ESTABLISHED")``, ``Wait(click=True)``
(as a step's ``wait``: ``Step(wait=Wait(...))``, or the same mappings as in a file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..desktop.events import DesktopEvent, check_event_name
from ..desktop.model import REQUEST, AgentDesktop
from ..errors import did_you_mean
from ..json_types import JsonObject, JsonValue
from ..service.core import SERVED

WAIT_KINDS: Mapping[str, str] = {
    "request": "an app (or notebook code) makes this SCAPI request, and it is granted",
    "event": "the desktop emits this event: an eventType (ESTABLISHED) or a family (interaction)",
    "click": "the presenter presses the player's next button (or calls run.next())",
}
"""What a step can wait for, and what ends the wait."""

ON_TIMEOUT: Mapping[str, str] = {
    "stop": "the run stops; run.errors says which step timed out",
    "skip": "the step's action is skipped and the run goes on with the next step",
    "continue": "the step's action is done anyway and the run goes on",
}
"""What a run does when a wait's ``timeout`` passes first."""

WAIT_FIELDS = (*WAIT_KINDS, "params", "frame", "timeout", "on_timeout")


class WaitTimedOut(Exception):
    """A step's wait passed its timeout (``on_timeout: stop``): in ``run.errors``."""


@dataclass(frozen=True)
class Wait:
    """A condition a step waits for before its action: exactly one of ``request`` (a SCAPI request's
    wire name; ``params``: its parameters must equal these; ``frame``: made by this frame),
    ``event`` (an eventType or event family) or ``click``; ``timeout`` seconds of the desktop's
    clock (None: no limit; paused time does not count) and ``on_timeout`` (a key of :data:`ON_TIMEOUT`)."""

    request: str | None = None
    params: tuple[JsonValue, ...] | None = None
    frame: int | None = None
    event: str | None = None
    click: bool = False
    timeout: float | None = None
    on_timeout: str = "stop"

    def __post_init__(self) -> None:
        given = (("request", self.request is not None), ("event", self.event is not None), ("click", self.click))
        kinds = [kind for kind, present in given if present]
        if len(kinds) != 1:
            raise ValueError(f"a wait is for one thing: {', '.join(WAIT_KINDS)}; got {kinds or 'none'}")
        for name, value in (("request", self.request), ("event", self.event)):
            if value is not None and (not isinstance(value, str) or not value):
                raise ValueError(f"wait '{name}' must be a non-empty name, got {value!r}")
        if self.request is not None and self.request not in SERVED:
            hint = did_you_mean(self.request, SERVED)
            raise ValueError(f"wait 'request': the Service Client API has no request {self.request!r}{hint}")
        if self.event is not None:
            check_event_name(self.event, "a wait for the event", stacklevel=3)
        if self.request is None and (self.params is not None or self.frame is not None):
            raise ValueError("'params' and 'frame' narrow a wait for a request: use them with 'request'")
        if self.params is not None and not isinstance(self.params, tuple):
            object.__setattr__(self, "params", _params(self.params))
        if self.frame is not None and (
            isinstance(self.frame, bool) or not isinstance(self.frame, int) or self.frame < 1
        ):
            raise ValueError(f"wait 'frame' must be a frameId (an integer ≥ 1), got {self.frame!r}")
        timeout = self.timeout
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
            raise ValueError(f"wait 'timeout' must be a number of seconds > 0, got {timeout!r}")
        if self.on_timeout not in ON_TIMEOUT:
            raise ValueError(f"wait 'on_timeout' must be one of {', '.join(ON_TIMEOUT)}, got {self.on_timeout!r}")

    @classmethod
    def of(cls, value: Wait | str | Mapping[str, Any]) -> Wait:
        """A wait from what a scenario file says: ``click``, or a mapping of :data:`WAIT_FIELDS`."""
        if isinstance(value, Wait):
            return value
        if value == "click":
            return cls(click=True)
        if not isinstance(value, Mapping):
            raise ValueError(f"'wait' must be seconds, 'click' or a mapping with one of {', '.join(WAIT_KINDS)}")
        unknown = set(value) - set(WAIT_FIELDS)
        if unknown:
            raise ValueError(f"unknown wait field(s) {sorted(unknown)}; use {', '.join(WAIT_FIELDS)}")
        click = value.get("click", False)
        if not isinstance(click, bool):
            raise ValueError(f"wait 'click' must be true or false, got {click!r}")
        params = value.get("params")
        return cls(
            request=value.get("request"),
            params=None if params is None else _params(params),
            frame=value.get("frame"),
            event=value.get("event"),
            click=click,
            timeout=value.get("timeout"),
            on_timeout=value.get("on_timeout", "stop"),
        )

    def to_value(self) -> JsonValue:
        """What a scenario file says (the inverse of :meth:`of`)."""
        if self.click and self.timeout is None:
            return "click"
        out: JsonObject = {}
        if self.request is not None:
            out["request"] = self.request
            if self.params is not None:
                out["params"] = list(self.params)
            if self.frame is not None:
                out["frame"] = self.frame
        elif self.event is not None:
            out["event"] = self.event
        else:
            out["click"] = True
        if self.timeout is not None:
            out.update(timeout=self.timeout, on_timeout=self.on_timeout)
        return out

    def describe(self) -> str:
        """What the run waits for, for people: ``the app's voice.answer``."""
        if self.request is not None:
            who = "the app's" if self.frame is None else f"frame {self.frame}'s"
            return f"{who} {self.request}" + ("" if self.params is None else f" {list(self.params)}")
        if self.event is not None:
            return f"the event {self.event}"
        return "the presenter (next)"

    def watch(self, desk: AgentDesktop, seen: threading.Event, wake: Callable[[], None]) -> Callable[[], None]:
        """Set ``seen`` (and call ``wake``) when what this waits for happens on ``desk`` from now on;
        returns a function that stops watching. A click is not watched here: the run's next is."""
        if self.request is not None:

            def on_request(
                kind: str, name: str, args: tuple[Any, ...], _kwargs: Any, frame_id: int | None = None
            ) -> None:
                if kind == REQUEST and self.matches_request(name, args, frame_id):
                    seen.set()
                    wake()

            return desk.add_recorder(on_request)
        if self.event is not None:

            def on_event(event: DesktopEvent) -> None:
                if self.event in (event.event_type, event.family):
                    seen.set()
                    wake()

            return desk.add_event_listener(on_event)
        return lambda: None

    def matches_request(self, name: str, args: tuple[Any, ...], frame_id: int | None) -> bool:
        return (
            name == self.request
            and (self.params is None or list(args) == list(self.params))
            and (self.frame is None or frame_id == self.frame)
        )


def _params(value: Any) -> tuple[JsonValue, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"wait 'params' must be a list, got {type(value).__name__}")
    return tuple(value)
