"""`healthlint check --fix / --unsafe-fixes / --diff` and `healthlint fix` from the command line."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from healthlint.cli import cli

DOC = "# Notes\r\n\r\nThis study proves it.\r\nGinger cures nausea.\r\nA miracle pill."


@pytest.fixture
def pack(fix_pack):
    return str(fix_pack)


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def write(tmp_path, name="doc.md", text=DOC):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fix_applies_safe_fixes_reports_what_remains_and_exits_by_it(tmp_path, pack):
    path = write(tmp_path)
    result = run("check", "--fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
    assert path.read_bytes() == DOC.replace("proves", "suggests").encode()
    assert result.exit_code == 1  # cures and miracle remain
    assert "fixtest/cures" in result.stdout and "fixtest/miracle" in result.stdout
    assert "fixtest/proves" not in result.stdout
    assert "Fixed 1 finding in 1 file. 1 more fixable with --unsafe-fixes." in result.stdout


def test_unsafe_fixes_apply_too_and_a_clean_result_exits_0(tmp_path, pack):
    path = write(tmp_path, text=DOC.replace("A miracle pill.", "The end."))
    result = run("check", "--fix", "--unsafe-fixes", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
    assert path.read_bytes() == b"# Notes\r\n\r\nThis study suggests it.\r\nGinger may help with nausea.\r\nThe end."
    assert result.exit_code == 0
    assert "Fixed 2 findings in 1 file." in result.stdout
    again = run("check", "--fix", "--unsafe-fixes", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
    assert again.exit_code == 0 and "Nothing to fix." in again.stdout


def test_counts_files_and_reports_overlaps_not_applied(tmp_path, pack):
    a = write(tmp_path, "a.md", "This proves it.\n")
    b = write(tmp_path, "b.txt", "A wonder drug for pain.\n")
    write(tmp_path, "c.md", "Nothing to see.\n")
    result = run("check", "--fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(tmp_path))
    assert result.exit_code == 0
    assert "Fixed 2 findings in 2 files. 1 fix not applied: it overlaps another fix." in result.stdout
    assert a.read_text() == "This suggests it.\n" and b.read_text() == "A medicine studied for pain.\n"
    assert "overlaps" not in result.stderr  # counted in the summary, not one stderr line per conflict


def test_diff_prints_a_patch_and_writes_nothing(tmp_path, pack):
    path = write(tmp_path)
    before = path.read_bytes()
    result = run("check", "--diff", "--unsafe-fixes", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
    assert path.read_bytes() == before
    assert result.exit_code == 1  # something would change
    assert b"\n-This study proves it.\r\n" in result.stdout_bytes
    assert b"\n+This study suggests it.\r\n" in result.stdout_bytes
    assert "Would fix 2 findings in 1 file." in result.stderr
    if shutil.which("patch"):  # the diff is a real patch: applying it gives what --fix writes
        copy = tmp_path / "copy"
        copy.mkdir()
        shutil.copy(path, copy / "doc.md")
        patch = result.stdout_bytes.replace(str(path).encode(), b"doc.md")
        subprocess.run(["patch", "-p0", "-s", "--binary", "-d", str(copy)], input=patch, check=True)
        run("check", "--fix", "--unsafe-fixes", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
        assert (copy / "doc.md").read_bytes() == path.read_bytes() != before


def test_diff_with_nothing_to_fix_exits_0(tmp_path, pack):
    path = write(tmp_path, text="Plain words.\n")
    result = run("check", "--diff", "--rule-path", pack, str(path))
    assert result.exit_code == 0 and result.stdout == ""


def test_json_output_stays_valid_with_the_summary_on_stderr(tmp_path, pack):
    path = write(tmp_path)
    result = run("check", "--fix", "--format", "json", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
    data = json.loads(result.stdout)
    assert "Fixed 1 finding" in result.stderr and data


def test_stdin_is_fixed_to_stdout_byte_for_byte(pack):
    data = "\ufeffThis proves it.\r\nMore.".encode("utf-8")
    result = CliRunner().invoke(cli, ["check", "--fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", "-",
                                      "--stdin-filename", "x.md"], input=data)
    assert result.stdout_bytes == "\ufeffThis suggests it.\r\nMore.".encode("utf-8")
    assert result.exit_code == 0 and "Fixed 1 finding" in result.stderr


def test_a_file_changed_while_fixing_is_not_overwritten_and_exits_2(tmp_path, pack, monkeypatch):
    from healthlint import fixer

    path = write(tmp_path, text="This proves it.\n")
    real = fixer.fix_text

    def writer_saves_meanwhile(*args, **kwargs):
        path.write_text("The writer's newer version.\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(fixer, "fix_text", writer_saves_meanwhile)
    result = run("check", "--fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
    assert result.exit_code == 2
    assert f"{path}: changed on disk since it was read; not overwritten" in result.stderr
    assert path.read_text() == "The writer's newer version.\n"


def test_an_unreadable_file_is_reported_and_others_are_still_fixed(tmp_path, pack):
    good = write(tmp_path, "good.md", "This proves it.\n")
    bad_utf8 = tmp_path / "latin.md"
    bad_utf8.write_bytes(b"caf\xe9 proves")
    result = run("check", "--fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(tmp_path))
    assert result.exit_code == 2
    assert "latin.md: not UTF-8 text" in result.stderr
    assert good.read_text() == "This suggests it.\n"
    assert bad_utf8.read_bytes() == b"caf\xe9 proves"


def test_fix_command_without_interactive_is_check_fix(tmp_path, pack):
    path = write(tmp_path, text="This proves it.\n")
    result = run("fix", "--rule-path", pack, "--select", "fixtest,fixoverlap", str(path))
    assert result.exit_code == 0 and path.read_text() == "This suggests it.\n"


def test_bundled_key_to_rule_end_to_end(tmp_path):
    text = ("---\r\ntitle: notes\r\n---\r\n\r\nScientists have found the key to treating persistent "
            "depression.\r\n\r\n```\r\nthe key to treating depression\r\n```\r\n\r\n"
            "Is this the key to curing diabetes?\r\n")
    path = tmp_path / "post.md"
    path.write_bytes(codecs_bom() + text.encode())
    result = run("check", "--fix", "--select", "hype/key-to", str(path))
    assert result.exit_code == 1 and path.read_bytes() == codecs_bom() + text.encode()  # key-to is unsafe
    assert "1 more fixable with --unsafe-fixes" in result.stdout
    result = run("check", "--fix", "--unsafe-fixes", "--select", "hype/key-to", str(path))
    assert result.exit_code == 0
    assert path.read_bytes() == codecs_bom() + text.replace(
        "found the key to", "found a promising approach to").encode()


def codecs_bom() -> bytes:
    return b"\xef\xbb\xbf"
