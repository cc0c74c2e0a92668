"""Walks the package's SCAPI request table (``scapi_widget/wire/spec/requests.json``, REFERENCE §3).

The core walk covers every request of the namespaces agent, media, voice and sipEndpoint, plus
system.getAllowedServices/triggerActivity/popupToast/updateToast/closeToast and
interaction.getInteractions/getByInteractionId/setUserData/deleteUserData: for each, a desktop
where it can succeed, arguments built from the parameter types in the table, a check of the
effect, and a refusal of a wrong-typed first parameter that changes nothing. A second walk
covers every current (non-historical) request of the table.

The table is the package's own; nothing outside the repository is read. When
``SCAPI_METHODS_JSON`` names an external copy of the reference's methods.json, the table is
also compared with it.
"""

from __future__ import annotations

import importlib.resources
import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scapi_widget.desktop import AgentDesktop, ManualClock
from scapi_widget.errors import InvalidParameterError, ScapiError, UnknownRequestError
from scapi_widget.notebook.namespaces import snake_case
from scapi_widget.notebook.scapi_api import Scapi
from scapi_widget.service import SERVICE, Handlers, Service, notebook_call
from scapi_widget.service.core import handler_arity
from scapi_widget.service.handlers import TABLES
from scapi_widget.serving.app_server import client_library_path
from scapi_widget.wire.spec import REQUESTS, TABLE_PATH, current

from .conftest import Recorder, new_desk
from .desktop_setups import call_in, chat_in
from .scapi_spec import REPO, differences, external_copy, load_methods, read_external

SPEC: list[dict[str, Any]] = load_methods()

CORE_NAMESPACES = ("agent", "media", "voice", "sipEndpoint")
CORE_SUBSETS = {
    "system": ("getAllowedServices", "triggerActivity", "popupToast", "updateToast", "closeToast"),
    "interaction": ("getInteractions", "getByInteractionId", "setUserData", "deleteUserData"),
}


def is_core(method: dict[str, Any]) -> bool:
    return method["namespace"] in CORE_NAMESPACES or method["method"] in CORE_SUBSETS.get(method["namespace"], ())


def core_methods() -> list[dict[str, Any]]:
    return [m for m in SPEC if is_core(m)]


def current_methods() -> list[dict[str, Any]]:
    return [m for m in SPEC if not m["status"].startswith("historical")]


def spec_params(methods: list[dict[str, Any]]) -> list[Any]:
    """Parametrization over table entries, named by request."""
    return [pytest.param(m, id=m["request"]) for m in methods]


# ---------------------------------------------------------------------------- core walk: argument building


def spec_type_matches(spec_type: str, value: Any) -> bool:
    """Does ``value`` have the table's type (``string``, ``object``, ``number``, ``boolean``,
    ``object|string``, ``string|array``: a string or an array of strings, ``any``)?"""
    for kind in spec_type.split("|"):
        if kind == "any":
            return True
        if kind == "string" and isinstance(value, str):
            return True
        if kind == "object" and isinstance(value, dict):
            return True
        if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        if kind == "boolean" and isinstance(value, bool):
            return True
        if kind == "array" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return True
    return False


def wrong_value(spec_type: str) -> Any:
    """A value that does not have the table's type."""
    for candidate in (12345, "not-an-object", ["x", 1], None):
        if candidate is not None and not spec_type_matches(spec_type, candidate):
            return candidate
    raise AssertionError(f"no wrong value for type {spec_type!r}")


# Values chosen by parameter name where the type alone does not make a request succeed.
VALUES_BY_NAME: dict[str, Any] = {
    "stateOperationName": "NotReadyBreak",
    "name": "chat",
    "destination": "5551234",
    "userData": {"CustomerId": "C-1"},
    "extensions": {"ek1": "ev1"},
    "keyValues": {"Disposition": "Sale"},
    "parameters": {"title": "Hello", "iconUrl": "", "message": "from the walk", "buttons": ["OK", "Later"]},
}
VALUES_BY_TYPE: dict[str, Any] = {"string": "x", "object": {}, "number": 1, "boolean": True}

