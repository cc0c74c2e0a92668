"""What one app can make the desktop hold is bounded, and a change costs the wire only the change.

Each message stays within the wire's limits (1,000,000 characters), so growth comes from many of
them: an app adding 0.9 M characters of user data again and again. Past
:data:`~scapi_widget.desktop.userdata.MAX_USER_DATA_CHARACTERS` per interaction it is refused with
an ``errorMessage`` and nothing changes; below it, a one-key change next to megabytes of user data
sends a few hundred bytes (through the widget's comm, encoded as the kernel encodes).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from scapi_widget.desktop.userdata import MAX_USER_DATA_CHARACTERS, MAX_USER_DATA_VALUES
from scapi_widget.errors import InvalidActionError

from .centre_machine import assert_bound_counts
from .conftest import BridgeEnv, request
from .kernel_packing import Sent, packed_desktop, sent_ops, sent_posts, subscribed_app

CHUNK = 900_000  # characters of one user data value: within one message's limit
ONE_KEY_CHANGE_BYTES = 4_096


def ask(env: BridgeEnv, frame: int, name: str, *params: Any) -> dict[str, Any]:
    (reply,) = [m for m in env.send(frame, request(name, *params, frame_id=frame)) if "referenceId" in m]
    return reply


def fill(set_user_data: Any, call_id: str, characters: int, prefix: str = "Big") -> None:
    """Add about ``characters`` characters of user data to the call, a value of CHUNK at a time."""
    for index in range(-(-characters // CHUNK)):
        set_user_data(call_id, {f"{prefix}{index}": "x" * CHUNK})


def test_an_app_cannot_grow_an_interactions_user_data_past_the_bound(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    call_id = bridge_env.desk.simulate_inbound_call()
    bridge_env.desk.answer(call_id)
    index = 0
    while True:
        reply = ask(bridge_env, frame, "interaction.setUserData", call_id, {f"Big{index}": "x" * CHUNK})
        if "errorMessage" in reply:
            break
        index += 1
    assert index == MAX_USER_DATA_CHARACTERS // CHUNK  # every message up to the bound was taken
    assert f"user data would hold more than {MAX_USER_DATA_CHARACTERS:,} characters of text" in reply["errorMessage"]
    before, events = bridge_env.desk.interactions_json(), []
    bridge_env.desk.add_event_listener(events.append)
    for _ in range(3):  # 40 such values were 36 M characters on every change; now refused, changing nothing
        assert "errorMessage" in ask(bridge_env, frame, "interaction.setUserData", call_id, {"More": "x" * CHUNK})
    assert bridge_env.desk.interactions_json() == before and events == []
    # Deleting makes room again; replacing a key's value counts only the new value.
    ask(bridge_env, frame, "interaction.deleteUserData", call_id, "Big0")
    assert "errorMessage" not in ask(bridge_env, frame, "interaction.setUserData", call_id, {"Big0": "y" * CHUNK})
    assert "errorMessage" not in ask(bridge_env, frame, "interaction.setUserData", call_id, {"Big1": "z"})


def test_many_small_values_are_bounded_too(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    call_id = bridge_env.desk.simulate_inbound_call()
    bridge_env.desk.answer(call_id)
    room = MAX_USER_DATA_VALUES - len(bridge_env.desk.interactions[call_id].user_data)  # the case ids are there
    for start, count in ((0, 50_000), (50_000, room - 50_000)):
        values = {f"k{start + i}": i for i in range(count)}
        assert "errorMessage" not in ask(bridge_env, frame, "interaction.setUserData", call_id, values)
    reply = ask(bridge_env, frame, "interaction.setUserData", call_id, {"one": 1})
    assert "100,000 values" in reply["errorMessage"]
    assert "errorMessage" not in ask(bridge_env, frame, "interaction.setUserData", call_id, {"k0": "replaced"})


def test_python_callers_get_an_exception_past_the_bound(bridge_env: BridgeEnv) -> None:
    desk = bridge_env.desk
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    fill(desk.set_user_data, call_id, MAX_USER_DATA_CHARACTERS - CHUNK)
    before = desk.interactions_json()
    with pytest.raises(InvalidActionError, match=f"interaction {call_id}'s user data would hold more than"):
        desk.set_user_data(call_id, {"More": "x" * CHUNK})
    assert desk.interactions_json() == before


def test_every_request_that_adds_user_data_is_bounded(bridge_env: BridgeEnv) -> None:
    """A conference or transfer carries user data onto the call too: past the bound it is refused as
    setUserData is, before anything changes (the bound is checked by the one writer of user data)."""
    frame = bridge_env.add_frame()
    desk = bridge_env.desk
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    fill(desk.set_user_data, call_id, MAX_USER_DATA_CHARACTERS - CHUNK)
    before, events = desk.interactions_json(), []
    desk.add_event_listener(events.append)
    for name in ("interaction.singleStepConference", "interaction.singleStepTransfer"):
        reply = ask(bridge_env, frame, name, call_id, "5003", {"More": "x" * CHUNK})
        assert f"user data would hold more than {MAX_USER_DATA_CHARACTERS:,}" in reply["errorMessage"], name
    assert desk.interactions_json() == before and events == []
    assert "errorMessage" not in ask(bridge_env, frame, "interaction.singleStepConference", call_id, "5003", {"A": "b"})
    assert desk.interactions[call_id].user_data["A"] == "b"


def test_the_bound_follows_keys_set_replaced_and_deleted(bridge_env: BridgeEnv) -> None:
    """The bound is counted key by key as the user data changes (a change costs its own keys): what
    it refuses and takes is what a count of the whole user data says, to the character."""
    desk = bridge_env.desk
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    item = desk.model.interactions[call_id]
    fill(desk.set_user_data, call_id, MAX_USER_DATA_CHARACTERS - 2 * CHUNK)
    desk.set_user_data(call_id, {"Nested": {"list": ["x" * 1000] * 50, "deep": [{"k": "v" * 100}]}})
    room = MAX_USER_DATA_CHARACTERS - item.user_data_bound.characters
    assert 0 < room < CHUNK + 100_000
    with pytest.raises(InvalidActionError):
        desk.set_user_data(call_id, {"More": "x" * (room - len("More") + 1)})  # one character too many
    desk.set_user_data(call_id, {"More": "x" * (room - len("More"))})  # exactly the bound
    with pytest.raises(InvalidActionError):
        desk.set_user_data(call_id, {"A": "x"})
    desk.set_user_data(call_id, {"Nested": "s"})  # a replaced value counts only the new one
    desk.set_user_data(call_id, {"A": "x"})
    desk.delete_user_data(call_id, "More")  # deleting makes room
    desk.set_user_data(call_id, {"More2": "x" * CHUNK})
    assert_bound_counts(item)  # what it counted is a count of the whole user data


def test_the_desktop_keeps_its_own_copy_of_what_a_caller_set(bridge_env: BridgeEnv) -> None:
    desk = bridge_env.desk
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    mine = {"List": [1, 2], "Object": {"a": "b"}}
    desk.set_user_data(call_id, mine)
    mine["List"].append(3)  # the caller's objects change later: the desktop's do not
    mine["Object"]["a"] = "changed"
    assert desk.model.interactions[call_id].user_data["List"] == [1, 2]
    assert desk.model.interactions[call_id].user_data["Object"] == {"a": "b"}


def sent_bytes(sent: Sent) -> int:
    return sum(sent.sizes)


def test_a_one_key_change_next_to_9_mb_of_user_data_sends_under_4_kb() -> None:
    widget, sent = packed_desktop()
    desk = widget.desktop
    calls = [desk.simulate_inbound_call(user_data={"CustomerId": f"C-{i}"}) for i in range(3)]
    for call_id in calls:
        desk.answer(call_id)
    fill(widget.set_user_data, calls[0], 9_000_000)  # in the very interaction that changes
    fill(widget.set_user_data, calls[1], 3_000_000)
    assert len(json.dumps(desk.interactions[calls[0]].user_data)) > 9_000_000
    sent.clear()
    widget.set_user_data(calls[0], {"Counter": 1})
    assert sent_ops(sent) == [[["interactions", calls[0], "userData", "Counter"], 1]]
    assert sent_bytes(sent) < ONE_KEY_CHANGE_BYTES, sent_bytes(sent)
    sent.clear()
    widget.set_user_data(calls[1], {"Big0": "changed"})  # a big value replaced: only the new value travels
    assert sent_bytes(sent) < ONE_KEY_CHANGE_BYTES


def test_an_app_subscribed_gets_the_change_of_a_small_call_in_a_few_bytes_beside_9_mb() -> None:
    widget, sent, _frame = subscribed_app(["interaction"])
    desk = widget.desktop
    big = [desk.simulate_inbound_call() for _ in range(3)]
    for call_id in big:
        desk.answer(call_id)
        fill(widget.set_user_data, call_id, 3_000_000)
    small = desk.simulate_inbound_call(user_data={"CustomerId": "C-9"})
    desk.answer(small)
    sent.clear()
    widget.set_user_data(small, {"Counter": 1})
    assert sent_bytes(sent) < ONE_KEY_CHANGE_BYTES, sent_bytes(sent)  # its event included


def test_a_menu_view_change_sends_that_view_only() -> None:
    widget, sent = packed_desktop()
    desk = widget.desktop
    for owner in (None, 7, 8):  # the notebook's views and two apps' (frames need not exist for the model)
        for i in range(50):
            desk.update_menu_view({"name": f"v{i}", "label": "x" * 300}, owner_frame=owner)
    sent.clear()
    desk.update_menu_view({"name": "v3", "label": "changed"}, owner_frame=8)
    assert sent_ops(sent) == [[["menu_views", "8:v3", "label"], "changed"]]
    assert sent_bytes(sent) < 1_024


def test_an_app_subscribed_gets_the_whole_interaction_while_the_wire_carries_the_change() -> None:
    widget, sent, frame = subscribed_app(["interaction"])
    desk = widget.desktop
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    fill(widget.set_user_data, call_id, 9_000_000)
    sent.clear()
    widget.set_user_data(call_id, {"Counter": 1})
    assert sent_bytes(sent) < ONE_KEY_CHANGE_BYTES, sent_bytes(sent)  # the event's interaction: the replica's
    (post,) = [p["message"] for p in sent_posts(sent) if p["frameId"] == frame]
    assert post["data"]["eventType"] == "ATTACHED_DATA_CHANGED"
    assert post["data"]["interaction"] == desk.interactions[call_id].to_json()  # as the view posts it: whole
    assert len(json.dumps(post)) > 9_000_000
