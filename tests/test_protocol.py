"""The wire protocol: parsing what apps post, and the exact envelopes the desktop posts back
(REFERENCE §1.2-§1.6)."""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget.wire import protocol
from scapi_widget.wire.protocol import Malformed, Request, Subscribe, Unsubscribe

BASE = {"userAgent": "WWE Client", "protocolVersion": 2, "referenceId": "0"}
HOST = {"userAgent": "WWE Server", "protocolVersion": 2}


def msg(**fields: Any) -> dict[str, Any]:
    """A client envelope with ``fields`` added or replaced."""
    return {**BASE, **fields}


def without(key: str, **fields: Any) -> dict[str, Any]:
    data = msg(**fields)
    data.pop(key, None)
    return data


# ---------------------------------------------------------------------------- requests


def test_request_with_parameters_and_frame_id() -> None:
    parsed = protocol.parse(msg(request="voice.dial", parameters=["5001", None], frameId=3))
    assert parsed == Request("voice.dial", ("5001", None), "0", 3)


def test_request_without_frame_id_has_none() -> None:
    assert protocol.parse(msg(request="agent.get", parameters=[])) == Request("agent.get", (), "0", None)


@pytest.mark.parametrize("data", [msg(request="agent.get"), msg(request="agent.get", parameters=None)])
def test_missing_parameters_mean_an_empty_array(data: dict[str, Any]) -> None:
    parsed = protocol.parse(data)
    assert isinstance(parsed, Request)
    assert parsed.parameters == ()


def test_parameters_keep_their_values_and_order() -> None:
    params = ["1", {"a": [1, 2]}, None, 3.5, True, [], ""]
    parsed = protocol.parse(msg(request="x.y", parameters=params))
    assert isinstance(parsed, Request)
    assert parsed.parameters == tuple(params)


def test_sixteen_parameters_are_fine() -> None:
    parsed = protocol.parse(msg(request="x.y", parameters=list(range(16))))
    assert isinstance(parsed, Request) and len(parsed.parameters) == 16


@pytest.mark.parametrize("ref", [7, -3, 2**53])
def test_numeric_reference_id_is_kept_as_a_number(ref: int) -> None:
    parsed = protocol.parse(msg(request="agent.get", referenceId=ref))
    assert isinstance(parsed, Request)
    assert parsed.reference_id == ref and type(parsed.reference_id) is int


def test_string_reference_id_is_kept_exactly() -> None:
    parsed = protocol.parse(msg(request="agent.get", referenceId=" 07 "))
    assert isinstance(parsed, Request) and parsed.reference_id == " 07 "


@pytest.mark.parametrize("version", [1, 2])
def test_protocol_version_up_to_two_is_accepted(version: int) -> None:
    assert isinstance(protocol.parse(msg(request="agent.get", protocolVersion=version)), Request)


def test_missing_protocol_version_means_two() -> None:
    assert protocol.parse(without("protocolVersion", request="agent.get")) == Request("agent.get", (), "0")


def test_any_user_agent_naming_wwe_except_the_hosts_own_is_a_client() -> None:
    for agent in ("WWE Client", "WWE", "my WWE app"):
        assert isinstance(protocol.parse(msg(request="agent.get", userAgent=agent)), Request)


# ---------------------------------------------------------------------------- ignored


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(None, id="none"),
        pytest.param(1, id="number"),
        pytest.param("wwe string", id="string"),
        pytest.param(b"WWE", id="bytes"),
        pytest.param([BASE], id="array"),
        pytest.param({}, id="empty-object"),
        pytest.param({"request": "agent.get", "referenceId": "1"}, id="no-userAgent"),
        pytest.param(msg(request="agent.get", userAgent="Mozilla/5.0"), id="foreign-userAgent"),
        pytest.param(msg(request="agent.get", userAgent=5), id="numeric-userAgent"),
        pytest.param(msg(request="agent.get", userAgent=None), id="null-userAgent"),
        pytest.param(msg(request="agent.get", userAgent=["WWE Client"]), id="array-userAgent"),
        pytest.param(msg(request="agent.get", userAgent="WWE Server"), id="own-echo"),
        pytest.param(msg(referenceId="1", data=1, **HOST), id="own-response-echo"),
        pytest.param(msg(event="agent", data={}, **HOST), id="own-notification-echo"),
        pytest.param(without("referenceId", request="agent.get"), id="no-referenceId"),
        pytest.param(msg(referenceId=None, request="agent.get"), id="null-referenceId"),
        pytest.param(msg(referenceId="", request="agent.get"), id="empty-referenceId"),
        pytest.param(msg(referenceId=0, request="agent.get"), id="zero-referenceId"),
        pytest.param(msg(referenceId=True, request="agent.get"), id="true-referenceId"),
        pytest.param(msg(referenceId=False, request="agent.get"), id="false-referenceId"),
        pytest.param(msg(referenceId=1.5, request="agent.get"), id="float-referenceId"),
        pytest.param(msg(referenceId=[1], request="agent.get"), id="array-referenceId"),
        pytest.param(msg(referenceId={"a": 1}, request="agent.get"), id="object-referenceId"),
        pytest.param(without("referenceId", event="subscribe", data="agent"), id="subscribe-no-referenceId"),
        pytest.param(msg(referenceId="", request=5, protocolVersion="x"), id="malformed-but-unanswerable"),
    ],
)
def test_not_scapi_traffic_or_unanswerable_is_ignored(data: Any) -> None:
    assert protocol.parse(data) is None


