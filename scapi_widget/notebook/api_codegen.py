"""Writes :mod:`.scapi_api` from the request table: ``python3 -m scapi_widget.notebook.api_codegen``.

One class per SCAPI namespace, one method per request the desktop serves, with the request's
parameters (snake_case, typed by :data:`~scapi_widget.wire.spec.KINDS`, optional ones defaulting to
None), its return type (from the table's answer, :func:`~.namespaces.answer_of`) and the table's
reference text as its docstring; and :class:`~.scapi_api.ScapiNamespaces`, each namespace as a
property of the widget. Static types for mypy and IDEs, real methods for
``help()`` and ``inspect.signature``. ``--check`` exits 1 when the committed file differs; the tests
do the same, so the file cannot drift from the table.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from ..desktop.verbs import VERBS
from ..wire.spec import KINDS, RequestDef, current
from .namespaces import (
    NAMESPACES,
    answer_of,
    optional,
    plain_parameters,
    python_name,
    request,
    snake_case,
)

TARGET = Path(__file__).with_name("scapi_api.py")
LINE = 120
INDENT = "    "

HEADER = '''"""Typed SCAPI namespaces: ``desk.voice.dial("5001")``, ``desk.scapi.agent.get()``.

GENERATED from scapi_widget/wire/spec/requests.json by ``python3 -m scapi_widget.notebook.api_codegen``; do not edit.
tests/test_scapi_api.py fails when this file is not what the table gives.
"""

from __future__ import annotations
'''


def class_name(namespace: str) -> str:
    """``sipEndpoint`` → ``SipEndpointRequests``."""
    return namespace[0].upper() + namespace[1:] + "Requests"


def _annotation(kind: str, is_optional: bool) -> str:
    return f"{KINDS[kind].annotation} | None" if is_optional else KINDS[kind].annotation


def _return(entry: RequestDef) -> tuple[str, str]:
    """The return annotation and the expression that checks the answer."""
    answer, nullable = answer_of(entry)
    annotation = str(answer.__annotations__["return"])
    if nullable:
        return f"{annotation} | None", f"{optional.__name__}({answer.__name__})"
    return annotation, answer.__name__


def _docstring(entry: RequestDef, indent: str) -> list[str]:
    width = LINE - len(indent)
    paragraphs = [
        entry.summary,
        f"SCAPI ``{entry.name}({plain_parameters(entry)})``, sent as an app would send it.",
    ]
    if entry.params:
        paragraphs.append("\n".join(f"{python_name(p.name)}: {p.summary}" for p in entry.params))
    paragraphs.append(f"Answers {entry.answer}." if entry.returns == "value" else "Answers nothing (None).")
    paragraphs += _verb_pointer(entry)
    lines: list[str] = []
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            lines += textwrap.wrap(line, width, subsequent_indent="    ", break_on_hyphens=False) or [""]
        lines.append("")
    text = [f"{indent}{line}" if line else "" for line in lines[:-1]]
    escaped = [line.replace("\\", "\\\\").replace('"""', '\\"""') for line in text]
    escaped[0] = f'{indent}"""{escaped[0].lstrip()}'
    return [*escaped, f'{indent}"""']


def _verb_pointer(entry: RequestDef) -> list[str]:
    """A pointer to the desktop verb of the same name, if there is one (the other layer of the API)."""
    spec = VERBS.get(snake_case(entry.method))
    if spec is None:
        return []
    returns = " and returns the new id" if spec.signature.return_annotation in ("str", str) else ""
    return [
        f"Desktop verb: ``desk.{spec.name}(...)`` does this from the outside world's side (Python arguments, "
        f"not subject to the apps' security rules){returns}."
    ]


