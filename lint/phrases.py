"""Turning word lists into regular expressions: whole words, case-insensitive, tolerant of the
spelling variants writers use (hyphen or space, curly or straight apostrophes, -ise/-ize), with
optional verb and noun inflections.
"""
from __future__ import annotations

import regex

_SEPARATOR = r"[\s\-‐‑]+"
_APOSTROPHE = "['’]"


# Irregular verbs that health claims use: base -> (3rd person -s, past, -ing).
IRREGULAR = {
    "lead": ("leads", "led", "leading"), "make": ("makes", "made", "making"),
    "bring": ("brings", "brought", "bringing"), "keep": ("keeps", "kept", "keeping"),
    "fight": ("fights", "fought", "fighting"), "cut": ("cuts", "cut", "cutting"),
    "give": ("gives", "gave", "giving"), "take": ("takes", "took", "taking"),
    "have": ("has", "had", "having"), "do": ("does", "did", "doing"), "be": ("is", "was", "being"),
    "stop": ("stops", "stopped", "stopping"), "slim": ("slims", "slimmed", "slimming"),
    "rid": ("rids", "rid", "ridding"), "beat": ("beats", "beat", "beating"),
    "undo": ("undoes", "undid", "undoing"),
    "spur": ("spurs", "spurred", "spurring"), "curb": ("curbs", "curbed", "curbing"),
    "kill": ("kills", "killed", "killing"), "build": ("builds", "built", "building"),
    "shrink": ("shrinks", "shrank", "shrinking"), "drive": ("drives", "drove", "driving"),
    "rebuild": ("rebuilds", "rebuilt", "rebuilding"), "win": ("wins", "won", "winning"),
}
FORMS = ("base", "s", "ed", "ing")


def verb_forms(word: str) -> dict[str, str]:
    """Regular (or known irregular) forms of a verb: cure -> cures, cured, curing; cry -> cries."""
    w = word.lower()
    if w in IRREGULAR:
        s, ed, ing = IRREGULAR[w]
        return {"base": w, "s": s, "ed": ed, "ing": ing}
    if w.endswith("e") and not w.endswith("ee"):
        return {"base": w, "s": w + "s", "ed": w + "d", "ing": w[:-1] + "ing"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        return {"base": w, "s": w[:-1] + "ies", "ed": w[:-1] + "ied", "ing": w + "ing"}
    if w.endswith(("s", "sh", "ch", "x", "z")):
        return {"base": w, "s": w + "es", "ed": w + "ed", "ing": w + "ing"}
    return {"base": w, "s": w + "s", "ed": w + "ed", "ing": w + "ing"}


def inflections(word: str, forms: tuple[str, ...] = FORMS) -> list[str]:
    """The requested forms of a word, longest first (all four by default)."""
    table = verb_forms(word)
    return sorted({table[f] for f in forms}, key=lambda w: (-len(w), w))


def base_form(word: str, known: dict[str, str] | None = None) -> str:
    """The base form of an inflected verb: reduces -> reduce, improved -> improve, led -> lead.

    `known` maps forms to bases for the lexicons' verbs; otherwise a heuristic is used.
    """
    w = word.lower()
    if known and w in known:
        return known[w]
    for base, forms in IRREGULAR.items():
        if w in forms:
            return base
    if w.endswith("ies") or w.endswith("ied"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    if w.endswith("ed"):
        stem = w[:-2]
        return stem if stem.endswith(("er", "en", "ow", "st", "nd", "rt", "ct", "pt", "ss", "ll", "sh", "ch", "lt", "rm", "lp", "ft", "mp", "rk", "ck", "ng", "wn", "rn", "ain", "eat", "ost", "oid", "ect", "ist")) else w[:-1]
    return w


def _word_pattern(word: str, inflect: bool, forms_wanted: tuple[str, ...] = FORMS) -> str:
    forms = inflections(word, forms_wanted) if inflect else [word]
    alts = []
    for form in forms:
        escaped = regex.escape(form)
        escaped = regex.sub("['’]", _APOSTROPHE, escaped)
        # British and American spelling: -ise/-ize, -isation/-ization, -yse/-yze.
        escaped = regex.sub(r"i([sz])(e|ed|es|ing|ation|ations|er|ers)\b", r"i[sz]\2", escaped)
        escaped = regex.sub(r"y([sz])(e|ed|es|ing)\b", r"y[sz]\2", escaped)
        alts.append(escaped)
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def phrase_pattern(phrase: str, inflect: bool = False, forms: tuple[str, ...] = FORMS) -> str:
    """A regex (no flags) for one phrase; with inflect, its first word takes the given `forms`
    (base, s, ed, ing; all by default).

    Spaces and hyphens between words match either; `*` alone stands for any one word.
    """
    words = regex.split(r"[\s\-]+", phrase.strip())
    parts = []
    for i, word in enumerate(words):
        if word == "*":
            # One word; a number with separators or decimals (2,000 or 2.5) counts as one word.
            parts.append(r"[\w'’\-]+(?:[.,]\d+)*")
        else:
            parts.append(_word_pattern(word, inflect and i == 0, forms))
    return _SEPARATOR.join(parts)


def alternation(phrases: list[str], inflect: bool = False, forms: tuple[str, ...] = FORMS) -> str:
    """One non-capturing group matching any of the phrases, longest first, as whole words."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))  # the same order on every run
    body = "|".join(phrase_pattern(p, inflect, forms) for p in ordered)
    return r"(?<![\w\-])(?:" + body + r")(?![\w])"
