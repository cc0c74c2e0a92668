"""Each desktop verb is declared once (``scapi_widget/desktop/verbs.py``); every list of verbs is
derived from that declaration: the desktop UI's actions, labels and controls, the widget's methods,
the steps a scenario may do (every verb, and each is recorded). A list of verb names written by
hand anywhere else, in Python or in the front end, fails here."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from scapi_widget import Desktop
from scapi_widget.desktop import AgentDesktop, IdSource
from scapi_widget.desktop.verbs import UI_ACTIONS, VERBS, DesktopVerbs
from scapi_widget.notebook.scenario import Scenario
from scapi_widget.sync.link import ui_action_error

from .test_widget import PAGE_ORIGIN, FrontEnd

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scapi_widget"
DECLARATION = PACKAGE / "desktop" / "verbs.py"

# Literals that hold verb names and are not lists of verbs, each with why (a stale entry fails too).
NOT_VERB_LISTS = {
    ("scapi_widget/desktop/interactions.py", "VOICE_TRANSITIONS"): "the voice state machine: a row per call action",
    ("scapi_widget/service/handlers/voice.py", "actions"): "keys: the wire's request names (voice.answer)",
}


def declared_verb_names() -> set[str]:
    """The verbs as the declaration's source spells them (read without importing it)."""
    tree = ast.parse(DECLARATION.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(isinstance(d, ast.Call) and getattr(d.func, "id", None) == "verb" for d in node.decorator_list)
    }


def literal_owner(tree: ast.AST) -> dict[int, str]:
    """id(literal) -> the name it is assigned to (for the exemptions)."""
    owners: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            owners[id(node.value)] = node.targets[0].id
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            owners[id(node.value)] = node.target.id
    return owners


def python_verb_lists() -> dict[tuple[str, str], list[str]]:
    """Tuple, list, set and dict (keys) literals holding 3+ verb names, outside the declaration."""
    names = declared_verb_names()
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == DECLARATION:
            continue
        tree = ast.parse(path.read_text(), str(path))
        owners = literal_owner(tree)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                items: list[ast.expr | None] = list(node.elts)
            elif isinstance(node, ast.Dict):
                items = list(node.keys)
            else:
                continue
            hits = [i.value for i in items if isinstance(i, ast.Constant) and i.value in names]
            if len(hits) >= 3:
                where = str(path.relative_to(ROOT))
                found[(where, owners.get(id(node), f"line {node.lineno}"))] = hits
    return found


QUOTED = re.compile(r"""(["'`])([A-Za-z_]+)\1""")
KEY = re.compile(r"""\b([A-Za-z_]+)\s*:""")


def js_verb_lists(text: str, names: set[str]) -> list[tuple[int, list[str]]]:
    """Array and object literals (innermost brackets) holding 3+ verb names, quoted or as keys."""
    hits: dict[int, list[str]] = {}
    stack: list[int] = []
    depth_of: dict[int, int] = {}
    for index, char in enumerate(text):
        if char in "[{":
            stack.append(index)
        elif char in "]}" and stack:
            depth_of[stack.pop()] = index
    spans = sorted(depth_of.items())
    for pattern, group in ((QUOTED, 2), (KEY, 1)):
        for match in pattern.finditer(text):
            word = match.group(group)
            if word not in names:
                continue
            inner = [start for start, end in spans if start < match.start() < end]
            if inner:
                hits.setdefault(max(inner), []).append(word)
    return [(text.count("\n", 0, start) + 1, words) for start, words in sorted(hits.items()) if len(set(words)) >= 3]


# ------------------------------------------------------------------ one declaration


def test_the_declaration_is_what_the_package_uses() -> None:
    assert set(VERBS) == declared_verb_names()
    assert len(VERBS) >= 60


def test_no_hand_written_list_of_verbs_in_python() -> None:
    found = python_verb_lists()
    unexplained = {k: v for k, v in found.items() if k not in NOT_VERB_LISTS}
    assert unexplained == {}, "derive these from scapi_widget.desktop.verbs.VERBS"
    assert set(NOT_VERB_LISTS) <= set(found), "an exemption no longer needed: remove it"


def test_no_hand_written_list_of_verbs_in_the_front_end() -> None:
    names = declared_verb_names()
    found = {path.name: js_verb_lists(path.read_text(), names) for path in sorted((ROOT / "js").glob("*.js"))}
    assert {name: lists for name, lists in found.items() if lists} == {}


