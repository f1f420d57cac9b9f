"""Cutting a large Markdown or plain-text file into pieces that read as the whole file does.

A piece ends where nothing before it can change by what follows: in Markdown, where a top-level
block starts (every block before it is closed, whatever comes next), in plain text just after a
blank line. Each piece's prose blocks are then exactly the whole file's blocks in its range, so
a file far larger than memory can be linted a piece at a time (stream.py).

Markdown has one thing that is not local: a link reference definition (`[1]: https://doi.org/...`)
anywhere in a file makes `[text][1]` a link everywhere in it, which changes the prose (the
brackets go) and may mark a citation. The first pass (`markdown_cut` with `definitions`) collects
the top-level definitions; each piece is then read with the definitions its brackets name
(`read_piece`), which produce no prose.
"""
from __future__ import annotations

import regex

from ..document import ProseBlock
from . import READERS
from .options import ReaderOptions

_LINE = regex.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_DEFINITION = regex.compile(r"^ {0,3}\[((?:[^\\\[\]]|\\.){0,999})\]:", regex.M)
# A definition inside a block quote or list item (or what may be one): not collected; stream.py
# reads a file holding one whole.
_NESTED_DEFINITION = regex.compile(
    r"^(?:(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)]))+[ \t]*|[ \t]{4,})\[(?:[^\\\[\]]|\\.){0,999}\]:", regex.M)
_BRACKETED = regex.compile(r"\[((?:[^\\\[\]]|\\.){0,999})\]")


def label_key(label: str) -> str:
    """A link label as CommonMark matches labels: case folded, runs of white space as one space."""
    return " ".join(label.split()).casefold()


def text_cut(text: str) -> int:
    """Where a plain-text piece may end: just after the last blank line (0 if there is none)."""
    cut = 0
    for m in _LINE.finditer(text):
        if m.group(2) and not m.group(1).strip():
            cut = m.end()
        if m.end() == len(text):
            break
    return cut


def markdown_cut(text: str, definitions: list[tuple[str, str]] | None = None, *, whole: bool = False) -> int:
    """Where a Markdown piece may end: the start of the line of the last top-level block (0 if
    there is none past the start). `text` must end at a line end. With `definitions`, the link
    reference definitions before the cut are appended to it as (key, source text); with
    `whole`, `text` is the last piece: the cut is its end, and all its definitions are taken."""
    from .frontmatter import _OPEN, front_matter_end
    from .markdown import _masked

    if not whole and _OPEN.match(text) and not front_matter_end(text):
        return 0  # front matter whose closing fence may lie further on (or nowhere): read on
    masked = _masked(text)
    blocks = _top_level(masked)
    cut = len(text) if whole else 0
    for start, _ in reversed(blocks if not whole else ()):
        line_start = max(masked.rfind("\n", 0, start), -1) + 1
        if line_start == 0 or masked[line_start:start].strip(" \t"):
            continue
        if text.startswith(("---", "+++"), line_start):
            continue  # would read as front matter at the start of the next piece
        cut = line_start
        break
    if definitions is not None and cut:
        _definitions(text, masked, blocks, cut, definitions)
    return cut


def _top_level(masked: str) -> list[tuple[int, int]]:
    """The (start, end) code-point offsets of the top-level blocks of a (masked) Markdown text."""
    import pyromark

    from .markdown_fast import _OPTIONS, _Offsets

    depth = 0
    blocks: list[tuple[int, int]] = []  # in UTF-8 bytes until converted below
    for event, span in pyromark.events_with_range(masked, options=_OPTIONS):
        if type(event) is str:
            if depth == 0:
                blocks.append((span["start"], span["end"]))
            continue
        name = next(iter(event))
        if name == "Start":
            if depth == 0:
                blocks.append((span["start"], span["end"]))
            depth += 1
        elif name == "End":
            depth -= 1
        elif depth == 0:
            blocks.append((span["start"], span["end"]))
    if not masked.isascii():
        char = _Offsets(masked).char
        blocks = [(char(a), char(b)) for a, b in blocks]
    return blocks


def nested_definitions(text: str) -> bool:
    """Whether `text` may hold a link reference definition inside a block quote or list item."""
    return "]:" in text and _NESTED_DEFINITION.search(text) is not None


def _definitions(text: str, masked: str, blocks: list[tuple[int, int]], cut: int,
                 out: list[tuple[str, str]]) -> None:
    """Top-level link reference definitions before `cut`: what no top-level block covers (the
    only Markdown that produces no event at all), one definition per `[label]:` line."""
    gaps, last = [], 0
    for start, end in blocks:
        if start >= cut:
            break
        if start > last:
            gaps.append((last, start))
        last = max(last, end)
    if last < cut:
        gaps.append((last, cut))
    for lo, hi in gaps:
        if not masked[lo:hi].strip():
            continue
        heads = list(_DEFINITION.finditer(masked, lo, hi))
        for i, m in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else hi
            out.append((label_key(m.group(1)), text[m.start():end].strip() + "\n\n"))


def bracketed(text: str) -> set[str]:
    """The keys of every bracketed text in `text`: the labels it may use (and more)."""
    return {label_key(m.group(1)) for m in _BRACKETED.finditer(text)} if "[" in text else set()


def read_piece(fmt: str, text: str, options: ReaderOptions,
               definitions: dict[str, tuple[int, str]] | None = None, index: int = 0) -> list[ProseBlock]:
    """The prose blocks of piece `index` of a file, as the whole file reads them. A Markdown
    piece is read with the file's link reference definitions that its brackets name and that
    stand in other pieces: those from an earlier piece before it (so that they win over a
    later definition of the same label in this piece, as the first definition does in the whole
    file), those from a later piece after it; each after a blank line, where no block can take
    them in. They produce no prose; offsets are moved back by what was put before."""
    reader = READERS["markdown" if fmt == "markdown" else "text"]
    if fmt != "markdown" or not definitions or "[" not in text:
        return reader(text, options)
    used = [definitions[key] for key in bracketed(text) if key in definitions]  # never all of them per piece
    before = "".join(d for at, d in used if at < index)
    after = "".join(d for at, d in used if at > index)
    if not before and not after:
        return reader(text, options)
    lead = before  # each definition ends with a blank line
    sep = "\r\r" if text.endswith("\r") else "\n\n"
    shift, end = len(lead), len(lead) + len(text)
    blocks = reader(lead + text + (sep + after if after else ""), options)
    kept = []
    for block in blocks:
        if not block._pieces or not shift <= block._pieces[0][1] < end:
            continue
        if shift:
            block._pieces = [(at, start - shift, stop - shift) for at, start, stop in block._pieces]
        kept.append(block)
    return kept
