"""The SCAPI method list from the project's spec (shared/scapi/methods.json)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "scapi" / "methods.json"


def load_methods() -> list[dict[str, Any]]:
    """Every request of methods.json. A missing spec is an error, never a skip."""
    path = Path(os.environ.get("SCAPI_METHODS_JSON", DEFAULT))
    if not path.is_file():
        raise FileNotFoundError(f"the SCAPI spec {path} is missing; set SCAPI_METHODS_JSON to its path")
    methods: list[dict[str, Any]] = json.loads(path.read_text())
    return methods


def current_methods() -> list[dict[str, Any]]:
    """Requests that are not marked historical."""
    return [m for m in load_methods() if not m["status"].startswith("historical")]
