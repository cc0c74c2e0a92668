"""The accepted-origins option (REFERENCE §2.1): parsing, normalising, matching, errors."""

from __future__ import annotations

import pytest

from scapi_widget.desktop.security import AccessPolicy, OriginRule, normalize_origin, origin_of

from .origin_spellings import LOOPBACK_SPELLINGS


def test_option_syntax_with_commas_inside_parentheses() -> None:
    policy = AccessPolicy.parse(
        "http://srv1, http://srv2 (*), http://srv3 (agent.*, voice.dial), http://srv4 (agent.*, interaction.*)"
    )
    assert policy.rules == (
        OriginRule("http://srv1", ("*",)),
        OriginRule("http://srv2", ("*",)),
        OriginRule("http://srv3", ("agent.*", "voice.dial")),
        OriginRule("http://srv4", ("agent.*", "interaction.*")),
    )
    assert policy.allows("http://srv1", "voice.hold") and policy.allows("http://srv2", "voice.hold")
    assert policy.allows("http://srv3", "agent.setState") and policy.allows("http://srv3", "voice.dial")
    assert not policy.allows("http://srv3", "voice.hold")
    assert not policy.allows("http://srv3", "voice.dialEx")  # a method name is matched exactly
    assert policy.allows("http://srv4", "interaction.markdone") and not policy.allows("http://srv4", "voice.dial")
    assert not policy.accepts("http://srv9")


def test_whitespace_around_items_and_patterns_is_ignored() -> None:
    policy = AccessPolicy.parse("  http://a  ,http://b(  agent.* ,voice.dial  )  , ")
    assert policy.rules == (OriginRule("http://a"), OriginRule("http://b", ("agent.*", "voice.dial")))


def test_star_does_not_cover_auth_unless_named() -> None:
    policy = AccessPolicy.parse("https://h (*, auth.getJwtToken), https://g, https://k (auth.*)")
    assert policy.allows("https://h", "auth.getJwtToken") and policy.allows("https://h", "system.popupToast")
    assert not policy.allows("https://h", "auth.getPureCloudToken")
    assert not policy.allows("https://g", "auth.getJwtToken")
    assert policy.allows("https://k", "auth.getPureCloudToken") and not policy.allows("https://k", "agent.get")


def test_star_origin_and_namespace_patterns() -> None:
    policy = AccessPolicy.parse("* (interaction.*)")
    assert policy.accepts("https://anything.example")
    assert policy.allows("https://anything.example", "interaction.markdone")
    assert not policy.allows("https://anything.example", "voice.dial")
    assert AccessPolicy.parse("*").allows("http://localhost:8888", "voice.hold")


def test_a_listed_origin_takes_precedence_over_star() -> None:
    policy = AccessPolicy.parse("* (agent.*), https://crm.example (voice.dial)")
    assert policy.allows("https://crm.example", "voice.dial")
    assert not policy.allows("https://crm.example", "agent.get")
    assert policy.allows("https://other.example", "agent.get")


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("HTTPS://Host.Example:443/", "https://host.example"),
        ("https://host.example:443", "https://host.example"),
        ("http://h:80", "http://h"),
        ("http://h:80/", "http://h"),
        ("http://h:443", "http://h:443"),  # 443 is not http's default
        ("https://h:80", "https://h:80"),
        ("http://h:8080", "http://h:8080"),
        ("http://127.0.0.1:9000/", "http://127.0.0.1:9000"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("http://[::1]:80", "http://[::1]"),
        (" https://h.example/ ", "https://h.example"),
    ],
)
def test_origins_are_normalised(written: str, normal: str) -> None:
    assert normalize_origin(written) == normal
    policy = AccessPolicy.parse(written)
    assert policy.rules[0].origin == normal
    assert policy.accepts(normal)


def test_matching_normalises_the_asking_origin_too() -> None:
    policy = AccessPolicy.parse("https://h.example/")
    assert policy.accepts("https://H.example:443")
    assert policy.accepts("https://h.example")
    assert not policy.accepts("http://h.example")  # another scheme is another origin
    assert not policy.accepts("https://h.example:8443")
    assert not policy.accepts("https://sub.h.example")


def test_origin_of_a_url() -> None:
    assert origin_of("http://127.0.0.1:9000/a/b.html?x=1#y") == "http://127.0.0.1:9000"
    assert origin_of("HTTPS://App.Example:443/index.html") == "https://app.example"
    with pytest.raises(ValueError, match="is not an absolute URL"):
        origin_of("/relative/app.html")


def test_empty_policy_accepts_nothing() -> None:
    for text in ("", "   ", ",", " , , "):
        policy = AccessPolicy.parse(text)
        assert policy.rules == ()
        assert not policy.accepts("http://localhost")


