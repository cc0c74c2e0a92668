"""Property: random or malformed envelopes get no reply or exactly one well-formed failure, never
an exception, and leave the desktop unchanged. 10,000 examples.

Every generated envelope is invalid by construction (nothing here may legitimately change the
desktop): random values and WWE-looking objects whose request names are too short to be real
and which never subscribe; known requests with one wrong-typed parameter or too many
parameters; unknown request names; right-typed requests on interaction ids that do not exist;
subscribe/unsubscribe with bad data (unsubscribing a subscription of another frame included).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scapi_widget.bridge import Post
from scapi_widget.service import SERVICE

from .conftest import APP_ORIGIN, new_bridge_env, subscribe

EXAMPLES = 10_000
BATCH = 10
"""Envelopes per hypothesis example: the engine's fixed cost per example is several times that of one check."""
KNOWN = frozenset(SERVICE.names)
HISTORICAL = ["interaction.getByBundleId", "interaction.getByCaseId", "interaction.attachUserData"]

# ---------------------------------------------------------------------------- building blocks
# Hypothesis costs about 1 ms per example plus about 0.1 ms per draw; examples are batches of
# envelopes, and the strategies below draw mostly from pools of tricky values (one draw each),
# so that 10,000 envelopes stay fast.

TRICKY: list[Any] = [
    None, True, False, 0, 1, -1, 2**53, -(2**31), 1.5, -0.0, float("inf"), float("nan"),
    "", "1", "0", " ", "x", "WWE Server", "WWE Client", "agent", "null", "é", "\x00", "😀",
    [], [None], [""], ["agent"], [1, "a"], {}, {"a": 1}, {"": None}, {"k": [1, {"x": None}]},
]  # fmt: skip
pool = st.sampled_from(TRICKY)
REFERENCE_IDS: list[Any] = ["0", "1", "r1", "ref-7", " ", "é", "null", 1, 7, -5, 2**53, 10**20]
reference_ids = st.sampled_from(REFERENCE_IDS) | st.integers(min_value=1)
CLIENT_AGENTS = ["WWE Client", "WWE", "my WWE app"]

WRONG_FOR: dict[str, list[Any]] = {
    "string": [0, 5, -1, 1.5, True, False, [], ["x"], {}, {"a": 1}, float("nan")],
    "object": [0, 5, 1.5, True, False, "", "x", "{}", [], [{"a": 1}], float("inf")],
    "number": ["", "1", "x", True, False, [], [1], {}, {"n": 1}, float("nan"), float("inf"), -float("inf")],
    "boolean": [0, 1, "", "true", "false", [], [True], {}, {"b": True}, 1.5],
    "string|array": [0, 5, 1.5, True, {}, {"a": "b"}, [1], ["a", 2], [None], [["a"]]],
    "object|string": [0, 5, 1.5, True, False, [], ["x"], [{"a": 1}]],
}
"""Values that are not of a parameter kind, and not None (which optional parameters accept)."""

RIGHT_FOR: dict[str, Any] = {
    "string": "x",
    "object": {"k": "v"},
    "number": 1,
    "boolean": True,
    "string|array": "voice.*",
    "object|string": "5002",
    "any": {"k": "v"},
}
"""A value of each parameter kind (right type, not necessarily meaningful)."""


def envelope(fields: dict[str, Any], ref: Any, agent: str = "WWE Client") -> dict[str, Any]:
    return {**fields, "referenceId": ref, "userAgent": agent, "protocolVersion": 2}


# ---------------------------------------------------------------------------- the six kinds of input
# Each builder takes hypothesis's ``draw`` and returns one envelope; ``envelopes`` picks a kind.


def random_value(draw: st.DrawFn) -> Any:
    """Not SCAPI traffic: anything but an object with a WWE userAgent (object keys have up to 4 characters)."""
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return draw(pool)
    if shape == 1:
        return draw(st.integers()) if draw(st.booleans()) else draw(st.text(max_size=10))
    if shape == 2:
        return [draw(pool) for _ in range(draw(st.integers(1, 3)))]
    if shape == 3:
        return tuple(draw(pool) for _ in range(draw(st.integers(0, 2))))
    return {draw(st.text(max_size=4)): draw(pool) for _ in range(draw(st.integers(0, 3)))}


FIELDS = ("request", "parameters", "referenceId", "protocolVersion", "event", "data", "frameId")
FIELD_POOLS: dict[str, list[Any]] = {
    # no request name is this short, and no event here is "subscribe": nothing can succeed
    "request": [*TRICKY, "a.b", "agent", "voice", ".", "x.y.z"],
    "parameters": [*TRICKY, [1, 2], ["1", {}], list(range(17))],
    "referenceId": TRICKY,
    "protocolVersion": [*TRICKY, 2, 3, 2.0, "2"],
    "event": [*TRICKY, "unsubscribe", "publish", "Subscribe", "SUBSCRIBE", "interaction"],
    "data": [*TRICKY, "1", 1, ["1"], "agent"],
    "frameId": [*TRICKY, 1, 2, 99],
}


