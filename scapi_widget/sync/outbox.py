"""Ordered, batched, flow-controlled messages from the widget to its views.

Everything the front end needs from one desktop transaction (replica ops, answers and events for
the frames, event-log lines) is one *item*. Items go out in order, never dropped, in as few comm
messages as the limits allow:

* a **window**: at most :attr:`Outbox.window` messages the host view has not acknowledged yet
  (every :attr:`Outbox.ack_every`-th message asks the browser for an ack, which covers every
  message before it);
* a **rate**: a token bucket of :attr:`Outbox.rate` messages per second (burst
  :attr:`Outbox.burst`), far below the Jupyter server's IOPub limit (1,000 messages/s over 3 s,
  beyond which it silently drops output) and the kernel's ZMQ queue (~1,000 pending).

While either holds the next message back, new items queue; when it frees, everything queued
(up to :attr:`Outbox.max_items` items per message) goes as one message. So a burst of 10,000
events costs a few dozen messages. If acks stop coming (the kernel hears the browser only
between cells and during an ``await``: while a cell computes, acks wait for it), what is queued
goes after :attr:`Outbox.stall_s` seconds without one, and what comes later waits for an ack or the
next ``stall_s``: a burst from a busy cell leaves as one release every ``stall_s``, the views
keeping up with it as it runs.

An item is queued as its JSON text (:func:`~.items.encode_item`, made once as it is put), and a
message carries its items as one binary buffer, a JSON array of them (the Jupyter protocol's
buffers: the kernel sends them as they are, with no second encoding). So an item that waits holds
no Python containers: a burst from a busy cell queues thousands of items, and as objects they made
the cyclic garbage collector walk the kernel's whole heap again and again.

An *urgent* item (one that takes rights away, e.g. a frame's reads answered in the browser) is
not held back by the window: it goes, with everything queued before it, as soon as the rate
allows, so the views stop answering for a revoked app before anything later.

Sending happens on whichever thread produced or freed the items (under the outbox's own lock,
never the desktop's), or on one shared timer thread when only time frees the next message.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any], list[bytes]], None]
"""``send(message, buffers)``: one comm message and its binary buffers."""


class Outbox:
    """The queue of items for the views, and when to send them."""

    window = 16
    ack_every = 8
    rate = 500.0
    burst = 400.0
    max_items = 1_000
    stall_s = 0.05
    """Seconds without an ack after which what is queued goes anyway. Short: a cell's burst reaches the
    views as it runs, in pieces the page handles while the kernel makes the next (a quarter second
    delivered a 10,000-event burst 12-15% later, measured with ``benchmarks/fanout.py --compare``)."""
    min_wait_s = 0.001
    """The shortest wait for a timer: a wait the clock cannot tell from none (a token short only by
    rounding) would find nothing changed and wake again at once, forever on a clock that stands still."""

    def __init__(self, send: Send, clock: Callable[[], float] = time.monotonic) -> None:
        self._send = send
        self._clock = clock
        self._lock = threading.RLock()
        self._queue: list[bytes] = []
        self._numbers = itertools.count(1)
        self._sent = 0  # number of the last message sent
        self._acked = 0  # number of the last message the host view acknowledged
        self._asked = 0  # number of the last message that asked for an ack
        self._last_ack_at = clock()
        self._tokens = self.burst
        self._refilled_at = clock()
        self._timer_due: float | None = None
        self._urgent = 0  # items at the head of the queue the window must not hold back
        self.messages = 0  # comm messages sent (for benchmarks and tests)
        self.items = 0

    def put(self, item: bytes, *, urgent: bool = False) -> None:
        """Queue one item (its JSON text); it goes out now if the limits allow, else with the next message.
        ``urgent``: the window does not hold it (nor what is queued before it) back, only the rate."""
        with self._lock:
            held = self._held()
            self._queue.append(item)
            if urgent:
                self._urgent = len(self._queue)
            elif held:
                return  # the timer (or an ack) sends it with what is queued before it
            self._pump()

    def _held(self) -> bool:
        """Items wait and nothing can free the next message before the timer is due (the window
        opens only by an ack or a restart, which pump themselves; the rate only with time): a new
        item just joins the queue. The hot path of a burst."""
        due = self._timer_due
        return bool(self._queue) and not self._urgent and due is not None and self._clock() < due

    def ack(self, number: Any) -> None:
        """The host view received message ``number`` (and every one before it)."""
        if not isinstance(number, int) or isinstance(number, bool):
            return
        with self._lock:
            if self._acked < number <= self._sent:
                self._acked = number
                self._last_ack_at = self._clock()
            self._pump()

    def restart(self) -> None:
        """A new host view: acks of messages to the old one will not come."""
        with self._lock:
            self._acked = self._sent
            self._last_ack_at = self._clock()
            self._pump()

    @property
    def pending(self) -> int:
        """Items queued, not yet sent."""
        with self._lock:
            return len(self._queue)

    def _pump(self) -> None:
        while self._queue:
            now = self._clock()
            self._refill(now)
            if self._sent - self._acked >= self.window and not self._urgent:
                if now - self._last_ack_at < self.stall_s:
                    self._wake_at(self._last_ack_at + self.stall_s)
                    return
                # No ack for stall_s: what is queued now goes (as if acked that far), and what comes
                # after waits for an ack or the next stall_s, so a kernel that cannot hear acks (a
                # busy cell) sends a burst as one release per stall_s, not as messages of one item.
                log.debug("no ack for %.2f s: sending what is queued", now - self._last_ack_at)
                releases = min(self.window, -(-len(self._queue) // self.max_items))  # a window at most
                self._acked = self._sent - self.window + releases
                self._last_ack_at = now
            if self._tokens < 1:
                self._wake_at(now + (1 - self._tokens) / self.rate)
                return
            self._tokens -= 1
            items, self._queue = self._queue[: self.max_items], self._queue[self.max_items :]
            self._urgent = max(0, self._urgent - len(items))
            number = next(self._numbers)
            self._sent = number
            if self._sent - self._acked == 1:
                self._last_ack_at = now  # the window's clock starts with its first message
            self.messages += 1
            self.items += len(items)
            message: dict[str, Any] = {"kind": "items", "n": number}
            if number - max(self._asked, self._acked) >= self.ack_every:
                message["ack"] = True  # acks cost the kernel a request each: ask for one now and then
                self._asked = number
            self._send(message, [b"[" + b",".join(items) + b"]"])

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._refilled_at) * self.rate)
        self._refilled_at = now

    def _wake_at(self, due: float) -> None:
        due = max(due, self._clock() + self.min_wait_s)
        if self._timer_due is not None and self._timer_due <= due:
            return
        self._timer_due = due
        TIMERS.call_at(due, self._on_timer)

    def _on_timer(self) -> None:
        with self._lock:
            self._timer_due = None
            self._pump()


class _Timers:
    """One daemon thread running callbacks at monotonic times (for every outbox in the process)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._wakeup = threading.Condition()
        self._thread: threading.Thread | None = None

    def call_at(self, due: float, callback: Callable[[], None]) -> None:
        with self._wakeup:
            heapq.heappush(self._heap, (due, next(self._order), callback))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="scapi-outbox-timers", daemon=True)
                self._thread.start()
            self._wakeup.notify()

    def _run(self) -> None:
        while True:
            with self._wakeup:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    self._wakeup.wait(None if not self._heap else self._heap[0][0] - time.monotonic())
                _due, _n, callback = heapq.heappop(self._heap)
            try:
                callback()
            except Exception:  # a failing send is reported by the sender; the timer thread must live on
                log.exception("outbox timer callback failed")


TIMERS = _Timers()
