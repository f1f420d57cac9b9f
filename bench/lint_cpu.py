"""CPU time of linting alone, in one process: where `bench/run.py` times whole commands, this
times `Linter.lint` over a folder of drafts, without start-up, rule loading or reading.

    python bench/lint_cpu.py DIR [--warm DIR] [--profile] [--rules N] [--copies K]

The files are read first (the project's reader); a few other files (`--warm`, default: none) are
linted before the clock starts, so that tables built on first use are not counted. CPU time
(`time.process_time`) is what is reported: on a shared machine wall time says more about the
neighbours. `--profile` prints the functions that took the most time (cProfile); `--rules N`
the N rules whose matching took the most (both slow the run down: time it without them);
`--copies K` lints the documents K times (a small corpus replicated, as `--copies 8` turns the
careful corpora into 4 MB). Compare two checkouts by running each, interleaved, a few times, and
comparing medians; the findings' digest must be the same.
"""
from __future__ import annotations

import argparse
import collections
import cProfile
import hashlib
import pstats
import time
from pathlib import Path

from healthlint.engine import Linter
from healthlint.formats import read_document
from healthlint.reader import read_source
from healthlint.rulecache import load_ruleset_cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--warm", type=Path, help="lint these files first, untimed")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--rules", type=int, default=0, metavar="N")
    parser.add_argument("--copies", type=int, default=1, metavar="K")
    parser.add_argument("--cache", type=Path, default=Path(".healthlint_cache"), help="rule cache folder")
    args = parser.parse_args()

    args.cache.mkdir(exist_ok=True)
    linter = Linter(load_ruleset_cached(cache_dir=args.cache))
    paths = sorted(p for p in args.corpus.rglob("*") if p.suffix in (".md", ".txt", ".html", ".mdx"))
    docs = [read_document(read_source(str(p)), linter.reader_options) for p in paths] * args.copies
    size = sum(p.stat().st_size for p in paths) * args.copies
    for path in sorted(args.warm.rglob("*.md"))[:20] if args.warm else []:
        linter.lint(read_document(read_source(str(path)), linter.reader_options))
    per_rule = _time_rules(linter) if args.rules else None

    profile = cProfile.Profile() if args.profile else None
    start = time.process_time()
    if profile:
        profile.enable()
    results = [linter.lint(doc) for doc in docs]
    if profile:
        profile.disable()
    seconds = time.process_time() - start

    digest = hashlib.sha256(repr([[(f.rule, f.offset, f.end_offset, f.suggestions) for f in found]
                                  for found in results]).encode()).hexdigest()[:12]
    print(f"{len(docs)} files, {size / 1e6:.2f} MB: lint {seconds:.2f} s CPU, {size / 1e6 / seconds:.3f} MB/s; "
          f"{sum(map(len, results))} findings (digest {digest})")
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    if per_rule:
        print("rule: CPU s in matching (antipatterns, gates and context included), sentences tried")
        for rule_id, spent in per_rule[0].most_common(args.rules):
            print(f"  {spent:6.3f} {per_rule[1][rule_id]:6d}  {rule_id}")


def _time_rules(linter: Linter) -> tuple[collections.Counter, collections.Counter]:
    """Wrap each sequence's matching to add up CPU time by rule."""
    spent: collections.Counter = collections.Counter()
    tried: collections.Counter = collections.Counter()
    for rule in linter.rules:
        for seq in rule.sequences:
            real = seq.finditer

            def timed(*args, _real=real, _id=rule.id, **kwargs):
                start = time.process_time()
                found = list(_real(*args, **kwargs))
                spent[_id] += time.process_time() - start
                tried[_id] += 1
                return iter(found)

            seq.finditer = timed  # type: ignore[method-assign]
    return spent, tried


if __name__ == "__main__":
    main()
