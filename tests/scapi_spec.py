"""The package's SCAPI request table (``scapi_widget/wire/spec/requests.json``) beside the reference's.

``load_methods`` gives the table's entries as plain dicts, as methods.json holds them. ``differences``
compares the table with an external copy of the reference's ``methods.json`` (the one named by
``SCAPI_METHODS_JSON``, when given; nothing requires one).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scapi_widget.wire.spec import REQUESTS, RequestDef

REPO = Path(__file__).resolve().parents[1]
EXTERNAL_ENV = "SCAPI_METHODS_JSON"

# methods.json's type texts, as the table's types; a shape after the type ("object (ToastParameters)",
# "object {label, width, height}") is dropped.
EXTERNAL_TYPES = {"string | Array<string>": "string|array", "object | string": "object|string"}


def as_dict(entry: RequestDef) -> dict[str, Any]:
    return {
        "request": entry.name,
        "namespace": entry.namespace,
        "method": entry.method,
        "params": [{"name": p.name, "type": p.kind, "optional": p.optional} for p in entry.params],
        "returns": entry.returns,
        "status": entry.status,
    }


def load_methods() -> list[dict[str, Any]]:
    """Every request of the package's table, historical ones too, in the table's order."""
    return [as_dict(entry) for entry in REQUESTS.values()]


def external_copy() -> Path | None:
    """The external methods.json named by SCAPI_METHODS_JSON, or None; a named file must exist."""
    named = os.environ.get(EXTERNAL_ENV)
    if not named:
        return None
    path = Path(named)
    if not path.is_file():
        raise FileNotFoundError(f"{EXTERNAL_ENV} names {path}, which is not a file")
    return path


def external_type(text: str) -> str:
    text = text.strip()
    return EXTERNAL_TYPES.get(text, text.split(" ", 1)[0])


def _compare_request(ours: RequestDef, theirs: dict[str, Any]) -> list[str]:
    name = ours.name
    found = []
    if ours.status != theirs["status"]:
        found.append(f"{name}: status {ours.status!r} here, {theirs['status']!r} there")
    our_params = [(p.name, p.optional) for p in ours.params]
    their_params = [(p["name"], p["optional"]) for p in theirs["params"]]
    if our_params != their_params:
        found.append(f"{name}: parameters (name, optional) {our_params} here, {their_params} there")
    for mine, other in zip(ours.params, theirs["params"], strict=False):
        # "any" is wider than the reference's type: REFERENCE §3.7 says "object (any JSON)".
        if mine.kind != "any" and mine.kind != external_type(other["type"]):
            found.append(f"{name}: parameter {mine.name} is {mine.kind} here, {other['type']} there")
    returns = str(theirs["returns"])
    if returns.startswith("none") and ours.returns != "none":
        found.append(f"{name}: returns a value here, none there")
    if not returns.startswith(("none", "undocumented", "unknown")) and ours.returns != "value":
        found.append(f"{name}: returns none here, {returns} there")
    return found


def differences(external: list[dict[str, Any]]) -> list[str]:
    """Where the package's table and an external methods.json disagree (empty when they agree).

    Compared: request names, status, parameter names, order, optional flags and types, and
    whether a request returns a value where the reference documents what it returns.
    """
    theirs = {m["request"]: m for m in external}
    found = [f"{name}: only in the package's table" for name in REQUESTS if name not in theirs]
    found += [f"{name}: only in the external copy" for name in theirs if name not in REQUESTS]
    for name, entry in REQUESTS.items():
        if name in theirs:
            found += _compare_request(entry, theirs[name])
    return found


def read_external(path: Path) -> list[dict[str, Any]]:
    methods: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return methods
