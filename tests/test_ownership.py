"""Apps change only their own toasts, dialogs and menu-bar views; notebook code may change any.

Ids are predictable (``wweCustomToast0``, ``wweCustomDialog1``): a second app that guesses them
gets the answer it would get for ids that do not exist, and the first app's things stay as they
were. Every attack goes through the bridge, as a hosted frame's message would.
"""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget.desktop.workspace import MAX_MENU_VIEWS, MAX_OPEN_DIALOGS
from scapi_widget.errors import InvalidActionError, InvalidParameterError
from scapi_widget.service import notebook_call

from .conftest import APP_ORIGIN, BridgeEnv, request


def ask(env: BridgeEnv, frame: int, name: str, *params: Any) -> dict[str, Any]:
    (reply,) = [m for m in env.send(frame, request(name, *params, frame_id=frame)) if "referenceId" in m]
    return reply


def ask_closing_itself(env: BridgeEnv, frame: int, dialog_id: str) -> list[dict[str, Any]]:
    """The dialog in ``frame`` closes itself; returns what was posted back to it."""
    return env.send(frame, request("system.closeDialog", dialog_id, frame_id=frame))


def two_apps(env: BridgeEnv) -> tuple[int, int]:
    return env.add_frame(), env.add_frame()


def test_an_app_cannot_update_or_close_another_apps_toast(bridge_env: BridgeEnv) -> None:
    first, second = two_apps(bridge_env)
    toast_id = ask(bridge_env, first, "system.popupToast", {"title": "Offer", "buttons": ["Take it"]})["data"]
    before = bridge_env.desk.toasts_json()
    assert (
        ask(bridge_env, second, "system.updateToast", toast_id, {"title": "Phish", "buttons": ["Go"]})["data"] is False
    )
    assert ask(bridge_env, second, "system.closeToast", toast_id)["data"] is False
    assert bridge_env.desk.toasts_json() == before
    # its owner still can; its clicks still reach only its owner
    assert ask(bridge_env, first, "system.updateToast", toast_id, {"message": "today only"})["data"] is True
    assert ask(bridge_env, first, "system.closeToast", toast_id)["data"] is True
    assert bridge_env.desk.toasts_json() == []


def test_bad_toast_parameters_from_another_app_are_still_refused_as_such(bridge_env: BridgeEnv) -> None:
    first, second = two_apps(bridge_env)
    toast_id = ask(bridge_env, first, "system.popupToast", {"title": "Offer"})["data"]
    reply = ask(bridge_env, second, "system.updateToast", toast_id, {"colour": "red"})
    assert "unknown toast field(s) colour" in reply["errorMessage"]


def test_notebook_code_may_change_any_toast(bridge_env: BridgeEnv) -> None:
    first = bridge_env.add_frame()
    toast_id = ask(bridge_env, first, "system.popupToast", {"title": "Offer"})["data"]
    assert bridge_env.desk.update_toast(toast_id, {"title": "Changed"}) is True
    assert notebook_call(bridge_env.desk, "system.closeToast", toast_id) is True  # the SCAPI request, as notebook code
    assert bridge_env.desk.toasts_json() == []


def test_an_app_cannot_close_another_apps_dialog(bridge_env: BridgeEnv) -> None:
    first, second = two_apps(bridge_env)
    mine = ask(bridge_env, second, "system.openDialog", "mine.html")["data"]
    dialog_id = ask(bridge_env, first, "system.openDialog", "d.html")["data"]
    frames_before = set(bridge_env.desk.frames.frames)
    reply = ask(bridge_env, second, "system.closeDialog", dialog_id)
    assert reply["errorMessage"] == f"no dialog {dialog_id!r} of this app is open (open: {mine})"  # its own only
    assert dialog_id in bridge_env.desk.workspace.dialogs and set(bridge_env.desk.frames.frames) == frames_before


def test_a_dialog_may_close_itself_and_its_opener_may_close_it(bridge_env: BridgeEnv) -> None:
    app = bridge_env.add_frame()
    first = ask(bridge_env, app, "system.openDialog", "a.html?id=$Dialog.Id$")["data"]
    second = ask(bridge_env, app, "system.openDialog", "b.html")["data"]
    dialog_frame = bridge_env.desk.workspace.dialogs[first].frame_id
    bridge_env.bridge.frame_loaded(dialog_frame)
    assert "errorMessage" in ask(bridge_env, dialog_frame, "system.closeDialog", second)  # a sibling is not its own
    assert all("errorMessage" not in reply for reply in ask_closing_itself(bridge_env, dialog_frame, first))
    assert first not in bridge_env.desk.workspace.dialogs
    assert "errorMessage" not in ask(bridge_env, app, "system.closeDialog", second)
    assert bridge_env.desk.workspace.dialogs == {}


