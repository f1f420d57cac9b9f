"""Fixing honours inline suppressions: words a writer has marked `healthlint-disable` are never
rewritten, by `--fix` or by `fix --interactive`. (Runs once suppressions exist in the engine.)"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from healthlint.cli import cli

pytest.importorskip("healthlint.suppressions")

DOC = ("This proves it.\n\n"
       "<!-- healthlint-disable fixtest -- quoting the press release -->\n"
       "The press release said this proves it.\n"
       "<!-- healthlint-enable -->\n\n"
       "<!-- healthlint-disable-next-line fixtest/proves -->\n"
       "Quoted again: it proves it.\n\n"
       "And this proves it too.\n")


@pytest.mark.parametrize("args,answers", [(["check", "--fix"], None), (["fix", "-i"], "1\n1\n")])
def test_suppressed_words_are_never_fixed(tmp_path, args, answers, fix_pack):
    pack = fix_pack
    path = tmp_path / "draft.md"
    path.write_text(DOC)
    result = CliRunner().invoke(cli, [*args, "--rule-path", str(pack), "--select", "fixtest,fixoverlap", str(path)],
                                input=answers, catch_exceptions=False)
    assert path.read_text() == DOC.replace("This proves it.", "This suggests it.").replace(
        "this proves it too", "this suggests it too")
    assert result.exit_code == 0
