"""JSON values as Python types: what SCAPI requests take and answer, without ``Any``.

``JsonValue`` is recursive (an object's values are JSON values again), so mypy checks a value
all the way down; ``JsonObject`` is a JSON object (``dict`` with string keys).
:func:`json_value` checks that a value really is one before code relies on these types.
"""

from __future__ import annotations

from typing import TypeAlias, TypeGuard

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
"""Any JSON value: a string, number, boolean, null, array or object of JSON values."""
JsonObject: TypeAlias = dict[str, JsonValue]
"""A JSON object."""


def is_json(value: object) -> TypeGuard[JsonValue]:
    """Whether ``value`` is made of JSON types only (``dict`` with string keys, ``list``, scalars).

    Iterative, so a deeply nested value cannot raise :class:`RecursionError`.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                return False
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif item is not None and not isinstance(item, (str, int, float, bool)):
            return False
    return True
