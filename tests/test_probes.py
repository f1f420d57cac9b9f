"""The bundled rules on sentences written to test them, not taken from them (tests/probes/).

probes.jsonl: 288 sentences in the genres healthlint is for (147 overclaims across the categories,
141 careful sentences: hedged, negated, attributed, questions, cited, settled evidence, a clinician's
advice, risks warned of with *can*), written before the rules were measured on them. probes-2.jsonl:
122 more (62 and 60), written after the rules had been widened on the first set.

Measured when this test was written (python tests/probe_scoring.py [FILE]):

- probes.jsonl, (any): recall 0.67 on the rules before this work, 0.97 after (142 of 147);
  no careful sentence flagged (3 before). Per category recall: cure 0.94, hype 1.00, certainty
  0.95, evidence 0.91, advice 0.91, natural 1.00.
- probes-2.jsonl, (any): recall 0.48 before, 0.55 after the first round (its honest held-out
  figure), 0.95 after the classes its misses showed were added (59 of 62); no careful sentence
  flagged. Per category recall: cure 0.90, hype 1.00, certainty 1.00, evidence 1.00, natural 1.00.

The thresholds are those numbers less a small margin, so that a rule change that loses a class of
wording, or starts flagging careful sentences, fails here.
"""
from __future__ import annotations

import pytest

from probe_scoring import PROBES, PROBES_2, Scores, load_probes, score


@pytest.fixture(scope="module")
def first() -> Scores:
    return score(load_probes(PROBES))


@pytest.fixture(scope="module")
def second() -> Scores:
    return score(load_probes(PROBES_2))


def test_probe_files_are_balanced_and_labelled_with_known_categories():
    known = {"hype", "certainty", "cure", "natural", "advice", "causation", "extrapolation",
             "evidence", "regulatory", "disclaimer"}
    for path, at_least in ((PROBES, 250), (PROBES_2, 100)):
        probes = load_probes(path)
        assert len(probes) >= at_least
        claims = [p for p in probes if p["labels"]]
        assert 0.4 <= len(claims) / len(probes) <= 0.6, path
        assert all(set(p["labels"]) <= known for p in probes), path


def test_overclaims_in_the_first_probe_set_are_flagged(first: Scores):
    assert first.recall("(any)") >= 0.93, first.misses


def test_no_more_than_two_careful_sentences_in_the_first_probe_set_are_flagged(first: Scores):
    assert first.flagged_careful() <= 2, first.false_positives


@pytest.mark.parametrize("category, floor", [
    ("cure", 0.88), ("hype", 0.9), ("certainty", 0.88), ("evidence", 0.85), ("advice", 0.8),
    ("natural", 0.9),
])
def test_each_owned_category_keeps_its_recall_on_the_first_probe_set(first: Scores, category: str,
                                                                      floor: float):
    assert first.recall(category) >= floor, [m for m in first.misses if m[0] == category]


def test_overclaims_in_the_second_probe_set_are_flagged(second: Scores):
    assert second.recall("(any)") >= 0.9, second.misses


def test_no_more_than_one_careful_sentence_in_the_second_probe_set_is_flagged(second: Scores):
    assert second.flagged_careful() <= 1, second.false_positives


@pytest.mark.parametrize("category, floor", [
    ("cure", 0.88), ("hype", 0.85), ("certainty", 0.85), ("evidence", 0.85),
])
def test_each_owned_category_keeps_its_recall_on_the_second_probe_set(second: Scores, category: str,
                                                                       floor: float):
    assert second.recall(category) >= floor, [m for m in second.misses if m[0] == category]
