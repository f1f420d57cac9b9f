"""The Python API: `healthlint.lint_text`, `lint_file` and a custom `Linter`."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import healthlint
from healthlint import Finding, Linter, lint_file, lint_text, load_ruleset
from support import FIXTURES, position_problems

CODE_ONLY = "Intro.\n\n```\nThis is the key to treating insomnia.\n```\n"


def test_lint_text_returns_findings_with_positions_into_the_given_text():
    text = "# Sleep\n\nCafé owners say this is the key to treating insomnia.\n"
    (finding,) = lint_text(text, path="post.md")
    assert isinstance(finding, Finding)
    assert (finding.rule, finding.match, finding.line, finding.column) == ("hype/key-to", "the key to", 3, 25)
    assert not position_problems(text, finding)
    assert finding.path == "post.md"


def test_the_format_comes_from_the_path_or_the_argument():
    assert lint_text(CODE_ONLY, path="post.md") == []                 # Markdown: code is not prose
    assert lint_text(CODE_ONLY, path="post.txt")                      # plain text: it is
    assert lint_text(CODE_ONLY) != []                                 # no path: plain text
    assert lint_text(CODE_ONLY, path="post.txt", format="markdown") == []
    assert lint_text(CODE_ONLY, path="post.md", format="text") != []


def test_a_custom_linter_selects_rules(probe_dir: Path):
    linter = Linter(load_ruleset([probe_dir]), select=["probe/marker"], ignore=None)
    found = lint_text("A miracle and a flagme.", linter=linter)
    assert [f.rule for f in found] == ["probe/marker"]


def test_findings_convert_to_the_json_fields():
    (finding,) = lint_text("This is the key to treating insomnia.")
    data = finding.to_dict()
    assert data["match"] == "the key to" and data["fix"]["replacement"] == finding.suggestions[0]
    assert list(data) == ["path", "line", "column", "end_line", "end_column", "offset", "end_offset",
                          "rule", "category", "severity", "message", "match", "suggestions", "fix"]


def test_lint_file_reads_encodings_like_the_cli(tmp_path: Path):
    fixture = FIXTURES / "overstated-newsletter.txt"
    text = fixture.read_text(encoding="utf-8")
    expected = [(f.line, f.column, f.match) for f in lint_text(text, path="x.txt")]
    assert expected
    for name, data in {"bom.txt": codecs.BOM_UTF8 + text.encode(), "utf16.txt": text.encode("utf-16")}.items():
        (tmp_path / name).write_bytes(data)
        assert [(f.line, f.column, f.match) for f in lint_file(tmp_path / name)] == expected
    with pytest.raises(healthlint.ReadError, match="no such file"):
        lint_file(tmp_path / "missing.md")


def test_parse_exposes_the_prose_blocks():
    doc = healthlint.parse("# Title\n\nBody with `code`.\n", path="a.md")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]
    assert doc.blocks[0].text == "Title"
