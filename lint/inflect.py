"""English inflections from tables: the forms of a verb (cure -> cures, cured, curing) and the
plural of a noun (wart -> warts, mouse -> mice).

Regular forms follow the spelling rules below; everything irregular (fought, shrank, eaten,
stopped, mice...) comes from `data/irregular.tsv`, generated from lemminflect's tables by
`scripts/build_inflections.py`. Rules name a lemma (`{ lemma = "reverse" }`) and match every
form of it; suggestions use the reverse map to put a matched verb back in its base form.
"""
from __future__ import annotations

from functools import lru_cache

VERB_FORMS = ("base", "s", "ed", "en", "ing")
_VOWELS = "aeiou"


def regular_verb_forms(base: str) -> dict[str, str]:
    """The forms English spelling rules give a verb with no irregular entry."""
    w = base
    if w.endswith("ie"):
        return {"base": w, "s": w + "s", "ed": w + "d", "en": w + "d", "ing": w[:-2] + "ying"}
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        return {"base": w, "s": w + "s", "ed": w + "d", "en": w + "d", "ing": w[:-1] + "ing"}
    if w.endswith("ee") or w.endswith(("ye", "oe")):
        return {"base": w, "s": w + "s", "ed": w + "d", "en": w + "d", "ing": w + "ing"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        return {"base": w, "s": w[:-1] + "ies", "ed": w[:-1] + "ied", "en": w[:-1] + "ied", "ing": w + "ing"}
    if w.endswith(("s", "sh", "ch", "x", "z")):
        return {"base": w, "s": w + "es", "ed": w + "ed", "en": w + "ed", "ing": w + "ing"}
    return {"base": w, "s": w + "s", "ed": w + "ed", "en": w + "ed", "ing": w + "ing"}


def regular_plural(noun: str) -> str:
    w = noun
    if w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        return w[:-1] + "ies"
    if w.endswith(("s", "sh", "ch", "x", "z")):
        return w + "es"
    return w + "s"


@lru_cache(maxsize=1)
def _irregular() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    verbs: dict[str, dict[str, str]] = {}
    nouns: dict[str, str] = {}
    from importlib import resources  # only when the tables are read (rules loaded from TOML)

    text = resources.files("healthlint").joinpath("data/irregular.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] == "verb" and len(parts) == 6:
            verbs[parts[1]] = dict(zip(VERB_FORMS, parts[1:]))
        elif parts[0] == "noun" and len(parts) == 3:
            nouns[parts[1]] = parts[2]
    return verbs, nouns


def verb_forms(base: str) -> dict[str, str]:
    """base, s (3rd person), ed (past), en (past participle) and ing forms of a verb."""
    w = base.lower()
    return dict(_irregular()[0].get(w) or regular_verb_forms(w))


def plural(noun: str) -> str:
    w = noun.lower()
    return _irregular()[1].get(w) or regular_plural(w)


def forms_of(lemma: str, wanted: tuple[str, ...] | None = None) -> list[str]:
    """Every form of a lemma as a verb (and its plural as a noun), or only the `wanted` verb forms
    (`base`, `s`, `ed`, `en`, `ing`; `plural` for the noun plural)."""
    verb = verb_forms(lemma)
    table = dict(verb, plural=plural(lemma))
    keys = wanted or (*VERB_FORMS, "plural")
    return sorted({table[k] for k in keys})


def participle(form: str, bases: dict[str, str]) -> str:
    """The past participle of a verb given in any form (eliminated -> eliminated, ate -> eaten)."""
    return verb_forms(bases.get(form.lower(), form.lower()))["en"]


@lru_cache(maxsize=1)
def _irregular_lemmas() -> dict[str, str]:
    out: dict[str, str] = {}
    for lemma, forms in _irregular()[0].items():
        for key in ("s", "ed", "en", "ing"):
            out.setdefault(forms[key], lemma)
    return out


@lru_cache(maxsize=1)
def _irregular_forms() -> dict[str, str]:
    out: dict[str, str] = {}
    bases = _irregular()[0]
    for forms in bases.values():
        for key in ("s", "ed", "en", "ing"):
            if forms[key] not in bases:  # "bit" and "saw" are also base forms: no telling
                out.setdefault(forms[key], key)
    return out


def irregular_form(word: str) -> str | None:
    """Which form (`s`, `ed`, `en`, `ing`) an irregular verb form is (swore -> ed, sworn -> en),
    or None for a base form or a word the irregular table does not hold."""
    return _irregular_forms().get(word.lower())


def is_ing_form(word: str) -> bool:
    """Whether a word that opens flagged words is an -ing form (offering, reversing), not a base
    form that ends in -ing (bring, sing, string) or a word too short to be one (king, thing).
    Said of the first word of a verb phrase a rule flags, where a noun in -ing does not stand."""
    w = word.lower()
    return w.endswith("ing") and len(w) >= 6 and w not in _irregular()[0]


def verb_lemma(form: str) -> str | None:
    """The base form of an irregular verb form (ate -> eat, fought -> fight), or None."""
    return _irregular_lemmas().get(form.lower())


def base_form(word: str, known: dict[str, str] | None = None) -> str:
    """The base form of an inflected verb: reduces -> reduce, improved -> improve, led -> lead.

    `known` maps forms to bases for the lexicons' verbs; then the irregular table; then spelling
    rules, which cannot always tell (*caused* -> *cause*, *helped* -> *help*)."""
    w = word.lower()
    if known and w in known:
        return known[w]
    irregular = verb_lemma(w)
    if irregular:
        return irregular
    if w.endswith("ies") or w.endswith("ied"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    if w.endswith("ed"):
        stem = w[:-2]
        keeps = ("er", "en", "ow", "st", "nd", "rt", "ct", "pt", "ss", "ll", "sh", "ch", "lt", "rm", "lp", "ft",
                 "mp", "rk", "ck", "ng", "wn", "rn", "ain", "eat", "ost", "oid", "ect", "ist")
        return stem if stem.endswith(keeps) else w[:-1]
    return w