def test_every_envelope_the_host_builds_is_ignored_when_echoed() -> None:
    for built in (
        protocol.success("1", {"a": 1}),
        protocol.success("1"),
        protocol.failure("1", "no"),
        protocol.subscribed("1", "2"),
        protocol.notification("agent", {"eventType": "STATE_CHANGED"}),
        protocol.frame_id_assignment(1),
    ):
        assert protocol.parse(built) is None, built


# ---------------------------------------------------------------------------- malformed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(msg(request="agent.get", protocolVersion="2"), "protocolVersion must be 1 or 2", id="v-string"),
        pytest.param(msg(request="agent.get", protocolVersion=None), "protocolVersion must be 1 or 2", id="v-null"),
        pytest.param(msg(request="agent.get", protocolVersion=True), "protocolVersion must be 1 or 2", id="v-bool"),
        pytest.param(msg(request="agent.get", protocolVersion=[2]), "protocolVersion must be 1 or 2", id="v-array"),
        pytest.param(msg(request="agent.get", protocolVersion=3), "got int 3", id="v-3"),
        pytest.param(msg(request="agent.get", protocolVersion=0), "protocolVersion must be 1 or 2", id="v-0"),
        pytest.param(msg(request="agent.get", protocolVersion=-1), "got int -1", id="v-negative"),
        pytest.param(msg(request="agent.get", protocolVersion=2.5), "protocolVersion must be 1 or 2", id="v-float"),
        pytest.param(msg(request="agent.get", protocolVersion=2**70), "got int of 71 bits", id="v-huge"),
        pytest.param(msg(request=5), "request must be a non-empty string, got int 5", id="request-number"),
        pytest.param(msg(request=""), "request must be a non-empty string", id="request-empty"),
        pytest.param(msg(request=None), "request must be a non-empty string, got nothing", id="request-null"),
        pytest.param(msg(request=["agent.get"]), "request must be a non-empty string, got list", id="request-array"),
        pytest.param(msg(request={"name": "x"}), "request must be a non-empty string, got dict", id="request-object"),
        pytest.param(msg(), "request must be a non-empty string, got nothing", id="no-request-no-event"),
        pytest.param(msg(request="x" * 300), "request name is too long", id="request-too-long"),
        pytest.param(
            msg(request="agent.get", parameters={"a": 1}), "agent.get: parameters must be an array", id="p-obj"
        ),
        pytest.param(msg(request="agent.get", parameters="x"), "agent.get: parameters must be an array", id="p-str"),
        pytest.param(msg(request="agent.get", parameters=5), "agent.get: parameters must be an array", id="p-num"),
        pytest.param(msg(request="agent.get", parameters=True), "agent.get: parameters must be an array", id="p-bool"),
        pytest.param(msg(request="agent.get", parameters=list(range(17))), "too many parameters (17)", id="p-17"),
        pytest.param(msg(event="subscribe", data=[]), "non-empty array of event names", id="sub-empty-array"),
        pytest.param(msg(event="subscribe", data=None), "non-empty array of event names", id="sub-null"),
        pytest.param(without("data", event="subscribe"), "non-empty array of event names", id="sub-no-data"),
        pytest.param(msg(event="subscribe", data=5), "non-empty array of event names", id="sub-number"),
        pytest.param(msg(event="subscribe", data={"agent": 1}), "non-empty array of event names", id="sub-object"),
        pytest.param(msg(event="subscribe", data=""), "event names must be non-empty strings", id="sub-empty-str"),
        pytest.param(msg(event="subscribe", data=["agent", 5]), "must be non-empty strings, got int 5", id="sub-num"),
        pytest.param(
            msg(event="subscribe", data=["agent", None]), "must be non-empty strings, got nothing", id="n-null"
        ),
        pytest.param(msg(event="subscribe", data=[""]), "event names must be non-empty strings", id="sub-empty-name"),
        pytest.param(
            msg(event="subscribe", data=[["agent"]]), "event names must be non-empty strings", id="sub-nested"
        ),
        pytest.param(msg(event="subscribe", data=["a" * 257]), "event names must be non-empty strings", id="sub-long"),
        pytest.param(msg(event="subscribe", data=["a"] * 65), "at most 64", id="sub-65-names"),
        pytest.param(msg(event="unsubscribe", data=None), "unsubscribe needs a subscriptionId", id="unsub-null"),
        pytest.param(without("data", event="unsubscribe"), "unsubscribe needs a subscriptionId", id="unsub-no-data"),
        pytest.param(msg(event="unsubscribe", data=True), "unsubscribe needs a subscriptionId", id="unsub-bool"),
        pytest.param(msg(event="unsubscribe", data=1.5), "unsubscribe needs a subscriptionId", id="unsub-float"),
        pytest.param(msg(event="unsubscribe", data=["1"]), "unsubscribe needs a subscriptionId", id="unsub-array"),
        pytest.param(msg(event="unsubscribe", data={"id": "1"}), "unsubscribe needs a subscriptionId", id="unsub-obj"),
        pytest.param(msg(event="publish", data="x"), "unknown event str 'publish'", id="event-unknown"),
        pytest.param(msg(event="Subscribe", data="agent"), "unknown event", id="event-case"),
        pytest.param(msg(event=5, data="agent"), "expected 'subscribe' or 'unsubscribe'", id="event-number"),
        pytest.param(msg(event="", data="agent"), "expected 'subscribe' or 'unsubscribe'", id="event-empty"),
    ],
)
def test_malformed_traffic_is_answered_with_a_reason(data: dict[str, Any], message: str) -> None:
    parsed = protocol.parse(data)
    assert isinstance(parsed, Malformed)
    assert parsed.reference_id == "0"
    assert message in parsed.error_message


