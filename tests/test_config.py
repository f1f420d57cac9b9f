"""Configuration: found by walking up, every key honoured, command-line options win, and every
mistake named with its file and key (exit code 2)."""
from __future__ import annotations

import json

import pytest

from integration_support import TEAM_RULES, run

DRAFT = "Ginger is a miracle cure. Guaranteed results!\n"


def findings(*args: str) -> list[tuple[str, str, str]]:
    result = run("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["rule"], f["severity"]) for f in json.loads(result.stdout)]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with drafts in docs/ and the demo pack as its team rules."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "legal").mkdir(parents=True)
    for name in ("docs/a.md", "docs/legal/terms.md", "notes.txt"):
        (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    (tmp_path / "team").symlink_to(TEAM_RULES, target_is_directory=True)
    return tmp_path


def write(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_pyproject_table_is_found_from_the_linted_files(project, monkeypatch):
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.healthlint]\nrule-paths = ["team"]\n'
                                      'select = ["demo/miracle-cure"]\n')
    monkeypatch.chdir(project / "docs")  # config lives above the working folder
    assert findings("a.md") == [("a.md", "demo/miracle-cure", "warning")]


def test_dedicated_file_uses_top_level_keys_and_wins_over_pyproject(project):
    write(project / "pyproject.toml", '[tool.healthlint]\nselect = ["demo/miracle-cure"]\nrule-paths = ["team"]\n')
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\nselect = ["demo/guaranteed-results"]\n')
    assert findings("docs/a.md") == [("docs/a.md", "demo/guaranteed-results", "error")]


def test_config_option_names_the_file(project):
    write(project / "ci.toml", 'rule-paths = ["team"]\nselect = ["demo"]\nignore = ["demo/guaranteed-results"]\n')
    assert findings("--config", "ci.toml", "docs/a.md") == [("docs/a.md", "demo/miracle-cure", "warning")]


def test_cli_select_replaces_and_cli_ignore_adds(project):
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\nselect = ["demo/miracle-cure"]\n'
                                        'extend-select = ["disclaimer"]\nignore = ["disclaimer"]\n')
    assert findings("docs/a.md") == [("docs/a.md", "demo/miracle-cure", "warning")]
    assert findings("--select", "demo", "docs/a.md") == [
        ("docs/a.md", "demo/miracle-cure", "warning"), ("docs/a.md", "demo/guaranteed-results", "error")]
    assert findings("--select", "demo", "--ignore", "demo/miracle-cure", "docs/a.md") == [
        ("docs/a.md", "demo/guaranteed-results", "error")]


def test_extend_select_adds_to_select(project):
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\nselect = ["demo/miracle-cure"]\n'
                                        'extend-select = ["demo/guaranteed-results"]\n')
    assert [r for _, r, _ in findings("docs/a.md")] == ["demo/miracle-cure", "demo/guaranteed-results"]


def test_severity_overrides_by_rule_and_category_and_fail_level(project):
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\nselect = ["demo"]\nfail-level = "error"\n'
                                        '[severity]\ndemo = "info"\n"demo/guaranteed-results" = "warning"\n')
    assert findings("docs/a.md") == [("docs/a.md", "demo/miracle-cure", "info"),
                                     ("docs/a.md", "demo/guaranteed-results", "warning")]
    assert run("check", "docs/a.md").exit_code == 0  # nothing at error any more
    assert run("check", "--fail-level", "warning", "docs/a.md").exit_code == 1  # the option wins


def test_per_file_ignores(project):
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\nselect = ["demo"]\n'
                                        '[per-file-ignores]\n"docs/legal/*" = ["demo"]\n"*.txt" = ["demo/miracle-cure"]\n')
    assert sorted(findings(".")) == [
        ("docs/a.md", "demo/guaranteed-results", "error"), ("docs/a.md", "demo/miracle-cure", "warning"),
        ("notes.txt", "demo/guaranteed-results", "error")]


def test_include_and_exclude_apply_to_walked_and_named_files(project):
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\nselect = ["demo/miracle-cure"]\n'
                                        'include = ["docs/**/*.md"]\nexclude = ["legal"]\n')
    assert findings(".") == [("docs/a.md", "demo/miracle-cure", "warning")]
    # pre-commit names files one by one: the same set is linted.
    assert findings("docs/a.md", "docs/legal/terms.md", "notes.txt") == [("docs/a.md", "demo/miracle-cure", "warning")]


def test_team_disclaimer_replaces_the_suggested_statement(project):
    write(project / "shop.md", "Try our supplement for calm.\n")
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\nselect = ["disclaimer"]\n'
                                        'disclaimer = "Talk to your pharmacist. Not intended to diagnose any illness."\n')
    result = run("check", "--format", "json", "shop.md")
    [finding] = json.loads(result.stdout)
    assert finding["suggestions"] == ["Talk to your pharmacist. Not intended to diagnose any illness."]
    assert finding["fix"]["replacement"].strip() == "Talk to your pharmacist. Not intended to diagnose any illness."


def test_team_rule_packs_are_validated_like_bundled_ones(project):
    (project / "broken").mkdir()
    write(project / "broken" / "x.toml", '[pack]\ncategory = "x"\n[[rule]]\nid = "x/y"\nmesage = "typo"\n')
    write(project / ".healthlint.toml", 'rule-paths = ["broken"]\n')
    result = run("check", "docs/a.md")
    assert result.exit_code == 2
    assert "x.toml" in result.stderr and "x/y" in result.stderr and "mesage" in result.stderr


def test_rules_and_explain_know_the_team_rules(project):
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\n')
    assert "demo/miracle-cure" in run("rules").stdout
    assert run("explain", "demo/miracle-cure").exit_code == 0


@pytest.mark.parametrize("text, named", [
    ('selct = ["demo"]\n', "selct: unknown key"),
    ('select = "demo"\n', "select: must be a list"),
    ('fail-level = "fatal"\n', "fail-level: must be one of info, warning, error, not 'fatal'"),
    ('[severity]\ndemo = "loud"\n', "severity: 'demo' must be one of"),
    ('select = ["demo/no-such-rule"]\n', "select: unknown rule or category: demo/no-such-rule"),
    ('[per-file-ignores]\n"*.md" = ["nope"]\n', "per-file-ignores.'*.md': unknown rule or category: nope"),
    ('rule-paths = ["missing"]\n', "rule-paths: folder 'missing' does not exist"),
    ('disclaimer = ""\n', "disclaimer: must be a non-empty string"),
    ('select = [\n', "invalid TOML"),
])
def test_bad_configuration_names_file_and_key(project, text, named):
    write(project / ".healthlint.toml", 'rule-paths = ["team"]\n' + text if "rule-paths" not in text else text)
    result = run("check", "docs/a.md")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert ".healthlint.toml" in line and named in line
    assert "Traceback" not in result.output


def test_bad_pyproject_key_names_the_table(project):
    write(project / "pyproject.toml", '[tool.healthlint]\nfail_level = "error"\n')
    result = run("check", "docs/a.md")
    assert result.exit_code == 2
    assert "pyproject.toml: [tool.healthlint] fail_level: unknown key" in result.stderr


def test_missing_config_file_is_an_error(project):
    result = run("check", "--config", "nope.toml", "docs/a.md")
    assert result.exit_code == 2 and "nope.toml: configuration file does not exist" in result.stderr
