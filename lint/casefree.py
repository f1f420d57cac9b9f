"""Character sets that case cannot change, compiled case-sensitively: the same matches, faster.

Rules are compiled case-insensitively with `regex` (V1, full case folding). Inside a lookaround,
`regex` then tests each character of a set such as `[\\w'’\\-]` or `[^.!?\\n]` against every case
variant of it, about 15 µs a character: a look-behind over ten words, or a look-ahead over the
rest of a sentence, costs a millisecond. Yet those sets match the same characters whatever the
case, since they are made of classes closed under case (\\w, \\s, \\d, letters as a whole...)
and of characters that have no case (punctuation, spaces). Wrapped in `(?-i:...)`, such a set
matches exactly the same text and is tested once per character.

Only sets made entirely of the members listed here are rewritten (tests/test_casefree.py checks
over all of Unicode that each of them matches the same characters with and without case folding,
and one character at a time); any other set, and anything the scanner does not understand, is
left as written.
"""
from __future__ import annotations

import unicodedata

import regex

#: Escapes (inside a set) whose class is closed under case folding.
_SAFE_ESCAPES = frozenset(["\\w", "\\W", "\\s", "\\S", "\\d", "\\D", "\\n", "\\t", "\\r", "\\-", "\\.",
                           "\\]", "\\[", "\\^", "\\\\", "\\/", "\\(", "\\)", "\\*", "\\+", "\\?", "\\|",
                           "\\{", "\\}", "\\#", "\\$", "\\&", "\\~", "\\'", '\\"', "\\ "])
#: Unicode properties (inside a set) closed under case folding.
_SAFE_PROPERTIES = frozenset(["\\p{L}", "\\p{N}"])


def caseless_char(ch: str) -> bool:
    """Punctuation, a symbol, a space or a control character that no case mapping touches (no
    letters, digits or combining marks, which case mappings of other characters produce)."""
    return (unicodedata.category(ch)[0] in "PSZC" and ch.lower() == ch == ch.upper()
            and ch.casefold() == ch)


def for_flags(source: str, flags: int) -> str:
    """The source to compile with `flags`: rewritten when they ignore case."""
    return wrap_caseless_sets(source, bool(flags & regex.X)) if flags & regex.I else source


def wrap_caseless_sets(source: str, verbose: bool = False) -> str:
    """`source` with every set made only of case-closed members wrapped in `(?-i:...)`.
    `verbose`: the pattern is compiled with the X flag (or starts with `(?x)`), so `#` outside a
    set starts a comment that runs to the end of the line."""
    if source.startswith("(?x)"):
        verbose = True
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        if source.startswith("(?#", i):  # a comment: copied as it is
            end = source.find(")", i)
            end = n if end == -1 else end + 1
            out.append(source[i:end])
            i = end
            continue
        if verbose and ch == "#":
            end = source.find("\n", i)
            end = n if end == -1 else end
            out.append(source[i:end])
            i = end
            continue
        if ch == "[":
            end = _set_end(source, i)
            if end is None:  # a nested set, a set operation, or something unexpected: leave all
                return source
            body = source[i:end]
            out.append(f"(?-i:{body})" if _caseless_set(body) else body)
            i = end
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _set_end(source: str, start: int) -> int | None:
    """The index just past the set that opens at `start`, or None for anything but a plain set
    (nested sets and set operations are `regex` V1 syntax this scanner does not read)."""
    i = start + 1
    if source.startswith("^", i):
        i += 1
    if source.startswith("]", i):  # a literal "]" first
        i += 1
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[" or source.startswith(("--", "&&", "||", "~~"), i):
            return None
        if ch == "]":
            return i + 1
        i += 1
    return None


def _caseless_set(body: str) -> bool:
    """Whether every member of the set `body` ("[...]") is case-closed or caseless."""
    inner = body[1:-1]
    if inner.startswith("^"):
        inner = inner[1:]
    if not inner:
        return False
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "\\":
            if inner.startswith(("\\p{", "\\P{"), i):
                end = inner.find("}", i)
                if end == -1 or "\\p" + inner[i + 2:end + 1] not in _SAFE_PROPERTIES or inner[i + 1] == "P":
                    return False
                i = end + 1
                continue
            if inner[i:i + 2] not in _SAFE_ESCAPES:
                return False
            i += 2
            continue
        if ch == "-" and 0 < i < len(inner) - 1:  # a range: only between caseless characters
            low, high = inner[i - 1], inner[i + 1]
            if not all(caseless_char(chr(c)) for c in range(ord(low), ord(high) + 1)):
                return False
            i += 1
            continue
        if not caseless_char(ch):
            return False
        i += 1
    return True


def unwrap_caseless_sets(source: str) -> str:
    """`source` with each `(?-i:[...])` around a lone set taken off again: for the prefilter's
    reading of a pattern (case does not matter to it), which knows `(?<![\\w\\-])` as a word
    boundary but not the same set inside a group."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        if source.startswith("(?-i:[", i):
            end = _set_end(source, i + 5)
            if end is not None and source.startswith(")", end):
                out.append(source[i + 5:end])
                i = end + 1
                continue
        if ch == "[":
            end = _set_end(source, i)
            if end is None:
                return source
            out.append(source[i:end])
            i = end
            continue
        out.append(ch)
        i += 1
    return "".join(out)