Context = dict[str, Any]


def ringing(desk: AgentDesktop) -> Context:
    return {"interactionId": desk.simulate_inbound_call("5550100", user_data={"CustomerId": "C-9"})}


def talking(desk: AgentDesktop) -> Context:
    ctx = ringing(desk)
    desk.answer(ctx["interactionId"])
    return ctx


def held(desk: AgentDesktop) -> Context:
    ctx = talking(desk)
    desk.hold(ctx["interactionId"])
    return ctx


def recording(desk: AgentDesktop) -> Context:
    ctx = talking(desk)
    desk.start_recording(ctx["interactionId"])
    return ctx


def paused(desk: AgentDesktop) -> Context:
    ctx = recording(desk)
    desk.pause_recording(ctx["interactionId"])
    return ctx


def toast(desk: AgentDesktop) -> Context:
    return {"id": desk.popup_toast(title="Existing", message="before")}


def with_key(desk: AgentDesktop) -> Context:
    return {**talking(desk), "key": "CustomerId"}


def muted(desk: AgentDesktop) -> Context:
    desk.set_microphone_muted(True)
    desk.set_speaker_muted(True)
    return {}


def later(desk: AgentDesktop) -> Context:
    assert isinstance(desk.clock, ManualClock)
    desk.clock.advance(60)
    return {}


# What the desktop must look like before a core request can succeed.
SETUP: dict[str, Callable[[AgentDesktop], Context]] = {
    "interaction.getInteractions": ringing,
    "interaction.getByInteractionId": ringing,
    "interaction.setUserData": talking,
    "interaction.deleteUserData": with_key,
    "system.triggerActivity": later,
    "system.updateToast": toast,
    "system.closeToast": toast,
    "voice.answer": ringing,
    "voice.hangUp": talking,
    "voice.hold": talking,
    "voice.resume": held,
    "voice.startCallRecording": talking,
    "voice.stopCallRecording": recording,
    "voice.pauseCallRecording": recording,
    "voice.resumeCallRecording": paused,
    "sipEndpoint.unmuteMicrophone": muted,
    "sipEndpoint.unmuteSpeaker": muted,
}


def build_args(method: dict[str, Any], ctx: Context) -> list[Any]:
    """Valid arguments, one per table parameter (optional ones too), checked against its type."""
    args = []
    for param in method["params"]:
        name, spec_type = param["name"], param["type"]
        if name in ctx:
            value = ctx[name]
        elif name in VALUES_BY_NAME:
            value = VALUES_BY_NAME[name]
        else:
            value = VALUES_BY_TYPE[spec_type.split("|", 1)[0]]
        assert spec_type_matches(spec_type, value), f"{method['request']}: {name}={value!r} is not {spec_type}"
        args.append(value)
    return args


def state_of(desk: AgentDesktop, ctx: Context) -> str:
    return desk.interactions[ctx["interactionId"]].state


def recording_of(desk: AgentDesktop, ctx: Context) -> str | None:
    return desk.interactions[ctx["interactionId"]].recording_state


STATE_KEYS = {"type", "displayName", "operationName"}
Check = Callable[[AgentDesktop, Context, Any], bool]

