"""The context table (rules/context.toml): which cue releases a claim, in which direction, scope
and sentence, and what a pseudo-trigger or a terminator does."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.context import ContextLayer, Span, load_context_table
from healthlint.errors import RuleFileError
from healthlint.lexicons import load_lexicon
from healthlint.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
ALL = frozenset({"hedged", "negated", "attributed", "question", "cited", "qualified", "established"})


@pytest.fixture(scope="module")
def lexicons() -> dict:
    out = {}
    for path in (ROOT / "rules" / "lexicons").glob("*.toml"):
        lexicon = load_lexicon(path)
        out[lexicon.name] = lexicon
    return out


@pytest.fixture(scope="module")
def layer(lexicons) -> ContextLayer:
    return ContextLayer(lexicons)


def release(layer: ContextLayer, text: str, claim: str, policy=ALL) -> str | None:
    """The context that releases the words `claim` in `text` (first sentence holding them)."""
    start = text.index(claim)
    sentences = split_sentences(text)
    i = next(k for k, s in enumerate(sentences) if s.start <= start < s.end)
    s = sentences[i]
    following = text[sentences[i + 1].start:sentences[i + 1].end] if i + 1 < len(sentences) else ""
    span = Span(text, s.start, s.end, start, start + len(claim), next_text=following)
    return layer.releasing(frozenset(policy), span)


@pytest.mark.parametrize("text, claim, expected", [
    ("Turmeric may reduce joint pain.", "reduce joint pain", "hedged"),
    ("Turmeric reduces joint pain in mice.", "reduces joint pain", "hedged"),        # backward cue
    ("It may be cheap, but turmeric reduces joint pain.", "reduces joint pain", None),  # other clause
    ("Turmeric does not reduce joint pain.", "reduce joint pain", "negated"),
    ("Turmeric reduces joint pain. Not in mice.", "reduces joint pain", None),     # next sentence: no
    ("The so-called miracle cure sells well.", "miracle cure", "attributed"),
    ("I've read that eggs raise cholesterol. Should I stop eating them?", "raise cholesterol", "attributed"),
    ("Myth: vaccines cause autism.", "cause autism", "attributed"),
    ("Does turmeric reduce joint pain?", "reduce joint pain", "question"),
    ("Turmeric reduces joint pain [3].", "reduces joint pain", "cited"),
    # a verdict on the evidence after the claim it denies, in the same clause
    ("Evidence that turmeric reduces joint pain is lacking.", "reduces joint pain", "negated"),
    ("Proof that ginger cures nausea has not been established.", "cures nausea", "negated"),
    ("Turmeric reduces joint pain, but evidence is lacking.", "reduces joint pain", None),  # new clause
    ("Turmeric reduces joint pain and its supply is limited.", "reduces joint pain", None),  # no evidence word
    # a cue reaches across an aside closed before the claim; a cue inside an aside stays there
    ("There is little evidence that herbs (such as echinacea or garlic) prevent colds.", "prevent colds", "negated"),
    ("Turmeric (which may help some people) cures arthritis.", "cures arthritis", None),
])
def test_cues_release_in_their_direction_and_clause(layer, text, claim, expected):
    assert release(layer, text, claim) == expected


def test_a_pseudo_trigger_holds_a_cue_that_modifies_nothing(layer):
    assert release(layer, "Ginger not only cures nausea but also calms the gut.", "cures nausea") is None
    assert release(layer, "There is no doubt that ginger cures nausea.", "cures nausea") is None
    assert release(layer, "Ginger does not cure nausea.", "cure nausea") == "negated"
    # "doesn't just X, it Y" grants X and claims more: the negation modifies nothing
    assert release(layer, "Keto doesn't just manage diabetes, it reverses diabetes.", "reverses diabetes") is None
    assert release(layer, "This tea isn't only a drink, it cures insomnia.", "cures insomnia") is None
    assert release(layer, "This tea doesn't cure insomnia, it just helps you relax.", "cure insomnia") == "negated"


def test_settled_evidence_is_established_and_needs_both_halves(layer):
    assert release(layer, "Smoking causes lung cancer.", "causes lung cancer") == "established"
    assert release(layer, "The MMR vaccine prevents measles.", "prevents measles") == "established"
    assert release(layer, "Statins lower LDL cholesterol.", "lower LDL cholesterol") == "established"
    assert release(layer, "In the trial, the drug reduced blood pressure by 5 mmHg compared with placebo.",
                   "reduced blood pressure") == "established"
    assert release(layer, "Smoking causes weight loss.", "causes weight loss") is None
    assert release(layer, "Celery juice causes weight loss.", "causes weight loss") is None
    # the partner must stand on the claim's side of a contrast
    assert release(layer, "The exercise programme improved processing speed, but only in women treated for breast cancer.",
                   "improved processing speed") is None
    assert release(layer, "Although quitting is hard, smoking causes lung cancer.", "causes lung cancer") == "established"


@pytest.mark.parametrize("text, claim", [
    ("Insulin injections lower blood sugar within minutes.", "lower blood sugar"),
    ("Taking insulin brings down high blood glucose.", "brings down high blood glucose"),
    ("Folic acid before pregnancy prevents spina bifida.", "prevents spina bifida"),
    ("Antibiotics cure most urinary tract infections.", "cure most urinary tract infections"),
    ("The flu vaccine lowers the risk of severe flu in older adults.", "lowers the risk of severe flu"),
    ("Brushing with fluoride toothpaste prevents tooth decay.", "prevents tooth decay"),
    ("The HPV vaccine prevents most cervical cancers.", "prevents most cervical cancers"),
    ("Processed meat causes bowel cancer, according to the WHO.", "causes bowel cancer"),
    ("Regular physical activity reduces the risk of type 2 diabetes.", "reduces the risk of type 2 diabetes"),
    ("Strength training helps maintain muscle and bone as you age.", "helps maintain muscle"),
    # a randomised trial's own result, with the trial and its participants named
    ("The injection cut migraine days by half in a randomised trial of 1,100 adults.", "cut migraine days"),
    # a trial against usual care
    ("In a randomised trial of 300 adults, the app lowered blood pressure compared with usual care.",
     "lowered blood pressure"),
])
def test_each_settled_pair_is_released(layer, text, claim):
    assert release(layer, text, claim) == "established"


@pytest.mark.parametrize("text, claim", [
    # a supplement's claim borrows the medicine's word, not its evidence
    ("Berberine improves insulin sensitivity and lowers blood sugar.", "lowers blood sugar"),
    ("Cinnamon works like insulin to bring down blood sugar.", "bring down blood sugar"),
    ("Red yeast rice is nature's statin: it lowers cholesterol.", "lowers cholesterol"),
    ("Garlic is a natural antibiotic that clears urinary tract infections.", "clears urinary tract infections"),
    # a statin in the background does not vouch for the drug added to it
    ("Adding fish oil to a statin lowers cholesterol further.", "lowers cholesterol further"),
    # the vaccine's own name is not the disease it prevents
    ("The flu vaccine causes Alzheimer disease.", "causes Alzheimer disease"),
    ("The measles vaccine leads to seizures in most children.", "leads to seizures"),
    # one settled pair does not vouch for another's effect
    ("Folic acid prevents infections.", "prevents infections"),
    ("Condoms lower blood sugar.", "lower blood sugar"),
    # a placebo comparison backs the result in its own clause, not a claim added after it
    ("The gel eased pain compared with placebo, and it prevents arthritis.", "prevents arthritis"),
    # a product claim that names no trial or participants borrows the placebo comparison
    ("Our capsules ease arthritis pain better than placebo.", "ease arthritis pain"),
    # nor one that names a randomised trial but no one in it, or a trial in another clause
    ("Backed by a randomised controlled trial, our gummies cure anxiety.", "cure anxiety"),
    ("A randomised trial in 40 adults is planned, but the tea already cures migraines.", "cures migraines"),
    # exercise vouches for the chronic diseases of the activity guidelines, not for a cure of anything
    ("Exercise cures depression.", "cures depression"),
    # a case-control study's controls are not a placebo arm
    ("In this case-control study, coffee lowered the risk of gout compared with the control group.",
     "lowered the risk of gout"),
    # observational studies compare with usual care too: without a trial named, nothing is released
    ("In this cohort of 5,000 patients, home visits cut readmissions compared with usual care.",
     "cut readmissions"),
    # a remedy set against the medicine claims the medicine's effect for itself
    ("This tea clears a UTI without antibiotics.", "clears a UTI"),
    ("Garlic prevents heart attacks better than statins.", "prevents heart attacks"),
])
def test_a_borrowed_or_mismatched_settled_cue_releases_nothing(layer, text, claim):
    assert release(layer, text, claim) is None


def test_a_clinician_qualifier_counts_in_this_sentence_or_the_next_but_not_turned_round(layer):
    policy = {"qualified"}
    assert release(layer, "Take 50 mg daily. Ask your doctor first.", "Take 50 mg", policy) == "qualified"
    assert release(layer, "Take 50 mg daily, as your doctor advises.", "Take 50 mg", policy) == "qualified"
    assert release(layer, "Take 50 mg daily. There is no need to see a doctor.", "Take 50 mg", policy) is None
    assert release(layer, "Take 50 mg daily. It tastes fine. Ask your doctor.", "Take 50 mg", policy) is None


def test_a_study_named_in_the_sentence_before_sources_the_next_one_in_its_paragraph(layer):
    policy = {"sourced"}
    claim = "Researchers found"
    named = "The trial, by a team at the University of Leeds, appeared in the BMJ. "
    assert release(layer, named + "Researchers found that oats lower cholesterol.", claim, policy) == "sourced"
    linked = "A trial followed 300 adults [4]. "
    assert release(layer, linked + "Researchers found that oats lower cholesterol.", claim, policy) == "sourced"
    # nothing named before; a name two sentences back; a name after the claim: none of them
    assert release(layer, "Oats are cheap. Researchers found that oats lower cholesterol.", claim, policy) is None
    two_back = named + "Oats are cheap. Researchers found that oats lower cholesterol."
    assert release(layer, two_back, claim, policy) is None
    after = "Researchers found that oats lower cholesterol. The trial appeared in the BMJ."
    assert release(layer, after, claim, policy) is None
    # only rules that ask for it are released
    assert release(layer, named + "Researchers found that oats lower cholesterol.", claim, {"cited"}) is None


def test_only_the_rules_policy_counts(layer):
    assert release(layer, "Turmeric may reduce joint pain.", "reduce joint pain", {"negated"}) is None


@pytest.mark.parametrize("table, problem", [
    ('[[row]]\ncategory = "hedged"\ncues = ["may"]\ndirection = "sideways"\n', "direction must be one of"),
    ('[[row]]\ncategory = "doubtful"\ncues = ["may"]\n', "category must be one of"),
    ('[[row]]\ncategory = "hedged"\nlexicon = "no-such-lexicon"\n', "does not exist"),
    ('[[row]]\ncategory = "hedged"\ncues = ["may"]\ncolour = "red"\n', "unknown key(s): colour"),
])
def test_a_broken_context_table_is_refused_with_its_row(lexicons, tmp_path, table, problem):
    path = tmp_path / "context.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_context_table(lexicons, path)
    assert problem in str(err.value) and "row 1" in str(err.value)
