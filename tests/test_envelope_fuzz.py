"""Property: random or malformed envelopes get no reply or one well-formed failure, never an
exception, and leave the desktop unchanged. 10,000+ examples in total."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from scapi_widget.bridge import AppBridge, Post
from scapi_widget.service import SERVICE

from .conftest import APP_ORIGIN, new_desk

SETTINGS = settings(
    max_examples=2_500,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
KINDS = {"string", "object", "number", "boolean", "string|array", "object|string"}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=4,
)
reference_ids = st.text(min_size=1, max_size=8) | st.integers(min_value=1)


def wrong_for(kind: str) -> st.SearchStrategy[Any]:
    """Values that are not of a parameter kind (and not None, which optional params accept)."""
    candidates = {
        "string": st.integers()
        | st.booleans()
        | st.lists(st.text(max_size=3), max_size=2)
        | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        "object": st.integers() | st.text(max_size=5) | st.booleans() | st.lists(st.integers(), max_size=2),
        "number": st.text(max_size=5) | st.booleans() | st.dictionaries(st.text(max_size=3), st.integers()),
        "boolean": st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=2),
        "string|array": st.integers() | st.booleans() | st.lists(st.integers(), min_size=1, max_size=2),
        "object|string": st.integers() | st.booleans() | st.lists(st.integers(), max_size=2),
    }
    return candidates[kind]


@st.composite
def wrong_parameters(draw: st.DrawFn) -> dict[str, Any]:
    """A known request with one parameter of the wrong type (or too many parameters)."""
    spec = draw(st.sampled_from([s for s in SERVICE if s.params] or list(SERVICE)))
    params: list[Any] = [draw(json_scalars) for _ in spec.params]
    typed = [i for i, p in enumerate(spec.params) if p.kind != "any"]
    if typed and draw(st.booleans()):
        index = draw(st.sampled_from(typed))
        params[index] = draw(wrong_for(spec.params[index].kind))
    else:
        params += [draw(json_scalars) for _ in range(draw(st.integers(1, 3)))]
    return {
        "request": spec.name,
        "parameters": params,
        "referenceId": draw(reference_ids),
        "userAgent": "WWE Client",
        "protocolVersion": 2,
    }


@st.composite
def unknown_ids(draw: st.DrawFn) -> dict[str, Any]:
    """A request that takes an interaction id, with an id that does not exist."""
    # getByInteractionId answers null for an unknown id (as documented), so it is not in this set.
    with_ids = [s for s in SERVICE if s.params and s.params[0].name == "interactionId" and s.returns is False]
    spec = draw(st.sampled_from(with_ids))
    params: list[Any] = [draw(st.text(max_size=6).filter(lambda t: t not in ("1",)))]
    params += [{"k": "v"} if p.kind == "object" else "x" for p in spec.params[1:]]
    return {
        "request": spec.name,
        "parameters": params,
        "referenceId": draw(reference_ids),
        "userAgent": "WWE Client",
        "protocolVersion": 2,
    }


known = frozenset(SERVICE.names)
unknown_requests = st.builds(
    lambda name, ref, params: {"request": name, "parameters": params, "referenceId": ref, "userAgent": "WWE Client"},
    st.text(max_size=30).filter(lambda n: n not in known),
    reference_ids,
    st.lists(json_scalars, max_size=3),
)
bad_subscriptions = st.builds(
    lambda event, data, ref: {"event": event, "data": data, "referenceId": ref, "userAgent": "WWE Client"},
    st.sampled_from(["subscribe", "unsubscribe", "publish", "", 5]),
    st.none() | st.integers(min_value=10_000) | st.lists(st.integers(), min_size=1, max_size=3) | st.just([]),
    reference_ids,
)
random_envelopes = (
    st.dictionaries(
        st.sampled_from(
            ["request", "parameters", "referenceId", "userAgent", "protocolVersion", "event", "data", "frameId"]
        ),
        json_scalars | st.lists(json_scalars, max_size=3),
        max_size=7,
    )
    | json_values
)


def setup() -> tuple[Any, AppBridge, list[Post], int, Any]:
    desk = new_desk(accepted_origins=APP_ORIGIN)
    posts: list[Post] = []
    bridge = AppBridge(desk, posts.append)
    frame = desk.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN)
    bridge.frame_loaded(frame.frame_id)
    desk.simulate_inbound_call()  # a live call "1", so valid-looking ids exist
    posts.clear()
    return desk, bridge, posts, frame.frame_id, desk.snapshot()


DESK, BRIDGE, POSTS, FRAME, SNAPSHOT = setup()


def check(envelope: Any) -> None:
    POSTS.clear()
    BRIDGE.receive(FRAME, APP_ORIGIN, envelope)  # must not raise
    assert len(POSTS) <= 1
    if POSTS:
        reply = POSTS[0].message
        assert set(reply) == {"referenceId", "errorMessage", "userAgent", "protocolVersion"}, reply
        assert isinstance(reply["errorMessage"], str) and reply["errorMessage"]
        assert reply["referenceId"] == envelope["referenceId"]
        assert (reply["userAgent"], reply["protocolVersion"]) == ("WWE Server", 2)
    assert DESK.snapshot() == SNAPSHOT


@SETTINGS
@given(wrong_parameters())
def test_wrong_parameter_types_and_counts(envelope: dict[str, Any]) -> None:
    check(envelope)


@SETTINGS
@given(unknown_ids())
def test_unknown_interaction_ids(envelope: dict[str, Any]) -> None:
    check(envelope)


@SETTINGS
@given(unknown_requests | bad_subscriptions)
def test_unknown_requests_and_bad_subscriptions(envelope: dict[str, Any]) -> None:
    check(envelope)


@SETTINGS
@given(random_envelopes)
def test_random_values(envelope: Any) -> None:
    if isinstance(envelope, dict) and (
        (isinstance(envelope.get("request"), str) and envelope["request"] in known)
        or envelope.get("event") == "subscribe"
    ):
        envelope = {**envelope, "protocolVersion": "x"}  # a real request or subscription would change state
    check(envelope)
