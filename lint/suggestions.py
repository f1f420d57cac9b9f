"""Rendering a rule's suggestion templates for one match.

Templates may use {match}, numbered groups {1} and named groups {name}, each with an optional
filter: {verb|base} gives a verb's base form (reduces -> reduce, led -> lead) so that a rewrite
can add a modal and keep its grammar; {cop|hedge} turns is/was/has/had into may be/may have
been/may have/may have had; {name|lower} lower-cases. The result keeps the original's
capitalisation (a capitalised match that opens its sentence gets a capitalised suggestion).
"""
from __future__ import annotations

import regex

from .phrases import base_form

_SPACES = regex.compile(r"[ \t]{2,}")  # compiled once: regex.sub(str, ...) costs a cache lookup
_FIELD = regex.compile(r"\{(\w+)(?:\|(base|lower|hedge))?\}")
# A copula or auxiliary with a modal hedge that keeps its tense: "is" -> "may be".
_HEDGED_AUX = {"is": "may be", "are": "may be", "was": "may have been", "were": "may have been",
               "has": "may have", "have": "may have", "had": "may have had", "exerts": "may exert",
               "exert": "may exert", "exerted": "may have exerted"}


def render(template: str, m: regex.Match, matched: str, bases: dict[str, str] | None = None,
           sentence_initial: bool = True) -> str:
    def value(f: regex.Match) -> str:
        key, flt = f.group(1), f.group(2)
        if key == "match":
            text = matched
        else:
            try:
                text = m.group(int(key)) if key.isdigit() else m.group(key)
            except (IndexError, regex.error):
                return f.group()
            text = text or ""
        if flt == "base" and text:
            words = text.split()
            words[0] = base_form(words[0], bases)
            text = " ".join(words)
        elif flt == "lower":
            text = text.lower()
        elif flt == "hedge":
            text = _HEDGED_AUX.get(text.lower(), "may " + text)
        return text

    text = _FIELD.sub(value, template)
    text = _SPACES.sub(" ", text).strip()
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
