"""The SCAPI wire protocol (version 2): what apps post, and the envelopes the desktop posts back.

Pure functions, no state. :func:`parse` turns one posted ``data`` object into a typed message,
a :class:`Malformed` (answerable with a failure) or ``None`` (not SCAPI traffic: ignore it,
never answer it). The builders produce exactly the envelopes Genesys's published client
library expects.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..errors import shorten
from .values import MAX_NUMBER_BITS, describe, wire_problem

log = logging.getLogger(__name__)

USER_AGENT = "WWE Server"
PROTOCOL_VERSION = 2
OLDEST_PROTOCOL_VERSION = 1
"""Clients have always sent ``protocolVersion: 2``; an older (1) client speaks a subset of 2."""
MAX_REFERENCE_ID_LENGTH = 256
"""A longer (or non-Unicode) referenceId cannot be echoed back, so its message is not answered."""
MAX_PARAMETERS = 16
MAX_EVENT_NAMES = 64
MAX_NAME_LENGTH = 256
CLIENT_USER_AGENT = "WWE Client"
"""What Genesys's client library (and ours) puts in ``userAgent``."""

ReferenceId = str | int


@dataclass(frozen=True)
class Request:
    """``{request, parameters, referenceId}``: call ``name`` with positional ``parameters``."""

    name: str
    parameters: tuple[Any, ...]
    reference_id: ReferenceId
    frame_id: Any = None


@dataclass(frozen=True)
class Subscribe:
    """``{event: "subscribe", data: names}``."""

    names: tuple[str, ...]
    reference_id: ReferenceId
    frame_id: Any = None


@dataclass(frozen=True)
class Unsubscribe:
    """``{event: "unsubscribe", data: subscriptionId}``."""

    subscription_id: str
    reference_id: ReferenceId
    frame_id: Any = None


@dataclass(frozen=True)
class Malformed:
    """SCAPI traffic that cannot be carried out; answered with ``errorMessage``."""

    reference_id: ReferenceId
    error_message: str


Message = Request | Subscribe | Unsubscribe


def _reference_id(data: dict[str, Any]) -> ReferenceId | None:
    """The id to echo back, exactly as received; ``None`` when no client could match a reply."""
    ref = data.get("referenceId")
    if isinstance(ref, bool):
        return None
    if isinstance(ref, str) and ref and len(ref) <= MAX_REFERENCE_ID_LENGTH and wire_problem(ref) is None:
        return ref
    if isinstance(ref, int) and ref != 0 and ref.bit_length() < MAX_NUMBER_BITS:
        return ref
    return None


def is_scapi_traffic(data: Any) -> bool:
    """True for what a SCAPI client posts: an object whose ``userAgent`` names WWE (not us)."""
    if not isinstance(data, dict):
        return False
    agent = data.get("userAgent")
    return isinstance(agent, str) and "WWE" in agent and agent != USER_AGENT


def parse(data: Any) -> Message | Malformed | None:
    """Classify one posted message. Never raises.

    The whole message (every field, known or not) must be a value the desktop can carry
    (:mod:`scapi_widget.wire.values`: valid Unicode, finite numbers, bounded depth and size);
    otherwise it is :class:`Malformed` and nothing of it reaches the desktop.
    """
    try:
        if not is_scapi_traffic(data):
            return None
        ref = _reference_id(data)
    except Exception:  # only an object from Python that is not plain JSON could get here
        log.exception("unreadable message ignored")
        return None
    if ref is None:
        return None  # nobody could match an answer; a client always sets one
    try:
        return _parse(data, ref)
    except Exception as exc:  # a bug of ours must still answer, and must show in the log
        log.exception("parsing a message failed unexpectedly")
        return Malformed(ref, f"internal error while reading the message: {type(exc).__name__}")


def _parse(data: dict[str, Any], ref: ReferenceId) -> Message | Malformed:
    problem = wire_problem(data, "message")
    if problem is not None:
        return Malformed(ref, f"{problem}; the message was refused")
    version = data.get("protocolVersion", PROTOCOL_VERSION)
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or not OLDEST_PROTOCOL_VERSION <= version <= PROTOCOL_VERSION
    ):
        return Malformed(
            ref,
            f"protocolVersion must be {OLDEST_PROTOCOL_VERSION} or {PROTOCOL_VERSION} "
            f"(this desktop speaks {PROTOCOL_VERSION}), got {describe(version)}",
        )
    frame_id = data.get("frameId")
    event = data.get("event")
    if event is not None:
        return _parse_event(event, data.get("data"), ref, frame_id)
    return _parse_request(data, ref, frame_id)


