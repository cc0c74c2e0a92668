"""The front-end smoke scenario, shared by the notebook (JupyterLab, Notebook 7, Voilà) and the
marimo app: a ``Desktop`` with the demo app, and a probe widget that shows what Python saw.

Everything reacts in callbacks, so it works where cells run before the page exists (Voilà):
when the demo app has subscribed to interaction events, Python rings an inbound call; when the
call becomes ESTABLISHED (the app's Answer button), Python writes that into the probe.
"""

from __future__ import annotations

import anywidget
import traitlets

from scapi_widget import Desktop
from scapi_widget.desktop.events import DesktopEvent

CALLER = "5550142"

PROBE_ESM = """
export default {
  render({ model, el }) {
    const out = document.createElement("output");
    out.dataset.testid = "python-probe";
    const show = () => { out.textContent = model.get("text"); };
    model.on("change:text", show);
    show();
    el.appendChild(out);
  },
};
"""


class Probe(anywidget.AnyWidget):
    """One line of text that only Python writes."""

    _esm = PROBE_ESM
    text = traitlets.Unicode("python: waiting for the app to subscribe").tag(sync=True)


def build() -> tuple[Desktop, Probe]:
    desk = Desktop(height="560px")
    probe = Probe()
    rung: list[str] = []

    def ring_once_subscribed(parts: frozenset[str]) -> None:
        frames = desk.desktop.frames
        if rung or "frames" not in parts or not frames.subscribers("interaction"):
            return
        rung.append(desk.simulate_inbound_call(CALLER))
        probe.text = f"python: the app subscribed; call {rung[0]} is ringing"

    def established(event: DesktopEvent) -> None:
        call_id = event.data["interaction"]["interactionId"]
        probe.text = f"python saw call {call_id} ESTABLISHED"

    desk.desktop.add_change_listener(ring_once_subscribed)
    desk.on("ESTABLISHED", established)
    return desk, probe
