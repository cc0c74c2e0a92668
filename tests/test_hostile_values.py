"""Issue 8, items 4 and 6-9, attacked through the app bridge and the Python API: every refusal is
an ``errorMessage`` (apps) or an exception (Python) and changes nothing; what is accepted can be
encoded by the kernel."""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget.desktop import AgentDesktop
from scapi_widget.desktop.css_values import is_colour
from scapi_widget.desktop.toasts import MAX_AUTO_CLOSE_MS, MAX_OPEN_TOASTS, MAX_TOAST_WIDTH
from scapi_widget.errors import InvalidParameterError
from scapi_widget.service import notebook_call

from .conftest import BridgeEnv, new_desk, request, subscribe
from .kernel_packing import packed_desktop, strict_pack, synced_keys


def refused(env: BridgeEnv, frame: int, name: str, *params: Any) -> str:
    """Send a request that must be refused and change nothing; returns its errorMessage."""
    before = env.desk.snapshot()
    (reply,) = env.send(frame, request(name, *params, frame_id=frame))
    assert "errorMessage" in reply, reply
    strict_pack(reply)
    assert env.desk.snapshot() == before
    return str(reply["errorMessage"])


# ---------------------------------------------------------------------------- item 4: lone surrogates


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("voice.dial", ["\ud800"]),
        ("voice.dial", ["5001", {"note": "a\udfffb"}]),
        ("interaction.setUserData", ["1", {"\ud800": "key"}]),
        ("system.popupToast", [{"title": "\udc00"}]),
        ("messenger.broadcastMessage", ["team", {"text": "\ud83d"}]),
        ("system.updateViewInApplicationMenuBar", [{"name": "v", "label": "\ud800"}]),
    ],
)
def test_lone_surrogates_from_an_app_are_refused(bridge_env: BridgeEnv, name: str, params: list[Any]) -> None:
    frame = bridge_env.add_frame()
    bridge_env.desk.simulate_inbound_call()
    assert "lone UTF-16 surrogate" in refused(bridge_env, frame, name, *params)


def test_python_callers_get_the_same_check(desk: AgentDesktop) -> None:
    call_id = desk.simulate_inbound_call()
    before = desk.snapshot()
    attempts = [
        lambda: desk.dial("\ud800"),
        lambda: notebook_call(desk, "voice.dial", "\ud800"),
        lambda: notebook_call(desk, "interaction.setUserData", call_id, {"k": float("nan")}),
        lambda: desk.set_user_data(call_id, {"k": float("nan")}),
        lambda: desk.set_user_data(call_id, {"k": ["\udfff"]}),
        lambda: desk.set_user_data(call_id, {"k": float("inf")}),
        lambda: desk.popup_toast(title="t", autoCloseTimeout=float("nan")),
        lambda: desk.popup_toast(title="t", message="\ud800"),
        lambda: desk.broadcast("team", {"n": float("-inf")}),
        lambda: desk.set_option("voice.auto-answer", "\ud800"),
        lambda: desk.update_menu_view({"name": "v", "tooltip": "\udc80"}),
        lambda: desk.simulate_inbound_call(ani="\ud800"),
        lambda: desk.create_email("\ud800"),
        lambda: desk.consult(call_id, "\ud800"),
        lambda: desk.single_step_transfer(call_id, {"type": "AGENT", "destination": "\udfff"}),
        lambda: desk.load_campaign("\ud800"),
        lambda: desk.simulate_inbound_call(user_data={"k": [float("nan")]}),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidParameterError, match=r"surrogate|finite"):
            attempt()
    assert desk.snapshot() == before


def test_every_python_verb_names_where_the_bad_value_is(desk: AgentDesktop) -> None:
    with pytest.raises(InvalidParameterError, match=r"^load_campaign\(\) argument\[0\]: a string holds a lone"):
        desk.load_campaign("\ud800")
    with pytest.raises(InvalidParameterError, match=r"^load_campaign\(\)\['mode'\]: a string holds a lone"):
        desk.load_campaign("Offer", mode="\ud800")
    desk.load_campaign("Offer")  # objects that are not JSON (records, policies) are checked where they are used
    assert "Offer" in desk.campaigns


