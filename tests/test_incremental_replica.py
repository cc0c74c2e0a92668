"""The replica, published change by change from what each change touched, equals a full rebuild.

A change to an interaction republishes only the interactions it touched (their JSON, actions and
the entries apps read: ``touch_interactions`` in the desktop model, ``KeysChanged`` in the
replica); a change to nothing but user data, only the keys it touched (``touch_user_data``,
``Patched``; tests/test_user_data_fast_path.py checks its ops against the rebuild's). A stateful
property test (hypothesis ``RuleBasedStateMachine``) walks every interaction
verb of the desktop (calls, consultations, transfers and conferences, recording, user data,
mark-done blocking, cases, chats, emails and workbins, outbound campaigns, agent states), on a
desktop whose apps read every user data key and on one whose apps read only some. After every
step: the replica Python holds equals the one a fresh mirror builds from the whole desktop; the
view's replica, kept by the ops alone, equals Python's; the traitlets equal the desktop.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
from scapi_widget.desktop.plumbing import ChangedParts, touched_interactions
from scapi_widget.errors import ScapiError
from scapi_widget.sync.mirror import EVERY_PART, StateMirror
from scapi_widget.sync.replica import MAP_PARTS, KeysChanged, Replica, same, wire_value

from .emulated_views import PAGE_ORIGIN, Browser

ON_A_CALL = (
    "answer",
    "hold",
    "resume",
    "hang_up",
    "mark_done",
    "remote_answer",
    "remote_hang_up",
    "start_recording",
    "pause_recording",
    "resume_recording",
    "stop_recording",
    "complete_transfer",
    "complete_conference",
)
"""Desktop verbs that take a voice call's id."""
ON_ANY = (
    "mark_done",
    "accept",
    "reject",
    "revoke",
    "end_chat",
    "send_email",
    "cancel_email",
    "move_to_workbin",
    "unblock_mark_done",
    "reject_preview_record",
    "cancel_preview_record",
)
"""... any interaction's id."""
TO_A_NUMBER = ("consult", "single_step_transfer", "single_step_conference")
"""... an interaction id and a number to call."""
NEXT_STEPS = {
    "RINGING": ("answer", "remote_hang_up"),
    "DIALING": ("remote_answer", "hang_up", "complete_transfer", "complete_conference"),
    "TALKING": ("hold", "hang_up", "start_recording", "stop_recording", *TO_A_NUMBER),
    "HELD": ("resume", "pause_recording", "resume_recording", "complete_transfer", "complete_conference"),
}
"""What a voice call in a state may do next (``mark_done`` in any other)."""
KEYS = ("CustomerId", "Notes", "Secret")
NESTED = st.recursive(
    st.one_of(st.integers(-3, 3), st.text(max_size=2), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(st.sampled_from(KEYS), inner, max_size=2)),
    max_leaves=4,
)


