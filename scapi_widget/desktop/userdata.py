"""Attached (user) data: validation and the read/write-allowed key filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import InvalidParameterError, NotAllowedError
from ..wire_values import check_wire_value, describe


def check_key_values(key_values: Any, what: str = "user data") -> dict[str, Any]:
    """A validated copy of a key/value object, or :class:`InvalidParameterError`.

    Keys are non-empty strings; values are JSON values the desktop can carry
    (:func:`~scapi_widget.wire_values.check_wire_value`: finite numbers, valid Unicode, bounded).
    """
    if not isinstance(key_values, Mapping):
        raise InvalidParameterError(f"{what} must be an object of key/value pairs, got {type(key_values).__name__}")
    result: dict[str, Any] = {}
    for key, value in key_values.items():
        if not isinstance(key, str) or not key:
            raise InvalidParameterError(f"{what} keys must be non-empty strings, got {describe(key)}")
        result[key] = value
    check_wire_value(result, what)
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
