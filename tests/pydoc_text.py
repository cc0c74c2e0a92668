"""pydoc's plain text, the same on every Python the package supports."""

from __future__ import annotations

import pydoc
from typing import Any


def _body(line: str) -> str:
    """A line of pydoc's text without its margin (a class's ``" |"``) and indentation."""
    return line.lstrip(" |")


def help_text(thing: Any) -> str:
    """What ``help(thing)`` shows, each signature on one line: from Python 3.13 pydoc shows a long one
    as ``name(``, a line per parameter (each but the last ending in ``,``), then ``) -> ...``."""
    lines = pydoc.render_doc(thing, renderer=pydoc.plaintext).splitlines()  # type: ignore[attr-defined]
    out: list[str] = []
    i = 0
    while i < len(lines):
        last = i + 1
        while lines[i].endswith("(") and last < len(lines) and lines[last].endswith(","):
            last += 1
        if lines[i].endswith("(") and last + 1 < len(lines) and _body(lines[last + 1]).startswith(")"):
            params = " ".join(_body(line) for line in lines[i + 1 : last + 1])
            out.append(lines[i] + params + _body(lines[last + 1]))
            i = last + 2
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)
