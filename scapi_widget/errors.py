"""Exceptions raised by the simulated desktop and its service."""

from __future__ import annotations


class ScapiError(Exception):
    """A request failed; ``error_message`` is what an app receives as ``errorMessage``."""

    def __init__(self, error_message: str) -> None:
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
