"""The reads the front end answers for the apps, from what Python publishes in the replica.

A pure read (``agent.get``, ``interaction.getByInteractionId``, …) needs no round trip through the
kernel: Python publishes its answers, computed by the request's own handler, and, per frame,
which of them that frame may ask and where in the replica each answer is (a *path*). The front
end answers a frame's read by looking the path up, only when:

* the message has the simple shape :data:`~scapi_widget.wire.protocol.SIMPLE_REQUEST` (published in
  :data:`PROTOCOL`; anything else goes to Python), with as many parameters as the read's path takes,
* it comes from the frame's current document, from the origin Python expects for it, and
* the frame has no other message of its own in flight to Python (read-your-writes).

A publication that takes a read away from a frame (:func:`narrowed`: ``set_accepted_origins``
revoking its origin, a reload, a left page) goes to the views ahead of flow control, so no read
is answered in the browser after Python revoked it and the views heard.

A path is a list of keys from the replica's root; ``"{0}"`` stands for the request's one string
parameter, ``"*"`` for the values of a map, in order. A lookup that finds nothing goes to Python.
Answers are byte-identical to Python's (tests/test_local_reads*.py compare both paths).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..desktop.model import AgentDesktop
from ..desktop.plumbing import StatePart
from ..wire import protocol
from ..wire.values import MAX_CHARACTERS
from .core import NOTEBOOK, Caller
from .running import SERVICE

SHARED = (
    "agent.get",
    "agent.getState",
    "agent.getStateList",
    "sipEndpoint.isMicrophoneMute",
    "sipEndpoint.isSpeakerMute",
    "system.isFrameLeading",
    "system.isFrameFollowing",
    "system.isFrameNegotiating",
)
"""Reads without parameters whose answer is the same for every frame: published in ``answers``."""

PER_FRAME = ("system.getAllowedServices", "system.amIVisible")
"""Reads without parameters answered per frame: published in the frame's ``reads`` entry."""

KEYED = {"media.getMediaByName": "media_by_name", "interaction.getByInteractionId": "app_interactions"}
"""Reads of one string parameter: request -> the map part holding an answer per parameter value
(every media name, every interaction id)."""

LISTED = {
    "interaction.getInteractions": "interaction.getByInteractionId",
    "media.getMediaList": "media.getMediaByName",
}
"""Reads answered by the values of another read's map, in order (so the views hold each answer once)."""

LOCAL_READS = (*SHARED, *PER_FRAME, *KEYED, *LISTED)

PROTOCOL: dict[str, Any] = {
    "shape": protocol.SIMPLE_REQUEST,
    "maxChars": MAX_CHARACTERS,
    "noEffect": ["subscribe", "unsubscribe"],
    "answer": protocol.success("", None),
}
"""What the front end needs to answer a read: the ``shape`` a message must have, how many characters
(strings and keys together) it may hold at most (``maxChars``), and ``answer``, the success envelope
(its ``referenceId`` and ``data`` filled in). Messages whose ``event`` is in ``noEffect`` do not
count as in flight."""


def _answer(desk: AgentDesktop, name: str, caller: Caller, *args: Any) -> Any:
    return SERVICE.specs[name].handler(desk, caller, *args)


def app_interactions_part(desk: AgentDesktop) -> str:
    """The part holding the interactions as apps read them: the desktop's own ``interactions``
    when apps may read every user data key (the same values), else ``app_interactions``."""
    return "interactions" if desk.read_allowed.everything else "app_interactions"


SHARED_SOURCES: frozenset[StatePart] = frozenset({"agent", "media", "sip", "workspace", "system", "security", "frames"})
"""The desktop's parts whose change may change a shared answer (``answers``, ``media_by_name``)."""
INTERACTION_SOURCES: frozenset[StatePart] = frozenset({"interactions", "security"})
"""... the interactions as apps read them."""
FRAME_SOURCES: frozenset[StatePart] = frozenset({"frames", "security", "workspace"})
"""... a frame's ``reads`` entry."""


def shared_parts(desk: AgentDesktop, changed: frozenset[StatePart]) -> dict[str, Any]:
    """The answers every frame shares that the ``changed`` parts of the desktop may have changed (the
    interactions as apps read them only when they are not the desktop's own ``interactions`` part)."""
    parts: dict[str, Any] = {}
    if changed & SHARED_SOURCES:
        parts["answers"] = {name: _answer(desk, name, NOTEBOOK) for name in SHARED}
        parts["media_by_name"] = {m: _answer(desk, "media.getMediaByName", NOTEBOOK, m) for m in desk.media}
    if changed & INTERACTION_SOURCES and app_interactions_part(desk) == "app_interactions":
        parts["app_interactions"] = {i: app_interaction(desk, i) for i in desk.interactions}
    return parts


def app_interaction(desk: AgentDesktop, interaction_id: str) -> Any:
    """An interaction as apps read it (``interaction.getByInteractionId``): an entry of ``app_interactions``."""
    return _answer(desk, "interaction.getByInteractionId", NOTEBOOK, interaction_id)


def frame_reads(desk: AgentDesktop) -> dict[str, Any]:
    """Per frame (by its frameId, as a string): where its document's messages come from and what
    it may read. A frame is left out while no read of it could be answered from the replica."""
    access: dict[str, Any] = {}
    paths = _paths(desk)
    for frame in desk.frames.frames.values():
        if frame.left_page or (frame.mode == "popup" and not frame.loaded):
            continue  # a popup's first message says it loaded: Python must see it
        if not desk.policy.accepts(frame.origin):
            continue
        caller = Caller(frame.origin, frame.mode, frame.frame_id)
        reads = {
            name: paths[name] if name in paths else ["reads", str(frame.frame_id), "answers", name]
            for name in LOCAL_READS
            if desk.policy.allows(frame.origin, name, frame.mode)
        }
        if not reads:
            continue
        access[str(frame.frame_id)] = {
            "origin": frame.message_origin,
            "epoch": frame.epoch,
            "maxLoads": frame.max_loads,
            "reads": reads,
            "answers": {name: _answer(desk, name, caller) for name in PER_FRAME if name in reads},
        }
    return access


def narrowed(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> bool:
    """Does ``after`` (a new :func:`frame_reads`) take from some frame a read ``before`` gave it: the
    frame left out, its expected origin or document changed, a read gone or answered elsewhere?
    Such a publication is a revocation: the views must apply it before answering anything more."""
    for frame, access in (before or {}).items():
        now = after.get(frame)
        if now is None or any(now[key] != access[key] for key in ("origin", "epoch", "maxLoads")):
            return True
        if any(now["reads"].get(name) != path for name, path in access["reads"].items()):
            return True
    return False


def _paths(desk: AgentDesktop) -> dict[str, list[str]]:
    interactions = app_interactions_part(desk)
    paths = {name: ["answers", name] for name in SHARED}
    for name, part in KEYED.items():
        paths[name] = [interactions if part == "app_interactions" else part, "{0}"]
    for name, source in LISTED.items():
        paths[name] = [paths[source][0], "*"]
    return paths
