"""What the desktop sends its views: one item per transaction, through the outbox, in order.

An item holds ``{seq, ops}`` for the replica (:mod:`.replica`), ``messages`` and ``posts``
(``[frameId, index into messages]``: a notification posted to several frames travels once), ``log``
lines for the event log, and ``handled``: ``[view, n]``, the last message of that view the desktop
has handled (the view's read-your-writes). A view that missed ops asks for a snapshot
(:meth:`ViewChannel.snapshot`). Each item is encoded as it is made (:func:`~.items.encode_item`); one
that cannot be encoded never stops the rest: what can be is sent, and what could not is named in a
:class:`~.mirror.SyncWarning`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..desktop.model import AgentDesktop
from ..service.bridge import Post
from ..service.local_reads import app_interactions_part
from .items import UNENCODABLE, encodable, encode_item, posts_item
from .mirror import sync_failed
from .outbox import Outbox
from .replica import Op, Replica
from .views import ViewHosting

Send = Callable[[dict[str, Any], list[bytes]], None]
"""``send(message, buffers)``: one custom message and its binary buffers to every view (the widget's ``send``)."""


class ViewChannel:
    """The replica the views hold, the outbox to them, and the items of each transaction."""

    def __init__(self, model: AgentDesktop, send: Send, views: ViewHosting) -> None:
        self._model = model
        self._send_message = send
        self._views = views
        self.replica = Replica()
        self.outbox = Outbox(self._send)
        self._posts: list[Post] = []
        self._handled: tuple[str, int] | None = None

    def post(self, post: Post) -> None:
        """An answer or event for a hosted frame: it goes with the transaction's item."""
        with self._model.lock:
            self._posts.append(post)
            if not self._model.in_transaction:
                self.flush([], [])

    def handled(self, view: str, number: int) -> None:
        """The desktop has handled message ``number`` of ``view``: the next item says so."""
        self._handled = (view, number)

    @property
    def owes_handled(self) -> bool:
        """Whether an item must still say that a view's message was handled."""
        return self._handled is not None

    def flush(
        self,
        ops: list[Op],
        log: list[dict[str, Any]],
        *,
        urgent: bool = False,
        current: Mapping[str, Any] | None = None,
    ) -> None:
        """Send what this transaction produced (replica ops, posts, log lines) as one item;
        ``urgent`` when it takes rights away (see :meth:`~.outbox.Outbox.put`); ``current``: objects
        known to equal entries of the replica's ``interactions`` (:attr:`~.mirror.StateMirror.current`)."""
        with self._model.lock:
            posts, self._posts = [p for p in self._posts if self._deliverable(p)], []
            handled, self._handled = self._handled, None
            if not self._views.any or not (ops or posts or log or handled):
                return  # no view: the next one starts from a snapshot
            item: dict[str, Any] = {}
            if ops:
                item.update(seq=self.replica.seq, ops=ops)
            if posts:
                part = app_interactions_part(self._model)  # where the views hold what apps read
                known = current if part == "interactions" else None
                item.update(posts_item(posts, part, self.replica.parts.get(part), known))
            if log:
                item["log"] = log
            if handled:
                item["handled"] = list(handled)
            self.outbox.put(self._encoded(item), urgent=urgent)

    def put(self, item: dict[str, Any]) -> None:
        """One item of its own (after what this transaction produced so far), when a view shows the desktop."""
        with self._model.lock:
            self.flush([], [])
            if self._views.any:
                self.outbox.put(self._encoded(item))

    def _deliverable(self, post: Post) -> bool:
        """Does the frame still hold the document ``post`` is for? A frame its own request closed or
        reloaded gets nothing more, and never the previous document's answers or events."""
        frame = self._model.frames.get(post.frame_id)
        return frame is not None and (post.epoch is None or post.epoch == frame.epoch)

    def snapshot(self, view: str, backlog: list[dict[str, Any]]) -> None:
        """The whole replica and the event log's ``backlog`` for ``view``, in order with the items."""
        with self._model.lock:
            self.flush([], [])
            self.outbox.put(self._encoded({"snapshot": self.replica.snapshot(), "view": view, "log": backlog}))

    @staticmethod
    def _encoded(item: dict[str, Any]) -> bytes:
        """``item`` encoded; if it cannot be, what can be: the parts, posts and log lines that fail
        are left out and named in a :class:`~.mirror.SyncWarning`."""
        try:
            return encode_item(item)
        except UNENCODABLE as exc:
            lost: list[str] = []
            kept = encode_item(encodable(item, lost))
            sync_failed(f"sending {', '.join(lost) or 'an update'}", exc)
            return kept

    def _send(self, message: dict[str, Any], buffers: list[bytes]) -> None:
        """Send one outbox message; a failure is a :class:`~.mirror.SyncWarning` naming what was lost."""
        try:
            self._send_message(message, buffers)
        except Exception as exc:
            sync_failed("sending a message of updates", exc)
