"""The desktop model, service, protocol and bridge work with Jupyter absent."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

BLOCKED = ["anywidget", "ipywidgets", "traitlets", "IPython", "ipykernel", "comm", "jupyter_client"]

SCRIPT = textwrap.dedent(
    f"""
    import sys
    BLOCKED = {BLOCKED!r}

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{{name}} is blocked for this test")
            return None

    sys.meta_path.insert(0, Block())
    import scapi_widget.desktop, scapi_widget.service, scapi_widget.service.bridge, scapi_widget.wire.protocol
    from scapi_widget.desktop import AgentDesktop, IdSource, ManualClock
    desk = AgentDesktop(clock=ManualClock(), ids=IdSource(1))
    call_id = desk.simulate_inbound_call()
    from scapi_widget.service import notebook_call
    assert notebook_call(desk, "interaction.getByInteractionId", call_id)["state"] == "RINGING"
    from scapi_widget.service.bridge import AppBridge
    posts = []
    desk.set_accepted_origins("http://app.test")
    bridge = AppBridge(desk, posts.append)
    frame = desk.frames.add("http://app.test/a.html", "http://app.test")
    bridge.frame_loaded(frame.frame_id)
    message = {{"request": "voice.answer", "parameters": [call_id], "referenceId": "1", "userAgent": "WWE Client"}}
    bridge.receive(frame.frame_id, "http://app.test", message)
    assert posts[-1].message == {{"referenceId": "1", "userAgent": "WWE Server", "protocolVersion": 2}}, posts
    assert desk.interactions[call_id].state == "TALKING"
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    assert not loaded, loaded
    print("isolated ok")
    """
)


def test_desktop_imports_without_jupyter() -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "isolated ok"


def test_the_block_really_blocks() -> None:
    script = SCRIPT.replace("import scapi_widget.desktop,", "import anywidget, scapi_widget.desktop,")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "anywidget is blocked" in result.stderr


def test_the_desktop_model_imports_neither_the_service_layer_nor_jupyter() -> None:
    """The model is the bottom layer: ``import scapi_widget.desktop`` (and working it with its verbs)
    loads no service, no handlers, no Jupyter (checked in a fresh interpreter, as anyone can run it).
    Requests run through the service, which takes the desktop: ``notebook_call(desktop, name, ...)``."""
    layers = ("scapi_widget.service", "ipywidgets", "anywidget", "traitlets", "IPython")
    script = (
        "import scapi_widget.desktop, sys\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith({layers!r}))\n"
        "assert not loaded, loaded\n"
        "desk = scapi_widget.desktop.AgentDesktop()\n"
        "desk.answer(desk.simulate_inbound_call())\n"
        "assert not hasattr(desk, 'call'), 'the model runs no requests: the service runs them on it'\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith({layers!r}))\n"
        "assert not loaded, loaded\n"
        "print('model alone ok')\n"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "model alone ok"
