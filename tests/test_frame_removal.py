"""A request can remove or reload its own frame: a dialog that closes itself (Genesys's sample app's
"Close Dialog" button), a frame closed, reloaded or left behind by its view while its request runs.
Nothing after the handler may assume the sender still exists; the desktop, Python's state and what
the views hold stay one, and a frame's removal takes what it owned with it (README: "Dialogs and
what a frame owns")."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.model import ListenerWarning
from scapi_widget.service import SERVICE
from scapi_widget.serving.apps import App
from scapi_widget.sync.replica import wire_value

from .conftest import request, subscribe
from .emulated_views import PAGE_ORIGIN, Browser, Element
from .replica_view import over_the_wire

CRM = "https://crm.example"


@pytest.fixture(autouse=True)
def no_warnings() -> Iterator[None]:
    """Nothing here may need a warning: every path below is a normal one."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


class Session:
    """A desktop hosting one panel app, shown in view "v1" (the emulated browser), the app loaded
    and subscribed."""

    def __init__(self) -> None:
        desktop = AgentDesktop(clock=ManualClock(), ids=IdSource(1))
        self.desk = Desktop(apps=[App(f"{CRM}/app.html", label="CRM")], desktop=desktop)
        self.browser = Browser(self.desk)
        self.browser.open_view("v1", PAGE_ORIGIN)
        self.panel = self.element(1)
        self.browser.load(self.panel)
        self.refs = 0
        self.ask(self.panel, subscribe(["system", "interaction"], frame_id=1))

    def element(self, frame_id: int) -> Element:
        host = self.browser.host
        assert host is not None
        return host.elements[frame_id]

    def ask(self, element: Element, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Post ``data`` from the element's current document; its replies (by referenceId)."""
        document = element.document
        self.browser.post_from(element, data)
        return self.browser.replies_to(document, data["referenceId"])

    def open_dialog(self, opener: Element) -> tuple[str, Element]:
        self.refs += 1
        url = "dialog.html?id=$Dialog.Id$"
        (reply,) = self.ask(opener, request("system.openDialog", url, {"label": "Notes"}, ref=f"open{self.refs}"))
        dialog_id = reply["data"]
        dialog = self.element(self.desk.desktop.workspace.dialogs[dialog_id].frame_id)
        self.browser.load(dialog)
        return dialog_id, dialog

    def consistent(self) -> None:
        """Python's model, its traitlets and every view's replica say the same."""
        model = self.desk.desktop
        assert self.desk.workspace == model.workspace.to_json()
        assert self.desk.apps == [f.to_json() for f in model.frames.frames.values()]
        assert self.desk.toasts == model.toasts_json()
        python = self.desk.link.channel.replica
        for view_id, replica in self.browser.replicas():
            assert replica.seq == python.seq, view_id
            for part, value in python.parts.items():
                assert over_the_wire(wire_value(part, value)) == over_the_wire(replica_part(replica, part)), part
            assert replica.parts["menu_views"] == over_the_wire(model.workspace.menu_views_json())


def replica_part(replica: Any, part: str) -> Any:
    value = replica.parts[part]
    return [[k, v] for k, v in value.items()] if part in replica.maps and isinstance(value, dict) else value


def test_a_dialog_that_closes_itself_is_gone_from_python_and_from_the_views() -> None:
    s = Session()
    dialog_id, dialog = s.open_dialog(s.panel)
    frame_id = dialog.frame_id
    assert s.ask(dialog, request("agent.get", ref="first", frame_id=frame_id))  # the dialog talks

    replies = s.ask(dialog, request("system.closeDialog", dialog_id, ref="close", frame_id=frame_id))

    assert replies == []  # its frame is gone: the answer goes nowhere (and nobody waits for it)
    assert s.desk.desktop.workspace.dialogs == {} and frame_id not in s.desk.desktop.frames.frames
    assert s.desk.workspace["dialogs"] == []
    host = s.browser.host
    assert host is not None and frame_id not in host.elements  # the view dropped the dialog's frame
    entry = s.desk.request_log[-1]
    assert (entry["frameId"], entry["request"], entry["ok"]) == (frame_id, "system.closeDialog", True)
    s.consistent()
    # The desktop carries on: the opener opens and closes another dialog, the UI closes a third.
    second, _ = s.open_dialog(s.panel)
    assert s.ask(s.panel, request("system.closeDialog", second, ref="c2"))[0].keys() >= {"referenceId"}
    third, _ = s.open_dialog(s.panel)
    s.browser.send(kind="action", view="v1", id="x", verb="close_dialog", args=[third])
    assert [i["action"] for i in items(s) if "action" in i] == [{"id": "x", "error": None}]
    assert s.desk.workspace["dialogs"] == []
    s.consistent()


def test_a_dialog_closed_by_its_opener_answers_the_opener() -> None:
    s = Session()
    dialog_id, dialog = s.open_dialog(s.panel)
    (reply,) = s.ask(s.panel, request("system.closeDialog", dialog_id, ref="c"))
    assert "errorMessage" not in reply
    assert dialog.frame_id not in s.desk.desktop.frames.frames
    s.consistent()


def items(s: Session) -> list[dict[str, Any]]:
    return [i for m in s.browser.comm if m.get("method") == "custom" for i in m["content"].get("items", [])]


@pytest.mark.parametrize("how", ["close its dialog", "reload its app", "close its view"])
def test_a_frame_that_goes_while_its_request_runs_gets_no_answer_in_another_document(how: str) -> None:
    """A desk.on callback runs inside the request's transaction, after the handler: it closes the
    asking dialog, reloads the asking app (a new document) or closes the view hosting it."""
    s = Session()
    dialog_id, dialog = s.open_dialog(s.panel)
    asking = dialog if how == "close its dialog" else s.panel
    actions = {
        "close its dialog": lambda: s.desk.close_dialog(dialog_id),
        "reload its app": lambda: s.desk.link.bridge.reload_frame(asking.frame_id),
        "close its view": lambda: s.desk.link.view_closed("v1"),
    }
    done: list[bool] = []

    def go(_event: Any) -> None:
        if not done:
            done.append(True)
            actions[how]()

    s.desk.on("interaction", go)
    document = asking.document
    s.browser.post_from(asking, request("voice.dial", "5001", ref="dial", frame_id=asking.frame_id))
    assert done and s.desk.interactions["1"]["state"] == "DIALING"
    assert s.browser.replies_to(document, "dial") == []
    for received in s.browser.received.values():  # no other document got the answer either
        assert all(m.get("referenceId") != "dial" for m in received)
    if how == "close its view":
        s.browser.views.pop("v1")  # the browser had closed it
        s.browser.open_view("v2", PAGE_ORIGIN)
    s.consistent()


def test_closing_a_dialog_takes_its_subscriptions_dialogs_toasts_and_menu_views() -> None:
    s = Session()
    dialog_id, dialog = s.open_dialog(s.panel)
    frame_id = dialog.frame_id
    s.ask(dialog, subscribe(["system"], frame_id=frame_id))
    (toast,) = s.ask(dialog, request("system.popupToast", {"title": "from the dialog", "buttons": ["OK"]}, ref="t"))
    s.ask(s.panel, request("system.popupToast", {"title": "from the panel"}, ref="t2"))
    _, inner = s.open_dialog(dialog)
    s.ask(inner, subscribe(["interaction"], frame_id=inner.frame_id))
    s.ask(dialog, request("system.updateViewInApplicationMenuBar", {"name": "notes", "label": "Notes"}, ref="m"))
    s.ask(s.panel, request("system.updateViewInApplicationMenuBar", {"name": "crm", "label": "CRM"}, ref="m2"))

    s.desk.close_dialog(dialog_id)
    s.browser.pump()

    model = s.desk.desktop
    assert model.workspace.dialogs == {}  # the dialog and the one it opened
    assert {sub.frame_id for sub in model.frames.subscriptions.values()} == {1}
    assert [t["title"] for t in s.desk.toasts] == ["from the panel"]
    assert toast["data"] not in model.toasts
    # its views were its own (no other app could close them): they go; the panel's stay
    assert [v["name"] for v in s.desk.workspace["menuViews"]] == ["crm"]
    assert frame_id not in model.frames.frames and inner.frame_id not in model.frames.frames
    host = s.browser.host
    assert host is not None and set(host.elements) == {1}
    s.consistent()


def test_a_bug_while_handling_a_request_answers_the_app_and_warns_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Session()
    spec = SERVICE.specs["agent.getState"]

    def broken(*args: Any) -> Any:
        raise KeyError("a bug")

    monkeypatch.setitem(SERVICE.specs, spec.name, dataclasses.replace(spec, handler=broken))
    with pytest.warns(
        ListenerWarning,
        match=r"handling request agent\.getState from frame 1 raised KeyError.*"
        r"the app was answered with an error",
    ):
        (reply,) = s.ask(s.panel, request("agent.getState", ref="g", frame_id=1))
    assert reply["errorMessage"] == "internal error in request agent.getState: KeyError"
    assert s.ask(s.panel, request("agent.get", ref="after", frame_id=1))[0]["data"]["username"]  # carries on
    s.consistent()
