#!/usr/bin/env python3
"""Split a JSON Lines gold set of standalone sentences into two fixed halves, A and B, by a hash of
each sentence, so that rules can be designed on the misses of half A only and half B stays an
honest held-out figure (the shared scorer reads either half as it reads the whole).

    python scripts/split_halves.py ../shared/eval/dev.jsonl /tmp/halves
    python ../shared/eval/score.py /tmp/halves/A.jsonl --merge causation=cure,certainty

A sentence falls in A when the first byte of the SHA-1 of its whitespace-normalised text is even:
the same sentence always lands in the same half, whatever the file's order or other records.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path


def half_of(text: str) -> str:
    """'A' or 'B' for a sentence, by the parity of the first byte of its SHA-1."""
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).digest()
    return "A" if digest[0] % 2 == 0 else "B"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path, help="JSON Lines file of {\"text\": ..., \"labels\": [...]} records")
    ap.add_argument("out", type=Path, help="folder to write A.jsonl and B.jsonl to")
    args = ap.parse_args(argv)
    try:
        lines = args.gold.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        print(f"split_halves: cannot read {args.gold}: {err.strerror}", file=sys.stderr)
        return 2
    halves: dict[str, list[str]] = {"A": [], "B": []}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            text = json.loads(line)["text"]
        except (json.JSONDecodeError, KeyError, TypeError):
            print(f"split_halves: {args.gold}:{n}: not a record with a \"text\" field", file=sys.stderr)
            return 2
        halves[half_of(text)].append(line)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, records in halves.items():
        (args.out / f"{name}.jsonl").write_text("".join(r + "\n" for r in records), encoding="utf-8")
        print(f"{args.out / (name + '.jsonl')}: {len(records)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
