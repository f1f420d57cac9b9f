"""A keyword prefilter: which rules can match a block at all, from the words the block contains.

Running ~150 regular expressions over every block would cost more than everything else
together, yet almost every rule needs one of a few words to match (`cures`, `proven`,
`breakthrough`...). For each rule, the words any match must contain are read off its compiled
pattern (parsed with the standard library's regex parser), as clauses: "one of these words, and
one of those". A block is then split into words once, and a rule runs only on blocks that
satisfy all of its clauses, and, in a block of several sentences, only from the sentences that do
(a finding never crosses a sentence). A rule whose pattern yields no such words (or that the parser
cannot read) runs on every block, so the prefilter can only skip work, never findings; the
engine's results are the same with and without it (tests/test_prefilter.py checks that).

Where every match of a rule starts with one of a few strings (its *leads*), the rule is tried only
at the positions where they occur, found by one trie-shaped lookahead per set of leads.

Words are compared case-folded, and split at the same `\\w` the rules use (the `regex` module's,
version 1), so a rule's word is found whatever the case or the punctuation around it.
"""
from __future__ import annotations

import functools
import itertools
import re
import time
from dataclasses import dataclass

import regex

from .casefree import unwrap_caseless_sets

try:  # Python 3.11+
    from re import _constants as C, _parser as sre_parse
except ImportError:  # pragma: no cover - older layout
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

WORD = regex.compile(r"\w+", regex.V1)
_MAX_STRINGS = 256  # largest set of literal strings expanded for one part of a pattern
_MAX_CLAUSES = 4
_NONE: frozenset[str] = frozenset()
# Memo sizes: large enough for a corpus's common words and anchor sets (the same CPU time at 10x
# these sizes), small enough that a 23 MB run stays near 100 MB (at 10x it peaked at 190 MB).
_MEMO_SIZE = 2_000
_WORD_MEMO_SIZE = 20_000  # sets of anchors remembered by a prefilter (each a short list of rules)
# What scanning for word-part anchors with `in` costs, in microseconds (800 anchors: a call, and
# each character of the text), against compiling their trie-shaped finder (see Prefilter._findall).
_SCAN_CALL_US, _SCAN_CHAR_US, _SCAN_BUDGET_US = 30, 0.3, 10_000
_STOPWORDS = frozenset("a an the to of in on and or is are be it this that for with as at by".split())

# Anchors: ("w", word) must occur as a whole word; ("s", text) must occur anywhere.
Anchor = tuple[str, str]
Clause = frozenset  # of Anchor: at least one must occur


@functools.cache
def _is_word_char(ch: str) -> bool:
    return WORD.fullmatch(ch) is not None


def _exact(strings: set[str], nullable: bool | None = None) -> "_Info":
    """An element that matches one of a few literal strings."""
    nonempty = [t for t in strings if t]
    return _Info(exact=strings, starts_nonword=all(not _is_word_char(t[0]) for t in nonempty),
                 ends_nonword=all(not _is_word_char(t[-1]) for t in nonempty),
                 nullable=len(nonempty) < len(strings) if nullable is None else nullable)


@functools.cache
def _literal(ch: str) -> "_Info":
    """_exact() of one character, made once per character (patterns hold hundreds of thousands
    of them); _Info values are never changed after they are made, so they can be shared."""
    return _exact({ch})


@dataclass
class _Info:
    """What the analysis knows about one element (or sequence) of a pattern."""

    exact: set[str] | None = None  # every string it can match, when few
    clauses: tuple[Clause, ...] = ()  # requirements on any match
    zero_width: bool = False
    bounds: bool = False  # (zero-width) asserts a non-word character or text edge at its position
    starts_nonword: bool = False  # when it consumes anything, the first char is never \w
    ends_nonword: bool = False  # ... and the last is never \w
    nullable: bool = True  # it can match the empty string


def _score(clause: Clause) -> int:
    """How selective a clause is: its weakest anchor's length (stop words count as nothing)."""
    worst = min((0 if a[1] in _STOPWORDS else len(a[1])) - (1 if a[0] == "s" else 0) for a in clause)
    return worst


def _best(clauses) -> tuple[Clause, ...]:
    # Ties go by the anchors themselves, so that every run picks the same clauses.
    ranked = sorted(set(clauses), key=lambda c: (_score(c), sorted(c)), reverse=True)
    return tuple(c for c in ranked[:_MAX_CLAUSES] if _score(c) > 0)


