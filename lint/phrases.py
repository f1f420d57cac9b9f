"""Turning word lists into regular expressions: whole words, case-insensitive, tolerant of the
spelling variants writers use (hyphen or space, curly or straight apostrophes, -ise/-ize), with
optional verb and noun inflections.
"""
from __future__ import annotations

import regex

_SEPARATOR = r"[\s\-‐‑]+"
_APOSTROPHE = "['’]"


def inflections(word: str) -> list[str]:
    """Regular verb/noun forms of a word: cure -> cures, cured, curing; cry -> cries, cried."""
    w = word.lower()
    forms = {w}
    if w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {w + "es", w + "ed", w + "ing"}
    else:
        forms |= {w + "s", w + "ed", w + "ing"}
    return sorted(forms, key=len, reverse=True)


def _word_pattern(word: str, inflect: bool) -> str:
    forms = inflections(word) if inflect else [word]
    alts = []
    for form in forms:
        escaped = regex.escape(form)
        escaped = escaped.replace("'", _APOSTROPHE).replace("’", _APOSTROPHE)
        # British and American spelling: -ise/-ize, -isation/-ization, -yse/-yze.
        escaped = regex.sub(r"i([sz])(e|ed|es|ing|ation|ations|er|ers)\b", r"i[sz]\2", escaped)
        escaped = regex.sub(r"y([sz])(e|ed|es|ing)\b", r"y[sz]\2", escaped)
        alts.append(escaped)
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def phrase_pattern(phrase: str, inflect: bool = False) -> str:
    """A regex (no flags) for one phrase; with inflect, its first word takes regular endings.

    Spaces and hyphens between words match either; `*` alone stands for any one word.
    """
    words = regex.split(r"[\s\-]+", phrase.strip())
    parts = []
    for i, word in enumerate(words):
        if word == "*":
            # One word; a number with separators or decimals (2,000 or 2.5) counts as one word.
            parts.append(r"[\w'’\-]+(?:[.,]\d+)*")
        else:
            parts.append(_word_pattern(word, inflect and i == 0))
    return _SEPARATOR.join(parts)


def alternation(phrases: list[str], inflect: bool = False) -> str:
    """One non-capturing group matching any of the phrases, longest first, as whole words."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(phrase_pattern(p, inflect) for p in ordered)
    return r"(?<![\w\-])(?:" + body + r")(?![\w])"
