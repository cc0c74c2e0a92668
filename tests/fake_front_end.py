"""A stand-in for one view of the widget's front end: custom messages in, what the widget sends out."""

from __future__ import annotations

from typing import Any

from scapi_widget import Desktop


class FrontEnd:
    """Plays a view: sends custom messages in, records what the widget sends out."""

    def __init__(self, desk: Desktop) -> None:
        self.desk = desk
        self.out: list[dict[str, Any]] = []
        desk.comm.send = lambda data=None, metadata=None, buffers=None: self.out.append(data)

    def send(self, **content: Any) -> None:
        self.desk._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})

    def custom(self, kind: str) -> list[dict[str, Any]]:
        return [m["content"] for m in self.out if m.get("method") == "custom" and m["content"]["kind"] == kind]
