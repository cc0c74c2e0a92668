"""No module of scapi_widget uses another module's private (underscore) names: neither
``from x import _name`` nor ``module._name``. (``self._x`` inside a class is the class's own business.)

The check reads the source with :mod:`ast`; it knows which names a module bound to modules
(``import x``, ``import x.y as z``, ``from package import submodule`` of this package).
"""

from __future__ import annotations

import ast
from pathlib import Path

import scapi_widget

PACKAGE = Path(scapi_widget.__file__).resolve().parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "static" not in p.parts)


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = here.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def is_module(dotted: str) -> bool:
    """Is ``dotted`` a module of this package? (Read from the files: importing could have side effects.)"""
    parts = dotted.split(".")
    if parts[0] != PACKAGE.name:
        return False
    path = PACKAGE.joinpath(*parts[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def offences(path: Path) -> list[str]:
    where = str(path.relative_to(PACKAGE.parent))
    return offences_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py", where)


def offences_in(source: str, here: str, is_package: bool, where: str) -> list[str]:
    """Each use of another module's private name in ``source`` (module ``here``), as ``where:line: code``."""
    tree = ast.parse(source, where)
    modules: set[str] = set()  # local names bound to modules
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            source_module = absolute(node, here, is_package)
            for alias in node.names:
                if is_private(alias.name):
                    found.append(f"{where}:{node.lineno}: from {source_module} import {alias.name}")
                elif is_module(f"{source_module}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            root: ast.expr = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_check_sees_every_module() -> None:
    names = {module_name(p) for p in MODULES}
    assert {"scapi_widget.desktop.model", "scapi_widget.service", "scapi_widget.service.handlers.voice"} <= names


def test_the_check_catches_both_kinds_of_reach() -> None:
    source = (
        "import json\nfrom .model import _callable_name\nfrom .. import service\n"
        "x = service._TYPE_NAMES\ny = json.dumps\nclass A:\n    def f(self):\n        return self._own\n"
    )
    found = offences_in(source, "scapi_widget.desktop.probe", False, "probe.py")
    assert found == [
        "probe.py:2: from scapi_widget.desktop.model import _callable_name",
        "probe.py:4: service._TYPE_NAMES",
    ]


def test_no_module_uses_another_modules_private_names() -> None:
    found = [offence for path in MODULES for offence in offences(path)]
    assert not found, "private names used across modules:\n" + "\n".join(found)