# What each core request must have done (or returned).
EFFECTS: dict[str, Check] = {
    "agent.get": lambda d, c, r: (
        r == {"employeeId": "7001", "firstname": "Alex", "lastname": "Rivera", "username": "arivera"}
    ),
    "agent.getState": lambda d, c, r: r == {"type": "READY", "displayName": "Ready", "operationName": "Ready"},
    "agent.getStateList": lambda d, c, r: (
        all(set(s) == STATE_KEYS for s in r) and "NotReadyBreak" in [s["operationName"] for s in r]
    ),
    "agent.setState": lambda d, c, r: r is None and d.agent_state.operation_name == "NotReadyBreak",
    "interaction.getInteractions": lambda d, c, r: [i["interactionId"] for i in r] == [c["interactionId"]],
    "interaction.getByInteractionId": lambda d, c, r: (
        r["interactionId"] == c["interactionId"] and r["state"] == "RINGING"
    ),
    "interaction.setUserData": lambda d, c, r: d.interactions[c["interactionId"]].user_data["Disposition"] == "Sale",
    "interaction.deleteUserData": lambda d, c, r: "CustomerId" not in d.interactions[c["interactionId"]].user_data,
    "media.getMediaList": lambda d, c, r: [m["name"] for m in r] == ["voice", "chat", "email", "workitem"],
    "media.getMediaByName": lambda d, c, r: r["name"] == "chat" and set(r["state"]) == STATE_KEYS,
    "media.setState": lambda d, c, r: (
        d.media["chat"].state.operation_name == "NotReadyBreak" and d.media["voice"].state.operation_name == "Ready"
    ),
    "system.getAllowedServices": lambda d, c, r: sorted(r) == sorted(e.name for e in current()),
    "system.triggerActivity": lambda d, c, r: d.last_activity == d.clock.now() == 1_700_000_060.0,
    "system.popupToast": lambda d, c, r: r == "wweCustomToast0" and d.toasts[r].buttons == ["OK", "Later"],
    "system.updateToast": lambda d, c, r: r is True and d.toasts[c["id"]].parameters["message"] == "from the walk",
    "system.closeToast": lambda d, c, r: r is True and d.toasts == {},
    "voice.dial": lambda d, c, r: (
        d.interactions["1"].state == "DIALING" and d.interactions["1"].user_data["CustomerId"] == "C-1"
    ),
    "voice.dialEx": lambda d, c, r: (
        d.interactions["1"].state == "DIALING" and d.interactions["1"].extensions == {"ek1": "ev1"}
    ),
    "voice.answer": lambda d, c, r: state_of(d, c) == "TALKING",
    "voice.hangUp": lambda d, c, r: state_of(d, c) == "IDLE",
    "voice.hold": lambda d, c, r: state_of(d, c) == "HELD",
    "voice.resume": lambda d, c, r: state_of(d, c) == "TALKING",
    "voice.startCallRecording": lambda d, c, r: recording_of(d, c) == "RECORDING",
    "voice.stopCallRecording": lambda d, c, r: recording_of(d, c) == "STOPPED",
    "voice.pauseCallRecording": lambda d, c, r: recording_of(d, c) == "PAUSED",
    "voice.resumeCallRecording": lambda d, c, r: recording_of(d, c) == "RECORDING",
    "sipEndpoint.isMicrophoneMute": lambda d, c, r: r is False,
    "sipEndpoint.isSpeakerMute": lambda d, c, r: r is False,
    "sipEndpoint.muteMicrophone": lambda d, c, r: d.microphone_muted and not d.speaker_muted,
    "sipEndpoint.muteSpeaker": lambda d, c, r: d.speaker_muted and not d.microphone_muted,
    "sipEndpoint.unmuteMicrophone": lambda d, c, r: not d.microphone_muted and d.speaker_muted,
    "sipEndpoint.unmuteSpeaker": lambda d, c, r: not d.speaker_muted and d.microphone_muted,
}


def run_core_request(method: dict[str, Any]) -> tuple[AgentDesktop, Context, Any]:
    """Prepare a desktop, call the request with valid arguments, check its effect."""
    name = method["request"]
    desk = new_desk()
    ctx = SETUP.get(name, lambda d: {})(desk)
    args = build_args(method, ctx)
    try:
        result = notebook_call(desk, name, *args)
    except UnknownRequestError:
        pytest.fail(f"{name} is listed in the request table but the desktop does not know it")
    assert name in EFFECTS, f"no expected effect written down for {name}"
    assert EFFECTS[name](desk, ctx, result), f"{name}{tuple(args)} returned {result!r} without the expected effect"
    return desk, ctx, result


