"""Large files, linted a piece at a time: memory bounded by the piece, findings as they come.

A Markdown or plain-text file of large.STREAM_BYTES or more is decoded in chunks and cut into
pieces of about large.PIECE_CHARS characters at points where every block before is complete
(formats/pieces.py). Three passes read it, each holding one piece at a time:

1. `cuts`: where the pieces start, the link reference definitions (a link may use one that
   stands in another piece), the file's length and line endings, and whether it holds a
   suppression comment. Only the cut finder parses.
2. `_facts`: every piece's prose, for what the rules need from the whole file: how often each
   document-scope `needs` gate's words occur, which document-scope context cues stand somewhere,
   whether each document rule's required statement does, and the first block after each piece
   (a "next sentence" check reads across a piece's end).
3. `lint_pieces`: each piece linted with those facts (Linter.lint_stream), its findings yielded
   at once; they are exactly the findings of the whole file read at once.

Read whole instead (as before): a file with a `healthlint-disable` comment or checked against a
baseline (both work on the whole text), or one with a link reference definition inside a block
quote or list item (only top-level ones are collected in pass 1). HTML, MDX, standard input and `--fix` never come here.
A block longer than a piece (one enormous paragraph or code block) makes its piece as long.
"""
from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import large
from .document import Document
from .errors import ReadError
from .findings import Finding
from .formats.pieces import markdown_cut, nested_definitions, read_piece, text_cut
from .reader import _SNIFF, Source, _is_wide, _utf16_without_bom, format_for
from .tokenlint import Whole, _count  # _count: gate and statement counts, exactly as the linter counts
from .tokens import normalize, words_of

_READ = 1 << 20  # bytes read at a time


