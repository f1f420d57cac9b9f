"""The document model: the prose of a file as blocks of text mapped back to the source.

A reader turns a file into `ProseBlock`s. Each block's `text` is the prose a reader sees (markup
removed, entities decoded, soft line breaks as spaces) and keeps, piece by piece, where each
character came from in the original text, so a match in the prose maps to exact source offsets.
"""
from __future__ import annotations

import bisect
from .positions import LineIndex
from .reader import Source
from .records import Record

#: Stands in the prose for something that is not prose but sits inside a sentence (inline code).
PLACEHOLDER = "\ufffc"


class ProseBlock(Record):
    """One block of prose (a paragraph, heading, list item, table cell...)."""

    __slots__ = ("kind", "_pieces", "_starts", "citations", "fixable", "_parts", "_length", "_joined")
    _hidden = ("_parts",)
    kind: str
    # (prose_start, source_start, source_end). A piece whose prose and source lengths match maps
    # character for character; any other piece (an entity, a placeholder) maps as one unit.
    _pieces: list[tuple[int, int, int]]
    _starts: list[int]
    #: Prose offsets where a citation marker stands (a footnote reference, a link to DOI/PubMed).
    citations: list[int]
    #: False for prose quoted inside another syntax (a front matter value, an HTML attribute),
    #: where a rewrite could break the quoting: findings there are reported, not fixed.
    fixable: bool
    # The prose is kept as parts and joined on first read, so building a block stays linear in
    # its size (appending to one growing string would copy it on every piece).
    _parts: list[str]
    _length: int
    _joined: str

    def __init__(self, kind: str = "paragraph", _pieces: list[tuple[int, int, int]] | None = None,
                 _starts: list[int] | None = None, citations: list[int] | None = None, fixable: bool = True,
                 _parts: list[str] | None = None, _length: int = 0, _joined: str = "") -> None:
        self.kind = kind
        self._pieces = [] if _pieces is None else _pieces
        self._starts = [] if _starts is None else _starts
        self.citations = [] if citations is None else citations
        self.fixable = fixable
        self._parts = [] if _parts is None else _parts
        self._length = _length
        self._joined = _joined

    @property
    def text(self) -> str:
        if len(self._joined) != self._length:
            self._joined = "".join(self._parts)
            self._parts = [self._joined]
        return self._joined

    def add(self, prose: str, source_start: int, source_end: int | None = None) -> None:
        """Append prose that came from source[source_start:source_end] (same length if omitted)."""
        if not prose:
            return
        if source_end is None:
            source_end = source_start + len(prose)
        self._pieces.append((self._length, source_start, source_end))
        self._starts.append(self._length)
        self._parts.append(prose)
        self._length += len(prose)

    def add_citation(self) -> None:
        self.citations.append(self._length)

    def _piece(self, offset: int) -> tuple[int, int, int, int]:
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        start, src_start, src_end = self._pieces[i]
        end = self._pieces[i + 1][0] if i + 1 < len(self._pieces) else self._length
        return start, end, src_start, src_end

    def source_start(self, offset: int) -> int:
        """Source offset of the prose character at `offset`."""
        start, end, src_start, src_end = self._piece(offset)
        if end - start == src_end - src_start:
            return src_start + offset - start
        return src_start

    def source_end(self, offset: int) -> int:
        """Source offset just after the prose character at `offset - 1` (an exclusive end)."""
        start, end, src_start, src_end = self._piece(offset - 1)
        if end - start == src_end - src_start:
            return src_start + offset - start
        return src_end


class Document(Record):
    """A source file and the prose blocks read from it."""

    __slots__ = ("source", "blocks", "_index")
    source: Source
    blocks: list[ProseBlock]
    _index: LineIndex | None

    def __init__(self, source: Source, blocks: list[ProseBlock], _index: LineIndex | None = None) -> None:
        self.source = source
        self.blocks = blocks
        self._index = _index

    def with_blocks(self, blocks: list[ProseBlock]) -> Document:
        """The same file read into other blocks."""
        return Document(self.source, blocks, self._index)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def lines(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.source.text)
        return self._index