def refuse_wrong_first_parameter(method: dict[str, Any]) -> InvalidParameterError:
    """Call with a wrong-typed first parameter: InvalidParameterError naming the request, nothing changed."""
    name = method["request"]
    desk = new_desk()
    args = build_args(method, SETUP.get(name, lambda d: {})(desk))
    args[0] = wrong_value(method["params"][0]["type"])
    rec = Recorder()
    desk.add_event_listener(rec)
    before = desk.snapshot()
    with pytest.raises(InvalidParameterError) as caught:
        notebook_call(desk, name, *args)
    assert name in caught.value.error_message
    assert method["params"][0]["name"] in caught.value.error_message
    assert desk.snapshot() == before
    assert rec.events == []
    return caught.value


# ---------------------------------------------------------------------------- core walk: tests


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
    assert core_methods(), "the table lists none of the core requests"


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


@pytest.mark.parametrize("method", spec_params(core_methods()))
def test_core_request_succeeds_with_valid_arguments(method: dict[str, Any]) -> None:
    run_core_request(method)


@pytest.mark.parametrize("method", spec_params([m for m in core_methods() if m["params"]]))
def test_core_request_refuses_a_wrong_typed_first_parameter(method: dict[str, Any]) -> None:
    refuse_wrong_first_parameter(method)


def test_core_method_coverage_count(capsys: pytest.CaptureFixture[str]) -> None:
    """Walks every core entry of the table once more and counts what was covered."""
    entries = core_methods()
    covered: list[str] = []
    refused = 0
    unknown = []
    for method in entries:
        try:
            run_core_request(method)
        except UnknownRequestError:
            unknown.append(method["request"])
            continue
        covered.append(method["request"])
        if method["params"]:
            refuse_wrong_first_parameter(method)
            refused += 1
    per_namespace = Counter(name.split(".")[0] for name in covered)
    with capsys.disabled():
        print(
            f"\nSCAPI core coverage: {len(covered)}/{len(entries)} requests of the table succeed "
            f"({', '.join(f'{ns} {n}' for ns, n in per_namespace.items())}); "
            f"{refused} refuse a wrong-typed first parameter"
        )
    assert unknown == []
    assert len(covered) == len(entries) == len({m["request"] for m in entries})
    assert set(per_namespace) == {*CORE_NAMESPACES, *CORE_SUBSETS}
    assert per_namespace["system"] == len(CORE_SUBSETS["system"])
    assert per_namespace["interaction"] == len(CORE_SUBSETS["interaction"])
    assert refused == sum(1 for m in entries if m["params"])


def test_no_core_namespace_request_is_unknown_to_the_service() -> None:
    names = {m["request"] for m in core_methods()}
    assert names, "no core requests in the table"
    assert sorted(names - set(SERVICE.names)) == []
    for name in names:
        try:
            notebook_call(new_desk(), name)  # no arguments: may fail, but never as an unknown request
        except UnknownRequestError:
            pytest.fail(f"{name} is unknown to the desktop")
        except ScapiError:
            pass


def test_unknown_request_is_named_in_the_error() -> None:
    with pytest.raises(UnknownRequestError, match=r"unknown request 'nope\.nothing'"):
        notebook_call(new_desk(), "nope.nothing")


def test_too_many_parameters_are_refused() -> None:
    with pytest.raises(InvalidParameterError, match=r"agent\.get takes 0 parameter"):
        notebook_call(new_desk(), "agent.get", 1)


def test_a_missing_required_parameter_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match=r"voice\.hold: parameter 1 \(interactionId\) must be a string"):
        notebook_call(new_desk(), "voice.hold")


