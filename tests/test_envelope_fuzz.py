"""Property: whatever a hosted app posts, the desktop stays sound. 10,000 envelopes per run.

Seven kinds of input. Six are invalid by construction (nothing in them may change the desktop):
random values and WWE-looking objects whose request names are too short to be real and which
never subscribe; known requests with one wrong-typed parameter or too many parameters; unknown
request names; right-typed requests on interaction ids that do not exist; subscribe/unsubscribe
with bad data (unsubscribing a subscription of another frame included). The seventh is hostile
but well-typed: known requests and subscriptions carrying lone surrogates, deep nesting, huge,
NaN, infinite or negative numbers, 10 MB strings, unknown fields, hostile frameIds, protocol
versions and referenceIds (referenceIds repeat within a batch: duplicates are common).

The desktop under fire is a real ``Desktop`` widget whose comm encodes every message with
jupyter_client's ``json_packer`` (strictly: its lossy fallback counts as failure). For every
envelope: no exception escapes ``AppBridge.receive``; no sync or listener fails (no warning);
a message that carries a referenceId gets exactly one reply, any other none; every reply
encodes; a refused or unanswered message changes nothing (equal snapshots) and invalid input is
always refused; after an accepted one, all synced state encodes; and after every envelope a
normal change still reaches the comm (the sync is never wedged).

``benchmarks/envelope_fuzz.py`` runs the same property over 100,000 or more envelopes and prints
the counts.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scapi_widget.desktop import DesktopEvent
from scapi_widget.desktop.model import ListenerWarning
from scapi_widget.notebook.widget import SyncWarning
from scapi_widget.notebook.widget_config import AppsCutOffWarning
from scapi_widget.service import SERVICE
from scapi_widget.wire.protocol import MAX_REFERENCE_ID_LENGTH

from .conftest import APP_ORIGIN, request, subscribe
from .kernel_packing import packed_desktop, sent_ops, sent_posts, strict_pack

EXAMPLES = 10_000
BATCH = 25
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


# ---------------------------------------------------------------------------- hostile but well-typed

HUGE_TEXT = "x" * 10_000_000  # one 10 MB string, shared by every envelope that carries it
TOO_MANY = list(range(200_000))


def nested(depth: int, *, as_object: bool = False) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"n": value} if as_object else [value]
    return value


HOSTILE: list[Any] = [
    "\ud800", "a\udfffb", "\udbff\udfff", ["ok", "\ud83d"], {"\udc00": 1}, {"k": {"\ud800x": "v"}},
    float("nan"), float("inf"), -float("inf"), 2**70, -(2**70), 10**400, -(10**400), 2**53 + 1, -1, -1e308, 1e308,
    0, -0.0, 1e-320, HUGE_TEXT, {"k": HUGE_TEXT}, [HUGE_TEXT], TOO_MANY, {"a" * 300: 1},
    nested(33), nested(40, as_object=True), nested(900), nested(5000, as_object=True), nested(20),
    "é😀\x00", "", " ", "x" * 5000, {"__proto__": {"polluted": True}}, {"constructor": "x"},
]  # fmt: skip
"""Values an app can post (via JSON, 1e400 arrives as inf) that the kernel may not be able to encode."""
hostile_values = st.sampled_from(HOSTILE)
HOSTILE_REFERENCE_IDS: list[Any] = [
    "\ud800", "x" * 257, HUGE_TEXT, 10**400, float("nan"), 1.5, nested(40), {"id": 1}, ["1"], True, 0, "",
]  # fmt: skip
"""referenceIds that cannot be echoed back: such a message gets no reply at all."""
HOSTILE_VERSIONS: list[Any] = [-1, 0, 3, 2**70, float("nan"), float("inf"), 1e308, -(2**63), 2.5, "\ud800"]
UNKNOWN_FIELDS = ["x", "extra", "__proto__", "constructor", "\ud800", "é", "a" * 300]


def hostile(draw: st.DrawFn) -> dict[str, Any]:
    """A known request (or a subscribe) whose shape is right, carrying a hostile value somewhere."""
    spec = draw(st.sampled_from(SPECS))
    params: list[Any] = ["1" if takes_an_interaction_id(p.name) else RIGHT_FOR[p.kind] for p in spec.params]
    fields: dict[str, Any] = {"request": spec.name, "parameters": params}
    ref = draw(reference_ids)
    where = draw(st.integers(0, 7))
    if where <= 1 and params:  # a parameter, or a value inside it
        index = draw(st.integers(0, len(params) - 1))
        value = draw(hostile_values)
        params[index] = value if where == 0 else draw(st.sampled_from([{"k": value}, [value], {"a": [1, value]}]))
    elif where == 2:
        fields[draw(st.sampled_from(UNKNOWN_FIELDS))] = draw(hostile_values)
    elif where == 3:
        fields["frameId"] = draw(hostile_values)
    elif where == 4:
        value = draw(hostile_values)
        fields = {
            "event": "subscribe",
            "data": draw(
                st.sampled_from([value, ["agent", value], ["messenger:" + value if isinstance(value, str) else value]])
            ),
        }
    elif where == 5:
        ref = draw(st.sampled_from(HOSTILE_REFERENCE_IDS))
    elif where == 6:
        return {**envelope(fields, ref), "protocolVersion": draw(st.sampled_from(HOSTILE_VERSIONS))}
    else:  # a well-formed messenger message with a hostile value inside
        fields = {"request": "messenger.broadcastMessage", "parameters": ["c", {"text": draw(hostile_values)}]}
    return envelope(fields, ref)


BUILDERS = {
    "random": random_value,
    "wwe-object": wwe_object,
    "wrong-parameters": wrong_parameters,
    "unknown-request": unknown_request,
    "unknown-id": unknown_id,
    "bad-subscription": bad_subscription,
    "hostile": hostile,
}
INVALID_KINDS = frozenset(BUILDERS) - {"hostile"}
KIND_WEIGHTS = [*BUILDERS, "hostile"]  # hostile input is drawn twice as often as each invalid kind


@st.composite
def envelopes(draw: st.DrawFn) -> tuple[str, Any]:
    """(kind, envelope) for one of the seven kinds of input."""
    kind = KIND_WEIGHTS[draw(st.integers(0, len(KIND_WEIGHTS) - 1))]
    return kind, BUILDERS[kind](draw)


# ---------------------------------------------------------------------------- the desktop under fire


def answerable(data: Any) -> bool:
    """Does ``data`` carry a referenceId the desktop can echo (REFERENCE §1.2-1.3, protocol.py's bounds)?"""
    if not isinstance(data, dict):
        return False
    agent, ref = data.get("userAgent"), data.get("referenceId")
    if not (isinstance(agent, str) and "WWE" in agent and agent != "WWE Server") or isinstance(ref, bool):
        return False
    if isinstance(ref, str):
        try:
            ref.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return 0 < len(ref) <= MAX_REFERENCE_ID_LENGTH
    return isinstance(ref, int) and ref != 0 and abs(ref) < 2**1024


class Fuzzed:
    """A Desktop widget whose comm encodes like the kernel, two loaded app frames, a ringing call
    "1", an open toast, and a second frame subscribed to events (so accepted requests fan out)."""

    def __init__(self) -> None:
        self.widget, self.sent = packed_desktop()
        self.desk = self.widget.desktop
        with pytest.warns(AppsCutOffWarning, match="Demo app"):  # the demo app is left out on purpose
            self.desk.set_accepted_origins(APP_ORIGIN)
        self.frame = self.desk.frames.add(f"{APP_ORIGIN}/app.html", APP_ORIGIN).frame_id
        self.other = self.desk.frames.add(f"{APP_ORIGIN}/other.html", APP_ORIGIN).frame_id
        for frame_id in (self.frame, self.other):
            self.widget.link.bridge.frame_loaded(frame_id)
        self.receive(self.frame, request("agent.get", frame_id=self.frame))
        self.receive(self.other, subscribe(["agent", "interaction", "system", "messenger:c"], frame_id=self.other))
        self.desk.simulate_inbound_call(user_data={"CustomerId": "C-1"})
        self.desk.popup_toast(title="open", buttons=["OK"])
        self.leading = True
        self.sizes = self._sizes()
        self.events: list[DesktopEvent] = []
        self.desk.add_event_listener(self.events.append)

    def receive(self, frame_id: int, data: Any) -> list[dict[str, Any]]:
        """Post ``data`` from a frame; every message the comm carried to that frame."""
        self.sent.clear()
        self.widget.link.bridge.receive(frame_id, APP_ORIGIN, data)
        return [post["message"] for post in sent_posts(self.sent) if post["frameId"] == frame_id]

    def grown(self) -> bool:
        """Did an accepted hostile request add an interaction, a dialog or a subscription? Then start
        over, so that invalid input stays invalid (it names ids that must not exist) and runs stay fast."""
        return self._sizes() != self.sizes

    def _sizes(self) -> tuple[int, int, int]:
        return len(self.desk.interactions), len(self.desk.frames.frames), len(self.desk.frames.subscriptions)

    def still_syncs(self) -> None:
        """A normal change reaches the comm, encoded by the kernel's packer."""
        self.sent.clear()
        self.leading = not self.leading
        self.desk.set_leadership("leading" if self.leading else "following")
        updates = [op[1] for op in sent_ops(self.sent) if op[0] == ["answers", "system.isFrameLeading"]]
        assert updates and updates[-1] is self.leading, self.sent


@dataclass
class Counts:
    """What a run saw, by kind of input."""

    examples: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)
    unanswered: Counter[str] = field(default_factory=Counter)
    duplicate_refs: int = 0
    restarts: int = 0

    @property
    def replies(self) -> int:
        return sum(self.refused.values()) + sum(self.accepted.values())


