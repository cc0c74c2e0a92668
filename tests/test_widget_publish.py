"""The widget's traitlets follow the desktop after every verb, through the link's fast publish
(``Desktop._publish``: no traitlets validation on the link's own lists and dicts), and observers
hear exactly the changes, as with ``set_trait``."""

from __future__ import annotations

from typing import Any

import pytest
import traitlets

from scapi_widget import Desktop
from scapi_widget.notebook.widget import _PUBLISHED_KINDS
from scapi_widget.sync.mirror import EVERY_PART


def test_the_fast_publish_covers_the_desktop_state_traits_and_only_plain_ones() -> None:
    assert {"interactions", "actions", "events", "agent_info", "apps", "toasts"} <= _PUBLISHED_KINDS.keys()
    for name, kind in _PUBLISHED_KINDS.items():
        trait = Desktop.class_traits()[name]
        assert trait.read_only and not trait.metadata.get("sync")
        assert kind is (dict if isinstance(trait, traitlets.Dict) else list)
    assert "height" not in _PUBLISHED_KINDS and "ready" not in _PUBLISHED_KINDS


def test_traits_reflect_each_verb_as_it_returns_and_observers_hear_each_change() -> None:
    desk = Desktop(apps=[])
    call = desk.simulate_inbound_call()
    desk.answer(call)
    heard: list[Any] = []
    desk.observe(lambda change: heard.append((change["old"], change["new"])), names=["interactions"])
    for seq in range(3):
        desk.set_user_data(call, {"Seq": seq})
        assert desk.interactions[call]["userData"]["Seq"] == seq
        assert desk.events[-1].data["interaction"]["userData"]["Seq"] == seq
        assert desk.actions[call] == desk.link.channel.replica.parts["actions"][call]
    assert [new[call]["userData"]["Seq"] for _old, new in heard] == [0, 1, 2]
    assert heard[1][0] is heard[0][1]  # each change's old value is the previous change's new one
    desk.link.sync(EVERY_PART)  # everything published again, unchanged: observers hear nothing
    assert len(heard) == 3


def test_held_notifications_still_come_once_the_hold_ends() -> None:
    desk = Desktop(apps=[])
    heard: list[Any] = []
    desk.observe(heard.append, names=["interactions"])
    with desk.hold_trait_notifications():
        call = desk.simulate_inbound_call()
        assert call in desk.interactions and not heard
    assert heard and call in heard[-1]["new"]


def test_a_value_of_another_kind_goes_through_traitlets_validation() -> None:
    desk = Desktop(apps=[])
    with pytest.raises(traitlets.TraitError):
        desk._publish("interactions", ["not", "a", "dict"])
    assert isinstance(desk.interactions, dict)


def test_an_observer_of_every_trait_hears_the_published_ones_and_one_removed_hears_nothing() -> None:
    desk = Desktop(apps=[])
    heard: list[str] = []

    def listen(change: Any) -> None:
        heard.append(change["name"])

    desk.observe(listen)  # names=All
    call = desk.simulate_inbound_call()
    assert {"interactions", "actions", "events"} <= set(heard)
    desk.unobserve(listen)
    heard.clear()
    desk.answer(call)
    assert heard == [] and desk.interactions[call]["state"] == "TALKING"
