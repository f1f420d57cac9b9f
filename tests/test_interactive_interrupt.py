"""Ctrl-C during `healthlint fix --interactive` keeps the edits already accepted and exits 130,
as an interrupted command does (not a traceback, not a lost review)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from healthlint import interactive
from healthlint.cli import cli

DOC = "Intro.\n\nThis study proves it.\nGinger cures nausea. A miracle pill.\n"


def answers_then_ctrl_c(*answers: str):
    queue = list(answers)

    def ask(prompt: str) -> str:
        if not queue:
            raise KeyboardInterrupt
        return queue.pop(0)

    return ask


@pytest.fixture
def pack(fix_pack):
    return str(fix_pack)


def test_ctrl_c_keeps_the_accepted_edit_and_exits_130(pack, tmp_path, monkeypatch):
    doc = tmp_path / "doc.md"
    doc.write_text(DOC, encoding="utf-8")
    later = tmp_path / "later.md"
    later.write_text(DOC, encoding="utf-8")
    monkeypatch.setattr(interactive, "ask_line", answers_then_ctrl_c("1"))  # accept the first, then Ctrl-C
    result = CliRunner().invoke(cli, ["fix", "--interactive", "--rule-path", pack, "--select", "fixtest,fixoverlap",
                                      str(doc), str(later)])
    assert result.exit_code == 130
    assert not isinstance(result.exception, KeyboardInterrupt)  # handled, no traceback
    assert doc.read_text(encoding="utf-8") == "Intro.\n\nThis study suggests it.\nGinger cures nausea. A miracle pill.\n"
    assert later.read_text(encoding="utf-8") == DOC  # never reached
    assert "Interrupted. Saved 1 edit in 1 file." in result.stdout
