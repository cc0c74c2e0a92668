"""The sandbox rule and the document rule, in plain Python (the browser tests attack them for real).

One rule makes a frame opaque: its origin is the notebook page's (every kind), or it is a popup.
An opaque frame's rights belong to the document the desktop loaded: the first load of an epoch.
"""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop.frames import FRAME_KINDS, DocumentTag, FrameRegistry, is_opaque

from .conftest import APP_ORIGIN, BridgeEnv, new_bridge_env, request, subscribe
from .fake_front_end import FrontEnd

HOST = {"userAgent": "WWE Server", "protocolVersion": 2}
PAGE = "http://127.0.0.1:8888"
FIRST, SECOND = DocumentTag(1, 1), DocumentTag(1, 2)


@pytest.mark.parametrize("mode", FRAME_KINDS)
def test_every_kind_of_frame_from_the_pages_origin_is_opaque(mode: str) -> None:
    assert is_opaque(PAGE, mode, PAGE)
    assert is_opaque(APP_ORIGIN, mode, PAGE) == (mode == "popup")  # popups always open from the opaque relay
    assert is_opaque(PAGE, mode, "") == (mode == "popup")  # no page known yet: nothing is hosted either


def test_registry_applies_the_rule_when_frames_are_added_and_when_a_page_hosts_them() -> None:
    frames = FrameRegistry()
    early = frames.add(f"{PAGE}/files/a.html", PAGE)
    assert not early.opaque
    frames.rehost("HTTP://127.0.0.1:8888/")  # compared normalised
    assert early.opaque
    dialog = frames.add(f"{PAGE}/files/d.html", PAGE, "dialog")
    other = frames.add(f"{APP_ORIGIN}/d.html", APP_ORIGIN, "dialog")
    assert dialog.opaque and not other.opaque
    frames.rehost("http://other.test")
    assert not early.opaque and not dialog.opaque


def test_a_dialog_a_cross_origin_app_opens_at_the_pages_origin_is_opaque() -> None:
    env = new_bridge_env()
    owner = env.add_frame()
    env.desk.frames.rehost(PAGE)
    dialog_id = env.desk.open_dialog(f"{PAGE}/files/evil.html", owner_frame=owner)
    dialog = env.desk.frames.frames[env.desk.workspace.dialogs[dialog_id].frame_id]
    assert dialog.opaque and not env.desk.frames.frames[owner].opaque
    relative = env.desk.open_dialog("page.html", owner_frame=owner)  # the owner's own origin keeps its storage
    assert not env.desk.frames.frames[env.desk.workspace.dialogs[relative].frame_id].opaque


def send_tagged(env: BridgeEnv, frame: int, data: Any, tag: DocumentTag, origin: str = "null") -> list[dict[str, Any]]:
    """Post ``data`` from the frame's document ``tag``; returns what was posted back to the frame."""
    start = len(env.posts)
    env.bridge.receive_from(frame, origin, data, tag)
    return [p.message for p in env.posts[start:] if p.frame_id == frame]


def opaque_env() -> tuple[BridgeEnv, int]:
    env = new_bridge_env()
    frame = env.add_frame(load=False)
    env.desk.frames.rehost(APP_ORIGIN)  # the app is from the page's origin: opaque, epoch 1
    return env, frame


def test_the_first_load_of_an_epoch_is_vouched_and_later_loads_leave_the_page() -> None:
    env, frame = opaque_env()
    env.bridge.receive_from(frame, "null", subscribe("agent", ref="early"), DocumentTag(1, 0))  # while loading
    env.bridge.frame_loaded(frame, FIRST)
    assert env.to(frame)[-1] == {"frameId": frame, **HOST}
    assert env.desk.frames.subscribers("agent") == [frame]
    posted = len(env.posts)
    env.bridge.frame_loaded(frame, SECOND)  # a link, a redirect or a reload
    registry = env.desk.frames
    assert registry.frames[frame].left_page and registry.subscriptions == {}
    assert len(env.posts) == posted  # no frameId for the foreign document
    assert registry.frames[frame].to_json()["leftPage"] is True
    before = env.desk.snapshot()
    for tag in (SECOND, FIRST):  # nothing from this frame now, even tagged as the first document
        env.bridge.receive_from(frame, "null", request("voice.dial", "5001"), tag)
        env.bridge.receive(frame, "null", subscribe("agent"))
    assert len(env.posts) == posted and env.desk.snapshot() == before
    assert env.bridge.unvouched == 2


def test_reload_starts_a_new_epoch_whose_first_document_has_rights_again() -> None:
    env, frame = opaque_env()
    env.bridge.frame_loaded(frame, FIRST)
    env.bridge.frame_loaded(frame, SECOND)
    env.bridge.reload_frame(frame)
    registry = env.desk.frames
    assert registry.frames[frame].epoch == 2 and not registry.frames[frame].left_page
    env.bridge.frame_loaded(frame, SECOND)  # a late report about the old epoch changes nothing
    assert not registry.frames[frame].left_page
    env.bridge.frame_loaded(frame, DocumentTag(2, 1))
    (reply,) = [m for m in send_tagged(env, frame, request("agent.getState"), DocumentTag(2, 1)) if "referenceId" in m]
    assert reply["data"]["type"] == "READY"
    assert send_tagged(env, frame, request("agent.getState"), FIRST) == []  # the old epoch's element


