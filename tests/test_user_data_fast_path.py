"""A change to nothing but some user data keys of interactions travels without rebuilding them.

The desktop model says which keys a user data change touched (``touch_user_data``:
:attr:`~scapi_widget.desktop.plumbing.ChangedParts.user_data`); the mirror then copies those keys
into the entry the replica holds and makes their ops itself (:class:`~scapi_widget.sync.replica.Patched`,
:func:`~scapi_widget.sync.replica.diff_value_at`). Those ops must be exactly the ones today's
rebuild-and-compare gives (``diff_keys`` of the rebuilt entries), which these tests check change by
change, for any sequence of user data changes (nested values, several keys, deletions, keys set
again), beside any other change in the same transaction (which falls back to the rebuild).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.plumbing import touched_interactions, touched_user_data
from scapi_widget.errors import ScapiError
from scapi_widget.sync.mirror import EVERY_PART, StateMirror
from scapi_widget.sync.replica import Replica, diff_keys, diff_value, diff_value_at, same

from .emulated_views import PAGE_ORIGIN, Browser
from .replica_view import ReplicaView

KEYS = ("A", "B", "C", "D")
APP_ORIGIN = "https://app.example"
APP_URL = f"{APP_ORIGIN}/app.html"
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-2, 2, allow_nan=False), st.text(max_size=3)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)),
    max_leaves=6,
)
CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.dictionaries(st.sampled_from(KEYS), VALUES, min_size=1, max_size=4)),
        st.tuples(st.just("delete"), st.sampled_from(KEYS)),
        st.tuples(st.just("delete and set again"), st.sampled_from(KEYS)),
        st.tuples(st.just("hold"), st.none()),  # a state change in the same transaction as user data
        st.tuples(st.just("set twice"), st.tuples(st.sampled_from(KEYS), VALUES, VALUES)),  # one transaction
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(
    old=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4),
    changes=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4),
)
def test_diff_value_at_the_changed_keys_equals_diff_value(old: dict[str, Any], changes: dict[str, Any]) -> None:
    changes = {key: value for key, value in changes.items() if key in old}  # the same keys: only values change
    new = {**old, **changes}
    path = ["interactions", "1", "userData"]
    assert diff_value_at(path, old, new, set(changes)) == diff_value(path, old, new)
    assert diff_value_at(path, old, new, list(reversed(list(changes)))) == diff_value(path, old, new)


class Recorded:
    """A desktop with an answered call (and a second one) and a view; every item's ops recorded."""

    def __init__(self, read: str | list[str] = "*") -> None:
        self.model = AgentDesktop(clock=ManualClock(), ids=IdSource(1), user_data_read_allowed=read)
        self.desk = Desktop(APP_URL, desktop=self.model)
        self.browser = Browser(self.desk)
        self.browser.open_view("view-1", PAGE_ORIGIN)
        self.call = self.model.simulate_inbound_call(user_data={"A": 1, "IW_CaseUid": "x"})
        self.other = self.model.simulate_inbound_call()
        self.model.answer(self.call)
        self.browser.pump()
        self.ops: list[list[Any]] = []
        self.heard: list[frozenset[Any]] = []
        channel = self.desk.link.channel
        flush = channel.flush

        def recording_flush(ops: list[Any], log: list[Any], **options: Any) -> None:
            self.ops.extend(copy.deepcopy(ops))
            flush(ops, log, **options)

        channel.flush = recording_flush  # type: ignore[method-assign]
        self.model.add_change_listener(self.heard.append)

    def change(self, kind: str, arg: Any) -> None:
        call = self.call
        try:
            with self.model.transaction():
                if kind == "set":
                    self.desk.set_user_data(call, arg)
                elif kind == "delete":
                    self.desk.delete_user_data(call, arg)
                elif kind == "set twice":
                    key, first, second = arg
                    self.desk.set_user_data(call, {key: first})
                    self.desk.set_user_data(call, {key: second, "B": first})
                elif kind == "delete and set again":
                    self.desk.set_user_data(call, {arg: "again"})
                    self.desk.delete_user_data(call, arg)
                    self.desk.set_user_data(call, {arg: "last"})
                else:
                    self.desk.set_user_data(call, {"B": "held"})
                    self.desk.hold(call) if self.model.interactions[call].state == "TALKING" else self.desk.resume(call)
        except ScapiError:
            pass
        self.browser.pump()


