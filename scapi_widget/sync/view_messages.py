"""What a view of the widget may send Python: one table of the message kinds and their fields,
and the check every message passes at the door (:func:`view_message_problem`).

A view is our own front end, but what it relays comes from hosted apps and what it sends
travels back out through the kernel's JSON encoder; so each field is checked like app traffic
(:mod:`scapi_widget.wire.values`: valid Unicode, bounded sizes) and numbers are bounded ints. A
message that fails is dropped whole, changing nothing. What an app posted (``data``, the read
``answers``) is the app's, checked where it is read, as every app message is (:mod:`scapi_widget.wire.protocol`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..desktop.frames import DocumentTag
from ..serving.app_notices import FRAME_FAILURES
from ..wire.values import wire_problem

MAX_VIEW_ID = 100
"""Characters of a view id (the front end's are UUIDs: 36)."""
MAX_TEXT = 2_048
"""Characters of a short text field: an origin, a base URL, a verb, a UI action id, an error text."""
MAX_COUNT = 2**53 - 1
"""The largest number a view counts with (JavaScript's largest safe integer): message and frame
numbers, acks, document tags."""
MAX_ARGS = 16
"""Arguments of a desktop UI action."""
MAX_ANSWERED = 1_000
"""Reads the front end reports answered in one message at most (it sends them in smaller batches)."""


def _text(value: Any, limit: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit and wire_problem(value) is None


def _count(value: Any) -> bool:
    return type(value) is int and 0 <= value <= MAX_COUNT


def _document(value: Any) -> bool:
    tag = DocumentTag.parse(value)
    return tag is not None and tag.epoch <= MAX_COUNT and tag.loads <= MAX_COUNT


@dataclass(frozen=True)
class Field:
    """A kind of field: its check and what it must be (said in a refusal)."""

    check: Callable[[Any], bool]
    meaning: str


VIEW = Field(lambda v: _text(v, MAX_VIEW_ID) and bool(v), f"a view id (text of 1 to {MAX_VIEW_ID} characters)")
COUNT = Field(_count, f"a whole number from 0 to {MAX_COUNT}")
FRAME = Field(lambda v: _count(v) and v > 0, "a frameId the desktop gave")
DOCUMENT = Field(_document, "a document tag {epoch, loads}")
TEXT = Field(_text, f"text of at most {MAX_TEXT} characters")
FLAG = Field(lambda v: type(v) is bool, "true or false")
ACTION_ID = Field(lambda v: _text(v) or _count(v), "text or a whole number")
ARGS = Field(
    lambda v: isinstance(v, list) and len(v) <= MAX_ARGS and wire_problem(v) is None,
    f"an array of at most {MAX_ARGS} values",
)
FAILURE = Field(
    lambda v: isinstance(v, str) and v in FRAME_FAILURES,
    f"why a frame could not be loaded: {', '.join(FRAME_FAILURES)}",
)
APP_DATA = Field(lambda v: True, "what a hosted app posted (checked as app traffic)")
REPORTS = Field(
    lambda v: isinstance(v, list) and len(v) <= MAX_ANSWERED,
    f"an array of at most {MAX_ANSWERED} reads (each checked as app traffic)",
)

PLAYER_COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        "toggle": "pause a playing run; play a paused one (a finished or stopped one from the start)",
        "next": "do the current step now (paused: just that one)",
        "restart": "put the desktop back where the run started and play from the first step",
        "slower": "the next slower of the player's speeds",
        "faster": "the next faster of the player's speeds",
        "speed": "play at the given speed (one of the player's speeds)",
    }
)
"""What the player bar in a view may ask of the scenario run it shows."""

PLAYER_SPEEDS = (0.25, 0.5, 1, 2, 4, 8)
"""The speeds the player bar offers."""

PLAYER_COMMAND = Field(lambda v: isinstance(v, str) and v in PLAYER_COMMANDS, f"one of {', '.join(PLAYER_COMMANDS)}")
SPEED = Field(
    lambda v: type(v) in (int, float) and v in PLAYER_SPEEDS, f"one of {', '.join(f'{s:g}' for s in PLAYER_SPEEDS)}"
)

REQUIRED, OPTIONAL = True, False


@dataclass(frozen=True)
class ViewMessageKind:
    """One kind of message a view sends: what it says, its fields (kind of field, required; other
    fields are never read, an optional one may be left out or null), and what is lost when
    handling it fails (said in the warning)."""

    meaning: str
    fields: Mapping[str, tuple[Field, bool]]
    lost: str


