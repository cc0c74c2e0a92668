"""The SCAPI namespaces in Python (``desk.voice.dial``): real signatures and reference text from the
package's request table, binding errors that name the request, and nothing but requests in ``dir()``."""

from __future__ import annotations

import functools
import inspect
import re
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.errors import InvalidParameterError
from scapi_widget.notebook.namespaces import (
    NAMESPACES,
    answer_bool,
    answer_interaction,
    answer_interactions,
    answer_json,
    answer_none,
    answer_object,
    answer_objects,
    answer_of,
    answer_str,
    answer_strings,
    snake_case,
)
from scapi_widget.notebook.scapi_api import Scapi
from scapi_widget.service import notebook_call
from scapi_widget.wire.spec import KINDS, REQUESTS, RequestDef, current

from .conftest import new_desk
from .pydoc_text import help_text

Sent = list[tuple[Any, ...]]


# A value of each answer's type, for requests that are recorded instead of run.
SAMPLE_ANSWERS: dict[Any, Any] = {
    answer_none: None,
    answer_json: None,
    answer_bool: True,
    answer_str: "x",
    answer_object: {},
    answer_objects: [],
    answer_strings: [],
    answer_interaction: {"interactionId": "1", "state": "RINGING"},
    answer_interactions: [],
}


def recording_scapi() -> tuple[Scapi, Sent]:
    """Namespaces whose requests are recorded instead of run (answering a value of the right type)."""
    sent: Sent = []

    def call(name: str, *values: Any) -> Any:
        sent.append((name, *values))
        return SAMPLE_ANSWERS[answer_of(REQUESTS[name])[0]]

    return Scapi(call), sent


def method_of(scapi: Scapi, entry: RequestDef) -> Any:
    return getattr(getattr(scapi, snake_case(entry.namespace)), snake_case(entry.method))


def by_request() -> list[Any]:
    return [pytest.param(entry, id=entry.name) for entry in current()]


@pytest.mark.parametrize("entry", by_request())
def test_each_request_has_the_tables_parameters_as_its_signature(entry: RequestDef) -> None:
    signature = inspect.signature(method_of(recording_scapi()[0], entry))
    params = list(signature.parameters.values())
    assert [p.name for p in params] == [snake_case(p.name) for p in entry.params]
    for param, table in zip(params, entry.params, strict=True):
        assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        if table.optional:
            assert param.default is None and param.annotation == f"{KINDS[table.kind].annotation} | None"
        else:
            assert param.default is inspect.Parameter.empty and param.annotation == KINDS[table.kind].annotation
    answer, nullable = answer_of(entry)
    returns = answer.__annotations__["return"]
    assert signature.return_annotation == (f"{returns} | None" if nullable else returns)
    assert "Any" not in str(signature)


@pytest.mark.parametrize("entry", by_request())
def test_help_shows_the_signature_and_the_reference_text(entry: RequestDef) -> None:
    method = method_of(recording_scapi()[0], entry)
    text = help_text(method)
    assert f"{snake_case(entry.method)}{inspect.signature(method)}" in text
    flat = " ".join(text.split())
    assert entry.summary in flat
    for param in entry.params:
        assert f"{snake_case(param.name)}: {param.summary}" in flat
    if entry.returns == "value":
        assert f"Answers {entry.answer}." in flat
    else:
        assert "Answers nothing (None)." in flat


@pytest.mark.parametrize("entry", by_request())
def test_each_request_sends_its_arguments_in_table_order_by_position_or_keyword(entry: RequestDef) -> None:
    scapi, sent = recording_scapi()
    method = method_of(scapi, entry)
    values = [f"v{i}" for i in range(len(entry.params))]
    method(*values)
    method(**{snake_case(p.name): v for p, v in zip(entry.params, values, strict=True)})
    assert sent == [(entry.name, *values)] * 2


