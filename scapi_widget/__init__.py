"""scapi-widget: Genesys Agent Desktop, simulated inside Jupyter.

``Desktop`` (the widget) is imported lazily so that the pure-Python parts
(``scapi_widget.desktop``, ``protocol``, ``service``, ``bridge``) work without Jupyter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    InvalidActionError,
    InvalidParameterError,
    NotAllowedError,
    ScapiError,
    UnknownInteractionError,
    UnknownRequestError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .widget import Desktop

__all__ = [
    "Desktop",
    "InvalidActionError",
    "InvalidParameterError",
    "NotAllowedError",
    "ScapiError",
    "UnknownInteractionError",
    "UnknownRequestError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name == "Desktop":
        from .widget import Desktop

        return Desktop
    raise AttributeError(f"module 'scapi_widget' has no attribute {name!r}")
