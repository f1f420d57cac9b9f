"""Rendering a rule's suggestion templates for one match.

Templates may use {match}, numbered groups {1} and named groups {name}, each with an optional
filter: {noun|ending} gives the word's inflection (s, ed, ing or nothing), {art|a} gives
"a" when an optional article matched; {verb|base} gives a verb's base form (reduces -> reduce, led -> lead) so that a rewrite
can add a modal and keep its grammar; {cop|hedge} turns is/was/has/had into may be/may have
been/may have/may have had; {name|lower} lower-cases (but acronyms: IU, FDA); {subj|bare} takes a contracted auxiliary
off a word (it'll -> it), so that a rewrite can give the subject its own modal. The result keeps the original's
capitalisation (a capitalised match that opens its sentence gets a capitalised suggestion).
"""
from __future__ import annotations

import regex

from .inflect import base_form, irregular_form, is_ing_form, verb_forms
from .lazyregex import LazyPattern  # patterns compiled when first used

_SPACES = LazyPattern(r"[ \t]{2,}")  # for a text with two blanks in a row
_WORD_OR_NUMBER = LazyPattern(r"\w+")  # for {name|lower}
_FIELD = regex.compile(r"\{(\w+)(?:\|(base|lower|hedge|ending|a|bare))?\}")
#: Contracted auxiliaries {name|bare} takes off a subject: "it'll" -> "it", "they're" -> "they".
_CONTRACTION = regex.compile(r"(?i)['’](?:ll|d|s|re|ve|m)$")
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
        elif flt == "lower":  # acronyms and units stay as written: "Take 2,000 IU" -> "take 2,000 IU"
            text = _WORD_OR_NUMBER.sub(lambda w: w.group() if w.group().isupper() and (len(w.group()) > 1 or w.group() == "I")
                                       else w.group().lower(), text)
        elif flt == "hedge":
            text = hedge_verb_phrase(text, bases) if text else text
        elif flt == "ending":
            text = inflection_ending(text)
        elif flt == "a":  # an optional article, whichever it was, before a word the template supplies
            text = "a" if text else ""
        elif flt == "bare":
            text = _CONTRACTION.sub("", text)
        return text

    text = _FIELD.sub(value, template)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if text[:4].lower() == "may " and matched:
        text = fit_ing_slot(text, matched, bases)
    elif text[:4].lower() in ("has ", "is ") and matched:
        text = fit_plural(text, matched)
    return match_case(text, matched, sentence_initial)


#: Words after which a modal cannot stand: an infinitive's "to" and the modals themselves.
_NO_MODAL_AFTER = frozenset("to will would can could should must shall may might".split())
_BE = frozenset("is are was were am be been being".split())


_FIRST_PERSON = frozenset({"i", "we"})
_PAST_AFTER_I = frozenset({"beat"})  # "How I beat cancer": a past the table cannot tell from the base


def fit_after(text: str, before: str, matched: str = "") -> str:
    """A "may ..." rewrite fitted to the word before the flagged ones: after "to" or a modal,
    "may" becomes "possibly" ("proven to possibly relieve", "will possibly help keep"); after a
    form of "be", "may be" does ("are possibly a step forward"), never "to may" or "are may be".
    After "I" or "we" and a past verb the writer is the patient telling a story ("How I beat
    cancer", "we cured our son's eczema"): "How I may help some people manage cancer" would make
    them the remedy, so no "may" rewrite is offered there ("")."""
    head = text[:7].lower()
    if before in _FIRST_PERSON and head.startswith("may ") and _is_past(matched.split(None, 1)[0] if matched else ""):
        return ""
    if before in _NO_MODAL_AFTER and head.startswith("may "):
        return "possibly " + text[4:]
    if head == "may be " and (before in _BE or before.endswith(("'s", "’s", "'re", "’re"))):
        return "possibly " + text[7:]
    return text


def _is_past(word: str) -> bool:
    w = word.lower()
    return w.endswith("ed") or w in _PAST_AFTER_I or irregular_form(w) in ("ed", "en")


#: The first words of flagged words that show a plural subject ("probiotics cure", "they are").
_PLURAL_VERBS = frozenset({"are", "were", "have", "do", "'re", "’re"})
_SINGULAR_OR_UNKNOWN = frozenset("""is was has does can could will would may might must should shall
did had not never also""".split())
_PLURAL_OF = {"has": "have", "is": "are"}


def fit_plural(text: str, matched: str) -> str:
    """A "has been ..." or "is ..." rewrite of a verb that agrees with a plural subject takes the
    plural: "probiotics cure psoriasis" -> "probiotics have been tried for psoriasis"."""
    first = matched.split(None, 1)[0].lower()
    plural = first in _PLURAL_VERBS or (
        first.isalpha() and first not in _SINGULAR_OR_UNKNOWN and not first.endswith(("s", "ed", "ing", "ly"))
        and irregular_form(first) is None)
    if not plural:
        return text
    head, rest = text.split(" ", 1)
    return _PLURAL_OF[head.lower()] + " " + rest


def fit_ing_slot(text: str, matched: str, bases: dict[str, str] | None = None) -> str:
    """A "may ..." rewrite of words that open with an -ing verb, put in the -ing form the slot
    needs: "is providing hope" -> "is possibly offering", "an expert in reversing X" -> "in
    possibly slowing", ", offering hope" -> ", possibly offering" (never "is may offer")."""
    if not is_ing_form(matched.split(None, 1)[0]):
        return text
    words = text.split()
    i = 1
    while i < len(words) and (words[i].lower() in ADVERBS or words[i].lower().endswith("ly")):
        i += 1  # "may also help" -> "possibly also helping"
    if i >= len(words) or words[i].lower() in ("be", "have"):
        return text
    return " ".join(["possibly", *words[1:i], verb_forms(base_form(words[i], bases))["ing"], *words[i + 1:]])


