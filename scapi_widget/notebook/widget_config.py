"""What ``Desktop(...)`` accepts besides its own arguments: the simulated desktop's options, or
one agent's desktop of a contact centre (``Desktop.for_agent``).

The options are read from ``AgentDesktop.__init__``'s signature, so an option added to the model is
a ``Desktop`` option at once, with the model's own validation and errors.
"""

from __future__ import annotations

import inspect
import warnings
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict

from ..centre import ContactCentre
from ..centre.log import centre_log
from ..desktop import AgentDesktop
from ..desktop.agent import Agent, State
from ..desktop.clock import Clock, IdSource
from ..desktop.media import Device
from ..desktop.plumbing import StatePart
from ..desktop.security import AccessPolicy
from ..errors import did_you_mean
from ..json_types import JsonValue
from ..serving.apps import App, AppLike, as_app

IPYWIDGETS_ARGUMENTS = frozenset({"layout"})  # ipywidgets' own keyword arguments that Desktop passes on


class DesktopOptions(TypedDict, total=False):
    """The keyword options ``Desktop(...)`` passes on, as mypy sees them: ``AgentDesktop``'s options
    (those ``Desktop.__init__`` does not take itself) with the model's own types, and ipywidgets'
    ``layout``. At run time the options are read from the model's signature (:func:`desktop_options`);
    tests/test_desktop_options_type.py fails when this declaration and that signature drift apart."""

    agent: Agent | None
    states: Sequence[State]
    media: Sequence[str]
    device: Device | None
    initial_state: str | None
    user_data_write_allowed: str | Sequence[str]
    user_data_read_allowed: str | Sequence[str]
    options: Mapping[str, Mapping[str, JsonValue]] | None
    clock: Clock | None
    ids: IdSource | None
    layout: object  # an ipywidgets.Layout or a dict of its fields (ipywidgets has no types)


def keyword_names(function: Callable[..., Any]) -> tuple[str, ...]:
    """The names a function takes as keywords, in order."""
    kinds = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return tuple(
        p.name for p in inspect.signature(function).parameters.values() if p.kind in kinds and p.name != "self"
    )


def desktop_options(widget_init: Callable[..., Any]) -> tuple[str, ...]:
    """``AgentDesktop``'s keyword options that ``Desktop(...)`` takes directly: all but the ones the
    widget's ``__init__`` takes itself (``accepted_origins``, which also admits the hosted apps' origins)."""
    own = set(keyword_names(widget_init))
    return tuple(name for name in keyword_names(AgentDesktop.__init__) if name not in own)


def make_desktop(
    widget_init: Callable[..., Any], desktop: AgentDesktop | None, options: Mapping[str, Any]
) -> AgentDesktop:
    """The model a Desktop runs: the one given as ``desktop=``, or one built from the options."""
    accepted = desktop_options(widget_init)
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        everything = [*keyword_names(widget_init), *sorted(IPYWIDGETS_ARGUMENTS), *accepted]
        named = ", ".join(name + did_you_mean(name, everything) for name in unknown)
        raise TypeError(f"Desktop() got unexpected keyword argument(s) {named}; it accepts {', '.join(everything)}")
    if desktop is None:
        return AgentDesktop(**options)
    if options:
        raise TypeError(
            f"Desktop() got desktop= and desktop options ({', '.join(sorted(options))}): "
            "give the options to AgentDesktop(...) or to Desktop(...), not both"
        )
    if not isinstance(desktop, AgentDesktop):
        raise TypeError(f"desktop must be an AgentDesktop, got {type(desktop).__name__}")
    return desktop


def host_apps(model: AgentDesktop, apps: Sequence[AppLike], accepted_origins: str | None) -> list[tuple[App, int]]:
    """Add a frame for each app to ``model`` (each app with its frame id), and set the security policy:
    ``accepted_origins`` (the option's syntax), or None: the model's policy plus the apps' own origins."""
    hosted: list[tuple[App, int]] = []
    with model.transaction():
        for spec in map(as_app, apps):
            url, origin, label = spec.resolve()
            hosted.append((spec, model.frames.add(url, origin, spec.mode, label).frame_id))
        if accepted_origins is None:
            policy = model.policy.with_origins(f.origin for f in model.frames.frames.values())
        else:
            try:
                policy = AccessPolicy.parse(accepted_origins)
            except ValueError as exc:
                raise ValueError(f"accepted_origins: {exc}") from None
        model.set_accepted_origins(policy)
    return hosted


