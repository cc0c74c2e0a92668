"""Under Voilà (a kernel Voilà started), ``await desk.app_connected()`` fails at once naming the fix,
and shows it as an output (Voilà strips tracebacks from its page). In real Voilà:
tests/browser/test_voila_notebooks.py."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from scapi_widget import Desktop
from scapi_widget.notebook import dashboards
from scapi_widget.notebook.dashboards import VOILA_KERNEL_ENV, DashboardError
from scapi_widget.notebook.scenario import ScenarioRun

from .test_notebook_api import run

VOILA_ENV = {"VOILA_BASE_URL": "/", "VOILA_SERVER_URL": "/", "VOILA_APP_PORT": "8866"}


def test_a_kernel_is_under_voila_when_voila_started_it() -> None:
    assert set(VOILA_ENV) == set(VOILA_KERNEL_ENV)
    assert dashboards.under_voila(VOILA_ENV)
    assert not dashboards.under_voila({})
    assert not dashboards.under_voila({**VOILA_ENV, "VOILA_APP_PORT": ""})  # all three, each set
    assert not dashboards.under_voila({"JPY_SESSION_NAME": "x.ipynb", "VOILA_BASE_URL": "/"})


def test_awaiting_the_app_under_voila_fails_at_once_showing_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in VOILA_ENV.items():
        monkeypatch.setenv(name, value)
    shown: list[object] = []
    monkeypatch.setattr(dashboards, "_show", shown.append)
    desk = Desktop()
    with pytest.raises(DashboardError) as caught:
        run(desk.app_connected(timeout=30))  # at once: no 30 s wait
    message = str(caught.value)
    assert 'desk.play(scenario, start="app-connected")' in message and "Voilà" in message
    assert "desk.on_app_connected" in message
    assert shown == [message]


def test_the_shown_message_is_an_output_with_text_and_html(monkeypatch: pytest.MonkeyPatch) -> None:
    outputs: list[tuple[object, dict[str, object]]] = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: outputs.append((obj, kw)))
    dashboards._show("use <b>`start=1`</b>")
    ((bundle, options),) = outputs
    assert options == {"raw": True}
    assert isinstance(bundle, dict) and bundle["text/plain"] == "use <b>`start=1`</b>"
    html = str(bundle["text/html"])
    assert "use &lt;b&gt;<code>start=1</code>&lt;/b&gt;" in html and 'role="alert"' in html


def test_outside_voila_awaiting_waits_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VOILA_KERNEL_ENV:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(TimeoutError):
        run(Desktop().app_connected(timeout=0.05))


def short_run() -> tuple[Desktop, ScenarioRun]:
    desk = Desktop()
    return desk, desk.play([{"do": "simulate_inbound_call", "args": ["5550100"]}])


def test_when_finished_checks_in_the_cell_once_the_story_ended(capsys: pytest.CaptureFixture[str]) -> None:
    desk, story = short_run()
    run(dashboards.when_finished(story, lambda: f"OK: {len(desk.interactions)} call", environ={}))
    assert capsys.readouterr().out == "OK: 1 call\n" and story.state == "finished"

    def failing() -> str:
        raise AssertionError("the app saw nothing")

    with pytest.raises(AssertionError, match="the app saw nothing"):
        run(dashboards.when_finished(short_run()[1], failing, environ={}))


@pytest.mark.parametrize("passes", [True, False])
def test_under_voila_when_finished_returns_at_once_and_shows_the_outcome_later(
    monkeypatch: pytest.MonkeyPatch, passes: bool
) -> None:
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    desk = Desktop()
    story = desk.play([{"do": "simulate_inbound_call", "args": ["5550100"]}], start="app-connected")

    def check() -> str:
        assert passes, "the app saw nothing"
        return "OK: checked"

    run(dashboards.when_finished(story, check, environ=VOILA_ENV))
    (line,) = shown
    assert 'data-state="pending"' in line.value and dashboards.CHECK_PENDING in line.value
    changed = threading.Event()
    line.observe(lambda _change: changed.set(), "value")
    story.stop()  # the app never connects here: the run ends without playing, then the check runs
    assert changed.wait(5)
    if passes:
        assert 'data-state="passed"' in line.value and "OK: checked" in line.value
    else:
        assert 'data-state="failed"' in line.value and "AssertionError: the app saw nothing" in line.value


def test_awaiting_a_run_that_waits_for_the_page_under_voila_fails_at_once_naming_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in VOILA_ENV.items():
        monkeypatch.setenv(name, value)
    shown: list[object] = []
    monkeypatch.setattr(dashboards, "_show", shown.append)
    desk = Desktop()  # no view: its app never connects while cells run
    story = desk.play([{"do": "simulate_inbound_call", "args": ["5550100"]}], start="app-connected")
    run(story.until(lambda r: r.state == "waiting"))
    with pytest.raises(DashboardError) as caught:
        run(story.finished())
    message = str(caught.value)
    assert "the apps to connect" in message and "await when_finished(run, check)" in message
    assert shown == [message]
    assert story.state == "waiting" and not desk.interactions  # nothing changed
    story.stop()
    assert story.join(5)


def test_awaiting_a_run_outside_voila_returns_once_it_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VOILA_KERNEL_ENV:
        monkeypatch.delenv(name, raising=False)
    desk = Desktop()
    story = desk.play([{"do": "simulate_inbound_call", "args": ["5550100"]}], start="app-connected")
    run(story.until(lambda r: r.state == "waiting"))
    threading.Timer(0.01, story.stop).start()  # another thread ends it while the await waits
    assert run(story.finished()) is story and story.state == "stopped"
