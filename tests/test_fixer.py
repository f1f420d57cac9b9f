"""The fixer: which fixes apply, how overlaps resolve, and that files come back byte for byte
outside the fixed words (encodings, BOMs, line endings) and are written atomically."""
from __future__ import annotations

import codecs
import dataclasses
import os
import stat
from pathlib import Path

import pytest

from fixpack import fixtest_linter
from healthlint import parse
from healthlint.errors import ReadError
from healthlint.findings import Finding, Fix
from healthlint.fixer import (FixError, choose, fix_file, fix_text, load, splice, unified_diff,
                              write_back)


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    return fixtest_linter(tmp_path_factory.mktemp("pack"))


def lint_as(linter, path="doc.md"):
    return lambda text: linter.lint(parse(text, path))


# --- choosing and applying -------------------------------------------------------------------


def test_safe_fixes_apply_and_unsafe_ones_only_when_asked(linter):
    text = "This study proves it. Ginger cures nausea.\n"
    safe = fix_text(text, lint_as(linter))
    assert safe.text == "This study suggests it. Ginger cures nausea.\n"
    assert [f.rule for f in safe.remaining] == ["fixtest/cures"]
    both = fix_text(text, lint_as(linter), unsafe=True)
    assert both.text == "This study suggests it. Ginger may help with nausea.\n"
    assert both.remaining == [] and both.fixed == 2


def test_a_rule_without_a_fix_is_reported_but_never_rewritten(linter):
    text = "A miracle pill.\n"
    result = fix_text(text, lint_as(linter), unsafe=True)
    assert result.text == text
    assert [f.rule for f in result.remaining] == ["fixtest/miracle"]


def test_overlapping_fixes_first_by_offset_wins_and_the_other_is_reported(linter):
    text = "A wonder drug for pain.\n"
    findings = lint_as(linter)(text)
    assert {f.rule for f in findings} == {"fixtest/wonder-drug", "fixoverlap/drug-for-pain"}
    taken, conflicts = choose(reversed(findings), text, unsafe=False)  # input order does not matter
    assert [f.rule for f in taken] == ["fixtest/wonder-drug"]
    assert [(c.finding.rule, c.winner.rule) for c in conflicts] == [("fixoverlap/drug-for-pain", "fixtest/wonder-drug")]
    result = fix_text(text, lint_as(linter))
    assert result.text == "A medicine studied for pain.\n"
    assert [c.finding.rule for c in result.conflicts] == ["fixoverlap/drug-for-pain"]


def test_words_still_flagged_after_an_overlapping_fix_are_fixed_in_the_next_pass(linter):
    result = fix_text("We are absolutely certain.\n", lint_as(linter))
    assert result.text == "We are fairly confident.\n"
    assert [[f.rule for f in p] for p in result.passes] == [["fixtest/absolutely-certain"], ["fixtest/certain"]]
    assert result.conflicts == []  # it was applied after all
    assert result.settled


def test_fixing_twice_changes_nothing(linter):
    text = "We are absolutely certain. A wonder drug for pain. This proves it; you can double your dose"
    once = fix_text(text, lint_as(linter), unsafe=True)
    twice = fix_text(once.text, lint_as(linter), unsafe=True)
    assert once.changed and not twice.changed and twice.fixed == 0


def test_insertions_at_one_point_conflict_and_a_fix_that_no_longer_fits_is_dropped(linter):
    text = "You can double your dose"
    (finding,) = lint_as(linter)(text)
    taken, conflicts = choose([finding, finding], text, unsafe=False)
    assert len(taken) == 1 and len(conflicts) == 1
    (cures,) = lint_as(linter)("Ginger cures nausea.")
    assert choose([cures], "Ginger heals nausea.", unsafe=True) == ([], [])


def word_linter(rewrites: dict[str, str]):
    """A lint function flagging each word in `rewrites` with a safe fix to its rewrite."""
    def lint(text):
        found = []
        for word, rewrite in rewrites.items():
            at = text.find(word)
            if at != -1:
                found.append(Finding("t", 1, at + 1, 1, at + len(word) + 1, at, at + len(word), f"t/{word}", "t",
                                     "warning", "m", word, [rewrite], Fix(rewrite, "safe", at, at + len(word))))
        return found
    return lint


