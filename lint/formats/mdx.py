"""MDX: Markdown with `import`/`export` lines, JSX tags and `{expressions}`.

Those are code, not prose: they are blanked to spaces of equal length (line breaks kept) and the
result goes through the Markdown reader, so every offset still points into the original file. The
text between JSX tags (`<Callout>This is prose</Callout>`) is Markdown and is read. Code spans and
fenced code are left alone. The scan is a single forward pass; brace pairs and code-span
delimiters are found once up front, so malformed input costs no more than well-formed input.
"""
from __future__ import annotations

import bisect

import regex

from ..document import ProseBlock
from . import markdown
from .frontmatter import front_matter_end
from .options import ReaderOptions

_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_FENCE = regex.compile(r" {0,3}(`{3,}|~{3,})")
_ESM = regex.compile(r"(?:import|export)(?=[\s{*])")
_BLANK = regex.compile(r"[ \t]*(?:\r\n|\r|\n|\Z)")
_CANDIDATE = regex.compile(r"[<{`\\]")
_BACKTICKS = regex.compile(r"`+")
_BRACE = regex.compile(r"\\.|[{}]", regex.S)
_JSX_NAME = regex.compile(r"[A-Za-z_$][\w$.:-]*")
_SPACE = regex.compile(r"\s*")
_BLANK_LINE = regex.compile(r"(?:\r\n|\r|\n)[ \t]*(?=\r\n|\r|\n)")
_NOT_NEWLINE = regex.compile(r"[^\r\n]")
# A line's leading white space and container markers (quote, bullet, ordered-list number), up to
# its first content character.
_LEADING = regex.compile(r"(?:\A|(?<=[\r\n]))(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]))*[ \t]+(?=[^ \t\r\n])")


def read_blocks(text: str, options: ReaderOptions | None = None) -> list[ProseBlock]:
    return markdown.read_blocks(text, options, syntax_masked=mask_mdx(text))


def mask_mdx(text: str) -> str:
    """The text with ESM, JSX tags and expressions replaced by spaces (same length)."""
    spans: list[tuple[int, int]] = []
    for start, end in _flow_regions(text, spans):
        spans.extend(_inline_spans(text, start, end))
    if not spans:
        return text
    spans.sort()
    out, last = [], 0
    for s, e in spans:
        if s < last:
            s = last
        if s >= e:
            continue
        out.append(text[last:s])
        out.append(_NOT_NEWLINE.sub(" ", text[s:e]))
        last = e
    out.append(text[last:])
    masked = "".join(out)
    return _keep_indentation(text, masked)


def _keep_indentation(text: str, masked: str) -> str:
    """A tag at the start of a line (or of a list item or quote) followed by prose must not turn
    the line into an indented code block: masked characters in a line's leading white space
    become no-break spaces, which Markdown does not count as indentation and strips from the start
    of a paragraph."""
    fixes: list[int] = []
    for m in _LEADING.finditer(masked):
        fixes.extend(i for i in range(m.start(), m.end()) if masked[i] == " " and text[i] != " ")
    if not fixes:
        return masked
    out, last = [], 0
    for i in fixes:
        out.append(masked[last:i])
        out.append("\u00a0")
        last = i + 1
    out.append(masked[last:])
    return "".join(out)


