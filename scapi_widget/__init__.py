"""scapi-widget: Genesys Agent Desktop, simulated inside Jupyter.

``from scapi_widget import Desktop, App, Scenario, AgentDesktop`` (and, for several agents,
``ContactCentre`` and ``side_by_side``). They are imported lazily, on first use, so that the
pure-Python layers (``scapi_widget.wire``, ``desktop``, ``centre``, ``service``) work without
Jupyter. The folders are the layers; README's "Development" section says what each holds.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    InvalidActionError,
    InvalidParameterError,
    NotAllowedError,
    ScapiError,
    UnknownInteractionError,
    UnknownRequestError,
)
from .version import __version__

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .desktop import AgentDesktop
    from .desktop.events import UnknownEventWarning
    from .desktop.model import ListenerWarning
    from .notebook.centre_view import side_by_side
    from .notebook.dashboards import DashboardError, when_finished
    from .notebook.scenario import Scenario
    from .notebook.widget import Desktop
    from .notebook.widget_config import AppsCutOffWarning
    from .serving.apps import App
    from .sync.link import FrontEndWarning
    from .sync.mirror import SyncWarning

# public name -> the module that defines it (imported on first use)
_LAZY = {
    "Desktop": ".notebook.widget",
    "App": ".serving.apps",
    "Scenario": ".notebook.scenario",
    "AgentDesktop": ".desktop",
    "ContactCentre": ".centre",
    "side_by_side": ".notebook.centre_view",
    # notebooks shown as dashboards (Voilà): check the story when it ends; what cannot work there
    "when_finished": ".notebook.dashboards",
    "DashboardError": ".notebook.dashboards",
    # the warnings the desktop shows (filter them with the warnings module)
    "AppsCutOffWarning": ".notebook.widget_config",
    "FrontEndWarning": ".sync.link",
    "ListenerWarning": ".desktop.model",
    "SyncWarning": ".sync.mirror",
    "UnknownEventWarning": ".desktop.events",
}

__all__ = [
    "AgentDesktop",
    "App",
    "AppsCutOffWarning",
    "ContactCentre",
    "DashboardError",
    "Desktop",
    "FrontEndWarning",
    "InvalidActionError",
    "InvalidParameterError",
    "ListenerWarning",
    "NotAllowedError",
    "ScapiError",
    "Scenario",
    "SyncWarning",
    "UnknownEventWarning",
    "UnknownInteractionError",
    "UnknownRequestError",
    "__version__",
    "side_by_side",
    "when_finished",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'scapi_widget' has no attribute {name!r}")
