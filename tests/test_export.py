"""Exporting a scenario as a pytest test (issue 21 item 7): the tutorial's recorded session
(notebooks/08-scripted-demo.ipynb) exported against an app that answers its calls passes with pytest
(run in a subprocess, the plugin as users get it), and fails when the app stops answering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scapi_widget.notebook.scenario import Scenario
from scapi_widget.testing.export import export_pytest
from scapi_widget.testing.scenario_check import app_steps, expected_of

pytest_plugins = ["pytester"]

TUTORIAL = Path(__file__).parents[1] / "notebooks" / "08-scripted-demo.ipynb"
ANSWERING_APP = """<!doctype html>
<span id="status">idle</span>
<script src="scapi-client.js"></script>
<script>
  const service = window.genesys.wwe.service;
  service.subscribe(["interaction"], (message) => {
    const call = message.data.interaction;
    document.getElementById("status").textContent = call.state;
    if (message.data.eventType === "RINGING") service.voice.answer(call.interactionId);  // ANSWERS
  });
</script>
"""
SILENT_APP = ANSWERING_APP.replace("service.voice.answer(call.interactionId);  // ANSWERS", "{}  // no longer answers")


def tutorial_recording() -> Scenario:
    """The session notebook 08 records, by running its recording cell."""
    cells = ["".join(c["source"]) for c in json.loads(TUTORIAL.read_text())["cells"] if c["cell_type"] == "code"]
    (cell,) = [c for c in cells if "recorder.stop(" in c]
    scope: dict[str, object] = {}
    exec("from scapi_widget import Desktop\n" + cell, scope)  # the tutorial's own code
    recorded = scope["recorded"]
    assert isinstance(recorded, Scenario)
    return recorded


def test_the_dry_run_names_what_the_app_does_and_is_sent() -> None:
    recorded = tutorial_recording()
    assert [recorded.steps[i].action for i in app_steps(recorded, ["voice.answer"])] == ["voice.answer"]
    expected = expected_of(recorded, ["voice.answer"])
    assert expected["app_requests"] == [["voice.answer", ["1"]]]
    assert [e[1] for e in expected["app_events"]] == [  # type: ignore[index,union-attr]
        "ADDED",
        "RINGING",
        "ESTABLISHED",
        "ATTACHED_DATA_CHANGED",
        "RELEASED",
    ]


def test_bad_exports_are_refused_and_write_nothing(tmp_path: Path) -> None:
    recorded = tutorial_recording()
    with pytest.raises(ValueError, match="never makes"):
        export_pytest(recorded, tmp_path / "test_a.py", app="https://crm.example/", by_app=["voice.dial"])
    with pytest.raises(ValueError, match="test_"):
        export_pytest(recorded, tmp_path / "roaming.py", app="https://crm.example/")
    with pytest.raises(ValueError, match="frameId"):
        export_pytest(recorded, tmp_path / "test_a.py", app="https://crm.example/", frame=0)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.browser
def test_the_exported_tutorial_session_passes_and_fails_when_the_app_stops_answering(
    pytester: pytest.Pytester,
) -> None:
    recorded = tutorial_recording()
    pytester.makefile(".html", answering_app=ANSWERING_APP, silent_app=SILENT_APP)
    good = export_pytest(
        recorded, pytester.path / "test_roaming.py", app=pytester.path / "answering_app.html", by_app=["voice.answer"]
    )
    bad = export_pytest(
        recorded,
        pytester.path / "test_roaming_silent.py",
        app=pytester.path / "silent_app.html",
        by_app=["voice.answer"],
    )
    assert "Path(__file__).parent.joinpath('answering_app.html')" in good.read_text()
    passed = pytester.runpytest_subprocess(str(good), "-p", "no:cacheprovider")
    passed.assert_outcomes(passed=1)
    failed = pytester.runpytest_subprocess(str(bad), "-p", "no:cacheprovider")
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(["*waiting for step 1: the app to make voice.answer('1')*made: nothing*"])


WRITTEN = [
    {"say": "A customer calls", "do": "simulate_inbound_call", "args": ["5550100"]},
    {"say": "The app answers", "wait": {"request": "voice.answer", "params": ["1"], "frame": 1, "timeout": 30}},
    {"wait": {"event": "ESTABLISHED"}, "do": "set_user_data", "args": ["1", {"Disposition": "Billing"}]},
    {"say": "Questions?", "wait": "click"},
]


def test_a_written_scenarios_waits_for_the_app_are_what_the_app_does() -> None:
    expected = expected_of(Scenario.from_steps(WRITTEN))
    assert expected["app_requests"] == [["voice.answer", ["1"]]]
    assert [e[1] for e in expected["events"]] == ["ADDED", "RINGING", "ESTABLISHED", "ATTACHED_DATA_CHANGED"]  # type: ignore[index,union-attr]
    vague = [{"do": "simulate_inbound_call", "args": ["5550100"]}, {"wait": {"request": "voice.answer"}}]
    with pytest.raises(ValueError, match="give its params"):
        expected_of(Scenario.from_steps(vague))


@pytest.mark.browser
def test_an_exported_written_demo_passes_against_the_app_and_fails_without_its_answer(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".html", answering_app=ANSWERING_APP, silent_app=SILENT_APP)
    written = Scenario.from_steps(WRITTEN, name="written demo")
    export_pytest(written, pytester.path / "test_written.py", app=pytester.path / "answering_app.html")
    export_pytest(written, pytester.path / "test_written_silent.py", app=pytester.path / "silent_app.html")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*waiting for step 1: the app to make voice.answer('1')*", "FAILED test_written_silent.py*"]
    )


def test_buttons_name_requests_the_app_makes() -> None:
    recorded = tutorial_recording()
    with pytest.raises(ValueError, match="does not make"):
        export_pytest(
            recorded, Path("/nonexistent/test_a.py"), app="https://crm.example/", buttons={"voice.dial": "Dial"}
        )
    with pytest.raises(ValueError, match="names of the app's buttons"):
        export_pytest(
            recorded, Path("/nonexistent/test_a.py"), app="https://crm.example/", buttons={"voice.answer": ""}
        )
