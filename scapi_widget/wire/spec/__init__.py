"""The SCAPI request table: ``requests.json`` beside this module, shipped in the wheel.

One entry per request (``"<namespace>.<method>"``): a one-line summary, its status in the
reference, its positional parameters (name, type, optional flag, summary) and what it returns.
It is the one source of the desktop's parameter checks (:mod:`scapi_widget.service`), the client
library's method table (``js/build.mjs`` embeds it) and the tests. Historical requests are listed
so that nothing serves them by mistake.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).with_name("requests.json")
TYPES = ("string", "number", "boolean", "object", "object|string", "string|array", "any")
RETURN_KINDS = ("value", "none")
HISTORICAL = "historical"


@dataclass(frozen=True)
class ParamDef:
    name: str
    kind: str  # the table's "type"
    optional: bool
    summary: str = ""


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
