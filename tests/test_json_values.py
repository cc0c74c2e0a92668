"""copy_json: what the desktop hands out never aliases its state."""

from __future__ import annotations

from collections import OrderedDict

from scapi_widget.desktop import AgentDesktop, DesktopEvent
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


def test_changing_an_events_data_changes_nothing_in_the_desktop_nor_the_event() -> None:
    """An event's data shares the user data's values with the desktop (no copy of them per change):
    what the desktop hands out of it is a copy, from a listener, the event log or the event itself."""
    desk = AgentDesktop()
    call_id = desk.simulate_inbound_call(user_data={"Order": {"items": ["book"]}})
    heard: list[DesktopEvent] = []
    desk.add_event_listener(heard.append)
    desk.set_user_data(call_id, {"Note": "first"})
    event = heard[-1]
    event.data["interaction"]["userData"]["Order"]["items"].append("pen")
    event.to_json()["data"]["interaction"]["userData"]["Order"]["items"].clear()
    assert desk.interactions[call_id].user_data["Order"] == {"items": ["book"]}
    assert event.data["interaction"]["userData"]["Order"] == {"items": ["book"]}
    assert event.data is not event.data


def test_an_event_keeps_the_user_data_as_of_its_change() -> None:
    desk = AgentDesktop()
    call_id = desk.simulate_inbound_call(user_data={"Order": {"items": ["book"]}, "Note": "a"})
    heard: list[DesktopEvent] = []
    desk.add_event_listener(heard.append)
    desk.set_user_data(call_id, {"Note": "b"})
    desk.set_user_data(call_id, {"Order": {"items": ["pen"]}, "Note": "c"})
    desk.delete_user_data(call_id, "Order")
    seen = [(e.data["interaction"]["userData"].get("Order"), e.data["interaction"]["userData"]["Note"]) for e in heard]
    assert seen == [({"items": ["book"]}, "b"), ({"items": ["pen"]}, "c"), (None, "c")]


def test_the_desktop_keeps_its_own_copy_of_an_outbound_records_fields() -> None:
    """Named bug guard: a preview record's fields became the call's user data as they were, so a
    notebook changing its record's nested fields later changed the desktop's user data (and, as
    events share those values, the events it had sent)."""
    desk = AgentDesktop()
    desk.load_campaign("Offer", "PushPreview")
    desk.start_campaign("Offer")
    fields = {"Account": {"tags": ["gold"]}}
    record_id = desk.push_preview("Offer", {"phone": "5550100", "fields": fields})
    fields["Account"]["tags"].append("churned")
    assert desk.interactions[record_id].user_data["Account"] == {"tags": ["gold"]}
