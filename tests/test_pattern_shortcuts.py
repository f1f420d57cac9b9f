"""Property: the quick tests that spare a one-file check compiling two large patterns (the run of
adverbs a fix moves after its modal, citation shapes) never change their answer: where a quick
test says "none", the pattern finds none either, whatever the text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.context import _CITATION, _may_cite
from healthlint.engine import adverbs_before
from healthlint.suggestions import ADVERB_RUN_BEFORE, ADVERBS

#: Any character a sentence may hold, beside the pieces each test is built from.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
SPACES = st.sampled_from([" ", "  ", "\t", "\n", " \n", "\u00a0", "\u2003", ", ", "-", ""])
ADVERB_WORDS = st.sampled_from(sorted(ADVERBS) + ["ALSO", "Truly", "alſo", "quicKly", "defİnitely", "xalso",
                                                  "also\u0301", "½also", "cure", "2"])
CITATION_PIECES = st.sampled_from(["[1]", "[^note]", "(Smith et al., 2018)", "(see Jones 2019)", "doi:10.1000/x",
                                   "doi.org/", "pubmed", "PMID 12", "ncbi.nlm.nih.gov", "¹", "²³", "therapy2.",
                                   "x٣.", "it’s", "“so”", " — ", "Vitamin D cures colds", ")", "]", "a", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(ADVERB_WORDS, SPACES, ANY_CHAR), max_size=10), ADVERB_WORDS, SPACES, st.integers(0, 40))
def test_adverbs_before_finds_what_the_pattern_finds(pieces: list[str], last: str, blank: str, back: int):
    text = "".join(pieces) + last + blank + "cures"
    start = len(text) - len("cures")
    lo = max(0, start - back)
    found = ADVERB_RUN_BEFORE.search(text, max(lo, start - 80), start)
    assert adverbs_before(text, lo, start) == (found.start() if found else None)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(CITATION_PIECES, ANY_CHAR), max_size=8), st.data())
def test_a_sentence_said_to_cite_nothing_has_no_citation_shape(pieces: list[str], data):
    text = "".join(pieces)
    start = data.draw(st.one_of(st.just(0), st.integers(0, len(text))))
    end = data.draw(st.one_of(st.just(len(text)), st.integers(start, len(text))))
    if not _may_cite(text[start:end]):
        assert _CITATION.search(text, start, end) is None
