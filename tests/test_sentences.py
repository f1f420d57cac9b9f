"""Sentence and clause bounds: they decide which hedge, negation or question governs a claim."""
from __future__ import annotations

import pytest

from healthlint import Linter, lint_text
from healthlint.sentences import clause_bounds, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize("first, second", [
    ("Dr. Lee reviewed the trial.", "It was small."),
    ("Use oily fish, e.g. salmon, twice a week.", "Next."),
    ("Omega-3 fats, i.e. EPA and DHA, were measured.", "Next."),
    ("Smith et al. reported a small effect.", "Next."),
    ("Diet vs. exercise was compared.", "Next."),
    ("See Fig. 2 for the results.", "Next."),
    ("Approx. 40% of people responded.", "Next."),
    ("Levels rose 2.5 times over 3.75 weeks.", "Next."),
    ("J. R. Smith wrote the review.", "Next."),
    ("A review by John F. Kennedy Jr. appeared.", "Next."),
    ("Sleep improved in one trial [1].", "Next."),
    ("Sleep improved in one trial.[1]", "Next."),
    ("Sleep improved in one trial.[^2]", "Next."),
    ("Mood improved with therapy2.", "Next."),
    ("Mood improved.2,3", "Next."),
    ("She said \"it helped.\"", "Then she stopped."),
    ("Is it safe?", "Nobody knows."),
    ("It works!", "Or so they say."),
    ("Take vitamin D.", "It is cheap."),
    ("The usual dose is 10 mg.", "Ask a pharmacist."),
])
def test_sentence_ends_only_where_a_sentence_ends(first: str, second: str):
    assert sentences(f"{first} {second}") == [first, second]


@pytest.mark.parametrize("text", [
    "Take 5 mg. twice daily with food.",          # an unknown abbreviation before a lowercase word
    "Results (p = 0.03) were modest.",
    "The U.S. and the U.K. trials agreed.",
])
def test_no_false_sentence_breaks(text: str):
    assert sentences(text) == [text]


def test_sentences_are_trimmed_and_cover_trailing_text_without_a_full_stop():
    assert sentences("  First one.   Second one without a stop  ") == ["First one.", "Second one without a stop"]


def clause(text: str, word: str) -> str:
    start = text.index(word)
    lo, hi = clause_bounds(text, start, start + len(word), 0, len(text))
    return text[lo:hi].strip()


@pytest.mark.parametrize("text, expected", [
    ("It may help sleep; it cures anxiety.", "it cures anxiety."),
    ("It may help sleep: it cures anxiety.", "it cures anxiety."),
    ("It may help sleep — it cures anxiety.", "it cures anxiety."),
    ("It may help sleep - it cures anxiety.", "it cures anxiety."),
    # An em dash set closed up between words, as American copy writes it, ends a clause too.
    ("It isn't just a tea—it cures anxiety.", "it cures anxiety."),
    # A closed-up en dash is a range ("3–6 weeks"), not a clause break.
    ("It may take 3–6 weeks until it cures anxiety.", "It may take 3–6 weeks until it cures anxiety."),
    ("It cures anxiety (though it may not help sleep).", "It cures anxiety"),
    ("It may help sleep, but it cures anxiety.", "it cures anxiety."),
    ("It may help sleep, whereas it cures anxiety.", "it cures anxiety."),
    ("It may help sleep, and it cures anxiety.", "it cures anxiety."),
    ("Although it may help sleep, it cures anxiety.", "it cures anxiety."),
    ("Although it cures anxiety, it may not help sleep.", "Although it cures anxiety"),
    ("When rest is not enough, it cures anxiety.", "it cures anxiety."),
    ("For people who don't sleep well, it cures anxiety.", "it cures anxiety."),
    # "that" does not end a clause: the hedge governs the claim it introduces.
    ("Some studies suggest that it cures anxiety.", "Some studies suggest that it cures anxiety."),
    # A contrast aside between subject and verb negates only itself.
    ("This tea, but not the capsules, cures anxiety.", "cures anxiety."),
    ("This tea, rather than the capsules, cures anxiety.", "cures anxiety."),
])
def test_clause_bounds(text: str, expected: str):
    assert clause(text, "cures") == expected


@pytest.mark.parametrize("text, expected", [
    # ", or" and ", and" that close a list of verbs or nouns stay inside the clause ...
    ("It does not diagnose, treat, cure, or prevent anxiety.", "It does not diagnose, treat, cure, or prevent anxiety."),
    ("It may soothe, calm, and prevent anxiety.", "It may soothe, calm, and prevent anxiety."),
    ("It is not a drug, a food, or a preventive for anxiety.", "It is not a drug, a food, or a preventive for anxiety."),
    ("It may ease the symptoms of flu, shorten colds, or prevent anxiety.",
     "It may ease the symptoms of flu, shorten colds, or prevent anxiety."),
    # ... but not when a new subject follows the conjunction, when one list item is a clause with
    # its own subject, when there is no list before it, or when the list has already closed.
    ("It is not a drug, a food, or it prevents anxiety.", "it prevents anxiety."),
    ("It does not stain, it is cheap, and turmeric prevents anxiety.", "turmeric prevents anxiety."),
    ("Not everyone agrees, or it prevents anxiety.", "it prevents anxiety."),
    ("It is not cheap, tasty, or popular, and turmeric prevents anxiety.", "turmeric prevents anxiety."),
    ("It is not a drug, a food, a tea, so it prevents anxiety.", "it prevents anxiety."),
    ("It has no sugar, no dairy, and prevents anxiety.", "prevents anxiety."),
])
def test_a_list_joined_by_or_and_is_one_clause(text: str, expected: str):
    assert clause(text, "prevent") == expected


@pytest.mark.parametrize("text, flagged", [
    ("Dr. Smith may be right. This cream heals eczema.", True),      # the hedge is in another sentence
    ("This cream may heal eczema, e.g. on the hands.", False),
    ("Although it may soothe itching, this cream heals eczema.", True),
    ("It is cheap, but it does not heal eczema.", False),
    ("This cream, but not the ointment, heals eczema.", True),
    ("This cream, not the ointment, heals eczema.", True),
    ("When rest does not help, this cream heals eczema.", True),
    ("When used daily, this cream may heal eczema.", False),
    ("The ointment, but not this cream, does not heal eczema.", False),
    ("It may soothe itching; this cream heals eczema.", True),
    # A negation or hedge governs every verb of a list it stands before, not the clause after it.
    ("This cream does not cool, soothe, or heal eczema.", False),
    ("This cream may cool, soothe, or heal eczema.", False),
    ("This cream is not cheap, but it heals eczema.", True),
    ("This cream does not sting, or it heals eczema.", True),
    ("This cream is not greasy, sticky, or scented, and it heals eczema.", True),
])
def test_bounds_decide_whether_a_hedge_releases_a_claim(probe_ruleset, text: str, flagged: bool):
    linter = Linter(probe_ruleset, select=["probe/hedgeable"])
    assert bool(lint_text(text, path="a.txt", linter=linter)) is flagged
