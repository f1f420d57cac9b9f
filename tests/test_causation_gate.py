"""The causation pack's document gate: weak causal wording (a plain "reduces") overstates where a
document reports research or sells supplements or wellness regimes, not on a guidance page that
states established facts with the same verbs. Clear causal claims are never gated (issue 15: no
silent gates), and settled evidence is released by the established context wherever it stands."""
from __future__ import annotations

import pytest

from healthlint import Linter, lint_text

CLAIM = "Regular stretching reduces back pain in office workers."


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
    "Our seven-day detox plan comes with a shopping list. Start the cleanse on a Monday.",
    "Our acupuncture clinic is open on Saturdays. Ask about chiropractic care too.",
])
def test_a_research_report_a_supplement_or_a_wellness_page_opens_it(ruleset, context: str):
    assert causation_rules(ruleset, f"{context} {CLAIM}") == ["causation/causal-verb-present"]


def test_a_rule_can_set_its_own_gate_over_the_packs(tmp_path):
    from healthlint.ruleset import load_ruleset

    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "team.toml").write_text('''
[pack]
category = "team"
title = "Team words"
description = "A pack whose rules need a research word in the sentence unless they say otherwise."
needs = ["research-reports"]

[[rule]]
id = "team/gated"
message = "gated: {match}"
phrases = ["heals"]
suggest = ["may help"]
[rule.examples]
bad = ["A study says it <<heals>> skin.", "In the trial it <<heals>> skin."]
good = ["It heals skin.", "Nothing here."]

[[rule]]
id = "team/open"
message = "open: {match}"
phrases = ["soothes"]
needs = ["skin"]
suggest = ["may soothe"]
[rule.examples]
bad = ["It <<soothes>> skin.", "This cream <<soothes>> skin."]
good = ["It soothes nothing.", "Nothing here."]
''', encoding="utf-8")
    linter = Linter(load_ruleset([folder]), select=["team"])
    rules = lambda text: [f.rule for f in lint_text(text, path="a.txt", linter=linter)]  # noqa: E731
    assert rules("It heals skin.") == []
    assert rules("A study found it heals skin.") == ["team/gated"]
    assert rules("It soothes skin.") == ["team/open"]


@pytest.mark.parametrize("text, rule", [
    ("Eating chocolate makes you smarter.", "causation/makes-you"),
    ("Sugar causes hyperactivity in children.", "causation/causes"),
    ("Screen time leads to attention problems in children.", "causation/causes"),
    ("Green tea melts belly fat.", "causation/melts-fat"),
])
def test_a_clear_causal_claim_is_flagged_alone_on_standard_input(ruleset, text: str, rule: str):
    assert causation_rules(ruleset, text) == [rule]


def test_a_clear_claim_after_two_study_sentences_is_flagged(ruleset):
    text = "A new study of 900 adults was published. The researchers followed them for a year. Green tea melts belly fat."
    assert causation_rules(ruleset, text) == ["causation/melts-fat"]


@pytest.mark.parametrize("text", [
    "A new study was published. Smoking causes lung cancer, the researchers note.",
    "A new study was published. The MMR vaccine prevents measles in children.",
    "A new study was published. Statins lower LDL cholesterol in most people.",
    "In the trial, the new drug reduced pain scores compared with placebo.",
])
def test_settled_evidence_and_a_trials_own_result_are_not_flagged(ruleset, text: str):
    assert causation_rules(ruleset, text) == []


def test_an_illness_described_by_its_causes_is_not_a_claim(ruleset):
    text = "Colds are caused by viruses. Chickenpox causes itchy red spots. The virus that causes COVID-19 spreads easily."
    assert causation_rules(ruleset, text) == []
