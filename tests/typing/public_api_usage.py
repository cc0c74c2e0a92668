"""A notebook user's code, as mypy sees it: tests/test_public_typing.py checks this module with
``mypy --strict --disallow-any-expr`` (and more), so every value it gets from the public API has a
real type, never ``Any``. ``use_the_desktop`` also runs, so the types are the ones the code has.
"""

from __future__ import annotations

from pathlib import Path

from scapi_widget import App, Desktop, ScapiError, Scenario
from scapi_widget.json_types import JsonObject, JsonValue
from scapi_widget.notebook.namespaces import InteractionInfo


def use_the_desktop() -> list[str]:
    """Drive a desktop from Python; returns what it saw, for the test to compare."""
    desk = Desktop()
    seen: list[str] = []
    remove = desk.on("interaction", lambda event: seen.append(f"{event.family}:{event.event_type}"))

    call_id: str = desk.simulate_inbound_call("5550100", user_data={"Segment": "Gold"})
    desk.answer(call_id)
    desk.voice.hold(call_id)
    desk.voice.resume(interaction_id=call_id)
    desk.interaction.set_user_data(call_id, {"Reason": "Billing", "Score": 3, "Tags": ["a", "b"]})

    agent: JsonObject = desk.scapi.agent.get()
    first_name: JsonValue = agent["firstname"]
    found: InteractionInfo | None = desk.interaction.get_by_interaction_id(call_id)
    state = found["state"] if found is not None else None
    interactions: list[InteractionInfo] = desk.interaction.get_interactions()
    toast: str = desk.system.popup_toast({"title": "Hello", "message": "From Python"})
    closed: bool = desk.system.close_toast(toast)
    allowed: list[str] = desk.scapi.system.get_allowed_services()
    states: list[JsonObject] = desk.scapi.agent.get_state_list()
    muted: bool = desk.scapi.sip_endpoint.is_microphone_mute()
    visible: JsonValue = desk.system.am_i_visible()  # undocumented in the reference: any JSON value

    desk.voice.dial("5001", user_data={"CustomerId": "C-1"})
    try:
        desk.voice.hold("no-such-call")
    except ScapiError as refused:
        seen.append(f"refused:{type(refused).__name__}")
    remove()
    return [
        *seen,
        f"agent:{first_name}",
        f"state:{state}",
        f"interactions:{len(interactions)}",
        f"closed:{closed}",
        f"allowed:{'voice.dial' in allowed}",
        f"states:{len(states) > 0}",
        f"muted:{muted}",
        f"visible:{visible}",
    ]


async def wait_until_talking(desk: Desktop, call_id: str) -> str:
    """``await`` in a notebook cell until a call is answered (in the app, by the user)."""

    def talking(d: Desktop) -> bool:
        found = d.interaction.get_by_interaction_id(call_id)
        return found is not None and found["state"] == "TALKING"

    answered: bool = await desk.wait_for(talking, timeout=30.0)  # the predicate's type, carried
    found: InteractionInfo = await desk.wait_for(lambda d: d.interaction.get_by_interaction_id(call_id))
    entries: list[JsonObject] = await desk.app_connected()
    event = await desk.next_event("ESTABLISHED", timeout=5.0)
    return f"{event.family} {answered} {found['state']} {len(entries)}"


def host_and_replay(recording: Path) -> Desktop:
    """Host an app and replay a recorded session."""
    desk = Desktop(App("https://crm.example.com/app.html", mode="panel"))
    desk.play(Scenario.load(recording), speed=2.0)
    desk.play([{"do": "simulate_inbound_call", "args": ["5550100"]}, {"wait": 1, "do": "answer", "args": ["1"]}])
    agent: JsonValue = desk.call("agent.get")
    desk.broadcast("news", {"headline": str(agent is not None)})
    return Desktop(
        apps=[{"source": "https://crm.example.com/app.html", "mode": "tab"}, Path("my_app.html")],
        user_data_write_allowed=["Reason"],
        event_log_limit=50,
    )
