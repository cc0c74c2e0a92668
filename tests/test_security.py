"""The accepted-origins option: parsing, matching, errors."""

from __future__ import annotations

import pytest

from scapi_widget.desktop.security import AccessPolicy, normalize_origin, origin_of


def test_option_syntax_with_service_lists() -> None:
    policy = AccessPolicy.parse(
        "http://srv1, http://srv2 (*), http://srv3 (agent.*, voice.dial), https://h (*, auth.getJwtToken)"
    )
    assert [r.origin for r in policy.rules] == ["http://srv1", "http://srv2", "http://srv3", "https://h"]
    assert policy.allows("http://srv1", "voice.hold") and not policy.allows("http://srv1", "auth.getJwtToken")
    assert policy.allows("http://srv3", "agent.setState") and policy.allows("http://srv3", "voice.dial")
    assert not policy.allows("http://srv3", "voice.hold")
    assert policy.allows("https://h", "auth.getJwtToken") and policy.allows("https://h", "system.popupToast")
    assert not policy.accepts("http://srv9")


def test_star_origin_and_namespace_patterns() -> None:
    policy = AccessPolicy.parse("* (interaction.*)")
    assert policy.allows("https://anything.example", "interaction.markdone")
    assert not policy.allows("https://anything.example", "voice.dial")
    assert AccessPolicy.parse("https://a (auth.*)").allows("https://a", "auth.getJwtToken")


def test_origins_are_normalised() -> None:
    assert normalize_origin("HTTPS://Host.Example:443/") == "https://host.example"
    assert normalize_origin("http://h:80") == "http://h"
    assert normalize_origin("http://h:8080") == "http://h:8080"
    assert origin_of("http://127.0.0.1:9000/a/b.html?x=1") == "http://127.0.0.1:9000"
    assert AccessPolicy.parse("https://h.example/").accepts("https://H.example:443")


def test_empty_policy_accepts_nothing() -> None:
    assert not AccessPolicy.parse("").accepts("http://localhost")


def test_tab_mode_may_only_dial() -> None:
    policy = AccessPolicy.parse("https://a")
    assert policy.allows("https://a", "voice.dial", "tab")
    assert not policy.allows("https://a", "voice.hold", "tab")
    assert policy.allows("https://a", "system.getAllowedServices", "tab")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("https://a (agent.*", r"unbalanced '\('"),
        ("https://a agent.*)", r"unbalanced '\)'"),
        ("https://a ()", "empty service list"),
        ("https://a (agent)", "must be '\\*', 'namespace.\\*' or 'namespace.method'"),
        ("https://a (agent.get) trailing", "expected 'origin \\(service, ...\\)'"),
    ],
)
def test_bad_option_values_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AccessPolicy.parse(text)


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="accepted origins must be a string"):
        AccessPolicy.parse(["https://a"])  # type: ignore[arg-type]
