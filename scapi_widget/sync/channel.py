"""The custom messages between the widget and its views (the front end in ``js/widget.js``).

In: SCAPI traffic the hosted frames posted (and the reads the front end answered for them from
the replica), frame loads and reloads, desktop UI actions, views appearing and closing, acks,
snapshot requests and errors in the browser: the kinds and fields of
:data:`~scapi_widget.sync.view_messages.VIEW_MESSAGES`. Out, through the outbox, in order: the
replica's ops, SCAPI answers and events for the frames, event-log lines, snapshots, the result of
each UI action. The front end decides nothing: every message is checked at the door, and a
malformed one is dropped whole. A bug of ours while handling one never disappears: it is shown
as a :class:`~scapi_widget.desktop.model.ListenerWarning` naming what was lost (an app's request
is answered with an error), and the desktop's state is sent again.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..desktop.frames import DocumentTag
from ..desktop.model import report_failure
from ..desktop.verbs import UI_ACTIONS
from ..errors import ScapiError
from ..service.bridge import Post
from ..service.local_reads import app_interactions_part
from .items import encodable, posts_item
from .mirror import EVERY_PART, log_line, sync_failed
from .outbox import Outbox
from .replica import Op, Replica
from .view_messages import VIEW_MESSAGES, view_message_problem

if TYPE_CHECKING:
    from ..notebook.widget import Desktop

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


class FrontEndChannel:
    """Receives the views' messages and sends them what they need.

    Out: one item per transaction (:meth:`flush`) through the outbox (:mod:`scapi_widget.sync.outbox`):
    ``{seq, ops}`` for the replica (:mod:`scapi_widget.sync.replica`), ``messages`` and ``posts``
    (``[frameId, index into messages]``: a notification posted to several frames travels once),
    ``log`` lines for the event log, and ``handled``: ``[view, n]``, the last message of that view
    the desktop has handled (the view's read-your-writes). A view that missed ops asks for a
    snapshot (``resync``).
    """

    def __init__(self, widget: Desktop) -> None:
        self._widget = widget
        self.replica = Replica()
        self.outbox = Outbox(self._send)
        self._posts: list[Post] = []
        self._handled: tuple[str, int] | None = None
        self.refused = 0  # malformed messages from views, dropped at the door
        self.browser_errors = 0  # errors the views reported from the browser
        self._handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "scapi": self._app_message,
            "answered": self._answered,
            "ack": self._ack,
            "resync": self._resync,
            "frame-loaded": self._frame_loaded,
            "reload-app": self._frame_loaded,
            "action": self._run_ui_action,
            "view-ready": self._view_ready,
            "view-closed": self._view_closed,
            "front-end-error": self._browser_error,
        }
        assert self._handlers.keys() == VIEW_MESSAGES.keys()

    # ------------------------------------------------------------------ out

    def post(self, post: Post) -> None:
        """An answer or event for a hosted frame: it goes with the transaction's item."""
        desk = self._widget.desktop
        with desk.lock:
            self._posts.append(post)
            if not desk.in_transaction:
                self.flush([], [])

    def flush(self, ops: list[Op], log: list[dict[str, Any]], *, urgent: bool = False) -> None:
        """Send what this transaction produced (replica ops, posts, log lines) as one item;
        ``urgent`` when it takes rights away (see :meth:`~scapi_widget.sync.outbox.Outbox.put`)."""
        with self._widget.desktop.lock:
            posts, self._posts = [p for p in self._posts if self._deliverable(p)], []
            handled, self._handled = self._handled, None
            if not self._widget.views.any or not (ops or posts or log or handled):
                return  # no view: the next one starts from a snapshot
            item: dict[str, Any] = {}
            if ops:
                item.update(seq=self.replica.seq, ops=ops)
            if posts:
                part = app_interactions_part(self._widget.desktop)  # where the views hold what apps read
                item.update(posts_item(posts, part, self.replica.parts.get(part)))
            if log:
                item["log"] = log
            if handled:
                item["handled"] = list(handled)
            self.outbox.put(item, urgent=urgent)

    def _deliverable(self, post: Post) -> bool:
        """Does the frame still hold the document ``post`` is for? A frame its own request closed or
        reloaded gets nothing more, and never the previous document's answers or events."""
        frame = self._widget.desktop.frames.get(post.frame_id)
        return frame is not None and (post.epoch is None or post.epoch == frame.epoch)

    def snapshot(self, view: str) -> None:
        """The whole replica (and the event log's backlog) for ``view``, in order with the items."""
        widget = self._widget
        with widget.desktop.lock:
            self.flush([], [])
            backlog = [log_line(e) for e in widget.events]
            self.outbox.put({"snapshot": self.replica.snapshot(), "view": view, "log": backlog})

    def _send(self, message: dict[str, Any]) -> None:
        """Send one outbox message. If it cannot be encoded, what can be is sent: the parts,
        posts and log lines that fail are left out and named in a :class:`SyncWarning`."""
        try:
            self._widget.send(message)
        except Exception as exc:
            lost: list[str] = []
            items = [encodable(item, lost) for item in message["items"]]
            try:
                self._widget.send({**message, "items": items})
            except Exception:
                lost.append(f"{len(items)} update(s)")
            sync_failed(f"sending {', '.join(lost) or 'an update'}", exc)

    # ------------------------------------------------------------------ in

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
            self._handlers[kind](content)
        except Exception as exc:
            report_failure(f"handling a {kind!r} message from a view", exc, f"lost: {VIEW_MESSAGES[kind].lost}")
            self._send_state_again()

    def _send_state_again(self) -> None:
        """After a failure: whatever the desktop changed reaches the views, with the posts queued."""
        try:
            self._widget.mirror.sync(EVERY_PART)
            self.flush([], [])
        except Exception as exc:
            sync_failed("the desktop's state after a failure", exc)

    def _from_host(self, content: Mapping[str, Any]) -> bool:
        return bool(content["view"] == self._widget.host_view)

    def _app_message(self, content: Mapping[str, Any]) -> None:
        """SCAPI traffic a frame posted; the item that follows says it was handled (``n``)."""
        if not self._from_host(content):
            return
        widget, number = self._widget, content.get("n")
        args = (content["frameId"], content["origin"], content["data"])
        document = DocumentTag.parse(content.get("document"))
        with widget.desktop.transaction():
            if number is not None:
                self._handled = (content["view"], number)
            if document is None:
                widget.bridge.receive(*args)
            else:
                widget.bridge.receive_from(*args, document)
        if self._handled is not None:
            self.flush([], [])  # handled, but nothing changed: still say so

    def _answered(self, content: Mapping[str, Any]) -> None:
        if self._from_host(content):
            self._widget.bridge.answered_in_browser(content["answers"])

    def _ack(self, content: Mapping[str, Any]) -> None:
        if self._from_host(content):
            self.outbox.ack(content["n"])

    def _resync(self, content: Mapping[str, Any]) -> None:
        if self._widget.views.showing(content["view"]):
            self.snapshot(content["view"])

    def _frame_loaded(self, content: Mapping[str, Any]) -> None:
        if not self._from_host(content):
            return
        bridge, frame_id = self._widget.bridge, content["frameId"]
        try:
            if content["kind"] == "reload-app":
                bridge.reload_frame(frame_id)
            else:
                bridge.frame_loaded(frame_id, DocumentTag.parse(content.get("document")))
        except ValueError:
            pass  # not a frame of this desktop (any more)

    def _view_ready(self, content: Mapping[str, Any]) -> None:
        self._widget.views.ready(content["view"], content)

    def _view_closed(self, content: Mapping[str, Any]) -> None:
        self._widget.views.closed(content["view"])

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
        verb, args = content["verb"], content["args"]
        error = ui_action_error(verb, args)
        try:
            if error is None:
                getattr(self._widget, verb)(*args)
        except ScapiError as exc:
            error = exc.error_message
        except Exception as exc:
            error = f"internal error in {verb}: {type(exc).__name__}"
            raise
        finally:
            with self._widget.desktop.lock:
                self.flush([], [])
                if self._widget.views.any:
                    self.outbox.put({"action": {"id": content.get("id"), "error": error}})