def test_a_non_opaque_frame_keeps_its_rights_across_its_own_loads() -> None:
    env = new_bridge_env()
    frame = env.add_frame(load=False)
    env.desk.frames.rehost("http://notebook.test")
    for loads in (1, 2, 3):
        env.bridge.frame_loaded(frame, DocumentTag(1, loads))
        assert env.to(frame)[-1] == {"frameId": frame, **HOST}
    (reply,) = send_tagged(env, frame, request("agent.getState"), DocumentTag(1, 3), APP_ORIGIN)
    assert reply["data"]["type"] == "READY"
    assert not env.desk.frames.frames[frame].left_page


@pytest.mark.parametrize(
    "value",
    [None, [], {"epoch": 1}, {"epoch": -1, "loads": 0}, {"epoch": True, "loads": 1}, {"epoch": 1, "loads": 1.5}],
)
def test_malformed_document_tags_are_refused(value: Any) -> None:
    assert DocumentTag.parse(value) is None



def test_the_apps_reach_the_front_end_opaque_before_the_view_is_made_host() -> None:
    desk = Desktop(apps=[f"{PAGE}/files/app.html", "https://a.example/app.html"])
    front = FrontEnd(desk)
    front.send(kind="view-ready", view="v1", pageOrigin=PAGE)
    # In the replica's ops, the apps the view would create when it becomes host are already sandboxed.
    ops = [op for item in front.items() for op in item.get("ops", [])]
    host_at = next(i for i, op in enumerate(ops) if op == [["host_view"], "v1"])
    apps_before = [op[1] for op in ops[:host_at] if op[0] == ["apps"]]
    assert apps_before and [a["opaque"] for a in apps_before[-1]] == [True, False]


def test_the_widget_drops_traffic_with_a_malformed_document_tag_and_answers_a_vouched_one() -> None:
    desk = Desktop(app=f"{PAGE}/files/app.html")
    front = FrontEnd(desk)
    front.send(kind="view-ready", view="v1", pageOrigin=PAGE)
    epoch = desk.desktop.frames.frames[1].epoch
    dial = request("voice.dial", "5001")
    front.send(kind="scapi", view="v1", frameId=1, origin="null", data=dial, document={"epoch": "x"})
    front.send(kind="frame-loaded", view="v1", frameId=1, document={"epoch": epoch, "loads": 2})
    front.send(kind="scapi", view="v1", frameId=1, origin="null", data=dial, document={"epoch": epoch, "loads": 2})
    assert desk.interactions == {} and desk.apps[0]["leftPage"] is True
    front.send(kind="reload-app", view="v1", frameId=1)
    assert desk.apps[0]["epoch"] == epoch + 1 and desk.apps[0]["leftPage"] is False
    front.send(kind="scapi", view="v1", frameId=1, origin="null", data=dial, document={"epoch": epoch + 1, "loads": 0})
    assert desk.interactions["1"]["state"] == "DIALING"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.1:8888/lab",
        "http://2130706433:8888/lab",
        "http://0x7f.0.0.1:8888/lab",
        "http://0177.0.0.1:8888/lab",
        "http://127.0.0.1.:8888/lab",
        "http://%31%32%37.0.0.1:8888/lab",
        "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:8888/lab",
        "/\\127.1:8888/lab",  # a backslash is a slash in an http URL: another host, resolved as the browser does
        "\\\\2130706433:8888/lab",
    ],
)
def test_a_dialog_at_any_spelling_of_the_pages_origin_is_opaque(url: str) -> None:
    env = new_bridge_env()
    owner = env.add_frame()
    env.desk.frames.rehost(PAGE)
    dialog_id = env.desk.open_dialog(url, owner_frame=owner)
    dialog = env.desk.frames.frames[env.desk.workspace.dialogs[dialog_id].frame_id]
    assert dialog.origin == PAGE and dialog.opaque
    assert dialog.url == f"{PAGE}/lab"  # the frame loads what was judged


def test_an_app_at_another_spelling_of_the_pages_origin_is_opaque() -> None:
    frames = FrameRegistry()
    app = frames.add("http://2130706433:8888/app.html", "http://0x7f.1:8888")
    frames.rehost("http://127.0.0.1:8888")
    assert app.origin == PAGE and app.opaque


def test_an_app_added_at_another_spelling_of_the_pages_origin_is_opaque_at_once() -> None:
    frames = FrameRegistry()
    frames.rehost(PAGE)
    assert frames.add("http://2130706433:8888/app.html", "http://0x7f.1:8888", "dialog").opaque
