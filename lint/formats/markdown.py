"""Markdown through markdown-it-py: prose blocks from headings, paragraphs, list items, block
quotes, table cells, link text and image alt text, with exact source positions.

markdown-it-py gives line ranges for blocks but no columns for inline text, so each inline text
token is aligned to the source here. Code, HTML, URLs and link reference definitions never
reach the prose; of the front matter, only the values of its prose fields (title, description...)
do (see frontmatter.py).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..document import PLACEHOLDER, ProseBlock
from ..lazyregex import LazyPattern
from .frontmatter import front_matter_end, read_front_matter
from .htmlblocks import html_block_prose
from .options import ReaderOptions



@lru_cache(maxsize=1)
def _parser():
    """Imported and built on first use: markdown_fast.py (the usual reader) shares this
    module's helpers but not markdown-it, whose import costs ~25 ms of start-up."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _unescape(entity: str) -> str:
    """html.unescape, imported when a text first has an entity (its table costs start-up time)."""
    import html

    return html.unescape(entity)


# Compiled when first used: front matter, entities and links are not in every file.
_NOT_LINE_BREAK = LazyPattern(r"[^\r\n]")
_ENTITY = LazyPattern(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
CITATION_HOSTS = LazyPattern(r"doi\.org/|\bdoi:|pubmed|ncbi\.nlm\.nih\.gov|pmc/articles|cochranelibrary", regex.I)
_BLOCK_KINDS = {"heading_open": "heading", "th_open": "table-cell", "td_open": "table-cell",
                "paragraph_open": "paragraph"}
_MAX_SKIP = 400  # how far past the cursor an inline text may start (markup, prefixes, URLs)


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
        """Through backslash escapes and entities. Markup may stand before the text, but the text
        itself is contiguous in the source (markdown-it splits text tokens at any other markup),
        so each candidate start is tried with every character in place; text that fits nowhere
        is not linted rather than mislocated."""
        for start in range(self.cursor, min(limit, self.cursor + _MAX_SKIP)):
            pieces = self._aligned_at(start, content, limit)
            if pieces is not None:
                for ch, (src_start, src_end) in zip(content, pieces):
                    block.add(ch, src_start, src_end)
                self.cursor = pieces[-1][1]
                return

    def _aligned_at(self, pos: int, content: str, limit: int) -> list[tuple[int, int]] | None:
        """Source ranges of each character of `content` read from `pos` on, or None."""
        src, out = self.masked, []
        for ch in content:
            if pos >= limit:
                return None
            # An escape or entity first: its first character may equal `ch` by itself ("&").
            if src[pos] == "\\" and src.startswith(ch, pos + 1):
                out.append((pos + 1, pos + 2))
            elif src[pos] == "&" and (m := _ENTITY.match(src, pos)) and _unescape(m.group()) == ch:
                out.append((m.start(), m.end()))
            elif src[pos] == ch:
                out.append((pos, pos + 1))
            else:
                return None
            pos = out[-1][1]
        return out

    def skip(self, content: str, limit: int) -> int:
        """Move past a literal (code span, inline HTML); return where it started or -1."""
        stop = min(limit, self.cursor + _MAX_SKIP + len(content))
        at = self.masked.find(content, self.cursor, stop) if content else -1
        if at != -1:
            self.cursor = at + len(content)
        return at

    def skip_code(self, markup: str, limit: int) -> tuple[int, int] | None:
        """Move past a code span, found by its backtick fences rather than its content (which
        markdown-it normalises: line breaks become spaces, one padding space is stripped).
        Returns the source range between the fences, or None if it cannot be found."""
        fence = regex.compile(r"(?<!`)" + regex.escape(markup) + r"(?!`)")
        opening = fence.search(self.masked, self.cursor, limit)
        closing = fence.search(self.masked, opening.end(), limit) if opening else None
        if not closing:
            return None
        self.cursor = closing.end()
        return opening.end(), closing.start()

    def skip_past(self, char: str, limit: int) -> None:
        """Move just past the next `char` (the `>` closing an autolink)."""
        at = self.masked.find(char, self.cursor, limit)
        if at != -1:
            self.cursor = at + 1

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


def read_blocks(text: str, options: ReaderOptions | None = None, syntax_masked: str | None = None) -> list[ProseBlock]:
    """Prose blocks of a Markdown text. `syntax_masked` is the same text with non-Markdown syntax
    (MDX's JSX and imports) blanked to spaces of equal length."""
    options = options or ReaderOptions()
    masked = _masked(text if syntax_masked is None else syntax_masked)
    starts = _line_starts(masked)
    tokens = _parser().parse(masked)
    aligner = _Aligner(text, masked)
    blocks = read_front_matter(text, options.front_matter_keys)
    kind = "paragraph"
    source = text if syntax_masked is None else syntax_masked  # what an HTML block is read from
    for token in tokens:
        if token.type in _BLOCK_KINDS:
            kind = _BLOCK_KINDS[token.type]
            continue
        if token.type == "html_block" and token.map is not None:
            first, last = token.map
            blocks.extend(html_block_prose(source, starts[first], starts[last] if last < len(starts) else len(masked)))
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
            if in_autolink:  # its text is the normalised URL, which may differ from the source
                aligner.skip_past(">", limit)
            else:
                aligner.text(block, child.content, limit)
        elif kind in ("softbreak", "hardbreak"):
            aligner.line_break(block, limit)
        elif kind == "code_inline":
            span = aligner.skip_code(child.markup, limit)
            if span is not None:
                block.add(PLACEHOLDER, *span)
        elif kind == "html_inline":
            aligner.skip(child.content, limit)
        elif kind == "link_open":
            in_autolink = child.markup == "autolink"
            href = child.attrs.get("href", "")
            if in_autolink:
                aligner.skip("<", limit)
            if CITATION_HOSTS.search(str(href)):
                block.add_citation()
        elif kind == "link_close":
            if not in_autolink:
                aligner.skip_destination()
            in_autolink = False
        elif kind == "image":
            _walk_inline(child.children or [], block, aligner, limit)
            aligner.skip_destination()
