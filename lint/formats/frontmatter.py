"""Front matter (YAML between `---` fences, TOML between `+++`) at the top of Markdown and MDX.

Most of it is metadata, but a few fields (title, description, summary, excerpt) are the words a
page shows first: in search results, link previews and listings. Only the values of those
top-level fields are read, at their exact positions: plain, single- and double-quoted YAML
scalars (also folded over several lines) and `|`/`>` block scalars; TOML basic, literal and
multi-line strings. Keys, other fields, lists and nested tables are never prose.
"""
from __future__ import annotations

from collections.abc import Iterable

import regex

from ..document import ProseBlock
from ..lazyregex import LazyPattern

_OPEN = LazyPattern(r"\A(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")  # for a text that opens with a fence
# The rest are needed only when a file has front matter: compiled then (lazyregex.py).
_LINE = LazyPattern(r"[^\r\n]*(\r\n|\r|\n|\Z)")
_YAML_KEY = LazyPattern(r"""(?:"([^"\r\n]+)"|'([^'\r\n]+)'|([^\s:#'"\[\]{},][^:\r\n]*?))[ \t]*:(?=[ \t]|\Z)""")
_TOML_KEY = LazyPattern(r"""(?:"([^"\r\n]+)"|'([^'\r\n]+)'|([A-Za-z0-9_-]+))[ \t]*=[ \t]*""")
_SPACES = LazyPattern(r"[ \t]*")
_BLOCK_HEADER = LazyPattern(r"[|>][-+0-9]*[ \t]*(?:#.*)?\Z")
_COMMENT = LazyPattern(r"[ \t]+#")
_FOLD = LazyPattern(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
_ESCAPED_BREAK = LazyPattern(r"\\[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
_SIMPLE_ESCAPES = {"\"": "\"", "\\": "\\", "/": "/", "'": "'", "n": " ", "t": " ", "r": " ", "b": " ",
                   "f": " ", "0": " ", "a": " ", "v": " ", "e": " ", " ": " ", "_": "\u00a0",
                   "N": "\u0085", "L": "\u2028", "P": "\u2029"}
_NEWLINE = LazyPattern(r"\r\n|\r|\n")
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}

Piece = tuple[str, int, int]  # prose, source start, source end


def front_matter_bounds(text: str) -> tuple[str, int, int, int] | None:
    """(fence, body start, body end, end of the closing fence line) of leading front matter."""
    m = _OPEN.match(text) if text.startswith(("---", "+++")) else None
    if not m:
        return None
    fence = m.group(1)
    close = regex.compile(r"(?<=[\r\n])" + regex.escape(fence) + r"[ \t]*(?:\r\n|\r|\n|\Z)")
    end = close.search(text, m.end() - 1)
    if not end:
        return None
    return fence, m.end(), end.start(), end.end()


def front_matter_end(text: str) -> int:
    """Length of a leading YAML (---) or TOML (+++) front matter block, or 0."""
    bounds = front_matter_bounds(text)
    return bounds[3] if bounds else 0


def read_front_matter(text: str, keys: Iterable[str]) -> list[ProseBlock]:
    """Prose blocks from the values of `keys` in the text's front matter (none if it has none)."""
    bounds = front_matter_bounds(text)
    if not bounds:
        return []
    fence, start, end, _ = bounds
    lines = [(m.start(), m.start() + len(m.group()) - len(m.group(1))) for m in _LINE.finditer(text, start, end)
             if m.group()]
    wanted = set(keys)
    blocks: list[ProseBlock] = []
    read = _yaml_value if fence == "---" else _toml_value
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if fence == "+++" and text[s:e].lstrip().startswith("["):
            break  # a [table]: only top-level keys are the page's own fields
        key_re = _YAML_KEY if fence == "---" else _TOML_KEY
        m = key_re.match(text, s, e)
        if not m or next(g for g in m.groups() if g is not None) not in wanted:
            i += 1
            continue
        value = _SPACES.match(text, m.end(), e).end()
        runs, i = read(text, lines, i, value, end)
        blocks.extend(_blocks(runs))
    return blocks


def _blocks(runs: list[list[Piece]]) -> list[ProseBlock]:
    out = []
    for pieces in runs:
        block = ProseBlock(kind="front-matter", fixable=False)
        for prose, s, e in pieces:
            block.add(prose, s, e)
        if block.text.strip():
            out.append(block)
    return out


def _indent(text: str, s: int, e: int) -> int:
    return _SPACES.match(text, s, e).end() - s


def _yaml_value(text: str, lines: list[tuple[int, int]], i: int, v: int, end: int) -> tuple[list[list[Piece]], int]:
    """The value of the key on line i starting at v: runs of pieces (one per paragraph), next line."""
    s, e = lines[i]
    c = text[v] if v < e else ""
    if c in ("\"", "'"):
        scanned = _scan_quoted(text, v + 1, end, c, escapes=c == "\"", multiline=True, yaml_single=c == "'")
        if scanned is None:
            return [], i + 1
        pieces, stop = scanned
        while i < len(lines) and lines[i][1] < stop:
            i += 1
        return [pieces], i + 1
    if c and c in "|>" and _BLOCK_HEADER.match(text, v, e):
        return _indented_lines(text, lines, i + 1, block_scalar=True)
    if c == "" or c == "#":
        # The scalar may start on the next, indented lines; a nested mapping or list is not prose.
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt and _indent(text, *nxt) and _looks_structured(text, *nxt):
            return [], i + 1
        return _indented_lines(text, lines, i + 1, block_scalar=False)
    if c in "[{&*!%@`":
        return [], i + 1
    first = _plain_piece(text, v, e)
    runs, nxt = _indented_lines(text, lines, i + 1, block_scalar=False)
    pieces = [first] if first else []
    if runs and pieces:
        prev_end = first[2]
        pieces.append((" ", prev_end, runs[0][0][1]))
        pieces.extend(runs[0])
        runs = runs[1:]
    return ([pieces] if pieces else []) + runs, nxt


_STRUCTURED = LazyPattern(r"[ \t]+(?:[-?](?:[ \t]|\Z)|[^\s:#][^:\r\n]*:(?:[ \t]|\Z))")


def _looks_structured(text: str, s: int, e: int) -> bool:
    return bool(_STRUCTURED.match(text, s, e))


def _plain_piece(text: str, s: int, e: int) -> Piece | None:
    m = _COMMENT.search(text, s, e)
    stop = m.start() if m else e
    while stop > s and text[stop - 1] in " \t":
        stop -= 1
    return (text[s:stop], s, stop) if stop > s else None


def _indented_lines(text: str, lines: list[tuple[int, int]], i: int, block_scalar: bool) -> tuple[list[list[Piece]], int]:
    """Continuation lines indented under a top-level key. A blank line starts a new paragraph in
    a block scalar and ends a plain one."""
    runs: list[list[Piece]] = []
    current: list[Piece] = []
    indent = 0
    while i < len(lines):
        s, e = lines[i]
        n = _indent(text, s, e)
        blank = s + n == e
        if blank:
            if not block_scalar:
                break
            if current:
                runs.append(current)
                current = []
            i += 1
            continue
        if n == 0 or (indent and n < indent):
            break
        indent = indent or n
        content_start = s + (indent if block_scalar else n)
        piece = (text[content_start:e], content_start, e) if block_scalar else _plain_piece(text, content_start, e)
        if not block_scalar and text.startswith("#", content_start):
            piece = None
        if piece and piece[0]:
            if current:
                current.append((" ", current[-1][2], piece[1]))
            current.append(piece)
        i += 1
    if current:
        runs.append(current)
    return runs, i


def _toml_value(text: str, lines: list[tuple[int, int]], i: int, v: int, end: int) -> tuple[list[list[Piece]], int]:
    s, e = lines[i]
    for opener, escapes in (("\"\"\"", True), ("'''", False)):
        if text.startswith(opener, v):
            start = v + 3
            m = _NEWLINE.match(text, start)
            start = m.end() if m else start  # a newline right after the opening quotes is trimmed
            scanned = _scan_quoted(text, start, end, opener, escapes=escapes, multiline=True)
            if scanned is None:
                return [], i + 1
            pieces, stop = scanned
            while i < len(lines) and lines[i][1] < stop:
                i += 1
            return [pieces], i + 1
    if v < e and text[v] in "\"'":
        scanned = _scan_quoted(text, v + 1, e, text[v], escapes=text[v] == "\"", multiline=False)
        return ([scanned[0]] if scanned else []), i + 1
    return [], i + 1


def _scan_quoted(text: str, pos: int, end: int, close: str, escapes: bool, multiline: bool,
                 yaml_single: bool = False) -> tuple[list[Piece], int] | None:
    """Pieces of a quoted string up to `close`, and the offset after it; None if unterminated.
    Escapes become the characters they stand for (as one unit), line breaks fold to a space."""
    stops = "\r\n" + close[0] + ("\\" if escapes else "")
    plain = regex.compile("[^" + regex.escape(stops) + "]+")
    pieces: list[Piece] = []
    i = pos
    while i < end:
        m = plain.match(text, i, end)
        if m:
            pieces.append((m.group(), i, m.end()))
            i = m.end()
            continue
        c = text[i]
        if text.startswith(close, i) and i + len(close) <= end:
            if yaml_single and text.startswith("''", i):
                pieces.append(("'", i, i + 2))
                i += 2
                continue
            return pieces, i + len(close)
        if c in "\r\n":
            if not multiline:
                return None
            fold = _FOLD.match(text, i, end)
            pieces.append((" ", i, fold.end()))
            i = fold.end()
            continue
        if c == "\\" and escapes:
            broken = _ESCAPED_BREAK.match(text, i, end) if multiline else None
            if broken:  # an escaped line break joins the lines with nothing between
                i = broken.end()
                continue
            prose, length = _escape(text, i, end)
            pieces.append((prose, i, i + length))
            i += length
            continue
        pieces.append((c, i, i + 1))  # a lone quote inside a triple-quoted string
        i += 1
    return None


def _escape(text: str, i: int, end: int) -> tuple[str, int]:
    """The character a backslash escape at i stands for, and the escape's length."""
    nxt = text[i + 1] if i + 1 < end else ""
    if nxt in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[nxt], 2
    if nxt in _HEX_LENGTH:
        digits = text[i + 2:i + 2 + _HEX_LENGTH[nxt]]
        if len(digits) == _HEX_LENGTH[nxt] and all(ch in "0123456789abcdefABCDEF" for ch in digits):
            code = int(digits, 16)
            char = chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
            return char, 2 + len(digits)
    return "\\", 1
