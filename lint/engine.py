"""The linting pipeline: document -> sentences -> rules (with context) -> findings.

Rules are token sequences (matcher.py), run block by block by tokenlint.py; this module turns
their matches into findings: exact source positions, messages, suggestions and fixes, and one
finding where two rules flag the same words.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

import regex

from .context import ContextLayer, Span
from .document import Document, ProseBlock
from .findings import SEVERITY_RANK, Finding, Fix
from .formats.options import ReaderOptions
from .jurisdiction import adapt as adapt_to_jurisdiction, bound_rules
from .lazyregex import LazyPattern
from .ruleset import Rule, RuleSet
from .suggestions import ADVERB_RUN_BEFORE, ADVERBS, MODAL_START, article_for, fit_after, is_title, render
from .tokenlint import BlockWords, Hit, TokenLinter

if TYPE_CHECKING:  # pragma: no cover
    from .stream import FileFacts, Piece

_URL = LazyPattern(r"\b(?:https?://|www\.)\S+|(?<![\w.-])[\w.-]++@[\w-]+\.[\w.]+", regex.I)  # when a text has / @ or www


def rule_selected(rule: Rule, select: Iterable[str] | None, ignore: Iterable[str] | None) -> bool:
    """--select/--ignore accept rule ids or categories (`cure` or `cure/cures-condition`)."""

    return _code_selected(rule.id, rule.category, select, ignore)


def _code_selected(rule_id: str, category: str, select: Iterable[str] | None,
                   ignore: Iterable[str] | None) -> bool:
    """rule_selected for a model's rule id and category (a model has no Rule)."""

    def hits(codes: Iterable[str]) -> bool:
        return any(code in ("ALL", "all", rule_id, category) for code in codes)

    return not (select and not hits(select)) and not (ignore and hits(ignore))


