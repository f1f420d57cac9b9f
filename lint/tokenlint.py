"""Running token-sequence rules over a document: which rules a block can match (one dictionary
lookup per distinct word), the matches, their antipatterns, gates and context.

The engine (engine.py) turns what this yields into findings.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from .context import ContextLayer, DocumentCues, Span, next_sentence_text
from .document import PLACEHOLDER, Document, ProseBlock
from .matcher import Sequence
from .ruleset import Rule
from .sentences import split_sentences
from .tokens import Tokens, normalize, words_of


class TokenMatch:
    """A match as suggestion templates read it: `group(name)` gives a named spec's words."""

    __slots__ = ("text", "groups")

    def __init__(self, text: str, groups: dict[str, str]):
        self.text = text
        self.groups = groups

    def group(self, key=0) -> str:
        if key == 0:
            return self.text
        if key not in self.groups:
            raise IndexError(key)
        return self.groups[key]


@dataclass
class Hit:
    """A match no context releases: the rule, its block and sentence, and what to report."""

    rule: Rule
    block: ProseBlock
    span: Span
    match: TokenMatch
    block_index: int


@dataclass
class Whole:
    """What one piece of a file linted in pieces (stream.py) takes from the whole file: the
    document-scope gate counts (as _Gates keys them), the document cues, and the text of the
    block that follows the piece's last block ("" at the end of the file)."""

    gates: dict[tuple[int, int], int]
    cues: DocumentCues | None
    following: str


class RuleIndex:
    """Anchor word -> the rules (and their sequences) that need it."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.by_key: dict[str, list[tuple[int, int]]] = {}
        for r, rule in enumerate(rules):
            for q, seq in enumerate(rule.sequences):
                for key in seq.specs[seq.anchor].keys or ():
                    self.by_key.setdefault(key, []).append((r, q))
        self.keys = frozenset(self.by_key)
        self.tails = any(k.startswith("-") for k in self.keys)

    def candidates(self, low: str) -> tuple[set[str], list[tuple[int, int]]]:
        """The anchor words a block's normalised text holds, and the (rule, sequence) pairs they
        call for."""
        words = set(words_of(low))
        if self.tails:
            words |= {"-" + w.rsplit("-", 1)[1] for w in words if "-" in w}
        found = words & self.keys
        pairs = sorted({pair for key in found for pair in self.by_key[key]})
        return found, pairs


class TokenLinter:
    """Token rules over one document at a time."""

    def __init__(self, rules: list[Rule], context: ContextLayer):
        self.rules = list(rules)
        self.index = RuleIndex(self.rules)
        self.context = context

    def hits(self, doc: Document, urls_of, whole: Whole | None = None) -> Iterator[Hit]:
        blocks = doc.blocks
        gates = _Gates(blocks, whole.gates if whole is not None else None)
        doc_cues: list[DocumentCues | None] = []
        for bi, block in enumerate(blocks):
            text = block.text
            if not text.strip():
                continue
            low = normalize(text)
            found, pairs = self.index.candidates(low)
            if not pairs:
                continue
            toks = Tokens(text, low)
            positions: dict[str, list[int]] = {}
            tails = self.index.tails
            for i, w in enumerate(toks.lowers):
                if w in found:
                    positions.setdefault(w, []).append(i)
                if tails and "-" in w:
                    tail = "-" + w.rsplit("-", 1)[1]
                    if tail in found:
                        positions.setdefault(tail, []).append(i)
            sentences = split_sentences(text)
            bounds = [(bisect.bisect_left(toks.starts, s.start), bisect.bisect_left(toks.starts, s.end))
                      for s in sentences]
            urls = urls_of(text)
            for r, q in pairs:
                rule = self.rules[r]
                if rule.blocks is not None and block.kind not in rule.blocks:
                    continue
                seq = rule.sequences[q]
                keys = seq.specs[seq.anchor].keys or ()
                anchor_at = sorted(p for k in (keys & found if len(keys) > len(found) else found & keys)
                                   for p in positions.get(k, ()))
                if not anchor_at:
                    continue
                for si, (lo, hi) in enumerate(bounds):
                    at = [p for p in anchor_at if lo <= p < hi]
                    if not at:
                        continue
                    for start, end, spans in seq.finditer(toks, lo, hi, at):
                        a, b = seq.reported(start, end, spans)
                        c_start, c_end = toks.starts[a], toks.ends[b - 1]
                        if PLACEHOLDER in text[c_start:c_end] or _overlaps(urls, c_start, c_end):
                            continue
                        # the gate first: it is looked up once per document, antipatterns are tried per match
                        if rule.needs_trie is not None and not gates.holds(rule, bi, toks, lo, hi):
                            continue
                        if any(_vetoes(u, toks, lo, hi, start, end) for u in rule.unless):
                            continue
                        sentence = sentences[si]
                        span = Span(text, sentence.start, sentence.end, c_start, c_end, tuple(block.citations),
                                    tokens=toks)
                        if "qualified" in rule.released_by:
                            following = (blocks[bi + 1].text if bi + 1 < len(blocks)
                                         else whole.following if whole is not None else "")
                            span.next_text = next_sentence_text(text, sentences, si, following)
                        if self.context.table.document_rows:
                            if not doc_cues:
                                doc_cues.append(self.context.document_cues([b.text for b in blocks])
                                                if whole is None else whole.cues)
                            span.document = doc_cues[0]
                        if self.context.releasing(rule.released_by, span):
                            continue
                        groups = {name: _words(text, toks, spans[a:b + 1]) for name, (a, b) in seq.names.items()}
                        yield Hit(rule, block, span, TokenMatch(text[c_start:c_end], groups), bi)

    @staticmethod
    def document_holds(rule: Rule, doc: Document) -> bool:
        """Whether the document states a document rule's required words somewhere."""
        trie = rule.requires_trie
        for block in doc.blocks:
            lowers = words_of(normalize(block.text))
            firsts = trie.firsts
            for i, w in enumerate(lowers):
                if w in firsts and trie.ends(lowers, i, len(lowers)):
                    return True
        return False


