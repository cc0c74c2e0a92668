"""The package's layers: its folders name them, imports run one way (down), and no import goes in a circle.

Read from the source with :mod:`ast` (every import counts, type-only ones and imports inside functions
too: a module that names another's type still depends on it). From the bottom up:

========  ==========================================================================  ===========================
layer     what it is                                                                  may import (besides itself)
========  ==========================================================================  ===========================
base      ``errors``, ``json_types``, ``version`` (the top-level modules)             nothing
wire      what crosses postMessage: envelopes, the value check, the request table     base
desktop   the simulated desktop, pure Python                                          base, wire
centre    several desktops and the switch between them                                + desktop
service   SCAPI requests run against the desktop; the apps' bridge; local reads       + desktop
serving   serving hosted apps: app servers, URLs per view, the Jupyter server's side  + desktop
sync      keeping the views in step: replica, outbox, mirror, channel, the link        + service, serving
notebook  the notebook API: the ``Desktop`` widget and what goes with it              everything above
testing   the pytest plugin and the harnesses                                         everything above
api       ``scapi_widget`` itself (its names are imported lazily)                     everything
========  ==========================================================================  ===========================

Only the public API, the notebook's façade parts that must (``side_by_side`` shows widgets) and the
testing layer import the widget module.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import scapi_widget

PACKAGE = Path(scapi_widget.__file__).resolve().parent
ROOT = PACKAGE.name

BASE = {"errors", "json_types", "version"}
BELOW: dict[str, set[str]] = {
    "base": set(),
    "wire": {"base"},
    "desktop": {"base", "wire"},
    "centre": {"base", "wire", "desktop"},
    "service": {"base", "wire", "desktop"},
    "serving": {"base", "wire", "desktop"},
    "sync": {"base", "wire", "desktop", "service", "serving"},
    "notebook": {"base", "wire", "desktop", "centre", "service", "serving", "sync"},
    "testing": {"base", "wire", "desktop", "centre", "service", "serving", "sync", "notebook"},
    "api": {"base", "wire", "desktop", "centre", "service", "serving", "sync", "notebook", "testing"},
}
"""What each layer may import besides itself."""
WIDGET = f"{ROOT}.notebook.widget"
WIDGET_IMPORTERS = {ROOT, f"{ROOT}.notebook.centre_view"}
"""Besides the testing layer: the public API, and ``side_by_side`` (a row of Desktop widgets)."""
MAX_TOP_LEVEL_MODULES = 12


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Every module of the package and the modules of the package it imports."""
    modules = {module_name(p, package): p for p in package.rglob("*.py") if "static" not in p.parts}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(here[: len(here) - (node.level - 1)] + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def layer_of(module: str) -> str | None:
    """The layer a module belongs to (None: a module outside the layers)."""
    parts = module.split(".")
    if parts == [ROOT]:
        return "api"
    if len(parts) == 2 and parts[1] in BASE:
        return "base"
    return parts[1] if len(parts) > 2 or parts[1] in BELOW else None


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The import circles: each strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def against_the_layers(graph: Mapping[str, set[str]]) -> list[str]:
    """Each import that goes up (or sideways between layers that do not build on each other), each
    module outside the layers, and each import of the widget by a module that must not."""
    found = [f"{module} is in no layer" for module in graph if layer_of(module) is None]
    for module, imported in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(imported):
            there = layer_of(target)
            if here is None or there is None:
                continue
            if there != here and there not in BELOW[here]:
                found.append(f"{module} ({here}) imports {target} ({there})")
            if target == WIDGET and module not in WIDGET_IMPORTERS and here != "testing":
                found.append(f"{module} imports the widget")
    return found


# ---------------------------------------------------------------------------- the package


def test_no_import_goes_in_a_circle() -> None:
    found = circles(import_graph())
    assert not found, "import circles:\n" + "\n".join(", ".join(c) for c in found)


def test_imports_run_down_the_layers_and_only_the_facade_imports_the_widget() -> None:
    found = against_the_layers(import_graph())
    assert not found, "imports against the layers:\n" + "\n".join(found)


def test_the_top_level_holds_few_modules_beside_the_layers() -> None:
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top
    assert set(top) == BASE | {"__init__"}, top
    assert set(folders) == set(BELOW) - {"base", "api"}, folders


def test_the_check_sees_every_module_and_their_imports() -> None:
    graph = import_graph()
    assert f"{ROOT}.desktop.model" in graph[f"{ROOT}.service.core"]
    assert f"{ROOT}.desktop.calls" in graph[f"{ROOT}.desktop.verbs"]
    assert graph[f"{ROOT}.service.running"] >= {f"{ROOT}.service.core", f"{ROOT}.service.handlers"}
    assert WIDGET in graph[ROOT]  # the public API's lazy names, seen through its TYPE_CHECKING imports
    assert len(graph) > 80


# ---------------------------------------------------------------------------- the checks catch what they must


def write(root: Path, files: Mapping[str, str]) -> Path:
    package = root / ROOT
    for name, source in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return package


def test_the_checks_catch_a_circle_an_upward_import_and_the_widget_imported(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "__init__.py": "",
            "errors.py": "",
            "desktop/__init__.py": "",
            "desktop/model.py": "from . import verbs\n",
            "desktop/verbs.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .model import X\n",
            "desktop/store.py": "def f():\n    from ..sync.link import DesktopLink\n",
            "sync/__init__.py": "",
            "sync/link.py": "from ..notebook.widget import Desktop\nfrom ..errors import E\n",
            "notebook/__init__.py": "",
            "notebook/widget.py": "from ..sync.link import DesktopLink\n",
            "stray.py": "",
        },
    )
    graph = import_graph(package)
    assert circles(graph) == [
        [f"{ROOT}.desktop.model", f"{ROOT}.desktop.verbs"],
        [f"{ROOT}.notebook.widget", f"{ROOT}.sync.link"],
    ]
    assert against_the_layers(graph) == [
        f"{ROOT}.stray is in no layer",
        f"{ROOT}.desktop.store (desktop) imports {ROOT}.sync.link (sync)",
        f"{ROOT}.sync.link (sync) imports {ROOT}.notebook.widget (notebook)",
        f"{ROOT}.sync.link imports the widget",
    ]


def test_the_layers_build_on_each_other_without_a_circle() -> None:
    graph = {layer: set(below) for layer, below in BELOW.items()}
    assert not circles(graph)
    for layer, below in BELOW.items():
        for lower in below:
            assert BELOW[lower] <= below, (layer, lower)  # what a layer builds on, it may use too
