"""Files that are not plain files never hang or crash a run: a FIFO (named or walked) is skipped
with one line, a symbolic link loop named on the command line and a dangling link in a walked
folder are one line each, and every other file is still linted. Run in a subprocess with a time
limit, so a regression fails instead of hanging the suite."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links (POSIX)")

OVERSTATED = "The key to treating insomnia.\n"


def healthlint(*args: str, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "healthlint", "check", "--select", "hype", "--no-cache", *args],
                          cwd=cwd, input=input, capture_output=True, timeout=120)


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(OVERSTATED, encoding="utf-8")
    os.mkfifo(tmp_path / "docs" / "pipe.md")
    os.symlink("missing.md", tmp_path / "docs" / "dangling.md")
    os.symlink("loop2.md", tmp_path / "loop1.md")
    os.symlink("loop1.md", tmp_path / "loop2.md")
    return tmp_path


def test_a_fifo_and_a_dangling_link_in_a_walked_folder_are_skipped_with_one_line_each(tree: Path):
    result = healthlint("-q", "docs", cwd=tree)
    err = result.stderr.decode().splitlines()
    assert sorted(err) == [
        f"healthlint: {os.path.join('docs', 'dangling.md')}: dangling symbolic link (to missing.md); skipped",
        f"healthlint: {os.path.join('docs', 'pipe.md')}: not a regular file (a FIFO; use - to read standard input); skipped",
    ]
    assert result.stdout.decode().startswith(os.path.join("docs", "a.md") + ":1:1: warning hype/key-to")
    assert result.returncode == 1  # skipped files do not change the exit code: the finding does


def test_a_fifo_named_on_the_command_line_is_skipped(tree: Path):
    result = healthlint("-q", "docs/pipe.md", "docs/a.md", cwd=tree)
    assert result.stderr.decode() == ("healthlint: docs/pipe.md: not a regular file (a FIFO; use - to read standard input); skipped"
                                      "\n")
    assert result.returncode == 1 and "docs/a.md:1:1:" in result.stdout.decode()


def test_a_symbolic_link_loop_named_on_the_command_line_is_one_error_line_and_the_rest_is_linted(tree: Path):
    result = healthlint("-q", "loop1.md", "docs/a.md", cwd=tree)
    assert result.stderr.decode() == "healthlint: loop1.md: symbolic link loop\n"
    assert "Traceback" not in result.stderr.decode()
    assert "docs/a.md:1:1: warning hype/key-to" in result.stdout.decode()
    assert result.returncode == 2  # a file named on the command line that cannot be read