VIEW_MESSAGES: Mapping[str, ViewMessageKind] = MappingProxyType(
    {
        "scapi": ViewMessageKind(
            "SCAPI traffic a hosted frame posted (n: the view's message number; document: which document "
            "of the frame the view saw post it; answered: reads the view answered before it, as in 'answered'; "
            "ack: an ack it carries, as in 'ack')",
            {
                "view": (VIEW, REQUIRED),
                "n": (COUNT, OPTIONAL),
                "frameId": (FRAME, REQUIRED),
                "origin": (TEXT, REQUIRED),
                "document": (DOCUMENT, OPTIONAL),
                "data": (APP_DATA, REQUIRED),
                "answered": (REPORTS, OPTIONAL),
                "ack": (COUNT, OPTIONAL),
            },
            "the app's message (a request among them was answered with an error)",
        ),
        "answered": ViewMessageKind(
            "reads the view answered from its replica, for the request log (ack: an ack it carries, as in 'ack')",
            {"view": (VIEW, REQUIRED), "answers": (REPORTS, REQUIRED), "ack": (COUNT, OPTIONAL)},
            "request-log entries of reads answered in the browser",
        ),
        "ack": ViewMessageKind(
            "the host view received outbox message n (and every one before it)",
            {"view": (VIEW, REQUIRED), "n": (COUNT, REQUIRED)},
            "an ack (the outbox sends on after its stall time)",
        ),
        "resync": ViewMessageKind(
            "the view missed replica ops and asks for a snapshot",
            {"view": (VIEW, REQUIRED)},
            "a snapshot the view asked for",
        ),
        "frame-loaded": ViewMessageKind(
            "a frame's element fired load (answered: reads the view answered before it, as in 'answered'; "
            "ack: an ack it carries, as in 'ack')",
            {
                "view": (VIEW, REQUIRED),
                "frameId": (FRAME, REQUIRED),
                "document": (DOCUMENT, OPTIONAL),
                "answered": (REPORTS, OPTIONAL),
                "ack": (COUNT, OPTIONAL),
            },
            "a document's load (the frame's app may not connect)",
        ),
        "frame-failed": ViewMessageKind(
            "the view could not load a frame's url: its browser cannot reach it, or no load event came in time",
            {
                "view": (VIEW, REQUIRED),
                "frameId": (FRAME, REQUIRED),
                "url": (TEXT, REQUIRED),
                "reason": (FAILURE, REQUIRED),
            },
            "the notice that an app could not be loaded",
        ),
        "reload-app": ViewMessageKind(
            "the user pressed a frame's Reload app",
            {"view": (VIEW, REQUIRED), "frameId": (FRAME, REQUIRED)},
            "reloading an app",
        ),
        "action": ViewMessageKind(
            "the user pressed a desktop UI button: run verb(*args); the result goes back with the id",
            {
                "view": (VIEW, OPTIONAL),
                "id": (ACTION_ID, OPTIONAL),
                "verb": (TEXT, REQUIRED),
                "args": (ARGS, REQUIRED),
            },
            "a desktop UI action (the view was told it failed)",
        ),
        "view-ready": ViewMessageKind(
            "a view rendered, and where it runs",
            {
                "view": (VIEW, REQUIRED),
                "pageOrigin": (TEXT, OPTIONAL),
                "jupyterBaseUrl": (TEXT, OPTIONAL),
                "scapiServerExtension": (FLAG, OPTIONAL),
                "loopbackReach": (TEXT, OPTIONAL),
            },
            "a view becoming the host",
        ),
        "view-closed": ViewMessageKind("a view went away", {"view": (VIEW, REQUIRED)}, "a view closing"),
        "player": ViewMessageKind(
            "the presenter pressed a button (or a shortcut) of the scenario player bar",
            {"view": (VIEW, REQUIRED), "command": (PLAYER_COMMAND, REQUIRED), "speed": (SPEED, OPTIONAL)},
            "a command of the scenario player",
        ),
        "front-end-error": ViewMessageKind(
            "an exception in one of the view's own handlers: where, and what it said",
            {"view": (VIEW, REQUIRED), "where": (TEXT, REQUIRED), "error": (TEXT, REQUIRED)},
            "a report of an error in the browser",
        ),
    }
)
"""Every kind of message a view sends (``kind``), with its fields."""


def view_message_problem(content: Any) -> str | None:
    """Why ``content`` is not a message a view may send (None: it is one)."""
    if not isinstance(content, dict):
        return "a view message must be an object"
    kind = content.get("kind")
    spec = VIEW_MESSAGES.get(kind) if isinstance(kind, str) else None
    if spec is None:
        return "unknown kind of view message"
    for name, (field, required) in spec.fields.items():
        value = content.get(name)
        if value is None:
            if required:
                return f"a {kind!r} message needs {name!r}: {field.meaning}"
        elif not field.check(value):
            return f"a {kind!r} message's {name!r} must be {field.meaning}"
    return None
