"""An unknown rule code names the code that was probably meant, on the command line, in the
configuration and in `explain`."""
from __future__ import annotations

from pathlib import Path

from healthlint.didyoumean import close_codes
from support import run_cli


def test_a_misspelt_category_on_the_command_line_suggests_it(tmp_path: Path):
    draft = tmp_path / "a.md"
    draft.write_text("Fine.\n", encoding="utf-8")
    result = run_cli("check", "--select", "hyep", str(draft))
    assert result.exit_code == 2
    assert "unknown rule or category: hyep (did you mean hype?)" in result.stderr


def test_a_misspelt_rule_in_the_configuration_suggests_it(tmp_path: Path):
    (tmp_path / ".healthlint.toml").write_text('ignore = ["cure/cure-condition"]\n', encoding="utf-8")
    draft = tmp_path / "a.md"
    draft.write_text("Fine.\n", encoding="utf-8")
    result = run_cli("check", str(draft))
    assert result.exit_code == 2
    assert "ignore: unknown rule or category: cure/cure-condition (did you mean cure/cures-condition" in result.stderr


def test_explain_suggests_the_close_rule():
    result = run_cli("explain", "certainty/clinicaly-proven")
    assert result.exit_code == 2
    assert "Did you mean: certainty/clinically-proven" in result.stderr


def test_nothing_close_suggests_nothing():
    assert close_codes("zzzz", ["hype", "cure/cures-condition"]) == []