def _flow_regions(text: str, esm_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges outside front matter, fenced code and ESM blocks (which are added to esm_spans)."""
    regions: list[tuple[int, int]] = []
    pos = region_start = front_matter_end(text)
    n = len(text)
    previous_blank = True
    fence: str | None = None
    while pos < n:
        line = _LINE.match(text, pos)
        end = line.end()
        if end == pos:
            break
        if fence is not None:
            m = _FENCE.match(text, pos, end)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and _BLANK.match(text, m.end(), end):
                fence = None
                region_start = end
            pos = end
            previous_blank = False
            continue
        m = _FENCE.match(text, pos, end)
        if m and not (m.group(1)[0] == "`" and "`" in text[m.end():end]):
            regions.append((region_start, pos))
            fence = m.group(1)
            pos = end
            continue
        if previous_blank and _ESM.match(text, pos, end):
            stop = pos
            while stop < n:
                nxt = _LINE.match(text, stop)
                if nxt.end() == stop or _BLANK.fullmatch(text, stop, nxt.end()):
                    break
                stop = nxt.end()
            regions.append((region_start, pos))
            esm_spans.append((pos, stop))
            pos = region_start = stop
            continue
        previous_blank = bool(_BLANK.fullmatch(text, pos, end))
        pos = end
    if fence is None:
        regions.append((region_start, n))
    return [(s, e) for s, e in regions if s < e]


class _Finder:
    """text.find for one character, remembering its last answer so repeated failed searches from
    later offsets do not rescan the text."""

    def __init__(self, text: str, char: str, end: int):
        self.text, self.char, self.end = text, char, end
        self.last_from, self.last_found = -1, -1

    def next(self, start: int) -> int:
        if self.last_from != -1 and self.last_from <= start and (self.last_found == -1 or start <= self.last_found):
            return self.last_found
        self.last_from, self.last_found = start, self.text.find(self.char, start, self.end)
        return self.last_found


def _inline_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """JSX tags and {expressions} in a stretch of Markdown flow, skipping code spans."""
    closes = _brace_pairs(text, start, end)
    runs: dict[int, list[int]] = {}
    for m in _BACKTICKS.finditer(text, start, end):
        runs.setdefault(len(m.group()), []).append(m.start())
    blank_lines = [m.start() for m in _BLANK_LINE.finditer(text, start, end)]
    quotes = {"\"": _Finder(text, "\"", end), "'": _Finder(text, "'", end)}
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        m = _CANDIDATE.search(text, pos, end)
        if not m:
            break
        at = m.start()
        c = text[at]
        if c == "\\":
            pos = at + 2
        elif c == "`":
            run = _BACKTICKS.match(text, at, end).group()
            pos = at + len(run)
            same = runs.get(len(run), [])  # after an escaped backtick the run is shorter than any scanned
            i = bisect.bisect_right(same, at)
            if i < len(same):
                close = same[i]
                j = bisect.bisect_right(blank_lines, at)
                if j >= len(blank_lines) or blank_lines[j] > close:
                    pos = close + len(run)
        elif c == "{":
            close = closes.get(at)
            if close is None:
                pos = at + 1
            else:
                spans.append((at, close + 1))
                pos = close + 1
        else:
            tag_end = _jsx_tag(text, at, end, closes, quotes)
            if tag_end is None:
                pos = at + 1
            else:
                spans.append((at, tag_end))
                pos = tag_end
    return spans


def _brace_pairs(text: str, start: int, end: int) -> dict[int, int]:
    """Matching `{`...`}` pairs (escaped braces skipped), found with one stack pass."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACE.finditer(text, start, end):
        c = m.group()
        if c == "{":
            stack.append(m.start())
        elif c == "}" and stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _jsx_tag(text: str, lt: int, end: int, closes: dict[int, int], quotes: dict[str, _Finder]) -> int | None:
    """End offset of a JSX tag (`<Name attr="v" {...x}>`, `</Name>`, `<>`, `</>`) at lt, or None."""
    pos = lt + 1
    if pos < end and text[pos] == "/":
        pos += 1
    pos = _SPACE.match(text, pos, end).end()
    name = _JSX_NAME.match(text, pos, end)
    if name:
        pos = name.end()
    elif pos >= end or text[pos] != ">":
        return None
    while True:
        pos = _SPACE.match(text, pos, end).end()
        if pos >= end:
            return None
        c = text[pos]
        if c == ">":
            return pos + 1
        if text.startswith("/>", pos):
            return pos + 2
        if c == "{":
            close = closes.get(pos)
            if close is None:
                return None
            pos = close + 1
            continue
        attr = _JSX_NAME.match(text, pos, end)
        if not attr:
            return None
        pos = _SPACE.match(text, attr.end(), end).end()
        if pos >= end or text[pos] != "=":
            continue
        pos = _SPACE.match(text, pos + 1, end).end()
        if pos >= end:
            return None
        c = text[pos]
        if c in quotes:
            close = quotes[c].next(pos + 1)
            if close == -1:
                return None
            pos = close + 1
        elif c == "{":
            close = closes.get(pos)
            if close is None:
                return None
            pos = close + 1
        else:
            return None
