"""Markdown through pyromark (pulldown-cmark, in Rust): the same prose blocks as `markdown.py`,
about 25 times faster.

markdown-it-py parses at about 2 MB/s, which alone would cap healthlint below its throughput
target. pulldown-cmark is CommonMark-compliant and reports the exact byte range of every event,
so each text event maps straight to its source offsets (no alignment search). The blocks this
reader returns are the ones `markdown.read_blocks` returns: same prose text, same source offset
for every prose character, same block kinds and citation markers; `tests/test_markdown_fast.py`
checks that on every fixture. `markdown.py` stays the reference and the fallback when pyromark
is not installed (or HEALTHLINT_MARKDOWN=markdown-it asks for it).
"""
from __future__ import annotations

import bisect
import re

import pyromark

from ..document import PLACEHOLDER, ProseBlock
from .frontmatter import read_front_matter
from .htmlblocks import html_block_prose
from .markdown import _ENTITY, CITATION_HOSTS, _masked, _unescape
from .options import ReaderOptions

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
_BLOCK_KINDS = {"Paragraph": "paragraph", "Heading": "heading", "TableCell": "table-cell"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")  # the standard library's: cheaper to compile, the same here


class _Offsets:
    """UTF-8 byte offsets (what pulldown-cmark reports) to code-point offsets into the text."""

    def __init__(self, text: str):
        # For each non-ASCII character: the byte offset just after it, and how many more bytes
        # than characters the text has up to there. ASCII text needs neither.
        self.ends: list[int] = []
        self.extra: list[int] = []
        extra = 0
        for m in _NON_ASCII.finditer(text) if not text.isascii() else ():
            extra += len(m.group().encode("utf-8")) - 1
            self.ends.append(m.end() + extra)
            self.extra.append(extra)

    def char(self, byte: int) -> int:
        if not self.ends:
            return byte
        i = bisect.bisect_right(self.ends, byte) - 1
        return byte - (self.extra[i] if i >= 0 else 0)


class _Block:
    """A prose block being built: pieces collected in lists, joined once at the end (cheaper
    than ProseBlock.add's string concatenation on every piece)."""

    __slots__ = ("kind", "parts", "pieces", "length", "citations")

    def __init__(self, kind: str):
        self.kind = kind
        self.parts: list[str] = []
        self.pieces: list[tuple[int, int, int]] = []
        self.length = 0
        self.citations: list[int] = []

    def add(self, prose: str, source_start: int, source_end: int) -> None:
        self.parts.append(prose)
        self.pieces.append((self.length, source_start, source_end))
        self.length += len(prose)

    def done(self) -> ProseBlock | None:
        text = "".join(self.parts)
        if not text.strip():
            return None
        return ProseBlock(kind=self.kind, _pieces=self.pieces, _starts=[p[0] for p in self.pieces],
                          citations=self.citations, _parts=[text], _length=len(text), _joined=text)


def read_blocks(text: str, options: ReaderOptions | None = None, syntax_masked: str | None = None) -> list[ProseBlock]:
    """Prose blocks of a Markdown text; see markdown.read_blocks for what counts as prose (and
    for `syntax_masked`)."""
    options = options or ReaderOptions()
    masked = _masked(text if syntax_masked is None else syntax_masked)
    char = None if masked.isascii() else _Offsets(masked).char
    blocks: list[ProseBlock] = read_front_matter(text, options.front_matter_keys)
    block: _Block | None = None
    code_depth = 0  # inside a fenced or indented code block: nothing is prose
    source = text if syntax_masked is None else syntax_masked  # what an HTML block is read from
    autolink = False  # inside <https://...>: the URL is not prose

    def close() -> None:
        if block is not None:
            done = block.done()
            if done is not None:
                blocks.append(done)

    for event, span in pyromark.events_with_range(masked, options=_OPTIONS):
        start, end = span["start"], span["end"]
        if char is not None:
            start, end = char(start), char(end)
        if type(event) is str:  # SoftBreak, HardBreak, Rule
            if event in _BREAKS and not code_depth:
                if block is None:
                    block = _Block("paragraph")
                _line_break(block, text, masked, start, end)
            continue
        (name, value), = event.items()
        if name == "Text":
            if code_depth or autolink:
                continue
            if block is None:  # text directly inside a tight list item
                block = _Block("paragraph")
            if masked[start:end] == value:
                block.add(value, start, end)  # the common case: the source holds the text as is
            elif len(value) == 1:
                block.add(value, start, end)  # an entity or escape: one unit
            else:
                _align(block, masked, value, start, end)
            continue
        if name == "Code":  # a placeholder for what stands between the backtick fences
            span = masked[start:end]
            ticks = len(span) - len(span.lstrip("`"))
            if block is None:
                block = _Block("paragraph")
            block.add(PLACEHOLDER, start + ticks, end - ticks)
            continue
        if name not in ("Start", "End"):
            continue  # Html, InlineHtml: markup, never prose
        tag = value if type(value) is str else next(iter(value))
        if tag in _INLINE:
            if tag == "Link":
                if name == "Start":
                    link = value["Link"]
                    autolink = link["link_type"] in ("Autolink", "Email")
                    if CITATION_HOSTS.search(link["dest_url"]):
                        if block is None:
                            block = _Block("paragraph")
                        block.citations.append(block.length)
                else:
                    autolink = False
            elif tag == "Strikethrough":
                # markdown-it strikes through only ~~text~~: a single ~ stays prose there.
                at = start if name == "Start" else end - 1
                if masked[at] == "~" and masked[at - 1:at] != "~" and masked[at + 1:at + 2] != "~":
                    if block is None:
                        block = _Block("paragraph")
                    block.add("~", at, at + 1)
            continue
        # A block structure opens or closes: the prose block so far is complete.
        close()
        block = None
        if name == "Start":
            if tag in _BLOCK_KINDS:
                block = _Block(_BLOCK_KINDS[tag])
            elif tag == "CodeBlock":
                code_depth += 1
        elif tag == "CodeBlock":
            code_depth -= 1
        elif tag == "HtmlBlock" and not code_depth:
            blocks.extend(html_block_prose(source, start, end))
    close()
    return blocks


_BREAKS = frozenset({"SoftBreak", "HardBreak"})
_INLINE = frozenset({"Emphasis", "Strong", "Image", "Link", "Strikethrough"})


def _align(block: _Block, src: str, content: str, pos: int, end: int) -> None:
    """Character by character through escapes and entities, as markdown.py does; text that does
    not fit its source range is not linted rather than mislocated."""
    pieces = []
    for ch in content:
        if pos >= end:
            return
        if src[pos] == "\\" and src.startswith(ch, pos + 1):
            pieces.append((pos + 1, pos + 2))
        elif src[pos] == "&" and (m := _ENTITY.match(src, pos, end)) and _unescape(m.group()) == ch:
            pieces.append((m.start(), m.end()))
        elif src[pos] == ch:
            pieces.append((pos, pos + 1))
        else:
            return
        pos = pieces[-1][1]
    for ch, (start, stop) in zip(content, pieces):
        block.add(ch, start, stop)


def _line_break(block: _Block, source: str, masked: str, start: int, end: int) -> None:
    """A soft or hard break is one space of prose standing for the line ending (CRLF too)."""
    nl = masked.find("\n", start, max(end, start + 1))
    if nl == -1:
        block.add(" ", start, start)
        return
    begin = nl - 1 if nl > 0 and source[nl - 1] == "\r" else nl
    block.add(" ", begin, nl + 1)
