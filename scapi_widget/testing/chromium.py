"""Which Chromium the test helpers drive, and how it is launched (no Playwright import here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("SCAPI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Any, executable: str = CHROMIUM, headless: bool = True) -> Any:
    """Launch Chromium (headless unless told) with the flags it needs on a closed network."""
    if not Path(executable).exists():
        raise FileNotFoundError(
            f"{executable} is missing: install Chromium (Debian: apt-get install -y chromium) or set SCAPI_CHROMIUM"
        )
    return playwright.chromium.launch(executable_path=executable, headless=headless, args=CHROMIUM_ARGS)
