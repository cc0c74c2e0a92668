"""In real Chromium: scripted demos as a presenter runs them. A run told to start once the app has
connected, made before any view exists (as under Run All or Voilà), plays when the page shows; the
player bar's buttons and shortcuts drive it (pause, next, restart, speed); captions change with the
steps; a step waiting for the app's request goes on when the app's button is clicked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scapi_widget import ContactCentre, side_by_side
from scapi_widget.desktop import ManualClock
from scapi_widget.notebook.widget import Desktop
from scapi_widget.serving.app_server import AppServer
from scapi_widget.testing import LightHarness

pytestmark = pytest.mark.browser


def test_a_run_started_before_the_page_exists_plays_once_the_app_connects(
    harness: Callable[..., LightHarness],
) -> None:
    desk = Desktop()
    run = desk.play([{"do": "simulate_inbound_call", "args": ["5550100"]}], start="app-connected")
    assert run.state == "waiting" and not desk.interactions  # the cell returned; nothing shown yet
    h = harness(desk)
    h.wait_until(lambda: run.state == "finished", what="the app to connect and the run to play")
    assert run.errors == []
    expect(h.app().get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    assert desk.interactions["1"]["state"] == "RINGING"


PRESENTED: list[dict[str, Any]] = [
    {"say": "A customer calls about her invoice", "do": "simulate_inbound_call", "args": ["5550100"]},
    {"say": "The agent picks up", "wait": 30, "do": "answer", "args": ["1"]},
    {"say": "And hangs up", "wait": 30, "do": "hang_up", "args": ["1"]},
]


def test_the_player_bar_and_its_shortcuts_drive_a_playing_scenario(
    harness: Callable[..., LightHarness], artifacts: Path
) -> None:
    clock = ManualClock()  # the waits move only when the test moves this clock
    desk = Desktop(clock=clock)
    run = desk.play(PRESENTED, start="app-connected")
    h = harness(desk)
    page, app = h.page, h.app()
    bar, caption = page.get_by_test_id("desk-player"), page.get_by_test_id("desk-caption")
    h.wait_until(lambda: run.index == 1, what="the first step to be done")
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    expect(caption).to_have_text("The agent picks up")  # the current step's caption
    expect(page.get_by_test_id("desk-player-now")).to_have_text("The agent picks up")
    expect(page.get_by_test_id("desk-player-upcoming")).to_have_text("Next: And hangs up")
    expect(page.get_by_test_id("desk-player-progress")).to_have_attribute("value", "1")
    page.screenshot(path=str(artifacts / "player-bar.png"))
    log = page.get_by_test_id("desk-event-log")  # the captions are in the desktop's event log too
    expect(log.locator("li", has_text="scenario CAPTION: The agent picks up")).to_have_count(1)
    expect(log.locator("li", has_text="scenario CAPTION: A customer calls about her invoice")).to_have_count(1)

    page.get_by_test_id("desk-player-toggle").click()  # pause: the next step does not come
    h.wait_until(lambda: run.state == "paused", what="the run to pause")
    expect(bar).to_have_attribute("data-state", "paused")
    expect(page.get_by_test_id("desk-player-toggle")).to_have_text("Play")
    clock.advance(60)
    h.flush()
    assert run.index == 1 and desk.interactions["1"]["state"] == "RINGING"

    page.get_by_test_id("desk-player-next").click()  # next: that one step, and it holds again
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "TALKING")
    expect(caption).to_have_text("And hangs up")
    h.wait_until(lambda: run.index == 2, what="the second step")
    assert run.state == "paused"

    page.get_by_test_id("scapi-desktop").focus()  # the shortcuts, while the desktop has focus
    page.keyboard.press("n")
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "IDLE")
    h.wait_until(lambda: run.state == "finished", what="the run to finish")
    expect(bar).to_have_attribute("data-state", "finished")

    page.keyboard.press("r")  # restart: the desktop goes back, the app with it; paused still, at the first step
    h.wait_until(lambda: run.index == 0 and not desk.interactions, what="the desktop to be put back")
    expect(app.get_by_test_id("interaction-1")).to_have_count(0)
    expect(caption).to_have_text("A customer calls about her invoice")
    assert run.state == "paused" and [r["request"] for r in desk.request_log][-1:] != ["voice.answer"]

    page.keyboard.press(" ")  # play: the demo again, naming the same call
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    expect(caption).to_have_text("The agent picks up")
    page.get_by_test_id("desk-player-speed").select_option("4")
    h.wait_until(lambda: run.speed == 4, what="the speed to change")
    page.keyboard.press("-")
    h.wait_until(lambda: run.speed == 2, what="the speed to go down")
    clock.advance(15)  # 30 s of the scenario at 2×
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "TALKING")
    run.stop()


def test_a_step_waiting_for_the_apps_request_goes_on_when_its_button_is_clicked(
    harness: Callable[..., LightHarness],
) -> None:
    desk = Desktop()
    run = desk.play(
        [
            {"say": "A customer calls", "do": "simulate_inbound_call"},
            {"say": "Answer it in the app", "wait": {"request": "voice.answer", "params": ["1"]}},
            {"say": "The CRM notes the answer", "do": "set_user_data", "args": ["1", {"Greeted": "yes"}]},
            {"wait": "click"},
        ],
        start="app-connected",
    )
    h = harness(desk)
    page, app = h.page, h.app()
    expect(page.get_by_test_id("desk-caption")).to_have_text("Answer it in the app")
    expect(page.get_by_test_id("desk-player-status")).to_have_text(
        "step 2 of 4 · waiting for the app's voice.answer ['1']"
    )
    assert run.state == "waiting"
    app.get_by_test_id("answer-1").click()
    expect(page.get_by_test_id("desk-caption")).to_have_text("The CRM notes the answer")
    h.wait_until(lambda: run.index == 3, what="the run to go on")
    assert desk.interactions["1"]["state"] == "TALKING" and desk.interactions["1"]["userData"]["Greeted"] == "yes"
    page.get_by_test_id("desk-player-next").click()  # the presenter's click ends the last wait
    h.wait_until(lambda: run.state == "finished", what="the run to finish")


def test_side_by_side_desktops_share_one_player(page: Page, page_server: AppServer) -> None:
    centre = ContactCentre()
    centre.add_agent("Alex", dn="5001")
    centre.add_agent("Bob", dn="5002")
    alex_desk, bob_desk = Desktop.for_agent(centre, "Alex"), Desktop.for_agent(centre, "Bob")
    run = side_by_side(alex_desk, bob_desk).play(
        [
            {"agent": "Alex", "say": "A customer calls Alex", "do": "simulate_inbound_call", "args": ["5550100"]},
            {"agent": "Alex", "do": "answer", "args": ["1"]},
            {"agent": "Alex", "say": "Alex passes her to Bob", "wait": "click", "do": "single_step_transfer",
             "args": ["1", "5002"]},
            {"say": "Bob picks up", "wait": "click"},
        ],
        start="app-connected",
    )  # fmt: skip
    alex = LightHarness(page, alex_desk, page_server)
    bob_page = page.context.new_page()
    bob_errors: list[str] = []
    bob_page.on("pageerror", lambda exc: bob_errors.append(str(exc)))
    bob = LightHarness(bob_page, bob_desk, page_server)
    for shown in (page, bob_page):
        expect(shown.get_by_test_id("desk-caption")).to_have_text("Alex passes her to Bob")
    bob_page.get_by_test_id("desk-player-next").click()  # Bob's bar drives the run both show
    expect(bob.app().get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    for shown in (page, bob_page):
        expect(shown.get_by_test_id("desk-caption")).to_have_text("Bob picks up")
        expect(shown.get_by_test_id("desk-player")).to_have_attribute("data-step", "3")
    page.get_by_test_id("scapi-desktop").focus()
    page.keyboard.press("r")  # Alex's shortcut: every agent is put back, and the demo plays again
    expect(bob.app().get_by_test_id("interaction-1")).to_have_count(0)
    expect(alex.app().get_by_test_id("interaction-1")).to_have_attribute("data-state", "TALKING")
    for shown in (page, bob_page):
        expect(shown.get_by_test_id("desk-caption")).to_have_text("Alex passes her to Bob")
    assert not bob_desk.interactions and run.index == 2 and run.errors == []
    run.stop()
    assert not bob_errors


def test_playing_again_shows_the_new_run_in_the_bar_and_stops_the_earlier_one(
    harness: Callable[..., LightHarness],
) -> None:
    clock = ManualClock()
    desk = Desktop(clock=clock)
    first = desk.play(PRESENTED, start="app-connected")
    h = harness(desk)
    page, app = h.page, h.app()
    h.wait_until(lambda: first.index == 1, what="the first run's call to ring")
    expect(page.get_by_test_id("desk-caption")).to_have_text("The agent picks up")
    second = desk.play([{"say": "Second take", "wait": "click"}, {"say": "The end", "wait": 5}])  # the cell again
    assert first.state == "stopped" and first.superseded
    expect(page.get_by_test_id("desk-caption")).to_have_text("Second take")
    expect(page.get_by_test_id("desk-player-now")).to_have_text("Second take")
    expect(page.get_by_test_id("desk-player-upcoming")).to_have_text("Next: The end")
    expect(page.get_by_test_id("desk-player")).to_have_attribute("data-state", "waiting")
    clock.advance(60)  # the first run would have answered by now: it plays no more
    page.get_by_test_id("desk-player-next").click()  # the bar drives the new run
    expect(page.get_by_test_id("desk-caption")).to_have_text("The end")
    h.wait_until(lambda: second.index == 1, what="the new run's next step")
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    assert desk.interactions["1"]["state"] == "RINGING"
    second.stop()


def test_restart_delivers_again_a_call_the_run_answered_and_the_app_shows_it_ringing(
    harness: Callable[..., LightHarness],
) -> None:
    desk = Desktop(clock=ManualClock())
    desk.simulate_inbound_call("5550100")  # ringing before the demo
    run = desk.play([{"do": "answer", "args": ["1"]}, {"say": "Over to you", "wait": "click"}], start="app-connected")
    h = harness(desk)
    page, app = h.page, h.app()
    h.wait_until(lambda: run.state == "waiting", what="the demo to answer the call")
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "TALKING")
    page.get_by_test_id("scapi-desktop").focus()
    page.keyboard.press("k")  # pause, then restart: the call is released, removed and delivered again
    h.wait_until(lambda: run.state == "paused", what="the run to pause")
    page.keyboard.press("r")
    h.wait_until(lambda: run.index == 0 and desk.interactions["1"]["state"] == "RINGING", what="the call again")
    expect(app.get_by_test_id("interaction-1")).to_have_attribute("data-state", "RINGING")
    run.stop()
