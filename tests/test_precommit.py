"""The pre-commit hooks, run by the real pre-commit against a snapshot of this checkout: a commit
with an overstated draft is refused with the findings shown; a clean one goes through.

pre-commit clones the snapshot, builds its own virtualenv and pip-installs healthlint into it,
so this is the path a user's `.pre-commit-config.yaml` takes. The environment is built once per
test session (PRE_COMMIT_HOME is shared by the tests here).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integration_support import TEAM_RULES

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                       reason="needs git and a git checkout of healthlint"),
]


def sh(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("precommit-env")
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Test\n\temail = test@example.org\n"
                         "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    out = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    out.update(GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1",
               PRE_COMMIT_HOME=str(home / "cache"), PRE_COMMIT_COLOR="never")
    return out


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> tuple[Path, str]:
    """This checkout's working tree (committed or not, ignored files left out) as a repository
    at one commit, which is what a `.pre-commit-config.yaml` entry points at."""
    listed = sh(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, env)
    assert listed.returncode == 0, listed.stderr
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        done = sh(args, repo, env)
        assert done.returncode == 0, done.stderr
    rev = sh(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()
    return repo, rev


def make_drafts(work: Path, env: dict[str, str], hook_repo: tuple[Path, str], hook: str) -> Path:
    """A content repository with one of our hooks installed and the demo rules configured."""
    repo_path, rev = hook_repo
    work.mkdir()
    shutil.copytree(TEAM_RULES, work / "team")
    (work / ".healthlint.toml").write_text('rule-paths = ["team"]\nselect = ["demo", "disclaimer"]\n',
                                           encoding="utf-8")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n",
        encoding="utf-8")
    assert sh(["git", "init", "-q"], work, env).returncode == 0
    installed = sh(PRE_COMMIT + ["install"], work, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert sh(["git", "add", "-A"], work, env).returncode == 0
    setup = sh(["git", "commit", "-q", "-m", "set up"], work, env)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    return work


@pytest.fixture
def drafts(tmp_path, env, hook_repo) -> Path:
    return make_drafts(tmp_path / "drafts", env, hook_repo, "healthlint")


def commit(work: Path, env: dict[str, str], name: str, text: str) -> subprocess.CompletedProcess:
    (work / name).write_text(text, encoding="utf-8")
    assert sh(["git", "add", name], work, env).returncode == 0
    return sh(["git", "commit", "-m", f"add {name}"], work, env)


def test_manifest_is_valid(env):
    result = sh(PRE_COMMIT + ["validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], ROOT, env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_overstated_draft_is_refused_with_findings_and_clean_one_passes(drafts, env):
    refused = commit(drafts, env, "ginger.md", "# Ginger\n\nGinger is a miracle cure.\n")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "healthlint" in output and "Failed" in output
    assert "ginger.md:3:13: warning demo/miracle-cure" in output
    assert sh(["git", "rev-list", "--count", "HEAD"], drafts, env).stdout.strip() == "1"  # nothing committed

    passed = commit(drafts, env, "ginger.md", "# Ginger\n\nGinger may ease nausea in some people.\n")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
    assert sh(["git", "rev-list", "--count", "HEAD"], drafts, env).stdout.strip() == "2"


def test_other_file_types_are_left_alone(drafts, env):
    result = commit(drafts, env, "data.json", '{"claim": "a miracle cure"}\n')
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout + result.stderr


def _has_fix_option() -> bool:
    from healthlint.cli import check

    return any(param.name == "fix" for param in check.params)


@pytest.mark.skipif(not _has_fix_option(), reason="`healthlint check --fix` is not in this checkout yet")
def test_fix_hook_applies_the_safe_fix_and_asks_for_a_review(tmp_path, env, hook_repo):
    work = make_drafts(tmp_path / "drafts", env, hook_repo, "healthlint-fix")
    first = commit(work, env, "shop.md", "Try our supplement for calm.\n")
    assert first.returncode != 0, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr
    fixed = (work / "shop.md").read_text(encoding="utf-8")
    assert "not intended to diagnose" in fixed and fixed.startswith("Try our supplement for calm.\n")
    assert sh(["git", "add", "shop.md"], work, env).returncode == 0
    second = sh(["git", "commit", "-m", "shop, with disclaimer"], work, env)
    assert second.returncode == 0, second.stdout + second.stderr
