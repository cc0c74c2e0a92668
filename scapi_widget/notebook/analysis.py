"""Looking back at a session: the event log as a pandas DataFrame, and a timeline plot of
interaction states and agent states (matplotlib). Both libraries are imported on use; they come
with the package's ``lab`` extra.

One desktop's events give :data:`COLUMNS`; a contact centre's, each with the name of the agent
whose desktop it happened on (``agents``), give an ``agent`` column too and a lane per agent."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from ..desktop.events import DesktopEvent
from ..json_types import JsonObject, JsonValue

COLUMNS = ["seq", "time", "family", "eventType", "interactionId", "media", "state", "previousState", "detail"]
AGENT_COLUMN = "agent"  # with ``agents``: after ``time``
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
    data = event.data  # (a copy: the row is handed out)
    item = _object(data.get("interaction"))
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


def _object(value: JsonValue) -> JsonObject:
    """An event's nested object (its ``interaction``), or an empty one when it has none."""
    return value if isinstance(value, dict) else {}


def _checked_agents(events: Sequence[DesktopEvent], agents: Sequence[str] | None) -> Sequence[str] | None:
    if agents is not None and (isinstance(agents, str) or len(agents) != len(events)):
        raise ValueError(f"agents names the agent of each event: {len(events)} name(s) needed")
    return agents


def columns(agents: bool) -> list[str]:
    """The frame's columns: :data:`COLUMNS`, with ``agent`` after ``time`` when events name their agent."""
    return [*COLUMNS[:2], AGENT_COLUMN, *COLUMNS[2:]] if agents else list(COLUMNS)


def events_frame(events: Sequence[DesktopEvent], agents: Sequence[str] | None = None) -> Any:
    """One row per event; ``time`` as a pandas Timestamp (UTC). ``agents[i]``: the agent whose
    desktop ``events[i]`` happened on (a contact centre's log), shown in an ``agent`` column."""
    agents = _checked_agents(events, agents)
    pd = _import("pandas", "events_frame()")

    rows = [_row(e) for e in events]
    if agents is not None:
        for row, agent in zip(rows, agents, strict=True):
            row[AGENT_COLUMN] = agent
    frame = pd.DataFrame(rows, columns=columns(agents is not None))
    frame["time"] = pd.to_datetime(frame["time"], unit="s", utc=True)
    return frame


Spans = dict[str, list[tuple[float, float, str]]]


def _segments(events: Sequence[DesktopEvent], agents: Sequence[str] | None = None) -> Spans:
    """Per lane (agent, interaction N; each prefixed with its agent's name when ``agents`` names them):
    (start, end, state) spans."""
    lanes: dict[str, list[tuple[float, str]]] = {}
    for index, e in enumerate(events):
        who = "" if agents is None else f"{agents[index]} "
        if e.family == "agent" and e.event_type == "STATE_CHANGED":
            state = str(e.payload.get("mediaState", "?"))
            lanes.setdefault(f"{who}agent" if who else "agent", []).append((e.time, state))
        item = _object(e.payload.get("interaction"))
        if e.family == "interaction" and item:
            lane = f"{who}#{item['interactionId']} {item.get('callType') or item.get('media', '')}".strip()
            state = "REMOVED" if e.event_type == "REMOVED" else str(item["state"])
            lanes.setdefault(lane, []).append((e.time, state))
    end = max((e.time for e in events), default=0.0) + 0.5
    spans: Spans = {}
    for lane, points in lanes.items():
        spans[lane] = [
            (start, points[i + 1][0] if i + 1 < len(points) else end, state)
            for i, (start, state) in enumerate(points)
            if state != "REMOVED"
        ]
    return spans


def timeline(events: Sequence[DesktopEvent], ax: Any = None, agents: Sequence[str] | None = None) -> Any:
    """A Gantt-like plot: one lane per interaction (and the agent), coloured by state; with
    ``agents`` (the agent of each event), each agent's lanes, named after the agent."""
    agents = _checked_agents(events, agents)
    plt = _import("matplotlib.pyplot", "timeline()")

    spans = _segments(events, agents)
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
    ax.set_title("Desktop timeline" if agents is None else "Contact centre timeline")
    return ax
