"""The desktop as the front end holds it: named parts, kept in step by numbered deltas.

Python publishes the parts (plain JSON values) after every transaction; :class:`Replica` keeps
the last published value of each and turns a new publication into *ops*, the smallest changes
that make the front end's copy equal again:

* ``[path, value]`` sets, ``[path]`` deletes; a path is ``[part]``, ``[part, key]`` or
  ``[part, key, field, ...]``: the keys from the part down to the value that changed.
* *Map parts* (:data:`MAP_PARTS`: keyed collections such as the interactions) hold their entries
  in Python's order. A new key goes last (as in a ``dict``), a changed entry changes in place, and
  inside an entry, objects change key by key, at any depth: a new key is set (it goes last), a
  key that went is deleted, a changed value is changed where it is (one user data key of an
  interaction travels alone, however much user data sits beside it). Where the surviving keys
  changed order, that object is sent whole, as is an object all of whose keys changed (that is
  shorter); a list is sent whole.
  Maps travel as ``[[key, value], ...]`` pairs, because a JSON object would put integer-like keys
  ("1", "2", the interaction ids) first in the browser.
* Any other part that is an object changes the same way from the part down (``[part, key, ...]``:
  the agent's state travels without the rest of the agent); any other value is replaced whole.
* A map part published as :class:`KeysChanged` says which of its keys may differ from the last
  publication: only those are compared, so a change costs what it touched, not the whole map.
  One published as :class:`Patched` comes with its ops, made by whoever knows what changed
  (:func:`diff_value_at`: the same ops the comparison would give), and nothing is compared.

Each batch of ops carries the next sequence number; a front end that sees a gap asks for a
:meth:`Replica.snapshot`. The front end applies ops and looks values up; it computes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

MAP_PARTS = frozenset(
    {"interactions", "actions", "answers", "app_interactions", "media_by_name", "reads", "menu_views"}
)
"""Parts that are keyed collections: the front end holds each as an ordered map."""

Op = list[Any]
_ABSENT = object()


class KeysChanged(NamedTuple):
    """A map part's new ``value`` that differs from the last published one at most at ``keys``
    (changed, added or removed): every other entry is the same, in the same order, and the added
    keys come last."""

    value: Mapping[str, Any]
    keys: Collection[str]


class Patched(NamedTuple):
    """A part's new ``value`` with the ``ops`` that turn the last published value into it: exactly
    the ops :meth:`Replica.update` would find by comparing them (the caller knows what changed)."""

    value: Any
    ops: list[Op]


def wire_value(part: str, value: Any) -> Any:
    """A part's value as it travels: a map part as ``[[key, value], ...]`` pairs."""
    if part in MAP_PARTS and isinstance(value, Mapping):
        return [[key, item] for key, item in value.items()]
    return value


def same(old: Any, new: Any) -> bool:
    """Equal as the front end sees them: as JSON, where ``1`` is not ``true`` and key order counts
    (Python's ``==`` says neither)."""
    kind = old.__class__
    if kind is not new.__class__:
        return False
    if kind is dict:
        if len(old) != len(new):
            return False
        # scalars inline: this runs for every entry of every publication
        for (key, a), (new_key, b) in zip(old.items(), new.items(), strict=True):
            if key != new_key:
                return False
            if a is b:
                continue
            if a.__class__ is not b.__class__:
                return False
            if a.__class__ is dict or a.__class__ is list:
                if not same(a, b):
                    return False
            elif a != b:
                return False
        return True
    if kind is list:
        if len(old) != len(new):
            return False
        for a, b in zip(old, new, strict=True):
            if a is b:
                continue
            if a.__class__ is not b.__class__:
                return False
            if a.__class__ is dict or a.__class__ is list:
                if not same(a, b):
                    return False
            elif a != b:
                return False
        return True
    return bool(old == new)


def diff_part(part: str, old: Any, new: Any) -> list[Op]:
    """The ops that turn ``old`` into ``new`` for one part (none when equal)."""
    if part not in MAP_PARTS:
        return [] if same(old, new) else diff_value([part], old, new)
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return [] if same(old, new) else [[[part], wire_value(part, new)]]
    survivors = [key for key in old if key in new]
    if list(new)[: len(survivors)] != survivors:
        return [[[part], wire_value(part, new)]]  # an order the ops cannot express: send it whole
    ops: list[Op] = [[[part, key]] for key in old if key not in new]
    for key, value in new.items():
        if key not in old:
            ops.append([[part, key], value])
        elif not same(old[key], value):
            ops.extend(diff_value([part, key], old[key], value))
    return ops


