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
from healthlint.prefilter import Prefilter, analyse, finditer
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
    clauses, _ = analyse(r"\bcur\w*", FLAGS)
    assert clauses == (frozenset({("s", "cur")}),)
    assert Prefilter([compile_(r"\bcur\w*")]).candidates("It's Curative") == [0]


def test_anchored_search_finds_what_finditer_finds():
    pattern = compile_(r"(?<=\b(?:it|this)\s)(?:cures|treats)\b")
    _, leads = analyse(pattern.pattern, pattern.flags)
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
