"""The typed declarations mypy reads for ``Desktop(...)`` match what the code accepts at run time.

``Desktop(**options)`` passes ``AgentDesktop``'s options on, read from the model's signature at run
time; mypy reads them from :class:`~scapi_widget.notebook.widget_config.DesktopOptions`. ``app=`` takes a dict
of :class:`~scapi_widget.App`'s fields; mypy reads them from :class:`~scapi_widget.serving.apps.AppFields`.
These tests fail as soon as a declaration and what it describes drift apart (a name or a type).
"""

from __future__ import annotations

import dataclasses
import inspect
import typing

import pytest

from scapi_widget.desktop import AgentDesktop
from scapi_widget.notebook.widget import Desktop
from scapi_widget.notebook.widget_config import IPYWIDGETS_ARGUMENTS, DesktopOptions, desktop_options
from scapi_widget.serving.apps import APP_FIELDS, App, AppFields, as_app


def test_desktop_options_are_the_models_options_with_the_models_types() -> None:
    declared = typing.get_type_hints(DesktopOptions)
    model = typing.get_type_hints(AgentDesktop.__init__)
    passed_on = desktop_options(Desktop.__init__)
    assert set(declared) == {*passed_on, *IPYWIDGETS_ARGUMENTS}
    for name in passed_on:
        default = inspect.signature(AgentDesktop.__init__).parameters[name].default
        # a TypedDict key may be left out, never None unless the model takes None: same types
        assert declared[name] == model[name] or (default is None and declared[name] == model[name] | None), name
    assert DesktopOptions.__total__ is False


def test_desktop_options_are_keyword_only_on_desktop_and_none_is_left_over() -> None:
    own = inspect.signature(Desktop.__init__).parameters
    assert own["options"].kind is inspect.Parameter.VAR_KEYWORD
    named = {name for name, p in own.items() if p.kind is not inspect.Parameter.VAR_KEYWORD}
    assert not set(typing.get_type_hints(DesktopOptions)) & named


def test_app_fields_are_apps_fields_with_apps_types() -> None:
    declared = typing.get_type_hints(AppFields)
    fields = typing.get_type_hints(App)
    assert tuple(declared) == APP_FIELDS == tuple(f.name for f in dataclasses.fields(App))
    assert declared == {name: fields[name] for name in APP_FIELDS}
    assert AppFields.__total__ is False


def test_an_app_given_as_its_fields_is_that_app() -> None:
    fields: AppFields = {"source": "https://crm.example.com/app.html", "mode": "tab", "label": "CRM"}
    assert as_app(fields) == App("https://crm.example.com/app.html", mode="tab", label="CRM")
    with pytest.raises(TypeError, match="unknown app field"):
        as_app(typing.cast(AppFields, {"url": "https://crm.example.com/app.html"}))
