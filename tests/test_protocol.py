"""The wire protocol: parsing what apps post, and the exact envelopes the desktop posts back."""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget import protocol
from scapi_widget.protocol import Malformed, Request, Subscribe, Unsubscribe

BASE = {"userAgent": "WWE Client", "protocolVersion": 2, "referenceId": "0"}


def env(**fields: Any) -> dict[str, Any]:
    return {**BASE, **fields}


def test_request_with_parameters() -> None:
    assert protocol.parse(env(request="voice.dial", parameters=["5001", None], frameId=3)) == Request(
        "voice.dial", ("5001", None), "0", 3
    )


def test_missing_parameters_mean_none() -> None:
    assert protocol.parse(env(request="agent.get")) == Request("agent.get", (), "0")


def test_numeric_reference_id_is_kept_as_a_number() -> None:
    parsed = protocol.parse(env(request="agent.get", referenceId=7))
    assert isinstance(parsed, Request) and parsed.reference_id == 7


@pytest.mark.parametrize(
    "data",
    [
        None,
        1,
        "wwe string",
        [BASE],
        {},
        {"request": "agent.get", "referenceId": "1"},
        env(userAgent="Mozilla"),
        env(userAgent=5),
        env(userAgent="WWE Server", request="agent.get"),
        env(referenceId=None, request="agent.get"),
        env(referenceId="", request="agent.get"),
        env(referenceId=0, request="agent.get"),
        env(referenceId=True, request="agent.get"),
        env(referenceId=[1], request="agent.get"),
    ],
)
def test_not_scapi_traffic_or_unanswerable_is_ignored(data: Any) -> None:
    assert protocol.parse(data) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (env(request="agent.get", protocolVersion="2"), "protocolVersion must be a number"),
        (env(request="agent.get", protocolVersion=3), "protocolVersion 3 is not supported"),
        (env(request=5), "request must be a non-empty string"),
        (env(request=""), "request must be a non-empty string"),
        (env(), "request must be a non-empty string"),
        (env(request="x" * 300), "too long"),
        (env(request="agent.get", parameters={"a": 1}), "parameters must be an array"),
        (env(request="agent.get", parameters="x"), "parameters must be an array"),
        (env(request="agent.get", parameters=list(range(17))), "too many parameters"),
        (env(event="subscribe", data=[]), "non-empty array"),
        (env(event="subscribe", data=None), "non-empty array"),
        (env(event="subscribe", data=["agent", 5]), "event names must be non-empty strings"),
        (env(event="subscribe", data=[""]), "event names must be non-empty strings"),
        (env(event="subscribe", data=["a"] * 65), "at most 64"),
        (env(event="unsubscribe", data=None), "unsubscribe needs a subscriptionId"),
        (env(event="unsubscribe", data=True), "unsubscribe needs a subscriptionId"),
        (env(event="publish", data="x"), "unknown event"),
    ],
)
def test_malformed_traffic_is_answered_with_a_reason(data: dict[str, Any], message: str) -> None:
    parsed = protocol.parse(data)
    assert isinstance(parsed, Malformed)
    assert parsed.reference_id == "0"
    assert message in parsed.error_message


def test_subscribe_string_and_array() -> None:
    assert protocol.parse(env(event="subscribe", data="agent")) == Subscribe(("agent",), "0")
    assert protocol.parse(env(event="subscribe", data=["agent", "messenger:c"], frameId=2)) == Subscribe(
        ("agent", "messenger:c"), "0", 2
    )


def test_unsubscribe_id_becomes_a_string() -> None:
    assert protocol.parse(env(event="unsubscribe", data=4)) == Unsubscribe("4", "0")
    assert protocol.parse(env(event="unsubscribe", data="4")) == Unsubscribe("4", "0")


def test_success_envelope() -> None:
    assert protocol.success("3", {"a": 1}) == {
        "referenceId": "3",
        "data": {"a": 1},
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }
    assert protocol.success("3", None) == {
        "referenceId": "3",
        "data": None,
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }


def test_void_success_has_no_data() -> None:
    assert protocol.success("3") == {"referenceId": "3", "userAgent": "WWE Server", "protocolVersion": 2}


def test_failure_envelope_has_error_message_and_no_data() -> None:
    assert protocol.failure(9, "bad") == {
        "referenceId": 9,
        "errorMessage": "bad",
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }


def test_subscribed_envelope() -> None:
    assert protocol.subscribed("1", "12") == {
        "referenceId": "1",
        "subscriptionId": "12",
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }


def test_notification_envelope_has_no_reference_id() -> None:
    note = protocol.notification("agent", {"eventType": "STATE_CHANGED"})
    assert note == {
        "event": "agent",
        "data": {"eventType": "STATE_CHANGED"},
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }


def test_frame_id_assignment_is_neither_event_nor_response() -> None:
    message = protocol.frame_id_assignment(4)
    assert message["frameId"] == 4 and message["userAgent"] == "WWE Server"
    assert "event" not in message and "referenceId" not in message
