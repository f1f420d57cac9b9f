"""Exact positions: every finding's offsets slice its match out of the decoded file, and its
line/column agree with those offsets (1-based, Unicode code points, end exclusive), whatever the
markup, line endings or byte-order mark."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint import Linter, lint_file, lint_text
from healthlint.ruleset import load_ruleset
from support import FIXTURES, position_problems, run_cli, visible

FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt"))

# Each variant turns the committed (LF, no BOM) fixture into the bytes a user might have.
VARIANTS = {
    "lf": lambda text: text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "crlf-bom": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    "utf16-bom": lambda text: text.encode("utf-16"),  # Python writes the BOM for "utf-16"
}


def decoded(data: bytes) -> str:
    """The file's text as a user's editor shows it: BOM removed, line endings kept."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def json_findings(path: Path, *options: str) -> list[dict]:
    result = run_cli("check", "--format", "json", *options, str(path))
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def write_variant(fixture: Path, variant: str, folder: Path) -> Path:
    path = folder / variant / fixture.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(VARIANTS[variant](fixture.read_text(encoding="utf-8")))
    return path


@pytest.fixture(scope="module")
def every_rule(probe_ruleset) -> Linter:
    """The bundled rules and the probe pack, built once (loading rules is the slow part)."""
    return Linter(probe_ruleset)


def probe_phrases(ruleset):
    """Whether some visible text is exactly one of the probe rule's phrases (any case, any run of
    spaces or line breaks between its words)."""
    phrases = {" ".join(p.lower().split()) for p in ruleset.get("probe/overstated").source["phrases"]}
    return lambda text: " ".join(text.lower().split()) in phrases


def test_fixtures_exist():
    names = [p.name for p in FIXTURE_FILES]
    assert sum(n.endswith(".md") for n in names) >= 3 and sum(n.endswith(".txt") for n in names) >= 2


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_every_finding_is_exact(fixture: Path, variant: str, every_rule: Linter, probe_ruleset, tmp_path: Path):
    path = write_variant(fixture, variant, tmp_path)
    text = decoded(path.read_bytes())
    found = lint_file(path, linter=every_rule)
    probe = probe_phrases(probe_ruleset)
    probe_found = [f for f in found if f.rule == "probe/overstated"]
    if fixture.name.startswith("overstated"):
        assert probe_found, "the probe words in an overstated fixture were not flagged"
    for finding in found:
        assert not position_problems(text, finding), (finding, position_problems(text, finding))
    for finding in probe_found:
        # The source span, with emphasis and quote markers removed, is exactly a probe phrase.
        assert probe(visible(finding.match)), finding.match


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_line_endings_and_bom_do_not_move_findings(fixture: Path, every_rule: Linter, tmp_path: Path):
    """The same words are found at the same line:column in every encoding of the same draft."""
    places = {variant: [(f.rule, f.line, f.column, f.end_line, f.end_column)
                        for f in lint_file(write_variant(fixture, variant, tmp_path), linter=every_rule)]
              for variant in VARIANTS}
    assert all(found == places["lf"] for found in places.values()), places


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_cli_json_positions_are_exact_in_a_crlf_file_with_a_bom(fixture: Path, tmp_path: Path):
    path = write_variant(fixture, "crlf-bom", tmp_path)
    text = decoded(path.read_bytes())
    for finding in json_findings(path):
        assert not position_problems(text, finding), (finding, position_problems(text, finding))


def test_columns_count_code_points_not_bytes_or_utf16_units(probe_ruleset):
    linter = Linter(probe_ruleset, select=["probe/overstated"])
    text = "Zoë 😀 — naïve 日本 readers: the key to sleep.\nSecond 👍🏽 line: a miracle."
    first, second = lint_text(text, path="note.txt", linter=linter)
    # "Zoë 😀 — naïve 日本 readers: " is 26 code points (the emoji is 2 UTF-16 units, 4 bytes).
    assert (first.line, first.column, first.end_column) == (1, 27, 37)
    assert (second.line, second.column) == (2, 19)  # 👍🏽 (thumb and skin tone) is two code points
    for finding in (first, second):
        assert not position_problems(text, finding)


def test_a_match_across_a_line_break_spans_lines(probe_ruleset):
    linter = Linter(probe_ruleset, select=["probe/overstated"])
    for newline in ("\n", "\r\n", "\r"):
        text = f"# Title\n\nThis wonder{newline}pill works.{newline}"
        (finding,) = lint_text(text, path="a.md", linter=linter)
        assert finding.match == f"wonder{newline}pill"
        assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 6, 4, 5)
        assert not position_problems(text, finding)


# Property: any document assembled from Markdown constructs, with probe words and non-ASCII text
# in them, yields findings whose positions are exact, whose words are probe words, and which
# never touch a region that is not prose (code, URLs, attributes, comments, front matter).
# Documents are built as (text, kind) segments so the test knows where those regions are.
PROSE, MARKUP, HIDDEN = "prose", "markup", "hidden"
_WORDS = st.sampled_from(["miracle", "cures", "the key to", "breakthrough", "sleep", "Zoë", "😀",
                          "naïve", "日本", "well", "&amp;", "\\*", "a", "proves"])
