"""Every speed goal beside the figures one ``make bench`` run measured for it (met / not met).

The benchmarks write their goal checks with ``--json FOLDER/NAME.json``; this reads every record in
FOLDER and prints the goals in the order benchmarks/goals.py states them, each with all its checks, the
load average during each benchmark, and the goals no benchmark measured in this run.

Usage: python benchmarks/summary.py FOLDER
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from goals import GOALS, Check, load_average, read_records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where the benchmarks wrote their --json records")
    args = parser.parse_args()
    records = read_records(args.folder)
    checks = [Check(**check) for record in records for check in record["checks"]]
    print("Summary: each goal beside what this run measured")
    for key, goal in GOALS.items():
        mine = [check for check in checks if check.goal == key]
        print(f"{goal.figure}, goal {goal.describe()} ({goal.script})")
        if not mine:
            print("    not measured in this run")
        for check in mine:
            print(f"    {check.where}: {check.value_text}   {check.verdict}")
    met = sum(check.met for check in checks)
    print(f"{met} of {len(checks)} checks met")
    print("load average (1, 5, 15 min) at the start and end of each benchmark:")
    for record in records:
        start, end = record["load"]
        print(f"    {record['script']:<20} {start}  ->  {end}")
    print(f"    now                  {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
