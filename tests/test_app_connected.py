"""When an app is connected: the frame rule, the ``apps`` trait, ``await desk.app_connected()``,
``desk.on_app_connected`` and the log of events sent to apps."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.notebook import connections
from scapi_widget.notebook.connections import ConnectDeadline
from scapi_widget.notebook.scenario import AppsDidNotConnect
from scapi_widget.serving.apps import App

from .conftest import BridgeEnv, request, subscribe
from .test_notebook_api import run
from .test_widget import PAGE_ORIGIN, FrontEnd

A = "https://a.example"
B = "https://b.example"


def connected(env: BridgeEnv, frame_id: int) -> bool:
    frame = env.desk.frames.get(frame_id)
    assert frame is not None
    return frame.connected


def test_a_loaded_frame_connects_on_its_first_subscription_or_request(bridge_env: BridgeEnv) -> None:
    sub, req = bridge_env.add_frame(), bridge_env.add_frame()
    assert not connected(bridge_env, sub) and not connected(bridge_env, req)  # loaded, silent
    bridge_env.send(sub, subscribe(["interaction"], frame_id=sub))
    bridge_env.send(req, request("agent.get", frame_id=req))
    assert connected(bridge_env, sub) and connected(bridge_env, req)


def test_messages_sent_while_loading_count_once_the_load_completes(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame(load=False)
    bridge_env.send(frame, subscribe(["interaction"]))  # before the handshake: no frameId yet
    assert not connected(bridge_env, frame)
    bridge_env.bridge.frame_loaded(frame)
    assert connected(bridge_env, frame)


def test_what_a_page_said_while_loading_that_arrives_after_its_load_is_the_loaded_pages(
    bridge_env: BridgeEnv,
) -> None:
    """The view reports a load as soon as it sees it; Chromium may hand it the page's messages from
    while it loaded afterwards. Once the page talks with its frameId, they count for it: its early
    subscription goes with it when the next document loads, and does not pass to that one."""
    frame = bridge_env.add_frame(load=False)
    bridge_env.bridge.frame_loaded(frame)  # reported at once
    bridge_env.send(frame, subscribe(["interaction"], ref="late"))  # posted while loading, delivered late
    assert connected(bridge_env, frame)
    bridge_env.send(frame, request("agent.get", frame_id=frame))  # the page's handshake
    subscriptions = bridge_env.desk.frames.subscriptions
    assert [s.frame_id for s in subscriptions.values()] == [frame]
    bridge_env.bridge.frame_loaded(frame)  # the next document: it has said nothing
    assert not connected(bridge_env, frame) and not subscriptions


def test_what_the_next_page_says_while_loading_passes_to_it(bridge_env: BridgeEnv) -> None:
    """A page subscribes before its handshake, and before its own load is seen: the subscription
    is the next document's, and outlives the load of that document."""
    frame = bridge_env.add_frame()
    bridge_env.send(frame, request("agent.get", frame_id=frame))  # the first page, handshaken
    bridge_env.send(frame, subscribe(["interaction"], ref="next"))  # the next page, loading
    bridge_env.bridge.frame_loaded(frame)
    assert connected(bridge_env, frame)
    assert [s.frame_id for s in bridge_env.desk.frames.subscriptions.values()] == [frame]


