"""A burst's comm messages held from the views while it is made (the outbox batches and numbers them as
it would), for benchmarks that hand them over later: ``fanout.py``'s held burst (in a kernel, beside the
notebook) and ``page_cost.py`` (in the light harness)."""

from __future__ import annotations

from typing import Any


def held_sends(desk: Any, call: str, n: int) -> list[tuple[dict[str, Any], list[bytes]]]:
    """``n`` ``set_user_data`` changes of ``call`` on ``desk`` (a ``Desktop``); the ``(message, buffers)``
    its outbox sent meanwhile, kept from the views. What the loop left queued goes too, as if every
    message were acked."""
    outbox = desk.link.channel.outbox
    held: list[tuple[dict[str, Any], list[bytes]]] = []
    send = outbox._send
    outbox._send = lambda message, buffers: held.append((message, buffers))
    try:
        for i in range(n):
            desk.set_user_data(call, {"Seq": i})
        while outbox.pending:
            outbox.restart()
    finally:
        outbox._send = send
    return held
