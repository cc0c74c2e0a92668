"""The package's SCAPI request table (``scapi_widget/wire/spec/requests.json``, REFERENCE §3): what it
holds, that the service serves exactly its current requests, and one walk over every current request:
it succeeds with the arguments of :data:`~tests.desktop_setups.VALID_ARGS` (each of the table's type)
and refuses a wrong-typed first parameter, changing nothing. What each request does is
tests/test_request_effects.py's.

The table is the package's own; nothing outside the repository is read. When
``SCAPI_METHODS_JSON`` names an external copy of the reference's methods.json, the table is
also compared with it.
"""

from __future__ import annotations

import importlib.resources
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scapi_widget.desktop.model import REQUEST
from scapi_widget.errors import InvalidParameterError, UnknownRequestError
from scapi_widget.notebook.namespaces import snake_case
from scapi_widget.notebook.scapi_api import Scapi
from scapi_widget.service import SERVICE, Handlers, Service, notebook_call
from scapi_widget.service.core import handler_arity
from scapi_widget.service.handlers import TABLES
from scapi_widget.serving.app_server import client_library_path
from scapi_widget.wire.spec import REQUESTS, TABLE_PATH, RequestDef, current

from .conftest import Recorder, new_desk
from .desktop_setups import VALID_ARGS, spec_type_matches, valid_args, wrong_value
from .scapi_spec import REPO, differences, external_copy, load_methods, read_external

SPEC: list[dict[str, Any]] = load_methods()


def spec_params(entries: list[RequestDef]) -> list[Any]:
    """Parametrization over table entries, named by request."""
    return [pytest.param(entry, id=entry.name) for entry in entries]


def test_the_request_table_ships_inside_the_package() -> None:
    shipped = importlib.resources.files("scapi_widget.wire.spec").joinpath("requests.json")
    assert shipped.is_file()
    assert TABLE_PATH.resolve().is_relative_to((REPO / "scapi_widget").resolve())
    assert len(REQUESTS) == 80
    assert len(current()) == 76
    assert sorted(r.name for r in REQUESTS.values() if r.historical) == [
        "interaction.attachUserData",
        "interaction.getByBundleId",
        "interaction.getByCaseId",
        "interaction.updateUserData",
    ]


def test_every_request_and_parameter_has_a_one_line_summary() -> None:
    summaries = [r.summary for r in REQUESTS.values()] + [p.summary for r in REQUESTS.values() for p in r.params]
    assert all(text.strip() and "\n" not in text for text in summaries)


def test_python_namespace_methods_are_documented_from_the_table() -> None:
    scapi = Scapi(lambda name, *args: None)
    for entry in current():
        doc = getattr(getattr(scapi, snake_case(entry.namespace)), snake_case(entry.method)).__doc__
        flat = " ".join(doc.split())  # long lines are wrapped
        assert flat.startswith(entry.summary + " "), entry.name
        for param in entry.params:
            assert f"{snake_case(param.name)}: {param.summary}" in flat, (entry.name, param.name)


def test_registered_handlers_are_the_current_requests_with_the_tables_arity_and_return_kind() -> None:
    assert SERVICE.names == [r.name for r in current()]  # in the table's order
    for spec in SERVICE:
        entry = REQUESTS[spec.name]
        assert handler_arity(spec.handler) == len(entry.params), spec.name
        assert spec.params == entry.params, spec.name
        assert spec.returns == (entry.returns == "value"), spec.name


def _handler_of(arity: int) -> Callable[..., None]:
    names = ", ".join(["desk", "caller", *(f"p{i}" for i in range(arity))])
    namespace: dict[str, Any] = {}
    exec(f"def handler({names}, _bound=None): pass", namespace)
    return namespace["handler"]  # type: ignore[no-any-return]


