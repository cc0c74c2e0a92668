"""``Desktop``: the anywidget that plays Agent Desktop in a notebook.

State lives in :class:`~scapi_widget.desktop.AgentDesktop` and is mirrored into traitlets;
happenings (SCAPI traffic, events for the log) travel as custom messages. The front end
renders the desktop and relays postMessage traffic; every decision is made here.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from . import analysis, app_connection, waiting
from .app_connection import AppCallback, AppSelector, ConnectionWatch
from .app_server import STATIC_DIR, static_file
from .apps import App, AppLike, as_app
from .bridge import AppBridge, Post
from .desktop.events import DesktopEvent
from .desktop.frames import DocumentTag
from .desktop.interactions import available_actions
from .desktop.model import AgentDesktop
from .desktop.security import AccessPolicy
from .errors import ScapiError
from .hosting import KernelServedApps, public_url_from_env
from .scapi_api import InteractionRequests, OutboundRequests, Scapi, SystemRequests, VoiceRequests
from .scenario import Scenario, ScenarioRun, SessionRecorder
from .service import SERVICE, Caller
from .widget_config import IPYWIDGETS_ARGUMENTS, make_desktop

static_file("widget.js")  # a clear error at import when the front end was not built

# Desktop methods the desktop UI may invoke (verb -> positional argument count).
UI_ACTIONS: dict[str, int] = {
    "answer": 1,
    "hold": 1,
    "resume": 1,
    "hang_up": 1,
    "mark_done": 1,
    "remote_answer": 1,
    "remote_hang_up": 1,
    "start_recording": 1,
    "pause_recording": 1,
    "resume_recording": 1,
    "stop_recording": 1,
    "set_agent_state": 1,
    "click_toast_button": 2,
    "close_toast": 1,
    "accept": 1,
    "reject": 1,
    "close_dialog": 1,
}

# Provisional until desktop/verbs.py declares them: the desktop UI's label of each UI action.
_UI_LABELS = {
    "answer": "Answer",
    "hold": "Hold",
    "resume": "Resume",
    "hang_up": "Hang up",
    "remote_answer": "Customer answers",
    "remote_hang_up": "Customer hangs up",
    "mark_done": "Mark done",
    "start_recording": "Record",
    "pause_recording": "Pause rec.",
    "resume_recording": "Resume rec.",
    "stop_recording": "Stop rec.",
    "accept": "Accept",
    "reject": "Reject",
    "set_agent_state": "Agent state",
    "click_toast_button": "Toast button",
    "close_toast": "Close toast",
    "close_dialog": "Close dialog",
}

# Notebook verbs of the desktop model that the widget offers as its own methods.
DELEGATED_VERBS = (
    "simulate_inbound_call",
    "dial",
    "answer",
    "hold",
    "resume",
    "hang_up",
    "mark_done",
    "remote_answer",
    "remote_hang_up",
    "start_recording",
    "pause_recording",
    "resume_recording",
    "stop_recording",
    "set_user_data",
    "delete_user_data",
    "set_agent_state",
    "set_media_state",
    "report_media_state",
    "popup_toast",
    "update_toast",
    "close_toast",
    "click_toast_button",
    "set_microphone_muted",
    "set_speaker_muted",
    "trigger_activity",
    "call",
    # open media, cases, mark done, consultation
    "accept",
    "reject",
    "revoke",
    "simulate_open_media",
    "simulate_new_message",
    "end_chat",
    "create_email",
    "send_email",
    "cancel_email",
    "move_to_workbin",
    "pull_from_workbin",
    "select_case",
    "block_mark_done",
    "unblock_mark_done",
    "consult",
    "complete_transfer",
    "complete_conference",
    "single_step_transfer",
    "single_step_conference",
    # outbound
    "load_campaign",
    "start_campaign",
    "stop_campaign",
    "unload_campaign",
    "add_records",
    "push_preview",
    "push_direct_preview",
    "get_preview_record",
    "call_preview_record",
    "reject_preview_record",
    "cancel_preview_record",
    # configuration, messenger, workspace, security
    "set_option",
    "broadcast",
    "open_dialog",
    "close_dialog",
    "update_menu_view",
    "close_menu_view",
    "set_leadership",
    "set_accepted_origins",
)

EventCallback = Callable[[DesktopEvent], None]
log = logging.getLogger(__name__)


class SyncWarning(RuntimeWarning):
    """Part of the desktop's state could not be sent to the front end; the rest was, and later changes are."""


