"""Test helpers: run the widget's front end in real Chromium, with or without JupyterLab.

Requires the ``test`` extra (Playwright). Nothing here is imported by the widget itself, and
importing this package imports no Playwright: the pytest plugin (``pytest_plugin``) loads with
every pytest run, and ``LightHarness`` is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .chromium import CHROMIUM, CHROMIUM_ARGS, launch_chromium

if TYPE_CHECKING:
    from .harness import LightHarness

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LightHarness", "launch_chromium"]


def __getattr__(name: str) -> Any:
    if name == "LightHarness":
        from .harness import LightHarness

        return LightHarness
    raise AttributeError(f"module 'scapi_widget.testing' has no attribute {name!r}")
