"""The `healthlint-fix` pre-commit hook: a commit with fixable wording fails, the files are fixed
for the writer to review, and committing the fixed files passes.

Runs real `git` and `pre-commit` with the hook's own entry from `.pre-commit-hooks.yaml`, as a
`system` hook using this environment's `healthlint` (so nothing is installed)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixpack import write_pack

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    not shutil.which("git") or not (BIN / "pre-commit").exists() or not (BIN / "healthlint").exists(),
    reason="needs git, pre-commit and an installed healthlint")


def fix_hook() -> dict:
    """The healthlint-fix hook as the project publishes it (or its documented entry)."""
    hooks_file = ROOT / ".pre-commit-hooks.yaml"
    if hooks_file.exists():
        import yaml  # pre-commit depends on PyYAML

        for hook in yaml.safe_load(hooks_file.read_text()):
            if hook["id"] == "healthlint-fix":
                return hook
        pytest.fail(".pre-commit-hooks.yaml has no healthlint-fix hook")
    return {"id": "healthlint-fix", "name": "healthlint (fix)", "entry": "healthlint check --fix",
            "types_or": ["markdown", "plain-text"]}


def git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def test_the_fix_hook_fixes_fails_the_commit_then_lets_the_fixed_files_through(tmp_path):
    import yaml

    pack = write_pack(tmp_path / "pack")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="w", GIT_AUTHOR_EMAIL="w@example.org",
               GIT_COMMITTER_NAME="w", GIT_COMMITTER_EMAIL="w@example.org", HOME=str(tmp_path))
    hook = fix_hook()
    local = {key: hook[key] for key in ("id", "name", "entry", "types", "types_or", "files", "exclude")
             if key in hook}
    local.update(language="system", args=["--rule-path", str(pack), "--select", "fixtest"])
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}))
    draft = repo / "draft.md"
    draft.write_bytes(b"# Draft\r\n\r\nThis study proves it.\r\n")
    assert git(repo, "init", "-q", env=env).returncode == 0
    subprocess.run([str(BIN / "pre-commit"), "install"], cwd=repo, env=env, check=True, capture_output=True)
    git(repo, "add", ".", env=env)

    first = git(repo, "commit", "-m", "draft", env=env)
    assert first.returncode != 0, first.stdout
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert draft.read_bytes() == b"# Draft\r\n\r\nThis study suggests it.\r\n"

    git(repo, "add", ".", env=env)
    second = git(repo, "commit", "-m", "draft, hedged", env=env)
    assert second.returncode == 0, second.stdout + second.stderr
