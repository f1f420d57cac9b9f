"""Behaviour of the cure, advice, regulatory and disclaimer packs that their per-rule examples
cannot show: one finding per claim across rules, where a clinician qualifier may stand, the
document-level disclaimer fix, and two engine details the packs rely on (numbers as one wildcard
word, suggestion capitalisation)."""
from __future__ import annotations

import pytest

from healthlint import Linter, parse
from healthlint.matcher import Compiler
from healthlint.tokens import Tokens


def lint(ruleset, text: str, select: str, path: str = "doc.txt"):
    return Linter(ruleset, select=[select]).lint(parse(text, path))


def test_a_supplement_claim_is_reported_once_not_by_every_cure_rule(ruleset):
    found = lint(ruleset, "Turmeric cures arthritis, and this breathing method cures type 2 diabetes.", "cure")
    assert [(f.rule, f.match) for f in found] == [
        ("cure/supplement-disease-claim", "cures arthritis"),
        ("cure/cures-condition", "cures type 2 diabetes"),
    ]


def test_a_qualifier_in_the_same_or_next_sentence_releases_advice(ruleset):
    advice = "Take 600 mg of ashwagandha every morning."
    assert [f.match for f in lint(ruleset, advice, "advice")] == ["Take 600 mg"]
    same = "Take 600 mg of ashwagandha every morning if your doctor agrees."
    following = advice + " Check with a pharmacist if you take other medicines."
    too_late = advice + " It tastes bitter. Check with a pharmacist if you take other medicines."
    assert lint(ruleset, same, "advice") == []
    assert lint(ruleset, following, "advice") == []
    assert [f.match for f in lint(ruleset, too_late, "advice")] == ["Take 600 mg"]


def test_public_health_wording_is_not_advice_or_a_cure_claim(ruleset):
    text = ("Wash your hands to prevent the spread of flu. The clinic treats patients with chronic pain. "
            "There's usually no need to see a GP about indigestion.")
    assert lint(ruleset, text, "advice") == [] and lint(ruleset, text, "cure") == []


def test_structure_function_claim_needs_the_fda_disclaimer_somewhere_in_the_file(ruleset):
    rule = "disclaimer/structure-function-no-fda-disclaimer"
    claim = "# Calm gummies\n\nOur blend supports mood balance.\n"
    found = Linter(ruleset, select=[rule], jurisdiction="us").lint(parse(claim, "page.md"))  # US law: US only
    assert [f.match for f in found] == ["supports mood balance"]
    fix = found[0].fix
    assert fix.offset == fix.end_offset == len(claim)
    fixed = claim + fix.replacement
    assert fixed.endswith("prevent any disease.\n")
    assert lint(ruleset, fixed, rule, "page.md") == []


_PAGE = "Our turmeric capsules are made from organic root. "


@pytest.mark.parametrize("statement", [
    "This product is not intended to diagnose, treat, cure, or prevent any disease.",
    "This product is not intended to diagnose, treat, cure or prevent any disease.",
    "This product does not diagnose, treat, cure, or prevent any disease.",
    "These capsules are not meant to treat, cure, mitigate, or prevent arthritis.",
])
def test_the_fda_statement_and_its_variants_are_negated_across_their_list(ruleset, statement):
    """The negation reaches every verb of the list (the context layer does it: no rule carries
    an exception for the statement's wording)."""
    assert lint(ruleset, _PAGE + statement, "disclaimer") == []
    assert lint(ruleset, _PAGE + statement, "cure") == []


@pytest.mark.parametrize("text, claim", [
    ("This product is not intended to diagnose, treat, cure, or prevent any disease, and it cures arthritis.",
     "cures"),
    ("Our capsules are not a drug, but they cure arthritis.", "cure"),
    ("Our capsules do not sting, upset or stain, or they cure arthritis.", "cure"),
])
def test_a_claim_after_a_negated_list_is_still_a_claim(ruleset, text, claim):
    assert claim in [f.match for f in lint(ruleset, _PAGE + text, "disclaimer")]


def test_a_wildcard_word_takes_a_whole_number_with_separators():
    seq = Compiler({}, "test.toml", "test/x").phrase("take * IU", "phrases")
    for text, expected in (("Take 2,000 IU a day", "Take 2,000 IU"), ("take 2.5 IU", "take 2.5 IU")):
        toks = Tokens(text)
        (start, end, _), = seq.finditer(toks, 0, len(toks))
        assert text[toks.starts[start]:toks.ends[end - 1]] == expected


def test_suggestions_are_capitalised_only_where_the_match_opens_the_sentence(ruleset):
    rule = "regulatory/approved-supplement"
    inside = lint(ruleset, "Try our FDA-approved ashwagandha gummies today.", rule)
    opening = lint(ruleset, "FDA-approved ashwagandha gummies are here.", rule)
    assert inside[0].suggestions[-1] == "ashwagandha gummies"
    assert opening[0].suggestions[-1] == "Ashwagandha gummies"