def test_a_handler_table_refuses_what_the_request_table_does_not_serve() -> None:
    handlers = Handlers()
    handlers.request("voice.hold")(_handler_of(1))
    assert list(handlers.specs) == ["voice.hold"]
    assert not handlers.specs["voice.hold"].returns and handlers.specs["voice.hold"].params[0].name == "interactionId"
    with pytest.raises(ValueError, match=r"request voice\.hold has a handler already"):
        handlers.request("voice.hold")(_handler_of(1))
    with pytest.raises(ValueError, match=r"voice\.teleport is not a current request of the SCAPI table"):
        handlers.request("voice.teleport")(_handler_of(0))
    with pytest.raises(ValueError, match=r"interaction\.attachUserData is not a current request"):
        handlers.request("interaction.attachUserData")(_handler_of(2))
    with pytest.raises(
        ValueError, match=r"the handler of voice\.dial takes 1 request parameter\(s\); the table lists 2"
    ):
        handlers.request("voice.dial")(_handler_of(1))
    assert list(handlers.specs) == ["voice.hold"]


def test_the_service_needs_one_handler_for_each_current_request() -> None:
    with pytest.raises(ValueError, match=r"requests of the table without a handler: agent\.get, "):
        Service([])
    twice = Handlers()
    twice.request("voice.hold")(_handler_of(1))
    with pytest.raises(ValueError, match=r"requests with two handlers: voice\.hold$"):
        Service([*TABLES, twice])
    assert Service(TABLES).names == SERVICE.names