def test_a_new_document_must_connect_again(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    bridge_env.send(frame, request("agent.get", frame_id=frame))
    bridge_env.bridge.frame_loaded(frame)  # reload: the new document has not spoken
    assert not connected(bridge_env, frame)
    bridge_env.send(frame, request("agent.get", frame_id=frame))
    assert connected(bridge_env, frame)
    bridge_env.bridge.frame_unloaded(frame)
    assert not connected(bridge_env, frame)


def test_refused_origins_and_malformed_traffic_do_not_connect(bridge_env: BridgeEnv) -> None:
    frame = bridge_env.add_frame()
    bridge_env.send(frame, request("agent.get", frame_id=frame), origin="https://evil.example")
    bridge_env.send(frame, {"request": 5, "referenceId": "x", "frameId": frame})
    assert not connected(bridge_env, frame)


def test_a_refused_request_changes_nothing_not_even_the_connection(bridge_env: BridgeEnv) -> None:
    tab = bridge_env.add_frame(mode="tab")
    (reply,) = bridge_env.send(tab, request("agent.get", frame_id=tab))
    assert "errorMessage" in reply
    assert not connected(bridge_env, tab)
    bridge_env.send(tab, request("voice.dial", "5001", frame_id=tab))
    assert connected(bridge_env, tab)


def test_notification_log_lists_events_sent_to_subscribed_documents(bridge_env: BridgeEnv) -> None:
    listening, silent = bridge_env.add_frame(), bridge_env.add_frame()
    bridge_env.send(listening, subscribe(["interaction"], frame_id=listening))
    bridge_env.desk.simulate_inbound_call()
    log = bridge_env.bridge.notification_log
    assert [(e["frameId"], e["event"], e["eventType"]) for e in log] == [
        (listening, "interaction", "ADDED"),
        (listening, "interaction", "RINGING"),
    ]
    assert silent not in {e["frameId"] for e in log}


def connect(desk: Desktop, front: FrontEnd, frame_id: int, origin: str) -> None:
    front.send(kind="frame-loaded", view="v1", frameId=frame_id)
    front.send(kind="scapi", view="v1", frameId=frame_id, origin=origin, data=subscribe(["agent"], frame_id=frame_id))


def two_app_desk() -> tuple[Desktop, FrontEnd]:
    desk = Desktop(apps=[App(f"{A}/app.html", label="CRM"), App(f"{B}/app.html", mode="tab", label="Dialer")])
    front = FrontEnd(desk)
    front.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    return desk, front


def test_apps_trait_says_connected() -> None:
    desk, front = two_app_desk()
    assert [a["connected"] for a in desk.apps] == [False, False]
    connect(desk, front, 1, A)
    assert [a["connected"] for a in desk.apps] == [True, False]


def test_app_connected_returns_when_the_app_connects_from_another_thread() -> None:
    desk, front = two_app_desk()

    async def scenario() -> tuple[Any, Any, Any]:
        threading.Timer(0.05, connect, (desk, front, 1, A)).start()  # as a kernel subshell would
        crm = await desk.app_connected("CRM", timeout=5)
        threading.Timer(0.05, connect, (desk, front, 2, B)).start()
        dialer = await desk.app_connected(App(f"{B}/app.html", mode="tab", label="Dialer"), timeout=5)
        everything = await desk.app_connected(timeout=5)
        return crm, dialer, everything

    crm, dialer, everything = run(scenario())
    assert (crm["frameId"], crm["connected"]) == (1, True)
    assert dialer["label"] == "Dialer"
    assert [a["frameId"] for a in everything] == [1, 2]


def test_app_connected_times_out_saying_what_to_do() -> None:
    desk, front = two_app_desk()
    connect(desk, front, 1, A)
    with pytest.raises(TimeoutError) as caught:
        run(desk.app_connected(timeout=0.05))
    message = str(caught.value)
    assert "did not connect within 0.05 s" in message
    assert "Dialer (frameId 2, not loaded)" in message and "CRM" not in message
    assert "Voilà" in message and "desk.on_app_connected" in message and "displayed" in message


def test_app_selectors_that_name_nothing_are_refused() -> None:
    desk, _front = two_app_desk()
    with pytest.raises(ValueError, match=r"no hosted app with frameId 7; frameIds: \[1, 2\]"):
        run(desk.app_connected(7))
    with pytest.raises(ValueError, match="no hosted app labelled 'Mail'"):
        desk.on_app_connected(print, "Mail")
    with pytest.raises(ValueError, match="not one of the apps this desktop hosts"):
        run(desk.app_connected(App(f"{A}/other.html")))
    with pytest.raises(TypeError, match="frameId"):
        run(desk.app_connected(True))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="callable"):
        desk.on_app_connected("print")  # type: ignore[arg-type]


