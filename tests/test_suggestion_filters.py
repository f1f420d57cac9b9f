"""Suggestion filters that token rules need where a regex rule captured part of a word: a matched
word's inflection ({noun|ending}) and an optional article that must become "a" ({art|a})."""
from __future__ import annotations

import pytest

from healthlint import Linter, load_ruleset, parse
from healthlint.suggestions import inflection_ending, render


class _Match:
    def __init__(self, **groups: str):
        self.groups = groups

    def group(self, key=0):
        return self.groups[key]


@pytest.mark.parametrize("word, ending", [
    ("breakthroughs", "s"), ("breakthrough", ""), ("unlocked", "ed"), ("unlocking", "ing"),
    ("unlocks", "s"), ("paradigm shifts", "s"), ("stress", ""), ("red", ""),
])
def test_ending_gives_the_inflection_a_word_carries(word: str, ending: str):
    assert inflection_ending(word) == ending


def test_templates_copy_the_inflection_and_turn_an_article_into_a():
    assert render("step{noun|ending} forward", _Match(noun="breakthroughs"), "breakthroughs") == "steps forward"
    assert render("learn{verb|ending} about", _Match(verb="unlocked"), "unlocked") == "learned about"
    assert render("{art|a} promising", _Match(art="an"), "an unprecedented") == "a promising"
    assert render("{art|a} promising", _Match(art=""), "groundbreaking") == "promising"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_ruleset(), select=["hype"])


def test_rules_use_them_for_plurals_and_articles(linter: Linter):
    found = linter.lint(parse("Two breakthroughs were announced. It is an unprecedented discovery.\n", "draft.txt", "text"))
    by_rule = {f.rule: f.suggestions for f in found}
    assert by_rule["hype/breakthrough"][0] == "steps forward"
    assert by_rule["hype/novelty-adjective"][0] == "a promising"
