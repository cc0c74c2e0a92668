"""The custom messages between the widget and its views (the front end in ``js/widget.js``).

In: SCAPI traffic the hosted frames posted, frame loads and reloads, desktop UI actions, views
appearing and closing. Out: SCAPI answers and events for the frames, event-log batches, the
result of each UI action. The front end decides nothing: every message is checked here, and a
malformed one is dropped (or, for a UI action, answered with an error).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .bridge import Post
from .desktop.frames import DocumentTag
from .desktop.verbs import UI_ACTIONS
from .errors import ScapiError
from .state_mirror import sync_failed

if TYPE_CHECKING:
    from .widget import Desktop


def ui_action_error(verb: object, args: object) -> str | None:
    """Why the desktop UI may not run ``verb(*args)`` (None: it may). The UI runs only the verbs
    declared with a ``ui`` label, with exactly the positional arguments the verb takes."""
    spec = UI_ACTIONS.get(verb) if isinstance(verb, str) else None
    if spec is None or not isinstance(args, list) or len(args) != spec.arity:
        count = len(args) if isinstance(args, list) else 0
        return f"the desktop has no action {verb!r} with {count} argument(s)"
    return None


class FrontEndChannel:
    """Receives the views' messages and sends them what they need."""

    def __init__(self, widget: Desktop) -> None:
        self._widget = widget

    # ------------------------------------------------------------------ out

    def post(self, post: Post) -> None:
        """An answer or event for a hosted frame."""
        self._widget.send({"kind": "post", **post.to_json()})

    def send_events(self, events: list[dict[str, Any]], *, replace: bool = False, view: str | None = None) -> None:
        """Events for the views' event log (``replace``: the whole backlog, for ``view``); if the
        batch cannot be sent, each event that can be, alone."""
        batch: dict[str, Any] = {"kind": "events", "events": events}
        if replace:
            batch.update(replace=True, view=view)
        try:
            self._widget.send(batch)
        except Exception as exc:
            failed = 0
            for event in events:
                try:
                    self._widget.send({**batch, "events": [event]})
                except Exception:
                    failed += 1
            sync_failed(f"sending {failed} of {len(events)} event(s)", exc)

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
            if from_host:
                args = (content.get("frameId"), content.get("origin"), content.get("data"))
                if document is None:
                    widget.bridge.receive(*args)
                else:
                    widget.bridge.receive_from(*args, document)
        elif kind in ("frame-loaded", "reload-app"):
            if from_host and isinstance(content.get("frameId"), int):
                self._frame_loaded(content["frameId"], document, reload=kind == "reload-app")
        elif kind == "action":
            self._run_ui_action(content)
        elif kind == "view-ready" and isinstance(view, str):
            widget.views.ready(view, content)
        elif kind == "view-closed" and isinstance(view, str):
            widget.views.closed(view)

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
        self._widget.send({"kind": "action-result", "id": content.get("id"), "error": error})
