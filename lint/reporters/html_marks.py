"""Where each finding sits in the prose a reader sees: source offsets mapped back into the
document's prose blocks, and each block cut into segments that know which findings cover them.

The HTML report shows a draft as formatted prose (healthlint's own document model), not as its
Markdown or HTML source; a finding is reported in source offsets, so it is placed by searching
each block's prose-to-source map (`source_start`/`source_end`, both non-decreasing along the
prose). A finding no block holds (one that spans blocks, or a reader's edge case) is left for
the report to show on its escaped source lines instead.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import ProseBlock


@dataclass
class Span:
    """A finding's place in a text: [start, end) in that text, and the finding's number."""

    start: int
    end: int
    number: int


@dataclass
class Segment:
    """A run of text covered by the same findings, outermost first; `opens` are the numbers
    of the findings whose first piece this is (where its label and focus go)."""

    text: str
    covers: list[int] = field(default_factory=list)
    opens: frozenset[int] = frozenset()


def block_range(block: ProseBlock) -> tuple[int, int]:
    """The source offsets a block's prose came from, [start, end)."""
    return block.source_start(0), block.source_end(len(block.text))


def prose_span(block: ProseBlock, offset: int, end_offset: int) -> tuple[int, int] | None:
    """The prose [start, end) of source [offset, end_offset) in this block, or None when the
    block holds none of it."""
    n = len(block.text)
    if n == 0:
        return None
    lo, hi = 0, n  # first prose character whose source ends after `offset`
    while lo < hi:
        mid = (lo + hi) // 2
        if block.source_end(mid + 1) > offset:
            hi = mid
        else:
            lo = mid + 1
    start = lo
    lo, hi = start, n  # first prose character whose source starts at or after `end_offset`
    while lo < hi:
        mid = (lo + hi) // 2
        if block.source_start(mid) >= end_offset:
            hi = mid
        else:
            lo = mid + 1
    end = lo
    return (start, end) if end > start else None


class BlockIndex:
    """A document's blocks by source position, to find the block a finding lies in."""

    def __init__(self, blocks: Sequence[ProseBlock]):
        ranges = sorted((block_range(b) + (i,) for i, b in enumerate(blocks) if b.text), key=lambda r: r[0])
        self.ranges = ranges
        self.starts = [r[0] for r in ranges]
        self.blocks = blocks

    def locate(self, offset: int, end_offset: int) -> tuple[int, int, int] | None:
        """(block index, prose start, prose end) of a finding wholly inside one block, or None."""
        i = bisect.bisect_right(self.starts, offset) - 1
        for j in (i, i - 1):  # the block that starts at or before it (or its neighbour: nesting)
            if j < 0:
                continue
            start, end, index = self.ranges[j]
            if start <= offset and end_offset <= end:
                span = prose_span(self.blocks[index], offset, end_offset)
                if span is not None:
                    return (index, *span)
        return None


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece lists the spans covering it (outermost
    first: earliest start, then longest), so overlapping findings nest when rendered."""
    if not spans:
        return [Segment(text)] if text else []
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.number))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    opened: set[int] = set()
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        covers = [s.number for s in ordered if s.start <= a and s.end >= b]
        opens = frozenset(n for n in covers if n not in opened)
        opened.update(opens)
        out.append(Segment(text[a:b], covers, opens))
    return out
