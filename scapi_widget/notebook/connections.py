"""When a hosted app is connected, and how notebook code waits for it or reacts to it.

An app is *connected* when its frame's current document has loaded in the desktop's host view
(the desktop handed it its frameId) and has subscribed to events or made a request that the
desktop granted (a refused request changes nothing). From then on the app's subscriptions are
live: events reach it. A reload, or a new view taking over, starts a new document that must
connect again.

``desk.ready`` only says a view exists; an app connects some time later, once its page has
loaded and its script ran. Notebooks ``await desk.app_connected()`` before acting; pages that
run cells before the view exists (Voilà) react with ``desk.on_app_connected(callback)``.
Everything here works on the desktop model and the apps the widget was given.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..desktop.frames import DISPLAY_MODES, Frame
from ..desktop.model import AgentDesktop
from ..desktop.plumbing import StatePart
from ..json_types import JsonObject
from ..serving.apps import App

AppSelector = int | str | App | None
AppCallback = Callable[[JsonObject], None]

RUN_CONNECT_TIMEOUT_S = 60.0
"""How long a run played with ``start="app-connected"`` waits for the apps once a view shows the desktop
(real seconds; no view yet, as under Voilà before the page opens, counts nothing)."""

WHAT_TO_DO = (
    "Is the desktop displayed? Show it first (`desk` as the last line of a cell), then await in a later cell. "
    "A cell that blocks (time.sleep, a long loop) also keeps the app's first messages from the kernel. "
    "Under Voilà and other dashboards, cells run before the page exists, so awaiting cannot succeed there: "
    "react in a callback instead, `desk.on_app_connected(lambda app: ...)`, which runs when the app connects, "
    'or play the demo once the app connects: `desk.play(scenario, start="app-connected")`.'
)


def frames_for(model: AgentDesktop, app: AppSelector, hosted: Iterable[tuple[App, int]]) -> list[int]:
    """The frame ids an app selector names: a frameId, a label, an App given to Desktop() (``hosted``:
    each with its frame id), or None (all)."""
    frames = model.frames.frames
    if app is None:
        return [f.frame_id for f in frames.values() if f.mode in DISPLAY_MODES]
    if isinstance(app, bool) or not isinstance(app, (int, str, App)):
        raise TypeError(f"app must be a frameId (int), a label (str) or an App, got {type(app).__name__}")
    if isinstance(app, int):
        if app not in frames:
            raise ValueError(f"no hosted app with frameId {app}; frameIds: {sorted(frames)}")
        return [app]
    if isinstance(app, str):
        found = [f.frame_id for f in frames.values() if f.label == app]
        if not found:
            raise ValueError(f"no hosted app labelled {app!r}; labels: {[f.label for f in frames.values()]}")
        return found
    found = [frame_id for spec, frame_id in hosted if spec == app and frame_id in frames]
    if not found:
        raise ValueError(f"{app!r} is not one of the apps this desktop hosts")
    return found


def connected_entries(model: AgentDesktop, frame_ids: list[int]) -> list[dict[str, Any]] | None:
    """The apps' entries (as in ``desk.apps``) when all of them are connected, else None."""
    with model.lock:
        frames = [model.frames.get(i) for i in frame_ids]
        if not all(f is not None and f.connected for f in frames):
            return None
        return [f.to_json() for f in frames if f is not None]


def timeout_message(
    model: AgentDesktop, frame_ids: list[int], timeout: float, ready: bool, failures: Mapping[int, str] | None = None
) -> str:
    """Why ``await desk.app_connected()`` gave up (``ready``: whether a view shows the desktop; ``failures``:
    frameId -> why the view could not load that frame, which then leads the message)."""
    with model.lock:
        frames = [f for f in (model.frames.get(i) for i in frame_ids) if f is not None]
        waiting = ", ".join(_describe(f) for f in frames if not f.connected) or "none"
        failed = [failures[f.frame_id] for f in frames if not f.connected and failures and f.frame_id in failures]
    lead = f"the app did not connect within {timeout:g} s (waiting for: {waiting}; desk.ready is {ready}). "
    if failed:
        return lead + " ".join(failed)
    return lead + WHAT_TO_DO


def _describe(frame: Frame) -> str:
    state = "loaded but silent" if frame.loaded else "not loaded"
    return f"{frame.label or frame.url} (frameId {frame.frame_id}, {state})"


class ConnectDeadline:
    """Why a run waiting for every hosted app to connect should give up, or None while it may wait on:
    once a view has shown the desktop for ``timeout`` seconds (None: :data:`RUN_CONNECT_TIMEOUT_S`) without
    every app connected, the reason
    (as ``await desk.app_connected()`` gives it: a frame the view could not load leads). Call it as
    often as you like (the run's wait does, on its thread)."""

    def __init__(
        self,
        model: AgentDesktop,
        ready: Callable[[], bool],
        failures: Callable[[], Mapping[int, str]],
        timeout: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._model, self._ready, self._failures = model, ready, failures
        self.timeout = RUN_CONNECT_TIMEOUT_S if timeout is None else timeout
        self._clock = clock
        self._shown_since: float | None = None

    def __call__(self) -> str | None:
        if not self._ready():
            self._shown_since = None  # no view (yet, or any more): the wait starts when one shows the desktop
            return None
        now = self._clock()
        if self._shown_since is None:
            self._shown_since = now
        frame_ids = frames_for(self._model, None, ())
        if now - self._shown_since < self.timeout or connected_entries(self._model, frame_ids) is not None:
            return None
        return timeout_message(self._model, frame_ids, self.timeout, True, self._failures())


class ConnectionWatch:
    """Calls callbacks once per connected document: for apps connected now, and on every (re)connection
    (it listens to the model's changes of its frames)."""

    def __init__(self, model: AgentDesktop) -> None:
        self._model = model
        self._seen: set[tuple[int, int]] = set()
        self._callbacks: list[tuple[frozenset[int] | None, AppCallback]] = []
        model.add_change_listener(self._changed)

    def add(self, frame_ids: list[int] | None, callback: AppCallback) -> Callable[[], None]:
        """Call ``callback(entry)`` for the apps of ``frame_ids`` (None: every app) that are connected now,
        then on each connection. Returns a function that removes it."""
        model = self._model
        entry = (None if frame_ids is None else frozenset(frame_ids), callback)
        with model.lock:
            self._callbacks.append(entry)
            now = [f for f in model.frames.frames.values() if f.connected]
            for frame in now:
                if entry[0] is None or frame.frame_id in entry[0]:
                    model.call_safely(callback, frame.to_json())

        def remove() -> None:
            with model.lock:
                if entry in self._callbacks:
                    self._callbacks.remove(entry)

        return remove

    def _changed(self, parts: frozenset[StatePart]) -> None:
        """After a change of the desktop (under its lock): new connections call the callbacks."""
        if "frames" not in parts:
            return
        model = self._model
        current = {(f.frame_id, f.generation) for f in model.frames.frames.values() if f.connected}
        fresh = current - self._seen
        self._seen = current
        for frame_id, _generation in sorted(fresh):
            entry = model.frames.frames[frame_id].to_json()
            for wanted, callback in list(self._callbacks):
                if wanted is None or frame_id in wanted:
                    model.call_safely(callback, entry)