def _parse_event(event: Any, payload: Any, ref: ReferenceId, frame_id: Any) -> Message | Malformed:
    if event == "subscribe":
        names = [payload] if isinstance(payload, str) else payload
        if not isinstance(names, list) or not names:
            return Malformed(ref, "subscribe needs an event name or a non-empty array of event names")
        if len(names) > MAX_EVENT_NAMES:
            return Malformed(ref, f"subscribe takes at most {MAX_EVENT_NAMES} event names")
        for name in names:
            if not isinstance(name, str) or not name or len(name) > MAX_NAME_LENGTH:
                return Malformed(ref, f"subscribe: event names must be non-empty strings, got {describe(name)}")
        return Subscribe(tuple(names), ref, frame_id)
    if event == "unsubscribe":
        if isinstance(payload, bool) or not isinstance(payload, (str, int)):
            return Malformed(ref, f"unsubscribe needs a subscriptionId, got {describe(payload)}")
        return Unsubscribe(str(payload), ref, frame_id)
    return Malformed(ref, f"unknown event {describe(event)}: expected 'subscribe' or 'unsubscribe'")


def _parse_request(data: dict[str, Any], ref: ReferenceId, frame_id: Any) -> Request | Malformed:
    name = data.get("request")
    if not isinstance(name, str) or not name:
        return Malformed(ref, f"request must be a non-empty string, got {describe(name)}")
    if len(name) > MAX_NAME_LENGTH:
        return Malformed(ref, "request name is too long")
    params = data.get("parameters")
    if params is None:
        params = []  # the client omits parameters for zero-argument methods
    if not isinstance(params, list):
        return Malformed(ref, f"{name}: parameters must be an array, got {describe(params)}")
    if len(params) > MAX_PARAMETERS:
        return Malformed(ref, f"{name}: too many parameters ({len(params)})")
    return Request(name, tuple(params), ref, frame_id)


SIMPLE_REQUEST: dict[str, Any] = {
    "type": "object",
    "fields": {
        "request": {"type": "string"},
        "parameters": {"type": "array", "items": {"type": "string"}, "nullable": True},
        "referenceId": {
            "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": MAX_REFERENCE_ID_LENGTH},
                {"type": "integer", "not": 0},
            ]
        },
        "userAgent": {"type": "string", "in": [CLIENT_USER_AGENT]},
        "protocolVersion": {"type": "integer", "in": list(range(OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION + 1))},
        "frameId": {"type": "integer"},
    },
    "required": ["request", "referenceId", "userAgent"],
}
"""The shape of a request in its simplest form, as a client sends a read: these fields only, each as
:func:`parse` reads it (a referenceId it can echo, a protocol version it speaks) or narrower (string
parameters; a frameId that is an integer). A *shape* is plain data: ``type`` (``"object"``,
``"array"``, ``"string"``: well-formed Unicode, ``"integer"``: an integer JavaScript holds exactly),
``in`` (one of these values), ``not`` (any but this value), ``minLength``/``maxLength`` (of a string),
``items`` (each item's shape), ``fields`` (an object of these fields only; ``required`` ones present,
others may be absent), ``nullable`` (null too), ``anyOf`` (one of these shapes). The front end
answers a read from the replica only when the message has this shape
(:mod:`scapi_widget.service.local_reads`); it matches, it does not judge."""


def _envelope(**fields: Any) -> dict[str, Any]:
    fields["userAgent"] = USER_AGENT
    fields["protocolVersion"] = PROTOCOL_VERSION
    return fields


class _NoData:
    def __repr__(self) -> str:
        return "NO_DATA"


NO_DATA: Any = _NoData()
"""Marker for a successful request that returns nothing: the response has no ``data``."""


def success(reference_id: ReferenceId, data: Any = NO_DATA) -> dict[str, Any]:
    """A success response; ``data`` is left out for void requests."""
    if data is NO_DATA:
        return _envelope(referenceId=reference_id)
    return _envelope(referenceId=reference_id, data=data)


def failure(reference_id: ReferenceId, error_message: str) -> dict[str, Any]:
    """A failure response: the client treats any ``errorMessage`` as failure.

    Messages longer than :data:`~scapi_widget.errors.MAX_ERROR_MESSAGE` characters are cut there.
    """
    return _envelope(referenceId=reference_id, errorMessage=shorten(error_message))


def subscribed(reference_id: ReferenceId, subscription_id: str) -> dict[str, Any]:
    """The answer to a subscribe: ``subscriptionId`` at top level."""
    return _envelope(referenceId=reference_id, subscriptionId=subscription_id)


def notification(family: str, data: Any) -> dict[str, Any]:
    """An event pushed to a subscribed frame: ``{event, data}``."""
    return _envelope(event=family, data=data)


def frame_id_assignment(frame_id: int) -> dict[str, Any]:
    """Tells a frame its id; the client adds it to every later message."""
    return {"frameId": frame_id, "userAgent": USER_AGENT, "protocolVersion": PROTOCOL_VERSION}