def _anchor(text: str, left_bounded: bool, right_bounded: bool) -> Anchor | None:
    """The best anchor for one literal string: its longest whole word, else its longest word
    as a substring (a word cut by the pattern's edge: `\\bcur` in `\\bcur\\w*`)."""
    whole, any_token = None, None
    for m in WORD.finditer(text):
        token = m.group()
        key = (token not in _STOPWORDS, len(token), token)
        if (m.start() > 0 or left_bounded) and (m.end() < len(text) or right_bounded):
            whole = max(whole, key) if whole else key
        any_token = max(any_token, key) if any_token else key
    if whole and (whole[0] or not any_token[0] or any_token[1] < 3):
        return ("w", whole[2])
    if any_token and any_token[1] >= 3:
        return ("s", any_token[2])
    return ("w", whole[2]) if whole else None


def _run_clause(strings: set[str], left_bounded: bool, right_bounded: bool) -> Clause | None:
    anchors = set()
    for s in strings:
        a = _anchor(s.casefold(), left_bounded, right_bounded)
        if a is None:
            return None
        anchors.add(a)
    return frozenset(anchors) if anchors else None


def _class_strings(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < 8:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
        if len(chars) > 8:
            return None
    return chars


def _class_nonword(items) -> bool:
    """A class (not negated) every member of which is a non-word character."""
    for op, av in items:
        if op is C.LITERAL:
            if _is_word_char(chr(av)):
                return False
        elif op is C.CATEGORY:
            if av not in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD, C.CATEGORY_LINEBREAK):
                return False
        else:
            return False
    return True


def _class_has_word(items) -> bool:
    return any(op is C.CATEGORY and av is C.CATEGORY_WORD for op, av in items)