def test_the_scanners_find_hand_written_lists() -> None:
    names = declared_verb_names()
    assert js_verb_lists('const L = { answer: "A", hold: "H", x: 1, hang_up: "U" };', names) == [
        (1, ["answer", "hold", "hang_up"])
    ]
    assert js_verb_lists('const L = ["answer", "hold",\n "resume"];', names) == [(1, ["answer", "hold", "resume"])]
    assert js_verb_lists('act("answer", [id]); act("hold", [id]); act("resume", [id]);', names) == []
    tree = ast.parse('X = ("answer", "hold", "resume")\nY = {"answer": 1, "hold": 1}\n')
    literals = [n for n in ast.walk(tree) if isinstance(n, (ast.Tuple, ast.Dict))]
    assert [literal_owner(tree)[id(n)] for n in literals] == ["X", "Y"]


# ------------------------------------------------------------------ derived: UI actions and labels


def test_ui_actions_and_labels_come_from_the_declaration() -> None:
    desk = Desktop()
    assert desk.ui_actions == {name: spec.ui for name, spec in VERBS.items() if spec.ui}
    assert set(UI_ACTIONS) == set(desk.ui_actions)
    js = (ROOT / "js" / "desktop-view.js").read_text()
    assert '"ui_actions"' in js
    for label in desk.ui_actions.values():
        assert f'"{label}"' not in js, f"label {label!r} is written in the front end"


@pytest.mark.parametrize("name", sorted(VERBS))
def test_the_ui_may_run_a_verb_only_if_it_has_a_label_and_with_its_arity(name: str) -> None:
    spec = VERBS[name]
    args = ["x"] * spec.arity
    assert (ui_action_error(name, args) is None) == (spec.ui is not None)
    assert ui_action_error(name, [*args, "extra"]) is not None
    if spec.arity:
        assert ui_action_error(name, args[:-1]) is not None


def test_a_ui_action_runs_the_verb_and_others_are_refused() -> None:
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(1)))
    front = FrontEnd(desk)
    front.send(kind="view-ready", view="v1", pageOrigin=PAGE_ORIGIN)
    call_id = desk.simulate_inbound_call()
    front.send(kind="action", verb="answer", args=[call_id], id=1)
    front.send(kind="action", verb="simulate_inbound_call", args=[], id=2)  # a verb without a UI label
    front.send(kind="action", verb="__init__", args=[], id=3)
    results = front.action_results()
    assert results[1] is None and desk.interactions[call_id]["state"] == "TALKING"
    assert "no action 'simulate_inbound_call'" in results[2] and "no action '__init__'" in results[3]
    assert len(desk.interactions) == 1


# ------------------------------------------------------------------ derived: the widget's methods


@pytest.mark.parametrize("name", sorted(VERBS))
def test_every_verb_is_a_real_method_of_the_widget(name: str) -> None:
    method = inspect.getattr_static(Desktop, name)
    assert method is vars(DesktopVerbs)[name]  # inherited, not a generated delegate
    assert (
        inspect.signature(getattr(Desktop, name)).parameters.keys() - {"self"}
        == VERBS[name].signature.parameters.keys()
    )
    assert inspect.getdoc(getattr(Desktop, name))
    assert inspect.getattr_static(AgentDesktop, name) is method


def test_a_verb_called_on_the_widget_acts_on_its_desktop() -> None:
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(1)))
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    assert desk.desktop.interactions[call_id].state == "TALKING"
    assert desk.interactions[call_id]["state"] == "TALKING"


# ------------------------------------------------------------------ derived: recordable steps


def test_a_step_may_do_every_verb_and_nothing_else() -> None:
    for name in sorted(VERBS):
        Scenario.from_steps([{"do": name}])  # accepted (what it does is checked when played)
    for name in ("perform", "call", "__init__", "model", "answers"):
        with pytest.raises(ValueError, match="unknown step action"):
            Scenario.from_steps([{"do": name}])


def test_a_widget_verb_is_recorded_as_a_step() -> None:
    desk = Desktop(desktop=AgentDesktop(ids=IdSource(1)))
    recorder = desk.record()
    call_id = desk.simulate_inbound_call()
    desk.answer(call_id)
    desk.trigger_activity()
    scenario = recorder.stop()
    assert [s.action for s in scenario.steps] == ["simulate_inbound_call", "answer", "trigger_activity"]
