"""The context layer, as a ConText table (Harkema et al. 2009; medspaCy's modifier rows).

Each row of `rules/context.toml` names cues (inline or from a lexicon) and what they do to a claim
near them: its category (hedged, negated, attributed, animal-study, qualified, established), its
direction (`forward`: the cue governs what follows it; `backward`: what precedes it; `both`), its
scope (`clause`, `sentence`, `sentence+1`: this sentence or the next, `document`), and optional
terminators that end its reach early. A `sentence+1` row that looks `forward` also governs the
sentence after the cue's own in the same paragraph: a study named in one sentence ("The trial,
published in the BMJ, followed 300 adults.") sources the "Researchers found ..." that follows it;
a citation (a link to PubMed or a DOI, `[1]`, *(Smith, 2020)*) in that sentence counts as such a
cue for the `sourced` category. Pseudo-trigger rows list phrases that contain a cue and
modify nothing ("not only", "no doubt"): a cue inside one is ignored. Questions, quotations and
citations are recognised by shape, not by cue. A rule's `released_by` lists the categories that
release it.
"""
from __future__ import annotations

import bisect
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from .errors import RuleFileError
from .lazyregex import LazyPattern
from .records import Frozen, Record
from .sentences import Sentence, clause_bounds, parenthetical_asides, split_sentences
from .tokens import Tokens, normalize
from .vocab import Trie, expand

if TYPE_CHECKING:  # pragma: no cover
    from .lexicons import Lexicon

CATEGORIES = ("hedged", "negated", "attributed", "animal-study", "qualified", "established", "sourced")
DIRECTIONS = ("forward", "backward", "both")
SCOPES = ("clause", "sentence", "sentence+1", "document")
_ROW_KEYS = {"category", "direction", "scope", "cues", "lexicon", "lexicon_part", "terminators", "note",
             "with"}

_CITATION = LazyPattern(  # compiled when a match is first checked for a citation
    r"""\[\^?[\w-]{1,12}\]                                   # [1], [^2], [smith]
    | \(\s*(?:see\s+)?\p{Lu}[\p{L}'’\-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'’\-]+|(?:\s+(?:of\s+|for\s+)?\p{Lu}[\p{L}'’\-]+){1,4})?,?\s+(?:19|20)\d\d[a-z]?(?:[;,][^)]{0,80})?\)   # (Smith et al., 2018)
    | \bdoi\s*:?\s*10\.\d{4,} | doi\.org/ | \bpubmed\b | \bPMID:?\s*\d+ | ncbi\.nlm\.nih\.gov
    | [¹²³⁴⁵⁶⁷⁸⁹⁰]+
    | (?<=[a-z)\]])\d{1,3}(?:[,–-]\d{1,3})*(?=[.;:!?]?["”’)]*\s*$)   # therapy2.
    """,
    regex.X | regex.V1,
)
#: What every shape of _CITATION holds: a bracket, a parenthesis, an ASCII digit or a DOI's,
#: PubMed's or the NCBI's name (or a character checked in _may_cite).
_CITATION_SIGNS = ("[", "(", "doi", "pubmed", "PMID", "ncbi", *"0123456789")
#: Characters beyond ASCII that are neither letters nor digits and that no citation shape holds.
_NOT_CITING = frozenset("’‘“”„«»‹›—–‐‑…·•\u00a0\u2009\u200a\u202f")


def _may_cite(sentence: str) -> bool:
    """Whether the sentence may hold a citation: False only when it holds nothing any shape of
    _CITATION could match (no sign, no digit, no superscript), so that the pattern (~2 ms to
    compile) is compiled only for a sentence that may need it. Beyond ASCII, any character that
    is not a letter counts as a possible digit (the `regex` module's Unicode may be newer than
    Python's)."""
    if any(sign in sentence for sign in _CITATION_SIGNS):
        return True
    return not sentence.isascii() and any(
        not c.isascii() and not c.isalpha() and c not in _NOT_CITING for c in sentence)