def test_malformed_keeps_a_numeric_reference_id() -> None:
    assert protocol.parse(msg(referenceId=12, request=7)) == Malformed(
        12, "request must be a non-empty string, got int 7"
    )


def test_an_event_field_wins_over_a_request_field() -> None:
    assert protocol.parse(msg(event="subscribe", data="agent", request="voice.dial")) == Subscribe(("agent",), "0")


# ---------------------------------------------------------------------------- subscribe / unsubscribe


def test_subscribe_string_array_and_frame_id() -> None:
    assert protocol.parse(msg(event="subscribe", data="agent")) == Subscribe(("agent",), "0")
    assert protocol.parse(msg(event="subscribe", data=["agent", "messenger:c"], frameId=2)) == Subscribe(
        ("agent", "messenger:c"), "0", 2
    )


def test_subscribe_takes_up_to_64_names_of_up_to_256_characters() -> None:
    names = [f"n{i}" for i in range(63)] + ["x" * 256]
    parsed = protocol.parse(msg(event="subscribe", data=names))
    assert isinstance(parsed, Subscribe) and parsed.names == tuple(names)


@pytest.mark.parametrize(("data", "expected"), [(4, "4"), ("4", "4"), ("sub-a", "sub-a"), (0, "0")])
def test_unsubscribe_id_becomes_a_string(data: Any, expected: str) -> None:
    assert protocol.parse(msg(event="unsubscribe", data=data, frameId=9)) == Unsubscribe(expected, "0", 9)


# ---------------------------------------------------------------------------- envelopes the host builds


@pytest.mark.parametrize("ref", ["3", 3, "abc-1"])
def test_success_envelope_echoes_the_reference_id_exactly(ref: Any) -> None:
    built = protocol.success(ref, {"a": 1})
    assert built == {"referenceId": ref, "data": {"a": 1}, **HOST}
    assert type(built["referenceId"]) is type(ref)


def test_success_with_null_data_keeps_the_data_key() -> None:
    assert protocol.success("3", None) == {"referenceId": "3", "data": None, **HOST}
    assert protocol.success("3", False) == {"referenceId": "3", "data": False, **HOST}


def test_void_success_has_no_data_key() -> None:
    built = protocol.success("3")
    assert built == {"referenceId": "3", **HOST}
    assert "data" not in built and "errorMessage" not in built


@pytest.mark.parametrize("ref", [9, "9"])
def test_failure_envelope_has_error_message_and_no_data(ref: Any) -> None:
    built = protocol.failure(ref, "bad")
    assert built == {"referenceId": ref, "errorMessage": "bad", **HOST}
    assert type(built["referenceId"]) is type(ref)
    assert "data" not in built


def test_subscribed_envelope_has_a_top_level_subscription_id() -> None:
    built = protocol.subscribed("1", "12")
    assert built == {"referenceId": "1", "subscriptionId": "12", **HOST}
    assert "data" not in built


def test_notification_envelope_has_no_reference_id() -> None:
    note = protocol.notification("agent", {"eventType": "STATE_CHANGED"})
    assert note == {"event": "agent", "data": {"eventType": "STATE_CHANGED"}, **HOST}
    assert list(note) == ["event", "data", "userAgent", "protocolVersion"]


def test_frame_id_assignment_is_neither_event_nor_response() -> None:
    message = protocol.frame_id_assignment(4)
    assert message == {"frameId": 4, **HOST}
    assert "event" not in message and "referenceId" not in message


def test_host_envelopes_are_always_wwe_server_version_2() -> None:
    for built in (
        protocol.success(1, 2),
        protocol.success(1),
        protocol.failure(1, "x"),
        protocol.subscribed(1, "1"),
        protocol.notification("system", {}),
        protocol.frame_id_assignment(1),
    ):
        assert built["userAgent"] == "WWE Server"
        assert built["protocolVersion"] == 2 and type(built["protocolVersion"]) is int