class _Analyser:
    def __init__(self, lookarounds: bool = True) -> None:
        # Without lookarounds: only what a match consumes yields requirements (see analyse()).
        self.lookarounds = lookarounds
        # A group is read once without and once with what surrounds it, and groups nest: without
        # remembering answers the work doubles with each level (seconds for a large lexicon).
        # Keyed by the parse tree node, which lives as long as the analyser.
        self._seen: dict[tuple[int, int, bool, bool], _Info] = {}

    def element(self, op, av, left: bool = False, right: bool = False) -> _Info:
        """`left`/`right`: whether the positions just before and after the element are known
        to be a non-word character or the text's edge."""
        if op in (C.SUBPATTERN, C.BRANCH, C.ATOMIC_GROUP, C.MAX_REPEAT, C.MIN_REPEAT):
            key = (id(op), id(av), left, right)
            info = self._seen.get(key)
            if info is None:
                info = self._seen[key] = self._element(op, av, left, right)
            return info
        return self._element(op, av, left, right)

    def _element(self, op, av, left: bool, right: bool) -> _Info:
        if op is C.LITERAL:
            return _literal(chr(av))
        if op is C.IN:
            negated = any(o is C.NEGATE for o, _ in av)
            strings = None if negated else _class_strings(av)
            if strings is not None:
                return _exact(strings)
            nonword = not negated and _class_nonword(av)
            return _Info(starts_nonword=nonword, ends_nonword=nonword, nullable=False)
        if op in (C.ANY, C.NOT_LITERAL):
            return _Info(nullable=False)
        if op is C.SUBPATTERN:
            return self.sequence(av[-1], left, right)
        if op is C.ATOMIC_GROUP:
            return self.sequence(av, left, right)
        if op is C.BRANCH:
            return self.branch(av[1], left, right)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, sub = av
            inner = self.sequence(sub)
            if low == 0 and high == 1 and inner.exact is not None:
                return _exact(inner.exact | {""})
            if low == high == 1:
                return inner
            return _Info(clauses=_best(self._run_clauses(inner)) if low else (),
                         starts_nonword=inner.starts_nonword, ends_nonword=inner.ends_nonword,
                         nullable=low == 0 or inner.nullable)
        if op is C.AT:
            bounded = av in (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_END,
                             C.AT_END_STRING, C.AT_BEGINNING_LINE, C.AT_END_LINE)
            return _Info(exact={""}, zero_width=True, bounds=bounded)
        if op is C.ASSERT_NOT:
            direction, sub = av
            bounded = len(sub) == 1 and sub[0][0] is C.IN and _class_has_word(sub[0][1])
            return _Info(exact={""}, zero_width=True, bounds=bounded)
        if op is C.ASSERT:
            direction, sub = av
            inner = self.sequence(sub)
            bounded = (inner.starts_nonword if direction == 1 else inner.ends_nonword) and not inner.nullable
            # What a lookaround sees stands in the text too: its words are requirements as well.
            clauses = _best(self._run_clauses(inner)) if self.lookarounds else ()
            return _Info(exact={""}, zero_width=True, bounds=bounded, clauses=clauses)
        return _Info()  # back references, conditionals: no knowledge

    @staticmethod
    def _run_clauses(info: _Info, left: bool = False, right: bool = False) -> list[Clause]:
        if info.exact is None:
            return list(info.clauses)
        clause = _run_clause(info.exact, left, right)
        return [clause] if clause else []

    def branch(self, alternatives, left: bool = False, right: bool = False) -> _Info:
        infos = [self.sequence(alt, left, right) for alt in alternatives]
        if all(i.exact is not None for i in infos):
            exact = set().union(*(i.exact for i in infos))
            if len(exact) <= _MAX_STRINGS:
                return _exact(exact)
        union: set[Anchor] = set()
        for info in infos:
            best = _best(self._run_clauses(info, left, right))
            if not best:
                return _Info(nullable=any(i.nullable for i in infos))
            union |= best[0]
        return _Info(clauses=(frozenset(union),), nullable=any(i.nullable for i in infos),
                     starts_nonword=all(i.starts_nonword for i in infos),
                     ends_nonword=all(i.ends_nonword for i in infos))

    def sequence(self, items, left_bounded: bool = False, right_bounded: bool = False) -> _Info:
        items = list(items)
        infos = [self.element(op, av) for op, av in items]
        # A sequence of literal parts (and no word-boundary assertion, which the run logic below
        # would use): one product of strings, kept small.
        if all(i.exact is not None and not i.bounds for i in infos):
            exact = {""}
            for info in infos:
                exact = {a + b for a, b in itertools.product(exact, info.exact)}
                if len(exact) > _MAX_STRINGS:
                    break
            else:
                return _exact(exact)
        clauses: list[Clause] = []
        run: set[str] | None = None
        run_left = False
        bounded_here = left_bounded  # is the position before the current element bounded?
        for n, info in enumerate(infos):
            if info.zero_width:
                if run is not None:
                    self._close(run, run_left, self._bounded_after(infos, n, right_bounded), clauses)
                    run = None
                bounded_here = bounded_here or info.bounds
                clauses.extend(info.clauses)
                continue
            if info.exact is not None and "" not in info.exact:
                if run is None:
                    run, run_left = set(info.exact), bounded_here
                else:
                    product = {a + b for a, b in itertools.product(run, info.exact)}
                    if len(product) > _MAX_STRINGS:
                        self._close(run, run_left, False, clauses)
                        run, run_left = set(info.exact), False
                    else:
                        run = product
                bounded_here = info.ends_nonword
                continue
            if run is not None:
                self._close(run, run_left, self._bounded_after(infos, n, right_bounded), clauses)
                run = None
            if info.exact is not None:  # optional literal text: "" is one of its strings
                bounded_here = info.ends_nonword and bounded_here
                continue
            op, av = items[n]
            if op in (C.SUBPATTERN, C.BRANCH, C.ATOMIC_GROUP):  # again, knowing its surroundings
                info = self.element(op, av, bounded_here, self._bounded_after(infos, n + 1, right_bounded))
            clauses.extend(info.clauses)
            bounded_here = info.ends_nonword and (bounded_here or not info.nullable)
        if run is not None:
            self._close(run, run_left, right_bounded, clauses)
        return _Info(clauses=_best(clauses), nullable=all(i.nullable for i in infos),
                     starts_nonword=_edge_nonword(infos, "starts_nonword"),
                     ends_nonword=_edge_nonword(infos[::-1], "ends_nonword"))

    def lead(self, items, bounded: bool = False) -> tuple[set[str], bool] | None:
        """The strings every match begins with, when the pattern's first consuming element is a
        literal choice (after lookarounds and anchors), else None; and whether a word boundary
        is asserted just before them."""
        items = list(items)
        for n, (op, av) in enumerate(items):
            if _consumes_nothing(op, av):
                bounded = bounded or self.element(op, av).bounds
                continue
            info = self.element(op, av)
            if info.nullable:  # optional: a match starts with it, or with what follows it
                first = self._lead_when_not_empty(op, av, info, bounded)
                rest = self.lead(items[n + 1:], bounded)
                if not first or not first[0] or not rest:
                    return None
                return first[0] | rest[0], first[1] and rest[1]
            if info.exact is not None:
                strings = set(info.exact)  # and the literal parts right after it
                for op2, av2 in items[n + 1:]:
                    more = self.element(op2, av2)
                    if more.exact is None or "" in more.exact or len(strings) * len(more.exact) > _MAX_STRINGS:
                        break
                    strings = {x + y for x in strings for y in more.exact}
                return strings, bounded
            if op is C.SUBPATTERN:
                return self.lead(av[-1], bounded)
            if op is C.ATOMIC_GROUP:
                return self.lead(av, bounded)
            if op is C.BRANCH:
                out: set[str] = set()
                all_bounded = True
                for alternative in av[1]:
                    found = self.lead(alternative, bounded)
                    if not found:
                        return None
                    out |= found[0]
                    all_bounded = all_bounded and found[1]
                return out, all_bounded
            if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                return self.lead(av[2], bounded)  # its first repetition (the caller handles none)
            if op is C.IN and _class_of_digits(av):
                # A number ("30% of", "2 in 3"): a match starts at a digit. ASCII digits are the
                # leads; finditer() searches the ordinary way in text with other digits.
                return set(DIGITS), bounded
            return None
        return None

    def _lead_when_not_empty(self, op, av, info: _Info, bounded: bool) -> tuple[set[str], bool] | None:
        if info.exact is not None:
            return info.exact - {""}, bounded
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return self.lead(av[2], bounded)
        if op is C.SUBPATTERN:
            return self.lead(av[-1], bounded)
        if op is C.BRANCH:
            out: set[str] = set()
            all_bounded = True
            for alternative in av[1]:
                if not alternative:  # the empty choice: the caller looks past this element
                    continue
                found = self.lead(alternative, bounded)
                if not found:
                    return None
                out |= found[0]
                all_bounded = all_bounded and found[1]
            return out, all_bounded
        return None

    @staticmethod
    def _bounded_after(infos: list[_Info], n: int, right_bounded: bool) -> bool:
        """Is the character at the position before infos[n] a non-word one (or the end)?"""
        for info in infos[n:]:
            if info.zero_width:
                if info.bounds:
                    return True
                continue
            if not info.starts_nonword:
                return False
            if not info.nullable:
                return True
        return right_bounded

    @staticmethod
    def _close(run: set[str], left: bool, right: bool, clauses: list[Clause]) -> None:
        clause = _run_clause(run, left, right)
        if clause:
            clauses.append(clause)


