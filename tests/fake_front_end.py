"""A stand-in for one view of the widget's front end: custom messages in, what the widget sends out."""

from __future__ import annotations

from typing import Any

from scapi_widget import Desktop
from scapi_widget.testing.comm_capture import capture_comm

from .kernel_packing import Sent, as_the_kernel_sends, sent_items, sent_posts, unlimited


class FrontEnd:
    """Plays a view: sends custom messages in, records what the widget sends out."""

    def __init__(self, desk: Desktop) -> None:
        self.desk = desk
        self.out = Sent()
        capture_comm(desk, as_the_kernel_sends(self.out.record), raw=True)
        unlimited(desk)  # a stand-in that never acks

    def send(self, **content: Any) -> None:
        self.desk._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})

    def items(self) -> list[dict[str, Any]]:
        """Every item of the outbox messages the widget sent (replica ops, posts, log, results), in order."""
        return sent_items(self.out)

    def posts(self) -> list[dict[str, Any]]:
        """What the widget told the view to post to its frames: ``{frameId, message}``, in order."""
        return sent_posts(self.out)

    def action_results(self) -> dict[str, Any]:
        """UI action id -> its error (None: it ran)."""
        return {i["action"]["id"]: i["action"]["error"] for i in self.items() if "action" in i}