def _method(entry: RequestDef) -> list[str]:
    name = snake_case(entry.method)
    params = [
        f"{python_name(p.name)}: {_annotation(p.kind, p.optional)}" + (" = None" if p.optional else "")
        for p in entry.params
    ]
    returns, answer = _return(entry)
    head = f"{INDENT}def {name}(self{''.join(', ' + p for p in params)}) -> {returns}:"
    if len(head) > LINE:
        lines = [f"{INDENT}def {name}(", *(f"{INDENT * 2}{p}," for p in ["self", *params]), f"{INDENT}) -> {returns}:"]
        head = "\n".join(lines)
    values = "".join(f", {python_name(p.name)}" for p in entry.params)
    start = f"{INDENT * 2}" if entry.returns == "none" else f"{INDENT * 2}return "
    body = f'{start}self._request("{entry.name}", {answer}{values})'
    if len(body) > LINE:  # as ruff format wraps it
        body = f'{start}self._request(\n{INDENT * 3}"{entry.name}", {answer}{values}\n{INDENT * 2})'
    return [f'{INDENT}@{request.__name__}("{entry.name}")', head, *_docstring(entry, INDENT * 2), body]


def _namespace_class(namespace: str, entries: list[RequestDef]) -> list[str]:
    lines = [
        f"class {class_name(namespace)}(RequestNamespace):",
        f'{INDENT}"""``{namespace}.*`` requests."""',
        "",
        f'{INDENT}_namespace = "{namespace}"',
    ]
    for entry in entries:
        lines += ["", *_method(entry)]
    return lines


def _scapi_class() -> list[str]:
    lines = [
        "class Scapi(Namespaces):",
        f'{INDENT}"""Every SCAPI namespace: ``desk.scapi.agent.get()``, ``desk.scapi.media.get_media_list()``."""',
        "",
        f"{INDENT}def __init__(self, call: RequestCall) -> None:",
    ]
    lines += [f"{INDENT * 2}self.{snake_case(ns)} = {class_name(ns)}(call)" for ns in NAMESPACES]
    return lines


def _properties_class() -> list[str]:
    """A mixin giving each namespace as a property: ``desk.voice`` is ``desk.scapi.voice``."""
    lines = [
        "class ScapiNamespaces:",
        f'{INDENT}"""Each SCAPI namespace as a property of its own: ``desk.voice`` is ``desk.scapi.voice``."""',
        "",
        f"{INDENT}@property",
        f"{INDENT}def scapi(self) -> Scapi:",
        f'{INDENT * 2}"""Every SCAPI namespace: the class using these properties gives it."""',
        f"{INDENT * 2}raise NotImplementedError",
    ]
    for ns in NAMESPACES:
        name = snake_case(ns)
        lines += [
            "",
            f"{INDENT}@property",
            f"{INDENT}def {name}(self) -> {class_name(ns)}:",
            f'{INDENT * 2}"""The ``{ns}.*`` requests, sent as an app sends them (``help(desk.{name})`` lists them)."""',
            f"{INDENT * 2}return self.scapi.{name}",
        ]
    return lines


def render() -> str:
    """The source of scapi_api.py, as the table gives it."""
    served = current()
    classes = [_namespace_class(ns, [e for e in served if e.namespace == ns]) for ns in NAMESPACES]
    blocks = [*classes, _scapi_class(), _properties_class()]
    body = "\n".join(line for block in blocks for line in ["", "", *block])
    names = sorted({f.__name__ for f, _ in map(answer_of, served)} | {optional.__name__})
    helpers = ["InteractionInfo", "Namespaces", "RequestCall", "RequestNamespace", *names, request.__name__]
    used = [name for name in helpers if re.search(rf"\b{name}\b", body)]
    json_types = [name for name in ("JsonObject", "JsonValue") if re.search(rf"\b{name}\b", body)]
    imports = [
        f"from ..json_types import {', '.join(json_types)}",
        "from .namespaces import (",
        *(f"{INDENT}{name}," for name in used),
        ")",
    ]
    return "\n".join([HEADER, *imports]) + "\n" + body + "\n"


def main(argv: list[str]) -> int:
    source = render()
    if argv[1:] == ["--check"]:
        if TARGET.read_text(encoding="utf-8") != source:
            print(f"{TARGET} is not what the request table gives: run python3 -m scapi_widget.notebook.api_codegen")
            return 1
        return 0
    TARGET.write_text(source, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