DIGITS = "0123456789"


def _class_of_digits(items) -> bool:
    """A class (not negated) of digits only: \\d, [0-9] or some of them."""
    for op, av in items:
        if op is C.CATEGORY:
            if av is not C.CATEGORY_DIGIT:
                return False
        elif op is C.LITERAL:
            if chr(av) not in DIGITS:
                return False
        elif op is C.RANGE:
            if not (48 <= av[0] <= av[1] <= 57):
                return False
        else:
            return False
    return bool(items)


def _consumes_nothing(op, av) -> bool:
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return True
    if op is C.SUBPATTERN:
        return all(_consumes_nothing(o, a) for o, a in av[-1])
    if op is C.ATOMIC_GROUP:
        return all(_consumes_nothing(o, a) for o, a in av)
    if op is C.BRANCH:
        return all(all(_consumes_nothing(o, a) for o, a in alt) for alt in av[1])
    return False


def _edge_nonword(infos: list[_Info], flag: str) -> bool:
    """Whether the first (or, given reversed, last) character a sequence consumes is non-word."""
    for info in infos:
        if info.zero_width:
            continue
        if not getattr(info, flag):
            return False
        if not info.nullable:
            return True
    return True


_VALID_BRACE = re.compile(r"\{\d*(?:,\d*)?\}")


