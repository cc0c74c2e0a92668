"""The notebook-facing API of ``Desktop``: configuration on ``Desktop(...)``, exports, what an app
may ask, the labels the desktop UI shows."""

from __future__ import annotations

import inspect
import re
import warnings

import pytest

import scapi_widget
from scapi_widget import AgentDesktop, App, Desktop, NotAllowedError, Scenario
from scapi_widget.desktop import IdSource, ManualClock
from scapi_widget.desktop.agent import Agent
from scapi_widget.desktop.verbs import VERBS
from scapi_widget.notebook.namespaces import NAMESPACES, snake_case
from scapi_widget.notebook.public_names import OBSERVING, SESSION, public_dir
from scapi_widget.notebook.widget_config import desktop_options

from .pydoc_text import help_text


def model_keyword_options() -> list[str]:
    params = inspect.signature(AgentDesktop.__init__).parameters.values()
    return [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]


def test_every_agent_desktop_option_is_a_desktop_option() -> None:
    own = set(inspect.signature(Desktop.__init__).parameters)
    assert set(desktop_options(Desktop.__init__)) | (own & set(model_keyword_options())) == set(model_keyword_options())
    for name in desktop_options(Desktop.__init__):
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
    assert desk.agent_info["firstname"] == "Ada"
    assert [m["name"] for m in desk.media_list] == ["voice", "chat"]
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
    assert App.__module__ == "scapi_widget.serving.apps"
    assert Scenario.__module__ == "scapi_widget.notebook.scenario"
    assert issubclass(Desktop, object) and AgentDesktop.__name__ == "AgentDesktop"
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        scapi_widget.Nope  # noqa: B018


def test_allowed_services_is_what_get_allowed_services_answers_the_app() -> None:
    panel = App("https://a.example/app.html", label="A")
    tab = App("https://b.example/tab.html", mode="tab", label="B")
    with pytest.warns(UserWarning, match="c.html"):
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


# ------------------------------------------------------------------ two layers: desktop verbs and SCAPI namespaces


def test_every_scapi_namespace_is_a_desktop_attribute_of_the_same_name() -> None:
    desk = Desktop()
    namespaces = {name for name in vars(desk.scapi) if not name.startswith("_")}
    assert namespaces == {"agent", "auth", "configuration", "email", "interaction", "media", "messenger",
                          "outbound", "sip_endpoint", "system", "voice"}  # fmt: skip
    for name in namespaces:
        assert getattr(desk, name) is getattr(desk.scapi, name), name
        assert isinstance(inspect.getattr_static(Desktop, name), property), name


def test_desk_agent_get_is_the_request_and_the_state_is_agent_info() -> None:
    desk = Desktop(agent=Agent(firstname="Ada"))
    assert desk.agent.get() == desk.call("agent.get") == desk.scapi.agent.get()
    assert desk.agent.get()["firstname"] == "Ada"
    assert desk.agent_info["firstname"] == "Ada" and desk.agent_info["state"]["operationName"]
    assert [m["name"] for m in desk.media.get_media_list()] == [m["name"] for m in desk.media_list]


def test_the_verb_dial_returns_the_id_and_the_request_answers_what_the_wire_answers() -> None:
    desk = Desktop(ids=IdSource(1))
    call_id = desk.dial("5001")
    assert desk.interactions[call_id]["state"] == "DIALING"
    assert desk.voice.dial("5002") is None  # voice.dial answers no data on the wire
    assert len(desk.interactions) == 2
    assert "desk.dial(" in (inspect.getdoc(desk.voice.dial) or "")  # the request names the verb


def test_set_user_data_verb_is_the_outside_world_and_the_request_is_an_apps() -> None:
    desk = Desktop(user_data_write_allowed=["Segment"])
    call_id = desk.simulate_inbound_call()
    desk.set_user_data(call_id, {"Other": "attached by the CTI"})  # not subject to the write-allowed list
    assert desk.interactions[call_id]["userData"]["Other"] == "attached by the CTI"
    with pytest.raises(NotAllowedError):
        desk.interaction.set_user_data(call_id, {"Other": "x"})
    assert desk.interactions[call_id]["userData"]["Other"] == "attached by the CTI"
    assert "write-allowed" in (inspect.getdoc(Desktop) or "")
    assert "write-allowed list" in (inspect.getdoc(Desktop.set_user_data) or "")


def test_desk_call_runs_a_request_by_wire_name_and_is_recorded() -> None:
    desk = Desktop(ids=IdSource(1))
    recorder = desk.record()
    call_id = desk.simulate_inbound_call()
    desk.call("voice.answer", call_id)
    assert desk.interactions[call_id]["state"] == "TALKING"
    steps = recorder.stop().steps
    assert [(s.action, s.request, s.args) for s in steps] == [
        ("simulate_inbound_call", False, ()),
        ("voice.answer", True, (call_id,)),
    ]