def wwe_object(draw: st.DrawFn) -> dict[str, Any]:
    """A WWE userAgent with a random subset of the envelope fields, each with a random value."""
    mask = draw(st.integers(0, 2 ** len(FIELDS) - 1))
    fields: dict[str, Any] = {"userAgent": draw(st.sampled_from(CLIENT_AGENTS))}
    for bit, name in enumerate(FIELDS):
        if mask >> bit & 1:
            fields[name] = draw(st.sampled_from(FIELD_POOLS[name]))
    if "request" in fields and draw(st.booleans()):
        fields["request"] = draw(st.text(max_size=7))  # free text, shorter than any request name
    assert not (isinstance(fields.get("request"), str) and fields["request"] in KNOWN)
    assert fields.get("event") != "subscribe"
    return fields


SPECS = list(SERVICE)


def wrong_parameters(draw: st.DrawFn) -> dict[str, Any]:
    """A known request with one parameter of the wrong type, or with too many parameters."""
    spec = draw(st.sampled_from(SPECS))
    params: list[Any] = [RIGHT_FOR[p.kind] for p in spec.params]
    typed = [i for i, p in enumerate(spec.params) if p.kind != "any"]
    if typed and draw(st.booleans()):
        index = typed[draw(st.integers(0, len(typed) - 1))]
        kind = spec.params[index].kind
        if kind != "number" and draw(st.booleans()):
            params[index] = draw(st.integers())  # a number is wrong for every other kind
        else:
            params[index] = draw(st.sampled_from(WRONG_FOR[kind]))
        params = params[: index + 1 + draw(st.integers(0, len(params) - index - 1))]  # trailing ones may be left out
    else:
        params += [draw(pool) for _ in range(draw(st.integers(1, 3)))]
    return envelope({"request": spec.name, "parameters": params}, draw(reference_ids))


NAMES = sorted(KNOWN)
NEAR_MISSES = (str.upper, lambda n: n + " ", lambda n: " " + n, lambda n: n.split(".")[0], lambda n: n + ".x",
               lambda n: n.replace(".", "/"), lambda n: n.replace(".", ".."), lambda n: n[:-1])  # fmt: skip


def unknown_request(draw: st.DrawFn) -> dict[str, Any]:
    """A request name the Service Client API does not have: random text, near misses, historical ones."""
    choice = draw(st.integers(0, len(NEAR_MISSES) + 1))
    if choice < len(NEAR_MISSES):
        name = NEAR_MISSES[choice](draw(st.sampled_from(NAMES)))
    elif choice == len(NEAR_MISSES):
        name = draw(st.sampled_from(HISTORICAL))
    else:
        name = draw(st.text(min_size=1, max_size=24))
    if name in KNOWN or not name:
        name += "?"
    params = draw(st.sampled_from([None, [], ["1"], [1, {"a": 1}], TRICKY[:16]]))
    fields = {"request": name} if params is None else {"request": name, "parameters": params}
    return envelope(fields, draw(reference_ids))


def takes_an_interaction_id(name: str) -> bool:
    return name.endswith(("interactionId", "InteractionId"))


WITH_INTERACTION_ID = [
    spec
    for spec in SERVICE
    if any(takes_an_interaction_id(p.name) for p in spec.params)
    and spec.name != "interaction.getByInteractionId"  # documented to answer null for an unknown id
]
MISSING_IDS = ["2", "0", "01", " 1", "1 ", "1.0", "", "one", "wweCustomToast0", "null", "-1", "１"]


def unknown_id(draw: st.DrawFn) -> dict[str, Any]:
    """A request taking an interaction id, right-typed throughout, with an id that does not exist."""
    spec = draw(st.sampled_from(WITH_INTERACTION_ID))
    missing = draw(st.sampled_from(MISSING_IDS)) if draw(st.booleans()) else str(draw(st.integers(min_value=2)))
    params = [missing if takes_an_interaction_id(p.name) else RIGHT_FOR[p.kind] for p in spec.params]
    return envelope({"request": spec.name, "parameters": params}, draw(reference_ids))


BAD_NAMES: list[Any] = [
    None, [], "", [""], 0, 7, True, False, {}, {"agent": 1}, 1.5, ["agent", 5], ["agent", None], ["agent", ""],
    [["agent"]], ["agent", {}], ["a"] * 65, ["x" * 257], [True],
]  # fmt: skip
BAD_SUBSCRIPTION_IDS: list[Any] = ["1", 1, None, True, False, 1.5, [], ["1"], {}, {"id": "1"}, "", " 1", "01"]
OTHER_EVENTS: list[Any] = ["publish", "SUBSCRIBE", "agent", "interaction", "", 5, True, ["subscribe"], {}]


