"""The one check for values that cross into the desktop: what apps post and what Python passes in.

Everything the desktop keeps is mirrored to the front end through the kernel's JSON encoder
(``jupyter_client``'s ``json_packer``: strict UTF-8, no NaN/Infinity). A value that encoder
refuses would fail the widget's sync, so it is refused where it enters instead:

* strings and object keys must be valid Unicode (no lone UTF-16 surrogate such as ``"\\ud800"``,
  which JavaScript strings may hold and JSON may carry);
* numbers must be finite and within the range of a JavaScript number (a double);
* at most :data:`MAX_DEPTH` levels of nesting, :data:`MAX_ITEMS` values and
  :data:`MAX_CHARACTERS` characters (strings and keys together) in one value.

The walk is iterative, so no nesting depth can raise :class:`RecursionError`, and it stops at
the first problem; error messages describe values in a few characters (:func:`describe`),
never by ``repr`` of the whole value.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

from ..errors import InvalidParameterError

MAX_DEPTH = 32
"""Nesting levels of arrays/objects in one value (``[[1]]`` has depth 2)."""
MAX_ITEMS = 100_000
"""Values (containers and scalars) in one value."""
MAX_CHARACTERS = 1_000_000
"""Characters of all strings and object keys in one value together (about 1 MB of text)."""
MAX_NUMBER_BITS = sys.float_info.max_exp
"""Integers need fewer bits than this: a JavaScript number (a double) holds nothing larger."""
SHORT = 40
"""Characters of a value shown in an error message."""


def _has_lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _path_text(path: tuple[Any, ...] | None) -> str:
    parts: list[str] = []
    while path is not None:
        path, step = path
        parts.append(f"[{step}]" if isinstance(step, int) else f"[{_short_text(step)}]")
    return "".join(reversed(parts))


def _short_text(text: str, limit: int = SHORT) -> str:
    """A quoted prefix of ``text``; ``repr`` escapes surrogates, so the result always encodes."""
    return repr(text[:limit]) + ("…" if len(text) > limit else "")


def describe(value: Any, limit: int = SHORT) -> str:
    """A short, always-encodable description of ``value`` (type and a prefix), whatever its size."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"str {_short_text(value, limit)}"
    if isinstance(value, bool):
        return f"bool {value}"
    if isinstance(value, int):
        return f"int {value}" if value.bit_length() <= 64 else f"int of {value.bit_length()} bits"
    if isinstance(value, float):
        return f"float {value!r}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)} item(s)"
    if isinstance(value, Mapping):
        return f"{type(value).__name__} of {len(value)} key(s)"
    return type(value).__name__


def wire_problem(value: Any, what: str = "the value", *, foreign_ok: bool = False) -> str | None:
    """Why ``value`` cannot be carried (``"<what>[path]: reason"``), or ``None`` when it can.

    ``foreign_ok``: objects that are not JSON values (and non-string keys) are let through
    unexamined, for checking Python arguments whose other types are validated where they are used.
    """
    totals = [1, 0]  # values, characters
    if _plainly_carried(value, 0, totals) and totals[0] <= MAX_ITEMS and totals[1] <= MAX_CHARACTERS:
        return None
    return _walk(value, what, foreign_ok)


def _walk(value: Any, what: str, foreign_ok: bool) -> str | None:
    """:func:`wire_problem`'s full walk: it finds the first problem and says where."""
    count = 1
    characters = 0
    # (value, depth, path); a path is (parent path, key or index), so it costs one tuple per value
    stack: list[tuple[Any, int, tuple[Any, ...] | None]] = [(value, 0, None)]
    while stack:
        item, depth, path = stack.pop()
        if item is None or isinstance(item, bool):
            continue
        if isinstance(item, str):
            characters += len(item)
            if characters > MAX_CHARACTERS:
                return f"{what} has more than {MAX_CHARACTERS} characters of text"
            if _has_lone_surrogate(item):
                return f"{what}{_path_text(path)}: a string holds a lone UTF-16 surrogate (not valid Unicode)"
            continue
        if isinstance(item, int):
            if item.bit_length() >= MAX_NUMBER_BITS:
                return f"{what}{_path_text(path)}: a number is out of range ({describe(item)})"
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                return f"{what}{_path_text(path)}: numbers must be finite, got {item!r}"
            continue
        if not isinstance(item, (list, tuple, Mapping)):
            if foreign_ok:
                continue
            return f"{what}{_path_text(path)}: {type(item).__name__} is not a JSON value"
        if depth >= MAX_DEPTH:
            return f"{what} is nested more than {MAX_DEPTH} levels deep"
        count += len(item)
        if count > MAX_ITEMS:
            return f"{what} has more than {MAX_ITEMS} values"
        if isinstance(item, Mapping):
            for key, child in item.items():
                if not isinstance(key, str):
                    if foreign_ok:
                        stack.append((child, depth + 1, (path, describe(key))))
                        continue
                    return f"{what}{_path_text(path)}: object keys must be strings, got {describe(key)}"
                characters += len(key)
                if characters > MAX_CHARACTERS:
                    return f"{what} has more than {MAX_CHARACTERS} characters of text"
                if _has_lone_surrogate(key):
                    return f"{what}{_path_text(path)}: an object key holds a lone UTF-16 surrogate (not valid Unicode)"
                stack.append((child, depth + 1, (path, key)))
        else:
            stack.extend((child, depth + 1, (path, index)) for index, child in enumerate(item))
    return None


def _plainly_carried(value: Any, depth: int, totals: list[int]) -> bool:
    """The quick look of :func:`wire_problem` (most values are small and plain): True when ``value``
    is made only of dicts, lists and tuples (nested less than :data:`MAX_DEPTH` deep) of ASCII
    strings and keys, finite floats, ints in range, bools and None, adding its values and
    characters to ``totals``; False when it needs the walk (anything else, or over
    :data:`MAX_ITEMS`). Its recursion is bounded by :data:`MAX_DEPTH`."""
    kind = value.__class__
    if kind is str:
        totals[1] += len(value)
        return bool(value.isascii())
    if kind is bool or value is None:
        return True
    if kind is int:
        return bool(value.bit_length() < MAX_NUMBER_BITS)
    if kind is float:
        return math.isfinite(value)
    if depth >= MAX_DEPTH or not (kind is dict or kind is list or kind is tuple):
        return False
    totals[0] += len(value)
    if totals[0] > MAX_ITEMS:
        return False
    if kind is dict:
        for key, child in value.items():
            if key.__class__ is not str or not key.isascii():
                return False
            totals[1] += len(key)
            if not _plainly_carried(child, depth + 1, totals):
                return False
        return True
    for child in value:
        if not _plainly_carried(child, depth + 1, totals):
            return False
    return True


def check_wire_value(value: Any, what: str = "the value", *, foreign_ok: bool = False) -> None:
    """:class:`~scapi_widget.errors.InvalidParameterError` saying where and why, unless ``value``
    can be carried (see the module's rules and :func:`wire_problem`)."""
    problem = wire_problem(value, what, foreign_ok=foreign_ok)
    if problem is not None:
        raise InvalidParameterError(problem)