class Linter:
    """Runs a rule set over documents; built once, used for many files."""

    def __init__(self, ruleset: RuleSet, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, severities: dict[str, str] | None = None,
                 reader_options: ReaderOptions | None = None, jurisdiction: str | None = None,
                 models: list | None = None):
        # jurisdiction.py: rules bound to one country's law (the US FDA disclaimer) fix only there.
        self.jurisdiction = jurisdiction
        self.ruleset = ruleset
        # The lexicons only to read a context table the rule set lacks: a rule set from the
        # rules cache has its table, and unpickles its lexicons only when they are asked for.
        self.context = ContextLayer(ruleset.lexicons if ruleset.context is None else {}, ruleset.context)
        self.rules = [r for r in ruleset.rules if rule_selected(r, select, ignore)]
        self.severities = severities or {}
        #: How files are read for this linter (HTML scope, front matter fields); every caller that
        #: reads a file to lint it (check, fix, interactive review) passes these to read_document.
        self.reader_options = reader_options or ReaderOptions()
        self.token_linter = TokenLinter(self.rules, self.context)
        self._rules_by_id = {r.id: r for r in self.rules}
        self._bound = bound_rules(self.rules)  # jurisdiction.py, worked out once
        #: Enabled learned checkers (models.py), filtered by --select/--ignore like rules.
        self.models = [m for m in models or () if _code_selected(m.rule_id, m.category, select, ignore)]

    def lint(self, doc: Document) -> list[Finding]:
        # Which hits are reported is decided on their places and ranks alone (_one_per_span), so
        # the findings' messages, suggestions, fixes and line numbers are worked out only for
        # those kept (a quarter of the hits on claim-dense drafts overlap a stronger one).
        pending: list[_Pending] = []
        first_trigger: dict[str, Hit] = {}
        words = BlockWords(doc.blocks)  # normalised once, for the rules and the document rules
        for hit in self.token_linter.hits(doc, _url_spans, block_words=words):
            rule = hit.rule
            if rule.kind == "document":
                first_trigger.setdefault(rule.id, hit)
                continue
            pending.append(self._pending(doc, hit, False))
        for hit in first_trigger.values():
            if not TokenLinter.document_holds(hit.rule, doc, words):
                pending.append(self._pending(doc, hit, True))
        pending.sort(key=lambda f: f.sort_key)
        findings = [(self._document_finding if p.document else self._finding)(p.hit.rule, doc, p.hit.block,
                                                                               p.hit.match, p.hit.span)
                    for p in self._one_per_span(pending)]
        return adapt_to_jurisdiction(self._with_models(doc, findings), self._bound, self.jurisdiction)

    def _pending(self, doc: Document, hit: Hit, document: bool) -> _Pending:
        rule = hit.rule
        offset = hit.block.source_start(hit.span.start)
        end_offset = hit.block.source_end(hit.span.end)
        severity = self.severities.get(rule.id, self.severities.get(rule.category, rule.severity))
        return _Pending(offset, end_offset, rule.id, severity, (doc.path, offset, end_offset, rule.id), hit,
                        document)

    def _with_models(self, doc: Document, kept: list[Finding]) -> list[Finding]:
        """The rules' findings plus the enabled models' (models.py), where no rule flags the words."""
        if not self.models:
            return kept
        from .models import model_findings

        groups = {r.id: r.overlap_group for r in self.rules}
        return sorted(kept + model_findings(doc, self.models, self.context, _url_spans, kept, groups,
                                            self.severities), key=lambda f: f.sort_key)

    def lint_stream(self, pieces: Iterable[Piece], facts: FileFacts) -> Iterator[tuple[Piece, list[Finding]]]:
        """A file read in pieces (stream.py): each piece with its findings, in file order, as
        `lint` gives them for the whole file. `facts` are what the first pass learned of the
        whole file (document-scope gates and cues, whether document rules' statements stand
        somewhere, its length and line endings); a document rule reports at its first trigger
        when the file never states what it needs, as in `lint`. Findings of different pieces
        never overlap (pieces hold whole blocks), so one piece at a time gives the same
        one-per-span choice."""
        triggered: set[str] = set()
        for piece in pieces:
            doc = piece.doc
            findings: list[Finding] = []
            for hit in self.token_linter.hits(doc, _url_spans, facts.of_file(piece)):
                rule = hit.rule
                if rule.kind == "document":
                    if rule.id not in triggered:
                        triggered.add(rule.id)
                        if not facts.holds.get(rule.id, False):
                            findings.append(self._document_finding(
                                rule, doc, hit.block, hit.match, hit.span,
                                (facts.length - piece.offset, facts.newline, facts.ends_with_break)))
                    continue
                findings.append(self._finding(rule, doc, hit.block, hit.match, hit.span))
            findings.sort(key=lambda f: f.sort_key)
            kept = adapt_to_jurisdiction(self._with_models(doc, self._one_per_span(findings)), self._bound,
                                         self.jurisdiction)
            yield piece, [piece.placed(f) for f in kept]

    def _one_per_span(self, findings: list[_Ranked]) -> list[_Ranked]:
        """Words flagged by two rules of one overlap group (the same pack, or packs that judge the
        same thing, such as cure, causation and extrapolation: how strongly a claim is put) give
        one finding: the more severe, then the rule of the higher-priority pack (a specific
        extrapolation rule over generic causation), then the longer match. The very same words
        give one finding whatever the packs; an unsourced figure and a causal verb in
        overlapping words are two problems and stay two findings."""
        if len(findings) < 2:
            return findings
        rules = self._rules_by_id
        ranked = sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], -rules[f.rule].priority,
                                                 -(f.end_offset - f.offset), f.offset, f.rule))
        kept: list[Finding] = []
        taken: dict[str, list[tuple[int, int]]] = {}
        exact: set[tuple[int, int]] = set()
        for f in ranked:
            if rules[f.rule].kind == "document":  # a missing statement never hides another finding
                kept.append(f)
                continue
            if (f.offset, f.end_offset) in exact:
                continue
            exact.add((f.offset, f.end_offset))
            spans = taken.setdefault(rules[f.rule].overlap_group, [])
            if any(a < f.end_offset and f.offset < b for a, b in spans):
                continue
            kept.append(f)
            spans.append((f.offset, f.end_offset))
        kept.sort(key=lambda f: f.sort_key)
        return kept

    def _finding(self, rule: Rule, doc: Document, block: ProseBlock, m, span: Span,
                 fix_at: tuple[int, int] | None = None) -> Finding:
        offset = block.source_start(span.start)
        end_offset = block.source_end(span.end)
        prose = block.text[span.start:span.end]
        source_text = doc.text[offset:end_offset]
        initial = not block.text[span.sentence_start:span.start].strip(" \t\"'“‘([*_•-")
        # a title-case heading keeps its case wherever the flagged words stand in it
        initial = initial or is_title(block.text[span.sentence_start:span.sentence_end])
        before = _word_before(block.text, span.sentence_start, span.start)
        suggestions = [fitted for t in rule.suggest
                       if (fitted := fit_after(render(t, m, prose, self.ruleset.base_forms, initial), before, prose))]
        fix = None
        if rule.fix != "none" and suggestions:
            if fix_at is not None:
                fix = Fix(suggestions[0], rule.fix, *fix_at)
            elif source_text == prose and block.fixable:  # never rewrite across markup
                fix = Fix(suggestions[0], rule.fix, offset, end_offset)
                lead = adverbs_before(block.text, span.sentence_start, span.start)
                if lead is not None and MODAL_START.match(suggestions[0]):
                    fix = _with_adverbs(fix, block, doc, lead, span.start)
                fix = _with_article(fix, block, doc, span.sentence_start, span.start)
        line, col = doc.lines.line_col(offset)
        end_line, end_col = doc.lines.line_col(end_offset)
        return Finding(
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
            offset=offset, end_offset=end_offset, rule=rule.id, category=rule.category,
            severity=self.severities.get(rule.id, self.severities.get(rule.category, rule.severity)),
            message=rule.message.replace("{match}", prose), match=source_text,
            suggestions=suggestions, fix=fix,
        )

    def _document_finding(self, rule: Rule, doc: Document, block: ProseBlock, m, span: Span,
                          ending: tuple[int, str, bool] | None = None) -> Finding:
        """A document rule's finding at its first trigger; the fix appends the statement as its
        own paragraph, in the file's line endings. `ending` describes the whole file when `doc`
        is one piece of it: where it ends (in the piece's offsets), its line break, and whether
        it ends with one."""
        if ending is None:
            ending = (len(doc.text), "\r\n" if "\r\n" in doc.text else "\n",
                      not doc.text or doc.text.endswith(("\n", "\r")))
        end, newline, ends_with_break = ending
        finding = self._finding(rule, doc, block, m, span, fix_at=(end, end))
        if finding.fix is None:
            return finding
        lead = "" if ends_with_break else newline
        text = lead + newline + finding.suggestions[0] + newline
        return dataclasses.replace(finding, fix=dataclasses.replace(finding.fix, replacement=text))