def test_on_app_connected_fires_now_and_on_every_reconnection() -> None:
    desk, front = two_app_desk()
    connect(desk, front, 1, A)
    everyone: list[tuple[int, bool]] = []
    dialer: list[int] = []
    desk.on_app_connected(lambda app: everyone.append((app["frameId"], app["connected"])))
    stop = desk.on_app_connected(lambda app: dialer.append(app["frameId"]), app="Dialer")
    assert everyone == [(1, True)] and dialer == []
    connect(desk, front, 2, B)
    front.send(kind="scapi", view="v1", frameId=2, origin=B, data=request("voice.dial", "1", frame_id=2))
    assert everyone == [(1, True), (2, True)] and dialer == [2]  # once per document
    stop()
    front.send(kind="view-ready", view="v2", pageOrigin=PAGE_ORIGIN)  # a new view: every frame reloads
    connect(desk, front, 2, B)
    front.send(kind="frame-loaded", view="v2", frameId=2)
    front.send(kind="scapi", view="v2", frameId=2, origin=B, data=subscribe(["agent"], frame_id=2))
    assert everyone[2:] == [(2, True)] and dialer == [2]


def test_a_desktop_without_apps_has_nothing_to_wait_for() -> None:
    assert run(Desktop(apps=[]).app_connected(timeout=0.05)) == []


def test_a_connect_deadline_counts_from_when_a_view_shows_the_desktop() -> None:
    desk = Desktop(apps=[App(f"{A}/app.html", label="CRM"), App(f"{B}/app.html", mode="tab", label="Dialer")])
    now = [100.0]
    shown = [False]
    failures = {2: "Dialer could not be loaded from https://b.example/app.html: this browser cannot reach it."}
    deadline = ConnectDeadline(desk.desktop, lambda: shown[0], lambda: failures, timeout=60, clock=lambda: now[0])
    now[0] += 1_000
    assert deadline() is None  # no view yet (Voilà before its page opens): nothing counts
    shown[0] = True
    assert deadline() is None  # the wait starts now
    now[0] += 59
    assert deadline() is None
    shown[0] = False
    assert deadline() is None  # the view went away: a new one starts the count again
    shown[0] = True
    assert deadline() is None
    now[0] += 60
    why = deadline()
    assert why is not None and why.startswith("the app did not connect within 60 s (waiting for: CRM (frameId 1")
    assert why.endswith(failures[2])  # what the view found leads the reason
    front = FrontEnd(desk)
    front.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    connect(desk, front, 1, A)
    connect(desk, front, 2, B)
    assert deadline() is None  # every app connected: nothing to give up on


def test_a_demo_waiting_for_an_app_that_never_connects_stops_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """``desk.play(story, start="app-connected")`` on a shown desktop whose app stays silent ends, stopped,
    with the reason in run.errors, instead of waiting for ever (a last cell awaiting it would hang)."""
    monkeypatch.setattr(connections, "RUN_CONNECT_TIMEOUT_S", 0.2)
    desk, front = two_app_desk()
    connect(desk, front, 1, A)  # the Dialer never loads
    run_ = desk.play([{"do": "simulate_inbound_call"}], start="app-connected")
    assert run_.join(10)
    assert run_.state == "stopped" and run_.done_steps == 0 and not desk.interactions
    [(step, error)] = run_.errors
    assert step == 0 and isinstance(error, AppsDidNotConnect)
    assert str(error).startswith("the run did not start: the app did not connect within 0.2 s (waiting for: Dialer")


def test_a_demo_on_a_desktop_shown_nowhere_waits_on() -> None:
    """Under Voilà the page opens after the cells ran: until a view shows the desktop, the run waits."""
    desk = Desktop(apps=[App(f"{A}/app.html")])
    deadline = desk._connect_deadline()
    deadline.timeout = 0
    run_ = desk.play([{"do": "simulate_inbound_call"}], start="app-connected")
    assert deadline() is None and run_.state == "waiting"
    run_.stop()
    assert run_.join(5) and run_.state == "stopped" and run_.errors == []