def test_tab_completion_offers_the_desktop_not_ipywidgets_plumbing() -> None:
    desk = Desktop()
    listed = set(dir(desk))
    assert {"answer", "simulate_inbound_call", "dial", "set_user_data", "set_accepted_origins"} <= listed
    assert {"voice", "agent", "interaction", "scapi", "call", "on", "next_event", "app_connected"} <= listed
    assert {"interactions", "agent_info", "media_list", "apps", "desktop", "allowed_services"} <= listed
    assert not listed & {"send", "open", "close", "hold_sync", "log", "keys", "comm", "observe", "channel"}
    assert all(not name.startswith("_") for name in listed)
    assert callable(desk.hold_sync)  # still there, only not offered


# ------------------------------------------------------------------ configuration: arguments and the security policy


def test_the_docstring_documents_every_argument() -> None:
    doc = inspect.getdoc(Desktop.__init__) or ""
    own = [name for name in inspect.signature(Desktop.__init__).parameters if name not in ("self", "options")]
    for name in [*own, *desktop_options(Desktop.__init__), "layout"]:
        assert f"``{name}``" in doc, name


def test_accepted_origins_that_leave_out_a_hosted_app_warn_naming_it() -> None:
    desk = Desktop(apps=[App("https://a.example/app.html", label="CRM"), "https://b.example/b.html"])
    with pytest.warns(UserWarning, match=r"CRM \(frameId 1, origin https://a.example\)") as caught:
        desk.set_accepted_origins("https://b.example")
    assert not any("b.html" in str(w.message) for w in caught)
    assert not desk.desktop.policy.accepts("https://a.example")  # the change is made; the warning says so
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with desk.desktop.transaction():
            desk.desktop.touch("frames")  # the frames changed, not who is left out: said once is enough
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        desk.set_accepted_origins("https://a.example, https://b.example (voice.*)")  # both kept: silent
    with pytest.warns(UserWarning, match="CRM"):
        Desktop(app=App("https://a.example/app.html", label="CRM"), accepted_origins="https://z.example")


def test_accepted_origins_by_default_keep_every_hosted_app_silently() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        desk = Desktop(apps=["https://a.example/app.html", "https://b.example/b.html"])
    assert [str(w.message) for w in caught] == []
    assert all(desk.desktop.policy.accepts(origin) for origin in ("https://a.example", "https://b.example"))
    assert not desk.desktop.policy.accepts("https://c.example")


def test_the_names_the_docstring_contrasts_exist_in_their_layer() -> None:
    desk = Desktop()
    doc = inspect.getdoc(Desktop) or ""
    pairs = [(desk.interaction, "markdone"), (desk.voice, "start_call_recording"), (desk, "mark_done")]
    pairs += [(desk, "start_recording"), (desk, "dial"), (desk.voice, "dial")]
    for layer, name in pairs:
        assert callable(getattr(layer, name)) and name in doc, name
    assert "desk.dial(" in (inspect.getdoc(desk.voice.dial) or "")  # the request points to the verb
    assert "desk.answer(" in (inspect.getdoc(desk.voice.answer) or "")


# ------------------------------------------------------------------ readable: help(Desktop)


def test_help_shows_the_desktop_by_kind_on_a_screen_or_two() -> None:
    """``help(Desktop)`` opens with the public names by kind (every one of them, generated from their
    declarations), then details the class's own members; ipywidgets' plumbing and the verbs are not
    repeated there (``help(desk.answer)`` has a verb's)."""
    with warnings.catch_warnings():  # pydoc reads ipywidgets' deprecated class attributes too
        warnings.simplefilter("ignore", DeprecationWarning)
        text = help_text(Desktop)
    lines = text.splitlines()
    assert len(lines) <= 260, len(lines)  # it was 880
    head = "\n".join(lines[:70])
    traits = [name for name in Desktop.class_own_traits() if not name.startswith("_")]  # not the plumbing (_esm's kind)
    for name in [*VERBS, *(snake_case(ns) for ns in NAMESPACES), *traits, *OBSERVING, *SESSION]:
        assert re.search(rf"\b{name}\b", head), name
    assert "hold_sync(" not in text and "Methods inherited from" not in text
    assert public_dir(Desktop(), ()) == sorted(set(dir(Desktop())) - {"desktop", "link"})


def test_every_own_public_name_is_a_kind_the_docstring_names() -> None:
    """Desktop's own public names: the arguments' helpers, SCAPI's ``scapi``/``call``/``allowed_services``,
    the ways to observe, the session; a new one must be placed in a group."""
    own = {n for n in vars(Desktop) if not n.startswith("_")} - set(Desktop.class_own_traits())
    placed = {*OBSERVING, *SESSION, "scapi", "call", "allowed_services", "for_agent", "centre", "model"}
    placed |= {"frame_ids", "event_log_limit"}
    assert own == placed


def test_the_class_keeps_listing_every_traitlet_for_traitlets() -> None:
    listed = set(dir(Desktop))
    assert set(Desktop.class_traits()) <= listed  # ipywidgets' too: traitlets finds them through dir
    assert {"_repr_mimebundle_", "_handle_msg", "_esm"} <= listed and "send" not in listed
    desk = Desktop()
    assert {"height", "ui_actions", "notices", "layout", "_esm"} <= set(desk.get_state())  # what ipywidgets syncs
