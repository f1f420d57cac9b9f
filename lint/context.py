"""The context layer: is the claim at a match hedged, negated, attributed, asked or cited, or
does it report an experiment in animals or cells?

Every rule consults it through its `released_by` policy. Cues come from lexicons
(`rules/lexicons/hedges.toml`, `negations.toml`, `attributions.toml`) with their scope: a cue
counts only inside the clause that holds the match, so a hedge elsewhere in a long sentence does
not clean the claim.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .errors import RuleFileError
from .lexicons import Lexicon
from .sentences import clause_bounds

CONTEXT_LEXICONS = {"hedged": "hedges", "negated": "negations", "attributed": "attributions",
                    "animal-study": "animal-scopes"}

_CITATION = regex.compile(
    r"""\[\^?[\w-]{1,12}\]                                   # [1], [^2], [smith]
    | \(\s*(?:see\s+)?\p{Lu}[\p{L}'’\-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'’\-]+|(?:\s+(?:of\s+|for\s+)?\p{Lu}[\p{L}'’\-]+){1,4})?,?\s+(?:19|20)\d\d[a-z]?(?:[;,][^)]{0,80})?\)   # (Smith et al., 2018), (Harvard Health Publishing, 2018)
    | \bdoi\s*:?\s*10\.\d{4,} | doi\.org/ | \bpubmed\b | \bPMID:?\s*\d+ | ncbi\.nlm\.nih\.gov
    | [¹²³⁴⁵⁶⁷⁸⁹⁰]+
    | (?<=[a-z)\]])\d{1,3}(?:[,–-]\d{1,3})*(?=[.;:!?]?["”’)]*\s*$)   # therapy2.
    """,
    regex.X | regex.V1,
)
_QUESTION_END = regex.compile(r"\?[\"'”’)\]]*\s*$")
_OPEN_QUOTES = {"\"": "\"", "“": "”", "‘": "’", "'": "'"}


@dataclass
class Span:
    """Where a match stands inside its block: the block text, the sentence and the match."""

    text: str
    sentence_start: int
    sentence_end: int
    start: int
    end: int
    citations: tuple[int, ...] = ()


class ContextLayer:
    """Decides which contexts hold at a match; built once from the context lexicons."""

    def __init__(self, lexicons: dict[str, Lexicon]):
        for name in CONTEXT_LEXICONS.values():
            if name not in lexicons:
                raise RuleFileError(f"rules/lexicons/{name}.toml", f"the context layer needs lexicon '{name}'")
        self.lexicons = {ctx: lexicons[name] for ctx, name in CONTEXT_LEXICONS.items()}

    def releasing(self, policy: frozenset[str], span: Span) -> str | None:
        """The first context in the rule's policy that holds at the match, or None."""
        if not policy:
            return None
        clause = None
        for ctx in ("question", "cited", "negated", "attributed", "hedged", "animal-study"):
            if ctx not in policy:
                continue
            if ctx == "question":
                if _QUESTION_END.search(span.text, span.sentence_start, span.sentence_end):
                    return ctx
            elif ctx == "cited":
                if self.is_cited(span):
                    return ctx
            else:
                if clause is None:
                    clause = clause_bounds(span.text, span.start, span.end, span.sentence_start, span.sentence_end)
                if ctx == "attributed" and self.is_quoted(span):
                    return ctx
                if self._cue_in_clause(self.lexicons[ctx], span, clause):
                    return ctx
        return None

    @staticmethod
    def is_cited(span: Span) -> bool:
        if any(span.sentence_start <= c <= span.sentence_end for c in span.citations):
            return True
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

    @staticmethod
    def _cue_in_clause(lexicon: Lexicon, span: Span, clause: tuple[int, int]) -> bool:
        lo, hi = clause
        text = span.text
        patterns = lexicon.compiled
        anywhere = patterns["terms"]
        if anywhere is not None:
            for m in anywhere.finditer(text, lo, hi):
                if m.end() <= span.start or m.start() >= span.end:
                    return True
        before = patterns["before"]
        if before is not None and before.search(text, lo, span.start):
            return True
        after = patterns["after"]
        if after is not None and after.search(text, span.end, hi):
            return True
        return False