_PHRASE = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_INLINE = st.one_of(
    _PHRASE.map(lambda s: [(s, PROSE)]),
    _PHRASE.map(lambda s: [("*", MARKUP), (s, PROSE), ("*", MARKUP)]),
    _PHRASE.map(lambda s: [("**", MARKUP), (s, PROSE), ("**", MARKUP)]),
    _PHRASE.map(lambda s: [("`", MARKUP), (s, HIDDEN), ("`", MARKUP)]),
    _PHRASE.map(lambda s: [("[", MARKUP), (s, PROSE), ("](", MARKUP), ("https://example.com/miracle", HIDDEN),
                           (' "', MARKUP), ("cures", HIDDEN), ('")', MARKUP)]),
    _PHRASE.map(lambda s: [("![", MARKUP), (s, PROSE), ("](", MARKUP), ("miracle.png", HIDDEN), (")", MARKUP)]),
    _PHRASE.map(lambda s: [('<span title="', MARKUP), ("the key to", HIDDEN), ('">', MARKUP), (s, PROSE),
                           ("</span>", MARKUP)]),
    st.just([("<", MARKUP), ("https://example.com/the-key-to", HIDDEN), (">", MARKUP)]),
)
_LINE = st.lists(_INLINE, min_size=1, max_size=4).map(
    lambda parts: [seg for i, part in enumerate(parts) for seg in ([(" ", PROSE)] if i else []) + part])


def _prefixed(prefix: str):
    return _LINE.map(lambda line: [(prefix, MARKUP)] + line)


def _table(rows):
    head, body = ([(t.replace("|", ""), k) for t, k in row] for row in rows)
    return [("| ", MARKUP), *head, (" | x |\n|---|---|\n| ", MARKUP), *body, (" | y |", MARKUP)]


_BLOCK = st.one_of(
    _LINE, _prefixed("# "), _prefixed("- "), _prefixed("1. "), _prefixed("> "),
    st.tuples(_LINE, _LINE).map(lambda t: t[0] + [("\n", PROSE)] + t[1]),
    st.tuples(_PHRASE, _PHRASE).map(  # a code span broken over two lines, then prose
        lambda t: [("Run `", MARKUP), (f"{t[0]}\n{t[1]}", HIDDEN), ("` then ", MARKUP), (t[0], PROSE)]),
    st.tuples(_LINE, _LINE).map(_table),
    _PHRASE.map(lambda s: [("```\n", MARKUP), (s, HIDDEN), ("\n```", MARKUP)]),
    # Indented code needs a paragraph before it: after a list it would continue the list item.
    _PHRASE.map(lambda s: [("Code:", PROSE), ("\n\n    ", MARKUP), (s, HIDDEN)]),
    _PHRASE.map(lambda s: [("<!-- ", MARKUP), (s, HIDDEN), (" -->", MARKUP)]),
)
_DOCUMENT = st.tuples(st.lists(_BLOCK, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]),
                      st.booleans())


def _assemble(blocks, newline: str, front_matter: bool) -> tuple[str, list[tuple[int, int]]]:
    segments = [("---\n", MARKUP), ("tags: [miracle, cures]", HIDDEN), ("\n---\n", MARKUP)] if front_matter else []
    segments.append(("Intro.", PROSE))
    for block in blocks:
        segments += [("\n\n", MARKUP)] + block
    segments.append(("\n", MARKUP))
    text, hidden = "", []
    for segment, kind in segments:
        segment = segment.replace("\n", newline)
        if kind == HIDDEN:
            hidden.append((len(text), len(text) + len(segment)))
        text += segment
    return text, hidden


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_DOCUMENT)
def test_generated_markdown_positions_are_exact(probe_ruleset, document):
    text, hidden = _assemble(*document)
    linter = Linter(probe_ruleset, select=["probe/overstated"])
    probe = probe_phrases(probe_ruleset)
    for finding in lint_text(text, path="gen.md", linter=linter):
        assert not position_problems(text, finding), (text, finding)
        assert probe(visible(finding.match)), (text, finding.match)
        inside = [(a, b) for a, b in hidden if a < finding.end_offset and finding.offset < b]
        assert not inside, (text, finding.match, [text[a:b] for a, b in inside])



def test_words_after_a_cut_inside_a_long_run_are_read_as_words(ruleset):
    # Text with no space in 500 characters (a minified page, a pasted token) is cut into sentences
    # at 1,000 characters (sentences.MAX_SENTENCE), inside a word here: the piece after the cut is
    # read as its own words, so "miracle", glued to the run in the block but the first word of the
    # sentence after the cut, is found at its exact place; glued with no cut there, it is not.
    linter = Linter(ruleset)
    text = "q" * 1000 + "miracle cure for arthritis.\n"
    found = [(f.rule, f.offset, f.match) for f in lint_text(text, path="page.txt", linter=linter)]
    assert ("hype/miracle", 1000, "miracle") in found
    glued = "q" * 900 + "miracle cure for arthritis.\n"
    assert "hype/miracle" not in [f.rule for f in lint_text(glued, path="page.txt", linter=linter)]


def test_a_rule_found_only_by_a_hyphenated_compound_tail(tmp_path):
    # A sequence whose only anchor is a suffix of hyphenated compounds ("-proof") is looked up by
    # the compound's tail: a block holding "fool-proof" and no other anchor word still has the
    # rule tried, whether it is one sentence or several.
    (tmp_path / "team.toml").write_text("""
[pack]
category = "team"
title = "Team words"
description = "A rule anchored on a hyphenated tail."
severity = "warning"
released_by = []

[[rule]]
id = "team/proof"
message = "team: {match}"
tokens = [{ suffix = "-proof", mark = true }]
suggest = ["careful"]
[rule.examples]
bad = ["A <<fool-proof>> plan.", "It is <<child-proof>>."]
good = ["A careful plan.", "Proof of it."]
""", encoding="utf-8")
    linter = Linter(load_ruleset([tmp_path]), select=["team/proof"])
    for text, offsets in (("Fool-proof", [0]), ("Zzz fool-proof zzz. Qqq fool-proof", [4, 24])):
        found = [(f.rule, f.offset) for f in lint_text(text, path="note.txt", linter=linter)]
        assert found == [("team/proof", offset) for offset in offsets]
