"""Spellings a browser reads as the loopback address 127.0.0.1 (the WHATWG URL host parser: IPv4
number forms, a trailing dot, percent-encoded and full-width digits), by what each shows."""

from __future__ import annotations

LOOPBACK_SPELLINGS = {
    "127.1": "127.1",
    "a 32-bit number": "2130706433",
    "hexadecimal": "0x7f.0.0.1",
    "octal": "0177.0.0.1",
    "a trailing dot": "127.0.0.1.",
    "percent-encoded digits": "%31%32%37.0.0.1",
    "full-width digits": "\uff11\uff12\uff17.\uff10.\uff10.\uff11",
    "one hexadecimal number": "0x7F000001",
}