class IncrementalReplica(RuleBasedStateMachine):
    """One desktop and one view; see the module's docstring."""

    @initialize(read=st.sampled_from(["*", ["CustomerId", "Notes"]]))
    def start(self, read: str | list[str]) -> None:
        model = AgentDesktop(clock=ManualClock(), ids=IdSource(1), user_data_read_allowed=read)
        self.model = model
        self.desk = Desktop(desktop=model)
        self.browser = Browser(self.desk)
        self.browser.open_view("view-1", PAGE_ORIGIN)

    def teardown(self) -> None:
        if hasattr(self, "desk"):
            self.desk.close()

    def an_id(self, data: st.DataObject, media: str | None = None) -> str:
        """Mostly one of the newest interactions (of ``media``; the ones a step can still act on),
        sometimes any or none."""
        ids = [i for i, item in self.model.interactions.items() if media in (None, item.media)]
        newest = st.sampled_from(ids[-3:]) if ids else st.just("404")
        return data.draw(st.one_of(newest, newest, newest, st.sampled_from([*ids, "404"])), label="interaction")

    def run(self, verb: str, *args: Any, **kwargs: Any) -> None:
        try:
            getattr(self.desk, verb)(*args, **kwargs)
        except ScapiError as exc:
            assert exc.error_message.strip()
        self.browser.pump()

    # ------------------------------------------------------------------ interactions arrive

    @rule(kind=st.sampled_from(["call", "call with data", "dial", "chat", "email", "workitem", "draft", "workbin"]))
    def an_interaction_arrives(self, kind: str) -> None:
        if kind.startswith("call"):
            data = {"CustomerId": "C-1", "Secret": "s"} if kind == "call with data" else None
            self.run("simulate_inbound_call", "5550100", user_data=data)
        elif kind == "dial":
            self.run("dial", "5550199")
        elif kind == "draft":
            self.run("create_email", "someone@example.com", {"Notes": "n"})
        elif kind == "workbin":
            self.run("pull_from_workbin")
        else:
            self.run("simulate_open_media", kind)

    @rule(mode=st.sampled_from(["Preview", "PushPreview"]), direct=st.booleans())
    def a_campaign_record(self, mode: str, direct: bool) -> None:
        for verb, args in (
            ("load_campaign", ("C", mode)),
            ("start_campaign", ("C",)),
            ("add_records", ("C", ["5550123"])),
        ):
            self.run(verb, *args)
        if mode == "Preview":
            self.run("get_preview_record", "C")
        else:
            self.run("push_direct_preview" if direct else "push_preview", "C", "5550124")

    # ------------------------------------------------------------------ the agent and the switch act on them

    @rule(data=st.data())
    def a_call_goes_on(self, data: st.DataObject) -> None:
        """A voice call takes a step its state allows (random verbs rarely find one)."""
        call_id = self.an_id(data, "voice")
        item = self.model.interactions.get(call_id)
        state = item.state if item is not None else "gone"
        verbs = NEXT_STEPS.get(state, ("mark_done",))
        verb = data.draw(st.sampled_from(verbs), label="verb")
        if verb in TO_A_NUMBER:
            self.run(verb, call_id, "5550111", {"Notes": "moved"})
        else:
            self.run(verb, call_id)

    @rule(data=st.data(), how=st.sampled_from(["complete_transfer", "complete_conference", "hang_up"]))
    def a_consultation(self, data: st.DataObject, how: str) -> None:
        """A call in progress: the agent consults someone, who answers; then the transfer or
        conference is completed (or the consultation hung up)."""
        talking = [i for i, item in self.model.interactions.items() if item.state == "TALKING"]
        if talking:
            call_id = data.draw(st.sampled_from(talking), label="call")
        else:
            call_id = self.desk.simulate_inbound_call("5550101", user_data={"Notes": "consult me"})
            self.run("answer", call_id)
        self.run("consult", call_id, "5550112")
        consult_id = list(self.model.interactions)[-1]
        self.run("remote_answer", consult_id)
        self.run(how, consult_id)

    @rule(data=st.data(), verb=st.sampled_from(ON_A_CALL))
    def a_call_moves(self, data: st.DataObject, verb: str) -> None:
        self.run(verb, self.an_id(data, "voice"))

    @rule(data=st.data(), verb=st.sampled_from(ON_ANY))
    def an_action(self, data: st.DataObject, verb: str) -> None:
        self.run(verb, self.an_id(data))

    @rule(data=st.data(), verb=st.sampled_from(TO_A_NUMBER))
    def a_call_elsewhere(self, data: st.DataObject, verb: str) -> None:
        self.run(verb, self.an_id(data, "voice"), "5550111", {"Notes": "moved"})

    @rule(data=st.data(), key=st.sampled_from(KEYS), value=st.one_of(st.integers(), st.text(max_size=5)))
    def user_data_set(self, data: st.DataObject, key: str, value: Any) -> None:
        self.run("set_user_data", self.an_id(data), {key: value})

    @rule(data=st.data(), key=st.sampled_from(KEYS))
    def user_data_deleted(self, data: st.DataObject, key: str) -> None:
        self.run("delete_user_data", self.an_id(data), key)

    @rule(data=st.data(), values=st.dictionaries(st.sampled_from(KEYS), NESTED, min_size=1, max_size=3))
    def user_data_set_nested(self, data: st.DataObject, values: dict[str, Any]) -> None:
        """Several keys at once, objects and lists among them (the user data path makes their ops)."""
        self.run("set_user_data", self.an_id(data), values)

    @rule(data=st.data())
    def mark_done_blocked(self, data: st.DataObject) -> None:
        self.run("block_mark_done", self.an_id(data), "fill in the form")

    @rule(data=st.data())
    def a_case_selected(self, data: st.DataObject) -> None:
        cases = sorted({i.case_id for i in self.model.interactions.values()}) or ["nope"]
        self.run("select_case", data.draw(st.sampled_from(cases), label="case"))

    @rule(data=st.data())
    def a_chat_message(self, data: st.DataObject) -> None:
        self.run("simulate_new_message", self.an_id(data), "hello")

    @rule(data=st.data())
    def a_preview_record_called(self, data: st.DataObject) -> None:
        self.run("call_preview_record", self.an_id(data), 1)

    @rule(state=st.sampled_from(["Ready", "NotReady"]))
    def agent_state(self, state: str) -> None:
        self.run("set_agent_state", state)

    # ------------------------------------------------------------------ invariants

    @invariant()
    def incremental_equals_a_full_rebuild(self) -> None:
        python = self.desk.link.channel.replica
        full = Replica()
        StateMirror(self.model, full, lambda _name, _value: None, self.desk.event_log_limit).sync(EVERY_PART, "")
        assert python.parts.keys() - {"host_view"} == full.parts.keys() - {"host_view"}
        for part, value in full.parts.items():
            if part != "host_view":
                assert same(python.parts[part], value), part  # as JSON: types and key order

    @invariant()
    def the_view_holds_what_python_holds(self) -> None:
        python = self.desk.link.channel.replica
        view = self.browser.views["view-1"].replica
        assert view is not None and view.seq == python.seq
        assert view.parts.keys() == python.parts.keys()
        for part, value in python.parts.items():
            held = view.parts[part]
            if part in MAP_PARTS and isinstance(held, dict):
                held = [[k, v] for k, v in held.items()]
            assert same(held, wire_value(part, value)), part

    @invariant()
    def the_traitlets_hold_the_desktop(self) -> None:
        assert same(self.desk.interactions, self.model.interactions_json())
        assert same(self.desk.actions, self.desk.link.channel.replica.parts["actions"])


