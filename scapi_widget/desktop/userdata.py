"""Attached (user) data: validation, the bound on what one interaction holds, the
read/write-allowed key filters, and which keys the agent is shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from ..errors import InvalidActionError, InvalidParameterError, NotAllowedError
from ..wire.values import check_wire_value, describe
from .json_values import SCALARS, copy_json

MAX_USER_DATA_CHARACTERS = 10_000_000
"""Characters of text (keys and strings together) in one interaction's user data, at most: about 10 MB."""
MAX_USER_DATA_VALUES = 100_000
"""Values (keys' values, and everything inside them) in one interaction's user data, at most."""
DESKTOP_KEY_PREFIX = "IW_"
"""User data keys the desktop attaches for itself start so (``IW_CaseUid``, ``IW_BundleUid``): apps
read them, the agent is not shown them (the desktop UI, an interaction's repr in the notebook)."""


def shown_to_agent(user_data: Mapping[str, Any]) -> dict[str, Any]:
    """The user data the agent is shown: all but the desktop's own keys."""
    return {k: v for k, v in user_data.items() if not k.startswith(DESKTOP_KEY_PREFIX)}


def check_key_values(key_values: Any, what: str = "user data") -> dict[str, Any]:
    """A validated deep copy of a key/value object, or :class:`InvalidParameterError`.

    Keys are non-empty strings; values are JSON values the desktop can carry
    (:func:`~scapi_widget.wire.values.check_wire_value`: finite numbers, valid Unicode, bounded).
    """
    if key_values.__class__ is not dict and not isinstance(key_values, Mapping):
        raise InvalidParameterError(f"{what} must be an object of key/value pairs, got {type(key_values).__name__}")
    result: dict[str, Any] = {}
    for key, value in key_values.items():
        if not isinstance(key, str) or not key:
            raise InvalidParameterError(f"{what} keys must be non-empty strings, got {describe(key)}")
        result[key] = value
    check_wire_value(result, what)
    copied: dict[str, Any] = copy_json(result)  # the desktop's own: what the caller changes later does not change it
    return copied


def value_size(value: Any) -> tuple[int, int]:
    """(characters of text, values) in ``value`` and everything inside it, as the bound counts them:
    a string's characters, an object's keys' characters, one value per item of a list or object."""
    kind = value.__class__
    if kind in SCALARS:  # (most values: no walk)
        return (len(value), 0) if kind is str else (0, 0)
    characters = values = 0
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        kind = item.__class__
        if kind is str:
            characters += len(item)
        elif kind in SCALARS:
            continue
        elif isinstance(item, str):
            characters += len(item)
        elif isinstance(item, Mapping):
            values += len(item)
            characters += sum(map(len, item))
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            values += len(item)
            stack.extend(item)
    return characters, values


Sizes = dict[str, tuple[int, int]]
"""Key -> (characters of text, values) it adds to the user data: the key and everything in its value."""


def _key_size(key: str, value: Any) -> tuple[int, int]:
    characters, values = value_size(value)
    return len(key) + characters, 1 + values


class UserDataBound:
    """One interaction's user data, counted (characters of text, values) key by key, so the bound is
    checked at the cost of the change: a change beside megabytes of user data counts its own keys.
    As it counts, it notes which keys hold containers (:attr:`containers`), so that a copy of the user
    data costs its keys and containers, not its text. Kept by :class:`~.interactions.Interaction`,
    whose methods are the only writers of its user data."""

    __slots__ = ("_sizes", "characters", "containers", "values")

    def __init__(self) -> None:
        self._sizes: Sizes = {}
        self.characters = 0
        self.values = 0
        self.containers: set[str] = set()
        """The keys whose values are containers (objects, lists): a copy of the user data copies
        these deeply and shares the rest, immutable scalars (:meth:`~.interactions.Interaction.user_data_json`)."""

    def recount(self, user_data: Mapping[str, Any]) -> None:
        """Count ``user_data`` afresh."""
        self._sizes = {}
        self.characters = self.values = 0
        self.containers = set()
        self.counted(user_data, user_data.keys())

    def counted(self, user_data: Mapping[str, Any], keys: Iterable[str], known: Sizes | None = None) -> None:
        """``keys`` of ``user_data`` were set or deleted: count them again (``known``: the sizes
        :meth:`check` gave for these very values)."""
        sizes = self._sizes
        for key in keys:
            old = sizes.pop(key, None)
            if old is not None:
                self.characters -= old[0]
                self.values -= old[1]
            self.containers.discard(key)
            if key in user_data:
                value = user_data[key]
                if value.__class__ not in SCALARS:
                    self.containers.add(key)
                size = known[key] if known is not None else _key_size(key, value)
                sizes[key] = size
                self.characters += size[0]
                self.values += size[1]

    def check(self, change: Mapping[str, Any], interaction_id: str) -> Sizes:
        """:class:`InvalidActionError` when the user data with ``change`` set would hold more than
        :data:`MAX_USER_DATA_CHARACTERS` characters of text or :data:`MAX_USER_DATA_VALUES` values;
        else the sizes of ``change``'s keys (for :meth:`counted`)."""
        characters, values = self.characters, self.values
        sizes: Sizes = {}
        for key, value in change.items():
            old = self._sizes.get(key)
            if old is not None:
                characters -= old[0]
                values -= old[1]
            added = sizes[key] = _key_size(key, value)
            characters += added[0]
            values += added[1]
        if characters > MAX_USER_DATA_CHARACTERS or values > MAX_USER_DATA_VALUES:
            _over_bound(interaction_id)
        return sizes


def _over_bound(interaction_id: str) -> NoReturn:
    raise InvalidActionError(
        f"interaction {interaction_id}'s user data would hold more than {MAX_USER_DATA_CHARACTERS:,} "
        f"characters of text or {MAX_USER_DATA_VALUES:,} values, the most an interaction holds; "
        "delete keys first (interaction.deleteUserData)"
    )


class KeyFilter:
    """A key list such as ``service-client-api.user-data.write-allowed``: ``"*"`` or named keys."""

    def __init__(self, keys: str | Iterable[str] = "*") -> None:
        if isinstance(keys, str):
            parts = [k.strip() for k in keys.split(",") if k.strip()]
        else:
            parts = [str(k) for k in keys]
        self.everything = "*" in parts
        self.keys = frozenset(parts)

    def allows(self, key: str) -> bool:
        return self.everything or key in self.keys

    def check_write(self, keys: Iterable[str]) -> None:
        """:class:`NotAllowedError` naming the first key that may not be written."""
        for key in keys:
            if not self.allows(key):
                allowed = ", ".join(sorted(self.keys)) or "none"
                raise NotAllowedError(f"user data key {key!r} may not be written (write-allowed keys: {allowed})")

    def filter(self, user_data: Mapping[str, Any]) -> dict[str, Any]:
        if self.everything:
            return dict(user_data)
        return {k: v for k, v in user_data.items() if k in self.keys}

    def __repr__(self) -> str:
        return "KeyFilter('*')" if self.everything else f"KeyFilter({sorted(self.keys)!r})"
