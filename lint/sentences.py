"""Sentence and clause boundaries inside a prose block, as offsets into the block's text.

Abbreviations (e.g., Dr., et al., vs.), decimals, initials and citation markers after the final
punctuation do not end a sentence.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from .lazyregex import LazyPattern

# Units (mg, ml, kg, min...) are deliberately absent: health copy often ends a sentence with a
# dose ("The usual dose is 10 mg. Ask..."), and a unit followed by a lowercase word is kept
# inside its sentence anyway (see split_sentences).
ABBREVIATIONS = frozenset(
    """e.g i.e eg ie dr mr mrs ms prof vs v al approx ca cf fig figs no nos vol st jr sr inc ltd co
    corp dept est resp ref refs u.s u.k e.u p.m a.m ph.d m.d b.s m.s d.o r.n jan feb mar apr jun
    jul aug sep sept oct nov dec mt mon tue wed thu fri sat sun gen gov sgt col capt lt a.k.a""".split()
)

# A full stop, question or exclamation mark (possibly repeated), then closing quotes or brackets,
# then an optional citation marker ([1], [^2], 3,4), then white space or the end.
_END = regex.compile(
    r"""[.!?]+["'”’)\]]*(?:\[\^?[\w-]{1,12}\]|\d{1,3}(?:[,–-]\d{1,3})*)*(?=\s|$)"""
)
_WORD_BEFORE = regex.compile(r"([\w.]+)$")
# The patterns below compile on first use (lazyregex): a short file may need none of them.
_WORD_BEFORE_INITIAL = LazyPattern(r"(\w+)[^\w\s]*\s+$")