@settings(max_examples=120, deadline=None)
@given(changes=CHANGES, read=st.sampled_from(["*", ["A", "B", "IW_CaseUid"]]))
def test_user_data_changes_send_the_ops_a_rebuild_and_compare_sends(changes: list[tuple[str, Any]], read: Any) -> None:
    """Change by change: the ops equal ``diff_keys`` of the rebuilt entries against the replica as
    it was; the replica equals a rebuild; the view holds what Python holds; the traitlet is current."""
    desk = Recorded(read)
    replica = desk.desk.link.channel.replica
    try:
        for kind, arg in changes:
            before = copy.deepcopy(replica.parts["interactions"])
            desk.ops.clear()
            desk.change(kind, arg)
            now = desk.model.interactions_json()
            touched = touched_interactions(desk.heard[-1]) if desk.heard else None
            expected = diff_keys("interactions", before, now, touched if touched is not None else set(now))
            assert [op for op in desk.ops if op[0][0] == "interactions"] == expected
            assert same(replica.parts["interactions"], now)
            assert same(desk.desk.interactions, now)  # the traitlet, right after the verb
            view = desk.browser.views["view-1"].replica
            assert view is not None and view.seq == replica.seq
            assert same([[k, v] for k, v in view.parts["interactions"].items()], [[k, v] for k, v in now.items()])
            full = Replica()
            StateMirror(desk.model, full, lambda _n, _v: None, 200).sync(EVERY_PART, "")
            for part in ("interactions", "actions", "app_interactions"):
                if part in full.parts:
                    assert same(replica.parts[part], full.parts[part]), part
    finally:
        desk.desk.close()


def test_the_model_says_which_user_data_keys_a_change_touched() -> None:
    desk = Recorded()
    model, call = desk.model, desk.call
    model.set_user_data(call, {"A": 2, "Z": 1})
    assert touched_user_data(desk.heard[-1]) == {call: {"A", "Z"}}
    model.delete_user_data(call, "Z")
    assert touched_user_data(desk.heard[-1]) == {call: {"Z"}}
    with model.transaction():
        model.set_user_data(call, {"A": 3})
        model.set_user_data(desk.other, {"B": 1})
        model.set_user_data(call, {"C": 1})
    assert touched_user_data(desk.heard[-1]) == {call: {"A", "C"}, desk.other: {"B"}}
    with model.transaction():  # touched otherwise too: as a whole
        model.set_user_data(call, {"A": 4})
        model.hold(call)
        model.set_user_data(call, {"B": 4})
    assert touched_user_data(desk.heard[-1]) == {}
    assert touched_interactions(desk.heard[-1]) == {call}
    with model.transaction():  # any interaction may have changed: nothing is said of keys
        model.set_user_data(call, {"A": 5})
        model.touch("interactions")
    assert touched_user_data(desk.heard[-1]) == {} and touched_interactions(desk.heard[-1]) is None
    desk.desk.close()