def inflection_ending(text: str) -> str:
    """The inflection a word carries (breakthroughs -> s, unlocked -> ed, unlocking -> ing), so a
    template can give its own word the same one: "step{noun|ending} forward"."""
    word = text.split()[-1].lower() if text.split() else ""
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return ending
    if word.endswith("s"):
        return "" if word.endswith(("ss", "us", "is")) else "s"
    # an irregular past (swore, fought, took): "recommend{verb|ending}" must say "recommended"
    return "ed" if word and irregular_form(word) in ("ed", "en") else ""


#: Words a title keeps in lower case ("Good for the Heart"), unless they open it.
_TITLE_SMALL = frozenset("a an and as at but by for from in into of on or the to with vs".split())
_WORD = LazyPattern(r"[^\W\d_][\w'’-]*")  # when a finding is first made


def match_case(text: str, original: str, sentence_initial: bool = True) -> str:
    """Give `text` the capitalisation pattern of `original` (Capitalised, Title Case or ALL CAPS).

    A capital that only belongs to a name or acronym inside a sentence ("our FDA-approved
    supplement") is not copied: the suggestion is capitalised only where the match opens a sentence.
    A heading or list item in title case ("Lowers High Blood Pressure") gets a suggestion in title
    case, its small words lower ("May Help with High Blood Pressure").
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return text.upper()
    if sentence_initial and is_title(original):
        return _WORD.sub(lambda m: m.group() if m.start() and m.group() in _TITLE_SMALL
                         else m.group()[0].upper() + m.group()[1:], text)
    if sentence_initial and original[:1].isupper() and text[:1].islower():
        return text[0].upper() + text[1:]
    return text


def article_for(text: str) -> str | None:
    """"a" or "an" for the word that opens `text`, by its first letter (a few words that sound
    otherwise are known: an hour, a unit, a one-off), or None when it opens with no word."""
    m = _WORD.match(text)
    if m is None:
        return None
    word = m.group().lower()
    if word.startswith(_AN_DESPITE_CONSONANT):
        return "an"
    if word.startswith(_A_DESPITE_VOWEL):
        return "a"
    return "an" if word[0] in "aeiou" else "a"


_AN_DESPITE_CONSONANT = ("hour", "honest", "honour", "honor", "heir")
_A_DESPITE_VOWEL = ("uni", "use", "usu", "uti", "euro", "eu", "one", "once", "ufo", "ure")


def is_title(original: str) -> bool:
    """Two or more words, each capitalised but for a title's small words, opening its sentence."""
    words = _WORD.findall(original)
    if len(words) < 2 or not any(c.islower() for c in original):
        return False
    return all(w[0].isupper() or (i and w in _TITLE_SMALL) for i, w in enumerate(words))


#: Words that may stand between a modal and its verb and are kept in place by the hedge.
ADVERBS = frozenset("""also even really actually truly just only still often always usually completely fully
effectively naturally significantly dramatically greatly substantially permanently literally basically
definitely certainly instantly gently safely finally further directly actively quickly rapidly totally
entirely almost nearly clearly simply reliably consistently typically visibly drastically""".split())
#: A rewrite that opens with a modal: adverbs just before the flagged words go after it
#: ("completely eliminated" -> "may have completely eliminated", never "completely may have").
MODAL_START = LazyPattern(r"(?i)(?:may|might|could)(?:\s+(?:have|be)(?=\s+\w+(?:ed|en|n|t)\b))?(?=\s)")
#: A run of those adverbs that ends where the flagged words begin.
ADVERB_RUN_BEFORE = LazyPattern(r"(?i)(?:\b(?:" + "|".join(sorted(ADVERBS)) + r")[^\S\n]+)+$")
_DROPPED = frozenset({"can", "will", "does", "do", "did", "'ll", "would"})


def hedge_verb_phrase(text: str, bases: dict[str, str] | None = None) -> str:
    """Put *may* in front of a verb phrase and keep its tense, agreement and adverbs:
    *reduces* -> *may reduce*, *completely eliminated* -> *may have completely eliminated*,
    *can cure* -> *may cure*, *has reversed* -> *may have reversed*, *is* -> *may be*."""
    words = text.split()
    adverbs: list[str] = []
    perfect = False
    i = 0
    while i < len(words):
        w = words[i].lower()
        if w in _DROPPED:
            i += 1
        elif w in ("has", "have") and i + 1 < len(words):
            perfect = True
            i += 1
        elif w in ADVERBS or (w.endswith("ly") and len(w) > 4):
            adverbs.append(words[i])
            i += 1
        else:
            break
    if i >= len(words):
        return "may " + text
    verb, rest = words[i], words[i + 1:]
    low = verb.lower()
    if low in _HEDGED_AUX and not perfect:
        head = _HEDGED_AUX[low].split()
        return " ".join([*head[:-1], *adverbs, head[-1], *rest]) if adverbs else " ".join([*head, *rest])
    if perfect:
        return " ".join(["may", "have", *adverbs, verb, *rest])
    base = base_form(low, bases)
    forms = verb_forms(base)
    if low != base and low in (forms["ed"], forms["en"]):
        return " ".join(["may", "have", *adverbs, forms["en"], *rest])
    return " ".join(["may", *adverbs, base, *rest])
