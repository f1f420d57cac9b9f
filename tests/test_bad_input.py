"""Bad input gets a clear one-line message naming the file; everything else is still linted and
reported, and the exit code says a file could not be read."""
from __future__ import annotations

import codecs

import pytest
from click.testing import CliRunner

from formats_helpers import COMMON_PACK, FIXTURES, assert_positions_exact, lint, sure_cure_linter
from healthlint.cli import cli
from healthlint.errors import ReadError
from healthlint.formats import read_document
from healthlint.reader import decode, read_source

TEXT = "Café owners say ginger is a sure cure.\nSecond line: honey is a sure cure.\n"


def check(*args: str):
    """Run `healthlint check` with the test pack, selecting only its sure-cure rule."""
    return CliRunner().invoke(cli, ["check", "--rule-path", str(COMMON_PACK), "--select", "common/sure-cure",
                                    "-q", "--no-color", *args])


@pytest.mark.parametrize("encoded", [
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"),
], ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"])
def test_byte_order_marks_and_utf16_are_read_with_exact_positions(tmp_path, encoded):
    path = tmp_path / "note.txt"
    path.write_bytes(encoded)
    source = read_source(str(path))
    assert source.text == TEXT
    findings = sure_cure_linter().lint(read_document(source))
    assert [(f.line, f.column) for f in findings] == [(1, 29), (2, 25)]
    assert_positions_exact(TEXT, findings)


def test_legacy_encoding_is_a_clear_error_and_other_files_still_report(tmp_path):
    (tmp_path / "legacy.md").write_bytes(TEXT.encode("cp1252"))
    (tmp_path / "good.md").write_text("Ginger is a sure cure.\n", encoding="utf-8")
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'legacy.md'}: not UTF-8 text (use --encoding)" in result.stderr
    assert "good.md:1:13:" in result.stdout
    fixed = check(str(tmp_path), "--encoding", "cp1252")
    assert fixed.exit_code == 1
    assert "legacy.md:1:29:" in fixed.stdout and "good.md:1:13:" in fixed.stdout


def test_unknown_encoding_is_a_usage_error(tmp_path):
    result = check(str(tmp_path), "--encoding", "no-such-codec")
    assert result.exit_code == 2
    assert "unknown encoding 'no-such-codec'" in result.stderr


def test_binary_files_in_folders_are_skipped_and_counted(tmp_path):
    (tmp_path / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp_path / "good.md").write_text("Ginger is a sure cure.\n", encoding="utf-8")
    result = check(str(tmp_path), "--statistics")
    assert result.exit_code == 1  # the finding in good.md; the binary file is no error
    assert "good.md:1:13:" in result.stdout
    assert "1 binary file skipped" in result.stdout
    assert result.stderr == ""


def test_binary_or_missing_file_named_on_the_command_line_is_an_error(tmp_path):
    (tmp_path / "photo.md").write_bytes(b"GIF89a\x00\x00\x01")
    (tmp_path / "good.md").write_text("Ginger is a sure cure.\n", encoding="utf-8")
    result = check(str(tmp_path / "photo.md"), str(tmp_path / "missing.md"), str(tmp_path / "good.md"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'photo.md'}: binary file" in result.stderr
    assert f"{tmp_path / 'missing.md'}: no such file" in result.stderr
    assert "good.md:1:13:" in result.stdout
    assert "Traceback" not in result.output


def test_undecodable_bytes_name_the_line():
    with pytest.raises(ReadError, match=r"x\.md: not UTF-8 text \(use --encoding\); .*line 2"):
        decode(b"ok\n\xff\xfe bad\n", "x.md")


@pytest.mark.parametrize("text", [
    "- " * 10_000 + "Ginger is a sure cure.\n",
    "1. " * 10_000 + "Ginger is a sure cure.\n",
    "> " * 10_000 + "Ginger is a sure cure.\n",
    "*" * 10_000 + "Ginger is a sure cure." + "*" * 10_000,
    "[" * 10_000 + "Ginger is a sure cure." + "](x)" * 10_000,
])
def test_ten_thousand_levels_of_markdown_nesting_raise_nothing(text):
    assert_positions_exact(text, lint(text, "deep.md"))
    assert_positions_exact(text, lint(text, "deep.mdx"))
