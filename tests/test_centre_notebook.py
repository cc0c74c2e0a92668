"""A contact centre in the notebook: one agent's desktop widget, several side by side, every agent's
events in one DataFrame and timeline, and scenarios whose steps name the agent they act for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets
import pytest

from scapi_widget import ContactCentre, Desktop, Scenario, side_by_side
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.events import DesktopEvent
from scapi_widget.notebook.scenario import Step
from scapi_widget.service import Caller, run_app_request

APP = "https://crm.example/app.html"
APP_ORIGIN = "https://crm.example"


def new_centre(seed: int = 7) -> ContactCentre:
    centre = ContactCentre(clock=ManualClock(), ids=IdSource(seed=seed))
    centre.add_agent("Alex", dn="5001")
    centre.add_agent("Bob", dn="5002")
    return centre


def summary(events: list[DesktopEvent]) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (e.event_type, (e.data.get("interaction") or {}).get("interactionId"), e.data.get("mediaState")) for e in events
    ]


def per_agent(centre: ContactCentre) -> dict[str, list[DesktopEvent]]:
    seen: dict[str, list[DesktopEvent]] = {name: [] for name in centre.agents}
    centre.add_event_listener(lambda agent, event: seen[agent].append(event))
    return seen


# ------------------------------------------------------------------ one agent's desktop widget


def test_for_agent_shows_that_agents_desktop_of_the_centre() -> None:
    centre = new_centre()
    alex = Desktop.for_agent(centre, "Alex", app=APP)
    bob = Desktop.for_agent(centre, "Bob", height="500px")
    assert alex.desktop is centre.agents["Alex"] and bob.desktop is centre.agents["Bob"]
    assert alex.centre is centre and bob.centre is centre
    assert [a["url"] for a in alex.apps] == [APP] and bob.height == "500px"
    assert alex.agent.get()["username"] == "alex"  # what Alex's apps are told about who is signed in
    assert Desktop().centre is None  # a desktop on its own belongs to no centre


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda c: Desktop.for_agent(c, "Carol"), ValueError, r"no agent 'Carol' .*agents: Alex, Bob.*add_agent"),
        (
            lambda c: Desktop.for_agent(c, "Alex", user_data_write_allowed=["A"]),
            TypeError,
            "belong to centre.add_agent",
        ),
        (lambda c: Desktop.for_agent(c, "Alex", desktop=AgentDesktop()), TypeError, "belong to centre.add_agent"),
        (lambda c: Desktop.for_agent(AgentDesktop(), "Alex"), TypeError, "centre must be a ContactCentre"),
    ],
)
def test_for_agent_refuses_what_it_cannot_show(call: Any, error: type[Exception], message: str) -> None:
    centre = new_centre()
    frames_before = {name: dict(d.frames.frames) for name, d in centre.agents.items()}
    with pytest.raises(error, match=message):
        call(centre)
    assert {name: dict(d.frames.frames) for name, d in centre.agents.items()} == frames_before


def test_an_agent_gets_one_desktop_widget() -> None:
    centre = new_centre()
    bob = Desktop.for_agent(centre, "Bob")
    with pytest.raises(ValueError, match="Bob already has a desktop widget: show that one again"):
        Desktop.for_agent(centre, "Bob")
    assert list(centre.agents["Bob"].frames.frames) == [1] and bob.frame_ids == [1]


# ------------------------------------------------------------------ side by side


def test_side_by_side_is_one_row_of_the_desktops() -> None:
    centre = new_centre()
    alex, bob = Desktop.for_agent(centre, "Alex"), Desktop.for_agent(centre, "Bob")
    row = side_by_side(alex, bob)
    assert isinstance(row, ipywidgets.HBox) and row.children == (alex, bob) and row.desktops == (alex, bob)
    assert row.centre is centre
    assert alex.layout.flex == bob.layout.flex == "1 1 0px"


def test_side_by_side_refuses_what_it_cannot_show() -> None:
    alex = Desktop.for_agent(new_centre(), "Alex")
    with pytest.raises(ValueError, match="at least one Desktop"):
        side_by_side()
    with pytest.raises(ValueError, match="the same Desktop twice"):
        side_by_side(alex, alex)
    with pytest.raises(TypeError, match="shows Desktop widgets, got AgentDesktop"):
        side_by_side(alex, AgentDesktop())  # type: ignore[arg-type]
    for row in (side_by_side(Desktop(), Desktop()), side_by_side(alex, Desktop.for_agent(new_centre(), "Bob"))):
        with pytest.raises(TypeError, match="not all of one contact centre"):
            row.events_frame()


# ------------------------------------------------------------------ every agent's events


def transfer_story(alex: Desktop, bob: Desktop) -> str:
    """A customer calls Alex, who notes the reason and transfers the call to Bob, who answers."""
    call_id = alex.simulate_inbound_call("5550100", user_data={"CustomerId": "C-7"})
    alex.answer(call_id)
    alex.interaction.set_user_data(call_id, {"Reason": "billing"})
    alex.interaction.single_step_transfer(call_id, "5002")
    (ringing,) = bob.interactions
    bob.answer(ringing)
    return ringing


def test_events_frame_and_timeline_show_every_agent() -> None:
    import matplotlib

    matplotlib.use("Agg")
    centre = new_centre()
    alex, bob = Desktop.for_agent(centre, "Alex"), Desktop.for_agent(centre, "Bob")
    row = side_by_side(alex, bob)
    bob_call = transfer_story(alex, bob)
    frame = row.events_frame()
    assert list(frame.columns)[:4] == ["seq", "time", "agent", "family"]
    steps = list(zip(frame["agent"], frame["eventType"], frame["state"], strict=True))
    assert steps == [
        ("Alex", "ADDED", "RINGING"),
        ("Alex", "RINGING", "RINGING"),
        ("Alex", "ESTABLISHED", "TALKING"),
        ("Alex", "ATTACHED_DATA_CHANGED", "TALKING"),
        ("Alex", "RELEASED", "IDLE"),
        ("Bob", "ADDED", "RINGING"),
        ("Bob", "RINGING", "RINGING"),
        ("Bob", "ESTABLISHED", "TALKING"),
    ]
    assert frame.loc[frame["agent"] == "Bob", "interactionId"].tolist() == [bob_call] * 3
    ax = row.timeline()
    assert ax.get_title() == "Contact centre timeline"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alex #1 INBOUND", "Bob #1 INBOUND"]
    assert alex.events_frame().columns.tolist()[:3] == ["seq", "time", "family"]  # one desktop: as before


def test_the_log_keeps_every_agents_events_from_the_first_desktop_on() -> None:
    centre = new_centre()
    centre.agents["Bob"].set_agent_state("NotReady")  # before any desktop widget: not in the log
    alex, bob = Desktop.for_agent(centre, "Alex"), Desktop.for_agent(centre, "Bob")
    bob.set_agent_state("Ready")
    alex.set_agent_state("NotReady")
    agents, events = side_by_side(bob, alex).log.agents_and_events()
    states = [(agent, e.data.get("mediaState")) for agent, e in zip(agents, events, strict=True) if e.family == "agent"]
    assert states == [("Bob", "READY"), ("Alex", "NOT_READY")]
    assert {agent for agent, e in zip(agents, events, strict=True) if e.family == "media"} == {"Bob", "Alex"}


# ------------------------------------------------------------------ scenarios naming their agent

YAML = """name: Transfer to a colleague
steps:
  - do: simulate_inbound_call
    args: ["5550100"]
    kwargs: {user_data: {CustomerId: C-7}}
  - agent: Alex
    do: answer
    args: ["1"]
  - wait: 2
    agent: Alex
    request: interaction.singleStepTransfer
    params: ["1", "5002"]
  - wait: 1
    agent: Bob
    do: answer
    args: ["1"]
