"""The custom messages between the widget and its views (the front end in ``js/widget.js``).

In: SCAPI traffic the hosted frames posted (and the reads the front end answered for them from
the replica), frame loads and reloads, desktop UI actions, views appearing and closing, acks and
snapshot requests. Out, through the outbox, in order: the replica's ops, SCAPI answers and events
for the frames, event-log lines, snapshots, the result of each UI action. The front end decides
nothing: every message is checked here, and a malformed one is dropped (or, for a UI action,
answered with an error).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .bridge import Post
from .desktop.frames import DocumentTag
from .desktop.verbs import UI_ACTIONS
from .errors import ScapiError
from .outbox import Outbox
from .replica import Op, Replica
from .state_mirror import log_line, sync_failed
from .view_items import encodable, posts_item

if TYPE_CHECKING:
    from .widget import Desktop


MAX_ANSWERED = 1_000
"""Reads the front end reports in one message at most (it sends them in smaller batches)."""


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

    Out: one item per transaction (:meth:`flush`) through the outbox (:mod:`scapi_widget.outbox`):
    ``{seq, ops}`` for the replica (:mod:`scapi_widget.replica`), ``messages`` and ``posts``
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

    # ------------------------------------------------------------------ out

    def post(self, post: Post) -> None:
        """An answer or event for a hosted frame: it goes with the transaction's item."""
        desk = self._widget.desktop
        with desk.lock:
            self._posts.append(post)
            if not desk.in_transaction:
                self.flush([], [])

    def flush(self, ops: list[Op], log: list[dict[str, Any]]) -> None:
        """Send what this transaction produced (replica ops, posts, log lines) as one item."""
        with self._widget.desktop.lock:
            posts, self._posts = self._posts, []
            handled, self._handled = self._handled, None
            if not self._widget.views.any or not (ops or posts or log or handled):
                return  # no view: the next one starts from a snapshot
            item: dict[str, Any] = {}
            if ops:
                item.update(seq=self.replica.seq, ops=ops)
            if posts:
                item.update(posts_item(posts))
            if log:
                item["log"] = log
            if handled:
                item["handled"] = list(handled)
            self.outbox.put(item)

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
        """One message from a view. Never raises for a malformed message."""
        if not isinstance(content, dict):
            return
        widget = self._widget
        kind, view = content.get("kind"), content.get("view")
        # Our front end tags traffic and loads with the document it saw (DocumentTag); a malformed tag is dropped.
        tagged = "document" in content
        document = DocumentTag.parse(content.get("document"))
        from_host = view == widget.host_view and not (tagged and document is None)
        if kind == "scapi":
            if from_host and isinstance(view, str):
                self._app_message(content, view, document)
        elif kind == "ack":
            if from_host:
                self.outbox.ack(content.get("n"))
        elif kind == "resync":
            if isinstance(view, str) and widget.views.showing(view):
                self.snapshot(view)
        elif kind == "answered":
            if from_host and isinstance(content.get("answers"), list):
                widget.bridge.answered_in_browser(content["answers"][:MAX_ANSWERED])
        elif kind in ("frame-loaded", "reload-app"):
            if from_host and isinstance(content.get("frameId"), int):
                self._frame_loaded(content["frameId"], document, reload=kind == "reload-app")
        elif kind == "action":
            self._run_ui_action(content)
        elif kind == "view-ready" and isinstance(view, str):
            widget.views.ready(view, content)
        elif kind == "view-closed" and isinstance(view, str):
            widget.views.closed(view)

    def _app_message(self, content: Mapping[str, Any], view: str, document: DocumentTag | None) -> None:
        """SCAPI traffic a frame posted; the item that follows says it was handled (``n``)."""
        widget, number = self._widget, content.get("n")
        args = (content.get("frameId"), content.get("origin"), content.get("data"))
        with widget.desktop.transaction():
            if isinstance(number, int) and not isinstance(number, bool):
                self._handled = (view, number)
            if document is None:
                widget.bridge.receive(*args)
            else:
                widget.bridge.receive_from(*args, document)
        if self._handled is not None:
            self.flush([], [])  # handled, but nothing changed: still say so

    def _frame_loaded(self, frame_id: int, document: DocumentTag | None, *, reload: bool) -> None:
        bridge = self._widget.bridge
        try:
            if reload:
                bridge.reload_frame(frame_id)
            else:
                bridge.frame_loaded(frame_id, document)
        except ValueError:
            pass  # not a frame of this desktop (any more)

    def _run_ui_action(self, content: Mapping[str, Any]) -> None:
        verb, args = content.get("verb"), content.get("args")
        error = ui_action_error(verb, args)
        if error is None:
            assert isinstance(verb, str) and isinstance(args, list)
            try:
                getattr(self._widget, verb)(*args)
            except ScapiError as exc:
                error = exc.error_message
        with self._widget.desktop.lock:
            self.flush([], [])
            if self._widget.views.any:
                self.outbox.put({"action": {"id": content.get("id"), "error": error}})
