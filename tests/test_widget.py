"""The Desktop widget in Python (no browser): traitlets, front-end messages, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource
from scapi_widget.serving.apps import App

from .fake_front_end import FrontEnd

ROOT = Path(__file__).resolve().parents[1]

PAGE_ORIGIN = "http://127.0.0.1:8888"



def test_unknown_keyword_arguments_raise_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        Desktop(colour="blue")
    with pytest.raises(TypeError, match="either app= or apps="):
        Desktop(app="https://a.example/x.html", apps=[])


def test_bad_app_sources_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="neither an http\\(s\\) URL nor an existing file"):
        Desktop(app="ftp://x")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        Desktop(app=tmp_path / "missing.html")
    with pytest.raises(ValueError, match="app mode must be one of"):
        App("https://a.example/", mode="floating")


def test_accepted_origins_default_to_the_apps() -> None:
    desk = Desktop(apps=["https://a.example/app.html", App("https://b.example:8443/x", mode="tab")])
    assert [a["origin"] for a in desk.apps] == ["https://a.example", "https://b.example:8443"]
    assert desk.desktop.policy.accepts("https://b.example:8443")
    assert not desk.desktop.policy.accepts("https://c.example")
    with pytest.raises(ValueError, match="accepted_origins"):
        Desktop(app="https://a.example/app.html", accepted_origins="https://a (")


def test_traitlets_mirror_the_desktop() -> None:
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(1)))
    call_id = desk.simulate_inbound_call(user_data={"Segment": "Gold"})
    assert desk.interactions[call_id]["state"] == "RINGING"
    assert desk.actions[call_id] == ["answer", "hang_up", "remote_hang_up"]
    desk.answer(call_id)
    assert desk.actions[call_id] == ["hold", "hang_up", "remote_hang_up", "start_recording"]
    desk.set_agent_state("NotReady")
    assert desk.agent_info["state"]["type"] == "NOT_READY"
    assert {m["name"]: m["state"]["type"] for m in desk.media_list}["chat"] == "NOT_READY"
    toast_id = desk.popup_toast(title="Hi")
    assert [t["id"] for t in desk.toasts] == [toast_id]
    assert [e.event_type for e in desk.events][-2:] == ["STATE_CHANGED", "STATE_CHANGED"]


def test_event_log_is_bounded() -> None:
    desk = Desktop(event_log_limit=5)
    for _ in range(4):
        desk.set_agent_state("Ready")
    assert len(desk.events) == 5
    assert desk.events[-1].seq == desk.desktop.last_seq


def test_view_handshake_host_and_backlog() -> None:
    desk = Desktop()
    desk.set_agent_state("NotReady")
    view = FrontEnd(desk)
    assert desk.ready is False
    view.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    assert desk.ready and desk.host_view == "v1"
    (snapshot,) = [i for i in view.items() if "snapshot" in i]
    assert snapshot["view"] == "v1" and "STATE_CHANGED" in snapshot["log"][0]["text"]
    parts = snapshot["snapshot"]["parts"]
    assert parts["agent_info"] == desk.agent_info and parts["host_view"] == "v1"
    view.send(kind="view-ready", view="v2", pageOrigin=PAGE_ORIGIN)
    assert desk.host_view == "v2"
    view.send(kind="view-closed", view="v2")
    assert desk.host_view == "v1"
    view.send(kind="view-closed", view="v1")
    assert desk.host_view == "" and desk.ready is False


def test_only_the_host_views_traffic_is_answered() -> None:
    desk = Desktop(app="https://a.example/app.html")
    view = FrontEnd(desk)
    view.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    view.send(kind="view-ready", view="v2", pageOrigin=PAGE_ORIGIN)
    message = {"request": "voice.dial", "parameters": ["5001"], "referenceId": "1", "userAgent": "WWE Client"}
    view.send(kind="scapi", view="v1", frameId=1, origin="https://a.example", data=message)
    assert desk.interactions == {}
    view.send(kind="scapi", view="v2", frameId=1, origin="https://a.example", data=message)
    assert list(desk.interactions) == ["1"]
    (post,) = [p for p in view.posts() if "referenceId" in p["message"]]
    assert post["frameId"] == 1 and "errorMessage" not in post["message"]


def test_same_origin_app_is_marked_opaque() -> None:
    desk = Desktop(apps=[f"{PAGE_ORIGIN}/files/app.html", "https://a.example/app.html"])
    FrontEnd(desk).send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    assert [a["opaque"] for a in desk.apps] == [True, False]


def test_ui_actions_are_whitelisted_and_report_errors() -> None:
    desk = Desktop()
    view = FrontEnd(desk)
    view.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    call_id = desk.simulate_inbound_call()
    view.send(kind="action", view="v1", id="a1", verb="answer", args=[call_id])
    view.send(kind="action", view="v1", id="a2", verb="hold", args=["99"])
    view.send(kind="action", view="v1", id="a3", verb="call", args=["agent.get"])
    results = view.action_results()
    assert results["a1"] is None and desk.interactions[call_id]["state"] == "TALKING"
    assert "no interaction with id '99'" in results["a2"]
    assert "no action 'call'" in results["a3"]


def test_on_callbacks_by_family_event_type_and_star() -> None:
    desk = Desktop()
    got: dict[str, list[str]] = {"family": [], "type": [], "star": []}
    desk.on("interaction", lambda e: got["family"].append(e.event_type))
    remove = desk.on("RINGING", lambda e: got["type"].append(e.event_type))
    desk.on("*", lambda e: got["star"].append(e.family))
    desk.simulate_inbound_call()
    remove()
    desk.simulate_inbound_call()
    assert got["family"] == ["ADDED", "RINGING", "ADDED", "RINGING"]
    assert got["type"] == ["RINGING"]
    assert got["star"] == ["interaction"] * 4
    with pytest.raises(TypeError):
        desk.on("", print)


def test_a_failing_callback_does_not_break_the_desktop() -> None:
    desk = Desktop()
    desk.on("interaction", lambda e: 1 / 0)
    with pytest.warns(RuntimeWarning, match="ZeroDivisionError"):  # shown, not swallowed
        call_id = desk.simulate_inbound_call()
    assert desk.interactions[call_id]["state"] == "RINGING"


def test_the_widget_syncs_only_the_traitlets_its_front_end_reads() -> None:
    """The views read the replica; the few traitlets they read (labels, notices, height, the scenario
    player, where to ask for the loopback, what to ask a Jupyter server) are the only ones of the widget's own
    that travel on every change. ``ready`` and ``host_view`` are Python's."""
    front_end = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "js").glob("*.js"))
    read = set(re.findall(r'model\.get\("(\w+)"\)', front_end)) | set(re.findall(r'"change:(\w+)"', front_end))
    synced = set(Desktop.class_own_traits(sync=True))
    assert synced == {"height", "ui_actions", "notices", "player", "loopback_probe", "_server_probe"}
    assert synced <= read, synced - read
    assert not Desktop.class_own_traits()["ready"].metadata.get("sync")


def test_the_front_end_hangs_no_test_hook_on_the_page() -> None:
    """Tests reach a view's replica through the light harness's page (``onReplica``), not through a
    property the widget sets on the page's elements."""
    front_end = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "js").glob("*.js"))
    assert not re.search(r"\.__\w+\s*=", front_end)
    assert "onReplica" in (ROOT / "scapi_widget" / "testing" / "pages" / "harness.html").read_text(encoding="utf-8")
