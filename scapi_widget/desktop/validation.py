"""Argument checks shared by the desktop model's verbs."""

from __future__ import annotations

from typing import Any

from ..errors import InvalidParameterError


def require_str(value: Any, what: str) -> str:
    """``value`` if it is a non-empty string, else :class:`InvalidParameterError` naming ``what``."""
    if not isinstance(value, str) or not value:
        raise InvalidParameterError(f"{what} must be a non-empty string, got {value!r}")
    return value
