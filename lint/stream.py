"""Large files, linted a piece at a time: memory bounded by the piece, findings as they come.

A Markdown or plain-text file of large.STREAM_BYTES or more is decoded in chunks and cut into pieces of
about large.PIECE_CHARS characters at points where its blocks are complete (formats/pieces.py). Two
passes read it:

1. The first reads every piece and keeps only what the rules need from the whole file: how often
   each document-scope `needs` gate's words occur, which document-scope context cues stand
   somewhere, whether each document rule's required statement does, the first block of each
   piece (a "next sentence" check reads across a piece's end), the link reference definitions,
   and the file's length and line endings.
2. The second reads the pieces again and lints each one with those facts (Linter.lint_stream),
   so the findings are exactly those of the whole file read at once, while only a piece (and
   the next piece's boundary) is held.

What is not streamed: HTML and MDX (read whole), a file with `healthlint-disable` comments or
checked against a baseline (both need the whole text; read whole), and `--fix` (the fixer
writes the whole file atomically). A block longer than a piece (one enormous paragraph, a huge
code block) makes its piece as long as it.
"""
from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from .document import Document
from .errors import ReadError
from .findings import Finding
from .formats.pieces import bracketed, markdown_cut, read_piece, text_cut
from .reader import _SNIFF, Source, _is_wide, _utf16_without_bom, format_for
from .tokenlint import Whole, _count
from . import large
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
    """What the first pass learned of the whole file (see the module's docstring)."""

    encoding: str = "utf-8"
    bom: bytes = b""
    length: int = 0
    newline: str = "\n"
    ends_with_break: bool = True
    directives: bool = False
    gates: dict[tuple[int, int], int] = field(default_factory=dict)
    cues: object = None
    holds: dict[str, bool] = field(default_factory=dict)
    following: list[str] = field(default_factory=list)  # per piece: the text of the next block
    offsets: list[int] = field(default_factory=list)  # per piece: where it starts
    definitions: dict[str, str] = field(default_factory=dict)
    #: Bracketed labels seen before any definition of them, and whether a label is defined twice.
    unresolved: set[str] = field(default_factory=set)
    redefined: bool = False

    def whole(self, piece: Piece) -> Whole:
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


def pieces(chunks, path: str, fmt: str, options, facts: FileFacts, *, collect: bool = False,
           piece_chars: int | None = None) -> Iterator[Piece]:
    """The pieces of a file's text (from `chunks`), each with its prose blocks read with the
    link reference definitions in `facts`; `collect` adds each piece's own to them first."""
    piece_chars = piece_chars or large.PIECE_CHARS
    buf, offset, line, index, want = "", 0, 0, 0, piece_chars
    it = iter(chunks)
    eof = False
    definitions: list[tuple[str, str]] | None = [] if collect and fmt == "markdown" else None
    while True:
        while not eof and len(buf) < want:
            chunk = next(it, None)
            if chunk is None:
                eof = True
            else:
                buf += chunk
        if not buf:
            return
        last = eof and len(buf) <= want
        if last:
            cut = len(buf)
        else:
            end = _line_end(buf[:want])
            window = buf[:end]
            cut = 0 if not end else markdown_cut(window, definitions) if fmt == "markdown" else text_cut(window)
            if not cut:
                want *= 2  # one block is longer than a piece: look further (doubling keeps it linear)
                continue
        text, buf = buf[:cut], buf[cut:]
        want = piece_chars
        if definitions is not None:
            if last:
                markdown_cut(text, definitions, whole=True)
            _learn(facts, text, definitions)
        source = Source(path=path, text=text, format=fmt, encoding=facts.encoding, bom=facts.bom)
        blocks = read_piece(fmt, text, options, facts.definitions)
        yield Piece(Document(source, blocks), offset, line, index)
        offset += len(text)
        line += text.count("\n") + text.count("\r") - text.count("\r\n")
        index += 1


def _learn(facts: FileFacts, text: str, definitions: list[tuple[str, str]]) -> None:
    """First pass, Markdown: keep a piece's link reference definitions (the first of each label
    wins, as in the whole file) and the labels it names before they are defined."""
    for key, definition in definitions:
        if key in facts.definitions:
            facts.redefined = True  # see lint_pieces
        else:
            facts.definitions[key] = definition
    definitions.clear()
    facts.unresolved |= bracketed(text) - facts.definitions.keys()


