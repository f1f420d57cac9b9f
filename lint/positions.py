"""Offsets to 1-based line and column, counted in Unicode code points.

Lines end at LF, CRLF or a lone CR, as editors count them.
"""
from __future__ import annotations

import bisect
import re

# The standard library's engine: the same for three literal breaks, and its compile is cheaper
# (start-up) than `regex`'s.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps 0-based offsets into a text to (line, column), both 1-based."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
