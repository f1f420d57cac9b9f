"""Word lists as token sequences: phrases expanded to the spellings writers use, and a trie that
finds every listed phrase starting at a token in one walk.

A phrase is split into tokens the way prose is (tokens.py). Hyphenated and spaced spellings
meet (*game-changer* / *game changer*), `*` stands for any one word, and with `inflect` the
first word takes every form of its lemma (*cure* -> cures, cured, curing).
"""
from __future__ import annotations

import bisect
from functools import lru_cache

from .inflect import forms_of
from .tokens import TOKEN, norm_word

#: Marks a phrase's end inside a trie node.
END = ""
ANY = "*"


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A phrase of a rule or lexicon as normalised tokens (`*` stays a wildcard)."""
    low = norm_word(phrase)
    return tuple("*" if t == "*" else t for t in TOKEN.findall(low))


def spellings(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The phrase as written, with its hyphenated words also split (and a two-word phrase also
    hyphenated), since writers spell compounds both ways."""
    out = {tokens}
    if any("-" in t for t in tokens):
        split: list[str] = []
        for t in tokens:
            split.extend(p for p in t.split("-") if p) if "-" in t and t != "-" else split.append(t)
        out.add(tuple(split))
    if len(tokens) == 2 and all(t[0].isalpha() for t in tokens) and ANY not in tokens:
        out.add((tokens[0] + "-" + tokens[1],))
    return out


def expand(phrase: str, inflect: bool = False, forms: tuple[str, ...] | None = None) -> set[tuple[str, ...]]:
    """Every token sequence a phrase stands for (a new set each time: callers may add to it)."""
    return set(_expanded(phrase, inflect, forms))


@lru_cache(maxsize=1 << 16)
def _expanded(phrase: str, inflect: bool, forms: tuple[str, ...] | None) -> frozenset[tuple[str, ...]]:
    """expand(), worked out once per phrase: loading the bundled rules asks for 35,700 phrases,
    16,400 of them different (the same lexicons and small words in many rules and sequences)."""
    tokens = phrase_tokens(phrase)
    if not tokens:
        return frozenset()
    variants = {tokens}
    if inflect and tokens[0] != ANY and tokens[0][0].isalpha():
        variants = {(form, *tokens[1:]) for form in forms_of(tokens[0], forms)}
    out: set[tuple[str, ...]] = set()
    for v in variants:
        out |= spellings(v)
    return frozenset(out)


#: Words too common to look a phrase up by when it holds a rarer one (and a spec made of them is
#: a sequence's anchor only when nothing rarer is there: lookup_cost).
COMMON_WORDS = frozenset("""a an the is are was were be been being has have had do does did can could may might
will would shall should must it its this that these those there here he she they we you i to of in on at
by for with from as and or but not no so if than then also very more most all any some such your our their
his her my one what which who how when where why about into out up over just only even""".split())


def _anchor_of(phrase: tuple[str, ...]) -> str | None:
    """The token a phrase is looked up by: its last word that is not a very common one, else its
    first word (None for a phrase of wildcards only)."""
    for t in reversed(phrase):
        if t != ANY and t[0].isalnum() and t not in COMMON_WORDS:
            return t
    for t in phrase:
        if t != ANY:
            return t
    return None


def _anchors(phrases: set[tuple[str, ...]]) -> tuple[frozenset[str] | None, bool]:
    """The anchor tokens of these phrases (None when some phrase is all wildcards), and whether
    every phrase is looked up by its first token (then an occurrence found through its anchor
    starts right there): both from one pass, since rule loading builds thousands of tries."""
    out = set()
    first = True
    for phrase in phrases:
        anchor = _anchor_of(phrase)
        if anchor is None:
            return None, False
        out.add(anchor)
        if first and (not phrase or phrase[0] == ANY or anchor != phrase[0]):
            first = False
    return frozenset(out), first


def lookup_cost(keys: frozenset[str]) -> int:
    """What looking a spec up by these words costs: a very common word or a punctuation mark
    stands for a thousand rare words (matcher.py chooses each sequence's anchor by it)."""
    return sum(1000 if key in COMMON_WORDS or not key[0].isalnum() else 1 for key in keys)


