"""The items the views get from the outbox: how one transaction's posts travel, how an item is
encoded (and read back), and what of an item is left when part of it cannot be encoded."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..service.bridge import Post
from .replica import same


def posts_item(
    posts: list[Post],
    part: str = "",
    entries: Mapping[str, Any] | None = None,
    known: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``messages`` (each once) and ``posts`` (``[frameId, index]``) for a list of posts.

    An event whose ``data.interaction`` is exactly the entry the replica's map ``part`` holds for
    that interaction now (``entries``: the interactions as apps read them) travels without it:
    ``fills`` lists ``[index, part, interactionId]`` and the view puts the entry in before posting
    (the item's ops have brought its replica to the same state). So a change beside megabytes of
    user data costs the wire the change, even for the apps subscribed to it. ``known``: objects
    known to equal the entries (by interaction id): an event carrying one of those very objects
    is not compared.
    """
    messages: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    pairs = []
    fills: list[list[Any]] = []
    for post in posts:
        key = id(post.message)
        if key not in index:
            index[key] = len(messages)
            message, fill = _without_entry(post.message, entries, known)
            if fill is not None:
                fills.append([len(messages), part, fill])
            messages.append(message)
        pairs.append([post.frame_id, index[key]])
    item: dict[str, Any] = {"messages": messages, "posts": pairs}
    if fills:
        item["fills"] = fills
    return item


def _without_entry(
    message: dict[str, Any], entries: Mapping[str, Any] | None, known: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], str | None]:
    """``message`` with ``data.interaction`` emptied (``None`` kept in its place) and the interaction's
    id, when ``entries`` holds that very value for it (``known`` says so, or they compare equal);
    else ``message`` and None."""
    data = message.get("data")
    interaction = data.get("interaction") if isinstance(data, dict) else None
    key = interaction.get("interactionId") if isinstance(interaction, dict) else None
    if entries is None or not isinstance(key, str) or key not in entries:
        return message, None
    if (known is None or known.get(key) is not interaction) and not same(entries[key], interaction):
        return message, None
    assert isinstance(data, dict)
    return {**message, "data": {**data, "interaction": None}}, key


# Items are trees the desktop made from copies of checked values: no cycle to look for (the check
# costs a dict entry per container); a cycle, from a bug, ends in RecursionError.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), check_circular=False)
UNENCODABLE = (TypeError, ValueError, RecursionError)
"""What :func:`encode_item` raises for what a view could not read."""


def encode_item(value: Any) -> bytes:
    """An item (or any part of one) as it travels: strict JSON (no NaN or infinity, valid Unicode)
    in UTF-8. Raises one of :data:`UNENCODABLE` for what a view could not read."""
    return _ENCODER.encode(value).encode("utf-8")


def read_items(buffers: Sequence[bytes | memoryview]) -> list[dict[str, Any]]:
    """The items of an outbox message, from its buffers (as a view reads them)."""
    items: list[dict[str, Any]] = json.loads(bytes(buffers[0]))
    return items


def _encodes(value: Any) -> bool:
    """Whether ``value`` can travel (:func:`encode_item`)."""
    try:
        encode_item(value)
    except UNENCODABLE:
        return False
    return True


def encodable(item: dict[str, Any], lost: list[str]) -> dict[str, Any]:
    """``item`` without the replica ops, snapshot parts, posts and log lines the kernel cannot send
    (their names added to ``lost``)."""
    item = dict(item)
    if "ops" in item:
        kept = [op for op in item["ops"] if _encodes(op)]
        lost.extend(sorted({op[0][0] for op in item["ops"] if not _encodes(op)}))
        item["ops"] = kept
    if "snapshot" in item:
        parts = item["snapshot"]["parts"]
        lost.extend(sorted(name for name, value in parts.items() if not _encodes(value)))
        item["snapshot"] = {**item["snapshot"], "parts": {n: v for n, v in parts.items() if _encodes(v)}}
    if "messages" in item:
        good = [_encodes(m) for m in item["messages"]]
        posts = [p for p in item["posts"] if good[p[1]]]
        if len(posts) < len(item["posts"]):
            lost.append(f"{len(item['posts']) - len(posts)} of {len(item['posts'])} post(s)")
        item["messages"] = [m if ok else None for m, ok in zip(item["messages"], good, strict=True)]
        item["posts"] = posts
    if "log" in item:
        lines = [line for line in item["log"] if _encodes(line)]
        if len(lines) < len(item["log"]):
            lost.append(f"{len(item['log']) - len(lines)} of {len(item['log'])} event(s)")
        item["log"] = lines
    return item
