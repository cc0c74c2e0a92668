"""The scenario player in the desktop, Python's side: what the views are told (the ``player``
traitlet) and the commands their bar sends through the view-message door; side_by_side desktops
share one player."""

from __future__ import annotations

from typing import Any

import pytest

from scapi_widget import Desktop, side_by_side
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.notebook.player import CONTROLS
from scapi_widget.notebook.scenario import Scenario
from scapi_widget.sync.view_messages import PLAYER_COMMANDS

from .centre_support import new_centre
from .emulated_views import PAGE_ORIGIN, Browser
from .test_scenario import wait_until

STEPS: list[dict[str, Any]] = [
    {"say": "A customer calls", "do": "simulate_inbound_call", "args": ["5550100"]},
    {"wait": 30, "do": "answer", "args": ["1"]},
    {"wait": {"request": "voice.hangUp"}, "do": "mark_done", "args": ["1"]},
]


def shown_desk() -> tuple[Desktop, Browser]:
    desk = Desktop(desktop=AgentDesktop(clock=ManualClock(), ids=IdSource(1)))
    browser = Browser(desk)
    browser.open_view("v1", PAGE_ORIGIN)
    return desk, browser


def test_the_player_traitlet_names_the_current_and_next_steps_and_the_controls() -> None:
    desk, _browser = shown_desk()
    assert desk.player == {}  # no bar before anything plays
    run = desk.play(STEPS)
    wait_until(lambda: desk.player.get("step") == 1, "the first step is done")
    player = desk.player
    assert (player["name"], player["state"], player["steps"]) == ("scenario", "playing", 3)
    assert (player["current"], player["next"]) == ("answer 1", "mark done 1 (after the app's voice.hangUp)")
    assert player["caption"] == "A customer calls" and player["status"] == "step 2 of 3"
    assert player["speeds"] == [0.25, 0.5, 1, 2, 4, 8] and player["speed"] == 1
    assert [(c["command"], c["label"], c["keys"]) for c in player["controls"]] == [
        ("toggle", "Pause", [" ", "k"]),
        ("next", "Next", ["n", "ArrowRight"]),
        ("restart", "Restart", ["r"]),
        ("slower", "Slower", ["-"]),
        ("faster", "Faster", ["+", "="]),
    ]
    assert {c.command for c in CONTROLS} | {"speed"} == set(PLAYER_COMMANDS)
    run.next()
    wait_until(lambda: desk.player["state"] == "waiting", "the run waits for the app")
    assert desk.player["status"] == "step 3 of 3 · waiting for the app's voice.hangUp"
    run.stop()
    wait_until(lambda: desk.player["state"] == "stopped", "the bar hears the run stopped")
    assert desk.player["controls"][0]["label"] == "Play again"


def test_the_bars_commands_come_through_the_door_and_drive_the_run() -> None:
    desk, browser = shown_desk()
    run = desk.play(STEPS)
    wait_until(lambda: run.index == 1, "the first step is done")
    browser.send(kind="player", view="v1", command="toggle")
    assert run.state == "paused"
    browser.send(kind="player", view="v1", command="next")
    wait_until(lambda: run.index == 2, "next does one step")
    assert run.state == "paused" and desk.interactions["1"]["state"] == "TALKING"
    browser.send(kind="player", view="v1", command="speed", speed=4)
    browser.send(kind="player", view="v1", command="faster")
    assert run.speed == 8
    browser.send(kind="player", view="v1", command="faster")  # the fastest stays
    browser.send(kind="player", view="v1", command="slower")
    assert run.speed == 4
    for bad in (
        {"command": "format_disk"},
        {"command": "speed", "speed": 1000},
        {"command": "speed", "speed": "4"},
        {"command": None},
    ):
        browser.send(kind="player", view="v1", **bad)
    assert desk.link.refused == 4 and run.speed == 4
    browser.send(kind="player", view="v-unknown", command="restart")  # a view that is not showing it
    browser.send(kind="player", view="v1", command="restart")
    wait_until(lambda: not desk.interactions and run.index == 0, "the desktop is put back")
    browser.send(kind="player", view="v1", command="toggle")
    wait_until(lambda: run.index == 1 and run.state == "playing", "the run plays again")
    clock = desk.desktop.clock
    assert isinstance(clock, ManualClock)
    clock.advance(30 / 4)  # at 4×
    wait_until(lambda: run.index == 2, "the second step again")
    assert desk.interactions["1"]["state"] == "TALKING"
    run.stop()


