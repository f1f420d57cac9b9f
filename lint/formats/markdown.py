"""Markdown through markdown-it-py: prose blocks from headings, paragraphs, list items, block
quotes, table cells, link text and image alt text, with exact source positions.

markdown-it-py gives line ranges for blocks but no columns for inline text, so each inline text
token is aligned to the source here. Code, HTML, front matter, URLs and link reference
definitions never reach the prose.
"""
from __future__ import annotations

import html
from functools import lru_cache

import regex

from ..document import PLACEHOLDER, ProseBlock


@lru_cache(maxsize=1)
def _parser():
    """Imported and built on first use: markdown_fast.py (the usual reader) shares this
    module's helpers but not markdown-it, whose import costs ~25 ms of start-up."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

_FRONT_MATTER = regex.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CITATION_HOSTS = regex.compile(r"doi\.org/|\bdoi:|pubmed|ncbi\.nlm\.nih\.gov|pmc/articles|cochranelibrary", regex.I)
_BLOCK_KINDS = {"heading_open": "heading", "th_open": "table-cell", "td_open": "table-cell",
                "paragraph_open": "paragraph"}
_MAX_SKIP = 400  # how far past the cursor an inline text may start (markup, prefixes, URLs)
# Compiled once: regex.compile/sub with a pattern string cost a cache lookup (~20 µs) per call.
_FENCE_CLOSE = {fence: regex.compile(r"^" + regex.escape(fence) + r"[ \t]*(?:\r\n|\r|\n|\Z)", regex.M)
                for fence in ("---", "+++")}
_NOT_LINE_BREAK = regex.compile(r"[^\r\n]")


def front_matter_end(text: str) -> int:
    """Length of a leading YAML (---) or TOML (+++) front matter block, or 0."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return 0
    end = _FENCE_CLOSE[text[:3]].search(text, m.end())
    return end.end() if end else 0


def _masked(text: str) -> str:
    """The text markdown-it parses: same length, front matter blanked, CR made harmless."""
    fm = front_matter_end(text)
    if fm:
        text = _NOT_LINE_BREAK.sub(" ", text[:fm]) + text[fm:]
    # markdown-it normalises CRLF and CR to LF, which would shift offsets: keep lengths equal.
    return text.replace("\r\n", " \n").replace("\r", "\n")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


class _Aligner:
    """Finds where each inline token's text stands in the source, moving only forward."""

    def __init__(self, source: str, masked: str):
        self.source = source
        self.masked = masked
        self.cursor = 0

    def text(self, block: ProseBlock, content: str, limit: int) -> None:
        if not content:
            return
        src = self.masked
        at = src.find(content, self.cursor, min(limit, self.cursor + _MAX_SKIP + len(content)))
        if at != -1:
            block.add(content, at)
            self.cursor = at + len(content)
            return
        self._align_chars(block, content, limit)

    def _align_chars(self, block: ProseBlock, content: str, limit: int) -> None:
        """Character by character, through backslash escapes and entities; gives up on a char
        it cannot place (that text is then not linted rather than mislocated)."""
        src, pos = self.masked, self.cursor
        for ch in content:
            found = False
            stop = min(limit, pos + _MAX_SKIP)
            while pos < stop:
                if src[pos] == ch:
                    block.add(ch, pos)
                    pos += 1
                    found = True
                    break
                if src[pos] == "\\" and pos + 1 < len(src) and src[pos + 1] == ch:
                    block.add(ch, pos + 1)
                    pos += 2
                    found = True
                    break
                if src[pos] == "&":
                    m = _ENTITY.match(src, pos)
                    if m and html.unescape(m.group()) == ch:
                        block.add(ch, m.start(), m.end())
                        pos = m.end()
                        found = True
                        break
                pos += 1
            if not found:
                return
        self.cursor = pos

    def skip(self, content: str, limit: int) -> int:
        """Move past a literal (code span, inline HTML); return where it started or -1."""
        at = self.masked.find(content, self.cursor, limit) if content else -1
        if at != -1:
            self.cursor = at + len(content)
        return at

    def line_break(self, block: ProseBlock, limit: int) -> None:
        nl = self.masked.find("\n", self.cursor, limit)
        if nl == -1:
            block.add(" ", self.cursor, self.cursor)
            return
        start = nl - 1 if nl > 0 and self.source[nl - 1] == "\r" else nl
        # Trailing spaces or a backslash before the break are markup, not prose.
        block.add(" ", start, nl + 1)
        self.cursor = nl + 1

    def skip_destination(self) -> None:
        """After link text: step over `](url "title")` or `][ref]` so later text is not sought
        inside a URL."""
        src, pos = self.masked, self.cursor
        if src.startswith("](", pos):
            depth, i = 0, pos + 2
            while i < len(src):
                c = src[i]
                if c == "\\":
                    i += 2
                    continue
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        self.cursor = i + 1
                        return
                    depth -= 1
                elif c == "\n" and src.startswith("\n", i + 1):
                    return
                i += 1
        elif src.startswith("][", pos):
            close = src.find("]", pos + 2)
            if close != -1:
                self.cursor = close + 1


def read_blocks(text: str) -> list[ProseBlock]:
    masked = _masked(text)
    starts = _line_starts(masked)
    tokens = _parser().parse(masked)
    aligner = _Aligner(text, masked)
    blocks: list[ProseBlock] = []
    kind = "paragraph"
    for token in tokens:
        if token.type in _BLOCK_KINDS:
            kind = _BLOCK_KINDS[token.type]
            continue
        if token.type != "inline" or token.map is None:
            continue
        first, last = token.map
        begin = starts[first]
        limit = starts[last] if last < len(starts) else len(masked)
        aligner.cursor = max(aligner.cursor, begin)
        block = ProseBlock(kind=kind)
        _walk_inline(token.children or [], block, aligner, limit)
        if block.text.strip():
            blocks.append(block)
        if kind != "table-cell":  # the cells of one table row share its line range
            aligner.cursor = max(aligner.cursor, limit)
    return blocks


def _walk_inline(children, block: ProseBlock, aligner: _Aligner, limit: int) -> None:
    in_autolink = False
    for child in children:
        kind = child.type
        if kind == "text":
            if in_autolink:
                aligner.skip(child.content, limit)
            else:
                aligner.text(block, child.content, limit)
        elif kind in ("softbreak", "hardbreak"):
            aligner.line_break(block, limit)
        elif kind == "code_inline":
            at = aligner.skip(child.content, limit)
            if at != -1:
                block.add(PLACEHOLDER, at, at + len(child.content))
        elif kind == "html_inline":
            aligner.skip(child.content, limit)
        elif kind == "link_open":
            in_autolink = child.markup == "autolink"
            href = child.attrs.get("href", "")
            if in_autolink:
                aligner.skip("<", limit)
            if _CITATION_HOSTS.search(str(href)):
                block.add_citation()
        elif kind == "link_close":
            if not in_autolink:
                aligner.skip_destination()
            in_autolink = False
        elif kind == "image":
            _walk_inline(child.children or [], block, aligner, limit)
            aligner.skip_destination()
