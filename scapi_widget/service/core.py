"""The SCAPI service: ``"namespace.method"`` → handler, with parameter and permission checks.

:data:`SERVICE` holds one :class:`RequestSpec` per request name. A handler registers under a name
of the request table (:mod:`scapi_widget.wire.spec`), which gives its parameters (names, types,
optional flags) and whether its response carries data. ``execute`` looks the name up,
checks that the caller may use it, checks parameter count and types, and runs the handler
against an :class:`~scapi_widget.desktop.AgentDesktop`. Every failure is a
:class:`~scapi_widget.errors.ScapiError` whose message is the app's ``errorMessage``.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..desktop.model import REFUSED_REQUEST, REQUEST, AgentDesktop
from ..errors import InvalidParameterError, NotAllowedError, UnknownRequestError
from ..wire.protocol import NO_DATA
from ..wire.spec import REQUESTS
from ..wire.spec import ParamDef as Param
from ..wire.values import check_wire_value

_TYPE_NAMES = {
    "string": "a string",
    "object": "an object",
    "number": "a number",
    "boolean": "a boolean",
    "string|array": "a string or an array of strings",
    "object|string": "an object or a string",
    "any": "any value",
}


def _matches(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string|array":
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if kind == "object|string":
        return isinstance(value, (dict, str))
    return kind == "any"


@dataclass(frozen=True)
class Caller:
    """Who is asking: an app frame (origin, display mode) or notebook code (``origin=None``)."""

    origin: str | None
    mode: str = "panel"
    frame_id: int | None = None

    @property
    def is_notebook(self) -> bool:
        return self.origin is None


NOTEBOOK = Caller(None)
Handler = Callable[..., Any]


def handler_arity(handler: Handler) -> int:
    """How many request parameters a handler takes: its positional parameters without a default,
    after ``(desktop, caller)``."""
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    required = [
        p
        for p in inspect.signature(handler).parameters.values()
        if p.kind in positional and p.default is inspect.Parameter.empty
    ]
    return len(required) - 2


@dataclass(frozen=True)
class RequestSpec:
    name: str
    params: tuple[Param, ...]
    handler: Handler
    returns: bool = False

    def check(self, parameters: list[Any]) -> list[Any]:
        """Parameters padded with None for missing optional ones, or InvalidParameterError."""
        if len(parameters) > len(self.params):
            raise InvalidParameterError(
                f"{self.name} takes {self._arity()} parameter(s) ({self._signature()}), got {len(parameters)}"
            )
        padded = list(parameters) + [None] * (len(self.params) - len(parameters))
        for index, (param, value) in enumerate(zip(self.params, padded, strict=True)):
            if value is None and param.optional:
                continue
            if not _matches(param.kind, value):
                got = "nothing" if value is None else type(value).__name__
                raise InvalidParameterError(
                    f"{self.name}: parameter {index + 1} ({param.name}) must be {_TYPE_NAMES[param.kind]}, got {got}"
                )
        return padded

    def _arity(self) -> str:
        required = sum(1 for p in self.params if not p.optional)
        return str(required) if required == len(self.params) else f"{required} to {len(self.params)}"

    def _signature(self) -> str:
        return ", ".join(f"{p.name}{'?' if p.optional else ''}: {p.kind}" for p in self.params) or "none"


class Service:
    """The table of SCAPI requests the desktop answers."""

    def __init__(self) -> None:
        self.specs: dict[str, RequestSpec] = {}

    def request(self, name: str) -> Callable[[Handler], Handler]:
        """Register ``handler(desktop, caller, *parameters)`` for a request of the table.

        The table gives the parameters (the handler takes one positional argument per parameter,
        ``None`` for a missing optional one) and whether the handler's result (even None, sent as
        null) is the response's ``data``; otherwise the request is void and the response has no
        ``data``. A name the table does not serve, or a handler of the wrong arity, is refused.
        """

        def register(handler: Handler) -> Handler:
            entry = REQUESTS.get(name)
            if entry is None or entry.historical:
                raise ValueError(f"request {name} is not a current request of the SCAPI table")
            if name in self.specs:
                raise ValueError(f"request {name} registered twice")
            if handler_arity(handler) != len(entry.params):
                raise ValueError(
                    f"the handler of {name} takes {handler_arity(handler)} request parameter(s); "
                    f"the table lists {len(entry.params)}"
                )
            self.specs[name] = RequestSpec(name, entry.params, handler, entry.returns == "value")
            return handler

        return register

    @property
    def names(self) -> list[str]:
        return list(self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def __iter__(self) -> Iterator[RequestSpec]:
        return iter(self.specs.values())

    def allowed_services(self, desktop: AgentDesktop, caller: Caller) -> list[str]:
        if caller.origin is None:
            return self.names
        return desktop.policy.allowed_services(caller.origin, self.names, caller.mode)

    def execute(self, desktop: AgentDesktop, caller: Caller, name: str, parameters: list[Any]) -> Any:
        """Run one request; returns its data (or :data:`~scapi_widget.wire.protocol.NO_DATA`)."""
        spec = self.specs.get(name)
        if spec is None:
            raise UnknownRequestError(f"unknown request {name!r}: the Service Client API has no such request")
        if caller.origin is not None and not desktop.policy.allows(caller.origin, name, caller.mode):
            why = (
                "an app shown as a tab may only dial"
                if caller.mode == "tab"
                else f"origin {caller.origin} may not use it"
            )
            raise NotAllowedError(f"request {name} is not allowed: {why}")
        args = spec.check(parameters)
        with desktop.transaction():
            result = spec.handler(desktop, caller, *args)
        return result if spec.returns else NO_DATA


SERVICE = Service()


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


AgentDesktop.request_runner = notebook_call  # what the model's (kept) ``call`` runs


# The handlers live in scapi_widget.service.handlers, one module per namespace; importing fills SERVICE.
from . import handlers as _handlers  # noqa: E402,F401
