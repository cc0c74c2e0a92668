"""Python namespaces mirroring SCAPI: ``desk.voice.dial("5001")``, ``desk.interaction.set_user_data(...)``.

Generated from the service's request table, so every request an app can make is callable from
Python with the same checks, errors and events. Parameters may be passed by position or by
their snake_case names; unknown keyword arguments raise :class:`TypeError`.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Callable
from typing import Any

from .service import SERVICE, RequestSpec
from .spec import REQUESTS


def snake_case(name: str) -> str:
    """``getByInteractionId`` → ``get_by_interaction_id``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


class InteractionInfo(dict[str, Any]):
    """An ``interaction.Interaction`` (a dict, in SCAPI shape) with a readable repr."""

    def __repr__(self) -> str:
        parties = ", ".join(p.get("name", "?") for p in self.get("parties", []))
        data = {k: v for k, v in self.get("userData", {}).items() if not k.startswith("IW_")}
        kind = self.get("callType") or self.get("media", "")
        return f"<Interaction {self.get('interactionId')} {self.get('state')} {kind} with {parties or 'nobody'} {data}>"


def typed(result: Any) -> Any:
    """Interactions in results become :class:`InteractionInfo`."""
    if isinstance(result, dict) and "interactionId" in result and "state" in result:
        return InteractionInfo(result)
    if isinstance(result, list):
        return [typed(item) for item in result]
    return result


# The Python annotation of each parameter type of the table.
ANNOTATIONS: dict[str, Any] = {
    "string": str,
    "number": float,
    "boolean": bool,
    "object": dict[str, Any],
    "object|string": dict[str, Any] | str,
    "string|array": str | list[str],
    "any": Any,
}


def python_name(table_name: str) -> str:
    """A request parameter's Python name: the table's name in snake_case (``keyValues`` → ``key_values``)."""
    name = snake_case(table_name)
    return f"{name}_" if keyword.iskeyword(name) else name


def request_signature(spec: RequestSpec) -> inspect.Signature:
    """The Python signature of a request: one parameter per table parameter, in the table's order,
    optional ones defaulting to None (the service treats a null optional parameter as absent)."""
    params = [
        inspect.Parameter(
            python_name(p.name),
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=None if p.optional else inspect.Parameter.empty,
            annotation=ANNOTATIONS[p.kind] | None if p.optional else ANNOTATIONS[p.kind],
        )
        for p in spec.params
    ]
    return inspect.Signature(params, return_annotation=Any if spec.returns else None)


def _plain(signature: inspect.Signature) -> str:
    """``destination, user_data=None``: the parameters without annotations."""
    return ", ".join(
        p.name if p.default is inspect.Parameter.empty else f"{p.name}=None" for p in signature.parameters.values()
    )


def _docstring(spec: RequestSpec, signature: inspect.Signature) -> str:
    entry = REQUESTS[spec.name]
    lines = [
        entry.summary,
        "",
        f"SCAPI ``{spec.name}({_plain(signature)})``: as an app would send it; returns its data.",
    ]
    if entry.params:
        lines += ["", *(f"{n}: {p.summary}" for n, p in zip(signature.parameters, entry.params, strict=True))]
    lines += ["", f"Answers {entry.answer}." if entry.returns == "value" else "Answers nothing (None)."]
    return "\n".join(lines)


def request_method(spec: RequestSpec, call: Callable[..., Any]) -> Callable[..., Any]:
    """A Python function for one request, with its real signature and the table's reference text.

    Arguments are bound to the signature before anything is sent: too many, a missing required one,
    an unknown keyword or one given twice raise :class:`TypeError` naming the request and its
    parameters. Omitted optional parameters at the end are not sent.
    """
    signature = request_signature(spec)
    names = list(signature.parameters)
    optional = [p.optional for p in spec.params]

    def wrong(problem: str) -> TypeError:
        return TypeError(f"{spec.name}() {problem}; its parameters are: {_plain(signature) or 'none'}")

    def request(*args: Any, **kwargs: Any) -> Any:
        if len(args) > len(names):
            raise wrong(f"takes {len(names)} argument(s), got {len(args)}")
        unknown = sorted(set(kwargs) - set(names))
        if unknown:
            raise wrong(f"got unexpected keyword argument(s) {', '.join(map(repr, unknown))}")
        twice = [n for n in names[: len(args)] if n in kwargs]
        if twice:
            raise wrong(f"got {twice[0]!r} twice")
        values = list(args) + [kwargs.get(n) for n in names[len(args) :]]
        given = set(names[: len(args)]) | set(kwargs)
        missing = [n for n, opt in zip(names, optional, strict=True) if not opt and n not in given]
        if missing:
            raise wrong(f"is missing required argument(s) {', '.join(map(repr, missing))}")
        while values and values[-1] is None and optional[len(values) - 1]:
            values.pop()
        return typed(call(spec.name, *values))

    request.__name__ = request.__qualname__ = snake_case(spec.name.split(".", 1)[1])
    request.__module__ = __name__
    request.__doc__ = _docstring(spec, signature)
    request.__signature__ = signature  # type: ignore[attr-defined]
    return request


class RequestNamespace:
    """One SCAPI namespace; each request is a method named in snake_case.

    ``dir()`` lists the requests only, so tab completion offers nothing else.
    """

    def __init__(self, name: str, call: Callable[..., Any]) -> None:
        self._name = name
        self._requests = {
            snake_case(s.name.split(".", 1)[1]): request_method(s, call)
            for s in SERVICE
            if s.name.split(".", 1)[0] == name
        }

    def __dir__(self) -> list[str]:
        return sorted(self._requests)

    def __getattr__(self, attr: str) -> Callable[..., Any]:
        requests = self.__dict__.get("_requests", {})
        if attr not in requests:
            raise AttributeError(
                f"{self.__dict__.get('_name')} has no request {attr!r}; it has: {', '.join(sorted(requests))}"
            )
        return requests[attr]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<SCAPI namespace {self._name}: {', '.join(sorted(self._requests))}>"


NAMESPACES = sorted({s.name.split(".", 1)[0] for s in SERVICE})


class Scapi:
    """Every SCAPI namespace: ``desk.scapi.agent.get()``, ``desk.scapi.media.get_media_list()``."""

    def __init__(self, call: Callable[..., Any]) -> None:
        self._namespaces = {snake_case(name): RequestNamespace(name, call) for name in NAMESPACES}

    def __getattr__(self, name: str) -> RequestNamespace:
        namespaces = self.__dict__.get("_namespaces", {})
        if name not in namespaces:
            raise AttributeError(f"no SCAPI namespace {name!r}; there are: {', '.join(namespaces)}")
        return namespaces[name]  # type: ignore[no-any-return]

    def __dir__(self) -> list[str]:
        return list(self._namespaces)

    def __repr__(self) -> str:
        return f"<SCAPI namespaces: {', '.join(snake_case(n) for n in NAMESPACES)}>"
