"""The realistic drafts in fixtures/drafts/ produce exactly the findings recorded next to them.

Each `<draft>.expected` lists one finding a line as `LINE:COLUMN RULE "MATCH"`; `#` starts a
comment (the reviewer's note on why the finding is right). Regenerate with
`python scripts/record_expected.py` and review the diff: a change here is a change users see.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint import lint_file

DRAFTS = Path(__file__).resolve().parent.parent / "fixtures" / "drafts"
SUFFIXES = {".md", ".txt", ".html", ".mdx"}


def drafts() -> list[Path]:
    return sorted(p for p in DRAFTS.iterdir() if p.suffix in SUFFIXES)


def expected(path: Path) -> list[str]:
    record = path.with_name(path.name + ".expected")
    lines = record.read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].rstrip() for line in lines if line.split("#", 1)[0].strip()]


def actual(path: Path) -> list[str]:
    # a match that runs over a line break is recorded on one line (the record is one finding a line)
    return [f'{f.line}:{f.column} {f.rule} "{" ".join(f.match.split())}"' for f in lint_file(path)]


def test_every_draft_has_a_record():
    assert len(drafts()) >= 4
    for path in drafts():
        assert path.with_name(path.name + ".expected").is_file(), f"{path.name} has no .expected record"


@pytest.mark.parametrize("path", drafts(), ids=lambda p: p.name)
def test_draft_findings_match_the_record(path: Path):
    assert actual(path) == expected(path)