def _words(text: str, toks: Tokens, spans: list[tuple[int, int]]) -> str:
    """The words that named specs covered (neighbouring specs may share a name), or ""."""
    covered = [(a, b) for a, b in spans if a < b]
    if not covered:
        return ""
    return text[toks.starts[covered[0][0]]:toks.ends[covered[-1][1] - 1]]


def _vetoes(unless: Sequence, toks: Tokens, lo: int, hi: int, start: int, end: int) -> bool:
    """An antipattern that matches over any of the match's tokens."""
    reach = sum(s.width if not s.lazy else s.max for s in unless.specs)
    firsts = unless.firsts
    lowers = toks.lowers
    failed: set = set()
    for s in range(max(lo, start - reach), end):
        if firsts is not None and lowers[s] not in firsts:
            continue
        got = unless.match(toks, s, lo, hi, failed)
        if got is not None and got[0] > s and got[0] > start:
            return True
    return False


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


class _Gates:
    """`needs` gates: words that must stand in the sentence, paragraph or document (counted once
    per document for document scope)."""

    def __init__(self, blocks: list[ProseBlock], document: dict[tuple[int, int], int] | None = None):
        self.blocks = blocks
        self._document: dict[tuple[int, int], int] = document if document is not None else {}

    def holds(self, rule: Rule, bi: int, toks: Tokens, lo: int, hi: int) -> bool:
        trie = rule.needs_trie
        if rule.needs_scope == "sentence":
            return _count(trie, toks.lowers, lo, hi, 1) >= 1
        if rule.needs_scope == "paragraph":
            return _count(trie, toks.lowers, 0, len(toks), 1) >= 1
        key = (id(trie), rule.needs_count)
        if key not in self._document:
            total = 0
            for block in self.blocks:
                lowers = words_of(normalize(block.text))
                total += _count(trie, lowers, 0, len(lowers), rule.needs_count - total)
                if total >= rule.needs_count:
                    break
            self._document[key] = total
        return self._document[key] >= rule.needs_count


def _count(trie, lowers: list[str], lo: int, hi: int, enough: int) -> int:
    n = 0
    firsts = trie.firsts
    i = lo
    while i < hi:
        if lowers[i] in firsts:
            ends = trie.ends(lowers, i, hi)
            if ends:
                n += 1
                if n >= enough:
                    return n
                i = ends[0]
                continue
        i += 1
    return n
