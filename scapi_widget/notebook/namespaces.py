"""Python namespaces mirroring SCAPI: ``desk.voice.dial("5001")``, ``desk.interaction.set_user_data(...)``.

The namespaces themselves (one class per SCAPI namespace, one typed method per request) are in
:mod:`scapi_widget.notebook.scapi_api`, generated from the request table by :mod:`scapi_widget.notebook.api_codegen`.
This module holds what they are made of: the base classes, the Python types of the table's
answers (:data:`ANSWERS`, :func:`answer_of`; the parameters' types are the table's
:data:`~scapi_widget.wire.spec.KINDS`), and the checks that make those types true at run time: an
answer that is not what the table says raises :class:`TypeError` instead of reaching the notebook
mistyped.
"""

from __future__ import annotations

import functools
import inspect
import keyword
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar

from ..desktop.userdata import shown_to_agent
from ..errors import did_you_mean
from ..json_types import JsonObject, JsonValue, is_json
from ..wire.spec import REQUESTS, RequestDef, current

T = TypeVar("T")
P = ParamSpec("P")
Answer = Callable[[str, JsonValue], T]
"""Checks a request's answer (given the request's name) and gives it its Python type."""


def snake_case(name: str) -> str:
    """``getByInteractionId`` → ``get_by_interaction_id``, ``amIVisible`` → ``am_i_visible``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def python_name(table_name: str) -> str:
    """A request parameter's Python name: the table's name in snake_case (``keyValues`` → ``key_values``)."""
    name = snake_case(table_name)
    return f"{name}_" if keyword.iskeyword(name) else name


NAMESPACES = sorted({r.namespace for r in current()})
"""The SCAPI namespaces of the requests the desktop serves, as the table spells them."""


class InteractionInfo(dict[str, JsonValue]):
    """An ``interaction.Interaction`` (a dict, in SCAPI shape) with a readable repr."""

    def __repr__(self) -> str:
        parties = self.get("parties")
        names = [str(p.get("name", "?")) for p in parties if isinstance(p, dict)] if isinstance(parties, list) else []
        user_data = self.get("userData")
        shown = shown_to_agent(user_data) if isinstance(user_data, dict) else {}
        kind = self.get("callType") or self.get("media", "")
        return (
            f"<Interaction {self.get('interactionId')} {self.get('state')} {kind} "
            f"with {', '.join(names) or 'nobody'} {shown}>"
        )


# ---------------------------------------------------------------------------- answers


def _wrong(request: str, value: JsonValue, expected: str) -> TypeError:
    shown = repr(value)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return TypeError(f"{request} answered {shown}, not {expected} as the request table says")


def answer_none(request: str, value: JsonValue) -> None:
    """A request that answers nothing."""
    if value is not None:
        raise _wrong(request, value, "nothing")


def answer_json(request: str, value: JsonValue) -> JsonValue:
    """A request whose answer the reference leaves undocumented: any JSON value."""
    return value


def answer_bool(request: str, value: JsonValue) -> bool:
    if not isinstance(value, bool):
        raise _wrong(request, value, "a boolean")
    return value


def answer_str(request: str, value: JsonValue) -> str:
    if not isinstance(value, str):
        raise _wrong(request, value, "a string")
    return value


def answer_object(request: str, value: JsonValue) -> JsonObject:
    if not isinstance(value, dict):
        raise _wrong(request, value, "an object")
    return value


def answer_strings(request: str, value: JsonValue) -> list[str]:
    if not isinstance(value, list):
        raise _wrong(request, value, "an array of strings")
    strings = [item for item in value if isinstance(item, str)]
    if len(strings) != len(value):
        raise _wrong(request, value, "an array of strings")
    return strings


def answer_objects(request: str, value: JsonValue) -> list[JsonObject]:
    if not isinstance(value, list):
        raise _wrong(request, value, "an array of objects")
    objects = [item for item in value if isinstance(item, dict)]
    if len(objects) != len(value):
        raise _wrong(request, value, "an array of objects")
    return objects


def answer_interaction(request: str, value: JsonValue) -> InteractionInfo:
    return InteractionInfo(answer_object(request, value))


def answer_interactions(request: str, value: JsonValue) -> list[InteractionInfo]:
    return [InteractionInfo(item) for item in answer_objects(request, value)]


def optional(answer: Answer[T]) -> Answer[T | None]:
    """``answer``, or null."""

    def check(request: str, value: JsonValue) -> T | None:
        return None if value is None else answer(request, value)

    return check


ANSWERS: dict[str, Callable[[str, JsonValue], object]] = {
    "undocumented": answer_json,
    "unknown": answer_json,
    "boolean": answer_bool,
    "string": answer_str,
    "object": answer_object,
    "interaction.Interaction": answer_interaction,
    "Array<interaction.Interaction>": answer_interactions,
    "Array<string>": answer_strings,
}
"""How an answer is checked and typed, by the first word of the table's answer text; a SCAPI type
(``agent.Agent``) is an object, an array of one (``Array<media.State>``) an array of objects."""
NULLABLE = " or null"
"""Ends the answer text of a request that may answer null."""


def answer_of(entry: RequestDef) -> tuple[Callable[[str, JsonValue], object], bool]:
    """The check of a request's answer and whether it may be null, from the table's answer text.

    Raises :class:`ValueError` for an answer text that says no type this module knows.
    """
    if entry.returns == "none":
        return answer_none, False
    nullable = entry.answer.endswith(NULLABLE)
    word = entry.answer.removesuffix(NULLABLE).split(" ", 1)[0]
    if word in ANSWERS:
        return ANSWERS[word], nullable
    if re.fullmatch(r"[a-z]\w*\.[A-Z]\w*", word):
        return answer_object, nullable
    if re.fullmatch(r"Array<[a-z]\w*\.[A-Z]\w*>", word):
        return answer_objects, nullable
    raise ValueError(f"{entry.name}: the table's answer {entry.answer!r} names no type that namespaces.ANSWERS knows")


# ---------------------------------------------------------------------------- namespaces


class RequestCall(Protocol):
    """Runs one request as the notebook (``notebook_call`` bound to a desktop): its name and parameters; its data."""

    def __call__(self, request: str, /, *parameters: object) -> object: ...


def plain_parameters(entry: RequestDef) -> str:
    """``destination, user_data=None``: a request's Python parameters without annotations."""
    return ", ".join(f"{python_name(p.name)}=None" if p.optional else python_name(p.name) for p in entry.params)