def _readable_by_sre(pattern: str) -> str | None:
    """The pattern in the standard parser's dialect, or None when it uses `regex`-only syntax
    that the standard parser would silently read differently (fuzzy matching, set operations)."""
    out, i, in_class, nested = [], 0, False, 0
    names: set[str] = set()
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if pattern.startswith(("p{", "P{"), i + 1) and "}" in pattern[i:]:
                # A Unicode property: opaque to the analysis. \S is opaque too (never expanded
                # into strings, never taken for a word boundary or a digit), inside a set or out.
                out.append("\\S")
                i = pattern.index("}", i) + 1
                continue
            if pattern.startswith("N{", i + 1) and "}" in pattern[i:]:
                end = pattern.index("}", i) + 1
                out.append(pattern[i:end])
                i = end
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if pattern.startswith(("--", "&&", "||", "~~", "[^", "[:"), i):
                return None  # set operations, negated or POSIX nested sets
            if ch == "[":  # a nested set is a union (regex V1): flatten it into the outer one
                nested += 1
                i += 1
                continue
            if ch == "]":
                if nested:
                    nested -= 1
                    i += 1
                    continue
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern.startswith("[^]", i) or pattern.startswith("[]", i):
                out.append(pattern[i:i + (3 if pattern[i + 1] == "^" else 2)])
                i += 3 if pattern[i + 1] == "^" else 2
                continue
        elif ch == "{" and not _VALID_BRACE.match(pattern, i):
            return None
        elif pattern.startswith(("(?P<", "(?<"), i) and not pattern.startswith(("(?<=", "(?<!"), i):
            # A named group. Names may repeat in `regex`, not in `re`: a repeat loses its name
            # (the first keeps it, for back references and conditionals).
            close = pattern.index(">", i)
            name = pattern[pattern.index("<", i) + 1:close]
            out.append("(?:" if name in names else f"(?P<{name}>")
            names.add(name)
            i = close + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


Analysis = tuple[tuple[Clause, ...] | None, tuple[str, ...] | None, tuple[Clause, ...] | None]

#: (pattern, flags) -> Analysis; filled by use and from the rule cache (rulecache.py), since
#: reading a large lexicon alternation with the standard parser takes a few milliseconds.
ANALYSES: dict[tuple[str, int], Analysis] = {}


def analyse(pattern: str, flags: int = 0) -> Analysis:
    """What any match of `pattern` satisfies: its clauses (None when nothing can be said), the
    lowercase strings every match starts with (None when not known), and the clauses met by the
    text the match consumes, lookarounds left out (a lookbehind may read the sentence before)."""
    key = (pattern, flags)
    if key not in ANALYSES:
        ANALYSES[key] = _analyse(pattern, flags)
    return ANALYSES[key]


def _analyse(pattern: str, flags: int):
    source = _readable_by_sre(unwrap_caseless_sets(pattern))
    if source is None:
        return None, None, None
    sre_flags = re.VERBOSE if flags & regex.VERBOSE else 0
    try:
        parsed = list(sre_parse.parse(source, sre_flags))
    except Exception:  # noqa: BLE001 - any syntax the standard parser does not know
        return None, None, None
    analyser = _Analyser()
    clauses = _clauses(analyser.sequence(parsed))
    consumed = _clauses(_Analyser(lookarounds=False).sequence(parsed))
    found = analyser.lead(parsed)
    leads = None
    if found is not None:
        strings, bounded = found
        # Anchored search compares lowercased ASCII text: each lead is cut at its first other
        # character (a shorter lead still starts every match), and a lead cut to nothing means
        # the rule is searched the ordinary way.
        strings = {_ascii_prefix(s.casefold()) for s in strings}
        if strings and len(strings) <= _MAX_STRINGS and all(strings):
            # "!" marks a lead that must start a word: a boundary is asserted before it.
            leads = tuple(sorted(("!" if bounded and _is_word_char(s[0]) else "") + s for s in strings))
    return clauses, leads, consumed


def _clauses(info: _Info) -> tuple[Clause, ...] | None:
    clauses = info.clauses if info.exact is None else tuple(_Analyser._run_clauses(info))
    return _best(clauses) or None


def _ascii_prefix(text: str) -> str:
    for i, ch in enumerate(text):
        if not ch.isascii():
            return text[:i]
    return text


def finditer(pattern, text: str, leads: tuple[str, ...] | None, timeout: float | None = None,
             lowered: str | None = None, within: list[tuple[int, int]] | None = None):
    """pattern.finditer(text, timeout=timeout), but when every match is known to start with one
    of `leads`, tried only where those strings occur: the same matches (leftmost, non-overlapping,
    and lookbehinds still see the text before), without running the pattern at every position.
    The timeout bounds the whole search either way (TimeoutError, as `regex` raises).
    `lowered` is `lowered_for_leads(text)`, passed in when the caller already has it; `within`,
    when given, limits anchored search to matches that start in those sorted spans."""
    if leads is not None and not (_starts_with_digits(leads) and _has_other_digits(text)):
        if lowered is None:
            lowered = lowered_for_leads(text)
        if lowered is not None:
            return _anchored(pattern, text, lowered, lead_finder(leads), timeout, within)
    return pattern.finditer(text) if timeout is None else pattern.finditer(text, timeout=timeout)


