"""The model-checked contact centre (rules and invariants: ``tests/centre_machine.py``): a hypothesis
state machine walks every move of calls, from Python and from apps, through a centre of four agents,
two queues and outside callers, and checks every invariant after every step; at least
:data:`STEPS` steps per run. ``benchmarks/centre_model_check.py`` walks the same rules a million times."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

import pytest
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from .centre_machine import RULES, CentreWorld, Chooser

T = TypeVar("T")

STEPS = 20_000
EXAMPLES = 50
"""Examples per hypothesis run; runs repeat until :data:`STEPS` steps were walked."""
STEPS_PER_EXAMPLE = 100


class Draws:
    """A :class:`~.centre_machine.Chooser` drawing from hypothesis (so failures shrink and replay)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def choice(self, options: Sequence[T]) -> T:
        return options[self.data.draw(index_below(len(options)))]


@functools.cache
def index_below(length: int) -> st.SearchStrategy[int]:
    """An index into a list of ``length`` items (one strategy per length: cheaper to draw than ``sampled_from``)."""
    return st.integers(0, length - 1)


class CentreMachine(RuleBasedStateMachine):
    """One rule per move of :data:`~.centre_machine.RULES`; the world's invariants after each."""

    steps: ClassVar[int] = 0

    def __init__(self) -> None:
        super().__init__()
        self.world = CentreWorld()

    @invariant()
    def consistent(self) -> None:
        self.world.check()


def _add_rule(name: str) -> None:
    def move(self: CentreMachine, data: st.DataObject) -> None:
        chooser: Chooser = Draws(data)
        self.world.play(name, chooser, announce=note)
        CentreMachine.steps += 1

    move.__name__ = name
    setattr(CentreMachine, name, rule(data=st.data())(move))


for _name in RULES:
    _add_rule(_name)


def test_every_sequence_of_moves_keeps_the_centre_consistent() -> None:
    CentreMachine.steps = 0
    while CentreMachine.steps < STEPS:
        run_state_machine_as_test(
            CentreMachine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS_PER_EXAMPLE,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )


# ------------------------------------------------------------------ the invariants can fail


def busy_world() -> CentreWorld:
    """Ann talks to a customer and consults Ben, who answers; a caller waits in Billing (nobody Ready)."""
    world = CentreWorld()
    ann, ben = world.desk("Ann"), world.desk("Ben")
    for desk in world.centre.agents.values():
        desk.set_agent_state("NotReady")
    call = ann.simulate_inbound_call("5550101")
    ann.answer(call)
    ann.consult(call, "5002")
    ben.answer(next(iter(ben.interactions)))
    world.centre.call_queue("Billing", "5550102")
    world.check()
    return world


def break_data(world: CentreWorld) -> None:
    world.desk("Ben").interactions["1"].user_data["Topic"] = "only here"


def break_state(world: CentreWorld) -> None:
    world.desk("Ann").interactions["2"].state = "DIALING"


def break_leg(world: CentreWorld) -> None:
    call = world.centre.call_of("Ben", "1")
    assert call is not None
    call.legs.clear()


def break_queue(world: CentreWorld) -> None:
    [waiting] = world.centre.queued("Billing")
    world.centre.book.calls.pop(waiting)


def break_routing(world: CentreWorld) -> None:
    world.desk("Cat").presence.agent_state = world.desk("Cat").presence.state_by_operation("Ready")
    for media in world.desk("Cat").media.values():
        media.state = world.desk("Cat").presence.agent_state


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (break_data, "user data differ"),
        (break_state, "still dialing on an answered call"),
        (break_leg, "a call with fewer than two parties"),
        (break_queue, "which the switch dropped"),
        (break_routing, "while Cat is Ready for it"),
    ],
)
def test_the_invariants_see_a_broken_centre(damage: Any, message: str) -> None:
    world = busy_world()
    damage(world)
    with pytest.raises(AssertionError, match=message):
        world.check()
