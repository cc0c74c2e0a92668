"""Argument checks shared by the desktop model's verbs."""

from __future__ import annotations

from typing import Any

from ..errors import InvalidParameterError
from ..wire.values import check_wire_value, describe


def require_str(value: Any, what: str) -> str:
    """``value`` if it is a non-empty string the desktop can carry (valid Unicode, bounded size),
    else :class:`InvalidParameterError` naming ``what``."""
    if not isinstance(value, str) or not value:
        raise InvalidParameterError(f"{what} must be a non-empty string, got {describe(value)}")
    check_wire_value(value, what)
    return value