@dataclass
class Piece:
    """A run of whole blocks of a file: its text as a Document (offsets from the piece's start),
    where it stands in the file, and its index among the pieces."""

    doc: Document
    offset: int
    line: int  # line breaks before the piece
    index: int

    def placed(self, f: Finding) -> Finding:
        """A finding of this piece with its offsets and lines in the file (a piece starts at the
        start of a line, so columns are the same)."""
        fix = f.fix
        if fix is not None:
            fix = dataclasses.replace(fix, offset=fix.offset + self.offset, end_offset=fix.end_offset + self.offset)
        return dataclasses.replace(f, line=f.line + self.line, end_line=f.end_line + self.line,
                                   offset=f.offset + self.offset, end_offset=f.end_offset + self.offset, fix=fix)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line of the file that lies in this piece."""
        return self.doc.lines.line_text(line - self.line)


@dataclass
class FileFacts:
    """What passes 1 and 2 learned of the whole file (see the module's docstring)."""

    encoding: str = "utf-8"
    bom: bytes = b""
    length: int = 0
    newline: str = "\n"
    ends_with_break: bool = True
    #: Read it whole: it holds a suppression comment, or a link definition in a quote or list.
    whole: bool = False
    gates: dict[tuple[int, int], int] = field(default_factory=dict)
    cues: object = None
    holds: dict[str, bool] = field(default_factory=dict)
    following: list[str] = field(default_factory=list)  # per piece: the text of the next block
    offsets: list[int] = field(default_factory=list)  # per piece: where it starts
    #: Link reference definitions: label key -> (index of the piece it stands in, source text).
    definitions: dict[str, tuple[int, str]] = field(default_factory=dict)

    def of_file(self, piece: Piece) -> Whole:
        return Whole(self.gates, self.cues, self.following[piece.index])


class _Restart(Exception):
    """The file is not UTF-8 and --encoding names another: decode it again with that."""


class TextChunks:
    """A file's text in chunks, decoded as reader.decode would decode the whole file (byte-order
    mark, UTF-16 without one, UTF-8, else `encoding`). Errors name the file (and the line)."""

    def __init__(self, path: str, encoding: str | None = None, forced: str | None = None, bom: bytes | None = None):
        self.path = path
        self.fallback = encoding
        self.forced = forced
        self.encoding = forced or "utf-8"
        self.bom = bom or b""

    def __iter__(self) -> Iterator[str]:
        try:
            with open(self.path, "rb") as handle:
                yield from self._decode(handle)
        except OSError as err:
            raise ReadError(self.path, err.strerror or str(err)) from None

    def _decode(self, handle) -> Iterator[str]:
        head = handle.read(_READ)
        name, skip = self._choose(head)
        self.encoding = name
        decoder = codecs.getincrementaldecoder(name)()
        data, lines = head[skip:], 0
        while True:
            final = not data
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as err:
                raise self._failed(err, lines) from None
            if text:
                yield text
            if final:
                return
            lines += data.count(b"\n")
            data = handle.read(_READ)

    def _choose(self, head: bytes) -> tuple[str, int]:
        if self.forced:
            return self.forced, len(self.bom)
        for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
            if head.startswith(bom):
                self.bom = bom
                return name, len(bom)
        if self.fallback and _is_wide(self.fallback):
            return self.fallback, 0
        sniff = head[:_SNIFF]
        if b"\x00" in sniff:
            utf16 = _utf16_without_bom(sniff)
            if utf16:
                return utf16, 0
            raise ReadError(self.path, "binary file (contains NUL bytes)")
        return "utf-8", 0

    def _failed(self, err: UnicodeDecodeError, lines: int) -> Exception:
        """The error to raise for undecodable bytes (the one reader.decode would give)."""
        if self.bom:
            return ReadError(self.path, f"not valid {self.encoding} text after its byte-order mark")
        if self.encoding != "utf-8" or self.forced:
            if self.forced or self.fallback == self.encoding:
                return ReadError(self.path, f"cannot decode as {self.encoding}: {err.reason}")
            return ReadError(self.path, "binary file (contains NUL bytes)")
        if self.fallback:
            return _Restart()
        line = lines + err.object.count(b"\n", 0, err.start) + 1
        return ReadError(self.path, f"not UTF-8 text (use --encoding); first undecodable byte on line {line}")


def _line_end(buf: str) -> int:
    """Length of `buf` up to its last complete line (a final CR may be half of a CRLF)."""
    nl = buf.rfind("\n")
    cr = buf.rfind("\r", 0, len(buf) - 1)
    if cr != -1 and buf[cr + 1] == "\n":
        cr = -1
    return max(nl, cr) + 1


def cuts(chunks, fmt: str, facts: FileFacts, piece_chars: int) -> None:
    """Pass 1: where the pieces start (facts.offsets), the link reference definitions (the first
    of each label, and the piece it stands in), the length and line endings of the file and
    whether it holds a suppression comment. Only the cut finder parses; no prose is read."""
    buf, offset, want, eof, tail = "", 0, piece_chars, False, ""
    it = iter(chunks)
    found: list[tuple[str, str]] | None = [] if fmt == "markdown" else None
    while True:
        while not eof and len(buf) < want:
            chunk = next(it, None)
            if chunk is None:
                eof = True
            else:
                buf += chunk
        if not buf:
            break
        last = eof and len(buf) <= want
        if last:
            cut = len(buf)
            if found is not None:
                markdown_cut(buf, found, whole=True)
        else:
            end = _line_end(buf[:want])
            cut = 0 if not end else markdown_cut(buf[:end], found) if fmt == "markdown" else text_cut(buf[:end])
            if not cut:
                want *= 2  # one block is longer than a piece: look further (doubling keeps it linear)
                continue
        text, buf, want = buf[:cut], buf[cut:], piece_chars
        facts.offsets.append(offset)
        for key, definition in found or ():
            facts.definitions.setdefault(key, (len(facts.offsets) - 1, definition))
        if found:
            found.clear()
        if "\r\n" in text:
            facts.newline = "\r\n"
        if "healthlint-" in tail + text or (found is not None and nested_definitions(text)):
            facts.whole = True
        tail = text[-20:]
        offset += len(text)
    facts.length = offset
    facts.ends_with_break = offset == 0 or tail.endswith(("\n", "\r"))
    facts.encoding, facts.bom = chunks.encoding, chunks.bom


def pieces(chunks, path: str, fmt: str, options, facts: FileFacts) -> Iterator[Piece]:
    """Passes 2 and 3: the pieces pass 1 found (a file that changed since is an error), each
    with its prose blocks read with the definitions of the links it uses."""
    buf, line, eof = "", 0, False
    it = iter(chunks)
    ends = facts.offsets[1:] + [facts.length]
    for index, (start, end) in enumerate(zip(facts.offsets, ends)):
        while not eof and len(buf) < end - start:
            chunk = next(it, None)
            if chunk is None:
                eof = True
            else:
                buf += chunk
        if len(buf) < end - start:
            raise ReadError(path, "changed while it was being read")
        text, buf = buf[:end - start], buf[end - start:]
        source = Source(path=path, text=text, format=fmt, encoding=facts.encoding, bom=facts.bom)
        blocks = read_piece(fmt, text, options, facts.definitions, index)
        yield Piece(Document(source, blocks), start, line, index)
        line += text.count("\n") + text.count("\r") - text.count("\r\n")
    if buf or (not eof and next(it, None)):
        raise ReadError(path, "changed while it was being read")


def first_passes(linter, path: str, encoding: str | None, piece_chars: int | None = None) -> tuple[FileFacts, TextChunks]:
    """Passes 1 and 2 (see the module's docstring). Raise ReadError as reading the whole file
    would."""
    fmt = format_for(path)
    piece_chars = piece_chars or large.PIECE_CHARS
    chunks = TextChunks(path, encoding)
    facts = FileFacts()
    try:
        cuts(chunks, fmt, facts, piece_chars)
    except _Restart:
        chunks = TextChunks(path, forced=encoding)
        facts = FileFacts()
        cuts(chunks, fmt, facts, piece_chars)
    if not facts.whole:
        _facts(linter, TextChunks(path, forced=chunks.encoding, bom=chunks.bom), path, fmt, facts)
    return facts, chunks


def _facts(linter, chunks: TextChunks, path: str, fmt: str, facts: FileFacts) -> None:
    """Pass 2: what the rules need from the whole file."""
    rules = linter.token_linter.rules
    gated = [r for r in rules if r.needs_trie is not None and r.needs_scope == "document"]
    documents = [r for r in rules if r.kind == "document"]
    context = linter.context
    cues: set[str] | None = set() if context.table.document_rows else None
    firsts: list[str | None] = []
    if not (gated or documents or cues is not None or any("qualified" in r.released_by for r in rules)):
        facts.following = [""] * len(facts.offsets)  # no selected rule looks past its piece
        return
    for piece in pieces(chunks, path, fmt, linter.reader_options, facts):
        blocks = piece.doc.blocks
        firsts.append(blocks[0].text if blocks else None)
        if cues is not None:
            found = context.document_cues([b.text for b in blocks])
            cues |= found.categories if found is not None else set()
        if not gated and not documents:
            continue
        for block in blocks:
            lowers = words_of(normalize(block.text))
            for rule in gated:
                key = (id(rule.needs_trie), rule.needs_count)
                total = facts.gates.get(key, 0)
                if total < rule.needs_count:
                    facts.gates[key] = total + _count(rule.needs_trie, lowers, 0, len(lowers), rule.needs_count - total)
            for rule in documents:
                if not facts.holds.get(rule.id):
                    facts.holds[rule.id] = _count(rule.requires_trie, lowers, 0, len(lowers), 1) > 0
    for rule in gated:
        facts.gates.setdefault((id(rule.needs_trie), rule.needs_count), 0)
    facts.cues = None if cues is None else _cues(cues)
    following, nxt = [], ""
    for first in reversed(firsts):
        following.append(nxt)
        if first is not None:
            nxt = first
    facts.following = following[::-1]


def _cues(categories: set[str]):
    from .context import DocumentCues

    return DocumentCues(categories)


def lint_pieces(linter, path: str, encoding: str | None = None, piece_chars: int | None = None) -> Iterator[tuple[object, list[Finding]]]:
    """Lint a large file: its pieces and their findings, in file order (see the module's
    docstring). The first two passes run on the first `next()`, so a read error comes before
    any finding. A file that cannot be streamed (suppression comments, a baseline) is linted
    whole and comes as one piece. Each yielded piece has `line_text(line)` for the report."""
    if getattr(linter, "baseline", None) is not None:  # a baseline matches findings by the whole text
        yield from _whole(linter, path, encoding, format_for(path))
        return
    facts, chunks = first_passes(linter, path, encoding, piece_chars)
    if facts.whole:
        yield from _whole(linter, path, encoding, format_for(path))
        return
    third = TextChunks(path, forced=chunks.encoding, bom=chunks.bom)
    yield from linter.lint_stream(pieces(third, path, format_for(path), linter.reader_options, facts), facts)


def _whole(linter, path: str, encoding: str | None, fmt: str) -> Iterator[tuple[object, list[Finding]]]:
    from .formats import read_document
    from .reader import read_source

    doc = read_document(read_source(path, fmt, encoding), linter.reader_options)
    findings = linter.lint(doc)
    yield _WholeFile(doc), findings


class _WholeFile:
    """A whole file in place of a piece (the report asks it for line texts)."""

    def __init__(self, doc: Document):
        self.doc = doc

    def line_text(self, line: int) -> str:
        return self.doc.lines.line_text(line)
