"""Every security statement the README makes names the tests that prove it, and they exist.

The README's "Security model and frame sandbox" section lists rules as top-level bullets (before
"What does not hold:", which lists limits, not rules). Each bullet, with its sub-bullets, must name
at least one test file (``tests/...test_*.py`` or ``js/test/*.test.mjs``, or a bare ``test_*.py``
of tests/ or tests/browser/), and every test file it names must exist.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Security model and frame sandbox"
LIMITS = "What does not hold:"
TEST_FILE = re.compile(r"`((?:tests/|js/test/)?[\w/]*?(?:test_\w+\.py|[\w-]+\.test\.mjs))")


def security_rules() -> list[str]:
    """The section's top-level bullets, each with its continuation lines and sub-bullets."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0].split(LIMITS, 1)[0]
    rules: list[str] = []
    for line in section.splitlines():
        if line.startswith("* "):
            rules.append(line)
        elif rules and line.startswith(" "):
            rules[-1] += "\n" + line
    return rules


def resolve(name: str) -> list[Path]:
    """Where a named test file may be: as written, or a bare name in tests/ or tests/browser/."""
    if "/" in name:
        return [ROOT / name]
    return [ROOT / "tests" / name, ROOT / "tests" / "browser" / name]


def test_the_section_states_rules() -> None:
    assert len(security_rules()) >= 10


def test_every_security_rule_names_its_tests() -> None:
    unproven = [rule.split("\n", 1)[0] for rule in security_rules() if not TEST_FILE.search(rule)]
    assert not unproven, f"security statements naming no test: {unproven}"


def test_every_named_test_file_exists() -> None:
    missing = [
        name
        for rule in security_rules()
        for name in TEST_FILE.findall(rule)
        if "*" not in name and not any(path.is_file() for path in resolve(name))
    ]
    assert not missing, f"the README names test files that do not exist: {missing}"
