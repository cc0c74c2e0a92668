"""The desktop model's parts and what each may touch: a part module imports only the parts it
acts on (as its constructor takes them), never the model or the verbs (and, as every module of the
desktop, nothing of the layers above: tests/test_layers.py)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import scapi_widget.desktop as desktop_package
from scapi_widget.desktop import AgentDesktop
from scapi_widget.desktop.calls import CallControl
from scapi_widget.desktop.flows import InteractionFlows
from scapi_widget.desktop.outbound import Campaigns
from scapi_widget.desktop.presence import Presence
from scapi_widget.desktop.store import InteractionStore
from scapi_widget.desktop.system import SystemSettings
from scapi_widget.desktop.toasts import ToastTray
from scapi_widget.desktop.workspace import Workspace

from .conftest import new_desk

DESKTOP = Path(desktop_package.__file__).resolve().parent

# part module -> (its class, the other parts it may use)
PARTS: dict[str, tuple[type, set[str]]] = {
    "store": (InteractionStore, set()),
    "presence": (Presence, set()),
    "toasts": (ToastTray, set()),
    "workspace": (Workspace, set()),
    "calls": (CallControl, {"store", "presence"}),
    "flows": (InteractionFlows, {"store", "calls"}),
    "outbound": (Campaigns, {"store", "calls"}),
    "system": (SystemSettings, {"store"}),
}
NEVER = {"model", "verbs"}


def sibling_imports(module: str) -> set[str]:
    """What a desktop module imports: sibling modules by name, the rest of the package as ``..name``."""
    tree = ast.parse((DESKTOP / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level >= 2 or (node.module or "").startswith("scapi_widget"):
                found.add(f"..{node.module or ''}")
        elif isinstance(node, ast.Import):
            found.update(f"..{a.name}" for a in node.names if a.name.startswith("scapi_widget"))
    return found


def test_each_part_imports_only_the_parts_it_acts_on() -> None:
    for module, (_, allowed) in PARTS.items():
        imported = sibling_imports(module)
        parts_used = imported & set(PARTS)
        assert parts_used == allowed, (module, parts_used)
        assert not imported & NEVER, (module, imported & NEVER)
        assert not any(i.startswith("..scapi_widget") for i in imported), module  # relative imports only


def test_each_part_is_constructed_with_what_it_may_touch() -> None:
    for module, (cls, allowed) in PARTS.items():
        parameters = list(inspect.signature(cls).parameters.values())
        assert parameters[0].name == "desk" and parameters[0].annotation == "Plumbing", module
        annotated = {p.annotation for p in parameters[1:]}
        wanted = {PARTS[other][0].__name__ for other in allowed}
        assert wanted <= annotated, (module, annotated)


def test_the_model_owns_one_of_each_part_sharing_its_state() -> None:
    desk = new_desk()
    owned = {
        "store": desk.store,
        "presence": desk.presence,
        "toasts": desk.toast_tray,
        "workspace": desk.workspace,
        "calls": desk.calls,
        "flows": desk.flows,
        "outbound": desk.outbound,
        "system": desk.system,
    }
    for module, part in owned.items():
        assert type(part) is PARTS[module][0]
        assert part.desk is desk
    assert desk.interactions is desk.store.items and desk.toasts is desk.toast_tray.items
    assert desk.campaigns is desk.outbound.campaigns
    assert desk.outbound in desk.store.hooks  # campaigns attach their behaviour to the store


def test_the_model_is_not_a_mixin_of_its_parts() -> None:
    assert [c.__name__ for c in AgentDesktop.__mro__] == ["AgentDesktop", "DesktopVerbs", "object"]
    assert not (DESKTOP / "parts.py").exists()
