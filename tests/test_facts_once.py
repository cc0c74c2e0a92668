"""Each fact is declared once, in Python; every other place derives it, and the front end gets it
from what Python publishes. A second copy of one of these facts, in the package or in the widget's
front end (``js/*.js``), fails here. (The verbs: tests/test_verb_declarations.py.)"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from scapi_widget.wire.spec import KINDS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scapi_widget"
FRONT_END = sorted((ROOT / "js").glob("*.js"))
"""The widget's front end (the demo app and the client library are apps: they know only the wire)."""


def python_strings(path: Path) -> list[str]:
    """Every string literal of a module (docstrings excepted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def python_modules_holding(values: Iterable[str]) -> dict[str, list[str]]:
    """The package's modules (generated ones excepted) that hold any of ``values`` as a string literal."""
    wanted = set(values)
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "static" in path.parts:
            continue
        hits = sorted(wanted & set(python_strings(path)))
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    return found


def front_end_holding(pattern: str) -> dict[str, int]:
    """The front end's files where ``pattern`` (a regular expression) occurs, with how often."""
    found = {path.name: len(re.findall(pattern, path.read_text(encoding="utf-8"))) for path in FRONT_END}
    return {name: count for name, count in found.items() if count}


def test_the_scanners_see_literals_and_front_end_text(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('"""doc: string|array"""\nX = "string|array"\ndef f():\n    """also a doc"""\n    return "y"\n')
    assert python_strings(probe) == ["string|array", "y"]
    assert front_end_holding(r"\bmodel\.get\(") and not front_end_holding(r"no such text at all")


# ---------------------------------------------------------------------------- the table's parameter types


def test_parameter_types_are_declared_once_in_the_request_table_module() -> None:
    """The composite types (a plain word like "string" or "a string" is everywhere): their names, their
    words in error messages and their Python annotations are written in ``scapi_widget/wire/spec`` only."""
    composite = [k for k in KINDS.values() if "|" in k.name]
    facts = {fact for k in composite for fact in (k.name, k.text, k.annotation)}
    assert len(composite) == 2 and len(facts) == 6
    assert python_modules_holding(facts) == {"scapi_widget/wire/spec/__init__.py": sorted(facts)}
    for k in composite:
        assert not front_end_holding(re.escape(k.name)), k.name


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_parameter_type_checks_what_its_words_say(kind: str) -> None:
    accepts = KINDS[kind].accepts
    samples = {"string": "x", "number": 1.5, "boolean": True, "object": {}, "array": ["x"], "mixed": ["x", 1]}
    accepted = {name for name, value in samples.items() if accepts(value)}
    assert accepted == {
        "string": {"string"},
        "number": {"number"},
        "boolean": {"boolean"},
        "object": {"object"},
        "object|string": {"object", "string"},
        "string|array": {"string", "array"},
        "any": set(samples),
    }[kind]
    assert not accepts(None) or kind == "any"


# ---------------------------------------------------------------------------- the SCAPI namespaces of the widget


def test_the_widgets_namespace_properties_are_generated_from_the_table() -> None:
    """``desk.voice`` and the others come from the generated module (one per namespace of the table),
    none is written in the widget's own class."""
    from scapi_widget import Desktop
    from scapi_widget.notebook.namespaces import NAMESPACES, snake_case
    from scapi_widget.notebook.scapi_api import ScapiNamespaces

    names = {snake_case(ns) for ns in NAMESPACES}
    assert len(names) == 11
    assert not names & set(vars(Desktop)), "a namespace property written by hand in widget.py"
    for name in names:
        assert isinstance(vars(ScapiNamespaces)[name], property), name
        assert getattr(Desktop, name) is vars(ScapiNamespaces)[name], name


# ---------------------------------------------------------------------------- the parts of the desktop's state


def test_state_parts_are_declared_once_and_a_misspelt_one_fails_at_once() -> None:
    """``touch`` takes only the declared parts (mypy refuses another: tests/test_public_typing.py),
    and the widget's "everything" is that declaration, not a list of its own."""
    from scapi_widget.desktop import AgentDesktop
    from scapi_widget.desktop.plumbing import STATE_PARTS
    from scapi_widget.sync.mirror import EVERY_PART

    assert EVERY_PART is STATE_PARTS
    desk = AgentDesktop()
    heard: list[frozenset[str]] = []
    desk.add_change_listener(heard.append)
    with pytest.raises(ValueError, match=r"no state part 'interations'; the parts are: agent, configuration, "):
        with desk.transaction():
            desk.touch("interations")  # type: ignore[arg-type]
    with desk.transaction():
        desk.touch("interactions")
    assert heard == [frozenset({"interactions"})]  # the misspelt mark changed nothing
    assert "auth" not in STATE_PARTS  # nobody reads a token's change: no part for it


# ---------------------------------------------------------------------------- frames: sandbox and the opaque rule


def test_the_sandbox_flags_are_declared_once_and_the_views_get_each_frames_attribute() -> None:
    """The flags every frame gets are written in ``desktop/frames.py`` only: the views set the
    ``sandbox`` Python publishes with each app, the Jupyter server's pages get the same as their CSP."""
    from scapi_widget.desktop.frames import SANDBOX_FLAGS, Frame
    from scapi_widget.serving.jupyter_server_extension import SANDBOX

    assert python_modules_holding(SANDBOX_FLAGS) == {"scapi_widget/desktop/frames.py": sorted(SANDBOX_FLAGS)}
    for flag in SANDBOX_FLAGS:
        assert not front_end_holding(rf"(?<![\w-]){re.escape(flag)}(?![\w-])"), flag
    assert front_end_holding(r"\bapp\.sandbox\b")  # what the views set
    assert SANDBOX == "sandbox " + " ".join(SANDBOX_FLAGS)
    opaque = Frame(1, "http://a.test/x.html", "http://a.test", opaque=True)
    other = Frame(2, "http://b.test/x.html", "http://b.test")
    assert opaque.to_json()["sandbox"] == " ".join(SANDBOX_FLAGS)  # never allow-same-origin
    assert other.to_json()["sandbox"] == " ".join([*SANDBOX_FLAGS, "allow-same-origin"])


def test_the_opaque_frame_rule_is_pythons_and_the_views_apply_what_it_publishes() -> None:
    """Only the first document of an opaque frame's epoch acts as the app: Python says so per frame
    (``maxLoads``, the ``targetOrigin`` to post to); the bridge, the local reads and the views use it."""
    from scapi_widget.desktop.frames import DocumentTag, FrameRegistry

    frames = FrameRegistry()
    frames.page_origin = "http://page.test"
    opaque = frames.add("http://page.test/app.html", "http://page.test")
    other = frames.add("http://b.test/app.html", "http://b.test")
    assert (opaque.to_json()["maxLoads"], opaque.to_json()["targetOrigin"]) == (1, "*")
    assert (other.to_json()["maxLoads"], other.to_json()["targetOrigin"]) == (None, "http://b.test")
    assert frames.vouches(opaque.frame_id, DocumentTag(0, 1)) and not frames.vouches(opaque.frame_id, DocumentTag(0, 2))
    assert frames.vouches(other.frame_id, DocumentTag(0, 5))
    assert not front_end_holding(r"\.opaque\s*&&|loads\s*>\s*1|\?\s*\"\*\"")  # no rule of its own in the views
    assert front_end_holding(r"\bmaxLoads\b") and front_end_holding(r"\btargetOrigin\b")


# ---------------------------------------------------------------------------- what the desktop UI is told


def test_no_desktop_verb_is_named_in_the_front_end() -> None:
    """The desktop UI runs the verbs Python publishes: the interactions' actions, and for its own
    controls (state menu, a toast's × and buttons, a dialog's ×) ``UI_CONTROLS``."""
    from scapi_widget.desktop.verbs import UI_CONTROLS, VERBS

    quoted = "|".join(re.escape(name) for name in VERBS)
    assert front_end_holding(rf"""(["'`])({quoted})\1""") == {}
    used = {m for path in FRONT_END for m in re.findall(r'this\.control\("(\w+)"', path.read_text(encoding="utf-8"))}
    assert used == set(UI_CONTROLS), "each control of the desktop UI has its verb published, and only those"
    assert set(UI_CONTROLS.values()) <= {name for name, spec in VERBS.items() if spec.ui}


def test_the_event_log_limit_the_hidden_keys_and_the_live_count_are_pythons() -> None:
    from scapi_widget import Desktop

    assert python_modules_holding(["IW_"]) == {"scapi_widget/desktop/userdata.py": ["IW_"]}
    assert not front_end_holding(r"IW_|\bIDLE\b|LOG_LIMIT\s*=")
    assert front_end_holding(r"\blogLimit\b") and front_end_holding(r"\bhiddenKeyPrefix\b")
    desk = Desktop(event_log_limit=7)
    ui = desk.link.channel.replica.parts["ui"]
    assert (ui["logLimit"], ui["hiddenKeyPrefix"]) == (7, "IW_")
    call_id = desk.simulate_inbound_call()
    assert desk.link.channel.replica.parts["live"] == 1
    desk.hang_up(call_id)
    assert desk.link.channel.replica.parts["live"] == 0 and len(desk.interactions) == 1
    desk.event_log_limit = 3
    assert desk.link.channel.replica.parts["ui"]["logLimit"] == 3
    with pytest.raises(ValueError, match="event_log_limit must be a positive integer"):
        desk.event_log_limit = 0


def test_the_front_end_matches_reads_against_the_shape_python_publishes() -> None:
    """The envelope's rules (the client's userAgent, the protocol versions, what a referenceId may be)
    are the wire's (``SIMPLE_REQUEST``); js/local-reads.js holds none of them, only a matcher."""
    from scapi_widget.service.local_reads import PROTOCOL
    from scapi_widget.wire.protocol import SIMPLE_REQUEST

    assert PROTOCOL["shape"] is SIMPLE_REQUEST
    assert not front_end_holding(r"WWE|userAgent|protocolVersion|maxReferenceLength|clientAgents|versions")
    assert front_end_holding(r"rules\.shape")