def test_the_namespaces_refuse_before_anything_changes() -> None:
    widget, sent = packed_desktop()
    with pytest.raises(InvalidParameterError, match=r"voice\.dial parameters\[0\]: a string holds a lone"):
        widget.voice.dial("\ud800")
    toast_id = widget.popup_toast(title="still syncing")
    assert "toasts" in synced_keys(sent) and [t["id"] for t in widget.toasts] == [toast_id]


# ---------------------------------------------------------------------------- item 6: messenger


def test_a_message_that_is_not_an_object_is_refused_not_dropped(bridge_env: BridgeEnv) -> None:
    sender, receiver = bridge_env.add_frame(), bridge_env.add_frame()
    bridge_env.send(receiver, subscribe(["messenger:c"], frame_id=receiver))
    for message in ("hello", 5, ["a"], None, True):
        error = refused(bridge_env, sender, "messenger.broadcastMessage", "c", message)
        assert "must be an object" in error
    assert [m for m in bridge_env.to(receiver) if "event" in m] == []
    (ok,) = bridge_env.send(sender, request("messenger.broadcastMessage", "c", {"text": "hello"}))
    assert "errorMessage" not in ok
    assert [m["data"] for m in bridge_env.to(receiver) if "event" in m] == [{"text": "hello"}]
    with pytest.raises(InvalidParameterError, match="must be an object"):
        bridge_env.desk.broadcast("c", "hello")


def test_a_deeply_nested_message_is_refused(bridge_env: BridgeEnv) -> None:
    sender, receiver = bridge_env.add_frame(), bridge_env.add_frame()
    bridge_env.send(receiver, subscribe(["messenger:c"], frame_id=receiver))
    message: Any = {"leaf": 1}
    for _ in range(900):
        message = {"m": message}
    assert "nested more than" in refused(bridge_env, sender, "messenger.broadcastMessage", "c", message)
    assert [m for m in bridge_env.to(receiver) if "event" in m] == []


def test_the_broadcast_copies_the_message(desk: AgentDesktop) -> None:
    seen: list[Any] = []
    desk.add_event_listener(lambda e: seen.append(e.data))
    message = {"list": [1]}
    desk.broadcast("c", message)
    message["list"].append(2)
    assert seen == [{"list": [1]}]


# ---------------------------------------------------------------------------- item 7: numbers


@pytest.mark.parametrize("timeout", [1e308, 2**70, -1, MAX_AUTO_CLOSE_MS + 1, -0.5])
def test_toast_timeouts_are_bounded(bridge_env: BridgeEnv, timeout: float) -> None:
    frame = bridge_env.add_frame()
    error = refused(bridge_env, frame, "system.popupToast", {"title": "t", "autoCloseTimeout": timeout})
    assert f"'autoCloseTimeout' must be 0 (stay open) or a positive number of ms, from 0 to {MAX_AUTO_CLOSE_MS}" in (
        error
    )


@pytest.mark.parametrize("width", [0, -5, MAX_TOAST_WIDTH + 1, 1e300])
def test_toast_widths_are_bounded(bridge_env: BridgeEnv, width: float) -> None:
    frame = bridge_env.add_frame()
    assert "'width' must be a positive number of px" in refused(
        bridge_env, frame, "system.popupToast", {"title": "t", "width": width}
    )


def test_bounds_are_inclusive_and_updates_are_checked_too(desk: AgentDesktop) -> None:
    toast_id = desk.popup_toast(title="t", autoCloseTimeout=MAX_AUTO_CLOSE_MS, width=MAX_TOAST_WIDTH)
    with pytest.raises(InvalidParameterError, match="autoCloseTimeout"):
        desk.update_toast(toast_id, autoCloseTimeout=2**70)
    assert desk.toasts[toast_id].parameters["autoCloseTimeout"] == MAX_AUTO_CLOSE_MS
    assert desk.update_toast(toast_id, autoCloseTimeout=0)


# ---------------------------------------------------------------------------- item 8: the toast stack


