"""Shared by the format tests: a test-only rule that flags "sure cure", and positions checked
against the file itself."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from healthlint.engine import Linter
from healthlint.findings import Finding
from healthlint.formats import ReaderOptions, read_document
from healthlint.reader import Source, format_for
from healthlint.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
COMMON_PACK = FIXTURES / "packs" / "common-words"


@lru_cache(maxsize=1)
def sure_cure_linter() -> Linter:
    return Linter(load_ruleset([COMMON_PACK]), select=["common/sure-cure"])


def lint(text: str, path: str, **options) -> list[Finding]:
    source = Source(path=path, text=text, format=format_for(path))
    return sure_cure_linter().lint(read_document(source, ReaderOptions(**options)))


def blocks(text: str, path: str, **options) -> list[str]:
    source = Source(path=path, text=text, format=format_for(path))
    return [b.text for b in read_document(source, ReaderOptions(**options)).blocks]


def assert_positions_exact(text: str, findings: list[Finding]) -> None:
    """Offsets cut the match out of the file; line/column (1-based, code points) agree."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    for f in findings:
        assert text[f.offset:f.end_offset] == f.match
        assert starts[f.line - 1] + f.column - 1 == f.offset
        assert starts[f.end_line - 1] + f.end_column - 1 == f.end_offset


def flagged_lines(findings: list[Finding]) -> list[int]:
    return [f.line for f in findings]
