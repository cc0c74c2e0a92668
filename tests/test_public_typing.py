"""The public API has real types for mypy and IDEs: no ``Any`` holes.

mypy runs on tests/typing/public_api_usage.py (a notebook user's code) with ``--strict`` plus, for
that module, every ``disallow_any_*`` option: ``disallow_any_expr`` (no expression whose type
contains ``Any``: the strictest; it is what turns an API's ``Any`` into an error in the user's code),
``disallow_any_explicit``, ``disallow_any_decorated`` and ``disallow_any_unimported``. Errors inside
the package are not reported here (``follow_imports = silent``): the project's own ``python3 -m mypy``
checks it. Then ``reveal_type`` of each public member (every SCAPI request method, listed from the
table, and the Desktop members a tutorial uses) must contain no ``Any``. ``disallow_any_expr`` does not
see an ``Any`` that comes from an untyped base class, so a misspelt ``desk.anwser`` must be an error
(Desktop's ipywidgets base is declared with types for mypy).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from scapi_widget.notebook.namespaces import snake_case
from scapi_widget.wire.spec import current

from .typing import public_api_usage

REPO = Path(__file__).resolve().parents[1]
USAGE = Path(public_api_usage.__file__).resolve()

STRICTEST = ("disallow_any_expr", "disallow_any_explicit", "disallow_any_decorated", "disallow_any_unimported")

# Public members a notebook user reaches for (beside every SCAPI request method, listed from the table).
DESKTOP_MEMBERS = (
    "Desktop",
    "App",
    "Scenario",
    "Scenario.load",
    "Scenario.from_steps",
    "Scenario.to_dict",
    "Scenario([]).steps[0].args",
    "desk.play([]).results",
    "desk.record().stop",
    "desk.scapi",
    "desk.voice",
    "desk.interaction",
    "desk.system",
    "desk.outbound",
    "desk.answer",
    "desk.hang_up",
    "desk.simulate_inbound_call",
    "desk.on",
    "desk.next_event",
    "desk.wait_for",
    "desk.play",
    "desk.record",
    "desk.allowed_services",
    "desk.call",
    "desk.app_connected",
    "desk.on_app_connected",
    "desk.request_log",
    "desk.notification_log",
    "desk.timeline",
    "desk.events_frame",
    "desk.dial",
    "desk.popup_toast",
    "desk.consult",
    "desk.add_records",
    "desk.set_user_data",
    "desk.broadcast",
    "event.data",
    # the mirrored state (traitlets)
    "desk.agent_info",
    "desk.agent_states",
    "desk.media_list",
    "desk.interactions",
    "desk.actions",
    "desk.toasts",
    "desk.apps",
    "desk.workspace",
    "desk.campaigns",
    "desk.events",
    "desk.ui_actions",
    "desk.notices",
    "desk.frame_ids",
)

# Holes outside the SCAPI namespaces, each with where it is and why it stays. A ratchet: the tests
# fail for any hole not listed here and for a listed one that is fixed (remove its entry then).
MISSPELT = "desk.anwser"
# Code mypy must refuse (a typed API says what is wrong), with the error it must report.
MISTAKES = {
    MISSPELT: '"Desktop" has no attribute "anwser"',
    'Desktop(user_data_write_alowed="*")': 'Unexpected keyword argument "user_data_write_alowed" for "Desktop"',
    'Desktop(agent="Alex")': 'Argument "agent" to "Desktop" has incompatible type "str"',
    'Desktop(app={"url": "https://crm.example.com/"})': 'Argument "app" to "Desktop" has incompatible type',
    'desk.desktop.touch("interations")': 'Argument 1 to "touch" of "AgentDesktop" has incompatible type',
}
KNOWN_HOLES: dict[str, str] = {}  # none left: keep it so (a new hole fails the tests)


def request_members() -> list[str]:
    return [f"desk.scapi.{snake_case(r.namespace)}.{snake_case(r.method)}" for r in current()]


def run_mypy(tmp_path: Path, members: list[str]) -> tuple[list[str], dict[str, str]]:
    """mypy's errors and, per member, its revealed type."""
    reveal = tmp_path / "reveal_public_members.py"
    reveal.write_text(
        "from scapi_widget import App, Desktop, Scenario\n"
        "from scapi_widget.desktop.events import DesktopEvent\n"
        f"# {uuid.uuid4()}: new text, so that mypy's cache cannot skip the notes below\n"
        "desk = Desktop()\nevent = DesktopEvent(1, 'agent', {}, 0.0)\n"
        + "".join(f"reveal_type({member})\n" for member in members)
        + "".join(f"{mistake}\n" for mistake in MISTAKES),
        encoding="utf-8",
    )
    config = tmp_path / "mypy.ini"
    config.write_text(
        textwrap.dedent(
            f"""\
            [mypy]
            python_version = 3.10
            strict = True
            follow_imports = silent
            cache_dir = {REPO / ".mypy_cache" / "public-api"}

            [mypy-tests.typing.public_api_usage]
            """
        )
        + "".join(f"{option} = True\n" for option in STRICTEST),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-error-summary", str(USAGE), str(reveal)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = done.stdout.splitlines()
    revealed: dict[str, str] = {}
    for line in lines:
        found = re.match(rf"{re.escape(str(reveal))}:(\d+): note: Revealed type is \"(.*)\"$", line)
        if found:
            revealed[members[int(found[1]) - 6]] = found[2]
    errors = [line for line in lines if ": error:" in line]
    assert done.returncode == (1 if errors else 0), done.stdout + done.stderr
    return errors, revealed


@pytest.fixture(scope="module")
def mypy_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str]]:
    return run_mypy(tmp_path_factory.mktemp("typing"), [*DESKTOP_MEMBERS, *request_members()])


