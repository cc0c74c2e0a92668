"""The app bridge: frames, handshake, requests, subscriptions, fan-out, origins and display modes
(REFERENCE §1.3-§1.6, §2.1)."""

from __future__ import annotations

from typing import Any

from scapi_widget.service import SERVICE
from scapi_widget.service.bridge import Post

from .conftest import APP_ORIGIN, BridgeEnv, new_bridge_env, request, subscribe

HOST = {"userAgent": "WWE Server", "protocolVersion": 2}


def unsubscribe(sub_id: Any, ref: str = "u1", frame_id: int | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"event": "unsubscribe", "data": sub_id, "referenceId": ref, "userAgent": "WWE Client"}
    if frame_id is not None:
        message["frameId"] = frame_id
    return message


# ---------------------------------------------------------------------------- handshake and requests


def test_loading_a_frame_sends_its_frame_id(bridge_env: BridgeEnv) -> None:
    first, second = bridge_env.add_frame(), bridge_env.add_frame()
    epoch = bridge_env.desk.frames.frames[first].epoch  # for that document of the frame only
    assert bridge_env.posts == [
        Post(first, {"frameId": first, **HOST}, epoch),
        Post(second, {"frameId": second, **HOST}, epoch),
    ]
    assert first != second


def test_request_is_answered_with_the_same_reference_id(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    assert bridge_env.send(frame, request("agent.get", ref="17", frame_id=frame)) == [
        {
            "referenceId": "17",
            "data": {"employeeId": "7001", "firstname": "Alex", "lastname": "Rivera", "username": "arivera"},
            **HOST,
        }
    ]


def test_numeric_reference_id_is_echoed_as_a_number(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    message = {**request("agent.getState"), "referenceId": 42}
    (reply,) = bridge_env.send(frame, message)
    assert reply["referenceId"] == 42 and type(reply["referenceId"]) is int


def test_void_request_is_answered_without_data(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request("voice.dial", "5001", None, ref="d"))
    assert reply == {"referenceId": "d", **HOST}
    assert bridge_env.desk.interactions["1"].state == "DIALING"


def test_request_with_null_result_keeps_the_data_key(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request("interaction.getByInteractionId", "5"))
    assert reply == {"referenceId": "r1", "data": None, **HOST}


def test_failure_is_answered_with_error_message(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request("voice.hold", "3"))
    assert reply == {"referenceId": "r1", "errorMessage": "no interaction with id '3' (current ids: none)", **HOST}


def test_unknown_request_names_the_request(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request("voice.teleport", "3"))
    assert "voice.teleport" in reply["errorMessage"] and "data" not in reply


def test_malformed_traffic_is_answered_with_a_failure(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, {**request("agent.get", ref="m"), "parameters": "oops"})
    assert reply == {
        "referenceId": "m",
        "errorMessage": "agent.get: parameters must be an array, got str 'oops'",
        **HOST,
    }


def test_non_scapi_traffic_gets_no_answer(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    before = len(bridge_env.posts)
    for data in ("hello", {"type": "resize"}, {**request("agent.get"), "userAgent": "WWE Server"}, None):
        bridge_env.bridge.receive(frame, APP_ORIGIN, data)
    assert len(bridge_env.posts) == before


def test_answers_go_to_the_frame_that_asked(bridge_env: BridgeEnv) -> None:
    a, b = bridge_env.add_frame(), bridge_env.add_frame()
    start = len(bridge_env.posts)
    bridge_env.bridge.receive(b, APP_ORIGIN, request("agent.getState", ref="x"))
    assert [p.frame_id for p in bridge_env.posts[start:]] == [b]
    assert a != b


# ---------------------------------------------------------------------------- subscriptions


def test_subscribe_is_answered_with_a_subscription_id(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (first,) = bridge_env.send(frame, subscribe(["interaction", "agent"], frame_id=frame))
    (second,) = bridge_env.send(frame, subscribe("system", ref="s2", frame_id=frame))
    assert first == {"referenceId": "s1", "subscriptionId": "1", **HOST}
    assert second == {"referenceId": "s2", "subscriptionId": "2", **HOST}


def test_events_go_only_to_subscribed_frames_once_each(bridge_env: BridgeEnv) -> None:
    a, b, c = bridge_env.add_frame(), bridge_env.add_frame(), bridge_env.add_frame()
    bridge_env.send(a, subscribe(["interaction", "agent"], frame_id=a))
    bridge_env.send(a, subscribe("interaction", ref="s2", frame_id=a))  # overlapping: still once
    bridge_env.send(b, subscribe("agent", frame_id=b))
    bridge_env.desk.simulate_inbound_call()
    assert bridge_env.events_to(a) == [("interaction", "ADDED"), ("interaction", "RINGING")]
    assert bridge_env.events_to(b) == []
    assert bridge_env.events_to(c) == []
    bridge_env.desk.set_agent_state("NotReady")
    assert bridge_env.events_to(a)[2:] == bridge_env.events_to(b) == [("agent", "STATE_CHANGED")]
    note = bridge_env.to(b)[-1]
    assert note == {"event": "agent", "data": {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY"}, **HOST}


def test_events_are_delivered_in_order_with_their_full_payload(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    bridge_env.send(frame, subscribe(["interaction", "media"], frame_id=frame))
    call_id = bridge_env.desk.simulate_inbound_call()
    bridge_env.desk.answer(call_id)
    bridge_env.desk.set_media_state("chat", "NotReady")
    notes = [m for m in bridge_env.to(frame) if "event" in m]
    assert [(m["event"], m["data"]["eventType"]) for m in notes] == [
        ("interaction", "ADDED"),
        ("interaction", "RINGING"),
        ("interaction", "ESTABLISHED"),
        ("media", "STATE_CHANGED"),
    ]
    assert notes[2]["data"]["interaction"] == bridge_env.desk.interactions_json()[call_id]
    assert all("referenceId" not in m for m in notes)


def test_unsubscribe_stops_events_and_only_the_owner_may(bridge_env: BridgeEnv) -> None:
    a, b = bridge_env.add_frame(), bridge_env.add_frame()
    sub_id = bridge_env.send(a, subscribe(["interaction"], frame_id=a))[0]["subscriptionId"]
    before = bridge_env.desk.snapshot()
    (refused,) = bridge_env.send(b, unsubscribe(sub_id, frame_id=b))
    assert refused == {"referenceId": "u1", "errorMessage": f"no subscription '{sub_id}' in this frame", **HOST}
    assert bridge_env.desk.snapshot() == before
    bridge_env.desk.simulate_inbound_call()
    assert bridge_env.events_to(a) == [("interaction", "ADDED"), ("interaction", "RINGING")]
    (ok,) = bridge_env.send(a, unsubscribe(int(sub_id), ref="u2", frame_id=a))  # a number works too
    assert ok == {"referenceId": "u2", **HOST}
    bridge_env.desk.simulate_inbound_call()
    assert len(bridge_env.events_to(a)) == 2
    (again,) = bridge_env.send(a, unsubscribe(sub_id, ref="u3", frame_id=a))
    assert "no subscription" in again["errorMessage"]


def test_unsubscribing_one_of_two_overlapping_subscriptions_keeps_the_other(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    first = bridge_env.send(frame, subscribe(["agent"], frame_id=frame))[0]["subscriptionId"]
    bridge_env.send(frame, subscribe(["agent", "media"], ref="s2", frame_id=frame))
    bridge_env.send(frame, unsubscribe(first, frame_id=frame))
    bridge_env.desk.set_agent_state("NotReady")
    assert bridge_env.events_to(frame)[0] == ("agent", "STATE_CHANGED")
    assert bridge_env.events_to(frame).count(("agent", "STATE_CHANGED")) == 1


def test_reload_drops_the_old_documents_subscriptions(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    bridge_env.send(frame, subscribe(["interaction"], frame_id=frame))  # after the handshake: this document
    bridge_env.send(frame, subscribe(["agent"], ref="s2"))  # no frameId yet: the next document, still loading
    bridge_env.bridge.frame_loaded(frame)  # the new document has loaded
    bridge_env.desk.simulate_inbound_call()
    bridge_env.desk.set_agent_state("NotReady")
    assert bridge_env.events_to(frame) == [("agent", "STATE_CHANGED")]
    assert bridge_env.to(frame).count({"frameId": frame, **HOST}) == 2
    assert list(bridge_env.desk.frames.subscriptions) == ["2"]
    bridge_env.bridge.frame_loaded(frame)  # another reload: the surviving one now belonged to the old document
    assert bridge_env.desk.frames.subscriptions == {}


def test_reload_leaves_other_frames_alone(bridge_env: BridgeEnv) -> None:
    a, b = bridge_env.add_frame(), bridge_env.add_frame()
    bridge_env.send(a, subscribe("agent", frame_id=a))
    bridge_env.send(b, subscribe("agent", frame_id=b))
    bridge_env.bridge.frame_loaded(a)
    bridge_env.desk.set_agent_state("NotReady")
    assert bridge_env.events_to(a) == []
    assert bridge_env.events_to(b) == [("agent", "STATE_CHANGED")]


# ---------------------------------------------------------------------------- origins


def test_non_accepted_origin_gets_no_post_at_all_and_changes_nothing() -> None:
    env = new_bridge_env(accepted_origins="http://other.test")
    frame = env.add_frame()
    before, posted = env.desk.snapshot(), len(env.posts)
    for data in (
        request("voice.dial", "5001"),
        subscribe("agent"),
        request("system.getAllowedServices"),
        {**request("agent.get"), "parameters": "malformed"},
        unsubscribe("1"),
    ):
        env.bridge.receive(frame, APP_ORIGIN, data)
    assert len(env.posts) == posted
    assert env.desk.snapshot() == before


def test_non_accepted_origin_of_a_popup_gets_no_post_either() -> None:
    env = new_bridge_env(accepted_origins="http://other.test")
    frame = env.add_frame(mode="popup", load=False)
    before = env.desk.snapshot()
    env.bridge.receive(frame, APP_ORIGIN, request("voice.dial", "5001"))
    assert env.posts == []
    assert env.desk.snapshot() == before


def test_a_popup_is_handshaken_by_its_first_accepted_message() -> None:
    env = new_bridge_env()
    frame = env.add_frame(mode="popup", load=False)
    env.bridge.receive(frame, APP_ORIGIN, request("agent.getState", ref="p"))
    assert [p.message for p in env.posts] == [
        {"frameId": frame, **HOST},
        {"referenceId": "p", "data": {"type": "READY", "displayName": "Ready", "operationName": "Ready"}, **HOST},
    ]


def test_document_from_another_origin_than_the_app_gets_no_answer(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    bridge_env.desk.set_accepted_origins(f"{APP_ORIGIN}, http://evil.test")  # even an accepted one
    before, posted = bridge_env.desk.snapshot(), len(bridge_env.posts)
    for data in (request("voice.dial", "5001"), subscribe("agent")):
        bridge_env.bridge.receive(frame, "http://evil.test", data)
    assert len(bridge_env.posts) == posted
    assert bridge_env.desk.snapshot() == before


def test_the_apps_origin_is_compared_normalised(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request("agent.getState"), origin="HTTP://App.Test:80")
    assert reply["data"]["type"] == "READY"


def test_opaque_frame_is_answered_as_its_app(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    bridge_env.desk.frames.frames[frame].opaque = True
    (reply,) = bridge_env.send(frame, request("agent.getState"), origin="null")
    assert reply["data"]["type"] == "READY"
    (sub,) = bridge_env.send(frame, subscribe("agent", frame_id=frame), origin="null")
    assert sub["subscriptionId"] == "1"
    bridge_env.desk.set_agent_state("NotReady")
    assert bridge_env.events_to(frame) == [("agent", "STATE_CHANGED")]


def test_opaque_frame_of_a_non_accepted_app_gets_no_answer() -> None:
    env = new_bridge_env(accepted_origins="http://other.test")
    frame = env.add_frame()
    env.desk.frames.frames[frame].opaque = True
    posted = len(env.posts)
    env.bridge.receive(frame, "null", request("agent.getState"))
    assert len(env.posts) == posted


def test_non_opaque_frame_posting_from_null_gets_no_answer(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    before, posted = bridge_env.desk.snapshot(), len(bridge_env.posts)
    bridge_env.bridge.receive(frame, "null", request("voice.dial", "5001"))
    assert len(bridge_env.posts) == posted
    assert bridge_env.desk.snapshot() == before


def test_unknown_frame_and_bad_origin_types_are_ignored(bridge_env: BridgeEnv) -> None:
    bridge_env.add_frame()
    before = bridge_env.desk.snapshot()
    for frame_id, origin in [
        (99, APP_ORIGIN),
        ("1", APP_ORIGIN),
        (None, APP_ORIGIN),
        (1.0, APP_ORIGIN),
        (1, None),
        (1, 5),
    ]:
        bridge_env.bridge.receive(frame_id, origin, request("voice.dial", "5001"))
    assert bridge_env.desk.snapshot() == before
    assert len(bridge_env.posts) == 1  # only the handshake


# ---------------------------------------------------------------------------- allowed services and display modes


def test_allowed_services_follow_the_origins_service_list() -> None:
    env = new_bridge_env(accepted_origins=f"{APP_ORIGIN} (agent.*, voice.dial)")
    frame = env.add_frame()
    (reply,) = env.send(frame, request("system.getAllowedServices"))  # always allowed to an accepted origin
    agent_requests = sorted(name for name in SERVICE.names if name.startswith("agent."))
    assert agent_requests == ["agent.get", "agent.getState", "agent.getStateList", "agent.setState"]
    assert sorted(reply["data"]) == sorted([*agent_requests, "voice.dial", "system.getAllowedServices"])
    (ok,) = env.send(frame, request("agent.setState", "NotReady", ref="a"))
    assert ok == {"referenceId": "a", **HOST}


def test_a_not_allowed_request_fails_and_changes_nothing() -> None:
    env = new_bridge_env(accepted_origins=f"{APP_ORIGIN} (agent.*, voice.dial)")
    frame = env.add_frame()
    call_id = env.desk.simulate_inbound_call()
    before = env.desk.snapshot()
    for name, params in (("voice.answer", [call_id]), ("interaction.setUserData", [call_id, {"a": 1}])):
        (refused,) = env.send(frame, request(name, *params))
        assert refused == {
            "referenceId": "r1",
            "errorMessage": f"request {name} is not allowed: origin {APP_ORIGIN} may not use it",
            **HOST,
        }
    assert env.desk.snapshot() == before


def test_star_does_not_grant_auth(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    (reply,) = bridge_env.send(frame, request("system.getAllowedServices"))
    assert [name for name in reply["data"] if name.startswith("auth.")] == []
    assert sorted(reply["data"]) == sorted(name for name in SERVICE.names if not name.startswith("auth."))
    (refused,) = bridge_env.send(frame, request("auth.getJwtToken"))
    assert "request auth.getJwtToken is not allowed" in refused["errorMessage"]


def test_auth_named_explicitly_is_granted() -> None:
    env = new_bridge_env(accepted_origins=f"{APP_ORIGIN} (*, auth.getJwtToken)")
    frame = env.add_frame()
    (reply,) = env.send(frame, request("auth.getJwtToken"))
    assert set(reply["data"]) == {"expiration", "jwtToken"}
    (rights,) = env.send(frame, request("system.getAllowedServices"))
    assert "auth.getJwtToken" in rights["data"] and "auth.getPureCloudToken" not in rights["data"]


def test_a_tab_may_only_dial(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame(mode="tab")
    call_id = bridge_env.desk.simulate_inbound_call()
    before = bridge_env.desk.snapshot()
    for name, params in (("agent.get", []), ("voice.answer", [call_id]), ("agent.setState", ["NotReady"])):
        (refused,) = bridge_env.send(frame, request(name, *params))
        assert refused["errorMessage"] == f"request {name} is not allowed: an app shown as a tab may only dial"
        assert "data" not in refused
    assert bridge_env.desk.snapshot() == before
    (rights,) = bridge_env.send(frame, request("system.getAllowedServices"))
    assert rights["data"] == ["system.getAllowedServices", "voice.dial"]
    (ok,) = bridge_env.send(frame, request("voice.dial", "5001", None))
    assert "errorMessage" not in ok
    assert bridge_env.desk.interactions["2"].state == "DIALING"