class Desktop(anywidget.AnyWidget):
    """A simulated Genesys Agent Desktop hosting one or more SCAPI apps.

    ``Desktop()`` hosts the built-in demo app; ``Desktop(app="https://host/app.html")`` a URL;
    ``Desktop(app=Path("my_app.html"))`` a local page; ``Desktop(apps=[App(...), ...])`` several.

    Apps the kernel serves (local pages, the demo app) are loaded from ``127.0.0.1``, or through the
    Jupyter server when the view runs under one with scapi-widget's server extension; ``public_url``
    (or ``$SCAPI_WIDGET_PUBLIC_URL``), a template with ``{port}``, overrides both (see ``scapi_widget.hosting``).
    """

    _esm = STATIC_DIR / "widget.js"
    _css = STATIC_DIR / "widget.css"

    agent = traitlets.Dict(read_only=True, help="agent.get plus the current state").tag(sync=True)
    agent_states: traitlets.List[Any] = traitlets.List(read_only=True, help="agent.getStateList").tag(sync=True)
    media: traitlets.List[Any] = traitlets.List(read_only=True, help="media.getMediaList").tag(sync=True)
    interactions = traitlets.Dict(read_only=True, help="interaction id -> Interaction (SCAPI shape)").tag(sync=True)
    actions = traitlets.Dict(read_only=True, help="interaction id -> desktop actions valid now").tag(sync=True)
    toasts: traitlets.List[Any] = traitlets.List(read_only=True, help="open toasts").tag(sync=True)
    apps: traitlets.List[Any] = traitlets.List(read_only=True, help="hosted app frames").tag(sync=True)
    workspace = traitlets.Dict(read_only=True, help="dialogs, menu-bar views, leadership").tag(sync=True)
    campaigns: traitlets.List[Any] = traitlets.List(read_only=True, help="outbound campaigns").tag(sync=True)
    events: traitlets.List[Any] = traitlets.List(read_only=True, help="recent events, newest last (bounded)")
    ready = traitlets.Bool(False, read_only=True, help="a view is showing the desktop").tag(sync=True)
    host_view = traitlets.Unicode("", read_only=True, help="the view whose frames run the apps").tag(sync=True)
    height = traitlets.Unicode("680px", help="CSS height of the desktop").tag(sync=True)
    ui_actions = traitlets.Dict(read_only=True, help="desktop verbs the desktop UI may run -> their button labels").tag(
        sync=True
    )
    notices: traitlets.List[Any] = traitlets.List(
        read_only=True, help="what the desktop shows about its apps, e.g. a path an app asked for that was not found"
    ).tag(sync=True)

    def __init__(
        self,
        app: AppLike = None,
        *,
        apps: Sequence[AppLike] | None = None,
        accepted_origins: str | None = None,
        desktop: AgentDesktop | None = None,
        event_log_limit: int = 200,
        height: str = "680px",
        public_url: str | None = None,
        **options: Any,
    ) -> None:
        widget_kwargs = {k: options.pop(k) for k in IPYWIDGETS_ARGUMENTS & set(options)}
        if app is not None and apps is not None:
            raise TypeError("pass either app= or apps=, not both")
        if not isinstance(event_log_limit, int) or event_log_limit < 1:
            raise ValueError("event_log_limit must be a positive integer")
        model = make_desktop(Desktop.__init__, desktop, options)
        super().__init__(height=height, **widget_kwargs)
        self.desktop = model
        self.set_trait("ui_actions", dict(_UI_LABELS))
        self.event_log_limit = event_log_limit
        self._views: dict[str, str] = {}  # view id -> page origin, oldest first
        self._new_events: list[DesktopEvent] = []
        self._callbacks: list[tuple[str, EventCallback]] = []
        hosted = [as_app(a) for a in (apps if apps is not None else [app])]
        self._hosted: list[tuple[App, int]] = []
        self._connections = ConnectionWatch()
        with self.desktop.transaction():
            for spec in hosted:
                url, origin, label = spec.resolve()
                self._hosted.append((spec, self.desktop.frames.add(url, origin, spec.mode, label).frame_id))
            if accepted_origins is None:
                policy = self.desktop.policy.with_origins(f.origin for f in self.desktop.frames.frames.values())
            else:
                try:
                    policy = AccessPolicy.parse(accepted_origins)
                except ValueError as exc:
                    raise ValueError(f"accepted_origins: {exc}") from None
            self.desktop.set_accepted_origins(policy)
        self.bridge = AppBridge(self.desktop, self._post)
        self.desktop.add_event_listener(self._on_event)
        self.desktop.add_change_listener(self._on_change)
        self._sync(frozenset({"agent", "media", "interactions", "toasts", "frames", "workspace", "outbound"}))
        self.on_msg(self._on_front_end_message)
        self._kernel_apps = KernelServedApps(
            self.desktop,
            list(zip(list(self.desktop.frames.frames)[-len(hosted) :], hosted, strict=True)),  # the frames just added
            public_url=public_url if public_url is not None else public_url_from_env(),
            extend_policy=accepted_origins is None,
            publish_notices=lambda notices: self.set_trait("notices", notices),
        )

    # ------------------------------------------------------------------ SCAPI namespaces

    @functools.cached_property
    def scapi(self) -> Scapi:
        """Every SCAPI request as a Python method: ``desk.scapi.agent.get()``."""
        return Scapi(self.desktop.call)

    @property
    def voice(self) -> VoiceRequests:
        """``voice.*`` requests: ``desk.voice.dial("5001")``."""
        return self.scapi.voice

    @property
    def interaction(self) -> InteractionRequests:
        """``interaction.*`` requests: ``desk.interaction.set_user_data("1", {...})``."""
        return self.scapi.interaction

    @property
    def system(self) -> SystemRequests:
        """``system.*`` requests: ``desk.system.popup_toast({...})``."""
        return self.scapi.system

    @property
    def outbound(self) -> OutboundRequests:
        """``outbound.*`` requests."""
        return self.scapi.outbound

    # ------------------------------------------------------------------ reacting from Python

    def on(self, name: str, callback: EventCallback) -> Callable[[], None]:
        """Call ``callback(event)`` for events of a family (``"interaction"``), an eventType
        (``"RINGING"``) or ``"*"``. Returns a function that removes the callback.

        Callbacks run while the desktop is locked, on whichever thread made the change.
        """
        if not isinstance(name, str) or not name:
            raise TypeError("on() needs an event family, an eventType or '*'")
        if not callable(callback):
            raise TypeError("on() needs a callable")
        entry = (name, callback)
        with self.desktop.lock:
            self._callbacks.append(entry)

        def remove() -> None:
            with self.desktop.lock:
                if entry in self._callbacks:
                    self._callbacks.remove(entry)

        return remove

    async def next_event(
        self, name: str = "*", *, where: Callable[[DesktopEvent], bool] | None = None, timeout: float = 30.0
    ) -> DesktopEvent:
        """``await desk.next_event("RINGING")``: the next matching event (family, eventType or ``"*"``)."""
        return await waiting.next_event(self, name, where=where, timeout=timeout)

    async def wait_for(self, predicate: Callable[[Desktop], Any], *, timeout: float = 30.0) -> Any:
        """``await desk.wait_for(lambda d: d.interactions)``: until the predicate holds; returns its value."""
        return await waiting.wait_for(self, predicate, timeout=timeout)

    async def app_connected(self, app: AppSelector = None, *, timeout: float = 30.0) -> Any:
        """``await desk.app_connected()``: until the app is connected; returns its ``desk.apps`` entry.

        Connected: the app's current document has loaded in the view that runs the apps (the desktop
        handed it its frameId) and has subscribed to events or made a request that the desktop granted
        (messages it sent while loading count). From then on, events reach its subscriptions. Also the
        ``connected`` field of each ``desk.apps`` entry. ``app``: a frameId, a label, an ``App`` given to
        ``Desktop()``, or None for every hosted app (then a list of entries is returned).

        Under Voilà, cells run before the page exists: use :meth:`on_app_connected` there instead.
        """
        frame_ids = app_connection.frames_for(self, app, self._hosted)
        if not frame_ids:
            return []  # a desktop hosting no app
        entries = await waiting.wait_for(
            self,
            lambda d: app_connection.connected_entries(d, frame_ids),
            timeout=timeout,
            explain=lambda: app_connection.timeout_message(self, frame_ids, timeout),
        )
        return entries if app is None else entries[0]

    def on_app_connected(self, callback: AppCallback, app: AppSelector = None) -> Callable[[], None]:
        """Call ``callback(entry)`` (a ``desk.apps`` entry) when an app connects: now for apps already
        connected, then on every (re)connection (a reload connects a new document). ``app`` narrows it
        to one app (frameId, label or App). Returns a function that removes the callback.

        Works where cells cannot wait, e.g. Voilà. Runs while the desktop is locked, on whichever
        thread delivered the app's message.
        """
        if not callable(callback):
            raise TypeError("on_app_connected() needs a callable")
        frame_ids = None if app is None else app_connection.frames_for(self, app, self._hosted)
        return self._connections.add(self, frame_ids, callback)

    def allowed_services(self, app: AppSelector) -> list[str]:
        """What ``system.getAllowedServices`` answers the app now: the requests its origin (and display
        mode) may make. ``app``: a frameId, a label or an ``App`` given to ``Desktop()``. An app whose
        origin is not accepted is answered nothing at all: ``[]``.
        """
        if app is None:
            raise TypeError("allowed_services() needs an app: a frameId, a label or an App")
        frame_ids = app_connection.frames_for(self, app, self._hosted)
        with self.desktop.lock:
            answers = []
            for frame_id in frame_ids:
                frame = self.desktop.frames.frames[frame_id]
                answers.append(SERVICE.allowed_services(self.desktop, Caller(frame.origin, frame.mode, frame_id)))
        if any(a != answers[0] for a in answers):
            raise ValueError(f"the apps named {app!r} are answered differently; name one by its frameId: {frame_ids}")
        return answers[0]

    @property
    def notification_log(self) -> list[dict[str, Any]]:
        """Events posted to subscribed app documents (bounded, newest last): seq, frameId, event, eventType."""
        return self.bridge.notification_log

    def play(self, scenario: Scenario | str | Path | Sequence[Mapping[str, Any]], *, speed: float = 1.0) -> ScenarioRun:
        """Play a scripted demo in the background: a Scenario, a YAML/JSON file, or a list of steps."""
        if isinstance(scenario, (str, Path)):
            scenario = Scenario.load(scenario)
        elif not isinstance(scenario, Scenario):
            scenario = Scenario.from_steps(scenario)
        return scenario.play(self.desktop, speed=speed)

    def record(self) -> SessionRecorder:
        """Start recording this session (desktop actions and app requests); ``.stop()`` gives the Scenario."""
        return SessionRecorder(self.desktop)

    def events_frame(self) -> Any:
        """The event log as a pandas DataFrame (one row per event)."""
        return analysis.events_frame(self.events)

    def timeline(self, ax: Any = None) -> Any:
        """Plot interaction and agent states over the session (matplotlib); returns the Axes."""
        return analysis.timeline(self.events, ax)

    @property
    def request_log(self) -> list[dict[str, Any]]:
        """What the apps asked and what they were answered (bounded, newest last)."""
        return self.bridge.request_log

    # ------------------------------------------------------------------ desktop -> traitlets/front end

    def _on_event(self, event: DesktopEvent) -> None:
        self._new_events.append(event)
        for name, callback in list(self._callbacks):
            if name in ("*", event.family, event.event_type):
                what = f"desk.on({name!r}) callback {getattr(callback, '__qualname__', repr(callback))}"
                AgentDesktop._safely(callback, event, what)  # a ListenerWarning the notebook shows

    def _on_change(self, parts: frozenset[str]) -> None:
        self._sync(parts)

    def _sync(self, parts: frozenset[str]) -> None:
        desk = self.desktop
        with desk.lock, self._unwedged_sync():
            if "agent" in parts:
                self.set_trait("agent", desk.agent_json())
                self.set_trait("agent_states", [s.to_json() for s in desk.states])
            if "media" in parts:
                self.set_trait("media", desk.media_json())
            if "interactions" in parts:
                self.set_trait("interactions", desk.interactions_json())
                self.set_trait("actions", {i: available_actions(it) for i, it in desk.interactions.items()})
            if "toasts" in parts:
                self.set_trait("toasts", desk.toasts_json())
            if "frames" in parts:
                self.set_trait("apps", [f.to_json() for f in desk.frames.frames.values()])
                self._connections.frames_changed(self)
            if "workspace" in parts:
                self.set_trait("workspace", desk.workspace.to_json())
            if "outbound" in parts:
                self.set_trait("campaigns", [c.to_json() for c in desk.campaigns.values()])
            if "events" in parts and self._new_events:
                fresh, self._new_events = self._new_events, []
                self.set_trait("events", (list(self.events) + fresh)[-self.event_log_limit :])
                if self._views:
                    self._send_events([e.to_json() for e in fresh])

    @contextlib.contextmanager
    def _unwedged_sync(self) -> Iterator[None]:
        """``hold_sync``, except that a failed send never wedges later syncs.

        ipywidgets sends the held traits when ``hold_sync`` ends and forgets them only if that
        send succeeds: one value the kernel cannot encode would be re-sent, and fail, on every
        later sync. Here the held traits are then sent one by one, the ones that fail are dropped
        (named in a :class:`SyncWarning` and the log), and the rest reach the front end.
        """
        try:
            with self.hold_sync():
                yield
        except Exception as exc:
            pending = sorted(getattr(self, "_states_to_send", ()))
            if pending:
                self._states_to_send.clear()
            failed = []
            for key in pending:
                try:
                    self.send_state(key)
                except Exception:
                    failed.append(key)
            self._sync_failed(f"sending {', '.join(failed) or 'an update'}", exc)

    def _send_events(self, events: list[dict[str, Any]]) -> None:
        """Send new events to the views; if the batch cannot be sent, each that can be, alone."""
        try:
            self.send({"kind": "events", "events": events})
        except Exception as exc:
            failed = 0
            for event in events:
                try:
                    self.send({"kind": "events", "events": [event]})
                except Exception:
                    failed += 1
            self._sync_failed(f"sending {failed} of {len(events)} event(s)", exc)

    @staticmethod
    def _sync_failed(what: str, exc: Exception) -> None:
        log.error("%s to the front end failed; later changes still sync", what, exc_info=exc)
        text = str(exc)
        warnings.warn(
            f"{what} to the front end failed ({type(exc).__name__}: {text[:200]}); later changes still sync",
            SyncWarning,
            stacklevel=3,
        )

    def _post(self, post: Post) -> None:
        self.send({"kind": "post", **post.to_json()})

    # ------------------------------------------------------------------ front end -> desktop

    def _on_front_end_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("kind")
        view = content.get("view")
        # Our front end tags traffic and loads with the document it saw (DocumentTag); a malformed tag is dropped.
        tagged = "document" in content
        document = DocumentTag.parse(content.get("document"))
        if kind == "scapi":
            if view != self.host_view or (tagged and document is None):
                return
            args = (content.get("frameId"), content.get("origin"), content.get("data"))
            if document is None:
                self.bridge.receive(*args)
            else:
                self.bridge.receive_from(*args, document)
        elif kind in ("frame-loaded", "reload-app"):
            if view == self.host_view and isinstance(content.get("frameId"), int) and not (tagged and document is None):
                try:
                    if kind == "reload-app":
                        self.bridge.reload_frame(content["frameId"])
                    else:
                        self.bridge.frame_loaded(content["frameId"], document)
                except ValueError:
                    pass
        elif kind == "action":
            self._run_ui_action(content)
        elif kind == "view-ready" and isinstance(view, str):
            self._kernel_apps.remember(view, content)
            self._view_ready(view, str(content.get("pageOrigin", "")))
        elif kind == "view-closed" and isinstance(view, str):
            self._view_closed(view)

    def _view_ready(self, view: str, page_origin: str) -> None:
        desk = self.desktop
        with desk.transaction():
            self._views.pop(view, None)
            self._views[view] = page_origin
            self._make_host(view)
            backlog = [e.to_json() for e in self.events]
        self.send({"kind": "events", "events": backlog, "replace": True, "view": view})

    def _view_closed(self, view: str) -> None:
        with self.desktop.transaction():
            self._views.pop(view, None)
            if view == self.host_view:
                self._make_host(next(reversed(self._views), ""))

    def _make_host(self, view: str) -> None:
        """The newest view runs the apps; every frame starts over with a fresh document."""
        desk = self.desktop
        self._kernel_apps.point_frames(view)  # kernel-served apps: the URL this view can reach
        # The sandbox rule (frames.is_opaque) needs the page's origin: no frame may be created
        # before it is applied, so the apps reach the front end before the view is made host.
        desk.frames.rehost(self._views.get(view, "") if view else "")
        desk.touch("frames")
        self._sync(frozenset({"frames"}))
        self.set_trait("host_view", view)
        self.set_trait("ready", bool(view))

    def _run_ui_action(self, content: dict[str, Any]) -> None:
        verb, args, request_id = content.get("verb"), content.get("args"), content.get("id")
        error = None
        if verb not in UI_ACTIONS or not isinstance(args, list) or len(args) != UI_ACTIONS[verb]:
            error = f"the desktop has no action {verb!r} with {len(args) if isinstance(args, list) else 0} argument(s)"
        else:
            try:
                getattr(self.desktop, verb)(*args)
            except ScapiError as exc:
                error = exc.error_message
        self.send({"kind": "action-result", "id": request_id, "error": error})

    # ------------------------------------------------------------------ conveniences

    @property
    def frame_ids(self) -> list[int]:
        return list(self.desktop.frames.frames)

    def __repr__(self) -> str:
        agent = self.desktop.agent_info
        return (
            f"<Desktop {agent.full_name} {self.desktop.agent_state.display_name}: "
            f"{len(self.desktop.interactions)} interaction(s), {len(self.desktop.frames.frames)} app(s)>"
        )


def _delegate(name: str) -> Callable[..., Any]:
    target = getattr(AgentDesktop, name)

    @functools.wraps(target)
    def method(self: Desktop, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.desktop, name)(*args, **kwargs)

    return method


for _verb in DELEGATED_VERBS:
    setattr(Desktop, _verb, _delegate(_verb))
