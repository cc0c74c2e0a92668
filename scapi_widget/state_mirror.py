"""The desktop's state mirrored into the widget's traitlets, and its new events sent to the views.

The desktop model says which parts of its state changed (``agent``, ``interactions``, …, and
``events``); each part is copied, whole, into its traitlets. A value the kernel cannot send never
stops the rest: the failing traits are named in a :class:`SyncWarning` and later changes still sync.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .desktop.events import DesktopEvent
from .desktop.interactions import available_actions

if TYPE_CHECKING:
    from .widget import Desktop

log = logging.getLogger(__name__)

EVERY_PART = frozenset({"agent", "media", "interactions", "toasts", "frames", "workspace", "outbound", "events"})


class SyncWarning(RuntimeWarning):
    """Part of the desktop's state could not be sent to the front end; the rest was, and later changes are."""


def sync_failed(what: str, exc: Exception) -> None:
    """Say, in the log and as a :class:`SyncWarning`, that sending something to the front end failed."""
    log.error("%s to the front end failed; later changes still sync", what, exc_info=exc)
    warnings.warn(
        f"{what} to the front end failed ({type(exc).__name__}: {str(exc)[:200]}); later changes still sync",
        SyncWarning,
        stacklevel=3,
    )


class StateMirror:
    """Copies the parts of the desktop that changed into the widget's traitlets."""

    def __init__(self, widget: Desktop) -> None:
        self._widget = widget
        self._new_events: list[DesktopEvent] = []

    def event(self, event: DesktopEvent) -> None:
        """An event the desktop emitted: it joins ``events`` (and reaches the views) at the next sync."""
        self._new_events.append(event)

    def sync(self, parts: frozenset[str]) -> None:
        widget, desk = self._widget, self._widget.desktop
        with desk.lock, self._unwedged_sync():
            if "agent" in parts:
                widget.set_trait("agent_info", desk.agent_json())
                widget.set_trait("agent_states", [s.to_json() for s in desk.states])
            if "media" in parts:
                widget.set_trait("media_list", desk.media_json())
            if "interactions" in parts:
                widget.set_trait("interactions", desk.interactions_json())
                widget.set_trait("actions", {i: available_actions(it) for i, it in desk.interactions.items()})
            if "toasts" in parts:
                widget.set_trait("toasts", desk.toasts_json())
            if "frames" in parts:
                widget.set_trait("apps", [f.to_json() for f in desk.frames.frames.values()])
            if "workspace" in parts:
                widget.set_trait("workspace", desk.workspace.to_json())
            if "outbound" in parts:
                widget.set_trait("campaigns", [c.to_json() for c in desk.campaigns.values()])
            if "events" in parts and self._new_events:
                fresh, self._new_events = self._new_events, []
                widget.set_trait("events", (list(widget.events) + fresh)[-widget.event_log_limit :])
                if widget.views.any:
                    widget.channel.send_events([e.to_json() for e in fresh])

    @contextlib.contextmanager
    def _unwedged_sync(self) -> Iterator[None]:
        """``hold_sync``, except that a failed send never wedges later syncs.

        ipywidgets sends the held traits when ``hold_sync`` ends and forgets them only if that
        send succeeds: one value the kernel cannot encode would be re-sent, and fail, on every
        later sync. Here the held traits are then sent one by one, the ones that fail are dropped
        (named in a :class:`SyncWarning` and the log), and the rest reach the front end.
        """
        widget = self._widget
        try:
            with widget.hold_sync():
                yield
        except Exception as exc:
            pending = sorted(getattr(widget, "_states_to_send", ()))
            if pending:
                widget._states_to_send.clear()  # ipywidgets' own record of held traits
            failed = []
            for key in pending:
                try:
                    widget.send_state(key)
                except Exception:
                    failed.append(key)
            sync_failed(f"sending {', '.join(failed) or 'an update'}", exc)
