"""HTML: prose from text nodes, at exact positions in the original source.

A small tolerant tokenizer walks the markup once, without recursion, so malformed or deeply
nested pages never raise and time stays linear in the size of the page. Entities are decoded for
matching (an entity maps to its source as one unit); white space runs with line breaks read as
one space. Block elements (p, li, h1-h6, td, blockquote, div...) make separate blocks; inline
elements (a, em, span...) do not split one. Never read: script, style, code, pre, template,
noscript and similar, attributes, comments. Read anyway: the `<title>` and the
`<meta name="description">` content (at the attribute value), the most-read words of a page.
With scope "main", a page with a `<main>` or `<article>` is read only inside them, because
exported sites repeat their navigation and footers on every page.
"""
from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from html.entities import html5 as _HTML5

import regex

from ..document import PLACEHOLDER, ProseBlock
from .markdown import CITATION_HOSTS
from .options import ReaderOptions

# -- tokens ---------------------------------------------------------------------------------------
TEXT, START, END = 0, 1, 2
Attr = tuple[str, int, int]  # lower-case name, value start, value end (equal for a bare attribute)

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_RAWTEXT = frozenset("script style xmp iframe noembed noframes noscript".split())
_RCDATA = frozenset(("title", "textarea"))
_TAG_NAME = regex.compile(r"[A-Za-z][^\s/>\x00]*")
_SPACE_SLASH = regex.compile(r"[\s/]*")
_ATTR_NAME = regex.compile(r"[^\s/>][^\s/>=]*")
_EQUALS = regex.compile(r"\s*=\s*")
_UNQUOTED = regex.compile(r"[^\s>]*")
_CLOSE = {name: regex.compile(r"</" + name + r"(?=[\s/>])", regex.I) for name in _RAWTEXT | _RCDATA}


def tokenize(text: str) -> Iterator[tuple]:
    """(TEXT, start, end), (START, name, start, end, attrs) and (END, name, start, end) tokens.

    Comments, doctypes and processing instructions produce nothing; the content of raw-text
    elements (script, style...) produces nothing; an unterminated tag at the end is dropped.
    """
    n = len(text)
    find = text.find
    pos = text_start = 0
    while True:
        lt = find("<", pos)
        if lt == -1 or lt + 1 >= n:
            break
        nxt = text[lt + 1]
        if nxt.isascii() and nxt.isalpha():
            if text_start < lt:
                yield (TEXT, text_start, lt)
            tag = _start_tag(text, lt)
            if tag is None:
                return
            name, end, attrs = tag
            yield (START, name, lt, end, attrs)
            pos = text_start = end
            if name in _CLOSE:
                close = _CLOSE[name].search(text, end)
                stop = close.start() if close else n
                if name in _RCDATA and end < stop:
                    yield (TEXT, end, stop)
                if not close:
                    return
                gt = find(">", close.end())
                close_end = n if gt == -1 else gt + 1
                yield (END, name, stop, close_end)
                pos = text_start = close_end
            continue
        if nxt == "/" and lt + 2 < n and text[lt + 2].isascii() and text[lt + 2].isalpha():
            if text_start < lt:
                yield (TEXT, text_start, lt)
            m = _TAG_NAME.match(text, lt + 2)
            gt = find(">", m.end())
            if gt == -1:
                return
            yield (END, m.group().lower(), lt, gt + 1)
            pos = text_start = gt + 1
            continue
        if nxt in "!/?":
            if text_start < lt:
                yield (TEXT, text_start, lt)
            if text.startswith("<!--", lt):
                if text.startswith(">", lt + 4) or text.startswith("->", lt + 4):
                    end = find(">", lt + 4) + 1
                else:
                    close = find("-->", lt + 4)
                    end = n if close == -1 else close + 3
            else:  # doctype, CDATA, processing instruction, bogus comment
                gt = find(">", lt + 2)
                end = n if gt == -1 else gt + 1
            pos = text_start = end
            continue
        pos = lt + 1  # a "<" that starts no markup is text
    if text_start < n:
        yield (TEXT, text_start, n)


