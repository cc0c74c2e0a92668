"""The notebook-facing API of ``Desktop``: configuration on ``Desktop(...)``, exports, what an app
may ask, the labels the desktop UI shows."""

from __future__ import annotations

import inspect

import pytest

import scapi_widget
from scapi_widget import AgentDesktop, App, Desktop, NotAllowedError, Scenario
from scapi_widget.desktop import IdSource, ManualClock
from scapi_widget.desktop.agent import Agent
from scapi_widget.widget_config import desktop_options


def model_keyword_options() -> list[str]:
    params = inspect.signature(AgentDesktop.__init__).parameters.values()
    return [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]


def test_every_agent_desktop_option_is_a_desktop_option() -> None:
    own = set(inspect.signature(Desktop.__init__).parameters)
    assert set(desktop_options(Desktop.__init__)) | (own & set(model_keyword_options())) == set(model_keyword_options())
    for name in model_keyword_options():
        default = inspect.signature(AgentDesktop.__init__).parameters[name].default
        assert Desktop(**{name: default}).desktop is not None, name


def test_desktop_options_configure_the_model() -> None:
    ids = IdSource(7)
    desk = Desktop(
        user_data_write_allowed=["Segment"],
        user_data_read_allowed=["Segment"],
        agent=Agent(firstname="Ada", lastname="Lovelace"),
        media=["voice", "chat"],
        initial_state="Ready",
        clock=ManualClock(),
        ids=ids,
    )
    assert desk.desktop.ids is ids
    assert desk.agent["firstname"] == "Ada"
    assert [m["name"] for m in desk.media] == ["voice", "chat"]
    call_id = desk.simulate_inbound_call()
    desk.interaction.set_user_data(call_id, {"Segment": "Gold"})
    with pytest.raises(NotAllowedError, match="Other"):
        desk.interaction.set_user_data(call_id, {"Other": "x"})
    assert desk.interactions[call_id]["userData"].get("Other") is None


def test_a_bad_option_value_is_the_models_error() -> None:
    with pytest.raises(ValueError, match="media"):
        Desktop(media=[])


def test_unknown_keyword_says_what_is_accepted() -> None:
    with pytest.raises(TypeError) as caught:
        Desktop(colour="blue")
    message = str(caught.value)
    assert "colour" in message
    for name in [*model_keyword_options(), "app", "apps", "desktop", "event_log_limit", "height", "public_url"]:
        assert name in message, name


def test_desktop_and_options_together_is_a_type_error() -> None:
    model = AgentDesktop()
    with pytest.raises(TypeError, match=r"desktop= and desktop options \(user_data_write_allowed\)"):
        Desktop(desktop=model, user_data_write_allowed=["a"])
    assert model.frames.frames == {}  # nothing was hosted on the model
    with pytest.raises(TypeError, match="must be an AgentDesktop"):
        Desktop(desktop="not a desktop")  # type: ignore[arg-type]
    assert Desktop(desktop=model).desktop is model


def test_public_names_are_exported() -> None:
    for name in ("Desktop", "App", "Scenario", "AgentDesktop"):
        assert name in scapi_widget.__all__
    assert App.__module__ == "scapi_widget.apps"
    assert Scenario.__module__ == "scapi_widget.scenario"
    assert issubclass(Desktop, object) and AgentDesktop.__name__ == "AgentDesktop"
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        scapi_widget.Nope  # noqa: B018


def test_allowed_services_is_what_get_allowed_services_answers_the_app() -> None:
    panel = App("https://a.example/app.html", label="A")
    tab = App("https://b.example/tab.html", mode="tab", label="B")
    desk = Desktop(
        apps=[panel, tab, "https://c.example/c.html"],
        accepted_origins="https://a.example (agent.*, voice.dial), https://b.example",
    )
    a, _tab_frame, c = desk.frame_ids
    assert desk.allowed_services(panel) == desk.allowed_services("A") == desk.allowed_services(a)
    answered = desk.allowed_services(a)
    assert {"voice.dial", "system.getAllowedServices", "agent.get", "agent.setState"} <= set(answered)
    assert all(n.startswith("agent.") or n in ("voice.dial", "system.getAllowedServices") for n in answered)
    assert sorted(desk.allowed_services(tab)) == ["system.getAllowedServices", "voice.dial"]
    assert desk.allowed_services(c) == []  # origin not accepted: the app is answered nothing
    with pytest.raises(ValueError, match="no hosted app labelled"):
        desk.allowed_services("Z")
    with pytest.raises(TypeError, match="needs an app"):
        desk.allowed_services(None)


def test_ui_actions_trait_is_synced_and_labels_each_ui_verb() -> None:
    desk = Desktop()
    assert desk.trait_metadata("ui_actions", "sync") is True
    assert desk.get_state("ui_actions")["ui_actions"] == desk.ui_actions
    assert desk.ui_actions["answer"] == "Answer"
    assert all(isinstance(label, str) and label for label in desk.ui_actions.values())
    assert all(callable(getattr(desk, verb)) for verb in desk.ui_actions)
