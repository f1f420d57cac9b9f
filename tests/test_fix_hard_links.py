"""`--fix` keeps hard links: a file with another name is rewritten through the same inode, so
both names hold the fixed text (a rename over the file would leave the other name stale)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")


def test_fix_writes_a_hard_linked_file_through_its_inode(tmp_path: Path, fix_pack: Path):
    pack = str(fix_pack)
    doc = tmp_path / "doc.md"
    doc.write_text("This study proves it.\n", encoding="utf-8")
    os.chmod(doc, 0o640)
    other = tmp_path / "other-name.md"
    os.link(doc, other)
    inode = doc.stat().st_ino
    result = run_cli("check", "--fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(doc))
    assert "Fixed 1 finding in 1 file." in result.stdout
    assert doc.stat().st_ino == inode and doc.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == doc.read_text(encoding="utf-8") == "This study suggests it.\n"
    assert oct(doc.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md", "other-name.md"]  # no copy left


def test_a_file_with_one_name_is_still_replaced_atomically(tmp_path: Path, fix_pack: Path):
    pack = str(fix_pack)
    doc = tmp_path / "doc.md"
    doc.write_text("This study proves it.\n", encoding="utf-8")
    inode = doc.stat().st_ino
    run_cli("check", "--fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(doc))
    assert doc.read_text(encoding="utf-8") == "This study suggests it.\n"
    assert doc.stat().st_ino != inode  # renamed over: a reader never sees half a file