def _start_tag(text: str, lt: int) -> tuple[str, int, list[Attr]] | None:
    """Name, end offset and attributes of the start tag at lt; None if the file ends inside it."""
    m = _TAG_NAME.match(text, lt + 1)
    name = m.group().lower()
    pos = m.end()
    attrs: list[Attr] = []
    n = len(text)
    while True:
        pos = _SPACE_SLASH.match(text, pos).end()
        if pos >= n:
            return None
        if text[pos] == ">":
            return name, pos + 1, attrs
        m = _ATTR_NAME.match(text, pos)
        attr = m.group().lower()
        pos = m.end()
        eq = _EQUALS.match(text, pos)
        if not eq:
            attrs.append((attr, pos, pos))
            continue
        pos = eq.end()
        if pos < n and text[pos] in "\"'":
            close = text.find(text[pos], pos + 1)
            if close == -1:
                return None
            attrs.append((attr, pos + 1, close))
            pos = close + 1
        else:
            m = _UNQUOTED.match(text, pos)
            attrs.append((attr, pos, m.end()))
            pos = m.end()


# -- prose ----------------------------------------------------------------------------------------
_KIND = {**{f"h{i}": "heading" for i in range(1, 7)}, "td": "table-cell", "th": "table-cell",
         "li": "list-item", "blockquote": "quote", "dd": "definition", "dt": "definition",
         "figcaption": "caption", "caption": "caption", "title": "title"}
_BLOCK = frozenset(_KIND) | frozenset(
    """p div section article main header footer nav aside ul ol dl menu table tr thead tbody tfoot
    colgroup figure form fieldset legend details summary address hr pre body html head center
    hgroup dialog search option optgroup select textarea li""".split())
_SKIP = frozenset("""script style code pre template noscript textarea svg math kbd samp select
    datalist iframe object canvas xmp noembed noframes""".split())
_SCOPE = frozenset(("main", "article"))
_TEXT_PIECE = regex.compile(
    r"(?P<ws>[\t\n\r\f][ \t\n\r\f]*)"
    r"|(?P<ent>&(?:\#[0-9]{1,7};?|\#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};))"
    r"|(?P<plain>[^\t\n\r\f&]+|&)"
)
_EXPONENT_BASE = regex.compile(r"(?:\d|(?<![\w/])\w{1,2}|/\w{1,2})\Z")
_FOOTNOTE = regex.compile(r"\s*[\[(]?\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*[\])]?\s*")


@dataclass
class _Open:
    name: str
    kind: str
    skips: bool
    scopes: bool
    start: int


def read_blocks(text: str, options: ReaderOptions | None = None) -> list[ProseBlock]:
    return _Reader(text, options or ReaderOptions()).read()


