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
    """Anchor word -> the rules (and their sequences) that need it, each with the word lists a
    sentence must hold for it to match (Sequence.required) and the kinds of block it reads."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        # rule.anchor_keys[q] is rule.sequences[q]'s anchor's keys, known without unpickling the
        # rule's sequences or required words when it comes from the rules cache (rulecache.py).
        filed: dict[str, list[tuple[int, int]]] = {}
        known = filed.get
        for r, rule in enumerate(rules):
            for q, keys in enumerate(rule.anchor_keys):
                pair = (r, q)
                for key in keys or ():  # (~7,000 words: no list or tuple made for each)
                    pairs = known(key)
                    if pairs is None:
                        filed[key] = [pair]
                    else:
                        pairs.append(pair)
        self.by_key: dict[str, list[_Entry]] = _Entries(rules, filed)
        self.keys = frozenset(filed)
        self.tails = any(k.startswith("-") for k in self.keys)
        #: (rule, one word of each phrase of its document-scope gate, the rarest): a document with
        #: none of them cannot hold the gate, so the rule is not tried there at all
        self.document_gates = {r: _gate_words(rule.needs_trie) for r, rule in enumerate(rules)
                               if rule.needs_trie is not None and rule.needs_scope == "document"}

    def gated_out(self, words: BlockWords) -> GatedOut | None:
        """The rules whose document-scope gate cannot hold in this document, asked about rule by
        rule (see GatedOut); None when no rule has such a gate."""
        return GatedOut(self.document_gates, words) if self.document_gates else None

    def words(self, lowers, hyphens: bool = True) -> set[str]:
        """Distinct tokens, with `-tail` keys for hyphenated compounds when some rule needs them
        (`hyphens`: whether the text has a hyphen at all)."""
        words = set(lowers)
        if self.tails and hyphens:
            words |= {"-" + w.rsplit("-", 1)[1] for w in words if "-" in w}
        return words

    def pairs(self, words: set[str], kind: str, found: set[str] | None = None,
              first: bool = False, excluded: GatedOut | None = None) -> list[tuple[int, int]]:
        """The (rule, sequence) pairs for a block of this kind whose anchor stands among these
        words (`found`: those of them that are anchors) and whose other required words are there
        too, in rule order (`first`: stop at the first; `excluded`: rules not to give)."""
        if found is None:
            found = words & self.keys
        out: set[tuple[int, int]] = set()
        by_key = self.by_key
        for key in found:
            # (a pair filed under two of these words is checked twice: cheaper than asking each
            # pair whether it is in `out` already, as most fail their first word list)
            for needed, pair, required, blocks in by_key[key]:
                if needed.isdisjoint(words) or (blocks is not None and kind not in blocks):
                    continue  # (most entries end at their first word list: tested without a loop)
                for needed in required:
                    if needed.isdisjoint(words):
                        break
                else:
                    # (the document gate last: asked only of the few pairs that pass the rest)
                    if excluded is not None and pair[0] in excluded.rules and excluded.out(pair[0]):
                        continue
                    if first:
                        return [pair]
                    out.add(pair)
        return sorted(out)


class GatedOut:
    """Whether a rule's document-scope gate cannot hold in a document: none of the gate's words
    stands in it (the gate's full count is still checked at each match of the rest). Worked
    out when a rule that has such a gate could otherwise match, from the document's words
    gathered then: most documents never ask."""

    __slots__ = ("rules", "_gates", "_words", "_present", "_out")

    def __init__(self, gates: dict[int, frozenset[str]], words: BlockWords):
        self.rules = frozenset(gates)
        self._gates = gates
        self._words = words
        self._present: set[str] | None = None
        self._out: dict[int, bool] = {}

    def out(self, r: int) -> bool:
        known = self._out.get(r)
        if known is None:
            present = self._present
            if present is None:
                words = self._words
                present = self._present = set()
                for bi in range(len(words.blocks)):
                    present |= words.distinct(bi)
            known = self._out[r] = self._gates[r].isdisjoint(present)
        return known


def _gate_words(trie) -> frozenset[str]:
    anchors = trie.anchors
    return anchors if anchors is not None else trie.firsts


#: An anchor word's entry in the index: the first word list a sentence must hold (the shortest,
#: the likeliest to be missing; the anchor's own words when there is no list, which a sentence
#: the entry is looked up for always holds), the (rule, sequence) pair, the other word lists,
#: and the kinds of block the rule reads (None: all).
_Entry = tuple[frozenset[str], tuple[int, int], tuple[frozenset[str], ...], frozenset[str] | None]


class _Entries(dict):
    """RuleIndex.by_key, each word's entries made the first time it is looked up: a one-file
    check meets a few hundred of the index's thousands of anchor words, and the required word
    lists of a rule from the rules cache are unpickled only then. A plain dict once filled."""

    def __init__(self, rules: list[Rule], filed: dict[str, list[tuple[int, int]]]):
        super().__init__()
        self._rules = rules
        self._filed = filed

    def __missing__(self, key: str) -> list[_Entry]:
        rules = self._rules
        entries = []
        for r, q in self._filed[key]:  # a KeyError for a word that is no anchor, as a dict's
            rule = rules[r]
            blocks = frozenset(rule.blocks) if rule.blocks is not None else None
            required = rule.anchors[q][1]
            if rule.needs_trie is not None and rule.needs_scope == "sentence":
                # a sentence-scope gate is one more word list the sentence must hold: tested
                # with the others before the matcher runs, not after each match
                required = (*required, _gate_words(rule.needs_trie))
            if required:
                entries.append((required[0], (r, q), required[1:], blocks))
            else:
                entries.append((rule.anchor_keys[q], (r, q), (), blocks))
        self[key] = entries
        return entries


class TokenLinter:
    """Token rules over one document at a time."""

    def __init__(self, rules: list[Rule], context: ContextLayer):
        self.rules = list(rules)
        self.index = RuleIndex(self.rules)
        self.context = context

    def hits(self, doc: Document, urls_of, whole: Whole | None = None,
             block_words: BlockWords | None = None) -> Iterator[Hit]:
        """Sentence by sentence, the matches of every rule whose words all stand there. `whole`:
        `doc` is one piece of a larger file, and this is what the piece needs of the file;
        `block_words`: the document's BlockWords, when the caller reuses them (document_holds)."""
        blocks = doc.blocks
        block_words = block_words if block_words is not None else BlockWords(blocks)
        gates = _Gates(block_words, whole.gates if whole is not None else None)
        doc_cues: list[DocumentCues | None] = []
        index = self.index
        keys = index.keys
        #: Document rules already triggered: only a document's first trigger is reported.
        triggered: set[int] = set()
        # a piece of a larger file knows the whole file's gate counts instead (gates.holds)
        excluded = index.gated_out(block_words) if whole is None else None
        for bi, block in enumerate(blocks):
            text = block.text
            if not text.strip():
                continue
            # the block's distinct words decide, with set operations alone, whether any rule can
            # match in it, and which (its sentences need checking only against those)
            hyphens = index.tails and "-" in block_words.low(bi)
            block_set = block_words.distinct(bi)
            if hyphens:  # with the `-tail` keys of its hyphenated compounds (a new set: shared)
                block_set = index.words(block_set, hyphens)
            found = block_set & keys
            if not found:
                continue
            kind = block.kind
            # A block without a sentence end is one sentence (a heading, a list item): its rules
            # are worked out once, here. Otherwise one rule that may match is enough to go on.
            whole_block = None
            if "." not in text and "?" not in text and "!" not in text:
                whole_block = index.pairs(block_set, kind, found, excluded=excluded)
                if not whole_block:
                    continue
            elif not index.pairs(block_set, kind, found, first=True, excluded=excluded):
                continue
            low = block_words.low(bi)
            block_lowers = block_words.lowers(bi)
            sentences = split_sentences(text)
            # one set of tokens with offsets for the block: each sentence is a range of it
            block_toks = block_words.tokens(bi)
            starts, ends = block_toks.starts, block_toks.ends
            single = len(sentences) == 1
            urls: list | None = None
            for si, sentence in enumerate(sentences):
                if single:  # the sentence is the block (trimmed of white space): all its tokens
                    toks, lo, hi = block_toks, 0, len(block_lowers)
                    words, present = block_set, found
                    pairs = whole_block if whole_block is not None else index.pairs(words, kind, present,
                                                                                    excluded=excluded)
                else:
                    lo = bisect.bisect_left(starts, sentence.start)
                    hi = bisect.bisect_left(starts, sentence.end, lo)
                    if (lo > 0 and ends[lo - 1] > sentence.start) or (hi > lo and ends[hi - 1] > sentence.end):
                        # a sentence cut inside a word (MAX_SENTENCE): its own tokens, as it reads
                        # them, whose pieces of the cut word may be anchor words the block lacks
                        toks = Tokens(text, low, sentence.start, sentence.end)
                        lo, hi = 0, len(toks)
                        anchors = keys
                    else:
                        toks = block_toks
                        anchors = found
                    if lo == hi:
                        continue
                    words = index.words(toks.lowers[lo:hi], hyphens)
                    present = words & anchors
                    if not present:
                        continue
                    pairs = index.pairs(words, kind, present, excluded=excluded)
                if not pairs:
                    continue
                lowers = toks.lowers
                where: dict[str, list[int]] = {}
                if not hyphens:  # (the places of the few anchor words first, in one comprehension)
                    for i in [i for i in range(lo, hi) if lowers[i] in present]:
                        where.setdefault(lowers[i], []).append(i)
                else:
                    for i in range(lo, hi):
                        w = lowers[i]
                        if w in present:
                            where.setdefault(w, []).append(i)
                        if "-" in w:
                            tail = "-" + w.rsplit("-", 1)[1]
                            if tail in present:
                                where.setdefault(tail, []).append(i)
                #: anchor key set -> where its words stand (many rules share an anchor lexicon)
                anchored: dict[frozenset[str], list[int]] = {}
                for r, q in pairs:
                    if r in triggered:
                        continue
                    rule = self.rules[r]
                    anchor_keys = rule.anchor_keys[q]
                    seq = rule.sequences[q]
                    at = anchored.get(anchor_keys)
                    if at is None:
                        here = present.intersection(anchor_keys)
                        at = anchored[anchor_keys] = (where[next(iter(here))] if len(here) == 1
                                                      else sorted(p for k in here for p in where[k]))
                    if not at:
                        continue
                    for start, end, spans in seq.finditer(toks, lo, hi, at):
                        a, b = seq.reported(start, end, spans)
                        c_start, c_end = toks.starts[a], toks.ends[b - 1]
                        if urls is None:
                            urls = urls_of(text)
                        if PLACEHOLDER in text[c_start:c_end] or _overlaps(urls, c_start, c_end):
                            continue
                        # the gate first: it is looked up once per document, antipatterns are tried per match
                        if rule.needs_trie is not None and not gates.holds(rule, toks, lo, hi, block_lowers):
                            continue
                        if any(_vetoes(u, toks, lo, hi, start, end) for u in rule.unless if u.possible(words)):
                            continue
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
                        if rule.kind == "document":
                            triggered.add(r)
                        yield Hit(rule, block, span, TokenMatch(text[c_start:c_end], groups), bi)
                        if r in triggered:
                            break

    @staticmethod
    def document_holds(rule: Rule, doc: Document, words: BlockWords | None = None) -> bool:
        """Whether the document states a document rule's required words somewhere (`words`: the
        document's BlockWords, when hits has worked them out already)."""
        trie = rule.requires_trie
        words = words if words is not None else BlockWords(doc.blocks)
        return any(_count(trie, words.lowers(bi), 0, len(words.lowers(bi)), 1) for bi in range(len(doc.blocks)))


def _words(text: str, toks: Tokens, spans: list[tuple[int, int]]) -> str:
    """The words that named specs covered (neighbouring specs may share a name), or ""."""
    covered = [(a, b) for a, b in spans if a < b]
    if not covered:
        return ""
    return text[toks.starts[covered[0][0]]:toks.ends[covered[-1][1] - 1]]


def _vetoes(unless: Sequence, toks: Tokens, lo: int, hi: int, start: int, end: int) -> bool:
    """An antipattern that matches over any of the match's tokens."""
    reach = unless.reach
    lowers = toks.lowers
    memo: dict = {}
    first = max(lo, start - reach)
    if unless.anchor >= 0:
        keys = unless.specs[unless.anchor].keys or ()
        starts = unless.starts(toks, lo, hi, [i for i in range(first, hi) if lowers[i] in keys], memo)
    else:
        firsts = unless.firsts
        starts = [s for s in range(first, end) if firsts is None or lowers[s] in firsts]
    for s in starts:
        if s < first or s >= end:
            continue
        got = unless.match(toks, s, lo, hi, memo)
        if got is not None and got[0] > s and got[0] > start:
            return True
    return False


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


class BlockWords:
    """Each block's normalised text and tokens, worked out once per document for all who need
    them (the block's own rules, document-scope gates, document rules)."""

    def __init__(self, blocks: list[ProseBlock]):
        self.blocks = blocks
        self._low: dict[int, str] = {}
        self._lowers: dict[int, list[str]] = {}
        self._distinct: dict[int, set[str]] = {}
        self._tokens: dict[int, Tokens] = {}

    def low(self, bi: int) -> str:
        low = self._low.get(bi)
        if low is None:
            low = self._low[bi] = normalize(self.blocks[bi].text)
        return low

    def lowers(self, bi: int) -> list[str]:
        lowers = self._lowers.get(bi)
        if lowers is None:
            lowers = self._lowers[bi] = words_of(self.low(bi))
        return lowers

    def distinct(self, bi: int) -> set[str]:
        """The block's distinct tokens (not to be changed: shared)."""
        words = self._distinct.get(bi)
        if words is None:
            words = self._distinct[bi] = set(self.lowers(bi))
        return words

    def tokens(self, bi: int) -> Tokens:
        """The block's tokens with offsets."""
        toks = self._tokens.get(bi)
        if toks is None:
            toks = self._tokens[bi] = Tokens.placed(self.blocks[bi].text, self.low(bi), self.lowers(bi))
        return toks


class _Gates:
    """`needs` gates: words that must stand in the sentence, paragraph or document (counted once
    per document for document scope)."""

    def __init__(self, words: BlockWords, document: dict[tuple[int, int], int] | None = None):
        self.words = words
        self._document: dict[tuple[int, int], int] = document if document is not None else {}

    def holds(self, rule: Rule, sentence: Tokens, lo: int, hi: int, block_lowers: list[str]) -> bool:
        """Whether the rule's gate holds for a match in the sentence, tokens [lo, hi) of `sentence`."""
        trie = rule.needs_trie
        if rule.needs_scope == "sentence":
            return _count(trie, sentence.lowers, lo, hi, 1) >= 1
        if rule.needs_scope == "paragraph":
            return _count(trie, block_lowers, 0, len(block_lowers), 1) >= 1
        key = (id(trie), rule.needs_count)
        if key not in self._document:
            total = 0
            for bi in range(len(self.words.blocks)):
                lowers = self.words.lowers(bi)
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
