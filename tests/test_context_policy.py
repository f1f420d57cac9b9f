"""Which contexts release a rule: a pack's `released_by`, and the default for packs that name none.

The "animal-study" context is opt-in: a causal verb in an experiment in mice reports what the
experiment showed, but a hype word or a cure claim stays an overstatement there.
"""
from __future__ import annotations

import pytest

from healthlint import Linter, lint_text
from healthlint.ruleset import load_ruleset

PACK = '''
[pack]
category = "team"
title = "Team words"
description = "A team pack for the test."
{policy}

[[rule]]
id = "team/heals"
message = "heals: {{match}}"
phrases = ["heals"]
suggest = ["may help"]
[rule.examples]
bad = ["It <<heals>> skin.", "This cream <<heals>> eczema."]
good = ["Nothing here.", "Nothing there."]
'''


@pytest.fixture(scope="module")
def team_linter(tmp_path_factory):
    """A Linter for the team pack with a given policy, built once per policy for the module (each
    load builds the bundled rules too)."""
    linters: dict[str, Linter] = {}

    def linter_for(policy: str) -> Linter:
        if policy not in linters:
            folder = tmp_path_factory.mktemp("rules")
            (folder / "team.toml").write_text(PACK.format(policy=policy), encoding="utf-8")
            linters[policy] = Linter(load_ruleset([folder]), select=["team"])
        return linters[policy]

    return linter_for


@pytest.mark.parametrize("text", [
    "In mice, this cream heals eczema.",
    "A study in rats found that this cream heals eczema.",
])
def test_a_pack_without_a_policy_is_not_released_by_an_animal_scope(team_linter, text: str):
    assert lint_text(text, path="a.txt", linter=team_linter(""))


@pytest.mark.parametrize("text, flagged", [
    ("In mice, this cream heals eczema.", False),
    ("A study in rats found that this cream heals eczema.", False),
    ("Mouse studies show this cream heals eczema.", False),
    ("This cream heals eczema.", True),
    # The scope must stand in the claim's clause.
    ("It was tested in mice; in people, this cream heals eczema.", True),
])
def test_a_pack_that_opts_in_is_released_by_an_animal_scope(team_linter, text: str, flagged: bool):
    linter = team_linter('released_by = ["animal-study"]')
    assert bool(lint_text(text, path="a.txt", linter=linter)) is flagged


def test_the_bundled_causation_pack_reads_a_causal_verb_in_a_rat_experiment_as_its_result(ruleset):
    text = ("A new study was published. The researchers fed rats for a year. "
            "A study in rats found that fasting extended lifespan.")
    rules = {f.rule.split("/")[0] for f in lint_text(text, path="a.txt", linter=Linter(ruleset))}
    assert "causation" not in rules


@pytest.mark.parametrize("policy, text, flagged", [
    ("cited", "This cream heals eczema (Smith et al., 2018).", False),
    # An organisation or a journal as the author of an author-year citation.
    ("cited", "This cream heals eczema (Harvard Health Publishing, 2018).", False),
    ("cited", "This cream heals eczema (Journal of Dermatology, 2020).", False),
    ("cited", "This cream heals eczema (see this page).", True),
    ("cited", "This cream heals eczema (Our Best Seller).", True),
    # A population qualifier says the effect is not universal, as "for some people" does.
    ("hedged", "For many people, this cream heals eczema.", False),
    ("hedged", "In many cases this cream heals eczema.", False),
    ("hedged", "This cream heals eczema in weeks.", True),
    # A hope is not a claim.
    ("hedged", "We apply it in the hope that this cream heals eczema.", False),
    # A misconception reports the claim as someone else's.
    ("attributed", "There is a common misconception that this cream heals eczema.", False),
    ("attributed", "It is a misunderstanding that this cream heals eczema.", False),
    ("attributed", "Everyone knows this cream heals eczema.", True),
])
def test_each_context_cue_releases_a_pack_that_names_its_context(team_linter, policy: str, text: str,
                                                                  flagged: bool):
    linter = team_linter(f'released_by = ["{policy}"]')
    assert bool(lint_text(text, path="a.txt", linter=linter)) is flagged