class _Pending:
    """A hit with what _one_per_span ranks findings by (as Finding names them), before its
    finding is made."""

    __slots__ = ("offset", "end_offset", "rule", "severity", "sort_key", "hit", "document")

    def __init__(self, offset: int, end_offset: int, rule: str, severity: str, sort_key: tuple, hit: Hit,
                 document: bool) -> None:
        self.offset = offset
        self.end_offset = end_offset
        self.rule = rule
        self.severity = severity
        self.sort_key = sort_key
        self.hit = hit
        self.document = document


#: What _one_per_span chooses among: findings, or hits waiting to become findings.
_Ranked = TypeVar("_Ranked", Finding, _Pending)


def _word_before(text: str, lo: int, start: int) -> str:
    """The word right before the flagged words in their sentence, lower-cased ("" when none):
    what decides whether a rewrite's "may" can stand there (suggestions.fit_after)."""
    end = start
    if end <= lo or not text[end - 1].isspace():
        return ""
    while end > lo and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > lo and (text[begin - 1].isalnum() or text[begin - 1] in "'’"):
        begin -= 1
    return text[begin:end].lower()


def adverbs_before(text: str, lo: int, start: int) -> int | None:
    """Where a run of adverbs that stands right before text[start] begins, if one does."""
    pos = max(lo, start - 80)
    # A run ends with one of the adverbs and blanks. When the last word before the flagged ones
    # (within the search's reach) is no adverb there is none, and the pattern (60 words, ~2 ms
    # to compile) is not needed: a word of the letters an adverb can be spelt with, compared as
    # the pattern's (?i) compares them.
    end = start
    while end > pos and text[end - 1] not in _ADVERB_LETTERS:
        end -= 1
    word = end
    while word > pos and text[word - 1] in _ADVERB_LETTERS:
        word -= 1
    if text[word:end].translate(_FOLD_TO_ASCII).lower() not in ADVERBS:
        return None
    m = ADVERB_RUN_BEFORE.search(text, pos, start)
    return m.start() if m else None


#: The letters (?i) matches to those of an ASCII word: A-Z, a-z, the long s, the Kelvin sign
#: and the capital I with a dot.
_FOLD_TO_ASCII = {ord("ſ"): "s", ord("K"): "k", ord("İ"): "i"}
_ADVERB_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZſKİ")


def _with_adverbs(fix: Fix, block: ProseBlock, doc: Document, lead: int, start: int) -> Fix:
    """Extend a fix back over the adverbs before the flagged words and put them after the modal."""
    src_lead = block.source_start(lead)
    adverbs = doc.text[src_lead:fix.offset]
    if adverbs != block.text[lead:start]:  # markup in between: leave the fix as it was
        return fix
    m = MODAL_START.match(fix.replacement)
    replacement = fix.replacement[:m.end()] + " " + adverbs.strip() + fix.replacement[m.end():]
    return Fix(replacement, fix.applicability, src_lead, fix.end_offset)


def _with_article(fix: Fix, block: ProseBlock, doc: Document, lo: int, start: int) -> Fix:
    """"an FDA-approved supplement" -> "a supplement (not approved ...)": the article right before
    the flagged words follows the rewrite's first sound (the fix takes the article in)."""
    before = block.text[max(lo, start - 3):start]
    for article in ("an ", "a "):
        # a word of its own: at the sentence start or after a non-letter ("plan reverses" holds no "an")
        at = start - len(article)
        if before.lower().endswith(article) and (at <= lo or not block.text[at - 1].isalnum()):
            break
    else:
        return fix
    wanted = article_for(fix.replacement)
    if wanted is None or wanted == article.strip().lower():
        return fix
    at = start - len(article)
    src = block.source_start(at)
    if doc.text[src:fix.offset] != block.text[at:start]:  # markup in between: leave it
        return fix
    written = block.text[at:at + len(article) - 1]
    wanted = wanted.capitalize() if written[:1].isupper() else wanted
    return Fix(wanted + " " + fix.replacement, fix.applicability, src, fix.end_offset)


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(text)] if ("/" in text or "@" in text or "www" in text) else []


def at_or_above(findings: list[Finding], level: str) -> bool:
    return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level] for f in findings)
