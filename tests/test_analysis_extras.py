"""events_frame() and timeline() without pandas or matplotlib: an error naming the extra to install."""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

from scapi_widget.desktop.events import DesktopEvent
from scapi_widget.notebook import analysis

from .conftest import Recorder, new_desk

INSTALL = 'pip install "scapi-widget[lab]"'


def block(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``import module`` fail as if it were not installed."""
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)


def some_events() -> list[DesktopEvent]:
    desk = new_desk()
    recorder = Recorder()
    desk.add_event_listener(recorder)
    desk.answer(desk.simulate_inbound_call("5550100"))
    return recorder.events


def test_the_lab_extra_holds_pandas_and_matplotlib() -> None:
    requires = importlib.metadata.requires("scapi-widget") or []
    in_extra = {
        re.split(r"[<>=;\s\[]", r, maxsplit=1)[0]
        for r in requires
        if re.search(rf"extra == [\"']{analysis.EXTRA}[\"']", r)
    }
    assert {"pandas", "matplotlib"} <= in_extra


def test_events_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    block(monkeypatch, "pandas")
    with pytest.raises(ModuleNotFoundError) as caught:
        analysis.events_frame(some_events())
    assert str(caught.value) == f"events_frame() needs pandas, which is not installed: {INSTALL}"
    assert caught.value.name == "pandas"


def test_timeline_without_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    block(monkeypatch, "matplotlib", "matplotlib.pyplot")
    with pytest.raises(
        ModuleNotFoundError, match=re.escape(f"timeline() needs matplotlib, which is not installed: {INSTALL}")
    ):
        analysis.timeline(some_events())


def test_a_module_missing_inside_an_installed_one_is_not_blamed_on_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "half_installed").mkdir()
    (tmp_path / "half_installed" / "__init__.py").write_text("import its_missing_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as caught:
        analysis._import("half_installed", "events_frame()")
    assert caught.value.name == "its_missing_dependency"
    assert INSTALL not in str(caught.value)


def test_with_the_extra_installed_both_work() -> None:
    events = some_events()
    frame = analysis.events_frame(events)
    assert list(frame.columns) == analysis.COLUMNS and len(frame) == len(events)
    assert analysis.timeline(events).get_title() == "Desktop timeline"
