"""Suggestion filters that token rules need where a regex rule captured part of a word: a matched
word's inflection ({noun|ending}) and an optional article that must become "a" ({art|a})."""
from __future__ import annotations

import pytest

from healthlint import Linter, parse
from healthlint.suggestions import inflection_ending, render


class _Match:
    def __init__(self, **groups: str):
        self.groups = groups

    def group(self, key=0):
        return self.groups[key]


@pytest.mark.parametrize("word, ending", [
    ("breakthroughs", "s"), ("breakthrough", ""), ("unlocked", "ed"), ("unlocking", "ing"),
    ("unlocks", "s"), ("paradigm shifts", "s"), ("stress", ""), ("red", ""),
    # irregular pasts and participles from the inflection tables; a base form stays bare
    ("swore", "ed"), ("sworn", "ed"), ("fought", "ed"), ("swear", ""), ("cure", ""),
])
def test_ending_gives_the_inflection_a_word_carries(word: str, ending: str):
    assert inflection_ending(word) == ending


def test_templates_copy_the_inflection_and_turn_an_article_into_a():
    assert render("step{noun|ending} forward", _Match(noun="breakthroughs"), "breakthroughs") == "steps forward"
    assert render("learn{verb|ending} about", _Match(verb="unlocked"), "unlocked") == "learned about"
    assert render("recommend{verb|ending}", _Match(verb="swore"), "swore by") == "recommended"
    assert render("{art|a} promising", _Match(art="an"), "an unprecedented") == "a promising"
    assert render("{art|a} promising", _Match(art=""), "groundbreaking") == "promising"


@pytest.fixture(scope="module")
def linter(ruleset) -> Linter:
    return Linter(ruleset, select=["hype"])


def test_rules_use_them_for_plurals_and_articles(linter: Linter):
    found = linter.lint(parse("Two breakthroughs were announced. It is an unprecedented discovery.\n", "draft.txt", "text"))
    by_rule = {f.rule: f.suggestions for f in found}
    assert by_rule["hype/breakthrough"][0] == "steps forward"
    assert by_rule["hype/novelty-adjective"][0] == "a promising"


@pytest.mark.parametrize("template, matched, initial, expected", [
    # a heading or list item in title case keeps title case, small words lower
    ("may help with {match}", "High Blood Pressure", True, "May Help with High Blood Pressure"),
    ("may ease some symptoms of {match}", "Warts", True, "May ease some symptoms of Warts"),  # one word: not a title
    ("may help with {match}", "Lowers High Blood Pressure", True, "May Help with Lowers High Blood Pressure"),
    # a sentence that merely opens with a capital is not a title
    ("may help with {match}", "Cures colds", True, "May help with Cures colds"),
    # a name inside a sentence is not copied
    ("may help with {match}", "Apple Cider Vinegar", False, "may help with Apple Cider Vinegar"),
])
def test_suggestions_keep_title_case(template: str, matched: str, initial: bool, expected: str):
    assert render(template, _Match(), matched, sentence_initial=initial) == expected


def test_a_title_case_heading_gets_a_title_case_rewrite(ruleset):
    text = "# Seven Uses for Vinegar\n\n## 1. Removes Warts\n\nDab a little on each night.\n"
    found = Linter(ruleset, select=["cure"]).lint(parse(text, "uses.md", "markdown"))
    heading = [f for f in found if f.match == "Removes Warts"]
    assert heading and heading[0].suggestions[0] == "May Help with Warts"


@pytest.mark.parametrize("template, matched, expected", [
    # a "may ..." rewrite of words that open with an -ing verb takes the -ing form: the slot
    # after "is", a preposition or a comma has no room for a modal
    ("may offer an option", "providing hope", "possibly offering an option"),
    ("may slow some signs of {object}", "reversing autoimmune disease", "possibly slowing some signs of autoimmune disease"),
    ("may also help", "boosting your immunity", "possibly also helping"),
    # a base form that ends in -ing, or a finite verb, keeps the modal
    ("may offer an option", "bring real hope", "may offer an option"),
    ("may offer an option", "offers hope", "may offer an option"),
])
def test_a_modal_rewrite_of_an_ing_verb_keeps_the_ing_form(template: str, matched: str, expected: str):
    assert render(template, _Match(object="autoimmune disease"), matched, sentence_initial=False) == expected


def test_lower_keeps_acronyms_and_units_as_written():
    assert render("whether to {match|lower}", _Match(), "Take 2,000 IU daily") == "Whether to take 2,000 IU daily"
    assert render("some {who|lower} say", _Match(who="Customers"), "Customers say", sentence_initial=False) == "some customers say"

