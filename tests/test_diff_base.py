"""`check --diff-base REV`: only findings on lines a change touched (and in untracked files), so
a reviewer's report shows what the change introduced."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from integration_support import DEMO, run
from healthlint.changes import parse_diff

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "t")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ginger.md").write_text(
        "# Ginger\n\nGinger is a miracle cure.\n\nSome say it helps.\n", encoding="utf-8")
    (tmp_path / "docs" / "old.md").write_text("A miracle cure from last year.\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def findings(*args):
    result = run("check", "--format", "json", *DEMO, *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else [])


def test_only_changed_and_untracked_lines_are_reported(repo):
    (repo / "docs" / "ginger.md").write_text(
        "# Ginger\n\nGinger is a miracle cure.\n\nSome say it is a miracle cure. Guaranteed results!\n",
        encoding="utf-8")
    (repo / "docs" / "new.md").write_text("Turmeric, a miracle cure.\n", encoding="utf-8")
    result, found = findings("--diff-base", "HEAD", "docs")
    assert result.exit_code == 1, result.stderr
    assert sorted((f["path"], f["line"], f["rule"]) for f in found) == [
        ("docs/ginger.md", 5, "demo/guaranteed-results"),
        ("docs/ginger.md", 5, "demo/miracle-cure"),
        ("docs/new.md", 1, "demo/miracle-cure"),
    ]
    _, everything = findings("docs")
    assert len(everything) == 5  # the unchanged line 3 and old.md are still flagged without it


def test_committed_changes_since_a_revision_count_too(repo):
    (repo / "docs" / "old.md").write_text("A miracle cure from last year.\nGuaranteed results.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    _, found = findings("--diff-base", "HEAD~1", "docs")
    assert [(f["path"], f["line"]) for f in found] == [("docs/old.md", 2)]
    _, none = findings("--diff-base", "HEAD", "docs")
    assert none == []


def test_the_html_report_holds_only_the_changed_lines(repo):
    (repo / "docs" / "ginger.md").write_text(
        "# Ginger\n\nGinger is a miracle cure.\n\nGuaranteed results, they say.\n", encoding="utf-8")
    result = run("check", "--format", "html", "--diff-base", "HEAD", *DEMO, "docs")
    assert result.exit_code == 1
    assert result.stdout.count('<article class="note') == 1 and "demo/guaranteed-results" in result.stdout


def test_an_unknown_revision_is_a_one_line_error(repo):
    result, _ = findings("--diff-base", "no-such-branch", "docs")
    assert result.exit_code == 2
    assert result.stderr.startswith("healthlint: error: --diff-base:") and result.stderr.count("\n") == 1


def test_outside_a_repository_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "a.md").write_text("A miracle cure.\n", encoding="utf-8")
    result, _ = findings("--diff-base", "HEAD", "a.md")
    assert result.exit_code == 2 and "--diff-base:" in result.stderr and result.stderr.count("\n") == 1


def test_unified_diff_hunks_and_quoted_names():
    diff = (
        "diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -3 +3 @@\n-a\n+b\n@@ -10,0 +11,2 @@\n+c\n+d\n"
        "@@ -20,2 +22,0 @@\n-e\n-f\n"
        'diff --git "a/q\\"uote.md" "b/q\\"uote.md"\n--- "a/q\\"uote.md"\n+++ "b/q\\"uote.md"\n@@ -1 +1 @@\n-x\n+y\n'
        "diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n"
    )
    assert parse_diff(diff) == {"x.md": {3, 11, 12}, 'q"uote.md': {1}}