def diff_keys(part: str, old: Mapping[str, Any], new: Mapping[str, Any], keys: Collection[str]) -> list[Op]:
    """:func:`diff_part` for a map part whose entries can differ only at ``keys`` (:class:`KeysChanged`)."""
    ops: list[Op] = [[[part, key]] for key in keys if key in old and key not in new]
    added = [key for key in keys if key in new and key not in old]
    if len(added) > 1:  # in the map's order: they are its last keys
        added = list(new)[-len(added) :]
    for key in keys:
        if key in old and key in new:
            before, after = old[key], new[key]
            if before.__class__ is dict and after.__class__ is dict:
                ops.extend(diff_value([part, key], before, after))  # compares as it goes: no ops when equal
            elif not same(before, after):
                ops.append([[part, key], after])
    ops.extend([[part, key], new[key]] for key in added)
    return ops


def diff_value(path: list[Any], old: Any, new: Any) -> list[Op]:
    """The ops that turn ``old``, a changed value at ``path`` (a part, or inside a map part's entry),
    into ``new``: key by key where both are objects whose surviving keys keep their order, else
    ``new`` whole (also when every key changed: that is shorter)."""
    if old.__class__ is not dict or new.__class__ is not dict:
        return [[path, new]]
    if list(old) != list(new):
        return _diff_keys_moved(path, old, new)
    return _diff_same_keys(path, old, new, new)  # the same keys in the same order (most changes)


def diff_value_at(path: list[Any], old: dict[str, Any], new: dict[str, Any], keys: Collection[str]) -> list[Op]:
    """:func:`diff_value` of two objects with the same keys in the same order that differ at most at
    ``keys`` (every other key holds the very same value): only those are looked at."""
    if len(keys) > 1:
        keys = [key for key in new if key in keys]  # in the object's order, as diff_value goes
    return _diff_same_keys(path, old, new, keys)


def _diff_same_keys(path: list[Any], old: dict[str, Any], new: dict[str, Any], keys: Collection[str]) -> list[Op]:
    """:func:`diff_value` of objects with the same keys in the same order, compared at ``keys`` (in that order)."""
    ops: list[Op] = []
    replaced = 0  # keys sent whole
    for key in keys:
        was, value = old[key], new[key]
        if was is value:
            continue
        if was.__class__ is value.__class__:
            if was.__class__ is dict:
                inner = diff_value([*path, key], was, value)
                replaced += len(inner) == 1 and len(inner[0][0]) == len(path) + 1
                ops.extend(inner)
                continue
            if same(was, value) if was.__class__ is list else was == value:
                continue
        replaced += 1
        ops.append([[*path, key], value])
    if replaced == len(ops) == len(new) > 1:
        return [[path, new]]  # every key sent whole: the object whole is shorter
    return ops


def _diff_keys_moved(path: list[Any], old: dict[str, Any], new: dict[str, Any]) -> list[Op]:
    """:func:`diff_value` for objects whose keys differ: keys that went are deleted, new ones set
    (last); ``new`` whole when the surviving keys changed order."""
    survivors = [key for key in old if key in new]
    if list(new)[: len(survivors)] != survivors:
        return [[path, new]]
    ops: list[Op] = [[[*path, key]] for key in old if key not in new]
    for key, value in new.items():
        if key not in old:
            ops.append([[*path, key], value])
        elif not same(old[key], value):
            ops.extend(diff_value([*path, key], old[key], value))
    return ops


class Replica:
    """Python's record of what the views hold: the last published parts and their sequence number."""

    def __init__(self) -> None:
        self.parts: dict[str, Any] = {}
        self.seq = 0

    def update(self, parts: Mapping[str, Any], remove: Collection[str] = ()) -> list[Op]:
        """Publish new values of some parts (a map part's may be :class:`KeysChanged`) and stop
        publishing others (``remove``); returns the ops, numbered by :attr:`seq` (``[]``: nothing
        changed, and the number stays)."""
        ops: list[Op] = [[[part]] for part in remove if self.parts.pop(part, _ABSENT) is not _ABSENT]
        for part, value in parts.items():
            if value.__class__ is Patched:
                ops.extend(value.ops)
                self.parts[part] = value.value
                continue
            if isinstance(value, KeysChanged):
                old = self.parts.get(part)
                if isinstance(old, Mapping):
                    ops.extend(diff_keys(part, old, value.value, value.keys))
                    self.parts[part] = value.value
                    continue
                value = value.value
            if part in self.parts:
                ops.extend(diff_part(part, self.parts[part], value))
            else:
                ops.append([[part], wire_value(part, value)])
            self.parts[part] = value
        if ops:
            self.seq += 1
        return ops

    def snapshot(self) -> dict[str, Any]:
        """Everything, for a view that has nothing (or missed a delta): ``{seq, maps, parts}``."""
        return {
            "seq": self.seq,
            "maps": sorted(MAP_PARTS),
            "parts": {part: wire_value(part, value) for part, value in self.parts.items()},
        }
