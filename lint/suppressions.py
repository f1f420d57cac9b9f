"""Inline suppressions: comments in a draft that silence findings where a writer has decided.

    <!-- healthlint-disable cure, hype -- quoting the product label -->
    ...
    <!-- healthlint-enable -->
    <!-- healthlint-disable-next-line cure/cures-condition -- quoted from the label -->
    "Cures anxiety," the label says. <!-- healthlint-disable-line cure -- same line -->

Markdown and HTML use HTML comments (MDX's `{/* ... */}` works too); plain text also accepts a
comment line starting with `#` or `//`. No codes means every rule; codes are rule ids or
categories; a reason may follow `--`. `disable-next-line` covers the next non-blank line,
`disable-line` the line the comment starts on (as ESLint's `eslint-disable-line` and ruff's
`# noqa`).
Directives inside Markdown code (fenced, indented or inline) are examples, not directives.

They are applied after linting, by offsets, so no rule and no reader needs to know about them;
in plain text the comments are only blanked before reading, so they are not taken for prose.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

import regex

from .document import Document
from .findings import Finding
from .lazyregex import LazyPattern
from .positions import LineIndex
from .records import Frozen, Record

UNUSED_RULE = "healthlint/unused-suppression"
UNUSED_SUMMARY = "A healthlint-disable comment that suppressed no finding."

_MARKER = "healthlint-"
_COMMENT = LazyPattern(  # compiled when a text holds _MARKER
    r"(?:<!--|\{/\*)[ \t]*healthlint-(?P<kind>disable-next-line|disable-line|disable|enable)(?![\w-])"
    r"(?P<body>.*?)(?:-->|\*/\})",
    regex.S,
)
_LINE_COMMENT = LazyPattern(  # compiled when a text holds _MARKER
    r"^[ \t]*(?:\#|//)[ \t]*healthlint-(?P<kind>disable-next-line|disable|enable)(?![\w-])"
    r"(?P<body>[^\r\n]*)$",
    regex.M,
)
_CODE_TOKENS = ("fence", "code_block")


@lru_cache(maxsize=1)
def _markdown():
    """Built on first use (a file with a directive): importing markdown-it costs ~25 ms of
    start-up, and the usual Markdown reader (formats/markdown_fast.py) does not need it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table"])

MARKDOWN_FORMATS = ("markdown", "mdx")


class Directive(Frozen):
    """A suppression comment."""

    __slots__ = ("kind", "codes", "reason", "offset", "end_offset")
    kind: str  # "disable", "enable", "disable-next-line" or "disable-line"
    codes: tuple[str, ...]  # empty: every rule
    reason: str
    offset: int
    end_offset: int

    def __init__(self, kind: str, codes: tuple[str, ...], reason: str, offset: int, end_offset: int) -> None:
        self._set(kind=kind, codes=codes, reason=reason, offset=offset, end_offset=end_offset)


class _Range(Record):
    """Offsets [start, end) where a directive silences its codes (all when `codes` is empty),
    except the codes a later `healthlint-enable CODES` took back."""

    __slots__ = ("directive", "start", "end", "codes", "excepted")

    def __init__(self, directive: Directive, start: int, end: int, codes: frozenset[str],
                 excepted: frozenset[str] = frozenset()) -> None:
        self.directive = directive
        self.start = start
        self.end = end
        self.codes = codes
        self.excepted = excepted

    def covers(self, f: Finding) -> bool:
        if not self.start <= f.offset < self.end:
            return False
        if f.rule in self.excepted or f.category in self.excepted:
            return False
        return not self.codes or f.rule in self.codes or f.category in self.codes


def directives(text: str, fmt: str) -> list[Directive]:
    """The suppression comments of a document, in order."""
    if _MARKER not in text:
        return []
    found = list(_COMMENT.finditer(text))
    if fmt in MARKDOWN_FORMATS:
        found = _outside_markdown_code(text, found)
    elif fmt != "html":
        found += list(_LINE_COMMENT.finditer(text))
        found.sort(key=lambda m: m.start())
    return [_directive(m) for m in found]


def without_directives(doc: Document) -> Document:
    """A plain-text document whose suppression comments are not read as prose.

    Markdown and HTML readers already skip comments; the plain-text reader would read a comment
    line as the start of the next line's sentence, where the comment's words could hedge or
    negate it. The comments are blanked (same length, so every offset stays) and the prose read
    again; findings still quote the original text."""
    if doc.source.format != "text":
        return doc
    found = directives(doc.text, doc.source.format)
    if not found:
        return doc
    from .formats import plaintext

    pieces, last = [], 0
    for d in found:
        pieces += [doc.text[last:d.offset], regex.sub(r"[^\r\n]", " ", doc.text[d.offset:d.end_offset])]
        last = d.end_offset
    return doc.with_blocks(plaintext.read_blocks("".join(pieces) + doc.text[last:]))


def _directive(m: regex.Match) -> Directive:
    body, _, reason = m.group("body").partition("--")
    codes = tuple(c for c in regex.split(r"[\s,]+", body.strip()) if c)
    return Directive(m.group("kind"), codes, reason.strip(), m.start(), m.end())


