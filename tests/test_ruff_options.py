"""The options users know from ruff: --output-format (with --format as an alias), -o/--output-file,
--exit-zero, --extend-select/--extend-ignore, --cache-dir, NO_COLOR and FORCE_COLOR."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import run_cli

KEY_TO = "The key to treating insomnia. This is clinically proven.\n"


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(KEY_TO, encoding="utf-8")
    return path


def rules_of(stdout: str) -> list[str]:
    return [f["rule"] for f in json.loads(stdout)]


def test_output_format_and_its_format_alias_give_the_same_report(draft: Path):
    new = run_cli("check", "--no-cache", "--select", "hype", "--output-format", "json", str(draft))
    old = run_cli("check", "--no-cache", "--select", "hype", "--format", "json", str(draft))
    assert new.exit_code == old.exit_code == 1
    assert new.stdout == old.stdout and rules_of(new.stdout) == ["hype/key-to"]


def test_output_file_holds_the_report_and_stdout_stays_empty(draft: Path, tmp_path: Path):
    out = tmp_path / "report.json"
    result = run_cli("check", "--no-cache", "--select", "hype", "--output-format", "json", "-o", str(out), str(draft))
    assert result.exit_code == 1 and result.stdout == ""
    assert rules_of(out.read_text(encoding="utf-8")) == ["hype/key-to"]


def test_exit_zero_with_findings_but_2_on_errors_still(draft: Path, tmp_path: Path):
    assert run_cli("check", "--no-cache", "--select", "hype", "--exit-zero", str(draft)).exit_code == 0
    missing = run_cli("check", "--no-cache", "--select", "hype", "--exit-zero", str(tmp_path / "missing.md"))
    assert missing.exit_code == 2


def test_extend_select_adds_to_the_selection_and_extend_ignore_removes(draft: Path):
    both = run_cli("check", "--no-cache", "--select", "hype", "--extend-select", "certainty", "--format", "json",
                   str(draft))
    assert sorted(set(rules_of(both.stdout))) == ["certainty/clinically-proven", "hype/key-to"]
    less = run_cli("check", "--no-cache", "--select", "hype,certainty", "--extend-ignore", "hype", "--format",
                   "json", str(draft))
    assert set(rules_of(less.stdout)) == {"certainty/clinically-proven"}
    unknown = run_cli("check", "--extend-select", "hyep", str(draft))
    assert unknown.exit_code == 2


def test_extend_select_adds_to_the_configuration_select(draft: Path, tmp_path: Path):
    (tmp_path / ".healthlint.toml").write_text('select = ["hype"]\n', encoding="utf-8")
    result = run_cli("check", "--no-cache", "--extend-select", "certainty", "--format", "json", str(draft))
    assert sorted(set(rules_of(result.stdout))) == ["certainty/clinically-proven", "hype/key-to"]


def test_cache_dir_holds_the_findings_cache(draft: Path, tmp_path: Path):
    folder = tmp_path / "my-cache"
    run_cli("check", "--select", "hype", "--cache-dir", str(folder), str(draft))
    assert any(p.name.startswith("findings-") for p in folder.iterdir())


def test_force_color_colours_a_pipe_and_no_color_wins(draft: Path, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    forced = run_cli("check", "--no-cache", "--select", "hype", str(draft))
    assert "\x1b[" in forced.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run_cli("check", "--no-cache", "--select", "hype", str(draft))
    assert "\x1b[" not in plain.stdout and "hype/key-to" in plain.stdout
