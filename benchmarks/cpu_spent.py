"""CPU time a take spent, read before and after it: a page's renderer main thread's, from Chromium's
page metrics (``Performance.getMetrics``), and the whole machine's (every process, :func:`machine_busy`).
Steadier than a take's rate on a busy machine (time spent waiting for a turn on the CPU does not
count), and, for the machine, what a take needs of all its cores."""

from __future__ import annotations

import psutil
from playwright.sync_api import Page


def machine_busy() -> float:
    """Seconds of CPU time every process on the machine has used since boot (its cores' busy time; not
    the time the hypervisor gave others)."""
    times = psutil.cpu_times()
    return float(sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq")))


METRICS = {
    "cpu": ("ThreadTime",),
    "scripts": ("ScriptDuration",),
    "style and layout": ("RecalcStyleDuration", "LayoutDuration"),
}
"""What :class:`MainThread` reads of Chromium's page metrics (seconds, cumulative): the renderer main
thread's CPU time, and the parts of its tasks spent in scripts and in style and layout."""


class MainThread:
    """The renderer main thread's CPU time and its parts, read before and after a take. Frames of the
    page's own site run on the same thread, so what they do counts too."""

    def __init__(self, page: Page) -> None:
        self._cdp = page.context.new_cdp_session(page)
        self._cdp.send("Performance.enable")

    def read(self) -> dict[str, float]:
        metrics = {m["name"]: m["value"] for m in self._cdp.send("Performance.getMetrics")["metrics"]}
        return {what: sum(metrics[name] for name in names) for what, names in METRICS.items()}

    def spent(self, before: dict[str, float], n: int) -> dict[str, float]:
        """µs per event (of ``n``) of each measure since ``before``, and ``rest``: the CPU time in neither part."""
        after = self.read()
        per_event = {what: (after[what] - before[what]) * 1e6 / n for what in METRICS}
        per_event["rest"] = per_event["cpu"] - per_event["scripts"] - per_event["style and layout"]
        return per_event
