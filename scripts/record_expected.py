"""Write fixtures/drafts/<draft>.expected from the current rules, keeping reviewers' comments.

Run it after a rule change, then read the diff line by line: every added or removed finding is a
behaviour change for users.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_expected_findings import actual, drafts  # noqa: E402


def main() -> None:
    for path in drafts():
        record = path.with_name(path.name + ".expected")
        notes = {}
        if record.exists():
            for line in record.read_text(encoding="utf-8").splitlines():
                body, _, note = line.partition("#")
                if note:
                    notes[body.rstrip()] = note.strip()
        lines = [f"# Findings expected on {path.name} (LINE:COLUMN RULE \"MATCH\"  # why)"]
        for item in actual(path):
            lines.append(f"{item}  # {notes[item]}" if item in notes else item)
        record.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{record.relative_to(ROOT)}: {len(lines) - 1} findings")


if __name__ == "__main__":
    main()
