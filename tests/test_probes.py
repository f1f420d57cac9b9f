"""The bundled rules on sentences written to test them, not taken from them (tests/probes/).

Sets of sentences (and, for extrapolation, short documents) in the genres healthlint is for, each
about half overclaims across the categories and half careful wording (hedged, negated, attributed, questions, cited, settled
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
| probes-5.jsonl | 165 (82) | 0.67 | 0.67 | 0.96 |
| probes-6.jsonl | 137 (71) | 0.54 | 0.54 | 0.96 |
| probes-7.jsonl | 75 (40) | 0.47 | 0.47 | 0.88 (0.93 after the probes-15 to 17 rounds) |
| probes-extrapolation.jsonl | 111 (56) | 0.70 | 0.70 | 0.95 |
| probes-extrapolation-docs.jsonl | 8 documents, 52 sentences (17) | 0.59 | 0.59 | 0.94 |
| probes-extrapolation-2.jsonl | 40 (20) | 0.85 | 0.95 | 0.95 |
| probes-8.jsonl | 126 (65) | 0.72 | 0.72 | 1.00 |
| probes-9.jsonl | 59 (31) | 0.58 | 0.58 | 1.00 |
| probes-10.jsonl | 40 (20) | 0.50 | 0.50 | 0.95 |
| probes-11.jsonl | 30 (15) | 0.47 | 0.47 | (not widened) |
| probes-12.jsonl | 111 (59) and 8 documents, 30 sentences (9) | 0.49 | 0.49 | 0.85 |
| probes-13.jsonl | 47 (25) and 3 documents, 13 sentences (4) | 0.38 | 0.72 | 0.93 |
| probes-14.jsonl | 34 (18) | 0.39 | 0.89 | 1.00 |
| probes-15.jsonl | 122 (65) | 0.40 | 0.40 | 0.95 |
| probes-16.jsonl | 55 (29) | 0.48 | 0.55 | 0.86 |
| probes-17.jsonl | 54 (29) | 0.38 | 0.45 | 1.00 |
| probes-20.jsonl | 77 (42) | 0.65 | (widened on it) | 1.00 |
| probes-21.jsonl | 77 (42) | 0.60 | 0.81 | 1.00 |
| probes-22.jsonl | 54 (29) and 6 documents, 19 sentences (5) | 0.82 | 0.82 | 0.97 |
| probes-23.jsonl | 50 (27) and 5 documents, 13 sentences (3) | 0.67 | 0.80 | 0.87 |
| probes-26.jsonl | 10 documents, 62 sentences (32) | 0.62 | 0.69 | 0.75 |
| probes-27.jsonl | 10 documents, 51 sentences (27) | 0.81 | 0.85 | (not widened) |
| probes-28.jsonl | 8 documents, 39 sentences (24) | 0.50 | (widened on at once) | 0.67 |
| probes-29.jsonl | 8 documents, 31 sentences (21) | 0.52 | (widened on at once) | 0.67 |
| probes-30.jsonl | 8 documents, 34 sentences (18) | 0.56 | (widened on at once) | 0.78 |
| probes-31.jsonl | 8 documents, 32 sentences (19) | 0.32 | (widened on at once) | 0.63 |
| probes-32.jsonl | 6 documents, 20 sentences (15) | 0.53 | (widened on at once) | 0.73 |
| probes-33.jsonl | 6 documents, 21 sentences (13) | 0.46 | (widened on at once) | 0.62 |
| probes-34.jsonl | 6 documents, 19 sentences (11) | 0.64 | (widened on at once) | 0.82 |

probes-5 holds overclaims in cure, hype, natural and certainty only, across supplement pages, remedy
and wellness blogs, clinic pages, press releases, news, personal blogs and leaflets, in the shapes
held-out copy uses (title-case headings, product bullets, testimonials, FAQ answers, claims in a
subordinate clause, *can*/*will*); its careful half is hedged, negated, attributed, cited, settled
or a risk warned of with *can*. Held out by category: cure 0.55, hype 0.63, natural 0.83, certainty
0.57; after: 0.86, 1.00, 1.00, 0.86. The widening for it also lifted probes-4 to 0.93.

Careful sentences flagged after: 0, 0, 2, 1 and 1 (all by rules this work did not add:
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
probes-15.jsonl (session 9) is a third round for the same four categories, written before the rule
files were read and aimed at broad classes of wording across supplement pages, remedy blogs, clinic
pages, press releases, news, personal blogs, leaflets, FAQ pages, product bullets and captions (23
evidence, 21 advice, 13 regulatory claims and 10 short documents for disclaimer; 5 careful
documents carry the disclaimer or a clinician qualifier). Held out, per category: evidence 0.30,
advice 0.62, regulatory 0.15, disclaimer 0.10. The classes its misses showed were added as classes,
not sentences (every way of citing unnamed authority, an unnamed single study, a crowd's testimony,
evidence said to speak overwhelmingly, a count of studies; every medicine as an object of stop,
swap, cut or replace, every dose-change verb; every regulator with every invented status, approval
before any supplement product word or as a bare badge, a facility's status as proof; structure and
function claims for any named kind of health, supplement pages known by their forms and badges,
coming off any medicine in every verb form); after: 1.00, 1.00, 0.85 and 0.80, with the one
careful probe flagged being a causation finding. probes-16.jsonl was then written and scored
before anything was changed for it: (any) 0.48 on main, 0.55 held out (evidence 0.44, advice 0.40,
regulatory 0.43, disclaimer 0.50), so the first widening again reached little of the next round's
wording; after a second widening by class (authority groups of every profession, authorities at an
unnamed "leading university", one's own recovery as proof, every verb of taking a dose, a counted
professional endorsement, a product named by its kind said to be approved, supplements given
"for focus") 0.86 (0.89, 0.70, 1.00, 0.75), with no careful probe flagged. probes-17.jsonl, written
after that second widening and scored before anything was changed for it, gave 0.38 on main and
0.45 held out (evidence 0.44, advice 0.33, regulatory 0.43, disclaimer 0.50): three rounds in a
row, each widening by class lifted the next unseen set by only about 0.07 over main, so these
held-out figures, not the after figures, are what to expect on new copy. After its classes (evidence
as a voice, experience as proof, a famous institution's scientists, start your day with an
amount, a child's dose as what they can have, a prescription left to lapse, approval passives with
their regulator, cutting a medicine down): 1.00 (1.00, 1.00, 0.86, 1.00); the one careful probe
flagged is a cure finding on a salt-water gargle.
probes-20.jsonl and probes-21.jsonl (session 10) are a fourth round, both written before the rule
files were read (77 records each: 67 sentences, 8 pages for disclaimer, 2 paragraph records). Main
scored (any) 0.65 and 0.60 on them (the four categories together 0.56 and 0.57). The rules were
widened on probes-20 only, by class and by lexicon (a dose with its schedule in any sentence shape,
regimen verbs, a medicine stopped by pronoun; a counted crowd as witness in any shape, *it works*
concluded from experience, star ratings, research weighed by its bulk; any regulatory or
manufacturing status offered as proof, in any written form; remedy courses and therapy claims on
pages with no doctor advice; a study named in the sentence before releases *Researchers found*),
taking probes-20 to 1.00. probes-21, scored before anything was changed for it, gave (any) 0.81
(evidence 0.83, advice 0.73, regulatory 0.86, disclaimer 0.75; the four together 0.80 against
main's 0.57): the first round whose held-out gain was well above the ~0.07 of the rounds before.
(Its sentences were known while the classes were written, though no rule quotes one.) After a
widening on its misses: 1.00, with two careful probes flagged by causation on cited trials.
The extrapolation sets (issue 15) were written for that category, before its rules were widened:
sentences and, since a leap to people often depends on the page (a story about a mouse study
whose later lines say "X protects the heart"), short documents scored sentence by sentence in
context. Extrapolation recall, held out then after: sentences 0.23 -> 0.91, documents 0.25 ->
0.94. probes-extrapolation-2 was written after that widening and measured before anything was
changed for it: extrapolation recall 0.35 on main, 0.70 held out, 0.85 after. Careful sentences
flagged after: 4, 2 and 0, all by cure, causation or evidence rules on lab results told with their
population ("in a test-tube study, vitamin C killed some tumour cells"); before they were 5, 3
and 2 (more model names after a claim now hedge it: "in elderly mice", "in yeast").

probes-8, -9 and -10 are a third round for cure, hype, natural and certainty, each written in new
wording (supplement and product pages, remedy listicles with title-case headings, clinic and spa
pages, captions, FAQ answers, testimonials, leaflets, news) and scored before anything was changed
for it. probes-8 held out: cure 0.76, hype 0.53, natural 0.45, certainty 0.60; after the classes
its misses showed were added (absence lists ending in "no side effects", "safe alternative to"
a medicine, a natural premise before the claim, "new era", "giant leap", "magic", "never fails
to", an outcome declared guaranteed or permanent, a condition gone after a remedy, "for good"):
0.97, 1.00, 1.00, 0.87. probes-9, written after that, scored 0.58 held out, exactly what main
scored (cure 0.75, hype 0.43, natural 0.17, certainty 0.43): the classes did not reach new
wording. After a second round of classes from its misses, 1.00 in each. probes-10, written after
the second round, scored 0.50 held out, again what main scored (cure 0.33, hype 0.60 against
main's 0.40, natural 0.25, certainty 0.33); a third round took it to 0.95 (cure 0.78, hype, natural and certainty 1.00). Careful sentences
flagged after: 0, 0 and 1 (hype/revolution, older than this work, on "the revolution in diabetic
foot care has come from better screening"). probes-11, written after the third round, scored 0.47
held out, once more exactly what main scored (cure 0.50, hype 0.20, natural 0.33, certainty 0.33;
one careful sentence flagged, by evidence/unnamed-experts-say); nothing was changed for it, so it
stays a held-out check. The held-out figures are the ones to quote: in these categories each round
of classes caught its own set's wording and none of the next set's, and wording nobody has tuned on
is still missed about half the time.
probes-12 and probes-13 were written for causation and extrapolation in the genres where they live
(news reports of studies, university and company press releases, health blogs summarising research,
abstracts' conclusions, personal blogs), half careful: associations, hedges, animal results told with
their population, questions, attributions, settled causes (smoking, HPV, sunburn), a trial's own
result with its design, citations. probes-12 held out (it was scored on main before any change):
causation 0.35, extrapolation 0.37; after: 0.75 and 0.95. Most causation misses were the document
gate of the plain verbs (a lone sentence, a headline, a blog with no research words): the classes
added are a causal verb in a sentence that names its own study, in a heading, after a link it has
just reported ("tea drinkers live longer because tea protects the heart"), and headline verbs for
an effect on the body ("gives you cancer", "shrinks the brain", "slashes the risk"). probes-13,
written after that and scored before any change for it: causation 0.56 (main 0.06), extrapolation
0.73 (main 0.45); after its round, 0.83 and 0.91. Careful sentences flagged after: 2 and 1, all by
rules this work did not add (a lab result in a lab page, "The oil slowed the growth of the cells";
a trial against butter rather than placebo). probes-14, written after the probes-13 round and
scored before any change for it: causation 0.75 (main 0.08), extrapolation 0.67 (main 0.00); after
its round (plural owners, "fries kids' brains"; "the memory of old rats, so ..."; "Rat study:
sweeteners cause diabetes"), 0.92 and 1.00; careful sentences flagged 2, by rules on main too.

probes-18 and probes-19 are hype, natural and certainty once more (session 10), 70 sentences each,
both written before any rule was read and scored on main first: any-category recall 0.40 and 0.34
(hype 0.25 and 0.25, natural 0.38 and 0.25, certainty 0.36 and 0.45). The rules were widened on
probes-18 only, by classes (boost verbs and boosted functions as lexicons, a function sent soaring,
peerless words, an organ's best friend, rankings told as "the best X I've ever used", every harm or
any dose ruled out, an absence or origin that "means nothing to worry about", the writer's word or
an absolute frequency governing a result, closing tags such as ", 100%."), to 1.00. probes-19,
scored only then: 0.83 held out (hype 0.81, natural 0.88, certainty 0.82), against main's 0.34;
after a round on its misses, 1.00, with no careful sentence flagged but one dose instruction (by
advice/take-dose, older than this work).

probes-22 and probes-23 (session 10) hold cure and extrapolation only, written before the rules were
read: cure claims whose subject is in no lexicon (a device, a named protocol, *it*, a product bullet
or heading), recovery narratives (*hasn't come back since*, *once you start ..., your ... will
vanish*), and a remedy's effect stated plainly a sentence after a lab, animal or small study. Main
scored probes-22 cure 0.78, extrapolation 0.50; after the round (any-subject clear/restore/repair
verbs, ailments and lay condition names as objects, remedy-effect sentences in lab and small-study
reports, *because it worked in mice*): 1.00 and 0.88. probes-23, held out: main cure 0.72,
extrapolation 0.17; before any change for it 0.84 and 0.33; after changes for it (*hasn't returned*
after a remedy named first, *corrects*, the animals or cells as the subject before *which proves*, a
remedy's effect in a relative clause) 0.92 and 0.67. Careful sentences flagged: 2 and 1,
by rules this round did not add (evidence/testimonial-condition-gone, causation/causal-verb-past,
cure/supplement-disease-claim on a lab sentence).

probes-24 and probes-25 (causation alone, 72 and 70 sentences in news, press releases, blogs,
product pages, leaflets and headings) were written before the causation rules were read. Main
scored causation recall 0.19 and 0.29 on them (precision 1.00). The pack was widened on probes-24
(0.19 -> 0.67) and on half A of the PubMed set; probes-25, scored only after the first rounds of
that, went 0.29 -> 0.46 held out, still at precision 1.00, and 0.63 after a round widened on it.

The floors are those numbers less a small margin, so that a rule change that loses a class of
wording, or starts flagging careful sentences, fails here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from probe_scoring import (PROBES, PROBES_2, PROBES_3, PROBES_4, PROBES_5, PROBES_6, PROBES_7,
                           PROBES_8, PROBES_9, PROBES_10, PROBES_11, PROBES_12, PROBES_13, PROBES_14,
                           PROBES_15, PROBES_16, PROBES_17, PROBES_18, PROBES_19, PROBES_20, PROBES_21,
                           PROBES_22, PROBES_23, PROBES_24, PROBES_25, PROBES_26, PROBES_27, PROBES_28, PROBES_29, PROBES_30, PROBES_31, PROBES_32, PROBES_33, PROBES_34,
                           PROBES_EXTRAPOLATION, PROBES_EXTRAPOLATION_2,
                           PROBES_EXTRAPOLATION_DOCS, Scores,
                           load_probes, score)

#: (set, floor on (any) recall, most careful sentences flagged, floors per owned category)
EXPECTED = [
    (PROBES, 0.93, 2, {"cure": 0.88, "hype": 0.9, "certainty": 0.88, "evidence": 0.85, "advice": 0.8, "natural": 0.9}),
    (PROBES_2, 0.9, 1, {"cure": 0.85, "hype": 0.85, "certainty": 0.85, "evidence": 0.85}),
    (PROBES_3, 0.8, 3, {"cure": 0.7, "evidence": 0.85, "natural": 0.8}),
    (PROBES_4, 0.75, 2, {"cure": 0.65, "hype": 0.8, "natural": 0.8}),
    (PROBES_5, 0.92, 2, {"cure": 0.8, "hype": 0.92, "natural": 0.9, "certainty": 0.78}),
    (PROBES_6, 0.9, 1, {"evidence": 0.9, "advice": 0.85, "regulatory": 0.85, "disclaimer": 0.85}),
    (PROBES_7, 0.75, 1, {"evidence": 0.7, "advice": 0.7, "regulatory": 0.75}),
    (PROBES_15, 0.9, 1, {"evidence": 0.9, "advice": 0.9, "regulatory": 0.75, "disclaimer": 0.7}),
    (PROBES_16, 0.8, 1, {"evidence": 0.8, "advice": 0.6, "regulatory": 0.85, "disclaimer": 0.7}),
    (PROBES_17, 0.9, 1, {"evidence": 0.85, "advice": 0.85, "regulatory": 0.8, "disclaimer": 0.7}),
    (PROBES_20, 0.95, 1, {"evidence": 0.95, "advice": 0.95, "regulatory": 0.95, "disclaimer": 0.95}),
    (PROBES_21, 0.95, 2, {"evidence": 0.95, "advice": 0.9, "regulatory": 0.95, "disclaimer": 0.95}),
    (PROBES_EXTRAPOLATION, 0.9, 5, {"extrapolation": 0.85}),
    (PROBES_EXTRAPOLATION_DOCS, 0.85, 3, {"extrapolation": 0.85}),
    (PROBES_EXTRAPOLATION_2, 0.9, 1, {"extrapolation": 0.8}),
    (PROBES_8, 0.95, 1, {"cure": 0.9, "hype": 0.93, "natural": 0.9, "certainty": 0.8}),
    (PROBES_9, 0.93, 1, {"cure": 0.9, "hype": 0.85, "natural": 0.83, "certainty": 0.85}),
    (PROBES_10, 0.9, 2, {"cure": 0.75, "hype": 0.8, "natural": 0.75, "certainty": 0.83}),
    # held out and not widened: the floors are its held-out figures, so only a loss fails
    (PROBES_11, 0.45, 1, {"cure": 0.5, "hype": 0.2, "natural": 0.33, "certainty": 0.33}),
    (PROBES_12, 0.8, 3, {"causation": 0.7, "extrapolation": 0.88}),
    (PROBES_13, 0.85, 2, {"causation": 0.75, "extrapolation": 0.8}),
    (PROBES_14, 0.9, 2, {"causation": 0.85, "extrapolation": 0.9}),
    (PROBES_18, 0.95, 1, {"hype": 0.9, "natural": 0.95, "certainty": 0.95}),
    (PROBES_19, 0.95, 1, {"hype": 0.95, "natural": 0.95, "certainty": 0.95}),
    (PROBES_22, 0.92, 2, {"cure": 0.95, "extrapolation": 0.8}),
    (PROBES_23, 0.82, 1, {"cure": 0.88, "extrapolation": 0.6}),
    # causation in real-copy genres: widened on probes-24, then (after its held-out figure) on probes-25
    (PROBES_24, 0.65, 1, {"causation": 0.62}),
    (PROBES_25, 0.65, 1, {"causation": 0.58}),
    # whole pages, every category: any-category recall only (a page's sentences carry several labels)
    (PROBES_26, 0.72, 2, {}),
    (PROBES_27, 0.82, 1, {}),
    (PROBES_28, 0.62, 0, {}),
    (PROBES_29, 0.62, 0, {}),
    (PROBES_30, 0.72, 1, {}),
    (PROBES_31, 0.6, 1, {}),
    (PROBES_32, 0.7, 0, {}),
    (PROBES_33, 0.58, 2, {}),
    (PROBES_34, 0.78, 1, {}),
]
_SCORES: dict[Path, Scores] = {}


def scores_for(path: Path) -> Scores:
    if path not in _SCORES:
        _SCORES[path] = score(load_probes(path))
    return _SCORES[path]


def test_probe_files_are_balanced_and_labelled_with_known_categories():
    known = {"hype", "certainty", "cure", "natural", "advice", "causation", "extrapolation",
             "evidence", "regulatory", "disclaimer"}
    for path, at_least in ((PROBES, 250), (PROBES_2, 100), (PROBES_3, 100), (PROBES_4, 80), (PROBES_5, 120), (PROBES_6, 120),
                           (PROBES_7, 75), (PROBES_EXTRAPOLATION, 100), (PROBES_EXTRAPOLATION_2, 40),
                           (PROBES_8, 120), (PROBES_9, 50), (PROBES_10, 40), (PROBES_11, 30),
                           (PROBES_15, 120), (PROBES_16, 50), (PROBES_17, 50),
                           (PROBES_18, 60), (PROBES_19, 60)):
        probes = load_probes(path)
        assert len(probes) >= at_least, path
        claims = [p for p in probes if p["labels"]]
        assert 0.4 <= len(claims) / len(probes) <= 0.6, path
        assert all(set(p["labels"]) <= known for p in probes), path


def test_the_fourth_round_sets_mix_sentences_pages_and_paragraphs():
    """probes-20 and -21: about half overclaims, pages for disclaimer, and paragraph records where
    the sentence before names (or does not name) the study."""
    for path in (PROBES_20, PROBES_21):
        probes = load_probes(path)
        sentences = [p for p in probes if "text" in p]
        assert len(sentences) >= 60, path
        assert 0.4 <= len([p for p in sentences if p["labels"]]) / len(sentences) <= 0.6, path
        assert any(p.get("document") and "disclaimer" in p["labels"] for p in probes), path
        assert any(p.get("document") and not p["labels"] for p in probes), path
        assert any("paragraphs" in p for p in probes), path
        assert len({p["genre"] for p in probes}) >= 8, path


def test_causation_sets_are_balanced_across_genres_with_documents():
    for path in (PROBES_12, PROBES_13, PROBES_14, PROBES_24, PROBES_25):
        probes = load_probes(path)
        sentences = [p for p in probes if "text" in p]
        claims = [p for p in sentences if p["labels"]]
        assert 0.4 <= len(claims) / len(sentences) <= 0.6, path
        assert len({p["genre"] for p in probes}) >= 5, path
    assert all(any("paragraphs" in p for p in load_probes(path)) for path in (PROBES_12, PROBES_13))


def test_document_probes_mix_claims_and_careful_sentences_in_several_genres():
    docs = load_probes(PROBES_EXTRAPOLATION_DOCS)
    assert len(docs) >= 6
    assert len({d["genre"] for d in docs}) >= 4
    sentences = [s for d in docs for paragraph in d["paragraphs"] for s in paragraph]
    claims = [s for s in sentences if s["labels"]]
    assert 0.2 <= len(claims) / len(sentences) <= 0.6
    # a careful document (every sentence unlabelled) checks the document gates do not overreach
    assert any(not any(s["labels"] for p in d["paragraphs"] for s in p) for d in docs)


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
