"""`healthlint fix --interactive`: answers fed on stdin, as a writer would type them."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from healthlint.cli import cli

DOC = "Intro.\r\n\r\nThis study proves it.\r\nGinger cures nausea. A miracle pill.\r\nYou can double your dose"


@pytest.fixture
def pack(fix_pack):
    return str(fix_pack)


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.md"
    path.write_bytes(DOC.encode())
    return path


def review(pack, path, answers: str):
    return CliRunner().invoke(cli, ["fix", "--interactive", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path)],
                              input=answers, catch_exceptions=False)


def test_each_finding_shows_its_sentence_marked_and_numbered_rewrites(pack, doc):
    result = review(pack, doc, "s\ns\ns\n")
    out = result.stdout
    assert "[1/4] " in out and f"{doc}:3:12 warning fixtest/proves" in out
    assert "  This study <<proves>> it.\n" in out
    assert "    1. suggests\n    2. indicates\n" in out
    assert "  Ginger <<cures>> nausea.\n" in out and "unsafe" in out
    assert "  A <<miracle>> pill.\n" in out and "edit by hand" in out  # no fix: shown, not asked
    assert "1. append: Ask your doctor before changing any dose." in out
    assert doc.read_bytes() == DOC.encode()  # all skipped: untouched


def test_pick_edit_and_append_are_written_keeping_line_endings(pack, doc):
    result = review(pack, doc, "2\ne\ncan ease\n1\n")
    assert doc.read_bytes() == ("Intro.\r\n\r\nThis study indicates it.\r\nGinger can ease nausea. A miracle pill.\r\n"
                                "You can double your dose\r\n\r\nAsk your doctor before changing any dose.\r\n").encode()
    assert "saved 3 edits" in result.stdout
    assert "Saved 3 edits in 1 file; 1 finding remains." in result.stdout
    assert result.exit_code == 1  # the miracle pill remains


def test_quit_keeps_what_was_accepted_so_far(pack, doc):
    result = review(pack, doc, "1\nq\n")
    assert doc.read_bytes() == DOC.replace("proves", "suggests").encode()
    assert "Saved 1 edit in 1 file" in result.stdout


def test_end_of_input_quits_like_q(pack, doc):
    review(pack, doc, "1\n")
    assert doc.read_bytes() == DOC.replace("proves", "suggests").encode()


def test_bad_answers_are_asked_again_and_an_empty_edit_goes_back(pack, doc):
    result = review(pack, doc, "9\nyes\ne\n\n2\ns\ns\n")
    assert result.stdout.count("Type a number from 1-2, e, s or q.") == 2
    assert doc.read_bytes() == DOC.replace("proves", "indicates").encode()


def test_a_custom_statement_replaces_the_appended_one(pack, doc):
    review(pack, doc, "s\ns\ne\nCheck with your pharmacist first.\n")
    assert doc.read_bytes().endswith(b"your dose\r\n\r\nCheck with your pharmacist first.\r\n")


def test_a_finding_overlapping_an_accepted_edit_is_left_for_the_next_run(pack, tmp_path):
    path = tmp_path / "pain.txt"
    path.write_text("A wonder drug for pain.\n")
    result = review(pack, path, "1\n")
    assert "overlaps an edit accepted above" in result.stdout
    assert path.read_text() == "A medicine studied for pain.\n"


def test_quitting_stops_before_the_next_file(pack, tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("This proves it.\n")
    second.write_text("That proves it.\n")
    CliRunner().invoke(cli, ["fix", "-i", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(first), str(second)],
                       input="1\nq\n")
    assert first.read_text() == "This suggests it.\n"
    assert second.read_text() == "That proves it.\n"


def test_works_as_a_plain_subprocess_reading_stdin(pack, doc):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "healthlint", "fix", "--interactive", "--rule-path", pack,
                           "--select", "fixtest,fixoverlap", str(doc)], input="1\nq\n", capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "This study <<proves>> it." in done.stdout
    assert doc.read_bytes() == DOC.replace("proves", "suggests").encode()
