"""The outbox (scapi_widget/sync/outbox.py) on a simulated clock: items in order, never dropped, in as few
messages as the ack window, the token bucket and the size limit allow."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from scapi_widget.sync import outbox as outbox_module
from scapi_widget.sync.items import encode_item, read_items
from scapi_widget.sync.outbox import Outbox


class Simulation:
    """A clock that moves only when told, the timers that run on it, and what the outbox sent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self.sent: list[tuple[float, dict[str, Any]]] = []

    def call_at(self, due: float, callback: Callable[[], None]) -> None:
        heapq.heappush(self._timers, (due, next(self._order), callback))

    def advance(self, seconds: float) -> None:
        """Move the clock on, running each timer that falls due on the way at its time."""
        end = self.now + seconds
        while self._timers and self._timers[0][0] <= end:
            due, _, callback = heapq.heappop(self._timers)
            self.now = max(self.now, due)
            callback()
        self.now = end

    def send(self, message: dict[str, Any], buffers: list[bytes]) -> None:
        assert "items" not in message and len(buffers) == 1  # the items travel in the one buffer
        self.sent.append((self.now, {**message, "items": read_items(buffers)}))

    @property
    def messages(self) -> list[dict[str, Any]]:
        return [m for _, m in self.sent]

    def items(self) -> list[Any]:
        return [item for m in self.messages for item in m["items"]]

    def sizes(self) -> list[int]:
        return [len(m["items"]) for m in self.messages]


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Simulation:
    simulation = Simulation()
    monkeypatch.setattr(outbox_module, "TIMERS", simulation)
    return simulation


class ValuesOutbox(Outbox):
    """The outbox, given values: it queues each one's JSON text, as the views' channel puts items."""

    def put(self, item: Any, *, urgent: bool = False) -> None:  # type: ignore[override]
        super().put(encode_item(item), urgent=urgent)


def new_outbox(sim: Simulation, **limits: float) -> Outbox:
    outbox = ValuesOutbox(sim.send, clock=lambda: sim.now)
    for name, value in limits.items():
        setattr(outbox, name, value)
    return outbox


def fill_window(sim: Simulation, outbox: Outbox) -> None:
    for i in range(outbox.window):
        outbox.put({"fill": i})
    assert len(sim.sent) == outbox.window and outbox.pending == 0


def test_a_message_carries_its_items_as_one_buffer_holding_their_json_texts_as_put(sim: Simulation) -> None:
    sent: list[tuple[dict[str, Any], list[bytes]]] = []
    outbox = Outbox(lambda message, buffers: sent.append((message, buffers)), clock=lambda: sim.now)
    outbox.window = 1  # the second and third wait for an ack, then go as one message
    texts = [b'{"a":1}', b'{"b":"\xc3\xa9"}', b'[]']
    for text in texts:
        outbox.put(text)
    outbox.ack(1)
    assert sent == [
        ({"kind": "items", "n": 1}, [b'[{"a":1}]']),
        ({"kind": "items", "n": 2}, [b'[{"b":"\xc3\xa9"},[]]']),
    ]
    assert read_items(sent[1][1]) == [{"b": "é"}, []]


