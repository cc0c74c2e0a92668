"""Looking back at a session: the event log as a pandas DataFrame, and a timeline plot of
interaction states and agent states (matplotlib). Both libraries are imported on use; they come
with the package's ``lab`` extra."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from .desktop.events import DesktopEvent

COLUMNS = ["seq", "time", "family", "eventType", "interactionId", "media", "state", "previousState", "detail"]
STATE_COLOURS = {
    "RINGING": "#1f6feb",
    "DIALING": "#8250df",
    "TALKING": "#1a7f37",
    "HELD": "#9a6700",
    "IDLE": "#8c959f",
    "INVITED": "#1f6feb",
    "ACCEPTED": "#1a7f37",
    "PREVIEWING": "#bf8700",
    "READY": "#1a7f37",
    "NOT_READY": "#cf222e",
}


EXTRA = "lab"


def _import(module: str, needed_for: str) -> Any:
    """``module``, or a ModuleNotFoundError that says which extra to install."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".", 1)[0]
        if exc.name is None or exc.name.split(".", 1)[0] != top:
            raise  # something else is missing: not ours to explain
        raise ModuleNotFoundError(
            f'{needed_for} needs {top}, which is not installed: pip install "scapi-widget[{EXTRA}]"',
            name=exc.name,
        ) from exc


def _row(event: DesktopEvent) -> dict[str, Any]:
    data = event.data
    item = data.get("interaction") or {}
    detail = {k: v for k, v in data.items() if k not in ("eventType", "interaction", "media")}
    return {
        "seq": event.seq,
        "time": event.time,
        "family": event.family,
        "eventType": data.get("eventType"),
        "interactionId": item.get("interactionId"),
        "media": data.get("media", item.get("media")),
        "state": item.get("state", data.get("mediaState")),
        "previousState": item.get("previousState"),
        "detail": detail or None,
    }


def events_frame(events: Sequence[DesktopEvent]) -> Any:
    """One row per event; ``time`` as a pandas Timestamp (UTC)."""
    pd = _import("pandas", "events_frame()")

    frame = pd.DataFrame([_row(e) for e in events], columns=COLUMNS)
    frame["time"] = pd.to_datetime(frame["time"], unit="s", utc=True)
    return frame


def _segments(events: Sequence[DesktopEvent]) -> dict[str, list[tuple[float, float, str]]]:
    """Per lane (agent, interaction N): (start, end, state) spans."""
    lanes: dict[str, list[tuple[float, str]]] = {}
    for e in events:
        if e.family == "agent" and e.event_type == "STATE_CHANGED":
            lanes.setdefault("agent", []).append((e.time, e.data.get("mediaState", "?")))
        item = e.data.get("interaction")
        if e.family == "interaction" and item:
            lane = f"#{item['interactionId']} {item.get('callType') or item.get('media', '')}".strip()
            state = "REMOVED" if e.event_type == "REMOVED" else item["state"]
            lanes.setdefault(lane, []).append((e.time, state))
    end = max((e.time for e in events), default=0.0) + 0.5
    spans: dict[str, list[tuple[float, float, str]]] = {}
    for lane, points in lanes.items():
        spans[lane] = [
            (start, points[i + 1][0] if i + 1 < len(points) else end, state)
            for i, (start, state) in enumerate(points)
            if state != "REMOVED"
        ]
    return spans


def timeline(events: Sequence[DesktopEvent], ax: Any = None) -> Any:
    """A Gantt-like plot: one lane per interaction (and the agent), coloured by state."""
    plt = _import("matplotlib.pyplot", "timeline()")

    spans = _segments(events)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.5 + 0.45 * max(len(spans), 1)))
    start = min((e.time for e in events), default=0.0)
    for row, segments in enumerate(spans.values()):
        for begin, end, state in segments:
            ax.barh(row, end - begin, left=begin - start, color=STATE_COLOURS.get(state, "#d0d7de"), edgecolor="white")
            ax.text(begin - start + 0.02, row, state, va="center", fontsize=7, color="white", clip_on=True)
    ax.set_yticks(range(len(spans)), list(spans))
    ax.invert_yaxis()
    ax.set_xlabel("seconds")
    ax.set_title("Desktop timeline")
    return ax
