"""What a page's renderers' main threads were busy with while something ran, from a Chromium trace.

:func:`traced` runs a function with tracing on and returns its result and a :class:`Busy`: the time
the renderers' main threads spent in tasks, split by what they did (:data:`PARTS`): posting messages
(a ``postMessage`` serializing and sending), a frame receiving them (its ``message`` listeners
included), other scripts (event handlers, microtasks), drawing (style, layout, paint, animation
frames), garbage collection, and the rest (the browser's own work, and a script DevTools runs, as a
benchmark's ``page.evaluate``). Tracing slows the page: a traced take's rate is not the untraced one's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink"]
PARTS = {
    "posting": "postMessage: serializing and sending",
    "receiving": "a frame receiving posted messages",
    "scripts": "other scripts (handlers, microtasks)",
    "drawing": "style, layout, paint, animation frames",
    "gc": "garbage collection",
    "rest": "the browser's own work (and scripts DevTools runs)",
}
"""The parts of :class:`Busy`, with what each says."""
_ALWAYS_OWN = ("gc", "posting")
"""Parts an event takes for itself wherever it is (inside a script, say); the others go with the outermost."""
_SCRIPT_NAMES = ("FunctionCall", "EvaluateScript", "EventDispatch", "TimerFire", "RunMicrotasks")
_DRAWING_WORDS = ("Lifecycle", "Paint", "Layout", "Style", "Animate", "BeginMainFrame", "Commit", "Layerize")


def part_of(name: str) -> str:
    """Which part of :data:`PARTS` a trace event's own name says (``rest``: it says none)."""
    if "GC" in name:
        return "gc"
    if name == "DOMWindow::DoPostMessage":
        return "posting"
    if name == "HandlePostMessage":
        return "receiving"
    if name.startswith(("v8.", "V8.Execute", "BlinkScheduler_PerformMicrotaskCheckpoint")) or name in _SCRIPT_NAMES:
        return "scripts"
    if any(word in name for word in _DRAWING_WORDS):
        return "drawing"
    return "rest"


@dataclass
class Busy:
    """Milliseconds the renderers' main threads spent in tasks (:attr:`total`), by part (:data:`PARTS`)."""

    total: float = 0.0
    parts: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PARTS, 0.0))


def busy(events: Iterable[dict[str, Any]]) -> Busy:
    """The :class:`Busy` of a trace's events (complete events on renderer main threads). A moment of a
    task belongs to the outermost event around it that says a part (a frame receiving a post, with its
    listeners; a script; drawing), except that posting a message and garbage collection are always
    their own; else to ``rest``."""
    events = list(events)
    main_threads = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    spans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for e in events:
        if e.get("ph") == "X" and "dur" in e and (e.get("pid"), e.get("tid")) in main_threads:
            spans.setdefault((e["pid"], e["tid"]), []).append(e)
    micros = dict.fromkeys(PARTS, 0.0)
    total = 0.0
    for thread_spans in spans.values():
        thread_spans.sort(key=lambda e: (e["ts"], -e["dur"]))
        enclosing: list[tuple[float, str]] = []  # (end, part) of each event around the current one
        for e in thread_spans:
            while enclosing and enclosing[-1][0] <= e["ts"]:
                enclosing.pop()
            end = e["ts"] + e["dur"]
            own = part_of(e["name"])
            if not enclosing:
                total += e["dur"]
                part = own
            else:
                parent_end, parent_part = enclosing[-1]
                end = min(end, parent_end)  # cut at the parent's end
                part = own if own in _ALWAYS_OWN or parent_part == "rest" else parent_part
                micros[parent_part] -= end - e["ts"]  # the parent's time, less this event's
            micros[part] += end - e["ts"]
            enclosing.append((end, part))
    return Busy(total / 1000, {name: value / 1000 for name, value in micros.items()})


def traced(browser: Any, page: Any, run: Callable[[], T]) -> tuple[T, Busy]:
    """``run()`` with the browser tracing ``page``; its result and what the renderers were busy with."""
    browser.start_tracing(page=page, categories=CATEGORIES)
    try:
        result = run()
    finally:
        trace = json.loads(browser.stop_tracing())
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    return result, busy(events)