FUZZ = Fuzzed()
COUNTS = Counts()


TOLD_ON_REFUSAL = frozenset({"MARKDONE_BLOCKED"})
"""Events a refusal itself may emit: a blocked mark done tells the apps subscribed to ``markdone``."""


def unchanged_but_told(before: dict[str, Any], after: dict[str, Any], events: list[DesktopEvent]) -> None:
    """A refused request changed nothing; the only events it emitted report the refusal."""
    assert {e.event_type for e in events} <= TOLD_ON_REFUSAL, events
    assert after["seq"] - before["seq"] == len(events)
    assert {**after, "seq": before["seq"]} == before


def check(kind: str, data: Any, counts: Counts = COUNTS, seen_refs: set[Any] | None = None) -> None:
    """One envelope against the property (see the module docstring); AssertionError if it fails."""
    global FUZZ
    before = FUZZ.desk.snapshot()
    FUZZ.events.clear()
    counts.examples[kind] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("error", SyncWarning)
        warnings.simplefilter("error", ListenerWarning)
        posted = FUZZ.receive(FUZZ.frame, data)  # must not raise
    replies = [m for m in posted if "event" not in m]
    assert len(replies) == (1 if answerable(data) else 0), (kind, replies)
    if not replies:
        counts.unanswered[kind] += 1
        assert FUZZ.desk.snapshot() == before
    else:
        (reply,) = replies
        strict_pack(reply)
        assert reply["referenceId"] == data["referenceId"] and type(reply["referenceId"]) is type(data["referenceId"])
        assert (reply["userAgent"], reply["protocolVersion"]) == ("WWE Server", 2)
        if seen_refs is not None:
            counts.duplicate_refs += reply["referenceId"] in seen_refs
            seen_refs.add(reply["referenceId"])
        if "errorMessage" in reply:
            counts.refused[kind] += 1
            assert isinstance(reply["errorMessage"], str) and reply["errorMessage"].strip(), reply
            assert not reply["errorMessage"].startswith("internal error"), reply  # a bug of ours
            unchanged_but_told(before, FUZZ.desk.snapshot(), FUZZ.events)
        else:
            counts.accepted[kind] += 1
            assert kind not in INVALID_KINDS, (kind, data, reply)
            strict_pack(FUZZ.widget.get_state())  # everything synced encodes
    FUZZ.still_syncs()
    if FUZZ.grown():
        FUZZ = Fuzzed()
        counts.restarts += 1


