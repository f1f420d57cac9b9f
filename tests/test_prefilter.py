"""The keyword prefilter and anchored search only skip work: the findings are exactly those of
running every rule's pattern over every block."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint import Linter, parse
from healthlint.phrases import alternation
from healthlint.prefilter import CASE_TWINS_OF_ASCII, Prefilter, analyse, finditer, lead_finder
from healthlint.ruleset import MARK, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_ruleset()
FILTERED = Linter(RULESET)
UNFILTERED = Linter(RULESET, prefilter=False)
FLAGS = regex.V1 | regex.I


def compile_(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, FLAGS)


def test_a_phrase_rule_runs_only_where_its_words_are():
    prefilter = Prefilter([compile_(alternation(["clinically proven", "guaranteed"]))])
    assert prefilter.candidates("Nothing to see here.") == []
    assert prefilter.candidates("It is CLINICALLY-proven!") == [0]
    assert prefilter.candidates("Results guaranteed.") == [0]
    assert prefilter.candidates("Unguaranteed results") == []  # not the whole word


def test_every_clause_must_hold():
    prefilter = Prefilter([compile_(r"\bholy\s+grail\b")])
    assert prefilter.candidates("a holy place") == []
    assert prefilter.candidates("the Holy Grail of nutrition") == [0]


def test_non_ascii_text_is_judged_by_the_same_words():
    prefilter = Prefilter([compile_(alternation(["cures"]))])
    assert prefilter.candidates("Ça CURES tout — naïvement") == [0]
    assert prefilter.candidates("naïve cure") == []


def test_patterns_it_cannot_read_always_run():
    for pattern in [r"(?:cures){e<=1}", r"[[a-z]--[q]]+ures", r"\w+"]:
        assert Prefilter([compile_(pattern)]).candidates("nothing") == [0], pattern


def test_a_word_cut_by_the_pattern_edge_is_looked_for_inside_words():
    clauses, _, _ = analyse(r"\bcur\w*", FLAGS)
    assert clauses == (frozenset({("s", "cur")}),)
    assert Prefilter([compile_(r"\bcur\w*")]).candidates("It's Curative") == [0]


def test_anchored_search_finds_what_finditer_finds():
    pattern = compile_(r"(?<=\b(?:it|this)\s)(?:cures|treats)\b")
    _, leads, _ = analyse(pattern.pattern, pattern.flags)
    assert leads is not None
    text = "It cures. This treats; that cures; itcures cures. IT CURES"
    assert [m.span() for m in finditer(pattern, text, leads)] == [m.span() for m in pattern.finditer(text)]


def unmark(example: str) -> str:
    return MARK.sub(r"\1", example)


EXAMPLES = [unmark(e) for rule in RULESET.rules for e in rule.bad + rule.good]


def findings(linter: Linter, text: str, name: str = "t.md"):
    return [(f.rule, f.offset, f.end_offset, f.message, tuple(f.suggestions)) for f in linter.lint(parse(text, name))]


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
def test_every_rule_example_gives_the_same_findings(rule):
    for example in rule.bad + rule.good:
        for text in (unmark(example), unmark(example).upper(), "Intro text. " + unmark(example) + " (more)"):
            for name in ("t.md", "t.txt"):
                assert findings(FILTERED, text, name) == findings(UNFILTERED, text, name), text


def test_the_fixture_drafts_give_the_same_findings():
    for path in sorted((ROOT / "fixtures").rglob("*.*")):
        if path.suffix in (".md", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert findings(FILTERED, text, path.name) == findings(UNFILTERED, text, path.name), path


WORDS = sorted({w for e in EXAMPLES for w in regex.findall(r"[\w'’-]+", e)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS).map(str.upper),
                          st.sampled_from([".", ",", ";", "?", "\n\n", "*", "`", "(", ")", "[1]", "é", "-"])),
                min_size=1, max_size=60),
       st.sampled_from(EXAMPLES))
def test_random_mixtures_of_rule_words_give_the_same_findings(tokens, example):
    text = " ".join(tokens) + " " + example
    assert findings(FILTERED, text) == findings(UNFILTERED, text)


def test_the_case_twins_of_ascii_are_all_there_are():
    """Anchored search trusts lowercase ASCII leads on non-ASCII text only when no character in
    it can match an ASCII letter case-insensitively; the list of such characters must be whole."""
    ascii_word = regex.compile(r"(?iV1)[a-z0-9_]")
    twins = set()
    for code in range(0x80, 0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if ascii_word.match(ch) or any(c.isascii() for c in ch.casefold() + ch.lower()):
            twins.add(ch)
    assert twins == set(CASE_TWINS_OF_ASCII)


@pytest.mark.parametrize("text", [
    "Ça CURES tout. Naïve cures; it cures.",
    "The \u212aetone diet cures (\u212a is the Kelvin sign).",
    "Stra\u00dfe: it cures, \ufb01nally, it CURES.",
    "\u017fo it cures",  # long s
])
def test_anchored_search_on_non_ascii_text_finds_what_finditer_finds(text):
    pattern = compile_(r"(?<=\b(?:it|this|diet|\u017fo)\s)(?:cures|treats|\ufb01nally)\b")
    _, leads, _ = analyse(pattern.pattern, pattern.flags)
    assert [m.span() for m in finditer(pattern, text, leads)] == [m.span() for m in pattern.finditer(text)]


def test_leads_marked_as_word_starts_are_found_only_at_word_starts():
    finder = lead_finder(("!cur", "ease"))
    text = "precure cure; disease eases, obscure CURE"
    positions = [m.start() for m in finder.finditer(text.lower())]
    assert positions == [8, 17, 22, 37]


def test_a_rule_is_tried_only_in_the_sentences_that_hold_its_words():
    """Its words in one sentence of a paragraph, its lead word in the others: the same findings
    as running it everywhere, and the findings are where the words are."""
    text = ("Magnesium is sold everywhere. You can buy it online. It will arrive soon. "
            "Magnesium supplements cure anxiety. You can ask us. We will answer.")
    found = findings(FILTERED, text)
    assert found == findings(UNFILTERED, text)
    assert any(text[start:end] == "cure anxiety" for _, start, end, *_ in found)


def test_a_rule_may_look_back_into_the_sentence_before_or_run_on_into_the_next():
    """The per-sentence prefilter judges a sentence by the words a match itself takes in, with
    the next sentence: words a lookbehind reads in the sentence before still count."""
    rules = [compile_(r"(?<=\bresults\?\s+)guaranteed\b"), compile_(r"\bresults\?\s+guaranteed\b")]
    by_sentence = Prefilter(rules, consumed_only=True)
    assert by_sentence.candidates("Guaranteed.") == [0]  # the lookbehind's word is not required
    assert by_sentence.candidates("Results? Guaranteed.") == [0, 1]
    text = "Fillers? None. Pain? Gone. Results? Guaranteed. Order today. Ships fast."
    found = findings(FILTERED, text)
    assert found == findings(UNFILTERED, text)


@pytest.mark.parametrize("text", [
    "About 40% of people agree; 7 in 10 adults, and 100 per cent of users.",
    "Ça marche: 40 % of people — naïvement, 12.5% of adults.",
    "Arabic-Indic digits: \u0664\u0660% of people, then 30% of adults.",  # \d matches them too
    "Devanagari \u096a\u096b% of people",
])
def test_a_rule_that_starts_with_a_number_finds_what_finditer_finds(text):
    """A match may start at a digit: digits are its leads, and a digit outside 0-9 (which
    `\\d` matches too) makes the search run everywhere rather than miss it."""
    pattern = compile_(r"(?:about\s+)?\b\d{1,3}(?:\.\d+)?\s?(?:%|per\s?cent)\s+of\s+(?:people|adults|users)\b|\b\d+\s+in\s+10\b")
    _, leads, _ = analyse(pattern.pattern, pattern.flags)
    assert leads is not None and {lead.lstrip("!") for lead in leads} >= {"4", "about"}
    assert [m.span() for m in finditer(pattern, text, leads)] == [m.span() for m in pattern.finditer(text)]
    assert list(finditer(pattern, text, leads))


def test_a_unicode_property_is_not_taken_for_a_digit():
    """\\p{...} is opaque to the analysis: a pattern that starts with one has no leads."""
    assert analyse(r"\p{Lu}\w+\s+cures", FLAGS)[1] is None
    assert analyse(r"[\p{N}]+\s+cures", FLAGS)[1] is None


def test_a_sentence_is_judged_with_the_next_one_from_the_words_of_each():
    """candidates_with_next gives what candidates() gives for each text joined to the next, also
    when two texts touch (a long sentence cut inside a word) and when only one is ASCII."""
    prefilter = Prefilter([compile_(r"\bholy\s+grail\b"), compile_(r"\bcures\b"), compile_(r"\bnaïve\s+cure\b")])
    texts = ["The holy", "grail. It cu", "res all.", "Naïve", "cure here", "HOLY GRAIL"]
    apart = [True, False, True, True, True]
    joined = [texts[i] + (("" if not apart[i] else " ") + texts[i + 1] if i + 1 < len(texts) else "")
              for i in range(len(texts))]
    assert prefilter.candidates_with_next(texts, None, apart) == [prefilter.candidates(t) for t in joined]
    found = prefilter.candidates_with_next(texts, None, apart)
    assert 0 in found[0] and 1 not in found[0] and 1 in found[1]  # "cu" + "res": cures


def test_word_parts_scanned_or_found_by_the_compiled_finder_give_the_same_candidates():
    """A short run tests word-part anchors with `in` instead of compiling their finder: the rules
    tried, and the sentences they are tried in, are the same either way."""
    patterns = [rule.compiled for rule in RULESET.rules]
    scanning, compiled = Prefilter(patterns), Prefilter(patterns)
    scanning._scan_budget, compiled._scan_budget = float("inf"), 0
    texts = [block.text for path in sorted((ROOT / "fixtures").rglob("*.md"))
             for block in parse(path.read_text(encoding="utf-8"), path.name).blocks]
    texts += ["Ça CURES tout — naïvement", "An anti-inflammatory, detoxifying superfood."]
    assert scanning.by_substring and len(texts) > 100
    assert scanning.candidates_of_blocks(texts) == compiled.candidates_of_blocks(texts)
    assert sorted(scanning.anchors_inside_words(texts)) == sorted(compiled.anchors_inside_words(texts))
    assert scanning._substring_finder is None and compiled._substring_finder is not None
