"""The one boundary check (``scapi_widget.wire.values``) and how ``protocol.parse`` applies it to
everything an app posts: lone surrogates, non-finite or huge numbers, depth and size."""

from __future__ import annotations

import time
from typing import Any

import pytest
from jupyter_client.session import json_packer

from scapi_widget.desktop import AgentDesktop
from scapi_widget.errors import MAX_ERROR_MESSAGE, InvalidParameterError
from scapi_widget.wire import protocol, values
from scapi_widget.wire.protocol import Malformed, Request
from scapi_widget.wire.values import (
    MAX_CHARACTERS,
    MAX_DEPTH,
    MAX_ITEMS,
    check_wire_value,
    describe,
    wire_problem,
)

BASE = {"userAgent": "WWE Client", "protocolVersion": 2, "referenceId": "0"}


def nested(depth: int, leaf: Any = 1, *, as_object: bool = False) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if as_object else [value]
    return value


GOOD: list[Any] = [
    None, True, 0, -1, 2**53, 1.5, -0.0, 1e308, "", "é😀\x00", [], {}, {"k": [1, {"x": None}]},
    nested(MAX_DEPTH), nested(MAX_DEPTH, as_object=True), "x" * MAX_CHARACTERS, list(range(MAX_ITEMS - 1)),
]  # fmt: skip

BAD: list[tuple[Any, str]] = [
    ("\ud800", "lone UTF-16 surrogate"),
    ("ok\udfffok", "lone UTF-16 surrogate"),
    ({"\udc80": 1}, "object key holds a lone UTF-16 surrogate"),
    ([1, {"k": ["\ud83d"]}], "[1]['k'][0]: a string holds a lone UTF-16 surrogate"),
    (float("nan"), "numbers must be finite"),
    ([float("inf")], "[0]: numbers must be finite"),
    ({"n": -float("inf")}, "numbers must be finite"),
    (2**1024, "out of range"),
    (-(2**5000), "out of range"),
    (nested(MAX_DEPTH + 1), f"nested more than {MAX_DEPTH} levels"),
    (nested(100_000, as_object=True), f"nested more than {MAX_DEPTH} levels"),
    ("x" * (MAX_CHARACTERS + 1), f"more than {MAX_CHARACTERS} characters"),
    (["x" * 600_000, {"y" * 500_000: 1}], f"more than {MAX_CHARACTERS} characters"),
    (list(range(MAX_ITEMS + 1)), f"more than {MAX_ITEMS} values"),
    ({1: "a"}, "keys must be strings"),
    ({"s": {1, 2}}, "set is not a JSON value"),
    (b"bytes", "bytes is not a JSON value"),
]


@pytest.mark.parametrize("value", GOOD, ids=range(len(GOOD)))
def test_values_the_kernel_encodes_pass(value: Any) -> None:
    assert wire_problem(value) is None
    json_packer(value)  # and the kernel's encoder agrees


@pytest.mark.parametrize(("value", "reason"), BAD, ids=[r for _, r in BAD])
def test_values_the_kernel_cannot_encode_are_refused_with_where_and_why(value: Any, reason: str) -> None:
    with pytest.raises(InvalidParameterError, match=r"^user data") as info:
        check_wire_value(value, "user data")
    assert reason in str(info.value)
    assert len(str(info.value)) < 200
    str(info.value).encode("utf-8")  # the message itself is always encodable


def test_python_arguments_may_hold_other_objects_but_not_bad_text_or_numbers() -> None:
    marker = object()
    assert wire_problem([marker, {1: marker}, ("ok", 2.5)], foreign_ok=True) is None
    assert wire_problem([marker, {1: ["\ud800"]}], "f() argument", foreign_ok=True) == (
        "f() argument[1]['int 1'][0]: a string holds a lone UTF-16 surrogate (not valid Unicode)"
    )
    assert "numbers must be finite" in str(wire_problem((marker, float("nan")), foreign_ok=True))
    assert "object is not a JSON value" in str(wire_problem([marker]))


