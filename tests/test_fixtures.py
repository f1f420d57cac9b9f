"""The bundled fixtures with the bundled rules: clean drafts stay clean, overstated drafts are
flagged, and nothing is flagged in their code, front matter or comments."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from healthlint import lint_file
from support import FIXTURES

CLEAN = sorted(FIXTURES.glob("clean-*"))
OVERSTATED = sorted(FIXTURES.glob("overstated-*"))


def test_there_are_clean_and_overstated_drafts_in_both_formats():
    for group in (CLEAN, OVERSTATED):
        assert {p.suffix for p in group} == {".md", ".txt"}


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_drafts_have_no_findings(path: Path):
    found = lint_file(path)
    assert found == [], [(f.rule, f.line, f.match) for f in found]


@pytest.mark.parametrize("path", OVERSTATED, ids=lambda p: p.name)
def test_overstated_drafts_are_flagged(path: Path):
    assert lint_file(path)


# Regions of the Markdown fixtures that hold overstated words but are not prose.
_NOT_PROSE = regex.compile(
    r"\A(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+)\n"     # front matter
    r"|^```.*?^```"                                # fenced code
    r"|^    \S[^\n]*$"                             # indented code
    r"|<!--.*?-->"                                 # comments
    r"|`[^`\n]+`"                                  # inline code
    r"|\]\([^)]*\)"                                # link and image destinations
    r"|^\[[^\]]+\]:[^\n]*$",                       # link reference definitions
    regex.S | regex.M)


@pytest.mark.parametrize("path", [p for p in OVERSTATED if p.suffix == ".md"], ids=lambda p: p.name)
def test_no_finding_in_code_front_matter_comments_or_urls(path: Path, probe_dir: Path):
    from healthlint import Linter, load_ruleset

    text = path.read_text(encoding="utf-8")
    regions = [m.span() for m in _NOT_PROSE.finditer(text)]
    assert regions, "the fixture should contain non-prose regions with overstated words"
    linter = Linter(load_ruleset([probe_dir]), select=["probe/overstated", "hype"])
    for finding in lint_file(path) + lint_file(path, linter=linter):
        inside = [text[a:b] for a, b in regions if a < finding.end_offset and finding.offset < b]
        assert not inside, (finding.rule, finding.line, finding.match, inside)