# ---------------------------------------------------------------------------- full walk: every current request




def consultation(desk: AgentDesktop) -> str:
    consult_id = desk.consult(call_in(desk, "TALKING"), "5002")
    desk.remote_answer(consult_id)
    return consult_id


def preview(desk: AgentDesktop, state: str = "PREVIEWING") -> str:
    desk.load_campaign("Offer", "Preview")
    desk.start_campaign("Offer")
    desk.add_records("Offer", [{"phone": "5550001", "fields": {"Name": "Ann"}, "chained_phones": ["5550002"]}])
    record_id = desk.get_preview_record("Offer")
    if state == "CALL":
        return desk.call_preview_record(record_id, desk.previews[record_id].chain[0].handle)
    return record_id


def first_handle(desk: AgentDesktop) -> list[Any]:
    record_id = preview(desk)
    return [record_id, desk.previews[record_id].chain[0].handle]


def reschedulable(desk: AgentDesktop) -> str:
    record_id = preview(desk)
    desk.reschedule_record(record_id, desk.previews[record_id].chain[0].handle, "1/1/2099 10:00", "CAMPAIGN")
    return record_id


def with_dialog(desk: AgentDesktop) -> str:
    return desk.open_dialog("https://app.example/dialog.html")


# Arguments that make each request succeed, given a fresh desktop.
VALID_ARGS: dict[str, Callable[[AgentDesktop], list[Any]]] = {
    "agent.setState": lambda d: ["NotReady"],
    "media.getMediaByName": lambda d: ["chat"],
    "media.setState": lambda d: ["email", "NotReadyBreak"],
    "voice.dial": lambda d: ["5551234", {"CustomerId": "C-1"}],
    "voice.dialEx": lambda d: ["5551234", {"CustomerId": "C-1"}, {"ek1": "ev1"}],
    "voice.answer": lambda d: [call_in(d, "RINGING")],
    "voice.hangUp": lambda d: [call_in(d, "TALKING")],
    "voice.hold": lambda d: [call_in(d, "TALKING")],
    "voice.resume": lambda d: [call_in(d, "HELD")],
    "voice.startCallRecording": lambda d: [call_in(d, "TALKING")],
    "voice.stopCallRecording": lambda d: [call_in(d, "RECORDING")],
    "voice.pauseCallRecording": lambda d: [call_in(d, "RECORDING")],
    "voice.resumeCallRecording": lambda d: [call_in(d, "PAUSED")],
    "interaction.getByInteractionId": lambda d: [call_in(d, "RINGING")],
    "interaction.setUserData": lambda d: [call_in(d, "TALKING"), {"Disposition": "Sale"}],
    "interaction.deleteUserData": lambda d: [call_in(d, "TALKING"), "Key"],
    "system.popupToast": lambda d: [{"title": "Hello", "iconUrl": "", "buttons": ["OK"]}],
    "system.updateToast": lambda d: [d.popup_toast(title="a"), {"message": "updated"}],
    "system.closeToast": lambda d: [d.popup_toast(title="a")],
    "auth.getPureCloudToken": lambda d: [False],
    "configuration.getOption": lambda d: [["voice.*", "toast.window-title"]],
    "configuration.getContextualOption": lambda d: ["voice.auto-answer", call_in(d, "RINGING")],
    "email.create": lambda d: ["ann@example.com", {"Subject": "Hello"}],
    "interaction.selectCaseByCaseId": lambda d: [d.interactions[call_in(d, "RINGING")].case_id],
    "interaction.markdone": lambda d: [chat_in(d, "ACCEPTED")],
    "interaction.blockMarkdone": lambda d: [call_in(d, "TALKING"), "Fill in the disposition first"],
    "interaction.unblockMarkdone": lambda d: [call_in(d, "TALKING")],
    "interaction.accept": lambda d: [chat_in(d, "INVITED")],
    "interaction.reject": lambda d: [chat_in(d, "INVITED")],
    "interaction.consult": lambda d: [call_in(d, "TALKING"), {"type": "AGENT", "destination": "7002"}, {"A": 1}, None],
    "interaction.singleStepTransfer": lambda d: [call_in(d, "TALKING"), "5002", None, {"ek": "ev"}],
    "interaction.singleStepConference": lambda d: [call_in(d, "TALKING"), "5002"],
    "interaction.completeTransfer": lambda d: [consultation(d)],
    "interaction.completeConference": lambda d: [consultation(d)],
    "messenger.broadcastMessage": lambda d: ["team", {"text": "hi"}],
    "outbound.getPreviewRecord": lambda d: [_pull_ready(d)],
    "outbound.callPreviewRecord": first_handle,
    "outbound.rejectPreviewRecord": lambda d: [preview(d)],
    "outbound.cancelPreviewRecord": lambda d: [preview(d)],
    "outbound.rescheduleRecord": lambda d: [*first_handle(d), "12/31/2098 14:30", "CAMPAIGN"],
    "outbound.cancelReschedule": lambda d: [reschedulable(d)],
    "outbound.setCallResult": lambda d: [preview(d, "CALL"), 6],
    "outbound.getCallResult": lambda d: [preview(d)],
    "outbound.setDoNotCall": lambda d: [preview(d)],
    "outbound.removeDoNotCall": lambda d: [preview(d)],
    "outbound.getChainedRecords": lambda d: [preview(d)],
    "outbound.getRecordFields": lambda d: [preview(d)],
    "outbound.updateRecordFields": lambda d: [preview(d), {"GSW_CUSTOM_STRING": "x"}],
    "system.openDialog": lambda d: ["https://app.example/dialog.html", {"label": "Notes", "width": "430px"}],
    "system.closeDialog": lambda d: [with_dialog(d)],
    "system.updateViewInApplicationMenuBar": lambda d: [{"name": "crm", "label": "CRM"}],
    "system.closeViewInApplicationMenuBar": lambda d: [d.update_menu_view({"name": "crm"}) or "crm"],
}


