"""Exceptions raised by the simulated desktop and its service."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_ERROR_MESSAGE = 1000
"""Characters of an error message; longer ones are cut (they may quote what an app sent)."""


def shorten(message: str) -> str:
    """``message`` cut to :data:`MAX_ERROR_MESSAGE` characters."""
    return message if len(message) <= MAX_ERROR_MESSAGE else message[: MAX_ERROR_MESSAGE - 1] + "…"


HINTED_NAME_LENGTH = 80
"""Names longer than this get no hint: the comparison's cost grows with the square of a name's length,
and what an app sends may be long on purpose."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)``, naming the choice a mistyped ``name`` most likely meant (a near
    spelling, whatever its case: a letter, ``ringing`` for ``RINGING``, ``userData`` for ``user_data``),
    or ``""``."""
    if len(name) > HINTED_NAME_LENGTH:
        return ""
    by_folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=0.75)
    return f" (did you mean {by_folded[close[0]]!r}?)" if close else ""


class ScapiError(Exception):
    """A request failed; ``error_message`` is what an app receives as ``errorMessage`` (at most
    :data:`MAX_ERROR_MESSAGE` characters)."""

    def __init__(self, error_message: str) -> None:
        error_message = shorten(error_message)
        super().__init__(error_message)
        self.error_message = error_message


class InvalidActionError(ScapiError):
    """The action is not valid in the desktop's current state (nothing changed)."""


class UnknownInteractionError(ScapiError):
    """No interaction has the given id."""


class InvalidParameterError(ScapiError, TypeError):
    """A request parameter has the wrong count, type or value."""


class UnknownRequestError(ScapiError):
    """The request name is not part of the Service Client API."""


class NotAllowedError(ScapiError):
    """The caller's origin or display mode does not allow the request."""
