"""Export a scenario (recorded or written) as a pytest test file: the demo a team shows is what its CI checks.

::

    from scapi_widget.testing.export import export_pytest
    export_pytest(recorded, "tests/test_roaming_question.py", app=Path("my_app.html"), by_app=["voice.answer"])

The file uses the package's pytest plugin (the ``scapi_desktop`` fixture: your page in headless
Chromium) and :func:`~scapi_widget.testing.scenario_check.check_replay`: it replays the desktop's
and the notebook's steps, waits for the app to make the requests it made when the scenario was
recorded (those of a hosted frame, and the notebook requests named in ``by_app``), and asserts the
requests the app made and the events it was sent. The expectations are written into the file (from
a dry run of the scenario), so it runs with nothing but ``pytest`` and the package.
"""

from __future__ import annotations

import os
import pprint
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from scapi_widget.notebook.scenario import Scenario

from .scenario_check import expected_of

TEMPLATE = '''"""{title}: exported from a scenario by scapi-widget (scapi_widget.testing.export).

Replays the scenario against the app in a simulated desktop (headless Chromium, the scapi_desktop
fixture of scapi-widget's pytest plugin) and checks the requests the app made and the events it was
sent. Run: pytest {file_name}
"""

from pathlib import Path

from scapi_widget.testing.scenario_check import check_replay

APP = {app}
SCENARIO = {scenario}
BY_APP = {by_app}  # requests the app makes itself (the recording's notebook stood in for it)
BUTTONS = {buttons}  # request -> the app's button that makes it
EXPECTED = {expected}


def drive(session, step):
    """Make the app do what it did when the scenario was recorded, if it does not on its own:
    click the button that makes the request the step waits for (add other actions here)."""
    request = step.until.request if step.until is not None and step.until.request else step.action
    if request in BUTTONS:
        session.app.get_by_role("button", name=BUTTONS[request]).click()


def test_{test_name}(scapi_desktop):
    session = scapi_desktop(app=APP)
    check_replay(session, SCENARIO, EXPECTED, by_app=BY_APP, frame={frame}, drive=drive)
'''


def export_pytest(
    scenario: Scenario | str | Path,
    path: str | Path,
    *,
    app: str | Path,
    by_app: Iterable[str] = (),
    buttons: Mapping[str, str] | None = None,
    families: Sequence[str] = ("interaction",),
    frame: int = 1,
) -> Path:
    """Write ``path``, a pytest file replaying ``scenario`` against ``app`` (a page: a Path, written
    relative to the test file when it can be; or a URL) and checking what the app asked and was sent.

    ``by_app``: notebook requests of the scenario that the app under test makes itself (a session
    recorded without the app, its notebook acting as the app would). ``buttons``: for a request the
    app makes when one of its buttons is clicked, that button's name (the test clicks it, by role
    and name, before waiting for the request). ``families``: the event
    families the app subscribes to (it is checked it was sent exactly those events). ``frame``: the
    app's frameId. Returns the path written."""
    scenario = Scenario.of(scenario)
    by_app = list(by_app)
    if isinstance(frame, bool) or not isinstance(frame, int) or frame < 1:
        raise ValueError(f"frame must be a frameId (an integer ≥ 1), got {frame!r}")
    if not isinstance(app, (str, Path)):
        raise TypeError(f"app must be a Path to the page or a URL, got {type(app).__name__}")
    buttons = dict(buttons or {})
    if not all(isinstance(k, str) and isinstance(v, str) and v for k, v in buttons.items()):
        raise ValueError("buttons maps request names to the names of the app's buttons (strings)")
    expected = expected_of(scenario, by_app, families)
    unasked = set(buttons) - {str(r[0]) for r in expected["app_requests"]}  # type: ignore[index,union-attr]
    if unasked:
        raise ValueError(f"buttons names requests the app does not make in this scenario: {sorted(unasked)}")
    path = Path(path)
    if not path.name.startswith("test_") or path.suffix != ".py":
        raise ValueError(f"{path.name}: pytest collects files named test_*.py")
    text = TEMPLATE.format(
        title=scenario.name.replace('"', "'"),
        file_name=path.name,
        app=_app_source(app, path),
        scenario=_literal({"name": scenario.name, "steps": [s.to_dict() for s in scenario.steps]}),
        by_app=_literal(by_app),
        buttons=_literal(buttons),
        expected=_literal(expected),
        test_name=re.sub(r"\W+", "_", scenario.name.lower()).strip("_") or "scenario",
        frame=frame,
    )
    path.write_text(text)
    return path


def _app_source(app: str | Path, test_file: Path) -> str:
    if isinstance(app, str):
        return repr(app)
    page = app.resolve()
    folder = test_file.resolve().parent
    try:
        relative = os.path.relpath(page, folder)
    except ValueError:  # another drive (Windows)
        return f"Path({str(page)!r})"
    parts = ", ".join(repr(p) for p in Path(relative).parts)
    return f"Path(__file__).parent.joinpath({parts})"


def _literal(value: object) -> str:
    """``value`` (plain data) as Python source."""
    return pprint.pformat(value, width=110, sort_dicts=False)