def test_the_toast_stack_is_bounded_and_the_oldest_close() -> None:
    desk = new_desk()
    closed: list[str] = []
    ids = [desk.popup_toast(title=f"t{i}", autoCloseTimeout=1000) for i in range(MAX_OPEN_TOASTS)]
    first = desk.toasts[ids[0]]
    first_cancel = first.cancel_auto_close
    first.cancel_auto_close = lambda: (closed.append(ids[0]), first_cancel())
    newer = [desk.popup_toast(title=f"more{i}") for i in range(10)]
    assert list(desk.toasts) == ids[10:] + newer
    assert closed == [ids[0]]  # closed as close_toast closes: its auto-close timer is cancelled
    with pytest.raises(InvalidParameterError, match="no toast"):
        desk.click_toast_button(ids[0], 0)


def test_each_popup_costs_the_same_however_many_were_popped() -> None:
    widget, sent = packed_desktop()
    sizes = []
    for i in range(5 * MAX_OPEN_TOASTS):
        sent.clear()
        widget.popup_toast(title="t")
        (update,) = [m for m in sent if m.get("method") == "custom"]
        (toasts,) = [op[1] for item in update["content"]["items"] for op in item["ops"] if op[0] == ["toasts"]]
        assert len(toasts) == min(i + 1, MAX_OPEN_TOASTS)
        sizes.append(len(strict_pack(update["content"]["items"])))  # (every few messages also ask for an ack)
    assert len(widget.toasts) == MAX_OPEN_TOASTS
    assert len(set(sizes[150:])) == 1  # once all open toasts have 3-digit ids, every sync is the same size


# ---------------------------------------------------------------------------- item 9: CSS values

COLOURS = ["#abc", "#A1B2C3", "#a1b2c3d4", "#abcd", "rgb(1, 2, 3)", "rgba(1 2 3 / 50%)", "hsl(120deg, 50%, 50%)",
           "HSLA(1.5turn 10% 20% / .5)", "Teal", "transparent", " red "]  # fmt: skip
NOT_COLOURS = ["url(http://evil.test/x)", "red;background:url(x)", "url(x) red", "var(--x)", "expression(alert(1))",
               "rgb(1,2,url(x))", "rgb(1,2,3))", "#ggg", "#abcde", "", "calc(1px)", "red url(x)", "image-set(x)",
               "rgb(1,2,3) url(x)", "redd", "\\75rl(x)", "rgb(1,2)", "red\ngreen", "x" * 100]  # fmt: skip


@pytest.mark.parametrize("colour", COLOURS)
def test_colours_are_accepted(colour: str) -> None:
    assert is_colour(colour)


@pytest.mark.parametrize("value", NOT_COLOURS)
@pytest.mark.parametrize("field", ["backgroundColor", "labelColor"])
def test_anything_but_a_colour_is_refused(bridge_env: BridgeEnv, value: str, field: str) -> None:
    frame = bridge_env.add_frame()
    error = refused(bridge_env, frame, "system.updateViewInApplicationMenuBar", {"name": "v", field: value})
    assert f"menu-bar view field '{field}' must be a CSS colour" in error


def test_a_menu_view_with_colours_is_kept_normalised(desk: AgentDesktop) -> None:
    desk.update_menu_view({"name": "v", "backgroundColor": " #abc ", "labelColor": "rgb(1, 2, 3)"})
    (view,) = desk.workspace.to_json()["menuViews"]
    assert view == {"name": "v", "backgroundColor": "#abc", "labelColor": "rgb(1, 2, 3)", "ownerFrame": None}


@pytest.mark.parametrize("size", ["url(x)", "calc(100% - 1px)", "10px;color:red", "-5px", "", "var(--w)"])
def test_dialog_sizes_are_sizes_only(bridge_env: BridgeEnv, size: str) -> None:
    frame = bridge_env.add_frame()
    error = refused(bridge_env, frame, "system.openDialog", "dialog.html", {"width": size})
    assert "dialog option 'width' must be a CSS size" in error
    (ok,) = bridge_env.send(frame, request("system.openDialog", "dialog.html", {"width": "430px", "height": "40%"}))
    assert "errorMessage" not in ok