def test_incremental_replica_equals_a_full_rebuild() -> None:
    run_state_machine_as_test(
        IncrementalReplica,
        settings=settings(
            max_examples=150,
            stateful_step_count=60,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_a_change_names_the_interactions_it_touched() -> None:
    model = AgentDesktop(clock=ManualClock(), ids=IdSource(1))
    heard: list[frozenset[Any]] = []
    model.add_change_listener(heard.append)
    first = model.simulate_inbound_call()
    second = model.simulate_inbound_call()  # the newest is the selected case: the first is deselected
    assert touched_interactions(heard[-1]) == {first, second}
    model.set_user_data(second, {"k": 1})
    assert touched_interactions(heard[-1]) == {second}
    model.select_case(model.interactions[first].case_id)  # touches any number: it does not say which
    assert touched_interactions(heard[-1]) is None
    assert touched_interactions(frozenset({"interactions"})) is None  # a bare set of parts says nothing
    assert isinstance(heard[-1], ChangedParts) and "interactions" in heard[-1]


def test_keys_changed_compares_only_those_keys() -> None:
    replica = Replica()
    replica.update({"interactions": {"1": {"s": "A"}, "2": {"s": "B"}}})
    old = replica.parts["interactions"]
    new = {**old, "2": {"s": "C"}, "3": {"s": "D"}, "4": {"s": "E"}}
    del new["1"]
    ops = replica.update({"interactions": KeysChanged(new, {"1", "2", "3", "4"})})
    assert ops == [
        [["interactions", "1"]],
        [["interactions", "2", "s"], "C"],
        [["interactions", "3"], {"s": "D"}],
        [["interactions", "4"], {"s": "E"}],
    ]
    assert replica.parts["interactions"] is new and replica.seq == 2
    assert replica.update({"interactions": KeysChanged(dict(new), {"2"})}) == [] and replica.seq == 2
    assert replica.update({"actions": KeysChanged({"1": []}, {"1"})}) == [[["actions"], [["1", []]]]]
