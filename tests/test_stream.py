"""Large files linted in pieces (stream.py): the findings are exactly those of the whole file read
at once, wherever the pieces end: claims at a piece's edge, a qualifier in the next piece, a
document-wide gate or statement, link definitions in another piece, CRLF, CR, a byte-order mark,
UTF-16. Pieces here are a few hundred characters, so that every case crosses many boundaries."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint import large
from healthlint.engine import Linter
from healthlint.formats import read_document
from healthlint.reader import read_source
from healthlint.stream import first_passes, lint_pieces, pieces
from support import FIXTURES, run_cli
from test_reader_properties import documents

DRAFTS = ["clinic-faq.md", "fasting-fitness-blog.md", "supplement-product-page.md"]
SIZES = (150, 400, 1500)


@pytest.fixture(scope="module")
def linter(ruleset) -> Linter:
    return Linter(ruleset)


@pytest.fixture(scope="module")
def probe_linter(probe_ruleset) -> Linter:
    return Linter(probe_ruleset, select=["probe"])


def whole(linter: Linter, path: Path, encoding: str | None = None):
    return linter.lint(read_document(read_source(str(path), encoding=encoding), linter.reader_options))


def streamed(linter: Linter, path: Path, size: int, encoding: str | None = None):
    out = list(lint_pieces(linter, str(path), encoding, piece_chars=size))
    return [f for _, found in out for f in found], len(out)


def assert_same(linter: Linter, path: Path, sizes=SIZES, encoding: str | None = None) -> list:
    expected = whole(linter, path, encoding)
    for size in sizes:
        got, count = streamed(linter, path, size, encoding)
        assert count > 1 or path.stat().st_size < size, "the file was not cut"
        assert got == expected, f"pieces of {size} characters"
    return expected


def drafts_text() -> str:
    return "\n\n".join((FIXTURES / "drafts" / name).read_text(encoding="utf-8") for name in DRAFTS)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                          ("utf-16-le", codecs.BOM_UTF16_LE)])
def test_pieces_give_the_findings_of_the_whole_file(linter, tmp_path, suffix, newline, encoding, bom):
    text = drafts_text().replace("\r\n", "\n").replace("\n", newline)
    path = tmp_path / f"drafts{suffix}"
    path.write_bytes(bom + text.encode(encoding))
    findings = assert_same(linter, path)
    assert len(findings) > 20
    # document-scope gates ("needs" counted over the file) and document rules are exercised
    assert any(f.rule.startswith("causation/") for f in findings)


def test_a_dose_qualified_in_the_next_paragraph_stays_released_across_pieces(linter, tmp_path):
    filler = "Leafy greens are part of many diets.\n\n" * 6
    path = tmp_path / "advice.md"
    path.write_text(filler + "Take 800 mg of magnesium every night.\n\nAsk your doctor first.\n\n" + filler,
                    encoding="utf-8")
    # every cut between the two paragraphs: sizes around the second paragraph's start
    start = path.read_text(encoding="utf-8").index("Ask your")
    assert assert_same(linter, path, sizes=range(start - 40, start + 4, 3)) == []


def test_a_document_statement_at_the_end_covers_a_trigger_at_the_start(ruleset, tmp_path):
    linter = Linter(ruleset, jurisdiction="us")  # where the missing disclaimer gets a fix
    claim = "Our ashwagandha gummies support a balanced mood.\n\n"
    filler = "Leafy greens are part of many diets.\n\n" * 30
    disclaimer = ("These statements have not been evaluated by the Food and Drug Administration. This product "
                  "is not intended to diagnose, treat, cure, or prevent any disease.\n")
    path = tmp_path / "label.md"
    path.write_text(claim + filler + disclaimer, encoding="utf-8")
    assert assert_same(linter, path) == []
    path.write_text(claim + filler + "The end.", encoding="utf-8")  # no disclaimer, no final line break
    findings = assert_same(linter, path)
    [missing] = [f for f in findings if f.rule == "disclaimer/structure-function-no-fda-disclaimer"]
    end = len(path.read_text(encoding="utf-8"))
    assert missing.line == 1 and missing.fix.offset == end  # appended after the last piece
    assert missing.fix.replacement.startswith("\n\nThese statements")


def test_link_definitions_in_other_pieces_apply_and_the_first_wins(probe_linter, tmp_path):
    filler = "Plain words here.\n\n" * 20
    text = ("Read [the study][cures] now.\n\n" + filler + "[early]: https://doi.org/10.1/a\n\n" + filler
            + "See [a trial][early] too.\n\n" + filler
            + "[cures]: https://doi.org/10.1/x\n[early]: https://example.org/later\n")
    path = tmp_path / "refs.md"
    path.write_text(text, encoding="utf-8")
    assert assert_same(probe_linter, path) == []  # "cures" is a label, not prose
    facts, chunks = first_passes(probe_linter, str(path), None, 150)
    blocks = [b for p in pieces(chunks, str(path), "markdown", probe_linter.reader_options, facts)
              for b in p.doc.blocks]
    [trial] = [b for b in blocks if b.text == "See a trial too."]
    assert trial.citations  # the first definition (doi.org) wins over the later one


def test_a_definition_inside_a_quote_makes_the_file_read_whole(probe_linter, tmp_path):
    filler = "Plain words here.\n\n" * 20
    path = tmp_path / "quoted.md"
    path.write_text("Read [the study][cures] now.\n\n" + filler + "> [cures]: https://doi.org/10.1/x\n",
                    encoding="utf-8")
    out = list(lint_pieces(probe_linter, str(path), piece_chars=150))
    assert len(out) == 1 and out[0][1] == whole(probe_linter, path) == []


def test_findings_come_piece_by_piece(probe_linter, tmp_path):
    path = tmp_path / "many.md"
    path.write_text("A miracle here.\n\n" * 200, encoding="utf-8")
    stream = lint_pieces(probe_linter, str(path), piece_chars=300)
    piece, findings = next(stream)
    assert piece.offset == 0 and findings
    assert all(f.end_offset <= len(piece.doc.text) for f in findings)
    assert len(findings) < 200 == len(whole(probe_linter, path))


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("fmt,suffix", [("markdown", ".md"), ("text", ".txt")])
@PROPERTY
@given(data=st.data(), size=st.integers(20, 120))
def test_arbitrary_documents_read_the_same_in_pieces(probe_linter, tmp_path, fmt, suffix, data, size):
    """The prose blocks of pieces, moved to their place in the file, are the whole file's: same
    text, kinds, citations and source offsets, whatever markup stands at a cut."""
    parts = data.draw(st.lists(documents(fmt), min_size=2, max_size=6))
    text = "\n\n".join(parts)
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        expected = read_document(read_source(str(path)), probe_linter.reader_options).blocks
    except Exception:  # not decodable: the whole-file reader rejects it, nothing to compare
        return
    facts, chunks = first_passes(probe_linter, str(path), None, size)
    if facts.whole:  # read whole by lint_pieces (a suppression comment, a nested definition)
        return
    got = [(p.offset, b) for p in pieces(chunks, str(path), fmt, probe_linter.reader_options, facts)
           for b in p.doc.blocks]
    assert [_shape(b, at) for at, b in got] == [_shape(b, 0) for b in expected]


def _shape(block, at: int) -> tuple:
    return (block.kind, block.text, block.citations, block.fixable,
            [(p, s + at, e + at) for p, s, e in block._pieces])


# -- the command line ---------------------------------------------------------------------------

@pytest.fixture
def small_pieces(monkeypatch):
    """Files over 1,000 bytes count as large, in pieces of 400 characters."""
    monkeypatch.setattr(large, "STREAM_BYTES", 1000)
    monkeypatch.setattr(large, "PIECE_CHARS", 400)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_check_reports_a_large_file_as_a_small_one(tmp_path, monkeypatch, fmt):
    path = tmp_path / "drafts.md"
    path.write_text(drafts_text(), encoding="utf-8")
    before = run_cli("check", "--no-cache", "--output-format", fmt, str(path))
    monkeypatch.setattr(large, "STREAM_BYTES", 1000)
    monkeypatch.setattr(large, "PIECE_CHARS", 400)
    after = run_cli("check", "--output-format", fmt, str(path))  # never cached: linted again
    assert after.exit_code == before.exit_code == 1
    assert after.output == before.output
    if fmt == "json":
        assert len(json.loads(after.output)) > 20


def test_suppression_comments_in_a_large_file_are_honoured(tmp_path, small_pieces):
    path = tmp_path / "quiet.md"
    body = drafts_text()
    path.write_text("<!-- healthlint-disable -->\n\n" + body, encoding="utf-8")
    result = run_cli("check", "--no-cache", str(path))
    assert result.exit_code == 0, result.output


def test_a_large_file_that_is_not_utf8_is_one_error_naming_its_line(tmp_path, small_pieces):
    path = tmp_path / "legacy.md"
    text = drafts_text()
    path.write_bytes(text.encode("utf-8") + b"\n\nCaf\xe9 owners say it cures colds.\n")
    result = run_cli("check", "--no-cache", str(path))
    line = text.count("\n") + 3
    assert result.exit_code == 2
    assert f"first undecodable byte on line {line}" in result.stderr
    assert "Traceback" not in result.stderr
    fallback = run_cli("check", "--no-cache", "--encoding", "latin-1", "-q", str(path))
    assert f"{path}:{line}:" in fallback.output  # "cures colds", found in the re-decoded text


def test_a_baseline_covers_a_large_file(tmp_path, small_pieces):
    path = tmp_path / "drafts.md"
    path.write_text(drafts_text(), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", "--no-cache", "--write-baseline", str(baseline), str(path)).exit_code == 0
    result = run_cli("check", "--no-cache", "--baseline", str(baseline), str(path))
    assert result.exit_code == 0 and "No findings" in result.output
