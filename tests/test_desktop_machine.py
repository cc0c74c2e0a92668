"""Model-checked desktop: one ``Desktop`` widget under every sequence a stateful property test
(hypothesis ``RuleBasedStateMachine``) can walk, driven through its comm as the browser drives it.

The desktop hosts a frame of every kind: a panel, a tab, a popup, a background and a hidden app
(the hidden one at the notebook page's own origin, so its frame is opaque), plus the dialogs apps
and Python open. The browser is emulated from the comm messages (``tests/emulated_views.py``:
each view's replica, the host view's frame elements and the documents they load), with the
kernel's JSON encoder on the comm.

Rules: any current request of the table (``scapi_widget/wire/spec/requests.json``) from any frame's
document, current or earlier, with valid parameters (``VALID_ARGS`` of desktop_setups) or
invalid ones; subscriptions; documents loading (an opaque frame's second document leaves the
app's page) and apps reloaded; dialogs opened by apps and by Python and closed by themselves
(Genesys's sample "Close Dialog"), by their opener, by the desktop UI's × and by Python; a frame
closed, reloaded or left by its view while its own request runs; views opening, closing and
asking for snapshots; acks; malformed view messages (``VIEW_MESSAGES`` fields with hostile
values); reads answered in the browser; desktop verbs from Python and from the desktop UI (nested
user data set and deleted among them).

Invariants, after every step: no entry point raises, and no ListenerWarning, SyncWarning or
FrontEndWarning was needed; each request the desktop accepted got exactly one answer, in the
document that asked, unless that document is gone; no document got an answer it did not ask for;
every view's replica equals Python's, which equals the desktop model (apps, the menu-bar views,
toasts, interactions, agent; the workspace traitlet with its dialogs and views) and its
traitlets; nothing of a removed frame is left (subscriptions, dialogs it opened, toasts it
popped, menu-bar views it made, its reads, its element); every event keeps the data it was
delivered with (it shares the user data's values with the desktop, which never changes them in place).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.events import DesktopEvent, check_event_name
from scapi_widget.desktop.frames import DocumentTag
from scapi_widget.desktop.model import ListenerWarning
from scapi_widget.desktop.verbs import UI_ACTIONS
from scapi_widget.errors import ScapiError
from scapi_widget.notebook.widget import FrontEndWarning
from scapi_widget.service import SERVICE
from scapi_widget.service.bridge import REQUEST_LOG_LIMIT
from scapi_widget.serving.apps import App
from scapi_widget.sync.mirror import SyncWarning
from scapi_widget.sync.replica import MAP_PARTS, same, wire_value
from scapi_widget.sync.view_messages import VIEW_MESSAGES
from scapi_widget.wire.spec import current

from .centre_machine import assert_bound_counts
from .conftest import request, subscribe
from .desktop_setups import VALID_ARGS, wrong_value
from .emulated_views import PAGE_ORIGIN, Browser, Document, Element
from .test_front_end_door import HOSTILE, VALID, refused_by

MIN_STEPS = 20_000
"""Steps the machine walks in a run of the test, at least."""
STEPS = 100
"""Steps of one sequence at most (hypothesis ends some sooner)."""
BATCH = 40
"""Sequences per hypothesis run; runs follow each other until the machine has walked MIN_STEPS."""

APPS = [
    App("https://crm.example/app.html", mode="panel", label="CRM"),
    App("https://tab.example/app.html", mode="tab", label="Dialer"),
    App("https://popup.example/app.html", mode="popup", label="Popup"),
    App("https://bg.example/app.html", mode="background", label="Background"),
    App(f"{PAGE_ORIGIN}/files/hidden.html", mode="hidden", label="Hidden"),
]
REQUESTS = sorted(r.name for r in current())
FAILURES = (ListenerWarning, SyncWarning, FrontEndWarning)
MAX_VIEWS = 3
"""Views open at once (fewer than the views the desktop remembers: each is served)."""
DIALOG_URL = "dialog.html?id=$Dialog.Id$"
"""Resolved against the opening app's URL, as Genesys's sample opens its dialog: its origin is accepted."""
STEPS_WALKED = [0]


class DesktopMachine(RuleBasedStateMachine):
    """One desktop, its views and its frames' documents; see the module's docstring."""

    def __init__(self) -> None:
        super().__init__()
        self._warnings = warnings.catch_warnings(record=True)
        self.caught = self._warnings.__enter__()
        warnings.simplefilter("always")
        model = AgentDesktop(clock=ManualClock(), ids=IdSource(1))
        self.desk = Desktop(apps=APPS, desktop=model)
        self.model = model
        self.browser = Browser(self.desk)
        self.refs = 0
        self.views = 0
        self.asked: set[tuple[int, int, Any]] = set()  # (frameId, epoch, referenceId) of every request sent
        self.answered: set[tuple[int, int, Any]] = set()
        self.delivered = 0  # deliveries checked so far
        self.frames_seen: set[int] = set()
        self.documents: list[Element] = []  # every element the host made, for documents that are gone
        self.emitted: set[tuple[str, str | None]] = set()  # (family, eventType) of every event the desktop emitted
        self.heard: list[tuple[DesktopEvent, Any]] = []  # recent events, each with a copy of its data as heard
        model.add_event_listener(self.note_event)

    def note_event(self, event: DesktopEvent) -> None:
        self.emitted.add((event.family, event.event_type))
        self.heard = [*self.heard[-30:], (event, event.data)]

    def teardown(self) -> None:
        self._warnings.__exit__(None, None, None)
        self.desk.close()

    @initialize()
    def show(self) -> None:
        self.open_view()

    # ------------------------------------------------------------------ helpers

    def element(self, data: st.DataObject, *, kinds: tuple[str, ...] | None = None) -> Element | None:
        host = self.browser.host
        if host is None:
            return None
        elements = [e for e in host.elements.values() if kinds is None or self.mode(e.frame_id) in kinds]
        if not elements:
            return None
        return data.draw(st.sampled_from(sorted(elements, key=lambda e: e.frame_id)), label="element")

    def mode(self, frame_id: int) -> str | None:
        frame = self.model.frames.get(frame_id)
        return frame.mode if frame is not None else None

    def next_ref(self) -> str:
        self.refs += 1
        return f"r{self.refs}"

    def accepts(self, document: Document) -> bool:
        """Will the desktop answer a well-formed SCAPI message from ``document``? (Its frame exists,
        the document is the one the desktop vouches for, its origin is accepted.)"""
        frame_id, epoch, loads = document
        frame = self.model.frames.get(frame_id)
        return (
            frame is not None
            and not frame.left_page
            and self.model.frames.vouches(frame_id, DocumentTag(epoch, loads))
            and self.model.policy.accepts(frame.origin)
        )

    def still_there(self, document: Document) -> bool:
        """Does the host view still hold ``document``'s frame in that epoch? (A frame's documents of one
        epoch share its window: whatever is posted reaches the one it holds now.)"""
        host = self.browser.host
        element = host.elements.get(document[0]) if host is not None else None
        return element is not None and element.epoch == document[1]

    def ask(self, element: Element, data: dict[str, Any], document: Document | None = None) -> list[dict[str, Any]]:
        """Post ``data`` (given a fresh referenceId) from the element's current document (or an earlier
        one); checks it got exactly the answers it should; returns them."""
        document = document or element.document
        data = {**data, "referenceId": self.next_ref()}
        if data.pop("frameId", None) is not None:
            data["frameId"] = element.frame_id
        accepted = self.accepts(document)
        self.asked.add((*document[:2], data["referenceId"]))
        since = len(self.browser.deliveries)
        self.browser.post_from(element, data, document)
        replies = [
            m
            for d, m in self.browser.deliveries[since:]
            if d[:2] == document[:2] and m.get("referenceId") == data["referenceId"]
        ]
        expected = 1 if accepted and self.still_there(document) else 0
        assert len(replies) == expected, (document, data, replies, accepted)
        for reply in replies:
            assert not str(reply.get("errorMessage", "")).startswith("internal error"), reply
        return replies

    def open_view(self) -> None:
        self.views += 1
        self.browser.open_view(f"view-{self.views}", PAGE_ORIGIN)
        self.remember_elements()

    def remember_elements(self) -> None:
        host = self.browser.host
        if host is not None:
            for element in host.elements.values():
                if all(e is not element for e in self.documents[-40:]):
                    self.documents.append(element)
            self.frames_seen.update(host.elements)

    def step_done(self) -> None:
        self.browser.pump()
        self.remember_elements()
        STEPS_WALKED[0] += 1

    def dialog_of(self, element: Element) -> str | None:
        for dialog in self.model.workspace.dialogs.values():
            if dialog.frame_id == element.frame_id:
                return dialog.dialog_id
        return None

    # ------------------------------------------------------------------ apps' requests

    @rule(data=st.data(), valid=st.booleans(), handshaken=st.booleans())
    def app_request(self, data: st.DataObject, valid: bool, handshaken: bool) -> None:
        element = self.element(data)
        if element is not None:
            name = data.draw(st.sampled_from(REQUESTS), label="request")
            spec = SERVICE.specs[name]
            try:
                args = VALID_ARGS.get(name, lambda d: [])(self.model) if valid else None
            except ScapiError:
                args = None  # this desktop's state does not allow the setup: send invalid parameters
            if args is None:
                args = [None] * len(spec.params)
                if args:
                    args[0] = wrong_value(spec.params[0].kind)
                else:
                    args = ["one too many"]
            self.ask(element, request(name, *args, frame_id=1 if handshaken else None))
        self.step_done()

    @rule(data=st.data(), names=st.lists(st.sampled_from(["agent", "interaction", "system", "media", "x"]), max_size=3))
    def app_subscribes(self, data: st.DataObject, names: list[str]) -> None:
        element = self.element(data)
        if element is not None:
            if names:
                self.ask(element, subscribe(names, frame_id=1))
            else:
                subs = sorted(self.model.frames.subscriptions) or ["none"]
                sub_id = data.draw(st.sampled_from(subs), label="subscription")
                self.ask(element, {**subscribe([]), "event": "unsubscribe", "data": sub_id})
        self.step_done()

    @rule(data=st.data())
    def earlier_document_asks(self, data: st.DataObject) -> None:
        """A document that is gone (its frame reloaded, closed, or a later document loaded) still posts."""
        if self.documents and self.browser.host is not None:
            element = data.draw(st.sampled_from(self.documents[-40:]), label="old element")
            loads = data.draw(st.integers(0, element.loads), label="loads")
            document = (element.frame_id, element.epoch, loads)
            self.ask(element, request("agent.getState", frame_id=1), document)
        self.step_done()

    @rule(data=st.data(), name=st.sampled_from(["crm", "notes"]), close=st.booleans())
    def app_uses_the_menu_bar(self, data: st.DataObject, name: str, close: bool) -> None:
        element = self.element(data)
        if element is not None:
            if close:
                self.ask(element, request("system.closeViewInApplicationMenuBar", name, frame_id=1))
            else:
                view = {"name": name, "label": name.title(), "backgroundColor": "#336699"}
                self.ask(element, request("system.updateViewInApplicationMenuBar", view, frame_id=1))
        self.step_done()

    # ------------------------------------------------------------------ documents loading, apps reloading

    @rule(data=st.data())
    def document_loads(self, data: st.DataObject) -> None:
        element = self.element(data)
        if element is not None:
            self.browser.load(element)
        self.step_done()

    @rule(data=st.data())
    def user_reloads_app(self, data: st.DataObject) -> None:
        element = self.element(data)
        host = self.browser.host
        if element is not None and host is not None:
            self.browser.send(kind="reload-app", view=host.view_id, frameId=element.frame_id)
        self.step_done()

    # ------------------------------------------------------------------ dialogs

    @rule(data=st.data())
    def app_opens_a_dialog(self, data: st.DataObject) -> None:
        element = self.element(data)
        if element is not None and len(self.model.workspace.dialogs) < 6:
            self.ask(element, request("system.openDialog", DIALOG_URL, {"label": "Notes"}, frame_id=1))
        self.step_done()

    @rule(data=st.data())
    def dialog_closes_itself(self, data: st.DataObject) -> None:
        element = self.element(data, kinds=("dialog",))
        dialog_id = self.dialog_of(element) if element is not None else None
        if element is not None and dialog_id is not None:
            self.ask(element, request("system.closeDialog", dialog_id, frame_id=1))
            if self.accepts(element.document):
                assert dialog_id not in self.model.workspace.dialogs
        self.step_done()

    @rule(data=st.data(), how=st.sampled_from(["its opener", "the desktop UI", "python"]))
    def dialog_is_closed(self, data: st.DataObject, how: str) -> None:
        dialogs = sorted(self.model.workspace.dialogs.values(), key=lambda d: d.frame_id)
        host = self.browser.host
        if dialogs and host is not None:
            dialog = data.draw(st.sampled_from(dialogs), label="dialog")
            opener = host.elements.get(dialog.owner_frame) if dialog.owner_frame is not None else None
            closed = True
            if how == "its opener" and opener is not None:
                replies = self.ask(opener, request("system.closeDialog", dialog.dialog_id, frame_id=1))
                closed = bool(replies) and "errorMessage" not in replies[0]  # a tab may only dial
            elif how == "the desktop UI":
                self.ui_action("close_dialog", [dialog.dialog_id])
            else:
                self.desk.close_dialog(dialog.dialog_id)
            if closed:
                assert dialog.dialog_id not in self.model.workspace.dialogs
        self.step_done()

    @rule(data=st.data(), owned=st.booleans())
    def python_opens_a_dialog(self, data: st.DataObject, owned: bool) -> None:
        element = self.element(data) if owned else None
        owner = element.frame_id if element is not None else None
        url = DIALOG_URL if owner is not None else "https://crm.example/dialog.html?id=$Dialog.Id$"
        if len(self.model.workspace.dialogs) < 6:
            self.desk.open_dialog(url, {"label": "From Python"}, owner_frame=owner)
        self.step_done()

    @rule(data=st.data(), how=st.sampled_from(["close its dialog", "reload its app", "close its view"]))
    def frame_goes_while_its_request_runs(self, data: st.DataObject, how: str) -> None:
        """A desk.on callback, run inside the request's transaction after its handler, removes or
        reloads the asking frame, or the browser closes the view hosting it."""
        element = self.element(data, kinds=("dialog",) if how == "close its dialog" else None)
        host = self.browser.host
        if element is not None and host is not None:
            dialog_id, fired = self.dialog_of(element), []

            def go(_event: Any) -> None:
                if fired:
                    return
                fired.append(True)
                if how == "close its dialog" and dialog_id in self.model.workspace.dialogs:
                    self.desk.close_dialog(dialog_id)
                elif how == "reload its app" and self.model.frames.get(element.frame_id) is not None:
                    self.desk.link.bridge.reload_frame(element.frame_id)
                elif how == "close its view" and host.view_id in self.browser.views:
                    self.browser.close_view(host.view_id)

            remove = self.desk.on("*", go)
            try:
                self.ask(element, request("voice.dial", "5001", frame_id=1))
            finally:
                remove()
            if how == "close its view" and not self.browser.views:
                self.open_view()
        self.step_done()

    # ------------------------------------------------------------------ views

    @precondition(lambda self: len(self.browser.views) < MAX_VIEWS)
    @rule()
    def a_view_opens(self) -> None:
        self.open_view()
        self.step_done()

    @precondition(lambda self: len(self.browser.views) > 1)
    @rule(data=st.data())
    def a_view_closes(self, data: st.DataObject) -> None:
        view = data.draw(st.sampled_from(sorted(self.browser.views)), label="view")
        self.browser.close_view(view)
        self.step_done()

    @rule(data=st.data())
    def a_view_asks_for_a_snapshot(self, data: st.DataObject) -> None:
        view = data.draw(st.sampled_from(sorted(self.browser.views)), label="view")
        self.browser.send(kind="resync", view=view)
        self.step_done()

    @rule(data=st.data(), valid=st.booleans())
    def the_host_acks(self, data: st.DataObject, valid: bool) -> None:
        host = self.browser.host
        if host is not None:
            numbers = [m["content"]["n"] for m in self.browser.comm if m.get("method") == "custom"]
            n = data.draw(st.sampled_from(numbers or [0])) if valid else data.draw(st.sampled_from(HOSTILE))
            self.browser.send(kind="ack", view=host.view_id, n=n)
        self.step_done()

    @rule(data=st.data())
    def a_malformed_view_message(self, data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(sorted(VIEW_MESSAGES)), label="kind")
        fields = VIEW_MESSAGES[kind].fields
        name = data.draw(st.sampled_from(sorted(n for n, (f, _) in fields.items() if refused_by(f))), label="field")
        value = data.draw(st.sampled_from(refused_by(fields[name][0])), label="value")
        message = {"kind": kind, **{n: VALID[f] for n, (f, _) in fields.items()}, name: value}
        before, sent, refused = self.model.snapshot(), len(self.browser.comm), self.desk.link.refused
        self.browser.send(**message)
        assert self.desk.link.refused == refused + 1
        assert self.model.snapshot() == before and len(self.browser.comm) == sent
        self.step_done()

    @rule(data=st.data(), current=st.booleans())
    def the_browser_answered_a_read(self, data: st.DataObject, current: bool) -> None:
        element = self.element(data)
        host = self.browser.host
        if element is not None and host is not None:
            epoch, loads = element.epoch, element.loads if current else element.loads + 1
            report = {
                "frameId": element.frame_id,
                "document": {"epoch": epoch, "loads": loads},
                "origin": element.origin,
                "data": request("agent.get", ref=self.next_ref(), frame_id=element.frame_id),
                "answer": self.model.agent_json(),
            }
            logged = len(self.desk.request_log)
            frame = self.model.frames.get(element.frame_id)
            allowed = frame is not None and self.model.policy.allows(frame.origin, "agent.get", frame.mode)
            counted = allowed and self.accepts((element.frame_id, epoch, loads))
            self.browser.send(kind="answered", view=host.view_id, answers=[report])
            assert len(self.desk.request_log) == min(logged + counted, REQUEST_LOG_LIMIT)
        self.step_done()

    # ------------------------------------------------------------------ the outside world and the agent

    def ui_action(self, verb: str, args: list[Any]) -> None:
        """The desktop UI's button ``verb``: its view is told the result, whatever it was."""
        host = self.browser.host
        if host is None:
            return
        action_id, sent = f"{host.view_id}:{self.next_ref()}", len(self.browser.comm)
        self.browser.send(kind="action", view=host.view_id, id=action_id, verb=verb, args=args)
        items = [i for m in self.browser.comm[sent:] if m.get("method") == "custom" for i in m["content"]["items"]]
        assert [i["action"]["id"] for i in items if "action" in i] == [action_id]

    @rule(data=st.data(), verb=st.sampled_from(sorted(UI_ACTIONS)))
    def the_agent_clicks_in_the_desktop(self, data: st.DataObject, verb: str) -> None:
        ids = sorted(self.model.interactions) + sorted(self.model.toasts) + sorted(self.model.workspace.dialogs) + ["0"]
        args: list[Any] = [data.draw(st.sampled_from(ids), label="id") for _ in range(UI_ACTIONS[verb].arity)]
        if verb == "click_toast_button" and len(args) == 2:
            args[1] = data.draw(st.integers(-1, 2), label="button")
        if verb == "set_agent_state" and args:
            args[0] = data.draw(st.sampled_from(["Ready", "NotReady", "Nope"]), label="state")
        self.ui_action(verb, args)
        self.step_done()

    @rule(
        data=st.data(),
        verb=st.sampled_from(["call", "toast", "close_toast", "menu", "close_menu", "state", "user_data"]),
    )
    def python_drives_the_desktop(self, data: st.DataObject, verb: str) -> None:
        try:
            if verb == "call":
                self.desk.simulate_inbound_call("5550100", user_data={"CustomerId": "C-1", "Order": {"items": ["a"]}})
            elif verb == "user_data" and self.model.interactions:
                # nested values, set and deleted: an event shares the values its change did not touch
                call = data.draw(st.sampled_from(sorted(self.model.interactions)))
                if data.draw(st.booleans()):
                    self.desk.set_user_data(call, {"Order": {"items": data.draw(st.lists(st.sampled_from("abc")))}})
                else:
                    self.desk.delete_user_data(call, data.draw(st.sampled_from(["Order", "CustomerId"])))
            elif verb == "toast":
                self.desk.popup_toast(title="From Python", buttons=["OK"])
            elif verb == "close_toast" and self.model.toasts:
                self.desk.close_toast(data.draw(st.sampled_from(sorted(self.model.toasts))))
            elif verb == "menu":
                self.desk.update_menu_view({"name": data.draw(st.sampled_from(["a", "b"])), "label": "View"})
            elif verb == "close_menu":
                self.desk.close_menu_view(data.draw(st.sampled_from(["a", "b"])))
            elif verb == "state":
                self.desk.set_agent_state(data.draw(st.sampled_from(["Ready", "NotReady"])))
        except ScapiError as exc:
            assert exc.error_message.strip()
        self.step_done()

    # ------------------------------------------------------------------ invariants

    @invariant()
    def every_event_emitted_is_in_the_catalogue(self) -> None:
        # what a notebook may listen for without a warning (desk.on, next_event, a scenario's wait)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for family, event_type in self.emitted:
                check_event_name(family, "emitted")
                if event_type is not None:
                    check_event_name(event_type, "emitted")

    @invariant()
    def an_event_keeps_the_data_it_was_heard_with(self) -> None:
        # an event's data shares the user data's values with the desktop, which never changes them in place
        for event, data in self.heard:
            assert event.payload == data, (event.seq, event.payload, data)

    @invariant()
    def nothing_needed_a_warning(self) -> None:
        failures = [w for w in self.caught if issubclass(w.category, FAILURES)]
        assert not failures, [str(w.message) for w in failures]

    @invariant()
    def answers_reach_only_the_document_that_asked_once(self) -> None:
        deliveries = self.browser.deliveries
        for document, message in deliveries[self.delivered :]:
            if "referenceId" in message:
                key = (*document[:2], message["referenceId"])
                assert key in self.asked, f"{document} got an answer to {key[2]!r}, which it did not ask"
                assert key not in self.answered, f"{document} got two answers to {key[2]!r}"
                self.answered.add(key)
        self.delivered = len(deliveries)

    @invariant()
    def the_views_hold_what_python_holds(self) -> None:
        python = self.desk.link.channel.replica
        for view_id, replica in self.browser.replicas():
            assert replica.seq == python.seq, view_id
            assert replica.parts.keys() == python.parts.keys(), view_id
            for part, value in python.parts.items():
                held = replica.parts[part]
                if part in MAP_PARTS and isinstance(held, dict):
                    held = [[k, v] for k, v in held.items()]
                assert same(held, wire_value(part, value)), (view_id, part)  # as JSON: types and key order
        desk, model = self.desk, self.model
        published = {
            "apps": [f.to_json() for f in model.frames.frames.values()],
            "menu_views": model.workspace.menu_views_json(),  # the views hold the menu bar view by view
            "toasts": model.toasts_json(),
            "interactions": model.interactions_json(),
            "host_view": desk.host_view,
        }
        for part, value in published.items():
            assert same(python.parts[part], value), part
        assert desk.apps == published["apps"] and desk.workspace == model.workspace.to_json()
        assert desk.toasts == published["toasts"] and desk.interactions == published["interactions"]

    @invariant()
    def each_user_data_bound_counts_its_user_data(self) -> None:
        for item in self.model.interactions.values():
            assert_bound_counts(item)

    @invariant()
    def nothing_of_a_removed_frame_is_left(self) -> None:
        frames = self.model.frames
        gone = self.frames_seen - set(frames.frames)
        if not gone:
            return
        assert not {s.frame_id for s in frames.subscriptions.values()} & gone
        assert not {d.frame_id for d in self.model.workspace.dialogs.values()} & gone
        assert not {d.owner_frame for d in self.model.workspace.dialogs.values()} & gone
        assert not {t.owner_frame for t in self.model.toasts.values()} & gone
        assert not {v.owner_frame for v in self.model.workspace.menu_views.values()} & gone
        assert not set(self.desk.link.channel.replica.parts.get("reads", {})) & {str(f) for f in gone}
        host = self.browser.host
        assert host is None or not set(host.elements) & gone


def test_the_desktop_holds_together_under_every_sequence(capsys: pytest.CaptureFixture[str]) -> None:
    STEPS_WALKED[0] = runs = 0
    while STEPS_WALKED[0] < MIN_STEPS:
        run_state_machine_as_test(
            DesktopMachine,
            settings=settings(
                max_examples=BATCH,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate],  # a failure prints its whole sequence (Phase.shrink: shorter)
            ),
        )
        runs += 1
    with capsys.disabled():
        print(f"\ndesktop machine: {STEPS_WALKED[0]} steps in {runs * BATCH} sequences")