def test_the_desktops_dial_shows_its_parameters_and_places_the_call() -> None:
    desk = Desktop()
    assert (
        str(inspect.signature(desk.voice.dial))
        == "(destination: 'str', user_data: 'JsonObject | None' = None) -> 'None'"
    )
    assert desk.voice is desk.scapi.voice
    desk.voice.dial("5001", user_data={"CustomerId": "C-1"})
    (call,) = desk.interaction.get_interactions()
    assert (call["state"], call["userData"]["CustomerId"]) == ("DIALING", "C-1")


def test_omitted_optional_parameters_are_not_sent() -> None:
    scapi, sent = recording_scapi()
    scapi.voice.dial("5001")
    scapi.voice.dial("5001", None)
    scapi.voice.dial_ex("5001", extensions={"ek": "ev"})
    scapi.interaction.consult("1", "5002", user_data={"A": "b"})
    assert sent == [
        ("voice.dial", "5001"),
        ("voice.dial", "5001"),
        ("voice.dialEx", "5001", None, {"ek": "ev"}),  # a later one given: the earlier one is sent as null
        ("interaction.consult", "1", "5002", {"A": "b"}),
    ]


def test_a_required_parameter_given_as_none_reaches_the_service_and_is_refused_there() -> None:
    scapi, sent = recording_scapi()
    scapi.voice.hold(None)
    assert sent == [("voice.hold", None)]
    with pytest.raises(InvalidParameterError, match=r"voice\.hold: parameter 1 \(interactionId\) must be a string"):
        Scapi(functools.partial(notebook_call, new_desk())).voice.hold(None)


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (lambda v: v.dial(), "is missing required argument(s) 'destination'"),
        (lambda v: v.dial(user_data={}), "is missing required argument(s) 'destination'"),
        (lambda v: v.dial("5001", {}, "extra"), "takes 2 argument(s), got 3"),
        (lambda v: v.dial("5001", colour="red"), "got unexpected keyword argument(s) 'colour'"),
        (
            lambda v: v.dial("5001", userData={}),
            "got unexpected keyword argument(s) 'userData' (did you mean 'user_data'?)",
        ),
        (lambda v: v.dial("5001", destination="5002"), "got 'destination' twice"),
    ],
    ids=["nothing", "only-optional", "too-many", "unknown-keyword", "table-spelling", "twice"],
)
def test_wrong_arguments_raise_a_type_error_naming_the_request_and_its_parameters(call: Any, problem: str) -> None:
    scapi, sent = recording_scapi()
    with pytest.raises(TypeError) as caught:
        call(scapi.voice)
    assert str(caught.value) == f"voice.dial() {problem}; its parameters are: destination, user_data=None"
    assert sent == []


def test_a_request_without_parameters_says_so() -> None:
    scapi, sent = recording_scapi()
    with pytest.raises(TypeError, match=re.escape("agent.get() takes 0 argument(s), got 1; its parameters are: none")):
        scapi.agent.get(1)
    assert sent == []


def test_namespaces_list_only_their_requests() -> None:
    scapi, _ = recording_scapi()
    assert dir(scapi) == [snake_case(n) for n in NAMESPACES]
    for name in NAMESPACES:
        namespace = getattr(scapi, snake_case(name))
        expected = sorted(snake_case(e.method) for e in current() if e.namespace == name)
        assert dir(namespace) == expected
        assert [a for a in dir(type(namespace)) if not a.startswith("_")] == expected  # the class: requests only
        assert repr(namespace) == f"<SCAPI namespace {name}: {', '.join(expected)}>"
    with pytest.raises(AttributeError, match=r"voice has no request 'teleport'; it has: answer, dial, "):
        scapi.voice.teleport  # noqa: B018


def test_the_desktops_namespaces_hide_widget_internals() -> None:
    desk = Desktop()
    for namespace in (desk.voice, desk.interaction, desk.system, desk.outbound):
        assert not {"send", "open", "close", "hold_sync", "log", "keys"} & set(dir(namespace))
        assert all(callable(getattr(namespace, name)) for name in dir(namespace))
