"""benchmarks/page_busy.py: a Chromium trace's renderer main-thread time, split by what it did."""

from __future__ import annotations

from typing import Any

import pytest

from .benchmark_modules import benchmark_module

page_busy = benchmark_module("page_busy")

MAIN, OTHER = (1, 10), (1, 20)


def thread(where: tuple[int, int], name: str) -> dict[str, Any]:
    return {"name": "thread_name", "ph": "M", "pid": where[0], "tid": where[1], "args": {"name": name}}


def span(name: str, ts: float, dur: float, where: tuple[int, int] = MAIN) -> dict[str, Any]:
    return {"name": name, "ph": "X", "pid": where[0], "tid": where[1], "ts": ts, "dur": dur}


def test_a_moment_belongs_to_the_outermost_event_that_says_a_part_but_posting_and_gc_are_their_own() -> None:
    spent = page_busy.busy(
        [
            thread(MAIN, "CrRendererMain"),
            span("RunTask", 0, 1000),
            span("HandlePostMessage", 100, 300),  # the frame's listener inside it is receiving too
            span("FunctionCall", 150, 200),
            span("MinorGC", 160, 50),  # ... but its garbage collection is garbage collection
            span("v8.callFunction", 500, 400),  # a script, and the post it makes is posting
            span("DOMWindow::DoPostMessage", 600, 100),
            span("SerializedScriptValueFactory::create", 610, 80),  # inside the post: posting
            span("RunTask", 2000, 500),
            span("LocalFrameView::UpdateStyleAndLayout", 2000, 200),
        ]
    )
    assert spent.total == pytest.approx(1.5)
    assert spent.parts == pytest.approx(
        {"posting": 0.1, "receiving": 0.25, "scripts": 0.3, "drawing": 0.2, "gc": 0.05, "rest": 0.6}
    )
    assert sum(spent.parts.values()) == pytest.approx(spent.total)


def test_only_renderer_main_threads_count_and_each_of_them_does() -> None:
    second = (2, 10)
    spent = page_busy.busy(
        [
            thread(MAIN, "CrRendererMain"),
            thread(second, "CrRendererMain"),
            thread(OTHER, "Compositor"),
            span("RunTask", 0, 100),
            span("RunTask", 0, 300, second),
            span("HandlePostMessage", 0, 300, second),
            span("RunTask", 0, 5000, OTHER),
            {"name": "RunTask", "ph": "B", "pid": 1, "tid": 10, "ts": 500},  # not a complete event
        ]
    )
    assert spent.total == pytest.approx(0.4)
    assert spent.parts["receiving"] == pytest.approx(0.3) and spent.parts["rest"] == pytest.approx(0.1)


def test_an_inner_event_is_cut_at_its_task_s_end() -> None:
    # a child that ends past its parent (the trace's rounding) takes no more than the parent had
    spent = page_busy.busy([thread(MAIN, "CrRendererMain"), span("RunTask", 0, 100), span("v8.run", 50, 80)])
    assert spent.total == pytest.approx(0.1)
    assert spent.parts["scripts"] == pytest.approx(0.05) and spent.parts["rest"] == pytest.approx(0.05)