def test_closing_a_dialog_closes_what_it_holds(bridge_env: BridgeEnv) -> None:
    app = bridge_env.add_frame()
    outer = ask(bridge_env, app, "system.openDialog", "outer.html")["data"]
    outer_frame = bridge_env.desk.workspace.dialogs[outer].frame_id
    bridge_env.bridge.frame_loaded(outer_frame)
    inner = ask(bridge_env, outer_frame, "system.openDialog", "inner.html")["data"]
    ask(bridge_env, outer_frame, "system.updateViewInApplicationMenuBar", {"name": "outer"})
    ask(bridge_env, app, "system.updateViewInApplicationMenuBar", {"name": "app"})
    assert inner in bridge_env.desk.workspace.dialogs
    ask(bridge_env, app, "system.closeDialog", outer)
    assert bridge_env.desk.workspace.dialogs == {}
    assert [v["name"] for v in bridge_env.desk.workspace.to_json()["menuViews"]] == ["app"]
    assert set(bridge_env.desk.frames.frames) == {app}


def test_each_app_names_its_menu_views_in_its_own_namespace(bridge_env: BridgeEnv) -> None:
    first, second = two_apps(bridge_env)
    ask(bridge_env, first, "system.updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM"})
    ask(bridge_env, second, "system.updateViewInApplicationMenuBar", {"name": "crm", "label": "Fake CRM"})
    reply = ask(bridge_env, second, "system.closeViewInApplicationMenuBar", "other")
    assert reply["errorMessage"] == "no menu-bar view 'other' among this app's (its views: crm)"
    assert ask(bridge_env, second, "system.closeViewInApplicationMenuBar", "crm") == {
        "referenceId": "r1",
        "userAgent": "WWE Server",
        "protocolVersion": 2,
    }
    assert bridge_env.desk.workspace.to_json()["menuViews"] == [{"name": "crm", "label": "CRM", "ownerFrame": first}]
    refused = ask(bridge_env, second, "system.closeViewInApplicationMenuBar", "crm")  # the first app's is not its own
    assert "no menu-bar view 'crm' among this app's" in refused["errorMessage"]
    bridge_env.desk.close_menu_view("crm", owner_frame=first)  # notebook code names the owner
    assert bridge_env.desk.workspace.to_json()["menuViews"] == []


def test_an_app_holds_at_most_so_many_dialogs(bridge_env: BridgeEnv) -> None:
    app, other = two_apps(bridge_env)
    opened = [ask(bridge_env, app, "system.openDialog", f"d{i}.html")["data"] for i in range(MAX_OPEN_DIALOGS - 1)]
    nested_from = bridge_env.desk.workspace.dialogs[opened[0]].frame_id
    bridge_env.bridge.frame_loaded(nested_from)
    assert "errorMessage" not in ask(bridge_env, nested_from, "system.openDialog", "nested.html")  # counts for the app
    before = (bridge_env.desk.workspace.to_json(), set(bridge_env.desk.frames.frames), bridge_env.desk.ids.next("x"))
    for frame in (app, nested_from):
        reply = ask(bridge_env, frame, "system.openDialog", "one-more.html")
        assert reply["errorMessage"] == (
            f"the app in frame {app} has {MAX_OPEN_DIALOGS} dialogs open, the most an app may hold; close one first"
        )
    assert (bridge_env.desk.workspace.to_json(), set(bridge_env.desk.frames.frames)) == before[:2]
    assert "errorMessage" not in ask(bridge_env, other, "system.openDialog", "other.html")  # another app's own bound
    ask(bridge_env, app, "system.closeDialog", opened[-1])
    assert "errorMessage" not in ask(bridge_env, app, "system.openDialog", "again.html")


def test_an_app_holds_at_most_so_many_menu_views(bridge_env: BridgeEnv) -> None:
    app = bridge_env.add_frame()
    for i in range(MAX_MENU_VIEWS):
        ask(bridge_env, app, "system.updateViewInApplicationMenuBar", {"name": f"v{i}"})
    before = bridge_env.desk.workspace.to_json()
    reply = ask(bridge_env, app, "system.updateViewInApplicationMenuBar", {"name": "one more"})
    assert reply["errorMessage"] == (
        f"the app in frame {app} has {MAX_MENU_VIEWS} menu-bar views, the most an app may hold; close one first"
    )
    assert bridge_env.desk.workspace.to_json() == before
    assert "errorMessage" not in ask(
        bridge_env, app, "system.updateViewInApplicationMenuBar", {"name": "v0", "label": "x"}
    )


def test_python_callers_get_exceptions_past_the_bounds(bridge_env: BridgeEnv) -> None:
    desk = bridge_env.desk
    for i in range(MAX_OPEN_DIALOGS):
        desk.open_dialog(f"{APP_ORIGIN}/d{i}.html")
    with pytest.raises(InvalidActionError, match=f"notebook code has {MAX_OPEN_DIALOGS} dialogs open"):
        desk.open_dialog(f"{APP_ORIGIN}/more.html")
    for i in range(MAX_MENU_VIEWS):
        desk.update_menu_view({"name": f"v{i}"})
    with pytest.raises(InvalidActionError, match=f"notebook code has {MAX_MENU_VIEWS} menu-bar views"):
        desk.update_menu_view({"name": "more"})
    with pytest.raises(InvalidParameterError, match="no menu-bar view 'v0' among this app's"):
        desk.close_menu_view("v0", owner_frame=1)
