"""The cure pack on the kinds of wording real remedy pages use (issue 15): claims said with *can*,
title-case list items, *it* on a remedy page, praise for how well a remedy treats; and settled
medicine, purposes and regulators' warnings left alone. All drafts are our own."""
from __future__ import annotations

import pytest

from healthlint import Linter, parse


@pytest.fixture(scope="module")
def linter(ruleset) -> Linter:
    return Linter(ruleset, select=["cure"])


def flagged(linter: Linter, text: str, fmt: str = "text") -> list[str]:
    return [f.match for f in linter.lint(parse(text, "draft." + ("md" if fmt == "markdown" else "txt"), fmt))]


@pytest.mark.parametrize("text, words", [
    ("Fresh ginger can treat both nausea and headaches.", "can treat both nausea"),
    ("Raw garlic relieves sinus congestion in a day.", "relieves sinus congestion"),
    ("Cider vinegar is a potent remedy for hay fever, hives and eczema.", "a potent remedy"),
    ("Our protocol promises to reverse early Alzheimer's.", "promises to reverse early Alzheimer's"),
    ("Turmeric plays a vital role in the battle against arthritis.", "battle against arthritis"),
    ("The cleanse gets to the root causes of acne.", "the root causes"),
])
def test_remedy_claims_are_flagged_at_the_claim(linter, text, words):
    assert words in flagged(linter, text)


def test_title_case_list_items_on_a_remedy_page_are_claims(linter):
    page = ("# Twelve uses for raw honey\n\nRaw honey and cider vinegar belong in every kitchen.\n\n"
            "1. Cure A Sore Throat\n2. Removes Warts\n3. Tastes Great On Toast\n")
    found = flagged(linter, page, "markdown")
    assert "Cure A Sore Throat" in found and "Removes Warts" in found
    assert len(found) == 2


def test_list_items_on_a_page_that_sells_no_remedy_are_left_alone(linter):
    page = "# After your operation\n\n1. Reduce Pain With The Medicines We Give You\n2. Removes Stitches After Ten Days\n"
    assert flagged(linter, page, "markdown") == []


def test_it_is_a_claim_only_on_a_page_about_remedies(linter):
    remedy_page = ("Colloidal silver is our favourite remedy. We put colloidal silver in tea and colloidal silver "
                   "drops on cuts. It can tackle acne and eczema alike.")
    leaflet = "This medicine is an antihistamine. It treats hay fever and hives."
    assert flagged(linter, remedy_page) == ["It can tackle acne"]
    assert flagged(linter, leaflet) == []


@pytest.mark.parametrize("text", [
    "Most urinary tract infections can be cured with a short course of antibiotics.",
    "Antibiotics cure most UTIs within a week.",
    "To help ease the symptoms of thrush, wear loose cotton underwear.",
    "The FDA warns about products that claim to prevent, treat, or cure COVID-19.",
    "Fresh ginger may ease nausea for some people.",
    "In a small trial, ginger eased nausea more than placebo did.",
    "There is no evidence that garlic relieves sinus congestion.",
    "Can raw garlic relieve sinus congestion?",
    "Researchers hope to reverse early Alzheimer's one day.",
])
def test_settled_medicine_purposes_warnings_and_hedges_stay_clean(linter, text):
    assert flagged(linter, text) == []
