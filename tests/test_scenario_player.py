"""Scripted demos a presenter runs: steps that wait for the app, an event or a click (with timeouts),
captions, next / speed / restart, and the reset that puts the desktop back where the run started."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scapi_widget.desktop import ManualClock
from scapi_widget.desktop.events import DesktopEvent
from scapi_widget.desktop.reset import Baseline
from scapi_widget.notebook.scenario import START_WHEN, STEP_KEYS, Scenario, ScenarioRun, Step
from scapi_widget.notebook.waits import ON_TIMEOUT, WAIT_FIELDS, WAIT_KINDS, Wait, WaitTimedOut
from scapi_widget.service import notebook_call

from .centre_support import new_centre
from .conftest import BridgeEnv, new_bridge_env, request, subscribe
from .event_loops import run_in_fresh_loop
from .test_scenario import wait_until

FAMILIES = ["interaction", "agent", "system", "media", "markdone", "outbound"]


def connected_env() -> tuple[BridgeEnv, int]:
    env = new_bridge_env()
    frame = env.add_frame()
    env.send(frame, subscribe(FAMILIES, frame_id=frame))
    return env, frame


def clock_of(env: BridgeEnv) -> ManualClock:
    assert isinstance(env.desk.clock, ManualClock)
    return env.desk.clock


def play(env: BridgeEnv, steps: list[dict[str, Any]], **kwargs: Any) -> ScenarioRun:
    return Scenario.from_steps(steps).play(env.desk, **kwargs)


def test_a_step_waits_for_the_apps_request_with_those_parameters_from_that_frame() -> None:
    env, frame = connected_env()
    other = env.add_frame()
    ok = {"Ok": True}
    wait = {"request": "interaction.setUserData", "params": ["1", ok], "frame": frame}
    run = play(env, [{"do": "simulate_inbound_call"}, {"wait": wait, "do": "answer", "args": ["1"]}])
    wait_until(lambda: run.state == "waiting", "the run waits for the app")
    assert run.index == 1 and run.waiting_for == f"frame {frame}'s interaction.setUserData ['1', {{'Ok': True}}]"
    env.send(frame, request("interaction.setUserData", "1", {"Ok": False}, frame_id=frame))  # other parameters
    env.send(other, request("interaction.setUserData", "1", ok, frame_id=other))  # another frame
    notebook_call(env.desk, "interaction.setUserData", "1", ok)  # the notebook, not the frame
    env.send(frame, request("interaction.setUserData", "9", ok, frame_id=frame))  # refused: no interaction 9
    assert run.state == "waiting" and env.desk.interactions["1"].state == "RINGING"
    env.send(frame, request("interaction.setUserData", "1", ok, frame_id=frame))
    assert run.join(5) and run.errors == [] and env.desk.interactions["1"].state == "TALKING"


def test_a_granted_request_ends_the_wait_and_the_step_is_done() -> None:
    env, frame = connected_env()
    run = play(
        env,
        [
            {"do": "simulate_inbound_call"},
            {"wait": {"request": "voice.answer"}, "do": "set_user_data", "args": ["1", {"Greeted": True}]},
        ],
    )
    wait_until(lambda: run.state == "waiting", "the run waits for the app")
    env.send(frame, request("voice.answer", "1", frame_id=frame))
    assert run.join(5) and run.errors == []
    assert env.desk.interactions["1"].user_data["Greeted"] is True


def test_a_step_waits_for_an_event_or_the_presenters_click() -> None:
    env, _frame = connected_env()
    run = play(
        env,
        [
            {"do": "simulate_inbound_call"},
            {"wait": {"event": "ESTABLISHED"}, "do": "hold", "args": ["1"]},
            {"wait": "click", "do": "resume", "args": ["1"]},
        ],
    )
    wait_until(lambda: run.waiting_for == "the event ESTABLISHED", "the run waits for the event")
    env.desk.answer("1")
    wait_until(lambda: run.waiting_for == "the presenter (next)", "the run waits for the presenter")
    assert env.desk.interactions["1"].state == "HELD" and run.state == "waiting"
    run.next()
    assert run.join(5) and env.desk.interactions["1"].state == "TALKING"


@pytest.mark.parametrize(
    ("on_timeout", "done", "errors"),
    [("skip", ["RINGING"], 0), ("continue", ["TALKING"], 0), ("stop", ["RINGING"], 1)],
)
def test_a_wait_that_times_out_stops_skips_or_goes_on(on_timeout: str, done: list[str], errors: int) -> None:
    env, _frame = connected_env()
    wait = {"request": "voice.answer", "timeout": 10, "on_timeout": on_timeout}
    run = play(env, [{"do": "simulate_inbound_call"}, {"wait": wait, "do": "answer", "args": ["1"]}])
    wait_until(lambda: run.state == "waiting", "the run waits")
    clock_of(env).advance(9)
    assert run.state == "waiting"
    clock_of(env).advance(1)
    assert run.join(5)
    assert [env.desk.interactions["1"].state] == done and len(run.errors) == errors
    assert run.state == ("stopped" if on_timeout == "stop" else "finished")
    if errors:
        assert isinstance(run.errors[0][1], WaitTimedOut)
        assert "step 1: no the app's voice.answer within 10 s" in str(run.errors[0][1])


def test_paused_time_does_not_count_toward_a_timeout() -> None:
    env, _frame = connected_env()
    run = play(
        env, [{"wait": {"event": "ESTABLISHED", "timeout": 10, "on_timeout": "skip"}, "do": "simulate_inbound_call"}]
    )
    wait_until(lambda: run.state == "waiting", "the run waits")
    run.pause()
    clock_of(env).advance(30)
    wait_until(lambda: run.state == "paused", "the run holds")
    run.resume()
    wait_until(lambda: run.state == "waiting", "the run waits again")
    assert not env.desk.interactions


@pytest.mark.parametrize(
    ("wait", "message"),
    [
        ("soon", "'wait' must be seconds, 'click' or a mapping"),
        ({}, "a wait is for one thing"),
        ({"request": "voice.answer", "event": "RINGING"}, "a wait is for one thing"),
        ({"event": "RINGING", "params": []}, "'params' and 'frame' narrow a wait for a request"),
        ({"request": "voice.answer", "params": "1"}, "wait 'params' must be a list"),
        ({"request": "voice.answer", "frame": 0}, "wait 'frame' must be a frameId"),
        ({"click": "yes"}, "wait 'click' must be true or false"),
        ({"click": True, "timeout": 0}, "wait 'timeout' must be a number of seconds > 0"),
        ({"click": True, "timeout": 5, "on_timeout": "panic"}, "wait 'on_timeout' must be one of stop, skip, continue"),
        ({"request": ""}, "wait 'request' must be a non-empty name"),
        ({"colour": "red"}, "unknown wait field"),
    ],
)
def test_bad_waits_are_refused(wait: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Step.from_dict({"wait": wait})


def test_bad_captions_and_speeds_are_refused() -> None:
    with pytest.raises(ValueError, match="'say' must be text"):
        Step.from_dict({"say": 5})
    with pytest.raises(ValueError, match="a step waits for seconds or for a condition"):
        Step(wait=2, until=Wait(click=True))
    env, _frame = connected_env()
    run = play(env, [{"wait": "click"}])
    for speed in (0, -1, True, "fast"):
        with pytest.raises(ValueError, match="speed must be > 0"):
            run.speed = speed  # type: ignore[assignment]
    assert run.speed == 1
    run.stop()


def test_waits_and_captions_round_trip_through_files_and_python(tmp_path: Path) -> None:
    steps: list[dict[str, Any]] = [
        {"say": "A customer calls about her invoice", "do": "simulate_inbound_call"},
        {"say": "Answer it in the app", "wait": {"request": "voice.answer", "params": ["1"], "frame": 1}},
        {"wait": {"event": "ESTABLISHED", "timeout": 30, "on_timeout": "skip"}},
        {"say": "Over to you", "wait": "click"},
    ]
    scenario = Scenario.from_steps(steps, name="demo")
    assert [s.to_dict() for s in scenario.steps] == steps
    assert Scenario.load(scenario.save(tmp_path / "demo.yaml")) == scenario
    in_python = Scenario.from_steps(
        [
            Step(action="simulate_inbound_call", say="A customer calls about her invoice"),
            Step(until=Wait(request="voice.answer", params=("1",), frame=1), say="Answer it in the app"),
            {"wait": Wait(event="ESTABLISHED", timeout=30, on_timeout="skip")},
            Step(until=Wait(click=True), say="Over to you"),
        ],
        name="demo",
    )
    assert in_python == scenario
    assert [s.label for s in scenario.steps] == [
        "A customer calls about her invoice",
        "Answer it in the app",
        "wait for the event ESTABLISHED",
        "Over to you",
    ]
    assert Step.from_dict({"do": "answer", "args": ["1"]}).label == "answer 1"
    assert Step.from_dict({"request": "voice.dial", "params": ["5001"], "frame": 2}).label == (
        "voice.dial 5001 (request of the frame 2)"
    )


def test_captions_change_with_the_steps_and_are_logged_but_not_sent_to_apps() -> None:
    env, frame = connected_env()
    seen: list[str] = []
    logged_events: list[DesktopEvent] = []
    env.desk.add_event_listener(logged_events.append)
    run = play(
        env,
        [
            {"say": "A customer calls", "do": "simulate_inbound_call", "wait": "click"},
            {"say": "The agent answers", "wait": "click", "do": "answer", "args": ["1"]},
            {"wait": "click", "do": "hang_up", "args": ["1"]},
        ],
    )
    run.on_change(lambda: seen.append(run.caption))
    wait_until(lambda: run.caption == "A customer calls" and run.state == "waiting", "the first caption")
    run.next()
    wait_until(lambda: run.caption == "The agent answers" and run.index == 1, "the second caption")
    run.next()
    wait_until(lambda: run.index == 2, "the third step")
    assert run.caption == "The agent answers"  # a step saying nothing keeps the caption
    run.next()
    assert run.join(5)
    logged = [(e.family, e.data["caption"], e.data["step"]) for e in logged_events if e.family == "scenario"]
    assert logged == [("scenario", "A customer calls", 0), ("scenario", "The agent answers", 1)]
    assert all(event != "scenario" for event, _ in env.events_to(frame))
    assert "The agent answers" in seen


def test_next_runs_one_step_while_paused_and_speed_changes_while_playing() -> None:
    env, _frame = connected_env()
    clock = clock_of(env)
    run = play(
        env,
        [
            {"wait": 30, "do": "simulate_inbound_call"},
            {"wait": 30, "do": "answer", "args": ["1"]},
            {"wait": 40, "do": "hang_up", "args": ["1"]},
        ],
    )
    run.pause()
    wait_until(lambda: run.state == "paused", "the run holds")
    run.next()  # the first step, now; then hold again
    wait_until(lambda: run.index == 1, "the first step is done")
    clock.advance(60)
    assert run.state == "paused" and env.desk.interactions["1"].state == "RINGING"
    run.resume()
    clock.advance(30)
    wait_until(lambda: run.index == 2, "the second step")
    run.speed = 4
    clock.advance(10)  # 40 s of the scenario at 4×
    assert run.join(5) and env.desk.interactions["1"].state == "IDLE"


RESET_DEMO: list[dict[str, Any]] = [
    {"say": "A customer calls", "do": "simulate_inbound_call", "kwargs": {"user_data": {"CustomerId": "C-1"}}},
    {"do": "answer", "args": ["2"]},
    {"do": "set_user_data", "args": ["1", {"Tier": "Gold"}]},
    {"do": "set_user_data", "args": ["2", {"Disposition": "Sale"}]},
    {"do": "popup_toast", "kwargs": {"title": "VIP", "buttons": ["OK"]}},
    {"do": "open_dialog", "args": ["https://app.example/dialog.html"]},
    {"do": "simulate_open_media", "args": ["chat"]},
    {"do": "set_agent_state", "args": ["NotReadyBreak"]},
    {"do": "set_microphone_muted", "args": [True]},
    {"do": "load_campaign", "args": ["Offer"]},
    {"do": "start_campaign", "args": ["Offer"]},
    {"say": "Over to you", "wait": "click"},
]


def observable(env: BridgeEnv) -> dict[str, Any]:
    """What the desktop shows (its snapshot without the event counter, which only grows)."""
    return {k: v for k, v in env.desk.snapshot().items() if k != "seq"}


def test_restart_puts_the_desktop_back_and_tells_the_app_as_agent_desktop_would() -> None:
    env, frame = connected_env()
    env.desk.simulate_inbound_call("5550199", user_data={"Note": "before the demo"})  # there before the run
    before = observable(env)
    run = play(env, RESET_DEMO)
    wait_until(lambda: run.state == "waiting", "the demo waits for the presenter")
    assert list(env.desk.interactions) == ["1", "2", "3"] and env.desk.toasts and env.desk.campaigns
    told = len(env.events_to(frame))
    run.pause()
    run.restart()
    wait_until(lambda: list(env.desk.interactions) == ["1"] and run.index == 0, "the run is back at its start")
    assert run.state == "paused" and run.caption == "A customer calls"  # the first step's, shown before it is done
    assert observable(env) == before
    assert run.results == [] and run.errors == [] and run.done_steps == 0
    heard = env.events_to(frame)[told:]
    for event in [
        ("interaction", "RELEASED"),  # the answered call is released, then removed
        ("interaction", "REMOVED"),
        ("interaction", "ATTACHED_DATA_CHANGED"),  # call 1's user data goes back
        ("outbound", "CampaignStopped"),
        ("outbound", "CampaignUnloaded"),
    ]:
        assert event in heard, (event, heard)
    assert any(family == "agent" for family, _ in heard)  # the agent's state is set back
    run.resume()  # the demo plays again, naming the same interactions
    wait_until(lambda: run.state == "waiting" and run.index == len(RESET_DEMO) - 1, "the demo again")
    assert list(env.desk.interactions) == ["1", "2", "3"] and run.errors == []
    assert env.desk.interactions["2"].state == "TALKING"
    run.next()
    assert run.join(5)


def interaction_events(env: BridgeEnv, frame: int, since: int) -> list[tuple[str | None, str | None]]:
    """The interaction events the app was sent after the first ``since`` messages: (id, eventType)."""
    return [
        (m["data"]["interaction"]["interactionId"], m["data"]["eventType"])
        for m in env.to(frame)[since:]
        if m.get("event") == "interaction"
    ]


def shown(env: BridgeEnv) -> dict[str, Any]:
    """What the desktop shows, its interactions without their previousState (a call the run held
    and restart resumed was HELD last, as Agent Desktop would say)."""
    out = observable(env)
    out["interactions"] = {
        iid: {k: v for k, v in i.items() if k != "previousState"} for iid, i in out["interactions"].items()
    }
    return out


def test_restart_puts_interactions_there_before_the_run_back_in_their_state() -> None:
    env, frame = connected_env()
    desk = env.desk
    desk.simulate_inbound_call("5550101", user_data={"Note": "talking before the demo"})  # 1: answered
    desk.answer("1")
    desk.simulate_inbound_call("5550102")  # 2: ringing
    desk.simulate_open_media("chat", "ann@example.com")  # 3: an invited chat
    desk.dial("5550103")  # 4: a call the agent placed, answered
    desk.remote_answer("4")
    desk.hold("4")
    desk.update_menu_view({"name": "Orders", "label": "3 orders"})
    before = shown(env)
    run = play(
        env,
        [
            {"do": "hold", "args": ["1"]},  # undone by resuming it
            {"do": "answer", "args": ["2"]},  # no action un-answers: ended and delivered again
            {"do": "hang_up", "args": ["2"]},
            {"do": "mark_done", "args": ["2"]},
            {"do": "accept", "args": ["3"]},
            {"do": "resume", "args": ["4"]},  # undone by holding it again
            {"do": "hang_up", "args": ["4"]},  # released: ended and placed again, answered, held
            {"do": "update_menu_view", "args": [{"name": "Orders", "label": "none left"}]},
            {"do": "update_menu_view", "args": [{"name": "Basket", "label": "1 item"}]},
            {"say": "Over to you", "wait": "click"},
        ],
    )
    wait_until(lambda: run.state == "waiting", "the demo waits for the presenter")
    assert run.errors == [] and list(desk.interactions) == ["1", "3", "4"]
    assert desk.interactions["1"].state == "HELD" and desk.interactions["3"].state == "ACCEPTED"
    told = len(env.to(frame))
    run.pause()
    run.restart()
    wait_until(lambda: run.index == 0 and list(desk.interactions) == ["1", "2", "3", "4"], "the desktop put back")
    assert shown(env) == before
    assert [desk.interactions[i].state for i in "1234"] == ["TALKING", "RINGING", "INVITED", "HELD"]
    assert desk.interactions["1"].user_data["Note"] == "talking before the demo"
    heard = interaction_events(env, frame, told)
    for event in [
        ("1", "ESTABLISHED"),  # the held call is resumed
        ("2", "ADDED"),  # the call the run ended is delivered again, ringing, with its id
        ("2", "RINGING"),
        ("3", "COMPLETED"),  # the accepted chat is completed and removed, then invited again
        ("3", "REMOVED"),
        ("3", "ADDED"),
        ("3", "INVITED"),
        ("4", "REMOVED"),  # the released call is removed, placed again, answered and held
        ("4", "ADDED"),
        ("4", "DIALING"),
        ("4", "ESTABLISHED"),
        ("4", "HELD"),
    ]:
        assert event in heard, (event, heard)
    assert heard.index(("3", "REMOVED")) < heard.index(("3", "ADDED"))
    assert heard.index(("4", "DIALING")) < heard.index(("4", "ESTABLISHED")) < heard.index(("4", "HELD"))
    assert ("2", "REMOVED") not in heard  # it was gone already: only its new delivery
    orders = {"name": "Orders", "label": "3 orders", "ownerFrame": None}
    assert desk.workspace.menu_views_json() == {"notebook:Orders": orders}  # the run's view gone, its change undone
    run.resume()  # the demo plays again on the same interactions
    wait_until(lambda: run.state == "waiting" and run.index == 9, "the demo again")
    assert run.errors == [] and list(desk.interactions) == ["1", "3", "4"]
    run.stop()


def test_a_consultation_the_run_ended_is_not_delivered_again() -> None:
    env, _frame = connected_env()
    desk = env.desk
    desk.simulate_inbound_call("5550101")
    desk.answer("1")
    consult = desk.consult("1", "5550177")
    run = play(env, [{"do": "hang_up", "args": [consult]}, {"do": "mark_done", "args": [consult]}, {"wait": "click"}])
    wait_until(lambda: run.state == "waiting", "the demo waits for the presenter")
    run.restart()
    wait_until(lambda: run.state == "waiting", "the demo again")
    assert consult not in desk.interactions  # a documented limit: a consultation is not delivered again
    assert desk.interactions["1"].state in ("HELD", "TALKING")
    run.stop()


def test_in_a_contact_centre_a_customers_call_the_run_ended_rings_again_and_the_switch_holds_it() -> None:
    centre = new_centre()
    alice = centre.agents["Alice"]
    alice.simulate_inbound_call("5550100", user_data={"Order": "A-7"})  # ringing before the run
    steps: list[dict[str, Any]] = [
        {"agent": "Alice", "do": "answer", "args": ["1"]},
        {"agent": "Alice", "do": "hang_up", "args": ["1"]},
        {"agent": "Alice", "do": "mark_done", "args": ["1"]},
        {"wait": "click"},
    ]
    run = Scenario.from_steps(steps).play(centre)
    wait_until(lambda: run.state == "waiting" and not alice.interactions, "the run ended the call")
    run.pause()
    run.restart()
    wait_until(lambda: run.index == 0 and "1" in alice.interactions, "the call delivered again")
    call = alice.interactions["1"]
    assert call.state == "RINGING" and call.user_data["Order"] == "A-7" and call.ani == "5550100"
    run.resume()  # the switch holds the call again: the demo answers and releases it as before
    wait_until(lambda: run.state == "waiting", "the demo again")
    assert run.errors == [] and not alice.interactions
    run.stop()


def test_a_finished_run_restarts_and_a_stopped_one_too() -> None:
    env, _frame = connected_env()
    before = observable(env)
    run = play(env, [{"do": "simulate_inbound_call"}, {"do": "answer", "args": ["1"]}])
    assert run.join(5) and run.state == "finished"
    run.restart()
    assert run.join(5) and run.state == "finished" and env.desk.interactions["1"].state == "TALKING"
    assert len(env.desk.interactions) == 1  # the same call again, not a second one
    run.stop()
    run.pause()
    run.restart()
    wait_until(lambda: run.state == "paused" and not env.desk.interactions, "the restarted run holds at its start")
    assert observable(env) == before
    run.stop()
    assert run.join(5) and run.state == "stopped"


def test_restarting_a_contact_centre_run_resets_every_agent() -> None:
    centre = new_centre()
    before = {name: {k: v for k, v in desk.snapshot().items() if k != "seq"} for name, desk in centre.agents.items()}
    steps: list[dict[str, Any]] = [
        {"agent": "Alice", "do": "simulate_inbound_call", "args": ["5550100"]},
        {"agent": "Alice", "do": "answer", "args": ["1"]},
        {"agent": "Alice", "do": "single_step_transfer", "args": ["1", "5002"]},  # Bob's phone rings
        {"agent": "Carol", "do": "set_agent_state", "args": ["NotReadyLunch"]},
        {"say": "Bob has the call", "wait": "click"},
    ]
    run = Scenario.from_steps(steps).play(centre)
    wait_until(lambda: run.state == "waiting", "the demo waits for the presenter")
    assert run.errors == [] and centre.agents["Bob"].interactions
    run.pause()
    run.restart()
    wait_until(
        lambda: all(not desk.interactions for desk in centre.agents.values()) and run.index == 0,
        "every agent is back where the run started",
    )
    after = {name: {k: v for k, v in desk.snapshot().items() if k != "seq"} for name, desk in centre.agents.items()}
    assert after == before
    run.stop()


def test_the_readme_and_help_name_every_key_a_scenario_may_use() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scripted demos for an audience", 1)[1].split("\n## ", 1)[0]
    doc = Scenario.__doc__ or ""
    tables = {**STEP_KEYS, **START_WHEN, **WAIT_KINDS, **ON_TIMEOUT}
    assert set(WAIT_FIELDS) <= {*WAIT_KINDS, "params", "frame", "timeout", "on_timeout"}
    for key in [*tables, *WAIT_FIELDS]:
        assert key in doc, f"help(Scenario) does not name {key!r}"
    for key in [*START_WHEN, "say", "wait", *WAIT_FIELDS, *ON_TIMEOUT]:
        assert key in section, f"the README's scripted-demo section does not name {key!r}"


def test_a_notebook_awaits_a_condition_of_the_run_without_blocking() -> None:
    env, _frame = connected_env()
    run = play(env, [{"do": "simulate_inbound_call"}, {"say": "Over to you", "wait": "click"}])

    async def presenter() -> tuple[int, str]:
        await run.until(lambda r: r.state == "waiting")
        seen = (run.index, run.caption)
        run.next()
        await run.until(lambda r: r.state == "finished")
        return seen

    assert run_in_fresh_loop(presenter()) == (1, "Over to you")
    with pytest.raises(TimeoutError, match=r"the run.s condition did not hold within 0\.05 s"):
        run_in_fresh_loop(run.until(lambda r: r.index == 0, timeout=0.05))


def test_a_call_comes_back_once_the_voice_channel_it_came_on_is_back() -> None:
    env, _frame = connected_env()
    desk = env.desk
    desk.simulate_inbound_call("5550101")  # ringing before; then the run logs the voice channel out
    baseline = Baseline.take(desk)
    desk.answer("1")
    desk.hang_up("1")
    desk.mark_done("1")
    desk.set_media_state("voice", "Logout")
    baseline.restore(desk)  # once: the channel is back before the call is delivered again
    assert desk.interactions["1"].state == "RINGING"
    assert desk.media["voice"].state.operation_name == baseline.media_states["voice"]
