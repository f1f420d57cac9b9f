"""The bundled rules on sentences written to test them, not taken from them (tests/probes/).

Four sets of sentences in the genres healthlint is for, each about half overclaims across the
categories and half careful wording (hedged, negated, attributed, questions, cited, settled
evidence, a clinician's advice, risks warned of with *can*). Each set was written before the rules
were measured on it; the later ones after the rules had been widened on the earlier ones, so each
gives one honest held-out figure before the classes its misses showed were added.

Measured when this test was written (python tests/probe_scoring.py FILE), (any) recall:

| set | sentences | main before this work | held out (before changes for it) | after |
|---|---|---|---|---|
| probes.jsonl | 288 (147 claims) | 0.67 | 0.67 | 0.97 |
| probes-2.jsonl | 122 (62) | 0.48 | 0.55 | 0.95 |
| probes-3.jsonl | 100 (50) | 0.46 | 0.50 | 0.86 |
| probes-4.jsonl | 80 (40) | 0.65 | 0.68 | 0.82 |
| probes-6.jsonl | 137 (71) | 0.54 | 0.54 | 0.96 |
| probes-7.jsonl | 75 (40) | 0.47 | 0.47 | 0.88 |

Careful sentences flagged after: 0, 0, 2 and 1 (the last three by rules this work did not add:
causation/benefits-are-evident, regulatory/doctors-recommend, evidence/figure-endorsement).

probes-6.jsonl was written for evidence, advice, regulatory and disclaimer alone (26, 26, 14 and 7
claims); 13 of its probes are short documents marked `"document": true`, on which the document-level
disclaimer category is scored. Held out, per category: evidence 0.35, advice 0.50, regulatory 0.43,
disclaimer 0.57; after the classes its misses showed were added: 0.96, 0.92, 0.93 and 1.00, with no
careful probe flagged. The same work took probes-2 from 0.95 to 0.97 and probes-4 from 0.82 to 0.85.
probes-7.jsonl, written for the same four categories after that first round, scored exactly what
main scored (0.47; evidence 0.25, advice 0.67, regulatory 0.40): the first round's classes did not
reach its wording at all, which is why held-out figures are the ones to quote. Its 15 last careful
probes were written after the second round, so they test precision but are not held out.

The floors are those numbers less a small margin, so that a rule change that loses a class of
wording, or starts flagging careful sentences, fails here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from probe_scoring import PROBES, PROBES_2, PROBES_3, PROBES_4, PROBES_6, PROBES_7, Scores, load_probes, score

#: (set, floor on (any) recall, most careful sentences flagged, floors per owned category)
EXPECTED = [
    (PROBES, 0.93, 2, {"cure": 0.88, "hype": 0.9, "certainty": 0.88, "evidence": 0.85, "advice": 0.8, "natural": 0.9}),
    (PROBES_2, 0.9, 1, {"cure": 0.85, "hype": 0.85, "certainty": 0.85, "evidence": 0.85}),
    (PROBES_3, 0.8, 3, {"cure": 0.7, "evidence": 0.85, "natural": 0.8}),
    (PROBES_4, 0.75, 2, {"cure": 0.65, "hype": 0.8, "natural": 0.8}),
    (PROBES_6, 0.9, 1, {"evidence": 0.9, "advice": 0.85, "regulatory": 0.85, "disclaimer": 0.85}),
    (PROBES_7, 0.75, 1, {"evidence": 0.7, "advice": 0.7, "regulatory": 0.75}),
]
_SCORES: dict[Path, Scores] = {}


def scores_for(path: Path) -> Scores:
    if path not in _SCORES:
        _SCORES[path] = score(load_probes(path))
    return _SCORES[path]


def test_probe_files_are_balanced_and_labelled_with_known_categories():
    known = {"hype", "certainty", "cure", "natural", "advice", "causation", "extrapolation",
             "evidence", "regulatory", "disclaimer"}
    for path, at_least in ((PROBES, 250), (PROBES_2, 100), (PROBES_3, 100), (PROBES_4, 80), (PROBES_6, 120), (PROBES_7, 75)):
        probes = load_probes(path)
        assert len(probes) >= at_least, path
        claims = [p for p in probes if p["labels"]]
        assert 0.4 <= len(claims) / len(probes) <= 0.6, path
        assert all(set(p["labels"]) <= known for p in probes), path


@pytest.mark.parametrize("path, floor", [(e[0], e[1]) for e in EXPECTED], ids=lambda v: getattr(v, "name", str(v)))
def test_overclaims_in_each_probe_set_are_flagged(path: Path, floor: float):
    scores = scores_for(path)
    assert scores.recall("(any)") >= floor, scores.misses


@pytest.mark.parametrize("path, most", [(e[0], e[2]) for e in EXPECTED], ids=lambda v: getattr(v, "name", str(v)))
def test_few_careful_sentences_in_each_probe_set_are_flagged(path: Path, most: int):
    scores = scores_for(path)
    assert scores.flagged_careful() <= most, scores.false_positives


@pytest.mark.parametrize("path, category, floor",
                         [(e[0], cat, f) for e in EXPECTED for cat, f in e[3].items()],
                         ids=lambda v: getattr(v, "name", str(v)))
def test_each_owned_category_keeps_its_recall(path: Path, category: str, floor: float):
    scores = scores_for(path)
    assert scores.recall(category) >= floor, [m for m in scores.misses if m[0] == category]
