"""The replica's ops (scapi_widget/sync/replica.py): the fewest changes that make a view's copy equal
again, in the shapes js/replica.js applies; and, for any change, applying them gives the new value."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scapi_widget.sync.replica import MAP_PARTS, Replica

from .replica_view import ReplicaView, same


def published(**parts: Any) -> Replica:
    replica = Replica()
    replica.update(parts)
    return replica


def call(state: str = "RINGING", **user_data: Any) -> dict[str, Any]:
    return {"interactionId": "1", "state": state, "userData": user_data}


def test_the_first_publication_sends_each_part_whole_and_a_map_part_as_pairs() -> None:
    replica = Replica()
    ops = replica.update({"agent_info": {"name": "A"}, "interactions": {"10": call(), "2": call()}})
    assert ops == [[["agent_info"], {"name": "A"}], [["interactions"], [["10", call()], ["2", call()]]]]
    assert replica.seq == 1


def test_an_unchanged_publication_sends_nothing_and_keeps_the_number() -> None:
    replica = published(agent_info={"name": "A"}, interactions={"1": call()}, toasts=[])
    assert replica.update({"agent_info": {"name": "A"}, "interactions": {"1": call()}, "toasts": []}) == []
    assert replica.update({}) == []
    assert replica.seq == 1


def test_one_changed_field_of_one_interaction_is_one_op() -> None:
    replica = published(interactions={"1": call(), "2": call()})
    ops = replica.update({"interactions": {"1": call(), "2": call("TALKING")}})
    assert ops == [[["interactions", "2", "state"], "TALKING"]]
    assert replica.seq == 2


def test_a_field_of_another_type_is_a_change_though_python_calls_it_equal() -> None:
    replica = published(interactions={"1": call(k=1)}, agent_info={"muted": 0})
    assert replica.update({"interactions": {"1": call(k=True)}}) == [[["interactions", "1", "userData", "k"], True]]
    assert replica.update({"agent_info": {"muted": False}}) == [[["agent_info", "muted"], False]]


def test_new_key_order_inside_a_value_is_a_change() -> None:
    replica = published(interactions={"1": call(a=1, b=2)}, agent_info={"a": 1, "b": 2})
    ops = replica.update({"interactions": {"1": call(b=2, a=1)}, "agent_info": {"b": 2, "a": 1}})
    assert ops == [[["interactions", "1", "userData"], {"b": 2, "a": 1}], [["agent_info"], {"b": 2, "a": 1}]]


def test_inside_an_entry_objects_change_key_by_key_unless_their_keys_were_reordered() -> None:
    replica = published(interactions={"1": {"a": 1, "b": 2}})
    assert replica.update({"interactions": {"1": {"a": 1, "b": 2, "c": 3}}}) == [[["interactions", "1", "c"], 3]]
    assert replica.update({"interactions": {"1": {"b": 2, "a": 1, "c": 3}}}) == [
        [["interactions", "1"], {"b": 2, "a": 1, "c": 3}]
    ]
    assert replica.update({"interactions": {"1": {"b": 2, "c": {"d": [1]}}}}) == [
        [["interactions", "1", "a"]],
        [["interactions", "1", "c"], {"d": [1]}],
    ]
    assert replica.update({"interactions": {"1": {"b": 2, "c": {"d": [1], "e": None}}}}) == [
        [["interactions", "1", "c", "e"], None]
    ]
    assert replica.update({"interactions": {"1": ["not", "a", "dict"]}}) == [
        [["interactions", "1"], ["not", "a", "dict"]]
    ]


def test_one_user_data_key_travels_alone_beside_much_user_data() -> None:
    big = {f"Big{i}": "x" * 100_000 for i in range(30)}
    replica = published(interactions={"1": call(**big)})
    ops = replica.update({"interactions": {"1": call(**big, Counter=1)}})
    assert ops == [[["interactions", "1", "userData", "Counter"], 1]]
    ops = replica.update({"interactions": {"1": call(**{**big, "Big3": "y"}, Counter=1)}})
    assert ops == [[["interactions", "1", "userData", "Big3"], "y"]]
    smaller = {key: value for key, value in big.items() if key != "Big7"}
    assert replica.update({"interactions": {"1": call(**{**smaller, "Big3": "y"}, Counter=1)}}) == [
        [["interactions", "1", "userData", "Big7"]]
    ]


def test_new_keys_go_last_and_deleted_keys_are_deleted() -> None:
    replica = published(interactions={"1": call(), "2": call(), "3": call()})
    ops = replica.update({"interactions": {"1": call(), "3": call(), "10": call(), "4": call()}})
    assert ops == [[["interactions", "2"]], [["interactions", "10"], call()], [["interactions", "4"], call()]]


def test_a_reorder_of_the_surviving_keys_sends_the_part_whole() -> None:
    replica = published(interactions={"1": call(), "2": call(), "3": call()})
    ops = replica.update({"interactions": {"3": call(), "1": call()}})
    assert ops == [[["interactions"], [["3", call()], ["1", call()]]]]
    ops = replica.update({"interactions": {"1": call(), "3": call()}})  # same entries, other order
    assert ops == [[["interactions"], [["1", call()], ["3", call()]]]]


def test_a_list_part_is_replaced_whole_and_an_object_part_changes_key_by_key() -> None:
    replica = published(toasts=[{"id": "1"}], workspace={"a": {"b": 1}, "c": 2})
    assert replica.update({"toasts": [{"id": "1"}, {"id": "2"}]}) == [[["toasts"], [{"id": "1"}, {"id": "2"}]]]
    assert replica.update({"toasts": [{"id": "2"}, {"id": "3"}]}) == [[["toasts"], [{"id": "2"}, {"id": "3"}]]]
    assert replica.update({"workspace": {"a": {"b": 1}, "c": 3}}) == [[["workspace", "c"], 3]]
    assert replica.update({"workspace": {"a": 5, "c": 4}}) == [[["workspace"], {"a": 5, "c": 4}]]  # all changed
    view = ReplicaView(published(workspace={"a": {"b": 1}, "c": 2}).snapshot())
    replica = published(workspace={"a": {"b": 1}, "c": 2})
    for value in ({"a": {"b": 1, "d": 0}, "c": 2}, {"a": {"d": 0}, "c": 5}, {"c": 5}):
        assert view.apply(replica.seq + 1, replica.update({"workspace": value}))
        assert view.parts["workspace"] == value


def test_integer_like_keys_keep_pythons_order_in_ops_and_snapshot() -> None:
    replica = published(interactions={"10": call(), "2": call(), "1": call()})
    replica.update({"interactions": {"10": call(), "2": call(), "1": call(), "0": call()}})
    snapshot = replica.snapshot()
    assert [key for key, _ in snapshot["parts"]["interactions"]] == ["10", "2", "1", "0"]
    view = ReplicaView(snapshot)
    assert list(view.parts["interactions"]) == ["10", "2", "1", "0"]


def test_remove_stops_publishing_a_part() -> None:
    replica = published(app_interactions={"1": call()}, agent_info={})
    assert replica.update({}, remove=["app_interactions", "never_published"]) == [[["app_interactions"]]]
    assert replica.seq == 2 and "app_interactions" not in replica.parts
    assert replica.update({}, remove=["app_interactions"]) == [] and replica.seq == 2
    assert replica.update({"app_interactions": {"2": call()}}) == [[["app_interactions"], [["2", call()]]]]


def test_the_snapshot_holds_everything_with_the_number_and_the_map_parts() -> None:
    replica = published(interactions={"2": call(), "1": call()}, agent_info={"name": "A"}, toasts=[])
    replica.update({"agent_info": {"name": "B"}})
    assert replica.snapshot() == {
        "seq": 2,
        "maps": sorted(MAP_PARTS),
        "parts": {"interactions": [["2", call()], ["1", call()]], "agent_info": {"name": "B"}, "toasts": []},
    }


# ---------------------------------------------------------------- property: ops turn the old value into the new

KEYS = st.sampled_from(["1", "2", "10", "a", "b", "state", "userData"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0 or str(x) == "0.0"),
    st.sampled_from(["", "x", "TALKING"]),
)
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=8
)
ENTRY = st.one_of(JSON, st.dictionaries(KEYS, JSON, max_size=4))
MAP = st.dictionaries(KEYS, ENTRY, max_size=5)
STATE = st.fixed_dictionaries(
    {},
    optional={"interactions": MAP, "answers": MAP, "agent_info": JSON, "toasts": st.lists(JSON, max_size=3)},
)


def twin(value: Any, rnd: Any) -> Any:
    """A value Python calls equal to ``value`` that a view does not: keys reordered, ``1`` for ``true``."""
    if isinstance(value, dict):
        items = [(key, twin(item, rnd)) for key, item in value.items()]
        rnd.shuffle(items)
        return dict(items)
    if isinstance(value, list):
        return [twin(item, rnd) for item in value]
    if isinstance(value, bool) and rnd.random() < 0.5:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1) and rnd.random() < 0.5:
        return bool(value)
    return value


@settings(max_examples=300, deadline=None)
@given(
    states=st.lists(st.tuples(STATE, st.booleans()), min_size=2, max_size=5),
    rnd=st.randoms(use_true_random=False),
)
def test_applying_the_ops_gives_the_new_value_in_the_same_order(
    states: list[tuple[dict[str, Any], bool]], rnd: Any
) -> None:
    replica = Replica()
    replica.update(states[0][0])
    view = ReplicaView(replica.snapshot())
    for drawn, twinned in states[1:]:
        state = twin(replica.parts, rnd) if twinned else drawn  # a twin of what was published, or anything
        remove = [name for name in list(replica.parts) if name not in state]
        before = replica.seq
        ops = replica.update(state, remove=remove)
        assert replica.seq == before + (1 if ops else 0)
        assert view.apply(replica.seq, ops)
        assert view.seq == replica.seq
        assert set(view.parts) == set(state)
        assert same(view.parts, {name: state[name] for name in view.parts})
        assert same(ReplicaView(replica.snapshot()).parts, view.parts)