def test_describe_is_short_for_any_value_and_never_reprs_it_whole() -> None:
    huge = "\ud800" * 10_000_000
    values = [huge, 2**100_000, list(range(1_000_000)), {"k": huge}]
    start = time.perf_counter()
    texts = [describe(value) for value in values]
    assert time.perf_counter() - start < 0.05  # a repr of the string alone takes longer
    assert texts[1:] == ["int of 100001 bits", "list of 1000000 item(s)", "dict of 1 key(s)"]
    for text in texts:
        assert len(text) < 300
        text.encode("utf-8")


# ---------------------------------------------------------------------------- at the protocol boundary

HOSTILE_PARAMETERS: list[tuple[Any, str]] = [
    (["\ud800"], "message['parameters'][0]: a string holds a lone UTF-16 surrogate"),
    ([{"k": float("nan")}], "numbers must be finite"),
    ([nested(2000)], "nested more than"),
    (nested(5000, as_object=True), "nested more than"),  # not an array: used to raise RecursionError
    (["x" * 10_000_000], "characters of text"),
    ("x" * 10_000_000, "characters of text"),  # not an array: used to repr 10 MB into the message
    ([2**2000], "out of range"),
]


@pytest.mark.parametrize(("parameters", "reason"), HOSTILE_PARAMETERS, ids=[r for _, r in HOSTILE_PARAMETERS])
def test_parse_refuses_hostile_values_with_a_short_reason(parameters: Any, reason: str) -> None:
    parsed = protocol.parse({**BASE, "request": "voice.dial", "parameters": parameters})
    assert isinstance(parsed, Malformed)
    assert reason in parsed.error_message
    assert len(parsed.error_message) < 300
    json_packer(protocol.failure(parsed.reference_id, parsed.error_message))


@pytest.mark.parametrize("field", ["data", "frameId", "unknownField"])
def test_every_field_is_checked_not_just_parameters(field: str) -> None:
    parsed = protocol.parse({**BASE, "event": "subscribe", "data": "agent", field: nested(3000, as_object=True)})
    assert isinstance(parsed, Malformed) and "nested more than" in parsed.error_message
    parsed = protocol.parse({**BASE, "request": "agent.get", field: {"k": "\udfff"}})
    assert isinstance(parsed, Malformed) and "surrogate" in parsed.error_message


@pytest.mark.parametrize("ref", ["\ud800", "x" * (protocol.MAX_REFERENCE_ID_LENGTH + 1), 2**1100])
def test_a_reference_id_that_cannot_be_echoed_is_not_answered(ref: Any) -> None:
    assert protocol.parse({**BASE, "referenceId": ref, "request": "agent.get"}) is None


def test_a_long_error_message_is_cut() -> None:
    reply = protocol.failure("r", "e" * 50_000)
    assert len(reply["errorMessage"]) == MAX_ERROR_MESSAGE
    with pytest.raises(InvalidParameterError) as info:  # a Python caller's message is cut alike
        AgentDesktop().set_agent_state("x" * 900_000)
    assert len(str(info.value)) == MAX_ERROR_MESSAGE and len(info.value.error_message) == MAX_ERROR_MESSAGE


def test_well_formed_requests_still_parse() -> None:
    params = ["5001", {"k": [1, 2.5, "é😀", None, nested(MAX_DEPTH - 4)]}]  # the envelope is 4 levels above
    assert protocol.parse({**BASE, "request": "voice.dial", "parameters": params}) == Request(
        "voice.dial", tuple(params), "0"
    )


@pytest.mark.parametrize("value", [*GOOD, *(v for v, _ in BAD), (1, "a"), {"a": (2.5, [])}, 2**1023])
def test_the_quick_look_passes_only_what_the_full_walk_passes(value: Any) -> None:
    """wire_problem first looks quickly at plain values (the hot path of every verb); whatever it
    passes, the full walk passes too, and what it does not, the walk judges."""
    totals = [1, 0]
    quick = values._plainly_carried(value, 0, totals) and totals[0] <= MAX_ITEMS and totals[1] <= MAX_CHARACTERS
    walked = values._walk(value, "the value", False)
    assert not quick or walked is None
    assert wire_problem(value) == walked


def test_the_quick_look_passes_a_verbs_plain_arguments() -> None:
    assert values._plainly_carried(["1", {"Seq": 1, "Notes": "x" * 80, "ok": [True, None, 2.5]}], 0, [1, 0])
    assert not values._plainly_carried(["é"], 0, [1, 0])  # not ASCII: the walk checks for surrogates