_CENTRES: weakref.WeakKeyDictionary[AgentDesktop, ContactCentre] = weakref.WeakKeyDictionary()
"""The agents' desktops that have a widget (made by ``Desktop.for_agent``), and their contact centre."""


def agent_model(
    widget_init: Callable[..., Any], centre: ContactCentre, agent: str, arguments: Mapping[str, Any]
) -> AgentDesktop:
    """The desktop model of ``agent`` (a name given to ``centre.add_agent``) for a new widget, which
    takes ``arguments`` (its own, not the agent's desktop options: those were given to ``add_agent``).
    An agent's desktop has one widget: a second is refused."""
    if not isinstance(centre, ContactCentre):
        raise TypeError(f"centre must be a ContactCentre, got {type(centre).__name__}")
    if not isinstance(agent, str) or agent not in centre.agents:
        raise ValueError(
            f"no agent {agent!r} in the contact centre (agents: {', '.join(centre.agents) or 'none'}); "
            "add one first: centre.add_agent(name, dn=...)"
        )
    misplaced = sorted(set(arguments) & set(desktop_options(widget_init)))
    if misplaced or "desktop" in arguments:
        raise TypeError(
            f"Desktop.for_agent() got {', '.join(misplaced or ['desktop'])}: an agent's desktop options "
            "belong to centre.add_agent(name, dn=..., ...)"
        )
    model = centre.agents[agent]
    if model in _CENTRES:
        raise ValueError(
            f"{agent} already has a desktop widget: show that one again (a desktop's apps run in one place)"
        )
    centre_log(centre)  # the centre's log holds everything from its first desktop on
    _CENTRES[model] = centre
    return model


def centre_of(model: AgentDesktop) -> ContactCentre | None:
    """The contact centre of a desktop made by ``Desktop.for_agent``, or None."""
    return _CENTRES.get(model)


class AppsCutOffWarning(UserWarning):
    """The accepted origins leave out hosted apps: the desktop ignores everything they send."""


class CutOffApps:
    """Says (an :class:`AppsCutOffWarning` naming each) which hosted apps the security policy leaves out: the desktop
    ignores everything they send. After a policy change, every app left out; after the apps' frames
    changed (e.g. a kernel-served app now loads from the notebook server's origin), the newly left out."""

    def __init__(self, desktop: AgentDesktop) -> None:
        self._desktop = desktop
        self._warned: frozenset[tuple[int, str]] = frozenset()
        desktop.add_change_listener(self._changed)

    def _changed(self, parts: frozenset[StatePart]) -> None:
        if "security" in parts or "frames" in parts:
            self.check(policy_changed="security" in parts)

    def check(self, *, policy_changed: bool) -> None:
        """Warn about the hosted apps the policy leaves out (``policy_changed``: all of them; else
        those newly left out)."""
        desk = self._desktop
        with desk.lock:
            cut_off = [f for f in desk.frames.frames.values() if not desk.policy.accepts(f.origin)]
            now = frozenset((f.frame_id, f.origin) for f in cut_off)
            fresh = cut_off if policy_changed else [f for f in cut_off if (f.frame_id, f.origin) not in self._warned]
            self._warned = now
            if fresh:
                names = "; ".join(f"{f.label or f.url} (frameId {f.frame_id}, origin {f.origin})" for f in fresh)
                warnings.warn(
                    f"the accepted origins ({str(desk.policy) or 'none'}) leave out hosted app(s) {names}: the desktop "
                    "ignores everything they send; add their origin to accepted_origins to let them talk",
                    AppsCutOffWarning,
                    stacklevel=4,
                )
