"""A view's replica in Python, with the rules of ``js/replica.js``: what the browser holds after a
snapshot and the ops that followed it, and how it looks a path up. Values arrive through JSON, as
over the comm, so nothing is shared with the Python :class:`~scapi_widget.sync.replica.Replica`."""

from __future__ import annotations

import json
from typing import Any


def over_the_wire(value: Any) -> Any:
    """``value`` as the browser gets it (strict JSON, key order kept)."""
    return json.loads(json.dumps(value, allow_nan=False))


MISSING: Any = object()
"""What a lookup that finds nothing returns (JS: undefined; ``None`` is JSON null)."""


class ReplicaView:
    """Parts by name; a map part (named in the snapshot's ``maps``) is an ordered dict, like a JS Map."""

    def __init__(self, snapshot: dict[str, Any]) -> None:
        snapshot = over_the_wire(snapshot)
        self.maps = set(snapshot["maps"])
        self.seq: int = snapshot["seq"]
        self.parts = {name: self._from_wire(name, value) for name, value in snapshot["parts"].items()}

    def _from_wire(self, name: str, value: Any) -> Any:
        if name in self.maps and isinstance(value, list):
            return {key: item for key, item in value}  # pairs -> an ordered map (a later duplicate wins, as in a Map)
        return value

    def apply(self, seq: int, ops: list[Any]) -> bool:
        """One batch numbered ``seq``; False for a gap (the view would ask for a snapshot)."""
        if seq <= self.seq:
            return True
        if seq != self.seq + 1:
            return False
        for op in over_the_wire(ops):
            path = op[0]
            if len(op) == 1:
                if len(path) == 1:
                    self.parts.pop(path[0], None)
                else:
                    self._holder(path).pop(path[-1], None)
            elif len(path) == 1:
                self.parts[path[0]] = self._from_wire(path[0], op[1])
            else:
                self._holder(path)[path[-1]] = op[1]  # an existing key keeps its place, a new one goes last
        self.seq = seq
        return True

    def _holder(self, path: list[Any]) -> Any:
        """The map or object holding the last key of ``path``."""
        node = self.parts[path[0]]
        for key in path[1:-1]:
            node = node[key]
        return node

    def lookup(self, path: list[str], params: list[str]) -> Any:
        """``js/replica.js`` ``lookup``: ``"{0}"`` is ``params[0]``, ``"*"`` the values of a map, in
        order; :data:`MISSING` when anything along the way is missing (JS: undefined)."""
        node = self.parts.get(path[0], MISSING)
        for segment in path[1:]:
            if segment == "*":
                node = list(node.values()) if isinstance(node, dict) else MISSING
                continue
            key = params[0] if segment == "{0}" else segment
            node = node.get(key, MISSING) if isinstance(node, dict) else MISSING
        return node


def same(a: Any, b: Any) -> bool:
    """Equal as JSON text: the same types (``1`` is not ``true``) and the same key order."""
    return json.dumps(a) == json.dumps(b)


def view_replica(items: list[dict[str, Any]], view: str) -> ReplicaView:
    """What ``view`` holds after the outbox items it got: its last snapshot, then the ops after it."""
    start = max(i for i, item in enumerate(items) if item.get("view") == view and "snapshot" in item)
    replica = ReplicaView(items[start]["snapshot"])
    for item in items[start + 1 :]:
        if "ops" in item:
            assert replica.apply(item["seq"], item["ops"]), "a gap in the ops"
    return replica