class Sentence(NamedTuple):
    """Offsets of one sentence in its block (a tuple: blocks are split into many of them)."""

    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a block, trimmed of surrounding white space."""
    sentences: list[Sentence] = []
    if "." not in text and "?" not in text and "!" not in text:  # no sentence end (_END needs one)
        _append(sentences, text, 0, len(text))
        return sentences
    start = 0
    for m in _END.finditer(text):
        if m.group()[0] == "." and _is_abbreviation(text, m.start()):
            continue
        rest = text[m.end():m.end() + 3].lstrip()
        if rest and rest[0].islower():
            continue  # "... 5 mg. twice daily" or an abbreviation we do not know
        _append(sentences, text, start, m.end())
        start = m.end()
    _append(sentences, text, start, len(text))
    return sentences


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    # A single capital letter is an initial ("J. Smith", "John F. Kennedy"), not a sentence end,
    # unless a lowercase word stands before it: "vitamin D." and "hepatitis B." end sentences.
    if len(word) != 1 or not text[dot - 1].isupper():
        return False
    previous = _WORD_BEFORE_INITIAL.search(text, max(0, dot - 40), dot - 1)
    return not (previous and previous.group(1)[0].islower())


#: No real sentence is longer; text without sentence ends (a list dump, a minified page) is cut
#: at white space into pieces this long, so the context checks at each match stay bounded and
#: linting stays linear in the size of the text.
MAX_SENTENCE = 1000


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut != -1 else start + MAX_SENTENCE
        _append(out, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end))


# Clause boundaries: semicolons, colons, dashes, brackets, and a comma or start before a
# conjunction that opens a new claim. "that" does not end a clause: in "studies suggest that X
# cures Y" the hedge governs the claim.
_CLAUSE_BREAK = LazyPattern(
    r"""\s*[;:—–]\s+|(?<=\p{L})—(?=\p{L})|\s+-\s+|\s*[()]\s*|,?\s+\b(?:but|whereas|while|although|though|however|yet|
    except|unlike|because|since)\b|,\s+(?P<conjunction>and|or|so)\s+|
    \.\s+""",
    regex.X | regex.I,
)

# ", or" and ", and" also close a list ("does not diagnose, treat, cure, or prevent"; "may soothe,
# calm, and heal"; "not a drug, a food, or a cure"), whose items a negation or hedge before it
# governs: there they do not end the clause. They close a list when the item before them is a few
# words after a comma, with no conjunction (the list has not closed yet), no subject of its own and
# no negation of its own ("no sugar, no dairy, and cures colds": each item carries its own cue),
# and no new subject follows them ("..., or it cures colds" starts a clause).
_LIST_ITEM_WORDS = 5
_SUBJECTS = frozenset(
    "i you he she it we they this that these those there everyone everybody someone somebody nobody anyone".split())
_NOT_IN_ITEM = frozenset("and or nor but so".split())
_OWN_NEGATION = frozenset("no not never without".split())
_FIRST_WORD = LazyPattern(r"\w+")


def _closes_list(text: str, lo: int, m: regex.Match) -> bool:
    if (m.group("conjunction") or "").lower() not in ("and", "or"):
        return False
    comma = text.rfind(",", lo, m.start())
    if comma == -1:
        return False
    item = text[comma + 1:m.start()]
    words = item.split()
    if not 1 <= len(words) <= _LIST_ITEM_WORDS or any(ch in item for ch in ";:()—–"):
        return False
    if any(w.lower() in _NOT_IN_ITEM for w in words) or _starts_with_subject(item, 0):
        return False
    if words[0].lower() in _OWN_NEGATION:
        return False
    return not _starts_with_subject(text, m.end())


def _starts_with_subject(text: str, at: int) -> bool:
    word = _FIRST_WORD.search(text, at)
    return bool(word) and word.group().lower() in _SUBJECTS


# A sentence that opens with a concessive, temporal or "for those who" clause ("Although it may
# help sleep, it cures...", "When that is not enough, ...", "For people who don't smoke, ...") has
# a clause boundary at the comma that closes it: a hedge or negation inside does not reach the
# main claim.
_LEADING_CONCESSIVE = LazyPattern(
    r"(?:even\s+though|although|though|while|whereas|when|whenever|once|"
    r"for\s+(?:people|those|anyone|folks|adults|women|men|children|patients)\s+who)\b[^,;:.!?]*,\s*",
    regex.I)


# A contrast set off by commas between a subject and its verb ("Exercise, but not diet, lowered
# weight"; "Vitamin C, rather than zinc, shortens colds") negates only its own words: the claim
# after it is stated in full, so the aside is a clause of its own.
_CONTRAST_ASIDE = LazyPattern(
    r"(?:,\s*(?:but\s+)?|\bbut\s+)(?:not|rather\s+than|instead\s+of)\s+[^,;:.!?()]{1,60},\s*", regex.I)


def parenthetical_asides(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The (outermost) bracketed asides of text[lo:hi], from "(" to just after its ")": a clause
    goes on around an aside closed before its claim ("little evidence that supplements (such as
    zinc) prevent colds"), and what stands inside one speaks only for itself (see
    ContextLayer._governs)."""
    if "(" not in text[lo:hi]:
        return []
    out, depth, opened = [], 0, -1
    for i in range(lo, hi):
        c = text[i]
        if c == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif c == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((opened, i + 1))
    return out


def clause_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around text[start:end] within the sentence text[lo:hi]."""
    c_start, c_end = lo, hi
    for aside in _CONTRAST_ASIDE.finditer(text, lo, start):
        if aside.end() <= start:
            c_start = max(c_start, aside.end())
    lead = _LEADING_CONCESSIVE.match(text, lo, hi)
    if lead:
        comma = lead.start() + lead.group().index(",")
        if comma < start:
            c_start = lead.end()
        elif comma >= end:
            c_end = comma
    asides = parenthetical_asides(text, lo, hi)
    for m in _CLAUSE_BREAK.finditer(text, lo, hi):
        if m.group("conjunction") and _closes_list(text, lo, m):
            continue
        bracket = m.start() + max(m.group().find("("), m.group().find(")"))
        if asides and bracket >= m.start() and any(a <= bracket < b <= start for a, b in asides):
            continue  # an aside closed before the claim: the clause goes on around it
        if m.end() <= start:
            c_start = max(c_start, m.end())
        elif m.start() >= end:
            c_end = min(c_end, m.start())
            break
    return c_start, c_end