def envelope_checks(examples: int, batch: int, counts: Counts) -> Callable[[], None]:
    """A hypothesis test that checks ``examples`` envelopes, ``batch`` per hypothesis example."""

    @settings(max_examples=examples // batch, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(envelopes(), min_size=batch, max_size=batch))
    def run(items: list[tuple[str, Any]]) -> None:
        seen_refs: set[Any] = set()
        for kind, data in items:
            check(kind, data, counts, seen_refs)

    return run


def test_hostile_random_and_malformed_envelopes() -> None:
    counts = Counts()
    envelope_checks(EXAMPLES, BATCH, counts)()
    assert set(counts.examples) == set(BUILDERS), counts
    assert sum(counts.examples.values()) >= EXAMPLES, counts
    assert min(counts.examples.values()) >= EXAMPLES // 20, counts  # every kind is well represented
    assert counts.refused["hostile"] >= EXAMPLES // 20 and counts.accepted["hostile"] > 0, counts
    assert counts.unanswered["hostile"] > 0 and counts.duplicate_refs > 0, counts


def test_the_fuzzed_frame_still_works_afterwards() -> None:
    """The frame under fire gets normal answers to valid requests (the property is not vacuous)."""
    (reply,) = FUZZ.receive(FUZZ.frame, envelope({"request": "agent.get"}, 5))
    assert reply["referenceId"] == 5 and reply["data"]["username"], reply
    before = FUZZ.desk.snapshot()
    (reply,) = FUZZ.receive(FUZZ.frame, envelope({"request": "voice.dial", "parameters": ["\ud800"]}, 6))
    assert "lone UTF-16 surrogate" in reply["errorMessage"]
    assert FUZZ.desk.snapshot() == before
    FUZZ.still_syncs()


def test_each_kind_is_answered_as_expected() -> None:
    """One hand-picked example per kind: which get a failure answer and which get none."""
    global FUZZ
    FUZZ = Fuzzed()
    cases = [
        ("random", {"just": "data"}, False),
        ("wwe-object", {"userAgent": "WWE Client", "request": "x", "referenceId": "r"}, True),
        ("wrong-parameters", envelope({"request": "voice.hold", "parameters": [5]}, "r"), True),
        ("wrong-parameters", envelope({"request": "voice.hold", "parameters": ["1", 2]}, "r"), True),
        ("unknown-request", envelope({"request": "voice.teleport"}, "r"), True),
        ("unknown-id", envelope({"request": "voice.hold", "parameters": ["2"]}, 7), True),
        ("bad-subscription", envelope({"event": "subscribe", "data": []}, "r"), True),
        ("bad-subscription", envelope({"event": "unsubscribe", "data": "1"}, "r"), True),
        ("wrong-parameters", envelope({"request": "voice.hold", "parameters": ["1"]}, ""), False),
        ("hostile", envelope({"request": "voice.dial", "parameters": [HUGE_TEXT]}, "r"), True),
        ("hostile", envelope({"request": "voice.dial", "parameters": ["5001"]}, "\ud800"), False),
        ("hostile", envelope({"request": "agent.get", "x": nested(5000, as_object=True)}, "r"), True),
    ]
    FUZZ.desk.block_mark_done("1", "wrap-up first")  # a refusal that tells: MARKDONE_BLOCKED, nothing else
    cases.append(("hostile", envelope({"request": "interaction.markdone", "parameters": ["1"], "x": -1}, "r"), True))
    for kind, data, answered in cases:
        counts = Counts()
        check(kind, data, counts)
        assert (counts.replies == 1) is answered, data
        if kind == "hostile" and answered:
            assert counts.refused["hostile"] == 1, data