_OTHER_DIGIT = regex.compile(r"[\d--[0-9]]", regex.V1)


@functools.cache
def _starts_with_digits(leads: tuple[str, ...]) -> bool:
    return any(lead.lstrip("!")[:1] in DIGITS for lead in leads)


def _has_other_digits(text: str) -> bool:
    """Whether `text` holds a digit other than 0-9 (Arabic-Indic, Devanagari...), which `\\d`
    matches but a digit lead does not find."""
    return not text.isascii() and _OTHER_DIGIT.search(text) is not None


#: Characters outside ASCII that a case-insensitive `regex` match (V1: full case folding) can take
#: for ASCII letters, digits or underscores: the long s, the Kelvin sign, the fi/ff ligatures, the
#: sharp s (= "ss")... tests/test_prefilter.py recomputes this list over all of Unicode.
CASE_TWINS_OF_ASCII = frozenset("ßİŉſǰẖẗẘẙẚẞ\u212aﬀﬁﬂﬃﬄﬅﬆ")  # \u212a: the Kelvin sign
_ASCII_LOWER = str.maketrans({c: c + 32 for c in range(65, 91)})


def lowered_for_leads(text: str) -> str | None:
    """`text` with ASCII capitals made small, position for position, so that leads (lowercase
    ASCII) can be looked up in it; None when the text holds a character that a case-insensitive
    match can take for an ASCII letter (then leads cannot be trusted and the pattern runs
    everywhere)."""
    if text.isascii():
        return text.lower()
    if not CASE_TWINS_OF_ASCII.isdisjoint(text):
        return None
    return text.translate(_ASCII_LOWER)


def _lead_positions(finder: re.Pattern, lowered: str, within: list[tuple[int, int]] | None) -> list[int]:
    """Where the finder stops in `lowered` (only in the sorted `within` spans, when given): a
    list built in one go, since a generator costs more per position than the search itself, and
    from one pass over the text, which costs less than one search started in each span."""
    positions = [found.start() for found in finder.finditer(lowered)]
    if within is None or not positions:
        return positions
    kept: list[int] = []
    spans = iter(within)
    start, stop = next(spans, (len(lowered) + 1, len(lowered) + 1))
    for at in positions:
        while at >= stop:
            start, stop = next(spans, (len(lowered) + 1, len(lowered) + 1))
        if at >= start:
            kept.append(at)
    return kept


_LEAD_FINDERS: dict[tuple[str, ...], re.Pattern] = {}


def lead_finder(leads: tuple[str, ...]) -> re.Pattern:
    """One expression that matches the first character of every occurrence of one of `leads` (a
    lead marked "!" only at a word start), so that its matches' starts are where leads start.
    Each branch is a first character followed by a trie of the rest in a lookahead: `re` skips
    quickly to the characters that can start a lead and tests a position with one character
    comparison rather than one attempt per lead (faster than a str.find loop per lead, than
    `regex`'s overlapped search, or than the whole trie in a lookahead at every position)."""
    finder = _LEAD_FINDERS.get(leads)
    if finder is None:
        anywhere = _shortest({lead for lead in leads if not lead.startswith("!")})
        word_start = _shortest({lead[1:] for lead in leads if lead.startswith("!")})
        word_start = {w for w in word_start if not any(w.startswith(a) for a in anywhere)}
        branches = []
        # A word start: the character before the first one is not a (lowercase ASCII) word one.
        for strings, guard in ((word_start, "(?<![a-z0-9_].)"), (anywhere, "")):
            groups: dict[str, set[str]] = {}
            for text in strings:
                groups.setdefault(text[0], set()).add(text[1:])
            for first, rests in sorted(groups.items()):
                rest = _trie(rests)
                branches.append(re.escape(first) + guard + (f"(?={rest})" if rest else ""))
        finder = _LEAD_FINDERS[leads] = re.compile("|".join(branches))
    return finder


def _shortest(strings: set[str]) -> set[str]:
    """The strings that do not start with another of them: where the longer one starts, the
    shorter one starts too, so it alone marks the position."""
    kept: list[str] = []
    for text in sorted(strings):
        if not (kept and text.startswith(kept[-1])):
            kept.append(text)
    return set(kept)


