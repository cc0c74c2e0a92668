"""copy_json: what the desktop hands out never aliases its state."""

from __future__ import annotations

from collections import OrderedDict

from scapi_widget.desktop import AgentDesktop
from scapi_widget.desktop.json_values import copy_json
from scapi_widget.service import notebook_call


def test_copies_containers_at_every_depth_and_shares_scalars() -> None:
    text = "a" * 50
    original = {"k": [1, {"deep": [text]}], "t": ({"x": 1},), "s": text, "n": None}
    copied = copy_json(original)
    assert copied == original
    assert copied is not original and copied["k"] is not original["k"]
    assert copied["k"][1] is not original["k"][1] and copied["k"][1]["deep"] is not original["k"][1]["deep"]
    assert copied["t"][0] is not original["t"][0] and isinstance(copied["t"], tuple)
    assert copied["s"] is text


def test_changing_handed_out_json_changes_nothing_in_the_desktop() -> None:
    desk = AgentDesktop()
    call_id = desk.simulate_inbound_call(user_data={"Order": {"items": ["book"]}})
    handed_out = desk.interactions_json()[call_id]
    handed_out["userData"]["Order"]["items"].append("pen")
    event_data = notebook_call(desk, "interaction.getByInteractionId", call_id)
    event_data["userData"]["Order"]["items"].clear()
    assert desk.interactions[call_id].user_data["Order"] == {"items": ["book"]}


def test_subclasses_are_copied_as_their_base_and_nested_containers_in_plain_ones_too() -> None:
    """The hot path tests plain dicts and lists by class: anything else takes the general path."""
    inner = OrderedDict(a=[{"b": 1}])
    original = {"o": inner, "l": [[{"c": 2}], 3, "s", None, True, 1.5]}
    copied = copy_json(original)
    assert copied == original and type(copied["o"]) is dict
    assert copied["o"]["a"][0] is not inner["a"][0]
    assert copied["l"][0][0] is not original["l"][0][0]
    assert copy_json([1, "x"]) == [1, "x"] and copy_json(7) == 7