def _check_arguments(entry: RequestDef, args: Sequence[object], kwargs: Mapping[str, object]) -> None:
    """Raise :class:`TypeError` naming the request and its parameters when the arguments do not fit."""
    names = [python_name(p.name) for p in entry.params]

    def wrong(problem: str) -> TypeError:
        return TypeError(f"{entry.name}() {problem}; its parameters are: {plain_parameters(entry) or 'none'}")

    if len(args) > len(names):
        raise wrong(f"takes {len(names)} argument(s), got {len(args)}")
    unknown = sorted(set(kwargs) - set(names))
    if unknown:
        named = ", ".join(repr(name) + did_you_mean(name, names) for name in unknown)
        raise wrong(f"got unexpected keyword argument(s) {named}")
    twice = [n for n in names[: len(args)] if n in kwargs]
    if twice:
        raise wrong(f"got {twice[0]!r} twice")
    given = set(names[: len(args)]) | set(kwargs)
    missing = [n for n, p in zip(names, entry.params, strict=True) if not p.optional and n not in given]
    if missing:
        raise wrong(f"is missing required argument(s) {', '.join(map(repr, missing))}")


def request(name: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Marks a namespace method as the request ``name`` of the table (its type is unchanged).

    The method's parameters must be the table's (else :class:`TypeError` when the class is made:
    regenerate scapi_api.py). Arguments that do not fit raise :class:`TypeError` naming the request
    and its parameters, before anything is sent.
    """
    entry = REQUESTS[name]

    def decorate(method: Callable[P, T]) -> Callable[P, T]:
        declared = list(inspect.signature(method).parameters)[1:]  # after self
        if declared != [python_name(p.name) for p in entry.params]:
            raise TypeError(f"{method.__qualname__}{declared} are not the parameters of {name} in the request table")

        @functools.wraps(method)
        def checked(*args: P.args, **kwargs: P.kwargs) -> T:
            _check_arguments(entry, args[1:], kwargs)
            return method(*args, **kwargs)

        return checked

    return decorate


class RequestNamespace:
    """One SCAPI namespace; each request is a method named in snake_case.

    ``dir()`` lists the requests only, so tab completion offers nothing else.
    """

    _namespace = ""  # the SCAPI namespace, as the table spells it

    def __init__(self, call: RequestCall) -> None:
        self._call = call

    def _request(self, request: str, answer: Answer[T], *values: object) -> T:
        """Send ``request``; omitted optional parameters at the end are not sent."""
        optional_flags = [p.optional for p in REQUESTS[request].params]
        sent = list(values)
        while sent and sent[-1] is None and optional_flags[len(sent) - 1]:
            sent.pop()
        data = self._call(request, *sent)
        if not is_json(data):
            raise TypeError(f"{request} answered a {type(data).__name__}, which is not a JSON value")
        return answer(request, data)

    @classmethod
    def _request_names(cls) -> list[str]:
        """The Python names of this namespace's requests."""
        return sorted(name for name in vars(cls) if not name.startswith("_"))

    def __dir__(self) -> list[str]:
        return self._request_names()

    if not TYPE_CHECKING:  # at run time only: mypy must not take every attribute for a request

        def __getattr__(self, attr: str) -> object:
            requests = ", ".join(self._request_names())
            raise AttributeError(f"{self._namespace} has no request {attr!r}; it has: {requests}")

    def __repr__(self) -> str:
        return f"<SCAPI namespace {self._namespace}: {', '.join(self._request_names())}>"


class Namespaces:
    """Base of :class:`scapi_widget.notebook.scapi_api.Scapi`: its namespaces are its public attributes."""

    def __dir__(self) -> list[str]:
        return sorted(name for name in vars(self) if not name.startswith("_"))

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> object:
            raise AttributeError(f"no SCAPI namespace {name!r}; there are: {', '.join(self.__dir__())}")

    def __repr__(self) -> str:
        return f"<SCAPI namespaces: {', '.join(self.__dir__())}>"
