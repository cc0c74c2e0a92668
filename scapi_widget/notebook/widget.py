"""``Desktop``: the anywidget that plays Agent Desktop in a notebook (the public API).

A façade: state lives in the model, :class:`~scapi_widget.desktop.AgentDesktop`; the link between
the model and the views (the apps' traffic, the traitlets, the views' replica, which view hosts the
apps) is a :class:`~scapi_widget.sync.link.DesktopLink`, which gets the widget's ``send`` and
``set_trait`` and nothing else of it. The front end renders the desktop and relays postMessage
traffic; every decision is made in Python.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

import anywidget
import traitlets

from ..centre import ContactCentre
from ..desktop.events import DesktopEvent, check_event_name
from ..desktop.model import AgentDesktop
from ..desktop.verbs import DesktopVerbs, ui_labels
from ..json_types import JsonObject, JsonValue
from ..service import Caller, allowed_services, notebook_call
from ..serving.app_server import STATIC_DIR, static_file
from ..serving.apps import App, AppLike
from ..serving.hosting import SERVER_EXTENSION_PROBE, KernelServedApps, public_url_from_env
from ..sync.link import DesktopLink, FrontEndWarning
from ..sync.mirror import SyncWarning
from . import analysis, connections, dashboards, observing
from .connections import AppCallback, AppSelector, ConnectionWatch
from .observing import EventCallback, EventCallbacks
from .player import Player, PlayerSeat
from .public_names import DesktopType, index, public_dir
from .scapi_api import Scapi, ScapiNamespaces
from .scenario import Scenario, ScenarioRun, SessionRecorder
from .widget_config import (
    IPYWIDGETS_ARGUMENTS,
    CutOffApps,
    DesktopOptions,
    agent_model,
    centre_of,
    host_apps,
    make_desktop,
)

static_file("widget.js")  # a clear error at import when the front end was not built

__all__ = ["Desktop", "FrontEndWarning", "SyncWarning"]

T = TypeVar("T")

if TYPE_CHECKING:
    import pandas
    from matplotlib.axes import Axes
    from typing_extensions import Unpack

    class WidgetBase(traitlets.HasTraits):
        """What Desktop uses of ``anywidget.AnyWidget``, typed for mypy: ipywidgets has no types, so
        with the real base every unknown ``desk.<name>`` would be ``Any`` instead of an error."""

        def __init__(self, **kwargs: object) -> None: ...
        def send(self, content: Mapping[str, object], buffers: Sequence[bytes] | None = None) -> None: ...
        def on_msg(self, callback: Callable[[object, Any, object], None], remove: bool = False) -> None: ...
        def close(self) -> None: ...
        def get_state(self, key: str | Sequence[str] | None = None) -> dict[str, Any]: ...
        def _handle_msg(self, msg: Mapping[str, object]) -> None: ...
        def _repr_mimebundle_(self, **kwargs: object) -> dict[str, Any] | None: ...

        layout: Any  # ipywidgets.Layout (untyped)
        comm: Any  # the widget's comm (untyped)

else:
    WidgetBase = anywidget.AnyWidget

PUBLIC_ATTRIBUTES = ("desktop", "link")  # set in __init__, listed by dir()


class Desktop(WidgetBase, ScapiNamespaces, DesktopVerbs, metaclass=DesktopType):
    """A simulated Genesys Agent Desktop hosting SCAPI apps, in a notebook.

    ``Desktop()`` hosts the demo app; ``Desktop(app="https://host/app.html")``, ``Desktop(app=Path("my_app.html"))``
    or ``Desktop(apps=[App(...), ...])`` others (the arguments: ``help(Desktop.__init__)``);
    ``Desktop.for_agent(centre, "Bob")`` shows one agent of a contact centre, ``side_by_side(alex, bob)`` several.

    * **SCAPI namespaces** are the wire's side: ``desk.agent``, ``desk.voice``, ... (all under ``desk.scapi``;
      ``desk.call("agent.get")`` takes the wire name) send each request as an app sends it, answered and
      refused as an app's would be (``desk.interaction.set_user_data`` honours the write-allowed list).
    * **Desktop verbs** are the outside world's side: what customers, the platform and the agent do, with
      Python names and answers (``desk.dial`` returns the new interaction id; ``desk.voice.dial`` answers
      nothing), recorded as scenario steps, not subject to the apps' rules. Names may differ between the
      two: the request ``desk.interaction.markdone`` is the verb ``desk.mark_done``, the request
      ``desk.voice.start_call_recording`` the verb ``desk.start_recording``.
    * **Traitlets** mirror the desktop's state in Python, read-only; the views hold a replica of it.
    * **Ways to observe**: callbacks and awaits on events, changes and app connections; the apps' requests.
    """

    _esm = STATIC_DIR / "widget.js"
    _css = STATIC_DIR / "widget.css"

    # ------------------------------------------------------------------ traitlets: the desktop's state, in Python

    agent_info: traitlets.Dict[str, JsonValue] = traitlets.Dict(
        read_only=True, help="what agent.get answers, plus the current state"
    )
    agent_states: traitlets.List[JsonObject] = traitlets.List(read_only=True, help="agent.getStateList")
    media_list: traitlets.List[JsonObject] = traitlets.List(read_only=True, help="media.getMediaList")
    interactions: traitlets.Dict[str, JsonObject] = traitlets.Dict(
        read_only=True, help="interaction id -> Interaction (SCAPI shape)"
    )
    actions: traitlets.Dict[str, list[str]] = traitlets.Dict(
        read_only=True, help="interaction id -> desktop actions valid now"
    )
    toasts: traitlets.List[JsonObject] = traitlets.List(read_only=True, help="open toasts")
    apps: traitlets.List[JsonObject] = traitlets.List(read_only=True, help="hosted app frames")
    workspace: traitlets.Dict[str, JsonValue] = traitlets.Dict(
        read_only=True, help="dialogs, menu-bar views, leadership"
    )
    campaigns: traitlets.List[JsonObject] = traitlets.List(read_only=True, help="outbound campaigns")
    events: traitlets.List[DesktopEvent] = traitlets.List(read_only=True, help="recent events, newest last (bounded)")
    ready = traitlets.Bool(False, read_only=True, help="a view is showing the desktop")
    host_view = traitlets.Unicode("", read_only=True, help="the view whose frames run the apps")
    height = traitlets.Unicode("680px", help="CSS height of the desktop").tag(sync=True)
    ui_actions: traitlets.Dict[str, str] = traitlets.Dict(
        read_only=True, help="desktop verbs the desktop UI runs -> their labels"
    ).tag(sync=True)
    player: traitlets.Dict[str, JsonValue] = traitlets.Dict(
        read_only=True, help="the scenario being played, as the desktop's player bar shows it ({}: none)"
    ).tag(sync=True)
    loopback_probe: traitlets.Dict[str, JsonValue] = traitlets.Dict(
        read_only=True,
        help="what a view fetches (url), from which pages (pageHosts), to learn whether its browser reaches the "
        "kernel's loopback",
    ).tag(sync=True)
    _server_probe: traitlets.Dict[str, JsonValue] = traitlets.Dict(
        SERVER_EXTENSION_PROBE,
        read_only=True,
        help="what a view asks a Jupyter server (path, response header) to learn whether the server extension is there",
    ).tag(sync=True)  # plumbing, as anywidget's _esm: what the front end reads, said once in Python
    notices: traitlets.List[JsonObject] = traitlets.List(
        read_only=True, help="what the desktop shows about its apps, e.g. a path an app asked for that was not found"
    ).tag(sync=True)

    # ------------------------------------------------------------------ making one

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
        **options: Unpack[DesktopOptions],
    ) -> None:
        """A desktop hosting ``app`` or ``apps``:

        * ``app``: the one app to host: a URL, a local page (``Path``) or an :class:`~scapi_widget.App`;
          None (the default) hosts the demo app. ``apps``: several instead, each with its own ``frameId``.
        * ``accepted_origins``: the security option ``service-client-api.accepted-web-content-origins``,
          e.g. ``"https://crm.example (agent.*, voice.dial)"``. None (the default) accepts the hosted
          apps' own origins with every request; a value that leaves a hosted app out warns.
        * ``event_log_limit``: how many recent events ``desk.events`` keeps (default 200).
        * ``height``: the CSS height of the desktop (default ``"680px"``); ``layout``: ipywidgets' layout.
        * ``public_url``: where the browser reaches apps the kernel serves, a template with ``{port}``
          (default ``$SCAPI_WIDGET_PUBLIC_URL``, else ``127.0.0.1`` or the Jupyter server).
        * the simulated desktop's options, as ``AgentDesktop(...)`` takes them: ``user_data_write_allowed``
          / ``user_data_read_allowed`` (the keys apps may write / read, ``"*"`` or a list), ``agent``,
          ``states``, ``initial_state``, ``media``, ``device``, ``options`` (configuration options by
          section), ``clock`` and ``ids`` (``ManualClock()``, ``IdSource(seed)``: for determinism).
        * ``desktop``: an ``AgentDesktop`` to run instead; then give none of its options here.
        """
        given: dict[str, object] = dict(options)
        widget_kwargs = {k: given.pop(k) for k in IPYWIDGETS_ARGUMENTS & set(given)}
        if app is not None and apps is not None:
            raise TypeError("pass either app= or apps=, not both")
        check_event_log_limit(event_log_limit)
        model = make_desktop(Desktop.__init__, desktop, given)
        super().__init__(height=height, **widget_kwargs)
        with cast(Any, self).hold_sync():  # ipywidgets (untyped): the views get these traits in one message
            self.desktop = model
            self.set_trait("ui_actions", ui_labels())
            hosted = apps if apps is not None else [app]
            self._hosted: list[tuple[App, int]] = host_apps(model, hosted, accepted_origins)
            kernel_apps = KernelServedApps(
                model,
                [(frame_id, spec) for spec, frame_id in self._hosted],
                public_url=public_url if public_url is not None else public_url_from_env(),
                extend_policy=accepted_origins is None,
                publish_notices=lambda notices: self.set_trait("notices", notices),
            )
            self.link = DesktopLink(
                model, send=self.send, publish=self._publish, kernel_apps=kernel_apps, event_log_limit=event_log_limit
            )
            self._seat = PlayerSeat(lambda state: self.set_trait("player", state))
            self.link.player_commands = self._seat.command
            self._callbacks = EventCallbacks(model)
            self._connections = ConnectionWatch(model)
            self._connections.add(None, lambda entry: kernel_apps.forget_failures(int(str(entry["frameId"]))))
            self._kernel_apps = kernel_apps
            self.set_trait("loopback_probe", kernel_apps.loopback_probe)
            CutOffApps(model).check(policy_changed=True)  # and after every change of the policy or the frames
        self.on_msg(lambda _widget, content, _buffers: self.link.receive(content))

    @classmethod
    def for_agent(cls, centre: ContactCentre, agent: str, app: AppLike = None, **arguments: Any) -> Desktop:
        """One agent's desktop in a contact centre: ``Desktop.for_agent(centre, "Bob", app=...)``, hosting
        its own apps (``app`` None: the demo app). ``agent``: a name given to ``centre.add_agent(name,
        dn=...)``, which also takes that agent's desktop options; ``arguments``: this class's own
        (``apps``, ``accepted_origins``, ``height``, ...). Show several at once with
        ``scapi_widget.side_by_side(alex, bob)``. ``Desktop()`` alone is a desktop on its own, as ever."""
        return cls(app, desktop=agent_model(cls.__init__, centre, agent, arguments), **arguments)

    @property
    def centre(self) -> ContactCentre | None:
        """The contact centre whose agent this desktop shows (made by :meth:`for_agent`), or None."""
        return centre_of(self.desktop)

    # ------------------------------------------------------------------ SCAPI namespaces (the wire's side)

    @functools.cached_property
    def scapi(self) -> Scapi:
        """Every SCAPI namespace: ``desk.scapi.agent.get()``; each is also ``desk.<namespace>``."""
        return Scapi(functools.partial(notebook_call, self.desktop))

    def call(self, request: str, *parameters: JsonValue) -> JsonValue:
        """Run one SCAPI request by its wire name, as an app would send it (with full access):
        ``desk.call("voice.dial", "5001")``. Returns the request's ``data`` (None for none); a
        refusal raises the :class:`~scapi_widget.ScapiError` an app would get as ``errorMessage``."""
        return cast(JsonValue, notebook_call(self.desktop, request, *parameters))  # a request's data is JSON

    def allowed_services(self, app: AppSelector) -> list[str]:
        """What ``system.getAllowedServices`` answers the app now: the requests its origin (and display
        mode) may make. ``app``: a frameId, a label or an ``App`` given to ``Desktop()``. An app whose
        origin is not accepted is answered nothing at all: ``[]``.
        """
        if app is None:
            raise TypeError("allowed_services() needs an app: a frameId, a label or an App")
        frame_ids = connections.frames_for(self.desktop, app, self._hosted)
        with self.desktop.lock:
            answers = []
            for frame_id in frame_ids:
                frame = self.desktop.frames.frames[frame_id]
                answers.append(allowed_services(self.desktop, Caller(frame.origin, frame.mode, frame_id)))
        if any(a != answers[0] for a in answers):
            raise ValueError(f"the apps named {app!r} are answered differently; name one by its frameId: {frame_ids}")
        return answers[0]

    # ------------------------------------------------------------------ desktop verbs: inherited, DesktopVerbs

    # ------------------------------------------------------------------ ways to observe

    def on(self, name: str, callback: EventCallback) -> Callable[[], None]:
        """Call ``callback(event)`` for events of a family (``"interaction"``), an eventType (``"RINGING"``)
        or ``"*"`` (other names are warned of); returns a function that removes the callback.

        Callbacks run while the desktop is locked, on whichever thread made the change. One that
        raises is shown as a warning (the desktop carries on).
        """
        check_event_name(name, "desk.on()")
        return self._callbacks.add(name, callback)

    async def next_event(
        self, name: str = "*", *, where: Callable[[DesktopEvent], bool] | None = None, timeout: float = 30.0
    ) -> DesktopEvent:
        """``await desk.next_event("RINGING")``: the next event :meth:`on` would call back for."""
        check_event_name(name, "desk.next_event()")
        return await observing.next_event(
            self._callbacks, name, where=where, timeout=timeout, ready=lambda: bool(self.ready)
        )

    async def wait_for(self, predicate: Callable[[Desktop], T | None], *, timeout: float = 30.0) -> T:
        """``await desk.wait_for(lambda d: d.interactions)``: until the predicate holds (its value is
        truthy); returns that value, typed as the predicate returns it."""
        return await observing.wait_for(self.desktop, self, predicate, timeout=timeout, ready=lambda: bool(self.ready))

    @overload
    async def app_connected(self, app: None = None, *, timeout: float = 30.0) -> list[JsonObject]: ...
    @overload
    async def app_connected(self, app: int | str | App, *, timeout: float = 30.0) -> JsonObject: ...
    async def app_connected(self, app: AppSelector = None, *, timeout: float = 30.0) -> JsonObject | list[JsonObject]:
        """``await desk.app_connected()``: until the app is connected; returns its ``desk.apps`` entry.

        Connected: the app's current document has loaded in the view that runs the apps (the desktop
        handed it its frameId) and has subscribed to events or made a request that the desktop granted
        (messages it sent while loading count). From then on, events reach its subscriptions. Also the
        ``connected`` field of each ``desk.apps`` entry. ``app``: a frameId, a label, an ``App`` given to
        ``Desktop()``, or None for every hosted app (then a list of entries is returned).

        Under Voilà (no page while cells run) it fails at once: play ``start="app-connected"`` there."""
        dashboards.refuse_await_under_voila(bool(self.ready))
        frame_ids = connections.frames_for(self.desktop, app, self._hosted)
        if not frame_ids:
            return []  # a desktop hosting no app
        entries: list[JsonObject] = await observing.wait_for(
            self.desktop,
            frame_ids,
            lambda ids: connections.connected_entries(self.desktop, ids),
            timeout=timeout,
            ready=lambda: bool(self.ready),
            explain=lambda: connections.timeout_message(
                self.desktop, frame_ids, timeout, bool(self.ready), self._kernel_apps.failures()
            ),
        )
        return entries if app is None else entries[0]

    def on_app_connected(self, callback: AppCallback, app: AppSelector = None) -> Callable[[], None]:
        """Call ``callback(entry)`` (a ``desk.apps`` entry) when an app connects: now for apps already
        connected, then on every (re)connection (a reload connects a new document). ``app`` narrows it
        to one app (frameId, label or App). Returns a function that removes the callback. Works where
        cells cannot wait (Voilà); runs while the desktop is locked, on the thread of the app's message.
        """
        if not callable(callback):
            raise TypeError("on_app_connected() needs a callable")
        frame_ids = None if app is None else connections.frames_for(self.desktop, app, self._hosted)
        return self._connections.add(frame_ids, callback)

    @property
    def notification_log(self) -> list[JsonObject]:
        """Events posted to subscribed app documents (bounded, newest last): seq, frameId, event, eventType."""
        return self.link.bridge.notification_log

    @property
    def request_log(self) -> list[JsonObject]:
        """What the apps asked and what they were answered (bounded, newest last)."""
        return self.link.bridge.request_log

    # ------------------------------------------------------------------ the session

    def play(
        self,
        scenario: Scenario | str | Path | Sequence[Mapping[str, JsonValue]],
        *,
        speed: float = 1.0,
        start: str | None = None,
    ) -> ScenarioRun:
        """Play a scripted demo in the background: a Scenario, a YAML/JSON file, or a list of steps.

        ``start="app-connected"``: the run begins once every hosted app has connected, and the cell
        returns at once, so a demo works under Run All, Voilà and marimo with no ``await``; None:
        as the scenario says (its file's ``start:``; default ``"now"``). The desktop's player bar and
        ``run.pause()``, ``run.next()``, ``run.restart()`` drive the run; its captions show over the desktop.
        Apps not connected a minute after a view shows the desktop stop the run (why: ``run.errors``).
        One scenario plays at a time: playing again (re-running the cell) stops the earlier run."""
        run = Scenario.of(scenario).play(self.desktop, speed=speed, start=start, stalled=self._connect_deadline())
        Player(run, [self._seat])
        return run

    def _connect_deadline(self) -> connections.ConnectDeadline:
        """When a run waiting for this desktop's apps gives up, and why (see :class:`~.connections.ConnectDeadline`)."""
        return connections.ConnectDeadline(self.desktop, lambda: bool(self.ready), self._kernel_apps.failures)

    def record(self) -> SessionRecorder:
        """Start recording this session (desktop verbs and app requests); ``.stop()`` gives the Scenario."""
        return SessionRecorder(self.desktop)

    def events_frame(self) -> pandas.DataFrame:
        """The event log as a pandas DataFrame (one row per event)."""
        return cast("pandas.DataFrame", analysis.events_frame(self.events))  # (typed by pandas-stubs)

    def timeline(self, ax: Axes | None = None) -> Axes:
        """Plot interaction and agent states over the session (matplotlib); returns the Axes."""
        return cast("Axes", analysis.timeline(self.events, ax))

    # ------------------------------------------------------------------ the rest

    def _publish(self, name: str, value: Any) -> None:
        """``set_trait`` for the state the link publishes after every change (its hot path): the
        value (a list or dict the link just made, of the trait's kind) is stored without running
        traitlets' validation (no validator is registered on these traits); observers hear it when
        it differs, as with ``set_trait`` (when nothing observes it, there is nobody to tell). Any other
        trait or value goes through ``set_trait``."""
        kind = _PUBLISHED_KINDS.get(name)
        if kind is None or value.__class__ is not kind:
            self.set_trait(name, value)
            return
        values = self._trait_values
        old = values[name] if name in values else getattr(self, name)
        values[name] = value
        notifiers = self._trait_notifiers
        if name not in notifiers and traitlets.All not in notifiers:
            return  # nothing observes it (nor, held, would): no change to tell
        try:
            silent = bool(old == value)
        except Exception:  # as traitlets: when they cannot be compared, observers hear it
            silent = False
        if not silent:
            self._notify_trait(name, old, value)

    @property
    def model(self) -> AgentDesktop:
        """The desktop model the verbs act on (``desk.desktop``)."""
        return self.desktop

    def __dir__(self) -> list[str]:
        """The desktop's API (verbs, namespaces, traitlets, the rest) without ipywidgets' plumbing
        (``send``, ``open``, ``hold_sync``, ``keys``, ...), which still works."""
        return public_dir(self, PUBLIC_ATTRIBUTES)

    @property
    def frame_ids(self) -> list[int]:
        """The hosted apps' frameIds (dialogs included), oldest first."""
        return list(self.desktop.frames.frames)

    @property
    def event_log_limit(self) -> int:
        """How many recent events ``events`` keeps (and the desktop's event log shows)."""
        return self.link.mirror.event_log_limit

    @event_log_limit.setter
    def event_log_limit(self, limit: int) -> None:
        check_event_log_limit(limit)
        with self.desktop.lock:
            self.link.mirror.event_log_limit = limit
            self.link.sync(frozenset())  # the views' event log follows

    def __repr__(self) -> str:
        """``<Desktop Alex Rivera Ready: 1 interaction(s), 1 app(s)>``."""
        agent = self.desktop.agent_info
        return (
            f"<Desktop {agent.full_name} {self.desktop.agent_state.display_name}: "
            f"{len(self.desktop.interactions)} interaction(s), {len(self.desktop.frames.frames)} app(s)>"
        )


Desktop.__doc__ = f"{inspect.cleandoc(Desktop.__doc__ or '')}\n\n{index(Desktop)}\n"


def check_event_log_limit(limit: object) -> None:
    if not isinstance(limit, int) or limit < 1:
        raise ValueError("event_log_limit must be a positive integer")


def _published_kinds() -> dict[str, type]:
    """The read-only list and dict traits whose only validation is their kind (no element traits,
    no length bounds, not synced, no ``_<name>_changed`` method): :meth:`Desktop._publish` stores
    the link's values in them directly."""
    kinds: dict[str, type] = {}
    for name, trait in Desktop.class_traits().items():
        if not trait.read_only or trait.metadata.get("sync") or getattr(trait, "_trait", None) is not None:
            continue
        if hasattr(Desktop, f"_{name}_changed"):
            continue
        if type(trait) is traitlets.List and trait._minlen == 0 and trait._maxlen == sys.maxsize:
            kinds[name] = list
        elif type(trait) is traitlets.Dict and not (trait._key_trait or trait._value_trait or trait._per_key_traits):
            kinds[name] = dict
    return kinds


_PUBLISHED_KINDS = _published_kinds()
