"""`jurisdiction`: the US FDA disclaimer is appended only for US copy. With none set, the finding
says which statement a US page needs but offers no fix; with uk/eu it says what those rules
require instead (authorised claims only, no disease claims; no disclaimer cures that)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import healthlint
from support import run_cli

RULE = "disclaimer/structure-function-no-fda-disclaimer"
PAGE = "# Calm gummies\n\nOur supplement blend supports mood balance.\n"
FDA = "These statements have not been evaluated by the Food and Drug Administration."


@pytest.fixture()
def page(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def finding(*options: str) -> dict:
    result = run_cli("check", "--no-cache", "--select", RULE, "--format", "json", *options, "page.md")
    [found] = json.loads(result.stdout)
    return found


def test_with_no_jurisdiction_the_statement_is_named_but_not_appended(page: Path):
    found = finding()
    assert found["fix"] is None
    assert FDA in found["message"] and 'jurisdiction = "us"' in found["message"]
    run_cli("check", "--fix", "--select", RULE, "page.md")
    assert page.read_text(encoding="utf-8") == PAGE  # a UK clinic's FAQ is never given US law


def test_us_appends_the_fda_disclaimer(page: Path):
    assert finding("--jurisdiction", "us")["fix"]["replacement"].strip().startswith(FDA)
    run_cli("check", "--fix", "--unsafe-fixes", "--jurisdiction", "us", "--select", RULE, "page.md")
    assert FDA in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("place, law", [("uk", "CAP Code"), ("eu", "1924/2006")])
def test_uk_and_eu_say_what_they_require_and_append_nothing(page: Path, place: str, law: str):
    found = finding("--jurisdiction", place)
    assert found["fix"] is None and found["suggestions"] == []
    assert law in found["message"] and "no disclaimer makes such a claim acceptable" in found["message"]
    assert FDA not in found["message"]


def test_the_configuration_sets_it_and_the_command_line_wins(page: Path):
    Path(".healthlint.toml").write_text('jurisdiction = "us"\n', encoding="utf-8")
    assert finding()["fix"] is not None
    assert finding("--jurisdiction", "uk")["fix"] is None


def test_an_unknown_jurisdiction_is_a_one_line_configuration_error(page: Path):
    Path(".healthlint.toml").write_text('jurisdiction = "mars"\n', encoding="utf-8")
    result = run_cli("check", "page.md")
    assert result.exit_code == 2
    assert "jurisdiction: must be one of us, uk, eu, not 'mars'" in result.stderr


def test_the_python_api_takes_it_on_the_linter(ruleset):
    us = healthlint.Linter(ruleset, select=[RULE], jurisdiction="us")
    default = healthlint.Linter(ruleset, select=[RULE])
    assert healthlint.lint_text(PAGE, path="p.md", linter=us)[0].fix is not None
    assert healthlint.lint_text(PAGE, path="p.md", linter=default)[0].fix is None