def _trie(strings: set[str]) -> str:
    """A regular expression for a set of strings, factored by first character, that matches the
    longest of them where several start at the same place."""
    ends_here = "" in strings
    groups: dict[str, set[str]] = {}
    for text in strings:
        if text:
            groups.setdefault(text[0], set()).add(text[1:])
    if not groups:
        return ""
    branches = [re.escape(first) + _trie(rest) for first, rest in sorted(groups.items())]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
    return body


def _anchored(pattern, text: str, lowered: str, finder: re.Pattern, timeout: float | None = None,
              within: list[tuple[int, int]] | None = None):
    end = 0
    match = pattern.match
    deadline = None if timeout is None else time.monotonic() + timeout
    for at in _lead_positions(finder, lowered, within):
        if at < end:
            continue
        if deadline is None:
            m = match(text, at)
        else:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("regex timed out")
            m = match(text, at, timeout=left)
        if m is not None and m.end() > m.start():
            yield m
            end = m.end()


# ASCII text (most blocks) is split into lowercase words by one bytes.translate: the same words as
# casefold() and regex's \w+ give on ASCII, several times faster.
_ASCII_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c == 95) else 32
                     for c in range(256))


class Prefilter:
    """Built once per rule list; tells which rules can match a given text."""

    def __init__(self, patterns: list[regex.Pattern], consumed_only: bool = False):
        """`consumed_only`: judge by the words a match itself takes in, not those its
        lookarounds read (which may stand in a neighbouring sentence)."""
        self.always: list[int] = []
        self.full: dict[int, int] = {}  # rule index -> bit mask of all its clauses
        self.by_word: dict[str, list[tuple[int, int]]] = {}
        self.by_substring: dict[str, list[tuple[int, int]]] = {}
        self.leads: list[tuple[str, ...] | None] = []
        self.ascii_always: list[int] = []  # rules with a non-ASCII word: not judged on ASCII text
        self._substring_finder: re.Pattern | None = None  # built once scanning has cost as much
        self._scan_budget = _SCAN_BUDGET_US
        self._prefixes: dict[str, list[str]] = {}
        self._memo: dict[tuple, list[int]] = {}  # see candidates_of_blocks
        self._parts_of_word: dict[bytes, frozenset[str]] = {}  # see _anchors_of
        for index, pattern in enumerate(patterns):
            clauses, leads, consumed = analyse(pattern.pattern, pattern.flags)
            if consumed_only:
                clauses = consumed
            self.leads.append(leads)
            if not clauses:
                self.always.append(index)
                continue
            if not all(text.isascii() for clause in clauses for _, text in clause):
                self.ascii_always.append(index)
            self.full[index] = (1 << len(clauses)) - 1
            for bit, clause in enumerate(clauses):
                for kind, text in clause:
                    table = self.by_word if kind == "w" else self.by_substring
                    table.setdefault(text, []).append((index, 1 << bit))
        self.words = frozenset(self.by_word)
        self.ascii_words = {w.encode("ascii"): targets for w, targets in self.by_word.items() if w.isascii()}
        self.ascii_word_set = frozenset(self.ascii_words)

    def anchors_inside_words(self, texts: list[str]) -> list[tuple[str, list[tuple[int, int]]]]:
        """The word-part anchors that occur in `texts`, with their rules, found as _findall()
        says (the longest anchor at each position, or every anchor; the anchors that are
        prefixes of a found one are added either way)."""
        findall = self._findall(None)
        if findall is None:
            return []
        present: set[str] = set()
        for found in set(findall("\n".join(texts).casefold())):
            present.update(self._prefixes[found])
        return [(sub, self.by_substring[sub]) for sub in present]

    def _finder(self) -> re.Pattern | None:
        """The expression anchors_inside_words() runs (None: no word-part anchors)."""
        if self._substring_finder is None and self.by_substring:
            self._substring_finder = re.compile("(?=(" + _trie(set(self.by_substring)) + "))")
        return self._substring_finder

    def _scan(self, text: str) -> list[str]:
        """The word-part anchors in `text`, by one `in` test each: all of them rather than the
        longest at each position, which comes to the same, since the anchors that are prefixes
        of a found one are found too."""
        self._scan_budget -= _SCAN_CALL_US + _SCAN_CHAR_US * len(text)
        return [sub for sub in self.by_substring if sub in text]

    def candidates(self, text: str) -> list[int]:
        """Indices of the rules that can match somewhere in `text`, in rule order."""
        return self.candidates_of_blocks([text])[0]

    def candidates_of_blocks(self, texts: list[str], subs: list | None = None) -> list[list[int]]:
        """candidates() for each text of a document. Word-part anchors are looked for in each
        text by one pass of the finder of anchors_inside_words(); `subs`: its answer for a text
        that holds all of `texts`, when known (when empty, no text holds any).
        The answer depends only on which anchors a text holds, and the same few sets of them
        come back sentence after sentence, so it is remembered by that set."""
        findall = self._findall(subs)
        return [self._hits_of(self._anchors_of(text, findall)) for text in texts]

    def candidates_with_next(self, texts: list[str], subs: list | None = None,
                             apart: list[bool] | None = None) -> list[list[int]]:
        """candidates() of each text followed by the next one (the last: alone), joined by
        white space: each text is read once, and a pair holds the anchors of both (anchors never
        span white space). `apart[i]` False: texts i and i + 1 touch (a long sentence cut inside
        a word), so the pair is read as one text. `subs` as for candidates_of_blocks."""
        findall = self._findall(subs)
        keys = [self._anchors_of(text, findall) for text in texts]
        out = []
        for i, key in enumerate(keys):
            if i + 1 < len(keys) and apart is not None and not apart[i]:
                key = self._anchors_of(texts[i] + texts[i + 1], findall)
            elif i + 1 < len(keys):
                (words, parts, ascii_text), (words2, parts2, ascii2) = key, keys[i + 1]
                if ascii_text != ascii2:  # one of them is not ASCII: words compare as str
                    words = frozenset(w.decode() if isinstance(w, bytes) else w for w in words | words2)
                else:
                    words = words | words2
                key = (words, parts | parts2, ascii_text and ascii2)
            out.append(self._hits_of(key))
        return out

    def _findall(self, subs: list | None):
        """How word-part anchors are looked for (None: there are none to look for). A short run
        (one small file: a pre-commit hook) tests each anchor with `in`; once that has cost
        about as much as compiling the trie-shaped finder (~10 ms), the finder is compiled."""
        if not self.by_substring or (subs is not None and not subs):
            return None
        if not self._prefixes:
            known = self.by_substring
            self._prefixes = {s: [s[:k] for k in range(1, len(s) + 1) if s[:k] in known] for s in known}
        if self._substring_finder is None and self._scan_budget > 0:
            return self._scan
        return self._finder().findall  # type: ignore[union-attr]

    def _anchors_of(self, text: str, findall) -> tuple[frozenset, frozenset[str], bool]:
        """What candidates depend on: the anchor words of `text` (bytes when it is ASCII), its
        word-part anchors as _findall() finds them, and whether it is ASCII."""
        if text.isascii():
            folded = text.encode("ascii").translate(_ASCII_WORDS)
            tokens = set(folded.split())
            words = self.ascii_word_set.intersection(tokens)
            if findall is None:
                return words, _NONE, True
            # Word parts lie inside one word: looked up word by word, each word's answer kept
            # (the same words come back all the time).
            known = self._parts_of_word
            if len(known) >= _WORD_MEMO_SIZE:
                known.clear()
            parts: set[str] = set()
            for token in tokens:
                found = known.get(token)
                if found is None:
                    found = known[token] = frozenset(findall(token.decode("ascii")))
                if found:
                    parts |= found
            return words, frozenset(parts), True
        folded = text.casefold()
        words = self.words.intersection(WORD.findall(folded))
        return words, frozenset(findall(folded)) if findall is not None else _NONE, False

    def _hits_of(self, key: tuple[frozenset, frozenset[str], bool]) -> list[int]:
        hits = self._memo.get(key)
        if hits is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            hits = self._memo[key] = self._hits(*key)
        return hits

    def _hits(self, words: frozenset, parts: frozenset[str], ascii_text: bool) -> list[int]:
        """The rules all of whose clauses the anchors met satisfy, in rule order (words: whole
        words, as found in the text; parts: the longest word-part anchor at each position)."""
        full = self.full
        masks: dict[int, int] = {}
        table = self.ascii_words if ascii_text else self.by_word
        subs = {sub for part in parts for sub in self._prefixes[part]}
        found = [table[w] for w in words] + [self.by_substring[s] for s in subs]
        for targets in found:
            for index, bit in targets:
                masks[index] = masks.get(index, 0) | bit
        hits = {i for i, mask in masks.items() if mask == full[i]}
        hits.update(self.always)
        if ascii_text:
            hits.update(self.ascii_always)
        return sorted(hits)
