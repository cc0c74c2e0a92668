"""The model-checked contact centre at scale: a million steps (or more) of the rules and invariants
of ``tests/test_centre_model_check.py`` (``tests/centre_machine.py``), as a seeded random walk,
counting instead of stopping at the first failure.

Walks of ``--walk`` steps, each on a fresh centre (four agents, two queues, outside callers) and
each from its own seed (``--seed`` and the walk's number), pick a move at random
(``WALK_WEIGHTS``), run it from Python or as an app's request, and check every invariant after it.
Prints the steps, what succeeded (calls placed, transfers, conferences, every move), how many were
refused with a clear ScapiError, the ``violations`` (an invariant broken) and ``exceptions``
(anything else raised, a ListenerWarning included), and the time; both must be 0 (exit status 1 if
not). A failure prints its walk's seed and last steps, and the run goes on with the next walk.

Usage (from the repository root): python benchmarks/centre_model_check.py [--steps 1000000] [--walk 500] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root: the tests package

from tests.centre_machine import CALLS_PLACED, CONFERENCES, RULES, TRANSFERS, WALK_WEIGHTS, CentreWorld

REPORTED = 3
"""Failures of each kind printed in full."""


def walk(seed: int, steps: int, totals: Counter[str], failures: Counter[str]) -> None:
    """One walk of ``steps`` moves on a fresh centre; a failure ends it (reported, counted)."""
    rng = random.Random(seed)
    world = CentreWorld(seed)
    names = list(RULES)
    weights = [WALK_WEIGHTS.get(name, 1) for name in names]
    recent: deque[str] = deque(maxlen=12)
    try:
        for _ in range(steps):
            world.play(rng.choices(names, weights)[0], rng, announce=recent.append)
            world.check()
    except Exception as exc:
        kind = "violations" if isinstance(exc, AssertionError) else "exceptions"
        failures[kind] += 1
        if failures[kind] <= REPORTED:
            print(f"--- {kind[:-1]} in the walk of seed {seed}, after:", *recent, sep="\n  ", file=sys.stderr)
            traceback.print_exc()
    totals.update(world.counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--walk", type=int, default=500, help="steps per walk (a fresh centre each)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    start = time.perf_counter()
    walks = -(-args.steps // args.walk)
    for number in range(walks):
        walk(args.seed * 1_000_003 + number, min(args.walk, args.steps - number * args.walk), totals, failures)
    elapsed = time.perf_counter() - start
    succeeded = {name: totals[name] for name in RULES}
    print(f"steps: {totals['steps']:,} in {walks:,} walks of up to {args.walk} (seed {args.seed})")
    print(f"calls placed: {sum(totals[n] for n in CALLS_PLACED):,}  ({', '.join(CALLS_PLACED)})")
    print(f"transfers: {sum(totals[n] for n in TRANSFERS):,}  conferences: {sum(totals[n] for n in CONFERENCES):,}")
    print(f"refused with a ScapiError (nothing changed): {totals['refused']:,}")
    print("succeeded by move:", ", ".join(f"{name} {count:,}" for name, count in succeeded.items()))
    print(f"violations: {failures['violations']}  exceptions: {failures['exceptions']}")
    print(f"time: {elapsed:.1f} s ({elapsed / max(totals['steps'], 1) * 1e6:.0f} µs per step, invariants included)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
