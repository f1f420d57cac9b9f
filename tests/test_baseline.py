"""The baseline: record today's findings, then report only new ones, even after edits that move
the old ones to other lines."""
from __future__ import annotations

import json

import pytest

from integration_support import DEMO, run

DRAFT = "# Ginger\n\nGinger is a miracle cure.\n\nGuaranteed results, and another miracle cure.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ginger.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def rules(result) -> list[tuple[int, str]]:
    return [(f["line"], f["rule"]) for f in json.loads(result.stdout)]


def test_write_baseline_records_every_finding_and_exits_0(project):
    result = run("check", *DEMO, "--write-baseline", "healthlint-baseline.json", "docs")
    assert result.exit_code == 0
    assert "recorded 3 findings in healthlint-baseline.json" in result.stderr
    data = json.loads((project / "healthlint-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert sorted((r["path"], r["rule"], r["match"]) for r in data["findings"]) == [
        ("docs/ginger.md", "demo/guaranteed-results", "Guaranteed results"),
        ("docs/ginger.md", "demo/miracle-cure", "miracle cure"),
        ("docs/ginger.md", "demo/miracle-cure", "miracle cure")]
    assert all("line" not in r for r in data["findings"])


def test_baseline_hides_recorded_findings_after_edits_elsewhere(project):
    run("check", *DEMO, "--write-baseline", "baseline.json", "docs")
    assert run("check", *DEMO, "--baseline", "baseline.json", "docs").exit_code == 0
    edited = DRAFT.replace("# Ginger\n", "# Ginger\n\nA new opening paragraph.\n\nAnd a second one.\n")
    (project / "docs" / "ginger.md").write_text(edited, encoding="utf-8")
    result = run("check", *DEMO, "--baseline", "baseline.json", "--format", "json", "docs")
    assert result.exit_code == 0 and rules(result) == []


def test_baseline_reports_a_new_finding_even_with_the_same_words(project):
    run("check", *DEMO, "--write-baseline", "baseline.json", "docs")
    (project / "docs" / "ginger.md").write_text(DRAFT + "\nYet another miracle cure.\n", encoding="utf-8")
    (project / "docs" / "new.md").write_text("Guaranteed results.\n", encoding="utf-8")
    result = run("check", *DEMO, "--baseline", "baseline.json", "--format", "json", "docs")
    assert result.exit_code == 1
    assert sorted(rules(result)) == [(1, "demo/guaranteed-results"), (7, "demo/miracle-cure")]


def test_baseline_paths_are_relative_to_the_baseline_file(project, monkeypatch):
    (project / "ci").mkdir()
    run("check", *DEMO, "--write-baseline", "ci/baseline.json", "docs")
    assert json.loads((project / "ci" / "baseline.json").read_text())["findings"][0]["path"] == "../docs/ginger.md"
    monkeypatch.chdir(project / "docs")
    assert run("check", *DEMO, "--baseline", "../ci/baseline.json", "ginger.md").exit_code == 0


def test_writing_again_replaces_the_baseline(project):
    run("check", *DEMO, "--write-baseline", "baseline.json", "docs")
    (project / "docs" / "ginger.md").write_text("Ginger may help.\n", encoding="utf-8")
    assert run("check", *DEMO, "--write-baseline", "baseline.json", "docs").exit_code == 0
    assert json.loads((project / "baseline.json").read_text())["findings"] == []
    assert sorted(p.name for p in project.iterdir()) == ["baseline.json", "docs"]  # no temporary file left


@pytest.mark.parametrize("content, problem", [
    (None, "baseline file does not exist"),
    ("{not json", "invalid baseline JSON"),
    ('{"version": 1, "findings": [{"path": 3}]}', "'findings' must be a list"),
    ('[]', "not a healthlint baseline"),
])
def test_bad_baseline_is_a_clear_error(project, content, problem):
    if content is not None:
        (project / "baseline.json").write_text(content, encoding="utf-8")
    result = run("check", *DEMO, "--baseline", "baseline.json", "docs")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("healthlint: error: baseline.json: ") and problem in line
