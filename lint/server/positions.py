"""Code-point offsets (what findings carry) to LSP positions and back.

LSP counts a position's `character` in the units the client and server agreed at `initialize`:
UTF-16 code units unless the client offers UTF-8 or UTF-32. An emoji or any other character
outside the Basic Multilingual Plane is one code point but two UTF-16 units (four UTF-8 bytes),
so every column after it on the same line differs. Lines end at LF, CRLF or a lone CR, as in
LSP and in `lint.positions.LineIndex`.

Converting is per line and only on lines that hold a wide character: a 1 MB ASCII draft costs a
bisect per position.
"""
from __future__ import annotations

import bisect

import regex

from ..positions import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

_ASTRAL = regex.compile(r"[\U00010000-\U0010FFFF]")
_NON_ASCII = regex.compile(r"[^\x00-\x7F]")


def _width(char: str, encoding: str) -> int:
    """How many units of `encoding` one code point takes."""
    if encoding == UTF16:
        return 2 if ord(char) > 0xFFFF else 1
    if encoding == UTF8:
        return len(char.encode("utf-8", "surrogatepass"))
    return 1


class PositionMap:
    """Converts 0-based code-point offsets of one text to (line, character) in `encoding`
    units, both 0-based, and back."""

    def __init__(self, text: str, encoding: str = UTF16, lines: LineIndex | None = None):
        self.text = text
        self.encoding = encoding
        self.lines = lines or LineIndex(text)
        wide = _NON_ASCII if encoding == UTF8 else _ASTRAL if encoding == UTF16 else None
        #: Whether any character takes more than one unit (else units equal code points).
        self.narrow = wide is None or wide.search(text) is None

    def _line_bounds(self, line: int) -> tuple[int, int]:
        """Offsets of a 0-based line's first character and of its end (before its line break)."""
        starts = self.lines.starts
        start = starts[line]
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.lines.starts, offset) - 1
        start = self.lines.starts[line]
        if self.narrow:
            return line, offset - start
        return line, sum(_width(c, self.encoding) for c in self.text[start:offset])

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position. As LSP asks, a line past the end means the
        end of the text and a character past the end of its line means the end of that line; a
        position inside a character's units (half a surrogate pair) rounds up past it."""
        if line < 0:
            return 0
        if line >= len(self.lines.starts):
            return len(self.text)
        start, end = self._line_bounds(line)
        if self.narrow:
            return min(start + max(character, 0), end)
        units = 0
        for i in range(start, end):
            if units >= character:
                return i
            units += _width(self.text[i], self.encoding)
        return end
