"""Python namespaces mirroring SCAPI: ``desk.voice.dial("5001")``, ``desk.interaction.set_user_data(...)``.

Generated from the service's request table, so every request an app can make is callable from
Python with the same checks, errors and events. Parameters may be passed by position or by
their snake_case names; unknown keyword arguments raise :class:`TypeError`.
"""

from __future__ import annotations

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


class RequestNamespace:
    """One SCAPI namespace; each request is a method named in snake_case."""

    def __init__(self, name: str, call: Callable[..., Any]) -> None:
        self._name = name
        self._call = call
        self._specs = {snake_case(s.name.split(".", 1)[1]): s for s in SERVICE if s.name.split(".", 1)[0] == name}

    def __dir__(self) -> list[str]:
        return sorted(self._specs)

    def __getattr__(self, attr: str) -> Callable[..., Any]:
        spec = self.__dict__.get("_specs", {}).get(attr)
        if spec is None:
            known = ", ".join(sorted(self.__dict__.get("_specs", {})))
            raise AttributeError(f"{self._name} has no request {attr!r}; it has: {known}")
        return self._method(spec)

    def _method(self, spec: RequestSpec) -> Callable[..., Any]:
        names = [snake_case(p.name) for p in spec.params]

        def request(*args: Any, **kwargs: Any) -> Any:
            unknown = set(kwargs) - set(names)
            if unknown:
                raise TypeError(
                    f"{spec.name}() got unexpected keyword argument(s) {', '.join(sorted(unknown))}; "
                    f"its parameters are: {', '.join(names) or 'none'}"
                )
            if len(args) > len(names):
                raise TypeError(f"{spec.name}() takes {len(names)} argument(s), got {len(args)}")
            values = list(args) + [kwargs.get(name) for name in names[len(args) :]]
            for name in names[: len(args)]:
                if name in kwargs:
                    raise TypeError(f"{spec.name}() got {name!r} twice")
            while values and values[-1] is None:
                values.pop()
            return typed(self._call(spec.name, *values))

        signature = ", ".join(f"{n}{'=None' if p.optional else ''}" for n, p in zip(names, spec.params, strict=True))
        request.__name__ = snake_case(spec.name.split(".", 1)[1])
        request.__doc__ = "\n".join(
            [
                REQUESTS[spec.name].summary,
                "",
                f"SCAPI ``{spec.name}({signature})``: as an app would send it; returns its data.",
                "",
                *(f"{n}: {p.summary}" for n, p in zip(names, spec.params, strict=True)),
            ]
        ).strip()
        return request

    def __repr__(self) -> str:
        return f"<SCAPI namespace {self._name}: {', '.join(sorted(self._specs))}>"


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
