"""What a new desktop costs the kernel before its view can start: few messages, and origins parsed once."""

from __future__ import annotations

from typing import Any, ClassVar

import comm
import pytest
from comm.base_comm import BaseComm

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource
from scapi_widget.desktop.security import ORIGINS_REMEMBERED, _normalized_origin, normalize_origin


class RecordingComm(BaseComm):
    """A comm that keeps what the widget publishes."""

    sent: ClassVar[list[tuple[str, str, Any]]] = []

    def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **_: Any) -> None:
        self.sent.append((self.comm_id, msg_type, data))


def test_a_new_desktop_sends_its_state_and_then_one_update(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[str, str, Any]] = []
    monkeypatch.setattr(RecordingComm, "sent", sent)
    monkeypatch.setattr(comm, "create_comm", lambda **kwargs: RecordingComm(**kwargs))
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(1)))
    own = [(kind, data) for comm_id, kind, data in sent if comm_id == desk.comm.comm_id]  # not its layout's
    assert [kind for kind, _data in own] == ["comm_open", "comm_msg"]
    update = own[1][1]
    assert update["method"] == "update"
    assert {"ui_actions", "loopback_probe"} <= set(update["state"])
    assert update["state"]["loopback_probe"] == desk.loopback_probe


def test_origins_are_parsed_once_and_remembered_within_bounds() -> None:
    _normalized_origin.cache_clear()
    assert normalize_origin("HTTP://127.1:8000/") == "http://127.0.0.1:8000"
    assert normalize_origin("HTTP://127.1:8000/") == "http://127.0.0.1:8000"
    assert _normalized_origin.cache_info().hits == 1
    for n in range(ORIGINS_REMEMBERED + 20):
        normalize_origin(f"https://app{n}.example")
    assert _normalized_origin.cache_info().currsize == ORIGINS_REMEMBERED
    for bad in ("https://a.example/path", "ftp://a.example", ["https://a.example"], None):
        with pytest.raises(ValueError):
            normalize_origin(bad)  # type: ignore[arg-type]
