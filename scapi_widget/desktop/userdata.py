"""Attached (user) data: validation and the read/write-allowed key filters."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import InvalidParameterError, NotAllowedError

MAX_DEPTH = 8


def _check_value(key: str, value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise InvalidParameterError(f"user data value of {key!r} is nested too deeply")
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidParameterError(f"user data value of {key!r} must be a finite number")
        return
    if isinstance(value, list):
        for item in value:
            _check_value(key, item, depth + 1)
        return
    if isinstance(value, dict):
        for k, item in value.items():
            if not isinstance(k, str):
                raise InvalidParameterError(f"user data value of {key!r} has a non-string key {k!r}")
            _check_value(key, item, depth + 1)
        return
    raise InvalidParameterError(
        f"user data value of {key!r} must be a string, number, boolean, list or object, got {type(value).__name__}"
    )


def check_key_values(key_values: Any, what: str = "user data") -> dict[str, Any]:
    """A validated copy of a key/value object, or :class:`InvalidParameterError`."""
    if not isinstance(key_values, Mapping):
        raise InvalidParameterError(f"{what} must be an object of key/value pairs, got {type(key_values).__name__}")
    result: dict[str, Any] = {}
    for key, value in key_values.items():
        if not isinstance(key, str) or not key:
            raise InvalidParameterError(f"{what} keys must be non-empty strings, got {key!r}")
        _check_value(key, value)
        result[key] = value
    return result


class KeyFilter:
    """A key list such as ``service-client-api.user-data.write-allowed``: ``"*"`` or named keys."""

    def __init__(self, keys: str | Iterable[str] = "*") -> None:
        if isinstance(keys, str):
            parts = [k.strip() for k in keys.split(",") if k.strip()]
        else:
            parts = [str(k) for k in keys]
        self.everything = "*" in parts
        self.keys = frozenset(parts)

    def allows(self, key: str) -> bool:
        return self.everything or key in self.keys

    def check_write(self, keys: Iterable[str]) -> None:
        """:class:`NotAllowedError` naming the first key that may not be written."""
        for key in keys:
            if not self.allows(key):
                allowed = ", ".join(sorted(self.keys)) or "none"
                raise NotAllowedError(f"user data key {key!r} may not be written (write-allowed keys: {allowed})")

    def filter(self, user_data: Mapping[str, Any]) -> dict[str, Any]:
        if self.everything:
            return dict(user_data)
        return {k: v for k, v in user_data.items() if k in self.keys}

    def __repr__(self) -> str:
        return "KeyFilter('*')" if self.everything else f"KeyFilter({sorted(self.keys)!r})"
