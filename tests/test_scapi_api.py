"""scapi_api.py is derived from the request table and cannot drift; its types hold at run time."""

from __future__ import annotations

import contextlib
import inspect
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.json_types import is_json
from scapi_widget.notebook import api_codegen
from scapi_widget.notebook.namespaces import (
    InteractionInfo,
    RequestNamespace,
    answer_json,
    answer_none,
    answer_of,
    request,
    snake_case,
)
from scapi_widget.notebook.scapi_api import Scapi
from scapi_widget.notebook.widget_config import AppsCutOffWarning
from scapi_widget.wire.spec import REQUESTS, RequestDef, current

from .desktop_setups import valid_args


def test_the_committed_module_is_what_the_table_gives() -> None:
    committed = api_codegen.TARGET.read_text(encoding="utf-8")
    assert committed == api_codegen.render(), "scapi_api.py is stale: run python3 -m scapi_widget.notebook.api_codegen"
    assert api_codegen.main(["api_codegen", "--check"]) == 0


def test_the_check_fails_when_the_file_differs(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    stale = tmp_path / "scapi_api.py"
    stale.write_text(api_codegen.render().replace("def dial(", "def dial_number("), encoding="utf-8")
    monkeypatch.setattr(api_codegen, "TARGET", stale)
    assert api_codegen.main(["api_codegen", "--check"]) == 1


def test_one_class_per_namespace_and_one_method_per_current_request() -> None:
    scapi = Scapi(lambda name, *values: None)
    served = {(snake_case(r.namespace), snake_case(r.method)) for r in current()}
    found = {(ns, m) for ns in dir(scapi) for m in dir(getattr(scapi, ns))}
    assert found == served
    for ns in dir(scapi):
        namespace = getattr(scapi, ns)
        assert isinstance(namespace, RequestNamespace)
        assert type(namespace).__name__ == api_codegen.class_name(namespace._namespace)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("agent.Agent", "JsonObject"),
        ("Array<media.State>", "list[JsonObject]"),
        ("Array<interaction.Interaction>", "list[InteractionInfo]"),
        ("interaction.Interaction or null", "InteractionInfo | None"),
        ("Array<string> (allowed request names)", "list[str]"),
        ("object {expiration: ISO-8601 string, jwtToken: string}", "JsonObject"),
        ("boolean (false if id unknown)", "bool"),
        ("string (toast id, e.g. 'wweCustomToast0')", "str"),
        ("undocumented (boolean inferred)", "JsonValue"),
        ("unknown (presumably Array<interaction.Interaction>)", "JsonValue"),
    ],
)
def test_return_types_follow_the_tables_answer_text(answer: str, expected: str) -> None:
    entry = RequestDef("x.y", "Y.", "documented", (), "value", answer)
    check, nullable = answer_of(entry)
    annotation = check.__annotations__["return"]
    assert (f"{annotation} | None" if nullable else annotation) == expected


def test_an_answer_text_naming_no_known_type_stops_the_generator() -> None:
    entry = RequestDef("x.y", "Y.", "documented", (), "value", "a list of strings")
    with pytest.raises(ValueError, match=r"x\.y: the table's answer 'a list of strings' names no type"):
        answer_of(entry)
    assert answer_of(RequestDef("x.z", "Z.", "documented", (), "none")) == (answer_none, False)


def value_requests() -> list[Any]:
    return [pytest.param(e, id=e.name) for e in current() if e.returns == "value"]


@pytest.mark.parametrize("entry", value_requests())
def test_each_value_request_answers_the_type_its_method_declares(entry: RequestDef) -> None:
    desk = Desktop()
    method = getattr(getattr(desk.scapi, snake_case(entry.namespace)), snake_case(entry.method))
    # a dialog of another origin than the apps' is left out of the accepted origins, and says so
    opens_a_foreign_dialog = entry.name == "system.openDialog"
    with pytest.warns(AppsCutOffWarning) if opens_a_foreign_dialog else contextlib.nullcontext():
        answer = method(*valid_args(desk.desktop, entry.name))  # raises TypeError if the answer is not of its type
    check, nullable = answer_of(entry)
    assert is_json(answer)
    if check is not answer_json and not nullable:
        assert answer is not None
    if snake_case(entry.method) in ("get_interactions", "get_by_interaction_id"):
        assert all(isinstance(i, InteractionInfo) for i in (answer if isinstance(answer, list) else [answer]))


def test_an_answer_that_is_not_the_declared_type_is_a_type_error() -> None:
    answers: dict[str, Any] = {"agent.get": ["not", "an", "object"], "system.closeToast": "yes", "voice.hold": 1}
    scapi = Scapi(lambda name, *values: answers[name])
    with pytest.raises(TypeError, match=r"^agent\.get answered \['not', 'an', 'object'\], not an object as the"):
        scapi.agent.get()
    with pytest.raises(TypeError, match=r"^system\.closeToast answered 'yes', not a boolean"):
        scapi.system.close_toast("t")
    with pytest.raises(TypeError, match=r"^voice\.hold answered 1, not nothing"):
        scapi.voice.hold("1")
    with pytest.raises(TypeError, match=r"^agent\.getState answered a set, which is not a JSON value"):
        Scapi(lambda name, *values: {1}).agent.get_state()


def test_a_method_whose_parameters_are_not_the_tables_is_refused_when_its_class_is_made() -> None:
    with pytest.raises(TypeError, match=r"\['number'\] are not the parameters of voice\.dial in the request table"):

        class Wrong(RequestNamespace):
            @request("voice.dial")
            def dial(self, number: str) -> None: ...


def test_methods_are_plain_functions_with_the_tables_name_and_text() -> None:
    scapi = Scapi(lambda name, *values: None)
    dial = scapi.voice.dial
    assert dial.__name__ == "dial" and dial.__doc__ is not None
    assert dial.__doc__.startswith(REQUESTS["voice.dial"].summary)
    assert inspect.ismethod(dial) and inspect.signature(dial).parameters.keys() == {"destination", "user_data"}
    assert scapi.system.am_i_visible.__name__ == "am_i_visible"  # amIVisible: each capital starts a word


def test_unknown_namespaces_are_attribute_errors_that_list_the_namespaces() -> None:
    scapi = Scapi(lambda name, *values: None)
    with pytest.raises(AttributeError, match=r"no SCAPI namespace 'telephony'; there are: agent, auth, configuration"):
        scapi.telephony  # noqa: B018
    assert repr(scapi).startswith("<SCAPI namespaces: agent, auth, ")


@pytest.mark.parametrize(
    ("value", "json"),
    [
        ({"a": [1, 2.5, True, None, "s", {"b": []}]}, True),
        ({1: "int key"}, False),
        ([{"a": (1, 2)}], False),
        ({"a": {"b": object()}}, False),
    ],
)
def test_is_json_accepts_json_types_only(value: object, json: bool) -> None:
    assert is_json(value) is json
