"""`--stdin-filename` with no path reads standard input (as ruff does), not the current folder."""
from __future__ import annotations

import json
from pathlib import Path

from support import run_cli


def test_stdin_filename_without_a_path_lints_standard_input_only(tmp_path: Path, monkeypatch):
    (tmp_path / "other.md").write_text("This is a miracle cure.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--select", "hype", "--format", "json", "--stdin-filename", "draft.md",
                     input="The key to treating insomnia.\n")
    findings = json.loads(result.stdout)
    assert [(f["path"], f["rule"]) for f in findings] == [("draft.md", "hype/key-to")]
    assert result.exit_code == 1