def test_items_go_out_at_once_and_in_order_while_the_limits_allow(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    for i in range(10):
        outbox.put({"i": i})
    expected = [{"kind": "items", "n": n + 1, "items": [{"i": n}]} for n in range(10)]
    expected[outbox.ack_every - 1]["ack"] = True  # every ack_every-th message asks for an ack
    assert sim.messages == expected
    assert (outbox.messages, outbox.items, outbox.pending) == (10, 10, 0)


def test_an_ack_is_asked_for_every_ack_every_messages_and_covers_the_ones_before(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    for i in range(3 * outbox.ack_every):
        outbox.put({"i": i})
        if sim.messages[-1].get("ack") and i < outbox.ack_every:
            outbox.ack(sim.messages[-1]["n"])  # the first ack comes at once; the second never does
    asking = [m["n"] for m in sim.messages if m.get("ack")]
    assert asking == [outbox.ack_every, 2 * outbox.ack_every, 3 * outbox.ack_every]


def test_items_coalesce_while_the_window_is_full_and_an_ack_releases_them(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    for i in range(100):
        outbox.put({"i": i})
    assert len(sim.sent) == 16 and outbox.pending == 100
    outbox.ack(1)  # one slot: everything queued goes, as one message
    assert sim.messages[16] == {"kind": "items", "n": 17, "items": [{"i": i} for i in range(100)]}
    assert outbox.pending == 0
    outbox.put({"i": 100})  # the window is full again (16 unacked: 2..17)
    assert outbox.pending == 1 and len(sim.sent) == 17
    outbox.ack(17)
    assert sim.items()[-1] == {"i": 100} and outbox.pending == 0


def test_the_token_bucket_limits_messages_per_second_and_drops_nothing(sim: Simulation) -> None:
    outbox = new_outbox(sim, window=10**9)
    for i in range(3_000):  # one item a millisecond for three seconds
        outbox.put(i)
        sim.advance(0.001)
    sim.advance(1.0)
    assert outbox.pending == 0 and sim.items() == list(range(3_000))
    times = [t for t, _ in sim.sent]
    for start in times:  # in any second, at most the burst plus a second's worth of tokens
        assert sum(1 for t in times if start <= t < start + 1.0) <= outbox.burst + outbox.rate
    burst = int(outbox.burst)
    assert sim.sizes()[:burst] == [1] * burst  # the burst goes one item per message
    assert len(sim.sent) < burst + 3 * outbox.rate + 5  # then about rate messages a second


def test_a_held_back_message_waits_for_a_token_not_longer(sim: Simulation) -> None:
    outbox = new_outbox(sim, window=10**9, burst=1.0, rate=10.0)
    outbox.put("a")
    outbox.put("b")
    outbox.put("c")
    assert sim.items() == ["a"] and outbox.pending == 2
    sim.advance(0.099)
    assert outbox.pending == 2
    sim.advance(0.002)
    assert sim.messages[-1]["items"] == ["b", "c"] and outbox.pending == 0


def test_max_items_splits_a_backlog(sim: Simulation) -> None:
    outbox = new_outbox(sim, max_items=3)
    fill_window(sim, outbox)
    for i in range(10):
        outbox.put(i)
    outbox.ack(16)
    assert sim.sizes()[16:] == [3, 3, 3, 1] and sim.items()[16:] == list(range(10))
    assert [m["n"] for m in sim.messages] == list(range(1, 21))


def test_without_acks_what_is_queued_goes_after_stall_s_and_later_items_wait_for_the_next(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    stall = outbox.stall_s
    fill_window(sim, outbox)
    sim.advance(stall / 2)
    for i in range(2_500):
        outbox.put(i)
    sim.advance(stall / 2 - 0.001)
    assert outbox.pending == 2_500
    sim.advance(0.002)  # stall_s after the window's first message: the queue goes, in full messages
    assert outbox.pending == 0 and sim.sizes()[16:] == [1_000, 1_000, 500]
    assert sim.items()[16:] == list(range(2_500))
    outbox.put("later")  # the window is full again: it waits for an ack...
    sim.advance(stall - 0.002)
    assert outbox.pending == 1
    sim.advance(0.003)  # ... or the next stall_s
    assert outbox.pending == 0 and sim.items()[-1] == "later" and len(sim.sent) == 20


def test_without_acks_a_release_is_a_window_of_messages_at_most(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    count = outbox.max_items * (outbox.window + 4)
    for i in range(count):
        outbox.put(i)
    sim.advance(outbox.stall_s + 0.001)
    assert sim.sizes()[16:] == [outbox.max_items] * outbox.window and outbox.pending == 4 * outbox.max_items
    sim.advance(outbox.stall_s + 0.001)
    assert sim.sizes()[16 + outbox.window :] == [outbox.max_items] * 4 and outbox.pending == 0
    assert sim.items()[16:] == list(range(count))


def test_an_ack_after_a_stall_opens_the_window_again(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    outbox.put("stalled")
    sim.advance(outbox.stall_s + 0.001)
    assert outbox.pending == 0 and len(sim.sent) == 17
    outbox.put("held")
    assert outbox.pending == 1
    outbox.ack(17)  # the host view heard everything: a whole window again
    assert outbox.pending == 0
    for i in range(15):
        outbox.put(i)
    assert outbox.pending == 0 and len(sim.sent) == 18 + 15
    outbox.put("held again")
    assert outbox.pending == 1


@pytest.mark.parametrize("bad", [True, "16", 16.0, None, 17, 0, -1, [16]], ids=repr)
def test_bad_acks_are_ignored(sim: Simulation, bad: Any) -> None:
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    outbox.put("held")
    outbox.ack(bad)
    assert outbox.pending == 1 and len(sim.sent) == 16
    outbox.ack(16)
    assert outbox.pending == 0


def test_an_older_ack_does_not_take_the_window_back(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    outbox.ack(16)
    outbox.ack(3)
    for i in range(16):
        outbox.put(i)
    assert outbox.pending == 0 and len(sim.sent) == 32


def test_restart_forgets_the_acks_a_closed_view_owed(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    outbox.put("held")
    outbox.restart()
    assert outbox.pending == 0 and sim.items()[-1] == "held"
    assert sim.messages[-1]["n"] == 17  # numbers go on


def test_ten_thousand_items_under_a_window_of_16_arrive_once_in_order(sim: Simulation) -> None:
    outbox = new_outbox(sim)
    acked = 0
    highest_unacked = 0
    for i in range(10_000):
        outbox.put(i)
        sim.advance(0.0001)
        sent = sim.messages[-1]["n"] if sim.sent else 0
        highest_unacked = max(highest_unacked, sent - acked)
        if i % 7 == 0 and sent:  # the host view acks what it has, every few puts
            acked = sent
            outbox.ack(sent)
    while outbox.pending:
        sim.advance(0.01)
        outbox.ack(sim.messages[-1]["n"])
    assert sim.items() == list(range(10_000))
    assert outbox.items == 10_000 and outbox.messages == len(sim.sent)
    assert outbox.messages <= outbox.burst + outbox.rate * 1.1  # the puts took a simulated second
    assert [m["n"] for m in sim.messages] == list(range(1, len(sim.sent) + 1))
    assert highest_unacked <= outbox.window


def test_an_urgent_item_is_not_held_back_by_the_window_and_takes_what_queued_before_it(sim: Simulation) -> None:
    outbox = new_outbox(sim, max_items=2)
    fill_window(sim, outbox)
    for i in range(3):
        outbox.put({"i": i})
    assert outbox.pending == 3  # held: no ack
    outbox.put({"revoke": True}, urgent=True)
    assert [m["items"] for m in sim.messages[16:]] == [[{"i": 0}, {"i": 1}], [{"i": 2}, {"revoke": True}]]
    assert outbox.pending == 0
    outbox.put({"i": 3})  # after it, the window holds again
    assert outbox.pending == 1 and len(sim.sent) == 18
    sim.advance(outbox.stall_s + 0.001)  # until the stalled window opens by itself, as ever
    assert sim.items()[-1] == {"i": 3}


def test_an_urgent_item_still_waits_for_the_rate(sim: Simulation) -> None:
    outbox = new_outbox(sim, burst=1.0, rate=10.0)
    outbox.put({"i": 0})
    outbox.put({"revoke": True}, urgent=True)
    assert len(sim.sent) == 1 and outbox.pending == 1
    sim.advance(0.1)
    assert sim.items() == [{"i": 0}, {"revoke": True}]


def test_an_item_put_while_the_outbox_is_held_joins_the_queue_without_a_pump(
    sim: Simulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst's hot path: while the window is full and the stall timer not due, a new item is only
    queued; the ack that opens the window sends them all, in order, and a put after it pumps again."""
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    pumps = []
    real_pump = outbox._pump
    monkeypatch.setattr(outbox, "_pump", lambda: (pumps.append(1), real_pump())[1])
    outbox.put({"i": 0})  # the first item finds the window full: it pumps and is held
    for i in range(1, 50):
        outbox.put({"i": i})
    assert len(pumps) == 1 and outbox.pending == 50
    outbox.ack(outbox.window)
    assert outbox.pending == 0 and [m for m in sim.items() if "i" in m] == [{"i": i} for i in range(50)]
    outbox.put({"i": 50})  # nothing held: it goes at once
    assert outbox.pending == 0 and sim.items()[-1] == {"i": 50}


def test_a_held_outbox_sends_when_its_timer_is_due_even_if_the_timer_has_not_run(sim: Simulation) -> None:
    """Past the due time, a put pumps (the timer thread may be late): the stalled window opens."""
    outbox = new_outbox(sim)
    fill_window(sim, outbox)
    outbox.put({"i": 0})
    sim.now += outbox.stall_s + 0.001  # the clock passes the timer's due time; the timer has not run yet
    outbox.put({"i": 1})
    assert outbox.pending == 0 and sim.items()[-2:] == [{"i": 0}, {"i": 1}]