def first_pass(linter, path: str, encoding: str | None, fmt: str, piece_chars: int | None = None) -> tuple[FileFacts, TextChunks]:
    """Read the whole file once and keep what linting its pieces needs (see the module's
    docstring). Raises ReadError as reading the whole file would."""
    chunks = TextChunks(path, encoding)
    try:
        facts = _facts(linter, chunks, path, fmt, piece_chars)
    except _Restart:
        chunks = TextChunks(path, forced=encoding)
        facts = _facts(linter, chunks, path, fmt, piece_chars)
    if facts.unresolved & facts.definitions.keys() and not facts.redefined:
        # A link used before its definition, in an earlier piece: the pieces before were read
        # without it. Once more, knowing every definition (rare: references usually come last
        # and are used... before them, so this is the price of exactness there).
        chunks = TextChunks(path, forced=chunks.encoding, bom=chunks.bom)
        facts = _facts(linter, chunks, path, fmt, piece_chars, facts.definitions)
    return facts, chunks


def _facts(linter, chunks: TextChunks, path: str, fmt: str, piece_chars: int,
           definitions: dict[str, str] | None = None) -> FileFacts:
    facts = FileFacts(definitions=definitions if definitions is not None else {})
    rules = linter.token_linter.rules
    gated = [r for r in rules if r.needs_trie is not None and r.needs_scope == "document"]
    documents = [r for r in rules if r.kind == "document"]
    context = linter.context
    cues: set[str] | None = set() if context.table.document_rows else None
    firsts: list[str | None] = []
    last = ""
    for piece in pieces(chunks, path, fmt, linter.reader_options, facts, collect=definitions is None,
                        piece_chars=piece_chars):
        facts.encoding, facts.bom = chunks.encoding, chunks.bom
        text = piece.doc.text
        facts.offsets.append(piece.offset)
        facts.length = piece.offset + len(text)
        if "\r\n" in text or (last.endswith("\r") and text.startswith("\n")):
            facts.newline = "\r\n"
        if "healthlint-" in text or (last + text[:20]).find("healthlint-") != -1:
            facts.directives = True
        last = text[-20:]
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
                    facts.holds[rule.id] = _states(rule.requires_trie, lowers)
    for rule in gated:
        facts.gates.setdefault((id(rule.needs_trie), rule.needs_count), 0)
    facts.ends_with_break = facts.length == 0 or last.endswith(("\n", "\r"))
    facts.cues = None if cues is None else _cues(cues)
    following, nxt = [], ""
    for first in reversed(firsts):
        following.append(nxt)
        if first is not None:
            nxt = first
    facts.following = following[::-1]
    return facts


def _states(trie, lowers: list[str]) -> bool:
    """TokenLinter.document_holds for one block's words."""
    firsts = trie.firsts
    return any(w in firsts and trie.ends(lowers, i, len(lowers)) for i, w in enumerate(lowers))


def _cues(categories: set[str]):
    from .context import DocumentCues

    return DocumentCues(categories)


def lint_pieces(linter, path: str, encoding: str | None = None, piece_chars: int | None = None) -> Iterator[tuple[object, list[Finding]]]:
    """Lint a large file: its pieces and their findings, in file order (see the module's
    docstring). The first pass runs on the first `next()`, so a read error comes before any
    finding. A file that cannot be streamed (suppression comments, a baseline) is linted whole
    and comes as one piece. Each yielded piece has `line_text(line)` for the report."""
    fmt = format_for(path)
    facts, chunks = first_pass(linter, path, encoding, fmt, piece_chars)
    if facts.directives or facts.redefined or getattr(linter, "baseline", None) is not None:
        yield from _whole(linter, path, encoding, fmt)
        return
    second = TextChunks(path, forced=chunks.encoding, bom=chunks.bom)
    stream = pieces(second, path, fmt, linter.reader_options, facts, piece_chars=piece_chars)
    for piece, findings in linter.lint_stream(_checked(stream, facts, path), facts):
        yield piece, findings


def _checked(stream: Iterator[Piece], facts: FileFacts, path: str) -> Iterator[Piece]:
    """The second pass's pieces, checked against the first's: a file that changed in between
    is an error, not findings at the wrong places."""
    count = 0
    for piece in stream:
        if piece.index >= len(facts.offsets) or facts.offsets[piece.index] != piece.offset:
            raise ReadError(path, "changed while it was being read")
        count += 1
        yield piece
    if count != len(facts.offsets):
        raise ReadError(path, "changed while it was being read")


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