"""


def test_a_yaml_scenario_names_the_agent_of_each_step(tmp_path: Any) -> None:
    path = tmp_path / "transfer.yaml"
    path.write_text(YAML)
    scenario = Scenario.load(path)
    assert [s.agent for s in scenario.steps] == [None, "Alex", "Alex", "Bob"]
    assert Scenario.load(scenario.save(tmp_path / "again.yaml")).to_dict() == scenario.to_dict()
    assert scenario.to_dict()["steps"][3] == {"wait": 1, "agent": "Bob", "do": "answer", "args": ["1"]}
    for bad in ("", 3, ["Bob"]):
        with pytest.raises(ValueError, match="'agent' must be the name of an agent"):
            Step.from_dict({"agent": bad, "do": "answer", "args": ["1"]})


def test_a_scenario_plays_each_step_for_its_agent() -> None:
    centre = new_centre()
    seen = per_agent(centre)
    clock = centre.clock
    assert isinstance(clock, ManualClock)
    run = Scenario.from_steps(_yaml_steps()).play(centre)
    assert run.desk is centre.agents["Alex"]  # steps naming nobody: the first agent
    _advance_until_done(run, clock)
    assert run.errors == [] and run.done_steps == 4
    assert [s[0] for s in summary(seen["Alex"])] == ["ADDED", "RINGING", "ESTABLISHED", "RELEASED"]
    assert [s[0] for s in summary(seen["Bob"])] == ["ADDED", "RINGING", "ESTABLISHED"]
    bob_call = centre.agents["Bob"].interactions["1"]
    assert bob_call.state == "TALKING" and bob_call.user_data["CustomerId"] == "C-7"


def test_the_row_plays_a_yaml_scenario_on_its_centre(tmp_path: Any) -> None:
    centre = new_centre()
    alex, bob = Desktop.for_agent(centre, "Alex"), Desktop.for_agent(centre, "Bob")
    path = tmp_path / "transfer.yaml"
    path.write_text(YAML)
    clock = centre.clock
    assert isinstance(clock, ManualClock)
    row = side_by_side(alex, bob)
    _advance_until_done(row.play(path), clock)
    assert alex.interactions["1"]["state"] == "IDLE" and bob.interactions["1"]["state"] == "TALKING"
    frame = row.events_frame()
    assert frame.loc[frame["eventType"] == "ESTABLISHED", "agent"].tolist() == ["Alex", "Bob"]


def _yaml_steps() -> list[dict[str, Any]]:
    import yaml

    steps: list[dict[str, Any]] = yaml.safe_load(YAML)["steps"]
    return steps


def _advance_until_done(run: Any, clock: ManualClock) -> None:
    for _ in range(200):
        if run.join(0.05):
            return
        clock.advance(0.5)
    raise AssertionError(f"the run did not finish: {run!r}")


def test_a_step_naming_an_unknown_agent_or_played_on_one_desktop_is_refused_before_anything_runs() -> None:
    centre = new_centre()
    seen = per_agent(centre)
    with pytest.raises(
        ValueError, match=r"step 1 acts for agent 'Carol', who is not in the centre \(agents: Alex, Bob\)"
    ):
        Scenario.from_steps([{"do": "simulate_inbound_call"}, {"agent": "Carol", "do": "answer", "args": ["1"]}]).play(
            centre
        )
    alone = AgentDesktop(clock=ManualClock())
    with pytest.raises(ValueError, match=r"step 0 acts for agent 'Bob': play the scenario on the contact centre"):
        Scenario.from_steps([{"agent": "Bob", "do": "simulate_inbound_call"}]).play(alone)
    with pytest.raises(ValueError, match="no agents"):
        Scenario.from_steps([{"do": "simulate_inbound_call"}]).play(ContactCentre())
    assert seen == {"Alex": [], "Bob": []} and alone.interactions == {}


def test_recording_a_centre_replays_every_agents_events() -> None:
    def session(centre: ContactCentre) -> tuple[dict[str, list[DesktopEvent]], Desktop, Desktop]:
        """The centre's two agents, each hosting the app (frame 1), and every agent's events."""
        alex = Desktop.for_agent(centre, "Alex", app=APP)
        bob = Desktop.for_agent(centre, "Bob", app=APP)
        return per_agent(centre), alex, bob

    live = new_centre()
    seen_live, alex, bob = session(live)
    recorder = side_by_side(alex, bob).record()
    clock = live.clock
    assert isinstance(clock, ManualClock)
    call_id = alex.simulate_inbound_call("5550100", user_data={"CustomerId": "C-7"})
    alex.answer(call_id)
    clock.advance(1.5)
    alex_app = Caller(APP_ORIGIN, "panel", 1)
    run_app_request(alex.desktop, alex_app, "interaction.setUserData", [call_id, {"Reason": "billing"}])
    run_app_request(alex.desktop, alex_app, "interaction.singleStepTransfer", [call_id, "5002"])
    clock.advance(2)
    run_app_request(bob.desktop, Caller(APP_ORIGIN, "panel", 1), "voice.answer", ["1"])
    scenario = recorder.stop("transfer")
    steps = [(s.agent, s.action, s.frame) for s in scenario.steps]
    assert steps == [
        ("Alex", "simulate_inbound_call", None),
        ("Alex", "answer", None),
        ("Alex", "interaction.setUserData", 1),
        ("Alex", "interaction.singleStepTransfer", 1),
        ("Bob", "voice.answer", 1),
    ]  # Bob's call ringing is the switch's doing, not a step
    assert [s.wait for s in scenario.steps] == [0.0, 0.0, 1.5, 0.0, 2.0]

    replay = new_centre(seed=99)  # other UUIDs
    seen_replay, _, _ = session(replay)
    replay_clock = replay.clock
    assert isinstance(replay_clock, ManualClock)
    run = Scenario.from_steps(scenario.to_dict()["steps"]).play(replay)
    _advance_until_done(run, replay_clock)
    assert run.errors == []
    for agent in ("Alex", "Bob"):
        assert summary(seen_replay[agent]) == summary(seen_live[agent]), agent
    assert replay.agents["Bob"].interactions["1"].user_data["Reason"] == "billing"


# ------------------------------------------------------------------ the README's flow


def test_the_readmes_contact_centre_flow_runs_as_written_and_the_customer_hanging_up_releases_bob(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[readme.index("\n## A contact centre") :]
    start = section.index("```python\n") + len("```python\n")
    code = section[start : section.index("\n```", start)]
    monkeypatch.chdir(tmp_path)
    Scenario.from_steps([{"agent": "Alex", "do": "set_agent_state", "args": ["Ready"]}], "demo").save("demo.yaml")
    names: dict[str, Any] = {}
    exec(compile(code, "README.md (contact centre)", "exec"), names)
    names["run"].join(10)
    centre, bob = names["centre"], names["bob"]
    assert bob.interactions[names["bob_call"]]["state"] == "IDLE"  # released when the customer hung up
    assert centre.calls() == {}
    frame = names["row"].events_frame()
    assert frame.loc[frame["eventType"] == "RELEASED", "agent"].tolist() == ["Alex", "Bob"]