def test_fixes_that_undo_each_other_stop_and_say_so():
    result = fix_text("a foo b", word_linter({"foo": "bar", "bar": "foo"}))
    assert not result.settled and result.fixed == 2 and result.text == "a foo b"


def test_fixes_that_never_settle_stop_after_max_passes():
    result = fix_text("a", word_linter({"a": "aa"}), max_passes=3)
    assert not result.settled and result.fixed == 3 and result.text == "aaaa"


def test_splice_copies_everything_between_fixes_and_refuses_overlaps():
    assert splice("abcdef", [Fix("X", "safe", 4, 5), Fix("", "safe", 0, 1), Fix("+", "safe", 6, 6)]) == "bcdXf+"
    with pytest.raises(ValueError):
        splice("abcdef", [Fix("X", "safe", 0, 3), Fix("Y", "safe", 2, 4)])


def test_a_document_fix_appends_in_the_files_line_endings(linter):
    assert fix_text("You can double your dose", lint_as(linter)).text == \
        "You can double your dose\n\nAsk your doctor before changing any dose.\n"
    assert fix_text("You can double your dose.\r\n", lint_as(linter)).text == \
        "You can double your dose.\r\n\r\nAsk your doctor before changing any dose.\r\n"


def test_markup_code_front_matter_and_urls_are_never_rewritten(linter):
    text = ("---\ntitle: This proves it\n---\n\n"
            "This **proves** it, and `this proves it`, see https://example.org/proves-it.\n\n"
            "A wonder **drug** for pain, [a link](https://example.org/?q=this+proves+it).\n\n"
            "```\nThis proves it.\n```\n\n    indented: this proves it\n\n"
            "<!-- this proves it -->\n\nBut this proves it.\n")
    result = fix_text(text, lint_as(linter))
    expected = text.replace("But this proves it.", "But this suggests it.") \
        .replace("This **proves** it", "This **suggests** it")  # inside the markup: the words only
    assert result.text == expected
    # Markup inside the flagged words, or a front matter value (the title): reported, left for
    # the writer.
    assert sorted(f.rule for f in result.remaining) == ["fixoverlap/drug-for-pain", "fixtest/proves",
                                                        "fixtest/wonder-drug"]
    assert [f.line for f in result.remaining if f.rule == "fixtest/proves"] == [2]


# --- files: encodings, BOMs, line endings ------------------------------------------------------

DOC = "Title\n\nThis study proves it: caf\u00e9\tna\u00efve \u2014 ok\nMore text."


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("trailing", [True, False])
@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                          ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_a_fixed_file_differs_only_in_the_fixed_words(tmp_path, linter, newline, trailing, encoding, bom):
    text = DOC.replace("\n", newline) + (newline if trailing else "")
    path = tmp_path / "doc.txt"
    path.write_bytes(bom + text.encode(encoding))
    outcome = fix_file(str(path), linter)
    assert outcome.error is None and outcome.result.fixed == 1
    assert path.read_bytes() == bom + text.replace("proves", "suggests").encode(encoding)


def test_mixed_line_endings_survive(tmp_path, linter):
    data = b"One.\r\nTwo proves it.\nThree.\rFour.\r\n\r\nFive proves it."
    path = tmp_path / "mixed.md"
    path.write_bytes(data)
    fix_file(str(path), linter)
    assert path.read_bytes() == data.replace(b"proves", b"suggests")


def test_a_file_that_would_not_round_trip_is_refused(tmp_path):
    path = tmp_path / "be.txt"
    path.write_bytes("This proves it.".encode("utf-16-be"))  # no byte-order mark
    with pytest.raises(ReadError, match="byte for byte"):
        load(str(path), encoding="utf-16")  # would come back with a byte-order mark: refuse


