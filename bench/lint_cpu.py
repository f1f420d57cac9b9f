"""CPU time of linting alone, in one process: where `bench/run.py` times whole commands, this
times `Linter.lint` over a folder of drafts, without start-up, rule compilation or reading.

    python bench/lint_cpu.py DIR [--warm DIR] [--profile] [--rules N] [--oracle]

The files are read first (the project's reader); a few other files (`--warm`, default: none) are
linted before the clock starts, so that tables built on first use are not counted. CPU time
(`time.process_time`) is what is reported: on a shared machine wall time says more about the
neighbours. `--profile` prints the functions that took the most time (cProfile); `--rules N`
the N rules whose matching took the most (both slow the run down: time it without them).
`--oracle` times a second run in which each rule is tried only on the blocks where its pattern
does match (found beforehand, untimed): the ceiling that no prefilter, however sharp, can pass,
since what is left is matching, context and findings for the real hits.
Compare two checkouts by running each, interleaved, a few times, and comparing medians; the
findings' digest must be the same.
"""
from __future__ import annotations

import argparse
import cProfile
import collections
import hashlib
import pstats
import time
from pathlib import Path

from healthlint.engine import Linter, _Prepared
from healthlint.formats import read_document
from healthlint.reader import read_source
from healthlint.rulecache import LazyPattern, load_ruleset_cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--warm", type=Path, help="lint these files first, untimed")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--rules", type=int, default=0, metavar="N")
    parser.add_argument("--oracle", action="store_true", help="also time a run with a perfect block prefilter")
    parser.add_argument("--cache", type=Path, default=Path(".healthlint_cache"), help="rule cache folder")
    args = parser.parse_args()

    args.cache.mkdir(exist_ok=True)
    linter = Linter(load_ruleset_cached(cache_dir=args.cache))
    paths = sorted(p for p in args.corpus.rglob("*") if p.suffix in (".md", ".txt", ".html", ".mdx"))
    docs = [read_document(read_source(str(p)), linter.reader_options) for p in paths]
    size = sum(p.stat().st_size for p in paths)
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
    if args.oracle:
        seconds = _time_with_oracle(linter, docs, results)
        print(f"with a perfect block prefilter: lint {seconds:.2f} s CPU, {size / 1e6 / seconds:.3f} MB/s")
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    if per_rule:
        print("rule: CPU s in matching (and context), blocks tried")
        for rule_id, spent in per_rule[0].most_common(args.rules):
            print(f"  {spent:6.3f} {per_rule[1][rule_id]:6d}  {rule_id}")


def _time_with_oracle(linter: Linter, docs: list, expected: list) -> float:
    """CPU time of linting `docs` when each rule is tried only on the blocks its pattern matches."""
    real = linter._blocks_by_rule
    plans = []
    for doc in docs:  # untimed: which blocks each rule's pattern matches, by block index
        prepared = [_Prepared(block) for block in doc.blocks]
        index = {id(item): i for i, item in enumerate(prepared)}
        plans.append([[index[id(item)] for item in items
                       if rule.kind == "document" or _pattern(rule).search(item.block.text)]
                      for rule, items in zip(linter.rules, real(prepared))])
    plan: list[list[int]] = []
    linter._blocks_by_rule = lambda prepared: [[prepared[i] for i in found] for found in plan]  # type: ignore[method-assign]
    results = []
    start = time.process_time()
    for doc, plan in zip(docs, plans):
        results.append(linter.lint(doc))
    seconds = time.process_time() - start
    linter._blocks_by_rule = real  # type: ignore[method-assign]
    if [[f.sort_key for f in found] for found in results] != [[f.sort_key for f in found] for found in expected]:
        raise SystemExit("the oracle run found different findings: the timing would compare unlike work")
    return seconds


def _pattern(rule):
    pattern = rule.compiled
    return pattern.compiled() if isinstance(pattern, LazyPattern) else pattern


def _time_rules(linter: Linter) -> tuple[collections.Counter, collections.Counter]:
    """Wrap this linter's per-block matching to add up CPU time by rule."""
    spent: collections.Counter = collections.Counter()
    tried: collections.Counter = collections.Counter()
    matches = linter._matches

    def timed(rule, *args, **kwargs):
        start = time.process_time()
        found = list(matches(rule, *args, **kwargs))
        spent[rule.id] += time.process_time() - start
        tried[rule.id] += 1
        return found

    linter._matches = timed  # type: ignore[method-assign]
    return spent, tried


if __name__ == "__main__":
    main()
