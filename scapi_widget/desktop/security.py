"""The security model: accepted web-content origins with optional per-origin service lists.

Mirrors the option ``service-client-api.accepted-web-content-origins``, e.g.
``"http://srv1, http://srv2 (*), http://srv3 (agent.*, voice.dial), https://h (*, auth.getJwtToken)"``.
``*`` as a service pattern covers every request except the ``auth`` namespace, which must be
named. An app shown as a tab may only dial.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

ALL = "*"
EXPLICIT_ONLY_NAMESPACES = ("auth.",)
TAB_MODE_SERVICES = frozenset({"voice.dial"})
ALWAYS_ALLOWED = frozenset({"system.getAllowedServices"})  # how any accepted app learns its rights
SERVICE_PATTERN = re.compile(r"\*|[A-Za-z_][A-Za-z0-9_]*\.(?:\*|[A-Za-z_][A-Za-z0-9_]*)")


def normalize_origin(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, default ports dropped; anything else unchanged."""
    text = origin.strip().rstrip("/")
    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        return text
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port is None or port == default else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port is None or port == default else f"[{host}]:{port}"
    return f"{parts.scheme.lower()}://{netloc}"


def origin_of(url: str) -> str:
    """The origin of an absolute URL."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"{url!r} is not an absolute URL")
    return normalize_origin(f"{parts.scheme}://{parts.netloc}")


@dataclass(frozen=True)
class OriginRule:
    """One accepted origin (or ``*``) and the service patterns it may use."""

    origin: str
    patterns: tuple[str, ...] = (ALL,)

    def allows(self, request: str) -> bool:
        explicit_only = request.startswith(EXPLICIT_ONLY_NAMESPACES)
        for pattern in self.patterns:
            if pattern == request:
                return True
            if pattern == ALL:
                if not explicit_only:
                    return True
            elif pattern.endswith(".*") and request.startswith(pattern[:-1]):
                return True
        return False


def _split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside parentheses."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced ')' in accepted origins {text!r}")
        if char == "," and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth != 0:
        raise ValueError(f"unbalanced '(' in accepted origins {text!r}")
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _accepted_origin(name: str) -> str:
    """``*`` or a normalized ``scheme://host[:port]``; a bare host would never match a browser origin."""
    if name == ALL:
        return ALL
    parts = urlsplit(name)
    if not parts.scheme or not parts.netloc or parts.path.strip("/") or parts.query or parts.fragment:
        hint = f"https://{name}" if "://" not in name else f"{parts.scheme}://{parts.netloc or 'host'}"
        raise ValueError(f"accepted origin {name!r} must be scheme://host[:port], e.g. {hint!r}")
    return normalize_origin(name)


def _parse_rule(item: str) -> OriginRule:
    if "(" not in item:
        return OriginRule(_accepted_origin(item))
    origin, _, rest = item.partition("(")
    if not rest.endswith(")"):
        raise ValueError(f"expected 'origin (service, ...)' in accepted origins, got {item!r}")
    patterns = tuple(p.strip() for p in rest[:-1].split(",") if p.strip())
    if not patterns:
        raise ValueError(f"empty service list for {origin.strip()!r} in accepted origins")
    for pattern in patterns:
        if not SERVICE_PATTERN.fullmatch(pattern):
            raise ValueError(f"service pattern {pattern!r} must be '*', 'namespace.*' or 'namespace.method'")
    name = origin.strip()
    if not name:
        raise ValueError(f"an origin is missing before {item!r} in accepted origins")
    return OriginRule(_accepted_origin(name), patterns)


class AccessPolicy:
    """Which origins may use the SCAPI, and which requests each may make."""

    def __init__(self, rules: Iterable[OriginRule] = ()) -> None:
        self.rules: tuple[OriginRule, ...] = tuple(rules)

    @classmethod
    def parse(cls, text: str) -> AccessPolicy:
        """Parse the option's value; raises ValueError saying what is wrong."""
        if not isinstance(text, str):
            raise TypeError(
                f"accepted origins must be a string like 'https://app.example (*)', got {type(text).__name__}"
            )
        return cls(_parse_rule(item) for item in _split_top_level(text))

    def rule_for(self, origin: str) -> OriginRule | None:
        wanted = normalize_origin(origin)
        wildcard = None
        for rule in self.rules:
            if rule.origin == wanted:
                return rule
            if rule.origin == ALL:
                wildcard = rule
        return wildcard

    def accepts(self, origin: str) -> bool:
        return self.rule_for(origin) is not None

    def allows(self, origin: str, request: str, mode: str = "panel") -> bool:
        rule = self.rule_for(origin)
        if rule is None:
            return False
        if request in ALWAYS_ALLOWED:
            return True
        if not rule.allows(request):
            return False
        return mode != "tab" or request in TAB_MODE_SERVICES

    def allowed_services(self, origin: str, requests: Iterable[str], mode: str = "panel") -> list[str]:
        return [name for name in requests if self.allows(origin, name, mode)]

    def with_origins(self, origins: Iterable[str]) -> AccessPolicy:
        """This policy plus full access for more origins (those not already listed)."""
        listed = {rule.origin for rule in self.rules}
        extra = [OriginRule(origin) for origin in dict.fromkeys(map(normalize_origin, origins)) if origin not in listed]
        return AccessPolicy(self.rules + tuple(extra))

    def __str__(self) -> str:
        return ", ".join(
            r.origin if r.patterns == (ALL,) else f"{r.origin} ({', '.join(r.patterns)})" for r in self.rules
        )

    def __repr__(self) -> str:
        return f"AccessPolicy.parse({str(self)!r})"
