"""Scripted demos: steps from Python or files, background play with pause/stop, record and replay."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scapi_widget import Desktop
from scapi_widget.bridge import AppBridge, Post
from scapi_widget.desktop import IdSource
from scapi_widget.scenario import Scenario, SessionRecorder, Step

from .conftest import APP_ORIGIN, BridgeEnv, new_desk, request, subscribe

DEMO = [
    {"do": "simulate_inbound_call", "args": ["5550100"], "kwargs": {"user_data": {"CustomerId": "C-1"}}},
    {"wait": 0.2, "do": "answer", "args": ["1"]},
    {"do": "popup_toast", "kwargs": {"title": "VIP", "buttons": ["OK"]}},
    {"wait": 0.1, "request": "interaction.setUserData", "params": ["1", {"Disposition": "Sale"}]},
    {"do": "hang_up", "args": ["1"]},
]


def test_steps_play_in_the_background_in_order() -> None:
    desk = Desktop()
    started = time.monotonic()
    run = desk.play(DEMO, speed=2)
    assert run.running and time.monotonic() - started < 0.1  # play() returns at once
    assert run.join(5)
    assert time.monotonic() - started >= 0.15  # 0.3 s of waits at double speed
    assert run.errors == [] and run.done_steps == 5
    assert desk.interactions["1"]["state"] == "IDLE"
    assert desk.interactions["1"]["userData"]["Disposition"] == "Sale"
    assert repr(run).endswith("5/5 steps, finished>")


def test_pause_resume_and_stop() -> None:
    desk = Desktop()
    run = desk.play([{"do": "simulate_inbound_call"}, {"wait": 0.3, "do": "answer", "args": ["1"]}])
    time.sleep(0.1)
    run.pause()
    time.sleep(0.4)
    assert desk.interactions["1"]["state"] == "RINGING"  # paused before the answer
    run.resume()
    assert run.join(5) and desk.interactions["1"]["state"] == "TALKING"
    long = desk.play([{"wait": 30, "do": "hang_up", "args": ["1"]}])
    long.stop()
    assert long.join(2) and long.done_steps == 0


def test_errors_stop_the_run_or_are_collected() -> None:
    desk = Desktop()
    run = desk.play([{"do": "answer", "args": ["9"]}, {"do": "simulate_inbound_call"}])
    assert run.join(5) and run.done_steps == 0 and "no interaction with id '9'" in str(run.errors[0][1])
    run = Scenario.from_steps([{"do": "answer", "args": ["9"]}, {"do": "simulate_inbound_call"}]).play(
        desk.desktop, on_error="continue"
    )
    assert run.join(5) and list(desk.interactions) == ["1"]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"do": "format_disk"}, "unknown step action"),
        ({"wait": -1}, "'wait' must be"),
        ({"colour": 1}, "unknown step"),
        ({"do": "answer", "request": "voice.answer"}, "one thing"),
    ],
)
def test_bad_steps_are_refused(step: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Step.from_dict(step)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_scenarios_round_trip_through_files(tmp_path: Path, suffix: str) -> None:
    scenario = Scenario.from_steps(DEMO, name="demo")
    path = scenario.save(tmp_path / f"demo{suffix}")
    loaded = Scenario.load(path)
    assert loaded == scenario and loaded.duration == pytest.approx(0.3)
    desk = Desktop()
    assert desk.play(path, speed=10).join(5) and desk.interactions["1"]["state"] == "IDLE"


def frame_events(env: BridgeEnv, frame: int) -> list[tuple]:
    return [
        (
            m["event"],
            m["data"].get("eventType"),
            (m["data"].get("interaction") or {}).get("interactionId"),
            (m["data"].get("interaction") or {}).get("state"),
        )
        for m in env.to(frame)
        if "event" in m
    ]


def app_env() -> tuple[BridgeEnv, int]:
    desk = new_desk(accepted_origins=APP_ORIGIN, ids=IdSource(seed=9))
    posts: list[Post] = []
    env = BridgeEnv(desk, AppBridge(desk, posts.append), posts)
    frame = env.add_frame()
    env.send(frame, subscribe(["interaction", "agent", "system", "media"], frame_id=frame))
    return env, frame


def test_a_recorded_session_replays_to_the_same_app_visible_events() -> None:
    live, frame = app_env()
    recorder = SessionRecorder(live.desk)
    call_id = live.desk.simulate_inbound_call("5550100")
    live.send(frame, request("voice.answer", call_id))  # the app answers
    live.desk.set_user_data(call_id, {"Note": "from the notebook"})
    live.send(frame, request("interaction.setUserData", call_id, {"Disposition": "Sale"}, ref="r2"))
    live.send(frame, request("voice.hold", "42", ref="r3"))  # a failed request changes nothing; not recorded
    live.desk.call("agent.setState", "NotReadyBreak")
    live.desk.remote_hang_up(call_id)
    live.desk.mark_done(call_id)
    scenario = recorder.stop("support call")
    assert [s.action for s in scenario.steps] == [
        "simulate_inbound_call",
        "voice.answer",
        "set_user_data",
        "interaction.setUserData",
        "agent.setState",
        "remote_hang_up",
        "mark_done",
    ]
    replay, replay_frame = app_env()
    assert scenario.play(replay.desk, speed=1000).join(5)
    assert frame_events(replay, replay_frame) == frame_events(live, frame)
    assert len(frame_events(live, frame)) > 10


def test_recording_through_the_widget_and_stop_detaches() -> None:
    desk = Desktop()
    recorder = desk.record()
    desk.simulate_inbound_call()
    scenario = recorder.stop()
    desk.answer("1")
    assert [s.action for s in scenario.steps] == ["simulate_inbound_call"]
