"""Inline suppressions: disable/enable ranges, disable-next-line, reasons, plain-text comment
lines, code that only shows a directive, and reporting suppressions that matched nothing."""
from __future__ import annotations

import functools
import json

import pytest

from integration_support import DEMO, TEAM_RULES, run
from healthlint import parse
from healthlint.project import ProjectLinter
from healthlint.ruleset import RuleSet, load_ruleset


@functools.cache
def team_ruleset() -> RuleSet:
    """The bundled rules and the demo team pack, loaded when a test first runs."""
    return load_ruleset([TEAM_RULES])


def lint(text: str, path: str = "draft.md", fmt: str | None = None, report_unused: bool = False):
    linter = ProjectLinter(team_ruleset(), ["demo"], report_unused_suppressions=report_unused)
    return [(f.line, f.rule) for f in linter.lint(parse(text, path, fmt))]


CURE, GUARANTEE = "demo/miracle-cure", "demo/guaranteed-results"


def test_without_comments_everything_is_reported():
    assert lint("A miracle cure.\n\nGuaranteed results.\n") == [(1, CURE), (3, GUARANTEE)]


def test_disable_and_enable_a_range_by_rule_id():
    text = ("A miracle cure.\n\n<!-- healthlint-disable demo/miracle-cure -->\n\n"
            "A miracle cure. Guaranteed results.\n\n<!-- healthlint-enable -->\n\nA miracle cure.\n")
    assert lint(text) == [(1, CURE), (5, GUARANTEE), (9, CURE)]


def test_disable_with_no_codes_silences_everything_to_the_end():
    assert lint("A miracle cure.\n<!-- healthlint-disable -->\nA miracle cure. Guaranteed results.\n") == [(1, CURE)]


def test_category_codes_and_partial_enable():
    text = ("<!-- healthlint-disable demo -->\nA miracle cure. Guaranteed results.\n"
            "<!-- healthlint-enable demo/guaranteed-results -->\nA miracle cure. Guaranteed results.\n")
    assert lint(text) == [(4, GUARANTEE)]


def test_disable_next_line_with_a_reason_covers_only_the_next_non_blank_line():
    text = ("<!-- healthlint-disable-next-line demo/miracle-cure -- quoted from the label -->\n\n"
            "\"A miracle cure\", the label says. Guaranteed results.\nA miracle cure.\n")
    assert lint(text) == [(3, GUARANTEE), (4, CURE)]


def test_inline_comment_inside_a_paragraph():
    text = "Intro line.\n<!-- healthlint-disable-next-line -->\nA miracle cure, it says.\nA miracle cure.\n"
    assert lint(text) == [(4, CURE)]


def test_comments_in_markdown_code_are_examples_not_directives():
    text = ("```html\n<!-- healthlint-disable -->\n```\n\n"
            "Write `<!-- healthlint-disable -->` to silence a rule.\n\n"
            "    <!-- healthlint-disable -->\n\n"
            "A miracle cure.\n")
    assert lint(text) == [(9, CURE)]


def test_mdx_comment_form():
    assert lint("{/* healthlint-disable-next-line demo */}\nA miracle cure.\nA miracle cure.\n") == [(3, CURE)]


@pytest.mark.parametrize("marker", ["#", "//"])
def test_plain_text_comment_lines(marker):
    text = f"{marker} healthlint-disable-next-line demo/miracle-cure -- quoting a reader\nA miracle cure.\n\nA miracle cure.\n"
    assert lint(text, "notes.txt") == [(4, CURE)]


def test_html_comments_in_html_files():
    text = "<p>A miracle cure.</p>\n<!-- healthlint-disable-next-line demo -->\n<p>A miracle cure.</p>\n"
    assert lint(text, "page.html", "html") == [(1, CURE)]


def test_positions_of_remaining_findings_are_unchanged():
    text = "<!-- healthlint-disable-next-line demo/guaranteed-results -->\nGuaranteed results from a miracle cure.\n"
    linter = ProjectLinter(team_ruleset(), ["demo"])
    [finding] = linter.lint(parse(text, "d.md"))
    assert text[finding.offset:finding.end_offset] == "miracle cure"
    assert (finding.line, finding.column) == (2, 27)


def test_unused_suppressions_are_reported_as_warnings():
    text = ("<!-- healthlint-disable-next-line demo/miracle-cure -->\nA miracle cure.\n\n"
            "<!-- healthlint-disable-next-line demo/guaranteed-results -->\nNothing to see.\n\n"
            "<!-- healthlint-disable demo/no-such-rule -->\n")
    assert lint(text, report_unused=True) == [(4, "healthlint/unused-suppression"), (7, "healthlint/unused-suppression")]


def test_unused_suppression_cli_output_and_exit_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.md").write_text("<!-- healthlint-disable demo/nope -- old -->\nAll fine here.\n", encoding="utf-8")
    assert run("check", *DEMO, "d.md").exit_code == 0
    result = run("check", *DEMO, "--report-unused-suppressions", "--format", "json", "d.md")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)
    assert finding["rule"] == "healthlint/unused-suppression" and finding["severity"] == "warning"
    assert "demo/nope: no such rule or category" in finding["message"]
    assert finding["match"] == "<!-- healthlint-disable demo/nope -- old -->"


def test_suppression_of_a_rule_that_did_not_run_is_not_called_unused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.md").write_text("<!-- healthlint-disable-next-line demo/guaranteed-results -->\n"
                                   "Guaranteed results.\n", encoding="utf-8")
    result = run("check", *DEMO, "--select", "demo/miracle-cure", "--report-unused-suppressions", "d.md")
    assert result.exit_code == 0, result.output
