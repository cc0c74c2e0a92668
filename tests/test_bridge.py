"""The app bridge: frames, handshake, subscriptions, fan-out, origins and display modes."""

from __future__ import annotations

from scapi_widget.bridge import AppBridge, Post

from .conftest import APP_ORIGIN, BridgeEnv, new_desk, request, subscribe


def test_loading_a_frame_sends_its_frame_id(env: BridgeEnv) -> None:
    frame = env.add_frame()
    assert env.to(frame) == [{"frameId": frame, "userAgent": "WWE Server", "protocolVersion": 2}]


def test_request_is_answered_with_the_same_reference_id(env: BridgeEnv) -> None:
    frame = env.add_frame()
    assert env.send(frame, request("agent.get", ref="17")) == [
        {
            "referenceId": "17",
            "data": {"employeeId": "7001", "firstname": "Alex", "lastname": "Rivera", "username": "arivera"},
            "userAgent": "WWE Server",
            "protocolVersion": 2,
        }
    ]


def test_failure_is_answered_with_error_message(env: BridgeEnv) -> None:
    frame = env.add_frame()
    (reply,) = env.send(frame, request("voice.hold", "3"))
    assert reply["errorMessage"] == "no interaction with id '3' (current ids: none)"
    assert "data" not in reply


def test_unknown_request_names_the_request(env: BridgeEnv) -> None:
    frame = env.add_frame()
    (reply,) = env.send(frame, request("voice.teleport", "3"))
    assert "voice.teleport" in reply["errorMessage"]


def test_events_go_only_to_subscribed_frames_once_each(env: BridgeEnv) -> None:
    a, b, c = env.add_frame(), env.add_frame(), env.add_frame()
    (answer,) = env.send(a, subscribe(["interaction", "agent"], frame_id=a))
    assert answer == {"referenceId": "s1", "subscriptionId": "1", "userAgent": "WWE Server", "protocolVersion": 2}
    env.send(a, subscribe("interaction", ref="s2", frame_id=a))  # overlapping: still once
    env.send(b, subscribe("agent", frame_id=b))
    env.desk.simulate_inbound_call()
    assert env.events_to(a) == [("interaction", "ADDED"), ("interaction", "RINGING")]
    assert env.events_to(b) == []
    assert env.events_to(c) == []


def test_unsubscribe_stops_events_and_only_the_owner_may(env: BridgeEnv) -> None:
    a, b = env.add_frame(), env.add_frame()
    sub_id = env.send(a, subscribe(["interaction"], frame_id=a))[0]["subscriptionId"]
    unsub = {"event": "unsubscribe", "data": sub_id, "referenceId": "u1", "userAgent": "WWE Client"}
    (refused,) = env.send(b, unsub)
    assert "no subscription" in refused["errorMessage"]
    (ok,) = env.send(a, unsub)
    assert "errorMessage" not in ok
    env.desk.simulate_inbound_call()
    assert env.events_to(a) == []


def test_reload_drops_the_old_documents_subscriptions(env: BridgeEnv) -> None:
    frame = env.add_frame()
    env.send(frame, subscribe(["interaction"], frame_id=frame))  # after the handshake: this document
    env.send(frame, subscribe(["agent"], ref="s2"))  # no frameId yet: the next document, still loading
    env.bridge.frame_loaded(frame)  # the new document has loaded
    env.desk.simulate_inbound_call()
    env.desk.set_agent_state("NotReady")
    assert env.events_to(frame) == [("agent", "STATE_CHANGED")]
    assert env.to(frame).count({"frameId": frame, "userAgent": "WWE Server", "protocolVersion": 2}) == 2


def test_non_accepted_origin_gets_no_answer_and_changes_nothing() -> None:
    desk = new_desk(accepted_origins="http://other.test")
    posts: list[Post] = []
    env = BridgeEnv(desk, AppBridge(desk, posts.append), posts)
    frame = env.add_frame()
    before = desk.snapshot()
    assert env.send(frame, request("voice.dial", "5001")) == []
    assert env.send(frame, subscribe("agent")) == []
    assert desk.snapshot() == before


def test_document_from_another_origin_than_the_app_gets_no_answer(env: BridgeEnv) -> None:
    frame = env.add_frame()
    env.desk.set_accepted_origins(f"{APP_ORIGIN}, http://evil.test")
    before = env.desk.snapshot()
    assert env.send(frame, request("voice.dial", "5001"), origin="http://evil.test") == []
    assert env.send(frame, request("voice.dial", "5001"), origin="null") == []
    assert env.desk.snapshot() == before


def test_opaque_frame_is_answered_as_its_app(env: BridgeEnv) -> None:
    frame = env.add_frame()
    env.desk.frames.frames[frame].opaque = True
    (reply,) = env.send(frame, request("agent.getState"), origin="null")
    assert reply["data"]["type"] == "READY"


def test_unknown_frame_and_bad_origin_types_are_ignored(env: BridgeEnv) -> None:
    env.add_frame()
    for frame_id, origin in [(99, APP_ORIGIN), ("1", APP_ORIGIN), (None, APP_ORIGIN), (1, None), (1, 5)]:
        env.bridge.receive(frame_id, origin, request("voice.dial", "5001"))
    assert env.desk.interactions == {}
    assert len(env.posts) == 1  # only the handshake


def test_allowed_services_follow_the_origins_service_list() -> None:
    desk = new_desk(accepted_origins=f"{APP_ORIGIN} (agent.*, voice.dial)")
    posts: list[Post] = []
    env = BridgeEnv(desk, AppBridge(desk, posts.append), posts)
    frame = env.add_frame()
    (reply,) = env.send(frame, request("system.getAllowedServices"))  # always allowed to an accepted origin
    assert sorted(reply["data"]) == [
        "agent.get",
        "agent.getState",
        "agent.getStateList",
        "agent.setState",
        "system.getAllowedServices",
        "voice.dial",
    ]
    before = desk.snapshot()
    (refused,) = env.send(frame, request("voice.hold", "1"))
    assert refused["errorMessage"] == f"request voice.hold is not allowed: origin {APP_ORIGIN} may not use it"
    assert desk.snapshot() == before


def test_star_does_not_grant_auth(env: BridgeEnv) -> None:
    frame = env.add_frame()
    (reply,) = env.send(frame, request("system.getAllowedServices"))
    assert not [name for name in reply["data"] if name.startswith("auth.")]
    assert "voice.dial" in reply["data"]


def test_a_tab_may_only_dial(env: BridgeEnv) -> None:
    frame = env.add_frame(mode="tab")
    (refused,) = env.send(frame, request("agent.get"))
    assert "an app shown as a tab may only dial" in refused["errorMessage"]
    (rights,) = env.send(frame, request("system.getAllowedServices"))
    assert rights["data"] == ["system.getAllowedServices", "voice.dial"]
    (ok,) = env.send(frame, request("voice.dial", "5001", None))
    assert "errorMessage" not in ok
    assert env.desk.interactions["1"].state == "DIALING"