#: Words that set one clause against another: a settled pair's partner beyond one is not the claim's.
_CONTRAST = frozenset({"but", "however", "although", "though", "whereas"})
_QUESTION_END = LazyPattern(r"\?[\"'”’)\]]*\s*$")  # for a sentence with a question mark
_OPEN_QUOTES = {"\"": "\"", "“": "”", "‘": "’", "'": "'"}


class Span(Record):
    """Where a match stands inside its block: the block text, the sentence and the match.
    `block_tokens` and `next_sentence` are filled in by the engine when it has them."""

    __slots__ = ("text", "sentence_start", "sentence_end", "start", "end", "citations", "tokens", "next_text",
                 "document")
    _hidden = ("document",)
    text: str
    sentence_start: int
    sentence_end: int
    start: int
    end: int
    citations: tuple[int, ...]
    tokens: Tokens | None
    #: The sentence after this one (in this block or the next), for `sentence+1` rows.
    next_text: str
    #: The document's context cues, for `document` rows (worked out once per document).
    document: DocumentCues | None

    def __init__(self, text: str, sentence_start: int, sentence_end: int, start: int, end: int,
                 citations: tuple[int, ...] = (), tokens: Tokens | None = None, next_text: str = "",
                 document: DocumentCues | None = None) -> None:
        self.text = text
        self.sentence_start = sentence_start
        self.sentence_end = sentence_end
        self.start = start
        self.end = end
        self.citations = citations
        self.tokens = tokens
        self.next_text = next_text
        self.document = document


class Row(Frozen):
    """A row of the table: what its cues do to a claim, in which direction and how far."""

    __slots__ = ("category", "direction", "scope", "terminators", "with_")
    category: str
    direction: str
    scope: str
    terminators: frozenset[str]
    #: For `established` rows: words that must also stand in the sentence (the other half of a
    #: settled cause-and-effect pair: smoking ... lung cancer).
    with_: Trie | None

    def __init__(self, category: str, direction: str, scope: str, terminators: frozenset[str],
                 with_: Trie | None = None) -> None:
        self._set(category=category, direction=direction, scope=scope, terminators=terminators, with_=with_)


class DocumentCues(Record):
    """Which categories have a document-scope cue somewhere in the document."""

    __slots__ = ("categories",)
    categories: set[str]

    def __init__(self, categories: set[str]) -> None:
        self.categories = categories


class ContextTable:
    """The rows, compiled into one trie of cues and one of pseudo-triggers."""

    def __init__(self, rows: list[tuple[Row, set[tuple[str, ...]]]],
                 pseudo: list[tuple[str | None, int, set[tuple[str, ...]]]]):
        self.rows_by_phrase: dict[tuple[str, ...], list[Row]] = {}
        for row, phrases in rows:
            for phrase in phrases:
                self.rows_by_phrase.setdefault(phrase, []).append(row)
        self.trie = Trie(set(self.rows_by_phrase))
        #: (category blocked or None for all, tokens of reach after the phrase, trie)
        self.pseudo = [(category, reach, Trie(phrases)) for category, reach, phrases in pseudo if phrases]
        self.document_rows = any(r.scope == "document" for r, _ in rows)
        #: Categories with a row whose cue also governs the next sentence (see ContextLayer).
        self.forward_next = frozenset(r.category for r, _ in rows if r.scope == "sentence+1" and r.direction == "forward")

    def cues(self, toks: Tokens, lo: int, hi: int) -> list[tuple[int, int, Row]]:
        """Cue occurrences among tokens [lo, hi) as (start, end, row), pseudo-triggers removed."""
        lowers = toks.lowers
        blocked: dict[int, set[str | None]] = {}
        for category, reach, trie in self.pseudo:
            firsts = trie.firsts
            for i in [i for i in range(lo, hi) if lowers[i] in firsts]:  # (few tokens open a cue)
                for e in trie.ends(lowers, i, hi):
                    for j in range(i, min(hi, e + reach)):
                        blocked.setdefault(j, set()).add(category)
        out = []
        firsts = self.trie.firsts
        for i in [i for i in range(lo, hi) if lowers[i] in firsts]:
            stop = blocked.get(i)
            for e in self.trie.ends(lowers, i, hi):
                for row in self.rows_by_phrase.get(tuple(lowers[i:e]), ()):
                    if stop and (None in stop or row.category in stop):
                        continue
                    out.append((i, e, row))
        return out