def test_side_by_side_desktops_share_one_player() -> None:
    centre = new_centre()
    alice, bob = Desktop.for_agent(centre, "Alice"), Desktop.for_agent(centre, "Bob")
    row = side_by_side(alice, bob)
    bobs_view = Browser(bob)
    bobs_view.open_view("b1", PAGE_ORIGIN)
    run = row.play([{"agent": "Bob", "do": "simulate_inbound_call"}, {"say": "Over to Alice", "wait": "click"}])
    wait_until(lambda: run.state == "waiting", "the run waits for the presenter")
    wait_until(lambda: alice.player.get("state") == "waiting", "Alice's bar hears it")
    assert alice.player == bob.player and alice.player["caption"] == "Over to Alice"
    bobs_view.send(kind="player", view="b1", command="next")  # Bob's bar drives the run both show
    assert run.join(5) and run.state == "finished"
    wait_until(lambda: alice.player.get("state") == "finished" == bob.player.get("state"), "both bars hear it")
    alone = alice.play([{"wait": "click"}])  # Alice's bar shows her own run now; Bob's, none
    assert bob.player == {} and alice.player["steps"] == 1
    alone.stop()


def test_playing_again_stops_the_earlier_run_and_the_bar_shows_the_new_one() -> None:
    desk, browser = shown_desk()
    clock = desk.desktop.clock
    assert isinstance(clock, ManualClock)
    first = desk.play(STEPS)  # a presenter runs the cell...
    wait_until(lambda: first.index == 1, "the first run's call to ring")
    second = desk.play([{"say": "Second take", "wait": "click"}])  # ...and runs it again
    assert first.state == "stopped" and first.superseded and not first.running
    assert not second.superseded
    wait_until(lambda: desk.player.get("state") == "waiting", "the bar to show the new run")
    assert desk.player["caption"] == "Second take" and desk.player["steps"] == 1
    clock.advance(60)  # the first run would have answered the call by now: it plays no more
    browser.send(kind="player", view="v1", command="next")  # the bar drives the new run only
    assert second.join(5) and second.state == "finished"
    assert desk.interactions["1"]["state"] == "RINGING" and first.index == 1
    with pytest.raises(RuntimeError, match="a desktop plays one scenario at a time"):
        first.restart()
    assert first.state == "stopped" and desk.player["state"] == "finished"


def test_a_play_on_one_desktop_of_a_row_stops_the_rows_run() -> None:
    centre = new_centre()
    alice, bob = Desktop.for_agent(centre, "Alice"), Desktop.for_agent(centre, "Bob")
    row = side_by_side(alice, bob)
    together = row.play([{"say": "Both", "wait": "click"}])
    wait_until(lambda: bob.player.get("state") == "waiting", "Bob's bar shows the row's run")
    alone = bob.play([{"say": "Bob alone", "wait": "click"}])  # Bob's desktop is the row's: its run stops
    assert together.state == "stopped" and together.superseded
    wait_until(lambda: bob.player.get("caption") == "Bob alone", "Bob's bar shows his own run")
    assert alice.player == {}  # the row's run left every bar it was shown in
    again = row.play([{"say": "Both again", "wait": "click"}])  # and a row's play stops Bob's
    assert alone.state == "stopped" and alone.superseded
    wait_until(lambda: alice.player.get("caption") == "Both again" == bob.player.get("caption"), "both bars")
    again.stop()


def test_a_scenario_played_on_the_model_stops_the_widgets_run_and_its_bar() -> None:
    desk, _ = shown_desk()
    shown = desk.play([{"wait": "click"}])
    wait_until(lambda: desk.player.get("state") == "waiting", "the bar")
    model_run = Scenario.from_steps([{"wait": "click"}]).play(desk.desktop)
    assert shown.superseded and shown.state == "stopped"
    wait_until(lambda: desk.player == {}, "the stopped run to leave the bar")
    model_run.stop()
    assert model_run.join(5)
