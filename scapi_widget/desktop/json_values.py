"""Copies of JSON-shaped values (what the desktop hands out must not alias its own state)."""

from __future__ import annotations

from typing import Any

SCALARS = frozenset({str, int, float, bool, type(None)})
"""The classes of JSON's scalars, whose values are immutable: shared, not copied (tested by class: the hot path)."""


def copy_json(value: Any) -> Any:
    """A deep copy of dicts, lists and tuples; scalars are immutable and shared.

    Several times faster than :func:`copy.deepcopy`, which matters because every event and
    every mirrored interaction is copied: plain dicts and lists of plain scalars (most values)
    are copied without a call per scalar.
    """
    kind = value.__class__
    if kind is dict:
        return {key: item if item.__class__ in SCALARS else copy_json(item) for key, item in value.items()}
    if kind is list:
        return [item if item.__class__ in SCALARS else copy_json(item) for item in value]
    if kind in SCALARS:
        return value
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    if isinstance(value, tuple):
        return tuple(copy_json(item) for item in value)
    return value
