"""The SCAPI service's parts: who asks (:class:`Caller`), the handlers of requests (:class:`Handlers`,
one table per namespace in :mod:`.handlers`) and the service that runs them (:class:`Service`).

A handler is added under a name of the request table (:mod:`scapi_widget.wire.spec`), which gives
its parameters (names, types, optional flags) and whether its response carries data.
:meth:`Service.execute` looks the name up, checks that the caller may use it, checks parameter
count and types, and runs the handler against an :class:`~scapi_widget.desktop.AgentDesktop`.
Every failure is a :class:`~scapi_widget.errors.ScapiError` whose message is the app's
``errorMessage``. The service itself is built in :mod:`.running`; nothing here knows the handlers.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..desktop.model import AgentDesktop
from ..errors import InvalidParameterError, NotAllowedError, UnknownRequestError, did_you_mean
from ..wire.protocol import NO_DATA
from ..wire.spec import REQUESTS, current
from ..wire.spec import ParamDef as Param


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
            if not param.type.accepts(value):
                got = "nothing" if value is None else type(value).__name__
                raise InvalidParameterError(
                    f"{self.name}: parameter {index + 1} ({param.name}) must be {param.type.text}, got {got}"
                )
        return padded

    def _arity(self) -> str:
        required = sum(1 for p in self.params if not p.optional)
        return str(required) if required == len(self.params) else f"{required} to {len(self.params)}"

    def _signature(self) -> str:
        return ", ".join(f"{p.name}{'?' if p.optional else ''}: {p.kind}" for p in self.params) or "none"


class Handlers:
    """Handlers of some requests of the table, by request name (a namespace's: see :mod:`.handlers`).

    ``@handlers.request("agent.get")`` adds ``handler(desktop, caller, *parameters)``: the table gives
    the parameters (the handler takes one positional argument per parameter, ``None`` for a missing
    optional one) and whether the handler's result (even None, sent as null) is the response's
    ``data``; otherwise the request is void and the response has no ``data``. A name the table does
    not serve, one added twice, or a handler of the wrong arity is refused.
    """

    def __init__(self) -> None:
        self.specs: dict[str, RequestSpec] = {}

    def request(self, name: str) -> Callable[[Handler], Handler]:
        """Add the decorated function as the handler of request ``name``."""

        def add(handler: Handler) -> Handler:
            entry = REQUESTS.get(name)
            if entry is None or entry.historical:
                raise ValueError(f"request {name} is not a current request of the SCAPI table")
            if name in self.specs:
                raise ValueError(f"request {name} has a handler already")
            if handler_arity(handler) != len(entry.params):
                raise ValueError(
                    f"the handler of {name} takes {handler_arity(handler)} request parameter(s); "
                    f"the table lists {len(entry.params)}"
                )
            self.specs[name] = RequestSpec(name, entry.params, handler, entry.returns == "value")
            return handler

        return add


SERVED: tuple[str, ...] = tuple(r.name for r in current())
"""The requests the service answers: the table's current ones (:class:`Service` needs a handler for each)."""


def allowed_services(desktop: AgentDesktop, caller: Caller) -> list[str]:
    """What ``system.getAllowedServices`` answers ``caller``: the requests it may make (every one for
    the notebook)."""
    if caller.origin is None:
        return list(SERVED)
    return desktop.policy.allowed_services(caller.origin, SERVED, caller.mode)


class Service:
    """The SCAPI requests the desktop answers: one handler for each current request of the table,
    from the namespaces' :class:`Handlers` tables (a request missing or handled twice is refused)."""

    def __init__(self, tables: Iterable[Handlers]) -> None:
        self.specs: dict[str, RequestSpec] = {}
        for table in tables:
            twice = sorted(self.specs.keys() & table.specs.keys())
            if twice:
                raise ValueError(f"requests with two handlers: {', '.join(twice)}")
            self.specs.update(table.specs)
        missing = [name for name in SERVED if name not in self.specs]
        if missing:
            raise ValueError(f"requests of the table without a handler: {', '.join(missing)}")
        self.specs = {name: self.specs[name] for name in SERVED}  # in the table's order

    @property
    def names(self) -> list[str]:
        return list(self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def __iter__(self) -> Iterator[RequestSpec]:
        return iter(self.specs.values())

    def execute(self, desktop: AgentDesktop, caller: Caller, name: str, parameters: list[Any]) -> Any:
        """Run one request; returns its data (or :data:`~scapi_widget.wire.protocol.NO_DATA`)."""
        spec = self.specs.get(name)
        if spec is None:
            hint = did_you_mean(name, self.specs)
            raise UnknownRequestError(f"unknown request {name!r}: the Service Client API has no such request{hint}")
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