def has_any(revealed: str) -> bool:
    """Whether a revealed type contains ``Any`` (an ``async def``'s ``Coroutine[Any, Any, T]`` aside)."""
    return re.search(r"\bAny\b", revealed.replace("typing.Coroutine[Any, Any, ", "typing.Coroutine[")) is not None


def test_a_users_code_passes_mypy_strict_with_no_any_anywhere(mypy_result: tuple[list[str], dict[str, str]]) -> None:
    errors, _ = mypy_result
    source = USAGE.read_text(encoding="utf-8").splitlines()
    calls = tuple(f"{member.rsplit('.', 1)[-1]}(" for member in KNOWN_HOLES)
    unexplained = []
    for error in errors:
        if any(message in error for message in MISTAKES.values()):
            continue  # test_mistakes_are_errors
        found = re.match(r"(.+?):(\d+): error: Expression type contains \"Any\"", error)
        if not (found and Path(found[1]).resolve() == USAGE and any(c in source[int(found[2]) - 1] for c in calls)):
            unexplained.append(error)
    assert unexplained == []


def test_mistakes_are_errors(mypy_result: tuple[list[str], dict[str, str]]) -> None:
    errors, _ = mypy_result
    for mistake, message in MISTAKES.items():
        reported = [e for e in errors if message in e]
        assert len(reported) == 1 and "reveal_public_members.py" in reported[0], (mistake, errors)


def test_no_public_member_is_or_contains_any(mypy_result: tuple[list[str], dict[str, str]]) -> None:
    _, revealed = mypy_result
    assert set(revealed) == {*DESKTOP_MEMBERS, *request_members()}
    holes = {member: kind for member, kind in revealed.items() if has_any(kind)}
    assert holes.keys() == KNOWN_HOLES.keys(), holes
    assert not any(member.startswith("desk.scapi.") for member in holes)


def test_the_namespace_methods_have_the_tables_types(mypy_result: tuple[list[str], dict[str, str]]) -> None:
    _, revealed = mypy_result
    assert revealed["desk.voice"] == "scapi_widget.notebook.scapi_api.VoiceRequests"
    assert revealed["desk.scapi.voice.dial"] == (
        "def (destination: str, user_data: dict[str, str | int | float | bool | list[...] | dict[str, ...] | None]"
        " | None =)"
    )
    assert revealed["desk.scapi.agent.get"] == (
        "def () -> dict[str, str | int | float | bool | list[...] | dict[str, ...] | None]"
    )
    assert revealed["desk.scapi.system.popup_toast"].endswith("-> str")
    assert revealed["desk.scapi.interaction.get_by_interaction_id"].endswith(
        "-> scapi_widget.notebook.namespaces.InteractionInfo | None"
    )


def test_the_users_code_runs_as_typed() -> None:
    assert public_api_usage.use_the_desktop() == [
        *("interaction:ADDED", "interaction:RINGING", "interaction:ESTABLISHED"),  # simulate_inbound_call, answer
        *("interaction:HELD", "interaction:ESTABLISHED", "interaction:ATTACHED_DATA_CHANGED"),  # hold, resume, set
        *("interaction:ADDED", "interaction:DIALING", "interaction:ATTACHED_DATA_CHANGED"),  # voice.dial
        "refused:UnknownInteractionError",
        *("agent:Alex", "state:TALKING", "interactions:1", "closed:True", "allowed:True", "states:True"),
        *("muted:False", "visible:True"),
    ]
