"""The widget's public names by kind: what its docstring's index lists, what ``dir()`` offers.

``Desktop`` inherits ipywidgets' plumbing (``send``, ``open``, ``hold_sync``, ``keys``, ... about a
hundred names) and holds some sixty desktop verbs and eleven SCAPI namespaces. Its own docstring ends
with an index of its public names by kind, generated from their declarations (:func:`index`);
``help(Desktop)`` details only the names the class itself defines (:class:`DesktopType`), and tab
completion on a desktop offers its API without the plumbing (:func:`public_dir`).
"""

from __future__ import annotations

import inspect
import textwrap
import weakref
from typing import Any

import traitlets

from ..desktop.verbs import VERBS
from .namespaces import NAMESPACES, snake_case

WIDTH = 96
OBSERVING = ("on", "next_event", "wait_for", "app_connected", "on_app_connected", "request_log", "notification_log")
"""The ways to observe the desktop from Python, besides ``observe`` on its traitlets."""
SESSION = ("play", "record", "events_frame", "timeline")
"""Scenarios, and the session looked back at."""


def _names(title: str, names: list[str], note: str = "") -> list[str]:
    head = f"* **{title}**{note}: "
    return textwrap.wrap(head + ", ".join(names) + ".", WIDTH, subsequent_indent="  ", break_on_hyphens=False)


def index(cls: type[traitlets.HasTraits]) -> str:
    """The index of ``cls``'s public names by kind (its docstring's last section), from their
    declarations: the SCAPI namespaces of the table, the verbs, the traitlets."""
    lines = ["Its public names, by kind (``help(desk.<name>)`` for one):", ""]
    lines += _names("SCAPI namespaces", [snake_case(ns) for ns in NAMESPACES] + ["scapi", "call"], " (the wire's side)")
    lines += _names("Desktop verbs", list(VERBS), " (the outside world's side)")
    traits = [name for name in cls.class_own_traits() if not is_private(name)]
    lines += _names("Traitlets", traits, " (the desktop's state; ``observe`` them)")
    lines += _names("Ways to observe", list(OBSERVING))
    lines += _names("The session", list(SESSION))
    return "\n".join(lines)


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_descriptor(cls: type, name: str) -> bool:
    return isinstance(inspect.getattr_static(cls, name, None), traitlets.BaseDescriptor)


class DesktopType(traitlets.MetaHasTraits):
    """The widget's class. ``dir(Desktop)``, and so ``help(Desktop)``, leaves out the public and special
    names the class does not define itself (ipywidgets' plumbing, the verbs and namespaces its index
    lists); every traitlet and handler stays listed, as traitlets finds them through ``dir``, and
    every private name."""

    def __dir__(cls) -> list[str]:
        names = list(super().__dir__())
        return [n for n in names if n not in _hidden(cls, names)]


_HIDDEN: weakref.WeakKeyDictionary[type, frozenset[str]] = weakref.WeakKeyDictionary()


def _hidden(cls: type, names: list[str]) -> frozenset[str]:
    """The names ``dir(cls)`` leaves out, decided once per class (traitlets lists a class's names
    often). A class traitlets derives from another to add traits to one instance (anywidget does, for
    every widget) hides what its base hides, but for what it defines itself."""
    hidden = _HIDDEN.get(cls)
    if hidden is None:
        base = cls.__bases__[0]
        if base.__module__ == cls.__module__ and base in _HIDDEN:
            hidden = _HIDDEN[base] - set(vars(cls))
        else:
            own = {name for klass in cls.__mro__ if klass.__module__ == cls.__module__ for name in vars(klass)}
            hidden = frozenset(n for n in names if not (n in own or is_private(n) or is_descriptor(cls, n)))
        _HIDDEN[cls] = hidden
    return hidden


def public_dir(instance: Any, attributes: tuple[str, ...]) -> list[str]:
    """What tab completion offers on a desktop: every public name the package's classes give it (its
    own, its verbs, its namespaces, its traitlets) and ``attributes`` set in ``__init__``."""
    names: set[str] = set(attributes)
    for klass in type(instance).__mro__:
        if klass.__module__.startswith("scapi_widget"):
            names.update(name for name in vars(klass) if not name.startswith("_"))
    return sorted(names)
