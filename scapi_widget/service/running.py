"""Running SCAPI requests: the service every desktop answers with (:data:`SERVICE`, built from the
namespaces' handler tables), and the two ways a request runs: as the notebook
(:func:`notebook_call`) and as a hosted app's frame (:func:`run_app_request`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..desktop.model import REFUSED_REQUEST, REQUEST, AgentDesktop
from ..wire.protocol import NO_DATA
from ..wire.values import check_wire_value
from .core import NOTEBOOK, Caller, Service
from .handlers import TABLES


def build_service() -> Service:
    """The service of every current request of the table, one handler each, from :data:`~.handlers.TABLES`."""
    return Service(TABLES)


SERVICE = build_service()


def notebook_call(desktop: AgentDesktop, name: str, *parameters: Any) -> Any:
    """Run the SCAPI request ``name`` as the notebook (full access) and return its ``data``
    (None for a request without data).

    The parameters get the check apps' messages get; a refusal raises the
    :class:`~scapi_widget.errors.ScapiError` whose message an app would get as ``errorMessage``,
    after delivering any event that reports it (as for an app's request). An outer call (not
    from inside a desktop action) is recorded as a request of the notebook (no frame): a
    :data:`~scapi_widget.desktop.model.REQUEST` when it succeeds, a
    :data:`~scapi_widget.desktop.model.REFUSED_REQUEST` when it was refused in a way apps were told
    of (an event), so that a replay tells them again.
    """
    check_wire_value(list(parameters), f"{name} parameters")
    result = desktop.run_outer(
        lambda: SERVICE.execute(desktop, NOTEBOOK, name, list(parameters)),
        (REQUEST, REFUSED_REQUEST),
        name,
        parameters,
        {},
    )
    return None if result is NO_DATA else result


def run_app_request(
    desktop: AgentDesktop, caller: Caller, name: str, parameters: Sequence[Any], service: Service = SERVICE
) -> Any:
    """Run one SCAPI request as the hosted frame ``caller`` describes (origin, display mode, frame id)
    and report it to the desktop's recorders with that frame, so a replay makes it as the same frame.

    The one path of an app's request, live (:class:`~.bridge.AppBridge`) and replayed
    (:mod:`scapi_widget.notebook.scenario`). Returns the answer's data
    (:data:`~scapi_widget.wire.protocol.NO_DATA` for a void request); raises
    :class:`~scapi_widget.errors.ScapiError`, after delivering the events a refusal reports
    (MARKDONE_BLOCKED). A refusal that reported nothing changed nothing and is not recorded; one that
    did is recorded as a :data:`~scapi_widget.desktop.model.REFUSED_REQUEST`, so that a replay tells
    the apps again.
    """
    return desktop.run_outer(
        lambda: service.execute(desktop, caller, name, list(parameters)),
        (REQUEST, REFUSED_REQUEST),
        name,
        tuple(parameters),
        {},
        frame_id=caller.frame_id,
    )