def as_methods_json(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table written in methods.json's shape (types as the reference spells them)."""
    spelled = {"string|array": "string | Array<string>", "object|string": "object | string", "any": "object"}
    return [
        {
            **entry,
            "params": [{**p, "type": spelled.get(p["type"], p["type"])} for p in entry["params"]],
            "returns": "none documented" if entry["returns"] == "none" else "object",
        }
        for entry in entries
    ]


def external_copies(tmp: Path) -> list[Path]:
    """The table written out as methods.json, and the external copy SCAPI_METHODS_JSON names, if any."""
    own = tmp / "methods.json"
    own.write_text(json.dumps(as_methods_json(SPEC)))
    named = external_copy()
    return [own] if named is None else [own, named]


def test_the_table_agrees_with_each_copy_of_the_reference(tmp_path: Path) -> None:
    copies = external_copies(tmp_path)
    assert copies
    for path in copies:
        assert differences(read_external(path)) == [], path


def test_the_comparison_names_each_difference() -> None:
    altered = {m["request"]: m for m in as_methods_json(SPEC)}
    del altered["agent.get"]
    altered["voice.teleport"] = {"request": "voice.teleport", "params": [], "returns": "none", "status": "x"}
    altered["voice.dial"]["params"][1]["optional"] = False
    altered["voice.hold"]["params"][0]["type"] = "number"
    altered["voice.answer"]["status"] = "historical-draft"
    altered["system.closeToast"]["returns"] = "none documented"
    altered["system.triggerActivity"]["returns"] = "boolean"
    assert differences(list(altered.values())) == [
        "agent.get: only in the package's table",
        "voice.teleport: only in the external copy",
        "system.triggerActivity: returns none here, boolean there",
        "system.closeToast: returns a value here, none there",
        "voice.dial: parameters (name, optional) [('destination', False), ('userData', True)] here, "
        "[('destination', False), ('userData', False)] there",
        "voice.answer: status 'documented' here, 'historical-draft' there",
        "voice.hold: parameter interactionId is string here, number there",
    ]


def test_an_external_copy_that_is_named_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere" / "methods.json"
    monkeypatch.setenv("SCAPI_METHODS_JSON", str(missing))
    with pytest.raises(FileNotFoundError, match=f"SCAPI_METHODS_JSON names {missing}, which is not a file"):
        external_copy()
    monkeypatch.delenv("SCAPI_METHODS_JSON")
    assert external_copy() is None


def test_the_built_client_library_embeds_the_table() -> None:
    """static/scapi-client.js (built by js/build.mjs) carries every current request and no historical one."""
    built = client_library_path().read_text(encoding="utf-8")
    assert "SCAPI_REQUESTS" not in built, "the build did not replace the table placeholder"
    for entry in REQUESTS.values():
        assert (f'"{entry.method}"' in built or f"{entry.method}:" in built) != entry.historical, entry.name


def test_nothing_reads_a_spec_outside_the_repository() -> None:
    """No test, script or source names a spec folder beside the repository (the project owns its spec)."""
    git = shutil.which("git")
    assert git is not None
    outside = "../" + "shared"  # spelled in two parts so that this file does not match itself
    paths = ["tests", "scapi_widget", "js", "scripts", "Makefile"]
    found = subprocess.run(
        [git, "grep", "--untracked", "-n", "-I", "-F", "-e", outside, "-e", "shared/" + "scapi", "--", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 1 and found.stdout == "", found.stdout


def test_unknown_request_is_named_in_the_error() -> None:
    with pytest.raises(UnknownRequestError, match=r"unknown request 'nope\.nothing'"):
        notebook_call(new_desk(), "nope.nothing")


def test_too_many_parameters_are_refused() -> None:
    with pytest.raises(InvalidParameterError, match=r"agent\.get takes 0 parameter"):
        notebook_call(new_desk(), "agent.get", 1)


def test_a_missing_required_parameter_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match=r"voice\.hold: parameter 1 \(interactionId\) must be a string"):
        notebook_call(new_desk(), "voice.hold")


# ---------------------------------------------------------------------------- the walk: every current request


@pytest.mark.parametrize("entry", spec_params(current()))
def test_every_current_request_succeeds_with_arguments_of_the_tables_types(entry: RequestDef) -> None:
    """The walk's arguments are of the table's types (optional ones may be left out), and the request
    succeeds with them: the desktop records it as done."""
    desk = new_desk()
    args = valid_args(desk, entry.name)
    assert len(args) <= len(entry.params) and all(p.optional for p in entry.params[len(args) :]), entry.name
    for param, value in zip(entry.params, args, strict=False):
        if value is not None or not param.optional:
            assert spec_type_matches(param.kind, value), f"{entry.name}: {param.name}={value!r} is not {param.kind}"
    done: list[tuple[str, str]] = []
    desk.add_recorder(lambda kind, name, *_args, **_kwargs: done.append((kind, name)))
    notebook_call(desk, entry.name, *args)
    assert done == [(REQUEST, entry.name)]


@pytest.mark.parametrize("entry", spec_params([e for e in current() if e.params]))
def test_every_current_request_refuses_a_wrong_typed_first_parameter(entry: RequestDef) -> None:
    """InvalidParameterError naming the request and the parameter; the desktop unchanged, no event."""
    desk = new_desk()
    args = VALID_ARGS.get(entry.name, lambda d: [None] * len(entry.params))(desk)
    args[0] = wrong_value(entry.params[0].kind)
    rec = Recorder()
    desk.add_event_listener(rec)
    before = desk.snapshot()
    with pytest.raises(InvalidParameterError) as caught:
        notebook_call(desk, entry.name, *args)
    assert entry.name in caught.value.error_message and entry.params[0].name in caught.value.error_message
    assert desk.snapshot() == before
    assert rec.events == []


def test_full_method_coverage_count(capsys: pytest.CaptureFixture[str]) -> None:
    methods = current()
    covered = [m.name for m in methods if m.name in SERVICE]
    historical = [r.name for r in REQUESTS.values() if r.historical]
    with capsys.disabled():
        print(
            f"\nSCAPI coverage: {len(covered)}/{len(methods)} current requests of the table answered "
            f"({len(historical)} historical ones not served: {', '.join(historical)})"
        )
    assert len(covered) == len(methods)
    assert not set(historical) & set(SERVICE.names)