def bad_subscription(draw: st.DrawFn) -> dict[str, Any]:
    """subscribe with bad event names, unsubscribe of ids that are not this frame's, unknown events."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        fields = {"event": "subscribe", "data": draw(st.sampled_from(BAD_NAMES))}
    elif kind == 1:
        fields = {"event": "unsubscribe", "data": draw(st.sampled_from(BAD_SUBSCRIPTION_IDS))}  # "1": another frame's
    elif kind == 2:
        number = draw(st.integers(min_value=2))  # no subscription has that id
        fields = {"event": "unsubscribe", "data": str(number) if number % 2 else number}
    else:
        fields = {"event": draw(st.sampled_from(OTHER_EVENTS)), "data": draw(st.text(max_size=8))}
    frame_id = draw(st.sampled_from([None, 1, 2, 99, "1"]))
    if frame_id is not None:
        fields["frameId"] = frame_id
    return envelope(fields, draw(reference_ids))


BUILDERS = {
    "random": random_value,
    "wwe-object": wwe_object,
    "wrong-parameters": wrong_parameters,
    "unknown-request": unknown_request,
    "unknown-id": unknown_id,
    "bad-subscription": bad_subscription,
}
KIND_NAMES = list(BUILDERS)


@st.composite
def envelopes(draw: st.DrawFn) -> tuple[str, Any]:
    """(kind, envelope) for one of the six kinds of invalid input."""
    kind = KIND_NAMES[draw(st.integers(0, len(KIND_NAMES) - 1))]
    return kind, BUILDERS[kind](draw)


# ---------------------------------------------------------------------------- the desktop under fire

ENV = new_bridge_env()
FRAME = ENV.add_frame()
OTHER = ENV.add_frame()
ENV.send(OTHER, subscribe(["agent", "interaction", "system"], frame_id=OTHER))  # subscription "1", not FRAME's
ENV.desk.simulate_inbound_call(user_data={"CustomerId": "C-1"})  # a live call "1"
ENV.desk.popup_toast(title="open", buttons=["OK"])
SNAPSHOT = ENV.desk.snapshot()
SEEN: Counter[str] = Counter()


def check(data: Any) -> None:
    posts: list[Post] = ENV.posts
    posts.clear()
    ENV.bridge.receive(FRAME, APP_ORIGIN, data)  # must not raise
    assert len(posts) <= 1, posts
    if posts:
        (post,) = posts
        reply = post.message
        assert post.frame_id == FRAME
        assert set(reply) == {"referenceId", "errorMessage", "userAgent", "protocolVersion"}, reply
        assert isinstance(reply["errorMessage"], str) and reply["errorMessage"].strip(), reply
        assert reply["referenceId"] == data["referenceId"] and type(reply["referenceId"]) is type(data["referenceId"])
        assert (reply["userAgent"], reply["protocolVersion"]) == ("WWE Server", 2)
        assert not reply["errorMessage"].startswith("internal error"), reply  # a bug of ours, caught by the bridge
    assert ENV.desk.snapshot() == SNAPSHOT


@settings(max_examples=EXAMPLES // BATCH, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(envelopes(), min_size=BATCH, max_size=BATCH))
def check_envelopes(batch: list[tuple[str, Any]]) -> None:
    for kind, data in batch:
        SEEN[kind] += 1
        check(data)


def test_random_and_malformed_envelopes_change_nothing() -> None:
    SEEN.clear()
    check_envelopes()
    assert ENV.desk.snapshot() == SNAPSHOT
    assert set(SEEN) == set(BUILDERS), SEEN
    assert sum(SEEN.values()) >= EXAMPLES, SEEN
    assert min(SEEN.values()) >= EXAMPLES // 20, SEEN  # every kind is well represented


def test_the_fuzzed_frame_still_works_afterwards() -> None:
    """The frame under fire gets normal answers to valid requests (the property is not vacuous)."""
    ENV.posts.clear()
    ENV.bridge.receive(
        FRAME, APP_ORIGIN, envelope({"request": "interaction.getByInteractionId", "parameters": ["1"]}, 5)
    )
    (post,) = ENV.posts
    assert post.frame_id == FRAME
    assert post.message["referenceId"] == 5 and post.message["data"]["state"] == "RINGING"
    assert "errorMessage" not in post.message
    assert ENV.desk.snapshot() == SNAPSHOT


def test_each_kind_is_answered_as_expected() -> None:
    """One hand-picked example per kind: which get a failure answer and which get none."""
    cases = [
        ({"just": "data"}, False),
        ({"userAgent": "WWE Client", "request": "x", "referenceId": "r"}, True),
        (envelope({"request": "voice.hold", "parameters": [5]}, "r"), True),
        (envelope({"request": "voice.hold", "parameters": ["1", 2]}, "r"), True),
        (envelope({"request": "voice.teleport"}, "r"), True),
        (envelope({"request": "voice.hold", "parameters": ["2"]}, 7), True),
        (envelope({"event": "subscribe", "data": []}, "r"), True),
        (envelope({"event": "unsubscribe", "data": "1"}, "r"), True),
        (envelope({"request": "voice.hold", "parameters": ["1"]}, ""), False),
    ]
    for data, answered in cases:
        ENV.posts.clear()
        check(data)
        assert bool(ENV.posts) is answered, data