def _pull_ready(desk: AgentDesktop) -> str:
    desk.load_campaign("Offer", "Preview")
    desk.start_campaign("Offer")
    desk.add_records("Offer", ["5550001"])
    return "Offer"


@pytest.mark.parametrize("method", spec_params(current_methods()))
def test_every_current_request_succeeds_with_valid_arguments(method: dict[str, Any]) -> None:
    desk = new_desk()
    name = method["request"]
    assert name in SERVICE, f"{name} is not implemented"
    notebook_call(desk, name, *VALID_ARGS.get(name, lambda d: [])(desk))


@pytest.mark.parametrize("method", spec_params([m for m in current_methods() if m["params"]]))
def test_every_current_request_refuses_a_wrong_typed_first_parameter(method: dict[str, Any]) -> None:
    desk = new_desk()
    name = method["request"]
    args = VALID_ARGS.get(name, lambda d: [None] * len(method["params"]))(desk)
    args[0] = wrong_value(method["params"][0]["type"])
    before = desk.snapshot()
    with pytest.raises(InvalidParameterError, match=name.replace(".", r"\.")):
        notebook_call(desk, name, *args)
    assert desk.snapshot() == before


def test_full_method_coverage_count(capsys: pytest.CaptureFixture[str]) -> None:
    methods = current_methods()
    covered = [m["request"] for m in methods if m["request"] in SERVICE]
    historical = [m["request"] for m in SPEC if m["status"].startswith("historical")]
    with capsys.disabled():
        print(
            f"\nSCAPI coverage: {len(covered)}/{len(methods)} current requests of the table answered "
            f"({len(historical)} historical ones not served: {', '.join(historical)})"
        )
    assert len(covered) == len(methods)
    assert not set(historical) & set(SERVICE.names)