def test_tab_mode_may_only_dial() -> None:
    policy = AccessPolicy.parse("https://a, https://b (agent.*)")
    assert policy.allows("https://a", "voice.dial", "tab")
    assert not policy.allows("https://a", "voice.hold", "tab")
    assert not policy.allows("https://a", "voice.dialEx", "tab")
    assert policy.allows("https://a", "system.getAllowedServices", "tab")
    assert not policy.allows("https://b", "voice.dial", "tab")  # the origin's own list still applies
    names = ["agent.get", "voice.dial", "voice.hold", "system.getAllowedServices"]
    assert policy.allowed_services("https://a", names, "tab") == ["voice.dial", "system.getAllowedServices"]
    assert policy.allowed_services("https://b", names) == ["agent.get", "system.getAllowedServices"]


def test_policy_prints_as_the_option_value() -> None:
    text = "http://a, http://b (agent.*, voice.dial)"
    policy = AccessPolicy.parse(text)
    assert str(policy) == text
    assert AccessPolicy.parse(str(policy)).rules == policy.rules
    assert repr(policy) == f"AccessPolicy.parse({text!r})"


def test_with_origins_adds_full_access_for_new_origins_only() -> None:
    policy = AccessPolicy.parse("https://a (agent.*)").with_origins(["https://a", "HTTPS://B:443/"])
    assert policy.rules == (OriginRule("https://a", ("agent.*",)), OriginRule("https://b"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("https://a (agent.*", r"unbalanced '\(' in accepted origins 'https://a \(agent\.\*'"),
        ("https://a (agent.(get)", r"unbalanced '\('"),
        ("https://a agent.*)", r"unbalanced '\)' in accepted origins"),
        ("https://a (agent.*)), https://b", r"unbalanced '\)'"),
        ("https://a ()", r"empty service list for 'https://a'"),
        ("https://a ( , )", r"empty service list for 'https://a'"),
        ("https://a (agent)", r"service pattern 'agent' must be '\*', 'namespace\.\*' or 'namespace\.method'"),
        ("https://a (agent.)", r"service pattern 'agent\.' must be"),
        ("https://a (.get)", r"service pattern '\.get' must be"),
        ("https://a (agent.get.x)", r"service pattern 'agent\.get\.x' must be"),
        ("https://a (*.get)", r"service pattern '\*\.get' must be"),
        ("https://a (agent.ge*)", r"service pattern 'agent\.ge\*' must be"),
        ("https://a (agent get)", r"service pattern 'agent get' must be"),
        ("https://a (agent.get) trailing", r"expected 'origin \(service, \.\.\.\)' in accepted origins"),
        ("(agent.*)", r"an origin is missing before '\(agent\.\*\)'"),
        (
            "host.example",
            r"accepted origin 'host\.example' must be scheme://host\[:port\], e\.g\. 'https://host\.example'",
        ),
        ("localhost:8000 (*)", r"accepted origin 'localhost:8000' must be .* e\.g\. 'https://localhost:8000'"),
        ("https://a.example/app.html", r"'https://a\.example/app\.html' must be .* e\.g\. 'https://a\.example'"),
        ("https://a, ftp:/x", r"accepted origin 'ftp:/x' must be scheme://host"),
    ],
)
def test_bad_option_values_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AccessPolicy.parse(text)


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"accepted origins must be a string like 'https://app\.example \(\*\)'"):
        AccessPolicy.parse(["https://a"])  # type: ignore[arg-type]


# One origin, every spelling a browser reads as it (WHATWG URL host parser): IPv4 number forms,
# a trailing dot, percent-encoded and full-width digits, case.
NOTEBOOK = "http://127.0.0.1:8888"
SPELLINGS = [f"http://{host}:8888" for host in LOOPBACK_SPELLINGS.values()] + ["HTTP://127.0.0.1:8888/"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_an_origin_is_that_origin(spelling: str) -> None:
    assert normalize_origin(spelling) == NOTEBOOK
    assert origin_of(f"{spelling.rstrip('/')}/lab?reset") == NOTEBOOK
    assert AccessPolicy.parse(spelling).rules[0].origin == NOTEBOOK
    assert AccessPolicy.parse(NOTEBOOK).accepts(spelling)


def test_hosts_are_idna_encoded_and_lower_case_as_in_the_browser() -> None:
    assert normalize_origin("https://BÜCHER.example") == "https://xn--bcher-kva.example"
    assert origin_of("https://xn--bcher-kva.example/a") == normalize_origin("https://bücher.example")
    assert normalize_origin("http://[0:0::1]:80") == "http://[::1]"
    assert normalize_origin("http://example.com.") == "http://example.com."  # a domain keeps its dot: another origin


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>1</script>", "blob:http://127.0.0.1:8888/x", "ftp://h/x", "/lab"],
)
def test_only_http_urls_have_an_origin_a_frame_may_load(url: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        origin_of(url)


@pytest.mark.parametrize("written", ["http://h/app", "http://h?x", "http://h#x", "http://u@h", "null", "*", "h"])
def test_what_is_not_an_origin_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match=r"origin|URL"):
        normalize_origin(written)
    assert AccessPolicy.parse("*").rule_for(written) is None
