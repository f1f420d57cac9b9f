"""Keep the README's generated facts true: rule counts per pack and in total, the output formats,
the file extensions read. Each fact is computed from the rule packs and the code, never typed.

    python scripts/readme_facts.py           # rewrite README.md where a fact changed
    python scripts/readme_facts.py --check   # exit 1 naming each fact that is out of date

The test suite runs `--check` (tests/test_readme_facts.py), so a rule added to a pack without the
README following fails there, with the command that fixes it.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
          "sixteen seventeen eighteen nineteen twenty".split()


@dataclass
class Fact:
    """One place in the README: a pattern whose `value` group must read `expected`."""

    name: str
    pattern: re.Pattern[str]
    expected: str


def _number(n: int) -> str:
    return NUMBERS[n] if n < len(NUMBERS) else str(n)


def _code_list(items: list[str], last: str = "and") -> str:
    quoted = [f"`{i}`" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {last} " + quoted[-1]


def facts() -> list[Fact]:
    sys.path.insert(0, str(ROOT))
    from healthlint.project import project_ruleset
    from healthlint.reader import FORMAT_BY_SUFFIX
    from healthlint.reporters import REPORTERS

    ruleset = project_ruleset()
    per_pack = Counter(r.category for r in ruleset.rules)
    out = [Fact("total rules and packs", re.compile(r"^(?P<value>\d+ rules in \w+ packs)", re.M),
                f"{sum(per_pack.values())} rules in {_number(len(per_pack))} packs")]
    for pack, n in sorted(per_pack.items()):
        out.append(Fact(f"rules in the {pack} pack", re.compile(rf"^\| `{re.escape(pack)}` \| (?P<value>\d+) \|", re.M),
                        str(n)))
    out.append(Fact("output formats", re.compile(r"^\| `--output-format FORMAT` \| (?P<value>[^(|]+?) \(", re.M),
                    _code_list(list(REPORTERS), "or")))
    out.append(Fact("extensions walked", re.compile(r"folders \(walked for (?P<value>.+?)(?=;)", re.S),
                    _code_list(list(FORMAT_BY_SUFFIX))))
    by_format: dict[str, list[str]] = {}
    for suffix, fmt in FORMAT_BY_SUFFIX.items():
        by_format.setdefault(fmt, []).append(f"`{suffix}`")
    out.append(Fact("lint_text formats by extension",
                    re.compile(r"else\nfrom the path's extension \((?P<value>.+?); anything else plain text\)", re.S),
                    "; ".join(f"{', '.join(s)}: {fmt}" for fmt, s in by_format.items())))
    return out


def apply(text: str, found: list[Fact]) -> tuple[str, list[str]]:
    """The README with every fact made true, and a line for each that was not."""
    problems = []
    for fact in found:
        m = fact.pattern.search(text)
        if m is None:
            problems.append(f"{fact.name}: not found in the README (pattern {fact.pattern.pattern!r})")
            continue
        said = " ".join(m.group("value").split())
        if said != fact.expected:
            problems.append(f"{fact.name}: the README says {said!r}, the code says {fact.expected!r}")
            text = text[:m.start("value")] + fact.expected + text[m.end("value"):]
    return text, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check; exit 1 if a fact is out of date")
    ap.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = ap.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    new, problems = apply(text, facts())
    for line in problems:
        print(f"{args.readme.name}: {line}", file=sys.stderr)
    if args.check:
        if problems:
            print("Run `python scripts/readme_facts.py` to update them.", file=sys.stderr)
        return 1 if problems else 0
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