def load_context_table(lexicons: dict[str, Lexicon], path: Path | None = None) -> ContextTable:
    """Read `rules/context.toml`, validating every row."""
    from . import tomlparser

    if path is None:
        from .ruleset import bundled_rules_dir

        path = bundled_rules_dir() / "context.toml"
    where = str(path)
    try:
        data = tomlparser.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomlparser.TOMLDecodeError) as err:
        raise RuleFileError(where, f"cannot read the context table: {err}") from None
    unknown = set(data) - {"row", "pseudo"}
    if unknown:
        raise RuleFileError(where, f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    rows: list[tuple[Row, set[tuple[str, ...]]]] = []
    for n, raw in enumerate(data.get("row", []), 1):
        label = f"row {n}"
        unknown = set(raw) - _ROW_KEYS
        if unknown:
            raise RuleFileError(where, f"{label}: unknown key(s): {', '.join(sorted(unknown))}")
        category = raw.get("category")
        if category not in CATEGORIES:
            raise RuleFileError(where, f"{label}: category must be one of {', '.join(CATEGORIES)}")
        direction = raw.get("direction", "both")
        scope = raw.get("scope", "clause")
        if direction not in DIRECTIONS:
            raise RuleFileError(where, f"{label}: direction must be one of {', '.join(DIRECTIONS)}")
        if scope not in SCOPES:
            raise RuleFileError(where, f"{label}: scope must be one of {', '.join(SCOPES)}")
        phrases: set[tuple[str, ...]] = set()
        for cue in raw.get("cues", []):
            phrases |= expand(cue)
        if "lexicon" in raw:
            lexicon = lexicons.get(raw["lexicon"])
            if lexicon is None:
                raise RuleFileError(where, f"{label}: lexicon '{raw['lexicon']}' does not exist")
            part = raw.get("lexicon_part", "all")
            if part not in ("all", "terms", "before", "after"):
                raise RuleFileError(where, f"{label}: lexicon_part must be all, terms, before or after")
            words = lexicon.all_terms if part == "all" else getattr(lexicon, part)
            for term in words:
                phrases |= expand(term, lexicon.inflect)
        if not phrases:
            raise RuleFileError(where, f"{label}: a row needs cues or a lexicon")
        with_ = None
        if "with" in raw:
            partners: set[tuple[str, ...]] = set()
            for w in raw["with"]:
                partners |= expand(w, True)
            with_ = Trie(partners)
        terminators = frozenset(normalize(t) for t in raw.get("terminators", []))
        rows.append((Row(category, direction, scope, terminators, with_), phrases))
    pseudo: list[tuple[str | None, int, set[tuple[str, ...]]]] = []
    for n, raw in enumerate(data.get("pseudo", []), 1):
        unknown = set(raw) - {"cues", "lexicon", "category", "reach", "note"}
        if unknown:
            raise RuleFileError(where, f"pseudo {n}: unknown key(s): {', '.join(sorted(unknown))}")
        category = raw.get("category")
        if category is not None and category not in CATEGORIES:
            raise RuleFileError(where, f"pseudo {n}: category must be one of {', '.join(CATEGORIES)}")
        phrases = set()
        for cue in raw.get("cues", []):
            phrases |= expand(cue)
        if "lexicon" in raw:
            if raw["lexicon"] not in lexicons:
                raise RuleFileError(where, f"pseudo {n}: lexicon '{raw['lexicon']}' does not exist")
            for term in lexicons[raw["lexicon"]].all_terms:
                phrases |= expand(term)
        pseudo.append((category, int(raw.get("reach", 0)), phrases))
    return ContextTable(rows, pseudo)


class ContextLayer:
    """Decides which contexts hold at a match; built once from the context table."""

    def __init__(self, lexicons: dict[str, Lexicon], table: ContextTable | None = None):
        self.table = table or load_context_table(lexicons)
        #: The cues of the last sentence asked about: its matches are checked one after another.
        self._last: tuple[object, int, int, list] | None = None
        self._cited: tuple[str, int, int, tuple, bool] | None = None

    def _cues(self, toks: Tokens, lo: int, hi: int) -> list:
        last = self._last
        if last is None or last[0] is not toks or last[1] != lo or last[2] != hi:
            last = self._last = (toks, lo, hi, self.table.cues(toks, lo, hi))
        return last[3]

    def releasing(self, policy: frozenset[str], span: Span) -> str | None:
        """The first context in the rule's policy that holds at the match, or None."""
        if not policy:
            return None
        if ("question" in policy and span.text.find("?", span.sentence_start, span.sentence_end) != -1
                and _QUESTION_END.search(span.text, span.sentence_start, span.sentence_end)):
            return "question"
        if "cited" in policy:
            last = self._cited
            if last is None or last[0] is not span.text or last[1] != span.sentence_start \
                    or last[2] != span.sentence_end or last[3] != span.citations:  # a sentence's matches share it
                last = self._cited = (span.text, span.sentence_start, span.sentence_end, span.citations,
                                      self.is_cited(span))
            if last[4]:
                return "cited"
        if "attributed" in policy and self.is_quoted(span):
            return "attributed"
        wanted = policy & set(CATEGORIES)
        if not wanted:
            return None
        if span.document is not None and span.document.categories & wanted:
            for category in CATEGORIES:
                if category in wanted and category in span.document.categories:
                    return category
        toks = span.tokens or Tokens(span.text)
        lo = bisect.bisect_left(toks.starts, span.sentence_start)
        hi = bisect.bisect_left(toks.starts, span.sentence_end)
        clause: tuple[int, int] | None = None  # worked out for the first clause-scope cue, if any
        for start, end, row in self._cues(toks, lo, hi):
            if row.category not in wanted:
                continue
            if clause is None and row.scope == "clause":
                clause = clause_bounds(span.text, span.start, span.end, span.sentence_start, span.sentence_end)
            if self._governs(row, toks, start, end, span, clause, lo, hi):
                return row.category
        if any(c in wanted for c in ("qualified",)) and span.next_text:
            nxt = Tokens(span.next_text)
            for _, _, row in self.table.cues(nxt, 0, len(nxt)):
                if row.category in wanted and row.scope == "sentence+1":
                    return row.category
        if wanted & self.table.forward_next:
            return self._from_previous(wanted, span)
        return None

    def _from_previous(self, wanted: set[str], span: Span) -> str | None:
        """A forward `sentence+1` cue (or, for `sourced`, a citation) in the sentence before the
        match's, in the same block, that governs the match."""
        start = previous_sentence_start(span.text, span.sentence_start)
        if start is None:
            return None
        end = span.sentence_start
        if "sourced" in wanted:
            prev = Span(span.text, start, end, start, start, span.citations)
            if self.is_cited(prev):
                return "sourced"
        toks = Tokens(span.text, start=start, end=end)
        for _, _, row in self.table.cues(toks, 0, len(toks)):
            if row.category in wanted and row.scope == "sentence+1" and row.direction == "forward":
                return row.category
        return None

    def _governs(self, row: Row, toks: Tokens, start: int, end: int, span: Span, clause: tuple[int, int] | None,
                 lo: int, hi: int) -> bool:
        """Whether a cue at tokens [start, end) reaches the match (`clause`: the claim's clause,
        given for clause-scope rows)."""
        c_start, c_end = toks.starts[start], toks.ends[end - 1]
        if c_end > span.start and c_start < span.end:
            return False  # the cue is part of the claim's own words
        if row.scope == "clause":
            assert clause is not None
            lo_char, hi_char = clause
        else:
            lo_char, hi_char = span.sentence_start, span.sentence_end
        if c_start < lo_char or c_end > hi_char:
            return False
        if row.scope == "clause" and any(
                a <= c_start and c_end <= b and not (a <= span.start < b)
                for a, b in parenthetical_asides(span.text, span.sentence_start, span.sentence_end)):
            return False  # a cue in an aside the claim is not in speaks only for the aside
        before = c_end <= span.start
        if row.direction == "forward" and not before:
            return False
        if row.direction == "backward" and before:
            return False
        if row.terminators:
            a, b = (end, bisect.bisect_left(toks.starts, span.start)) if before else \
                (bisect.bisect_left(toks.starts, span.end), start)
            if any(toks.lowers[i] in row.terminators for i in range(a, b)):
                return False
        if row.with_ is not None:
            # The effect must stand apart from the cue: in "the flu vaccine causes ..." or "measles
            # vaccination raises ...", "flu" and "measles" name the vaccine, not what it prevents.
            # And it must stand on the claim's side of a contrast: in "the exercise programme improved
            # processing speed, but only in women treated for breast cancer" the cancer is no effect.
            lowers = toks.lowers
            claim_at = bisect.bisect_left(toks.starts, span.start)
            for i in range(lo, hi):
                if lowers[i] in _CONTRAST:
                    if i < claim_at:
                        lo = i + 1
                    else:
                        hi = i
                        break
            if not any(e < start or i > end for i in range(lo, hi) if lowers[i] in row.with_.firsts
                       for e in row.with_.ends(lowers, i, hi)):
                return False
        return True

    def document_cues(self, texts: list[str]) -> DocumentCues | None:
        """The categories of document-scope rows found anywhere in these blocks."""
        if not self.table.document_rows:
            return None
        found: set[str] = set()
        for text in texts:
            toks = Tokens(text)
            for _, _, row in self.table.cues(toks, 0, len(toks)):
                if row.scope == "document":
                    found.add(row.category)
        return DocumentCues(found)

    @staticmethod
    def is_cited(span: Span) -> bool:
        if any(span.sentence_start <= c <= span.sentence_end for c in span.citations):
            return True
        if not _may_cite(span.text[span.sentence_start:span.sentence_end]):
            return False
        return bool(_CITATION.search(span.text, span.sentence_start, span.sentence_end))

    @staticmethod
    def is_quoted(span: Span) -> bool:
        """The match sits inside quotation marks that open and close within its sentence."""
        before = span.text[span.sentence_start:span.start]
        for opening, closing in _OPEN_QUOTES.items():
            at = before.rfind(opening)
            if at == -1:
                continue
            if opening == closing and before.count(opening) % 2 == 0:
                continue
            if opening in "'‘" and at > 0 and before[at - 1].isalnum():
                continue  # an apostrophe, not a quote
            if closing in span.text[span.end:span.sentence_end]:
                return True
        return False


def next_sentence_text(text: str, sentences: list[Sentence], index: int, following: str = "") -> str:
    """The sentence after sentences[index] in the block, or the start of the next block."""
    if index + 1 < len(sentences):
        s = sentences[index + 1]
        return text[s.start:s.end]
    if following:
        first = split_sentences(following)
        return following[first[0].start:first[0].end] if first else ""
    return ""


def previous_sentence_start(text: str, sentence_start: int) -> int | None:
    """Where the sentence before the one at `sentence_start` starts in the block `text`, or None
    when that sentence opens the block."""
    if not text[:sentence_start].strip():
        return None
    sentences = [s for s in split_sentences(text[:sentence_start]) if text[s.start:s.end].strip()]
    return sentences[-1].start if sentences else None
