"""The security model: accepted web-content origins with optional per-origin service lists.

Mirrors the option ``service-client-api.accepted-web-content-origins``, e.g.
``"http://srv1, http://srv2 (*), http://srv3 (agent.*, voice.dial), https://h (*, auth.getJwtToken)"``.
``*`` as a service pattern covers every request except the ``auth`` namespace, which must be
named. An app shown as a tab may only dial.

Every origin is decided as the browser decides it: URLs are parsed by the WHATWG URL standard
(ada, the parser Node.js uses), so one origin's many spellings (``127.1``, ``2130706433``,
``0x7f.0.0.1``, a trailing dot, percent-encoded or full-width digits, IDNA and case) are one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ada_url import join_url, parse_url

ALL = "*"
EXPLICIT_ONLY_NAMESPACES = ("auth.",)
TAB_MODE_SERVICES = frozenset({"voice.dial"})
ALWAYS_ALLOWED = frozenset({"system.getAllowedServices"})  # how any accepted app learns its rights
WEB_SCHEMES = ("http:", "https:")
ORIGINS_REMEMBERED = 256  # normalize_origin's answers kept (a bounded cache: origins come from the browser)
SERVICE_PATTERN = re.compile(r"\*|[A-Za-z_][A-Za-z0-9_]*\.(?:\*|[A-Za-z_][A-Za-z0-9_]*)")


def web_url(url: str, base: str | None = None) -> str:
    """``url`` (resolved against ``base`` when given) as the browser will load it: the WHATWG URL
    standard's serialization, which is how every origin here is decided (``http://127.1/``,
    ``http://2130706433/``, ``http://0x7f.0.0.1/``, ``http://127.0.0.1./``, percent-encoded and
    full-width digits all are ``http://127.0.0.1/``; hosts are IDNA-encoded and lower case).
    Raises ValueError for anything but an http(s) URL."""
    if not isinstance(url, str):
        raise ValueError(f"expected a URL string, got {type(url).__name__}")
    try:
        href = join_url(base, url) if base is not None else parse_url(url, ("href",))["href"]
        parsed = parse_url(href, ("protocol", "href"))
    except ValueError:
        raise ValueError(f"{url!r} is not an absolute URL") from None
    if parsed["protocol"] not in WEB_SCHEMES:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return parsed["href"]


def origin_of(url: str) -> str:
    """The origin of an absolute http(s) URL (``scheme://host[:port]``), exactly as the browser
    serializes it (see :func:`web_url`). Raises ValueError for anything else."""
    return parse_url(web_url(url), ("origin",))["origin"]


def normalize_origin(origin: str) -> str:
    """An origin written ``scheme://host[:port]`` (a trailing ``/`` allowed), as the browser
    serializes it (see :func:`web_url`). Raises ValueError for anything else (a path, a query,
    credentials, another scheme)."""
    if not isinstance(origin, str):
        raise ValueError(f"expected an origin string, got {type(origin).__name__}")
    return _normalized_origin(origin)


@functools.lru_cache(maxsize=ORIGINS_REMEMBERED)
def _normalized_origin(origin: str) -> str:
    """:func:`normalize_origin`'s answer, remembered: every request's origin is checked against every
    rule, and each parse calls into ada (the answer for a string never changes)."""
    href = web_url(origin)
    serialized = parse_url(href, ("origin",))["origin"]
    if href != serialized + "/":
        raise ValueError(f"{origin!r} is not an origin (scheme://host[:port])")
    return serialized


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
    """``*`` or ``scheme://host[:port]`` as the browser serializes it; a bare host would never
    match a browser origin."""
    if name == ALL:
        return ALL
    try:
        return normalize_origin(name)
    except ValueError:
        pass
    hint = f"https://{name}"
    if "://" in name:
        try:
            hint = origin_of(name)
        except ValueError:
            hint = "https://host"
    raise ValueError(f"accepted origin {name!r} must be scheme://host[:port], e.g. {hint!r}")


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
        """The rule for ``origin`` (any spelling the browser reads as that origin), else the ``*``
        rule if there is one; None for anything that is not an origin."""
        try:
            wanted = normalize_origin(origin)
        except ValueError:
            return None
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
