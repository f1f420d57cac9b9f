"""The token rule language: what a sequence matches, what it reports, and what its file may say.

These tests build sequences straight from the compiler with the bundled lexicons, so they run
without loading any rule pack.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.errors import RuleFileError
from healthlint.lexicons import load_lexicon
from healthlint.matcher import Compiler
from healthlint.tokens import Tokens, normalize, words_of

LEXICONS_DIR = Path(__file__).resolve().parent.parent / "rules" / "lexicons"


@pytest.fixture(scope="module")
def compiler() -> Compiler:
    lexicons = {}
    for path in LEXICONS_DIR.glob("*.toml"):
        lexicon = load_lexicon(path)
        lexicons[lexicon.name] = lexicon
    return Compiler(lexicons, "test.toml", "test/rule", {"subject": [{"lexicon": "supplements"}]})


def matches(seq, text: str, marked: bool = True) -> list[str]:
    """The words each match reports (or the whole match), left to right."""
    toks = Tokens(text)
    out = []
    for start, end, spans in seq.finditer(toks, 0, len(toks)):
        a, b = seq.reported(start, end, spans) if marked else (start, end)
        out.append(text[toks.starts[a]:toks.ends[b - 1]])
    return out


def test_tokens_keep_exact_offsets_and_normalise_spelling():
    text = "It’s a game‑changer that normalises GUT health, 2,000 mg."
    toks = Tokens(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends)] == [
        "It’s", "a", "game‑changer", "that", "normalises", "GUT", "health", ",", "2,000", "mg", "."]
    assert toks.lowers[0] == "it's" and toks.lowers[2] == "game-changer"
    assert toks.lowers[4] == "normalizes"
    assert len(normalize(text)) == len(text)


@pytest.mark.parametrize("text", [
    "It’s a game‑changer that normalises GUT health, 2,000 mg.",
    "snake_case__and  __under_scores_ then 1_000 and 2.5% or 10%",
    "Café naïve résumé: देवनागरी हिन्दी, ἀλήθεια; İstanbul ŞEHİR.",
    "a a a aa a-a a'a 'a' -a- 1,2,3 1.2.3 ... !!! ??",
    "",
    "   \t\n  ",
])
def test_block_tokens_placed_from_their_words_keep_exact_offsets(text):
    # The engine places a block's tokens by finding each word after the one before
    # (Tokens.placed): the offsets must be those of tokenising the text again.
    low = normalize(text)
    placed = Tokens.placed(text, low, words_of(low))
    read = Tokens(text)
    assert (placed.starts, placed.ends, placed.lowers) == (read.starts, read.ends, read.lowers)


def test_lemma_matches_every_form_including_irregular_ones(compiler):
    seq = compiler.sequence([{"lemma": "fight"}, {"lexicon": "conditions"}])
    assert matches(seq, "Garlic fights colds. It fought cancer. Fighting cancer together.") == [
        "fights colds", "fought cancer", "Fighting cancer"]
    only_past = compiler.sequence([{"lemma": "cure", "forms": ["ed"]}, {"word": "it"}])
    assert matches(only_past, "cures it, cured it") == ["cured it"]


def test_optional_skip_and_mark_choose_the_reported_words(compiler):
    seq = compiler.sequence([
        {"lexicon": "supplements"}, {"skip": 3},
        {"word": ["can", "will"], "optional": True, "mark": True},
        {"class": "adverb", "optional": True, "mark": True},
        {"lemma": "cure", "mark": True, "name": "verb"},
        {"class": "determiner", "optional": True, "mark": True},
        {"lexicon": "conditions", "mark": True, "name": "object"},
    ])
    assert matches(seq, "Turmeric can completely cure arthritis.") == ["can completely cure arthritis"]
    assert matches(seq, "Ashwagandha, taken daily, cures anxiety.") == []  # a skip never crosses a comma
    assert matches(seq, "Ashwagandha taken every day cures the anxiety.") == ["cures the anxiety"]


def test_phrases_meet_hyphenated_and_spaced_spellings(compiler):
    seq = compiler.phrase("game changer", "phrases")
    assert matches(seq, "A game-changer. A game changer. A Game‑Changer!") == [
        "game-changer", "game changer", "Game‑Changer"]
    wild = compiler.phrase("holy grail of *", "phrases")
    assert matches(wild, "the holy grail of nutrition") == ["holy grail of nutrition"]


def test_at_sentence_start_skips_list_numbers_and_bullets(compiler):
    seq = compiler.sequence([{"at": "sentence-start"}, {"lemma": "cure", "case": "capitalised"},
                             {"skip": 2}, {"lexicon": "conditions"}])
    assert matches(seq, "1. Cures Bad Headaches") == ["Cures Bad Headaches"]
    assert matches(seq, "It cures bad headaches") == []


def test_except_and_not_refuse_a_token(compiler):
    seq = compiler.sequence([{"lemma": "cure", "except": {"word": "curing"}}, {"lexicon": "conditions"}])
    assert matches(seq, "curing acne; cures acne") == ["cures acne"]
    neg = compiler.sequence([{"class": "pronoun", "not": True}, {"lemma": "cure"}, {"lexicon": "conditions"}])
    assert matches(neg, "garlic cures acne") == ["garlic cures acne"]
    assert matches(neg, "it cures acne") == []


def test_define_splices_a_named_sequence(compiler):
    seq = compiler.sequence([{"use": "subject"}, {"lemma": "cure"}, {"lexicon": "conditions"}])
    assert matches(seq, "Turmeric cures arthritis.") == ["Turmeric cures arthritis"]


@pytest.mark.parametrize("spec, problem", [
    ([{"class": "copula"}], "names no word, lemma or lexicon"),
    ([{"lemma": "cure", "colour": "red"}], "unknown key(s) in token spec: colour"),
    ([{"lexicon": "no-such-list"}], "lexicon 'no-such-list', which does not exist"),
    ([{"word": "cure", "lemma": "cure"}], "exactly one of"),
    ([{"skip": 40}, {"word": "x"}], "skip must be a whole number"),
    ([{"regex": "(?<=a)b"}], "lookbehind"),
    ([{"regex": "cures?|heals?|fights?|kills?|ends?"}], "put the words in a lexicon"),
    ([{"use": "nothing"}], "does not define"),
])
def test_bad_sequences_are_refused_with_a_reason(compiler, spec, problem):
    with pytest.raises(RuleFileError) as err:
        compiler.sequence(spec)
    assert problem in str(err.value)


def test_anchor_prefers_rare_words_over_common_ones(compiler):
    seq = compiler.sequence([{"word": "can"}, {"lemma": "reverse"}, {"lexicon": "conditions"}])
    assert seq.anchor == 1
