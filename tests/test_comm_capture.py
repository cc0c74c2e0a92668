"""A widget's messages are captured whatever comm the process gives widgets outside a kernel.

Once ipykernel is imported, ipywidgets makes widgets an ipykernel comm with no kernel and drops
what they send without a word: a test (or the light harness) that patched ``comm.send`` then saw
nothing, depending on which test ran first."""

from __future__ import annotations

from typing import Any

import comm
import ipykernel.ipkernel  # noqa: F401  (installs ipykernel's comms, as a test that runs a kernel does)

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource
from scapi_widget.testing.comm_capture import capture_comm


def test_messages_reach_the_sink_when_widgets_get_ipykernel_comms() -> None:
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(1)))
    patched: list[Any] = []
    desk.comm.send = lambda data=None, metadata=None, buffers=None: patched.append(data)
    desk.send({"probe": 1})
    assert "ipykernel" in type(comm.create_comm()).__module__
    assert patched == []  # the trap: ipywidgets sends nothing through a comm without a kernel

    model_id = desk.model_id
    got: list[Any] = []
    capture_comm(desk, got.append)
    desk.send({"probe": 2})
    assert got == [{"method": "custom", "content": {"probe": 2}}]
    assert desk.model_id == model_id  # the same model for the front end
