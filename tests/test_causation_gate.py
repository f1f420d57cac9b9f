"""The causation pack's document gate: causal wording overstates where a document reports research
or sells supplements or wellness regimes, not on a guidance page that states established facts
with the same verbs."""
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
