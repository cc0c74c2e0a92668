"""The link between one desktop model and the views showing it (the front end in ``js/widget.js``).

:class:`DesktopLink` takes the model and the two things it needs of whatever carries its messages:
``send(message)`` to the views and ``publish(name, value)`` for the notebook's traitlets (a widget
gives its ``send`` and ``set_trait``; the link never sees the widget). It holds:

* the **bridge** (:class:`~scapi_widget.service.bridge.AppBridge`): the hosted apps' SCAPI traffic;
* the **mirror** (:mod:`.mirror`): after each change, the traitlets and the views' replica;
* the **channel** (:mod:`.channel`): the items the views get, through the flow-controlled outbox;
* the **views** (:mod:`.views`): which views show the desktop, and which one runs the apps.

What the views send comes in through :meth:`DesktopLink.receive`: SCAPI traffic the frames posted
(and the reads the front end answered for them from the replica), frame loads and reloads, desktop
UI actions, the scenario player bar's commands, views appearing and closing, acks (on their own,
or carried by a frame's message, load or read reports), snapshot requests and errors in the
browser: the kinds and fields of :data:`~.view_messages.VIEW_MESSAGES`. The front end decides
nothing: every message is checked at the door, and a malformed one is dropped whole. A bug of ours
while handling one never disappears: it is shown as a
:class:`~scapi_widget.desktop.model.ListenerWarning` naming what was lost (an app's request is
answered with an error), and the desktop's state is sent again.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from ..desktop.frames import DocumentTag
from ..desktop.model import AgentDesktop, report_failure
from ..desktop.plumbing import StatePart
from ..desktop.verbs import UI_ACTIONS
from ..errors import ScapiError
from ..service.bridge import AppBridge
from ..serving.hosting import KernelServedApps
from .channel import Send, ViewChannel
from .mirror import EVERY_PART, Publish, StateMirror, sync_failed
from .view_messages import VIEW_MESSAGES, view_message_problem
from .views import ViewHosting

log = logging.getLogger(__name__)

MAX_FRONT_END_WARNINGS = 20
"""Errors reported from the browser that are shown as warnings; later ones only go to the log."""


class FrontEndWarning(RuntimeWarning):
    """Something failed in a view (the widget's code in the browser); the warning says where and what."""


def ui_action_error(verb: object, args: object) -> str | None:
    """Why the desktop UI may not run ``verb(*args)`` (None: it may). The UI runs only the verbs
    declared with a ``ui`` label, with exactly the positional arguments the verb takes."""
    spec = UI_ACTIONS.get(verb) if isinstance(verb, str) else None
    if spec is None or not isinstance(args, list) or len(args) != spec.arity:
        count = len(args) if isinstance(args, list) else 0
        return f"the desktop has no action {verb!r} with {count} argument(s)"
    return None


class DesktopLink:
    """One desktop model and the views showing it: what they send in, what they are sent, who hosts."""

    def __init__(
        self,
        model: AgentDesktop,
        *,
        send: Send,
        publish: Publish,
        kernel_apps: KernelServedApps,
        event_log_limit: int,
    ) -> None:
        self.model = model
        self._publish = publish
        self._kernel_apps = kernel_apps
        self.views = ViewHosting()
        self.channel = ViewChannel(model, send, self.views)
        self.mirror = StateMirror(model, self.channel.replica, publish, event_log_limit)
        self.bridge = AppBridge(model, self.channel.post)
        self.refused = 0  # malformed messages from views, dropped at the door
        self.browser_errors = 0  # errors the views reported from the browser
        self._handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "scapi": self._app_message,
            "answered": self._answered,
            "ack": self._ack,
            "resync": self._resync,
            "frame-loaded": self._frame_loaded,
            "frame-failed": self._frame_failed,
            "reload-app": self._frame_loaded,
            "action": self._run_ui_action,
            "view-ready": self._view_ready,
            "view-closed": self._view_closed,
            "player": self._player,
            "front-end-error": self._browser_error,
        }
        self.player_commands: Callable[[Mapping[str, Any]], None] | None = None
        """Who runs the commands of the views' scenario player bar (the widget's player; None: nobody)."""
        assert self._handlers.keys() == VIEW_MESSAGES.keys()
        model.add_event_listener(self.mirror.event)
        model.add_change_listener(self.sync)
        self.sync(EVERY_PART)

    def sync(self, parts: frozenset[StatePart]) -> None:
        """Mirror the desktop's changed ``parts``; the views get one item with what changed."""
        with self.model.lock:
            ops, lines, revoked = self.mirror.sync(parts, self.views.host)
            self.channel.flush(ops, lines, urgent=revoked, current=self.mirror.current)

    # ------------------------------------------------------------------ views showing the desktop

    def view_ready(self, view: str, report: Mapping[str, Any]) -> None:
        """A view rendered (``report``: what it found about its page); it becomes the host and gets
        the replica's snapshot (with the event log's backlog)."""
        self._kernel_apps.remember(view, report)
        with self.model.transaction():
            self.views.ready(view, str(report.get("pageOrigin") or ""))
            self._host(view)
            self.channel.snapshot(view, self.mirror.backlog())

    def view_closed(self, view: str) -> None:
        """A view went away; if it ran the apps, the newest remaining view does."""
        with self.model.transaction():
            if self.views.closed(view):
                self._host(self.views.newest)

    def _host(self, view: str) -> None:
        """``view`` runs the apps (""; none does); every frame starts over with a fresh document."""
        self._kernel_apps.point_frames(view)  # kernel-served apps: the URL this view can reach
        # The sandbox rule (frames.is_opaque) needs the page's origin: no frame may be created
        # before it is applied; the replica's apps and host_view change in one item.
        self.model.frames.rehost(self.views.page_origin(view))
        self.model.touch("frames")
        self.views.host = view
        self._publish("host_view", view)
        self._publish("ready", bool(view))
        self.channel.outbox.restart()  # acks come from the host view
        self.sync(frozenset({"frames"}))

    # ------------------------------------------------------------------ what the views send

    def receive(self, content: Any) -> None:
        """One message from a view. Never raises: a malformed message is dropped (and counted in
        :attr:`refused`); an exception while handling one is a warning naming what was lost."""
        problem = view_message_problem(content)
        if problem is not None:
            self.refused += 1
            log.info("dropped a message from a view: %s", problem)
            return
        kind = content["kind"]
        try:
            if kind != "ack" and content.get("ack") is not None:
                self._ack({"view": content["view"], "n": content["ack"]})  # an ack this message carries: it came first
            self._handlers[kind](content)
        except Exception as exc:
            report_failure(f"handling a {kind!r} message from a view", exc, f"lost: {VIEW_MESSAGES[kind].lost}")
            self._send_state_again()

    def _send_state_again(self) -> None:
        """After a failure: whatever the desktop changed reaches the views, with the posts queued."""
        try:
            self.sync(EVERY_PART)
        except Exception as exc:
            sync_failed("the desktop's state after a failure", exc)

    def _from_host(self, content: Mapping[str, Any]) -> bool:
        return bool(content["view"] == self.views.host)

    def _app_message(self, content: Mapping[str, Any]) -> None:
        """SCAPI traffic a frame posted; the item that follows says it was handled (``n``)."""
        if not self._from_host(content):
            return
        number = content.get("n")
        args = (content["frameId"], content["origin"], content["data"])
        document = DocumentTag.parse(content.get("document"))
        with self.model.transaction():
            self._answered(content)  # the reads the view answered before this message came first
            if number is not None:
                self.channel.handled(content["view"], number)
            if document is None:
                self.bridge.receive(*args)
            else:
                self.bridge.receive_from(*args, document)
        if self.channel.owes_handled:
            self.channel.flush([], [])  # handled, but nothing changed: still say so

    def _answered(self, content: Mapping[str, Any]) -> None:
        """Reads the view answered from its replica: an ``answered`` message's ``answers``, or the
        ``answered`` a frame's message or load carries."""
        answers = content.get("answers") if content["kind"] == "answered" else content.get("answered")
        if answers and self._from_host(content):
            self.bridge.answered_in_browser(answers)

    def _ack(self, content: Mapping[str, Any]) -> None:
        if self._from_host(content):
            self.channel.outbox.ack(content["n"])

    def _resync(self, content: Mapping[str, Any]) -> None:
        if self.views.showing(content["view"]):
            self.channel.snapshot(content["view"], self.mirror.backlog())

    def _frame_failed(self, content: Mapping[str, Any]) -> None:
        if self._from_host(content):
            self._kernel_apps.frame_failed(content["frameId"], content["url"], content["reason"])

    def _frame_loaded(self, content: Mapping[str, Any]) -> None:
        if not self._from_host(content):
            return
        frame_id = content["frameId"]
        with self.model.transaction():
            self._answered(content)  # the reads the page made while loading come before its load
            try:
                if content["kind"] == "reload-app":
                    self.bridge.reload_frame(frame_id)
                else:
                    self.bridge.frame_loaded(frame_id, DocumentTag.parse(content.get("document")))
            except ValueError:
                pass  # not a frame of this desktop (any more)

    def _view_ready(self, content: Mapping[str, Any]) -> None:
        self.view_ready(content["view"], content)

    def _view_closed(self, content: Mapping[str, Any]) -> None:
        self.view_closed(content["view"])

    def _player(self, content: Mapping[str, Any]) -> None:
        """A button of the scenario player bar: checked at the door, run by whoever plays the scenario."""
        if self.views.showing(content["view"]) and self.player_commands is not None:
            self.player_commands(content)

    def _browser_error(self, content: Mapping[str, Any]) -> None:
        """An exception in a view's own code: a :class:`FrontEndWarning` (the first
        :data:`MAX_FRONT_END_WARNINGS`; the log has them all)."""
        self.browser_errors += 1
        where, error = content["where"], content["error"]
        text = f"the desktop's view {content['view'][:40]!r} failed in the browser: {where}: {error}"
        log.error("%s", text)
        if self.browser_errors <= MAX_FRONT_END_WARNINGS:
            warnings.warn(text, FrontEndWarning, stacklevel=2)

    def _run_ui_action(self, content: Mapping[str, Any]) -> None:
        """A button of the desktop UI: the verb runs on the model; the view that asked hears how it went."""
        verb, args = content["verb"], content["args"]
        error = ui_action_error(verb, args)
        try:
            if error is None:
                getattr(self.model, verb)(*args)
        except ScapiError as exc:
            error = exc.error_message
        except Exception as exc:
            error = f"internal error in {verb}: {type(exc).__name__}"
            raise
        finally:
            self.channel.put({"action": {"id": content.get("id"), "error": error}})