def _outside_markdown_code(text: str, found: list[regex.Match]) -> list[regex.Match]:
    """Drop comments that Markdown renders as code: in fenced or indented blocks, or code spans."""
    if not found:
        return found
    lines = LineIndex(text)
    code_lines: list[tuple[int, int]] = []
    in_span: set[int] = set()  # indexes into `found` of comments inside code spans
    by_line = [lines.line_col(m.start())[0] - 1 for m in found]
    # markdown-it counts CRLF, CR and LF as one line break each, as LineIndex does.
    for token in _markdown().parse(text):
        if token.map is None:
            continue
        if token.type in _CODE_TOKENS:
            code_lines.append(tuple(token.map))
        elif token.type == "inline" and "`" in token.content:
            # The comments of this paragraph, in order, paired with its children in order.
            mine = [i for i, line in enumerate(by_line) if token.map[0] <= line < token.map[1]]
            labels = [child.type for child in token.children or []
                      for _ in _COMMENT.finditer(child.content)]
            if len(labels) == len(mine):
                in_span.update(i for i, label in zip(mine, labels) if label == "code_inline")
    return [m for i, m in enumerate(found)
            if i not in in_span and not any(a <= by_line[i] < b for a, b in code_lines)]


def _ranges(found: list[Directive], lines: LineIndex, length: int) -> list[_Range]:
    ranges: list[_Range] = []
    open_ranges: list[_Range] = []
    for d in found:
        if d.kind == "disable-next-line":
            start, end = _next_line(lines, d.end_offset)
            ranges.append(_Range(d, start, end, frozenset(d.codes)))
        elif d.kind == "disable-line":
            start, end = _line_of(lines, d.offset)
            ranges.append(_Range(d, start, end, frozenset(d.codes)))
        elif d.kind == "disable":
            r = _Range(d, d.end_offset, length, frozenset(d.codes))
            ranges.append(r)
            open_ranges.append(r)
        else:  # enable: close what is open; re-open the rest if only some codes come back
            still_open = []
            for r in open_ranges:
                r.end = d.offset
                if d.codes:
                    rest = _Range(r.directive, d.end_offset, length, r.codes, r.excepted | frozenset(d.codes))
                    ranges.append(rest)
                    still_open.append(rest)
            open_ranges = still_open
    return ranges


def _line_of(lines: LineIndex, offset: int) -> tuple[int, int]:
    """Offsets of the line holding `offset`, its line break included."""
    line = bisect.bisect_right(lines.starts, offset) - 1
    end = lines.starts[line + 1] if line + 1 < len(lines.starts) else len(lines.text)
    return lines.starts[line], end


def _next_line(lines: LineIndex, after: int) -> tuple[int, int]:
    """Offsets of the first non-blank line after the one holding offset `after`."""
    line = bisect.bisect_right(lines.starts, max(after - 1, 0))
    while line < len(lines.starts):
        start = lines.starts[line]
        end = lines.starts[line + 1] if line + 1 < len(lines.starts) else len(lines.text)
        if lines.text[start:end].strip():
            return start, end
        line += 1
    return len(lines.text), len(lines.text)


def apply(doc: Document, findings: list[Finding], *, known: frozenset[str] = frozenset(),
          selected: frozenset[str] | None = None, report_unused: bool = False) -> list[Finding]:
    """The findings no suppression comment covers, plus (if asked) one finding per suppression
    that covered nothing. `known` are all rule ids and categories (to name unknown codes);
    `selected` those that ran (a suppression of a rule that did not run is not called unused)."""
    found = directives(doc.text, doc.source.format)
    if not found:
        return findings
    ranges = _ranges(found, doc.lines, len(doc.text))
    used: set[Directive] = set()
    kept = []
    for f in findings:
        hits = [r for r in ranges if r.covers(f)]
        used.update(r.directive for r in hits)
        if not hits:
            kept.append(f)
    if report_unused:
        kept += [_unused(doc, d, known) for d in found
                 if d.kind != "enable" and d not in used and _could_match(d, known, selected)]
        kept.sort(key=lambda f: f.sort_key)
    return kept


def _could_match(d: Directive, known: frozenset[str], selected: frozenset[str] | None) -> bool:
    if not d.codes or selected is None:
        return True
    return any(code in selected or (known and code not in known) for code in d.codes)


def _unused(doc: Document, d: Directive, known: frozenset[str]) -> Finding:
    unknown = [c for c in d.codes if known and c not in known]
    what = f"healthlint-{d.kind}" + (f" {', '.join(d.codes)}" if d.codes else "")
    message = f"Unused suppression: {what} matched no finding"
    if unknown:
        message += f" ({', '.join(unknown)}: no such rule or category)"
    line, col = doc.lines.line_col(d.offset)
    end_line, end_col = doc.lines.line_col(d.end_offset)
    return Finding(path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
                   offset=d.offset, end_offset=d.end_offset, rule=UNUSED_RULE, category="healthlint",
                   severity="warning", message=message + ".", match=doc.text[d.offset:d.end_offset])
