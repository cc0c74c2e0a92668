"""benchmarks/startup.py reads the kernel's two clocks as a pair: a thread switch between the two
readings (a busy kernel's other threads) would part the marks from the figure by milliseconds."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from .benchmark_modules import benchmark_module


def both_clocks(perf: list[float], epoch: list[float]) -> Any:
    """The cell's ``_both_clocks``, run against clocks that give these readings in turn."""
    startup = benchmark_module("startup")
    fake_time = SimpleNamespace(perf_counter=lambda: perf.pop(0), time=lambda: epoch.pop(0))
    namespace: dict[str, Any] = {"time": fake_time}
    exec(startup.BOTH_CLOCKS, namespace)
    return namespace["_both_clocks"]()


def test_a_pair_parted_by_a_thread_switch_is_read_again() -> None:
    # first pair: 7 ms passed between the two perf_counter readings around time.time(); second: 0.05 ms
    perf = [10.0, 10.007, 20.0, 20.00005]
    epoch = [1_000.0, 2_000.0]
    assert both_clocks(perf, epoch) == (2_000_000.0, 20.0) and perf == [] and epoch == []


def test_a_tight_pair_is_taken_at_once() -> None:
    assert both_clocks([5.0, 5.0001], [3.0]) == (3_000.0, 5.0)
