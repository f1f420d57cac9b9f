#!/usr/bin/env python3
"""Compare two `healthlint check --output-format json` runs over the same files: which findings
one run has that the other lacks (by file, overlapping words and category). Used while porting
rules from one form to another: every difference is either a fix or something to record.

    python scripts/compare_findings.py old.json new.json [--category cure] [--show 50]
"""
from __future__ import annotations

import argparse
import collections
import json
import sys


def load(path: str) -> list[dict]:
    data = json.load(open(path, encoding="utf-8"))
    return data["findings"] if isinstance(data, dict) else data


def key_overlaps(f: dict, others: list[dict]) -> bool:
    return any(o["category"] == f["category"] and o["offset"] < f["end_offset"] and f["offset"] < o["end_offset"]
               for o in others)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--category", action="append", default=[])
    ap.add_argument("--show", type=int, default=40)
    args = ap.parse_args()
    old, new = load(args.old), load(args.new)
    if args.category:
        old = [f for f in old if f["category"] in args.category]
        new = [f for f in new if f["category"] in args.category]
    by_path_old, by_path_new = collections.defaultdict(list), collections.defaultdict(list)
    for f in old:
        by_path_old[f["path"]].append(f)
    for f in new:
        by_path_new[f["path"]].append(f)
    lost = [f for f in old if not key_overlaps(f, by_path_new[f["path"]])]
    gained = [f for f in new if not key_overlaps(f, by_path_old[f["path"]])]
    print(f"old {len(old)} findings, new {len(new)}; lost {len(lost)}, gained {len(gained)}")
    for label, items in (("LOST", lost), ("GAINED", gained)):
        counts = collections.Counter(f["rule"] for f in items)
        print(f"{label} by rule: {dict(counts.most_common())}")
        for f in items[: args.show]:
            print(f"{label} {f['rule']} {f['path'].rsplit('/', 1)[-1]}:{f['line']}: {f['match']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
