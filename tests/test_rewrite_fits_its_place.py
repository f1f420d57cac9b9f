"""A rewrite is spliced into a sentence it did not write: it must fit the words around it, the
article before it, the -ing or infinitive slot it fills and the case of a title-case heading, or
`--fix` leaves broken English in a user's file."""
from __future__ import annotations

import pytest

from healthlint import Linter, load_ruleset, parse
from healthlint.fixer import fix_text

LINTER = Linter(load_ruleset())


def fixed(text: str, select: str) -> str:
    linter = Linter(LINTER.ruleset, select=[select])
    return fix_text(text, lambda t: linter.lint(parse(t, "draft.md")), unsafe=True).text


@pytest.mark.parametrize("text, rule, expected", [
    # the article follows the rewrite's first sound
    ("GlowBiome is an FDA-approved supplement for skin.\n", "regulatory/approved-supplement",
     "GlowBiome is a supplement (not approved: regulators do not approve supplements) for skin.\n"),
    # a word ending in "an" or "a" is not an article: "plan reverses" keeps its "plan"
    ("Our new plan reverses prediabetes.\n", "cure/reverses-condition",
     "Our new plan may slow some signs of prediabetes.\n"),
    # after a preposition, "is", or a comma, an -ing verb stays an -ing verb
    ("He is the leading expert in reversing autoimmune disease.\n", "cure/reverses-condition",
     "He is the leading expert in possibly slowing some signs of autoimmune disease.\n"),
    ("Gene therapy is providing hope for children with the condition.\n", "hype/offers-hope",
     "Gene therapy is possibly offering an option for children with the condition.\n"),
    # after an infinitive's "to" no modal can stand
    ("Eat two Brazil nuts a day to fix your thyroid.\n", "cure/heals-organ",
     "Eat two Brazil nuts a day to possibly support your thyroid.\n"),
    ("A diet rich in vitamins will keep your immune system strong.\n", "causation/keeps-organ-young",
     "A diet rich in vitamins will possibly help keep your immune system strong.\n"),
    # after "is" or "are", "may be" becomes "possibly"
    ("The results are the dawn of a new age for people with MS.\n", "hype/new-era",
     "The results are possibly a step forward for people with MS.\n"),
    # a title-case heading keeps title case wherever the flagged words stand in it
    ("# Three Cups of Coffee a Day Keeps Dementia Away, Huge Study Finds\n", "cure/keeps-condition-away",
     "# Three Cups of Coffee a Day May Be Linked to a Lower Risk of Dementia, Huge Study Finds\n"),
    # the verb of the rewrite agrees with the subject the writer gave it
    ("These five oils for headaches really work.\n", "certainty/really-works",
     "These five oils for headaches seem to help some people.\n"),
    ("Probiotics work wonders for eczema.\n", "cure/remedy-good-for", "Probiotics have been tried for eczema.\n"),
    ("Coconut oil works wonders for eczema.\n", "cure/remedy-good-for", "Coconut oil has been tried for eczema.\n"),
    # the rewrite keeps every word it replaces that the claim needs ("the risk of")
    ("A daily walk slashes the risk of depression.\n", "causation/colloquial-effect",
     "A daily walk may slash the risk of depression.\n"),
    # an irregular past keeps its tense
    ("A friend swore by keto, so I tried it.\n", "evidence/swears-by",
     "A friend recommended keto, so I tried it.\n"),
])
def test_a_rewrite_fits_the_sentence_it_goes_into(text: str, rule: str, expected: str):
    assert fixed(text, rule) == expected


@pytest.mark.parametrize("text, rule", [
    ("# How I Beat Cancer Naturally\n", "cure/beats-condition"),
    ("How I cured my psoriasis in 30 days.\n", "cure/cures-condition"),
])
def test_a_patients_own_story_gets_no_may_rewrite(text: str, rule: str):
    # "How I may help some people manage cancer" would make the writer the remedy: the finding
    # stands, with no rewrite to accept.
    found = [f for f in Linter(LINTER.ruleset, select=[rule]).lint(parse(text, "draft.md"))]
    assert [f.rule for f in found] == [rule]
    assert found[0].suggestions == [] and found[0].fix is None


def test_a_practitioner_speaking_of_their_treatment_keeps_the_rewrite():
    assert fixed("We cure anxiety in six sessions.\n", "cure/cures-condition") == \
        "We may help with anxiety in six sessions.\n"
