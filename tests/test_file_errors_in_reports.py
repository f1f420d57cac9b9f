"""A file that cannot be read reaches every CI format, not only stderr: a SARIF
`toolExecutionNotifications` entry, a JUnit error case, a GitHub `::error file=...::` line, and
the summary counts every file given (a missing file is not a clean one)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support import run_cli


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "a.md").write_text("The key to treating insomnia.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"caf\xe9 cures\n")  # not UTF-8
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(fmt: str):
    return run_cli("check", "--select", "hype", "--no-cache", "--format", fmt, "a.md", "bad.md", "missing.md")


def test_sarif_names_each_file_that_could_not_be_read(folder: Path):
    result = check("sarif")
    assert result.exit_code == 2
    run = json.loads(result.stdout)["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert [(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for n in notes] == \
        [("error", "bad.md"), ("error", "missing.md")]
    assert notes[1]["message"]["text"] == "no such file"
    assert [r["ruleId"] for r in run["results"]] == ["hype/key-to"]


def test_sarif_with_notifications_is_still_valid_sarif(folder: Path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(check("sarif").stdout), schema)


def test_junit_has_an_error_case_per_unreadable_file(folder: Path):
    result = check("junit")
    root = ET.fromstring(result.stdout)
    assert root.get("errors") == "2" and root.get("failures") == "1"
    errors = [(case.get("file"), case.find("error").get("message")) for case in root.iter("testcase")
              if case.find("error") is not None]
    assert errors[1] == ("missing.md", "no such file")
    assert errors[0][0] == "bad.md" and "not UTF-8" in errors[0][1]


def test_github_has_an_error_line_per_unreadable_file_and_the_summary_counts_every_file(folder: Path):
    lines = check("github").stdout.splitlines()
    assert "::error file=missing.md,title=healthlint::no such file" in lines
    assert any(line.startswith("::error file=bad.md,title=healthlint::not UTF-8 text") for line in lines)
    assert lines[-1].startswith("healthlint: Found 1 finding (1 warning) in 1 of 3 files (2 could not be read).")


def test_text_summary_counts_every_file_given(folder: Path):
    result = check("text")
    assert result.stdout.splitlines()[-1].startswith(
        "Found 1 finding (1 warning) in 1 of 3 files (2 could not be read).")
    assert "healthlint: missing.md: no such file" in result.stderr
