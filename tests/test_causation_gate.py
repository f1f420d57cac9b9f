"""The causation pack's document gate: causal wording overstates where a document reports research
or sells supplements, not on a guidance page that states established facts with the same verbs."""
from __future__ import annotations

import pytest

from healthlint import Linter, lint_text

CLAIM = "Regular handwashing reduces infections in schools."


def causation_rules(ruleset, text: str) -> list[str]:
    found = lint_text(text, path="page.txt", linter=Linter(ruleset, select=["causation"]))
    return [f.rule for f in found]


def test_a_guidance_page_that_reports_no_research_is_left_alone(ruleset):
    assert causation_rules(ruleset, f"Wash your hands often. {CLAIM} Use soap and warm water.") == []


def test_one_research_word_does_not_open_the_gate(ruleset):
    assert causation_rules(ruleset, f"A study was done. {CLAIM}") == []


@pytest.mark.parametrize("context", [
    "A new study of 900 pupils was published. The researchers compared two terms.",
    "Our herbal supplement comes in vegan capsules. Each supplement is tested for purity.",
])
def test_a_research_report_or_a_supplement_page_opens_it(ruleset, context: str):
    assert causation_rules(ruleset, f"{context} {CLAIM}") == ["causation/causal-verb-present"]