class _Reader:
    """Walks the tokens keeping the open elements on a list (never the call stack)."""

    def __init__(self, text: str, options: ReaderOptions):
        self.text = text
        self.scoped = options.html_scope == "main"
        self.stack: list[_Open] = []
        self.open_count: dict[str, int] = {}
        self.skip = 0
        self.scope = 0
        self.title = 0
        self.saw_scope = False
        self.blocks: list[tuple[ProseBlock, bool]] = []  # block, always read (inside main / title)
        self.block = ProseBlock()
        self.block_in_scope = False
        self.at_space = True
        self.sup: list[tuple[int, int]] | None = None  # text spans held back inside <sup>
        self.sup_depth = 0
        self.code_start: int | None = None

    def read(self) -> list[ProseBlock]:
        for token in tokenize(self.text):
            kind = token[0]
            if kind == TEXT:
                if self.skip == 0:
                    if self.sup is not None:
                        self.sup.append((token[1], token[2]))
                    else:
                        self._add_text(token[1], token[2])
            elif kind == START:
                self._start(token[1], token[2], token[3], token[4])
            else:
                self._end(token[1], token[2], token[3])
        self._flush()
        keep_all = not (self.scoped and self.saw_scope)
        return [block for block, in_scope in self.blocks if keep_all or in_scope]

    # -- elements
    def _start(self, name: str, start: int, end: int, attrs: list[Attr]) -> None:
        if name == "meta":
            self._meta(attrs)
            return
        if name in _VOID:
            if name == "br" and self.skip == 0:
                self._space(start, end)
            elif name == "hr":
                self._flush()
            return
        if name in _SCOPE:
            self.saw_scope = True
        if name == "code" and self.skip == 0:
            self.code_start = start
        if name == "a" and self.skip == 0:
            href = next((self.text[s:e] for a, s, e in attrs if a == "href"), "")
            if href and CITATION_HOSTS.search(html.unescape(href)):
                self.block.add_citation()
        if name == "sup" and self.skip == 0:
            if self.sup_depth == 0:
                self.sup = []
            self.sup_depth += 1
        parent_kind = self.stack[-1].kind if self.stack else "paragraph"
        entry = _Open(name, _KIND.get(name, parent_kind), name in _SKIP, name in _SCOPE, start)
        self.stack.append(entry)
        self.open_count[name] = self.open_count.get(name, 0) + 1
        self.skip += entry.skips
        self.scope += entry.scopes
        self.title += name == "title"
        if name in _BLOCK:
            self._flush()

    def _end(self, name: str, start: int, end: int) -> None:
        if not self.open_count.get(name):
            if name in _BLOCK:
                self._flush()
            elif name == "br" and self.skip == 0:
                self._space(start, end)  # browsers read a stray </br> as <br>
            return
        block_level = name in _BLOCK
        while self.stack:
            entry = self.stack.pop()
            self.open_count[entry.name] -= 1
            self.skip -= entry.skips
            self.scope -= entry.scopes
            self.title -= entry.name == "title"
            closed_here = entry.name == name
            stop = end if closed_here else start
            if entry.name == "code" and self.skip == 0 and self.code_start is not None:
                if self.sup is not None:
                    self._release_sup()
                self.block.add(PLACEHOLDER, self.code_start, stop)
                self.at_space = False
                self.code_start = None
            if entry.name == "sup" and self.sup_depth:
                self.sup_depth -= 1
                if self.sup_depth == 0:
                    self._close_sup()
            if entry.name in _BLOCK:
                block_level = True
            if closed_here:
                break
        if block_level:
            self._flush()

    def _meta(self, attrs: list[Attr]) -> None:
        values = {a: (s, e) for a, s, e in attrs}
        name = values.get("name")
        if self.skip or not name or "content" not in values:
            return
        if self.text[name[0]:name[1]].strip().lower() != "description":
            return
        self._flush()
        self.block = ProseBlock(kind="description", fixable=False)
        self.block_in_scope = True
        self.at_space = True
        self._add_text(*values["content"])
        self._flush()

    # -- footnote markers: <sup>1</sup> is a citation, not prose; m<sup>2</sup> stays prose
    def _close_sup(self) -> None:
        spans, self.sup = self.sup or [], None
        marker = "".join(html.unescape(self.text[s:e]) for s, e in spans)
        if spans and _FOOTNOTE.fullmatch(marker) and not self._follows_number_or_unit():
            self.block.add_citation()
            return
        for s, e in spans:
            self._add_text(s, e)

    def _release_sup(self) -> None:
        spans, self.sup = self.sup or [], None
        self.sup_depth = 0
        for s, e in spans:
            self._add_text(s, e)

    def _follows_number_or_unit(self) -> bool:
        """10<sup>6</sup>, m<sup>2</sup>, kg/m<sup>2</sup>: an exponent, not a footnote."""
        pieces = self.block._pieces
        if not pieces:
            return False
        _, src_start, src_end = pieces[-1]
        return bool(_EXPONENT_BASE.search(self.text, max(src_start, src_end - 12), src_end))

    # -- blocks
    def _flush(self) -> None:
        """End the current block; the next one takes the kind and scope of the innermost open
        element."""
        if self.sup is not None:
            self._release_sup()
        if self.block._length and self.block.text.strip():
            self.blocks.append((self.block, self.block_in_scope))
        top = self.stack[-1] if self.stack else None
        self.block = ProseBlock(kind=top.kind if top else "paragraph")
        self.block_in_scope = self.scope > 0 or self.title > 0
        self.at_space = True

    def _space(self, start: int, end: int) -> None:
        if not self.at_space:
            self.block.add(" ", start, end)
            self.at_space = True

    def _add_text(self, start: int, end: int) -> None:
        text, block = self.text, self.block
        for m in _TEXT_PIECE.finditer(text, start, end):
            group = m.lastgroup
            if group == "ws":
                if not self.at_space:
                    block.add(" ", m.start(), m.end())
                    self.at_space = True
                continue
            s, e = m.span()
            if group == "ent":
                raw = m.group()
                if raw[1] == "#" or raw[1:] in _HTML5:
                    decoded = html.unescape(raw)
                    block.add(decoded, s, e)
                    self.at_space = decoded == " "
                    continue
            if self.at_space:
                while s < e and text[s] == " ":
                    s += 1
                if s == e:
                    continue
            block.add(text[s:e], s)
            self.at_space = text[e - 1] == " "