@pytest.mark.parametrize(
    ("again", "order_after"),
    [(["B"], ["C", "D", "B"]), (["B", "D"], ["C", "B", "D"]), (["D"], ["B", "C", "D"]), (["C", "B"], ["D", "C", "B"])],
    ids=["first", "first-and-last", "last-only", "two-reversed"],
)
def test_a_key_deleted_and_set_again_in_one_change_moves_to_the_end(again: list[str], order_after: list[str]) -> None:
    """Named bug guard: the fast path copies keys into the entry in place, which would leave a key
    deleted and set again where it was; the desktop has it last, so the change is rebuilt. The fast
    path tells by the last keys alone (as many as the change set): with the last key set again
    among others (first-and-last), those last keys' order still shows the move."""
    desk = Recorded()
    model, call = desk.model, desk.call
    model.set_user_data(call, {"B": 1, "C": 2, "D": 3})
    with model.transaction():
        for key in again:
            model.delete_user_data(call, key)
            model.set_user_data(call, {key: 4})
    order = list(model.interactions[call].user_data)
    assert order[-3:] == order_after
    assert same(
        desk.desk.link.channel.replica.parts["interactions"][call], model.interaction_json(model.interactions[call])
    )
    desk.browser.pump()
    view = desk.browser.views["view-1"].replica
    assert view is not None and list(view.parts["interactions"][call]["userData"]) == order
    desk.desk.close()


def subscribed(read: Any = "*") -> Recorded:
    """:class:`Recorded` with its app loaded and subscribed to interaction events."""
    desk = Recorded(read)
    host = desk.browser.host
    assert host is not None
    element = host.elements[1]
    desk.browser.load(element)
    subscribe = {"event": "subscribe", "data": ["interaction"], "referenceId": "s", "userAgent": "WWE Client"}
    desk.browser.post_from(element, subscribe)
    return desk


def app_events(desk: Recorded, view: ReplicaView, start: int) -> list[Any]:
    """The interactions of the events the app got in the comm messages from ``start`` on, as the view
    posts them: each item's ops applied to ``view``, then its posts' interactions filled from it."""
    got = []
    for message in desk.browser.comm[start:]:
        for item in message["content"].get("items", []):
            if "ops" in item:
                assert view.apply(item["seq"], item["ops"])
            messages = copy.deepcopy(item.get("messages", []))
            for index, part, interaction_id in item.get("fills", []):
                messages[index]["data"]["interaction"] = copy.deepcopy(view.parts[part][interaction_id])
            got.extend(messages[index]["data"]["interaction"] for _frame, index in item.get("posts", []))
    return got


def test_an_app_gets_each_change_with_the_user_data_as_of_that_change() -> None:
    """In a burst, app event k carries user data as of change k: the view fills an event's interaction
    from its replica as the item's ops left it (js: posts' ``fills``), so each item's ops must bring
    the replica to that change before its posts."""
    desk = subscribed()
    view = ReplicaView(copy.deepcopy(desk.desk.link.channel.replica.snapshot()))
    start = len(desk.browser.comm)
    for i in range(5):
        desk.model.set_user_data(desk.call, {"Seq": i})
    got = app_events(desk, view, start)
    assert [interaction["userData"]["Seq"] for interaction in got] == list(range(5))
    assert any(message["content"]["items"][0].get("fills") for message in desk.browser.comm[start:])
    desk.desk.close()


@settings(max_examples=60, deadline=None)
@given(changes=CHANGES, read=st.sampled_from(["*", ["A", "B", "IW_CaseUid"]]))
def test_every_event_an_app_gets_is_the_interaction_as_of_its_change(changes: list[tuple[str, Any]], read: Any) -> None:
    """Whether an event's interaction travels whole or is filled from the replica (for a user data
    change, without comparing: the desktop says it equals the entry), the app gets each event's own."""
    desk = subscribed(read)
    view = ReplicaView(copy.deepcopy(desk.desk.link.channel.replica.snapshot()))
    start, seen = len(desk.browser.comm), len(desk.desk.link.mirror.events)
    for kind, arg in changes:
        desk.change(kind, arg)
    events = [e for e in desk.desk.link.mirror.events[seen:] if e.family == "interaction"]
    expected = [copy.deepcopy(e.data["interaction"]) for e in events]
    for interaction in expected:
        interaction["userData"] = desk.model.read_allowed.filter(interaction["userData"])
    got = app_events(desk, view, start)
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert same(a, b)
    desk.desk.close()
