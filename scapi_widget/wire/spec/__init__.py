"""The SCAPI request table: ``requests.json`` beside this module, shipped in the wheel.

One entry per request (``"<namespace>.<method>"``): a one-line summary, its status in the
reference, its positional parameters (name, type, optional flag, summary) and what it returns.
It is the one source of the desktop's parameter checks (:mod:`scapi_widget.service`), the client
library's method table (``js/build.mjs`` embeds it), the notebook's typed namespaces and the tests.
Historical requests are listed so that nothing serves them by mistake.

A parameter's type is one of :data:`KINDS`, declared here once: its check of a value, its name in
words (for error messages) and its Python annotation (for the generated namespaces).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).with_name("requests.json")


@dataclass(frozen=True)
class ParamKind:
    """A type the table gives parameters: its name in the table, what it is in words, the Python
    annotation of such a parameter, and whether a value has it."""

    name: str
    text: str
    annotation: str
    accepts: Callable[[Any], bool]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _strings(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


KINDS: dict[str, ParamKind] = {
    kind.name: kind
    for kind in (
        ParamKind("string", "a string", "str", lambda v: isinstance(v, str)),
        ParamKind("number", "a number", "float", _number),
        ParamKind("boolean", "a boolean", "bool", lambda v: isinstance(v, bool)),
        ParamKind("object", "an object", "JsonObject", lambda v: isinstance(v, dict)),
        ParamKind("object|string", "an object or a string", "JsonObject | str", lambda v: isinstance(v, (dict, str))),
        ParamKind("string|array", "a string or an array of strings", "str | list[str]", _strings),
        ParamKind("any", "any value", "JsonValue", lambda v: True),
    )
}
"""Every parameter type of the table, by its name there."""
TYPES = tuple(KINDS)
RETURN_KINDS = ("value", "none")
HISTORICAL = "historical"


@dataclass(frozen=True)
class ParamDef:
    name: str
    kind: str  # the table's "type": a key of KINDS
    optional: bool
    summary: str = ""

    @property
    def type(self) -> ParamKind:
        return KINDS[self.kind]


@dataclass(frozen=True)
class RequestDef:
    name: str
    summary: str
    status: str
    params: tuple[ParamDef, ...]
    returns: str  # "value" (the response carries data) or "none"
    answer: str = ""  # what the data is, as the reference describes it (value requests only)

    @property
    def namespace(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def method(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def historical(self) -> bool:
        """Listed by old documents only: never served."""
        return self.status.startswith(HISTORICAL)


def _param(request: str, raw: dict[str, Any]) -> ParamDef:
    param = ParamDef(raw["name"], raw["type"], raw["optional"], raw["summary"])
    if param.kind not in TYPES:
        raise ValueError(f"{TABLE_PATH.name}: {request} parameter {param.name} has unknown type {param.kind!r}")
    return param


def _request(name: str, raw: dict[str, Any]) -> RequestDef:
    kind = raw["returns"]["kind"]
    if kind not in RETURN_KINDS:
        raise ValueError(f"{TABLE_PATH.name}: {name} has unknown return kind {kind!r}")
    params = tuple(_param(name, p) for p in raw["params"])
    return RequestDef(name, raw["summary"], raw["status"], params, kind, raw["returns"].get("type", ""))


def load(path: Path = TABLE_PATH) -> dict[str, RequestDef]:
    """Every request of the table, by name, in the table's order."""
    raw: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["requests"]
    return {name: _request(name, entry) for name, entry in raw.items()}


REQUESTS: dict[str, RequestDef] = load()


def current() -> list[RequestDef]:
    """The requests the desktop serves: every one that is not historical."""
    return [r for r in REQUESTS.values() if not r.historical]
