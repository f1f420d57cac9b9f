"""Rendering a rule's suggestion templates for one match.

Templates may use {match}, numbered groups {1} and named groups {name}; the result keeps the
original's capitalisation (a capitalised match gets a capitalised suggestion).
"""
from __future__ import annotations

import regex

_FIELD = regex.compile(r"\{(\w+)\}")


def render(template: str, m: regex.Match, matched: str, sentence_initial: bool = True) -> str:
    def value(f: regex.Match) -> str:
        key = f.group(1)
        if key == "match":
            return matched
        try:
            group = m.group(int(key)) if key.isdigit() else m.group(key)
        except (IndexError, regex.error):
            return f.group()
        return group or ""

    text = _FIELD.sub(value, template)
    text = regex.sub(r"[ \t]{2,}", " ", text).strip()
    return match_case(text, matched, sentence_initial)


def match_case(text: str, original: str, sentence_initial: bool = True) -> str:
    """Give `text` the capitalisation pattern of `original` (Capitalised or ALL CAPS).

    A capital that only belongs to a name or acronym inside a sentence ("our FDA-approved
    supplement") is not copied: the suggestion is capitalised only where the match opens a sentence.
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return text.upper()
    if sentence_initial and original[:1].isupper() and text[:1].islower():
        return text[0].upper() + text[1:]
    return text
