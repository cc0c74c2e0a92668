"""The envelope fuzz at scale: 100,000 envelopes (or more) against the property of
``tests/test_envelope_fuzz.py``, counting instead of stopping at the first failure.

Prints how many envelopes of each kind were sent, how many were refused (errorMessage), accepted
or left unanswered, how many replies there were, how often a referenceId repeated within a batch,
how often the desktop was rebuilt, and how many envelopes raised out of ``AppBridge.receive``
(``exceptions``) or broke the property (``violations``); both must be 0 (exit status 1 if not).

Usage (from the repository root): python benchmarks/envelope_fuzz.py [--examples 100000] [--batch 50]
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root: the tests package

from scapi_widget.wire.values import describe
from tests import test_envelope_fuzz as fuzz


def run(examples: int, batch: int) -> tuple[fuzz.Counts, Counter[str], float]:
    counts = fuzz.Counts()
    failures: Counter[str] = Counter()

    @settings(max_examples=examples // batch, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(fuzz.envelopes(), min_size=batch, max_size=batch))
    def envelopes(items: list[tuple[str, Any]]) -> None:
        seen_refs: set[Any] = set()
        for kind, data in items:
            before = fuzz.FUZZ.desk.snapshot()
            try:
                fuzz.check(kind, data, counts, seen_refs)
            except Exception as exc:
                what = "violations" if isinstance(exc, AssertionError) else "exceptions"
                failures[what] += 1
                if failures[what] <= 3:
                    report(kind, data, before)
                fuzz.FUZZ = fuzz.Fuzzed()

    start = time.perf_counter()
    envelopes()
    return counts, failures, time.perf_counter() - start


def report(kind: str, data: Any, before: dict[str, Any]) -> None:
    """What failed: the traceback, the envelope in short, and which parts of the desktop changed."""
    traceback.print_exc()
    fields = {k: describe(v, 60) for k, v in data.items()} if isinstance(data, dict) else describe(data, 60)
    after = fuzz.FUZZ.desk.snapshot()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}
    print(f"  kind {kind}: {fields}\n  changed: {str(changed)[:2000]}", file=sys.stderr)


def by_kind(counter: Counter[str]) -> str:
    return ", ".join(f"{kind} {counter[kind]}" for kind in fuzz.BUILDERS if counter[kind]) or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=100_000, help="envelopes to send (default 100000)")
    parser.add_argument("--batch", type=int, default=50, help="envelopes per hypothesis example (default 50)")
    args = parser.parse_args()
    counts, failures, seconds = run(args.examples, args.batch)
    total = sum(counts.examples.values())
    print(f"examples    {total} in {seconds:.1f} s ({total / seconds:.0f}/s)")
    print(f"  by kind   {by_kind(counts.examples)}")
    print(f"replies     {counts.replies} (duplicate referenceIds within a batch: {counts.duplicate_refs})")
    print(f"refused     {sum(counts.refused.values())}: {by_kind(counts.refused)}")
    print(f"accepted    {sum(counts.accepted.values())}: {by_kind(counts.accepted)}")
    print(f"unanswered  {sum(counts.unanswered.values())}: {by_kind(counts.unanswered)}")
    print(f"restarts    {counts.restarts} (the desktop rebuilt after accepted hostile requests added state)")
    print(f"exceptions={failures['exceptions']} violations={failures['violations']}")
    return 0 if total >= args.examples and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