class Trie:
    """Phrases as nested dicts of tokens; `ends(lowers, i, hi)` lists where phrases starting at
    token i end (longest first).

    Pickled (in the rules cache) as one string of its phrases, sorted; the branch of each first
    word is built from it the first time a sentence holds that word: a one-file check meets a few
    of the thousands of first words of the largest tries (a lexicon of conditions)."""

    __slots__ = ("_branches", "_lines", "_phrases", "firsts", "single", "longest", "wild_first", "size",
                 "anchors", "anchors_first", "_anchor_cost")

    def __init__(self, phrases: set[tuple[str, ...]]):
        # Sorted lines: the phrases of one first word are neighbours (see _branch).
        self._phrases = "\n".join(sorted("\t".join(p) for p in phrases))
        self._branches: dict[str, dict] = {}
        self._lines: list[str] | None = None
        self.firsts = frozenset(p[0] for p in phrases if p and p[0] != ANY)
        #: Phrases of one token only: a set test is all a match needs.
        self.single = all(len(p) == 1 for p in phrases) and not any(p[0] == ANY for p in phrases)
        self.longest = max((len(p) for p in phrases), default=0)
        self.wild_first = any(p and p[0] == ANY for p in phrases)
        self.size = len(phrases)
        #: One token of each phrase, its rarest (a word that is not a very common one when the
        #: phrase has such a word): where the engine looks a phrase up in a sentence. None when
        #: some phrase is all wildcards.
        self.anchors, self.anchors_first = _anchors(phrases)
        self._anchor_cost: int | None = None

    def __getstate__(self):
        return (self._phrases, self.firsts, self.single, self.longest, self.wild_first, self.size, self.anchors,
                self.anchors_first)

    def __setstate__(self, state) -> None:
        (self._phrases, self.firsts, self.single, self.longest, self.wild_first, self.size,
         self.anchors, self.anchors_first) = state
        self._branches = {}
        self._lines = None
        self._anchor_cost = None

    @property
    def anchor_cost(self) -> int:
        """lookup_cost of the anchors, worked out once (a lexicon's trie serves many rules)."""
        if self._anchor_cost is None:
            self._anchor_cost = lookup_cost(self.anchors or frozenset())
        return self._anchor_cost

    def _branch(self, first: str) -> dict | None:
        """The trie below first word `first` (ANY for the phrases that open with a wildcard),
        built on first use; None when no phrase starts with it."""
        node = self._branches.get(first)
        if node is None:
            if not (first in self.firsts or (first == ANY and self.wild_first)):
                return None
            lines = self._lines
            if lines is None:
                lines = self._lines = self._phrases.split("\n") if self._phrases else []
            node = {}
            # `first` alone, then `first<tab>...`: the lines from `first` up to first + "\n" (a
            # newline sorts right after the tab, before any character a word holds).
            for line in lines[bisect.bisect_left(lines, first):bisect.bisect_left(lines, first + "\n")]:
                here = node
                for token in line.split("\t")[1:]:
                    here = here.setdefault(token, {})
                here[END] = True
            self._branches[first] = node
        return node

    def ends(self, lowers: list[str], i: int, hi: int) -> list[int]:
        if i >= hi:
            return []
        token = lowers[i]
        if token not in self.firsts and not self.wild_first:
            return []
        if self.single:
            return [i + 1]
        found: list[int] = []
        # the first word's level of _walk, over branches built on first use
        nxt = self._branches.get(token) or self._branch(token)
        if nxt is not None:
            if END in nxt:
                found.append(i + 1)
            if len(nxt) > 1 or END not in nxt:
                self._walk(nxt, lowers, i + 1, hi, found)
        if self.wild_first and token[0].isalnum():
            wild = self._branch(ANY)
            if END in wild:
                found.append(i + 1)
            self._walk(wild, lowers, i + 1, hi, found)
        return sorted(set(found), reverse=True) if len(found) > 1 else found

    def _walk(self, node: dict, lowers: list[str], i: int, hi: int, found: list[int]) -> None:
        if i >= hi:
            return
        token = lowers[i]
        nxt = node.get(token)
        if nxt is not None:
            if END in nxt:
                found.append(i + 1)
            if len(nxt) > 1 or END not in nxt:
                self._walk(nxt, lowers, i + 1, hi, found)
        wild = node.get(ANY)
        if wild is not None and token[0].isalnum():
            if END in wild:
                found.append(i + 1)
            self._walk(wild, lowers, i + 1, hi, found)
