"""Tokens of a prose block: words, numbers and punctuation with exact offsets, made once per block.

Rules and context cues match tokens, never raw characters. Each token keeps its place in the
block text (`starts`, `ends`) and a normalised lower-case form (`lowers`) in which spelling
variants writers use meet: curly and straight apostrophes, the hyphen characters, and British
-ise/-yse spellings with American -ize/-yze. A hyphenated compound (*game-changer*,
*anti-inflammatory*) is one token; lexicon terms are expanded so that *game changer* matches it
too (see lexicons.py).
"""
from __future__ import annotations

import regex

#: A number with separators (2,000 / 2.5 / 1-2), a word with inner apostrophes or hyphens
#: (can't, game-changer, Alzheimer's), or one punctuation character.
TOKEN = regex.compile(
    r"\d+(?:[.,:/]\d+)+%?|\d+%|[^\W_]+(?:['\-][^\W_]+)*|[^\w\s]",
)
_SPELLING = regex.compile(r"(?<=\w\w)(?:is(?=e[sd]?\b|ing\b|ations?\b|ers?\b)|ys(?=e[sd]?\b|ing\b))")
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "\u00ad": "-"})


def normalize(text: str) -> str:
    """Lower case, one apostrophe, one hyphen, -ize spellings; the same length as `text` so that
    offsets into it are offsets into the original."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two (İ): keep them as they are
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not low.isascii():  # (every character translated is beyond ASCII)
        low = low.translate(_TRANSLATE)
    if "is" in low or "ys" in low:
        low = _SPELLING.sub(lambda m: "iz" if m.group()[0] == "i" else "yz", low)
    return low


def norm_word(word: str) -> str:
    """`normalize` for one word or phrase of a rule or lexicon."""
    return normalize(word.strip())


class Tokens:
    """The tokens of one block: parallel lists of start and end offsets and normalised forms."""

    __slots__ = ("text", "low", "starts", "ends", "lowers")

    def __init__(self, text: str, low: str | None = None, start: int = 0, end: int | None = None,
                 lowers: list[str] | None = None):
        """The tokens of text[start:end] (all of it by default), with offsets into the whole text;
        `lowers`: their normalised forms when the caller has them already."""
        self.text = text
        self.low = low if low is not None else normalize(text)
        spans = [m.span() for m in TOKEN.finditer(self.low, start, len(text) if end is None else end)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.lowers = lowers if lowers is not None else [self.low[a:b] for a, b in spans]

    @classmethod
    def placed(cls, text: str, low: str, lowers: list[str]) -> Tokens:
        """The tokens of the whole of `text` from its normalised tokens (`words_of(low)`), each
        placed by finding it after the one before: between two tokens stand only characters no
        token holds (white space, "_"), and no token begins with one, so the first occurrence is
        the token itself. Half the time of matching the text again for offsets."""
        toks = cls.__new__(cls)
        toks.text, toks.low, toks.lowers = text, low, lowers
        starts: list[int] = []
        find, at = low.find, 0
        for word in lowers:
            at = find(word, at)
            starts.append(at)
            at += len(word)
        toks.starts = starts
        toks.ends = list(map(int.__add__, starts, map(len, lowers)))
        return toks

    def __len__(self) -> int:
        return len(self.lowers)


def words_of(low: str, start: int = 0, end: int | None = None) -> list[str]:
    """The normalised tokens of normalised text (or of low[start:end]), without offsets (for
    quick lookups)."""
    return TOKEN.findall(low, start, len(low) if end is None else end)
