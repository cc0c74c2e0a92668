"""The items the views get from the outbox: how one transaction's posts travel, and what of an
item is left when part of it cannot be encoded."""

from __future__ import annotations

import json
from typing import Any

from .bridge import Post


def posts_item(posts: list[Post]) -> dict[str, Any]:
    """``messages`` (each once) and ``posts`` (``[frameId, index]``) for a list of posts."""
    messages: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    pairs = []
    for post in posts:
        key = id(post.message)
        if key not in index:
            index[key] = len(messages)
            messages.append(post.message)
        pairs.append([post.frame_id, index[key]])
    return {"messages": messages, "posts": pairs}


def _encodes(value: Any) -> bool:
    """Whether the kernel can send ``value`` (strict JSON, valid UTF-8)."""
    try:
        json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
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
