"""The extrapolation and evidence packs on whole drafts: careful health writing (natural
frequencies, sourced figures, hedged or scoped findings, established facts) is left alone, and in
an article about a mouse study only the sentences that carry the mouse result over to people are
flagged, not the background facts around them."""
from __future__ import annotations

import pytest

from healthlint import Linter, lint_text

CAREFUL = """\
# Shingles

About 1 in 5 people get shingles at some point in their life. Around 1 in 20 hernias are femoral.

Chemotherapy kills cancer cells, but it also harms healthy cells. Antibiotics kill bacteria.

It affects about 5% of adults, according to the Office for National Statistics.

Magnesium deficiency affects 10% of older adults [1].

In the trial, 39% of patients had a side effect, and 1 in 5 people reported headache.

Studies suggest that vitamin D may help some people. Some research suggests sleep affects mood.

A study in mice suggests the compound may protect memory; trials in people are planned.

The compound reversed memory loss in mice, but it has not been tested in people.

The vaccine reduces the risk of stroke, from 2 in 100 to 1 in 100.

Statins lower cholesterol. Everyone can benefit from regular physical activity.

Doctors agree to see you within two weeks if your symptoms get worse.

[1]: https://doi.org/10.1000/example
"""

MOUSE_STORY = """\
# Blueberry compound protects memory in mice

Alzheimer's disease affects more than 55 million people. Regular exercise lowers blood pressure.

Scientists fed a blueberry extract to 40 ageing mice. The treated mice made fewer errors in a
maze than untreated mice.

The extract protects brain cells from damage, the team says.

The study was small and in mice, and it is not known whether the extract works in people.
"""


@pytest.fixture(scope="module")
def linter(ruleset) -> Linter:
    return Linter(ruleset, select=["extrapolation", "evidence"])


def test_careful_health_writing_is_not_flagged(linter):
    found = lint_text(CAREFUL, "careful.md", linter=linter)
    assert [(f.rule, f.match) for f in found] == []


def test_mouse_story_flags_the_carried_over_claim_not_the_background(linter):
    found = lint_text(MOUSE_STORY, "story.md", linter=linter)
    assert [(f.line, f.rule, f.match) for f in found] == [
        (8, "extrapolation/animal-report-general-claim", "protects"),
    ]
    assert found[0].suggestions[0] == "may protect"


HUMAN_STORY = """\
# Blueberry drink and memory in older adults

Scientists gave a blueberry drink to 400 older adults for a year. The treated group made fewer
errors on memory tests than the control group.

The drink protects brain cells from damage, the team says.
"""


def test_the_article_level_rule_needs_an_article_about_animal_research(linter):
    assert [f.rule for f in lint_text(HUMAN_STORY, "story.md", linter=linter)] == []
