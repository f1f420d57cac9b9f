"""The CI output formats: GitHub workflow commands, SARIF for code scanning, GitLab Code Quality
and JUnit XML, each read back the way its consumer reads it."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from integration_support import DATA, DEMO, run
from healthlint.reporters.github import escape_data, escape_property

DRAFT = (
    "# Ginger\n\n"
    "Ginger is a miracle cure, 100% natural.\n\n"
    "Naïve 😀 claim: a miracle cure again. Guaranteed results!\n"
)


@pytest.fixture
def draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ginger.md").write_text(DRAFT, encoding="utf-8")
    return "docs/ginger.md"


def check(fmt: str, *paths: str):
    return run("check", "--format", fmt, *DEMO, "--select", "demo", *paths)


# GitHub ------------------------------------------------------------------------------------------

def test_toolkit_escaping():
    assert escape_data("50% off\r\nnow") == "50%25 off%0D%0Anow"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_commands_locate_each_finding_and_end_with_totals(draft):
    result = check("github", draft)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("::warning file=docs/ginger.md,line=3,endLine=3,col=13,endColumn=25,"
                        "title=healthlint (demo/miracle-cure)::\"miracle cure\" promises more than any "
                        "remedy can deliver.%0ASuggest: promising remedy")
    assert lines[2].startswith("::error file=docs/ginger.md,line=5,")
    assert lines[-1] == "healthlint: Found 3 findings (1 error, 2 warnings) in 1 of 1 file. 2 have a suggested fix."


def test_github_summary_says_when_annotations_are_capped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "many.txt").write_text("A miracle cure.\n" * 11, encoding="utf-8")
    result = check("github", "many.txt")
    assert result.stdout.count("::warning ") == 11
    assert "at most 10 of each level" in result.stdout.splitlines()[-1]


def test_github_paths_are_relative_to_the_working_folder(draft, tmp_path):
    result = check("github", str(tmp_path / draft))
    assert "file=docs/ginger.md," in result.stdout


# SARIF -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_schema():
    return json.loads((DATA / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_is_valid_and_has_what_code_scanning_needs(draft, sarif_schema):
    result = check("sarif", draft)
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(sarif)
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    first = by_id["demo/miracle-cure"]
    assert first["shortDescription"]["text"] and first["fullDescription"]["text"]
    assert first["help"]["text"] and "**Example (flagged):**" in first["help"]["markdown"]
    assert first["defaultConfiguration"] == {"level": "warning"}
    assert first["helpUri"] == "https://example.org/rules/demo-miracle-cure"
    assert by_id["demo/guaranteed-results"]["defaultConfiguration"] == {"level": "error"}
    assert run_["columnKind"] == "utf16CodeUnits"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["demo/miracle-cure", "demo/miracle-cure", "demo/guaranteed-results"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "docs/ginger.md", "uriBaseId": "%SRCROOT%"}
    # Line 5 has an astral character (two UTF-16 code units) before the second match.
    line5 = DRAFT.splitlines()[4]
    col = line5.index("miracle cure") + 1
    assert results[1]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5, "startColumn": col + 1, "endLine": 5, "endColumn": col + 1 + len("miracle cure")}
    assert results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "promising remedy"
    assert "fixes" not in results[2]  # fix = "none"


def test_sarif_fingerprints_survive_edits_elsewhere_and_tell_occurrences_apart(draft, tmp_path):
    def fingerprints():
        results = json.loads(check("sarif", draft).stdout)["runs"][0]["results"]
        return [r["partialFingerprints"]["healthlintMatch/v1"] for r in results]

    before = fingerprints()
    assert len(set(before)) == 3
    path = tmp_path / draft
    path.write_text("Intro paragraph.\n\nAnother one.\n\n" + DRAFT.replace("# Ginger", "# Ginger root"),
                    encoding="utf-8")
    assert fingerprints() == before


def test_sarif_of_no_findings_is_still_valid(tmp_path, monkeypatch, sarif_schema):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.md").write_text("Ginger may ease nausea in some people.\n", encoding="utf-8")
    result = check("sarif", "clean.md")
    assert result.exit_code == 0
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(sarif)
    assert sarif["runs"][0]["results"] == []
    assert sarif["runs"][0]["tool"]["driver"]["rules"]


# GitLab ------------------------------------------------------------------------------------------

def test_gitlab_code_quality(draft):
    issues = json.loads(check("gitlab", draft).stdout)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("demo/miracle-cure", "minor", 3), ("demo/miracle-cure", "minor", 5), ("demo/guaranteed-results", "major", 5)]
    assert all(i["location"]["path"] == "docs/ginger.md" and i["description"] for i in issues)
    assert len({i["fingerprint"] for i in issues}) == 3


def test_gitlab_severity_for_info(draft, tmp_path):
    (tmp_path / ".healthlint.toml").write_text('[severity]\n"demo/miracle-cure" = "info"\n', encoding="utf-8")
    issues = json.loads(check("gitlab", draft).stdout)
    assert [i["severity"] for i in issues] == ["info", "info", "major"]


# JUnit -------------------------------------------------------------------------------------------

def test_junit_one_failing_case_per_finding(draft):
    root = ET.fromstring(check("junit", draft).stdout)
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "3"
    suite = root.find("testsuite")
    assert suite.get("name") == "docs/ginger.md"
    cases = suite.findall("testcase")
    assert [(c.get("name"), c.get("line"), c.get("classname")) for c in cases] == [
        ("healthlint.demo/miracle-cure", "3", "docs/ginger"), ("healthlint.demo/miracle-cure", "5", "docs/ginger"),
        ("healthlint.demo/guaranteed-results", "5", "docs/ginger")]
    failure = cases[2].find("failure")
    assert failure.get("type") == "error" and "guarantees an outcome" in failure.get("message")


def test_junit_without_findings_has_one_passing_case(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.md").write_text("Ginger may ease nausea.\n", encoding="utf-8")
    root = ET.fromstring(check("junit", "clean.md").stdout)
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 1 and cases[0].find("failure") is None


def test_sarif_describes_the_unused_suppression_check(tmp_path, monkeypatch, sarif_schema):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.md").write_text("<!-- healthlint-disable demo -->\nAll fine.\n", encoding="utf-8")
    result = run("check", "--format", "sarif", *DEMO, "--report-unused-suppressions", "d.md")
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(sarif)
    run_ = sarif["runs"][0]
    [finding] = run_["results"]
    assert run_["tool"]["driver"]["rules"][finding["ruleIndex"]]["id"] == "healthlint/unused-suppression"