def test_a_replacement_the_encoding_cannot_hold_is_not_written(tmp_path, linter):
    class DashLinter:  # the pack's fixes, with a character Latin-1 cannot hold
        def lint(self, doc):
            return [dataclasses.replace(f, fix=dataclasses.replace(f.fix, replacement="suggests \u2014"))
                    for f in linter.lint(doc)]

    path = tmp_path / "latin.txt"
    data = "caf\xe9: this proves it.".encode("latin-1")
    path.write_bytes(data)
    outcome = fix_file(str(path), DashLinter(), encoding="latin-1")
    assert isinstance(outcome.error, FixError) and "latin-1" in str(outcome.error)
    assert path.read_bytes() == data


# --- files: atomic, careful writes -----------------------------------------------------------


def test_permission_bits_are_kept_and_no_temporary_file_is_left(tmp_path, linter):
    path = tmp_path / "doc.md"
    path.write_text("This proves it.\n")
    os.chmod(path, 0o640)
    fix_file(str(path), linter)
    assert path.read_text() == "This suggests it.\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path, linter):
    from healthlint import fixer

    path = tmp_path / "doc.md"
    path.write_text("This proves it.\n")
    loaded = load(str(path))
    path.write_text("The writer changed this meanwhile.\n")
    outcome = fixer.fix_loaded(loaded, linter)
    with pytest.raises(FixError, match="changed on disk"):
        write_back(loaded, outcome.new_data)
    assert path.read_text() == "The writer changed this meanwhile.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


def test_a_failed_rename_leaves_the_original_and_no_temporary_file(tmp_path, linter, monkeypatch):
    path = tmp_path / "doc.md"
    path.write_text("This proves it.\n")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    outcome = fix_file(str(path), linter)
    assert isinstance(outcome.error, FixError) and "No space left" in str(outcome.error)
    assert path.read_text() == "This proves it.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


def test_a_symlink_stays_a_link_and_its_target_is_fixed(tmp_path, linter):
    target = tmp_path / "real.md"
    target.write_text("This proves it.\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    fix_file(str(link), linter)
    assert link.is_symlink() and target.read_text() == "This suggests it.\n"


def test_diff_marks_a_missing_final_newline_and_keeps_crlf():
    diff = unified_diff("a.md", "One\r\nproves", "One\r\nsuggests")
    assert diff == ("--- a.md\n+++ a.md\n@@ -1,2 +1,2 @@\n One\r\n-proves\n"
                    "\\ No newline at end of file\n+suggests\n\\ No newline at end of file\n")
    assert unified_diff("a.md", "same", "same") == ""


def test_another_rewrite_replaces_only_the_flagged_words_not_the_adverbs_the_fix_moved():
    """The first rewrite's fix may reach back over an adverb to put it after the modal; another
    rewrite with a modal does the same, and words without one replace the flagged words alone."""
    from healthlint.findings import Finding, Fix
    from healthlint.fixer import fix_with_words

    text = "MindLift completely eliminated panic attacks."
    start = text.index("eliminated")
    finding = Finding(path="a.md", line=1, column=start + 1, end_line=1, end_column=len(text), offset=start,
                      end_offset=len(text) - 1, rule="x/y", category="x", severity="warning", message="m",
                      match=text[start:-1], suggestions=["may have eliminated panic attacks", "may ease panic attacks"],
                      fix=Fix("may have completely eliminated panic attacks", "unsafe", text.index("completely"),
                              len(text) - 1))
    first = fix_with_words(finding, finding.suggestions[0])
    other = fix_with_words(finding, finding.suggestions[1])
    assert text[:first.offset] + first.replacement + text[first.end_offset:] == \
        "MindLift may have completely eliminated panic attacks."
    assert text[:other.offset] + other.replacement + text[other.end_offset:] == \
        "MindLift may completely ease panic attacks."
    typed = fix_with_words(finding, "reduced panic attacks")  # no modal: the flagged words alone
    assert text[:typed.offset] + typed.replacement + text[typed.end_offset:] == \
        "MindLift completely reduced panic attacks."
