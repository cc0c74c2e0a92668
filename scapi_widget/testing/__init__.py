"""Test helpers: run the widget's front end in real Chromium, with or without JupyterLab.

Requires the ``test`` extra (Playwright). Nothing here is imported by the widget itself.
"""

from .harness import CHROMIUM, CHROMIUM_ARGS, LightHarness, launch_chromium

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LightHarness", "launch_chromium"]
