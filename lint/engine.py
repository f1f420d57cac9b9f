"""The linting pipeline: document -> sentences -> rules (with context) -> findings."""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable

import regex

from .context import ContextLayer, Span
from .document import PLACEHOLDER, Document, ProseBlock
from .findings import SEVERITY_RANK, Finding, Fix
from .prefilter import Prefilter, finditer
from .ruleset import Rule, RuleSet
from .sentences import Sentence, split_sentences
from .suggestions import render

_URL = regex.compile(r"\b(?:https?://|www\.)\S+|\b[\w.-]+@[\w-]+\.[\w.]+", regex.I)


def rule_selected(rule: Rule, select: Iterable[str] | None, ignore: Iterable[str] | None) -> bool:
    """--select/--ignore accept rule ids or categories (`cure` or `cure/cures-condition`)."""

    def hits(codes: Iterable[str]) -> bool:
        return any(code in ("ALL", "all", rule.id, rule.category) for code in codes)

    if select and not hits(select):
        return False
    return not (ignore and hits(ignore))


class Linter:
    """Runs a rule set over documents; built once, used for many files."""

    def __init__(self, ruleset: RuleSet, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, severities: dict[str, str] | None = None,
                 prefilter: bool = True):
        self.ruleset = ruleset
        self.context = ContextLayer(ruleset.lexicons)
        self.rules = [r for r in ruleset.rules if rule_selected(r, select, ignore)]
        self.severities = severities or {}
        # Which rules can match which block, from the words in it (see prefilter.py).
        self.prefilter = Prefilter([r.compiled for r in self.rules]) if prefilter else None
        # Where every match of a rule starts with known words, it is tried only where they occur.
        self._leads = dict(zip((r.id for r in self.rules), self.prefilter.leads)) if prefilter else {}
        # The same for document-wide `needs` patterns (often shared by several rules).
        needs = list({r.needs.pattern: r.needs for r in self.rules
                      if r.needs is not None and r.needs_scope == "document"}.values())
        self._needs_order = {p.pattern: i for i, p in enumerate(needs)}
        self._needs_filter = Prefilter(needs) if prefilter and needs else None

    def lint(self, doc: Document) -> list[Finding]:
        findings: list[Finding] = []
        prepared = [_Prepared(block) for block in doc.blocks]
        has_needs: dict[tuple[str, int], bool] = {}
        for rule, blocks in zip(self.rules, self._blocks_by_rule(prepared)):
            if not blocks:  # no block holds the words this rule needs (see prefilter.py)
                continue
            if rule.needs is not None and rule.needs_scope == "document":
                key = (rule.needs.pattern, rule.needs_count)
                if key not in has_needs:
                    has_needs[key] = _document_has(self._needs_blocks(doc, rule), rule, self._needs_leads(rule))
                if not has_needs[key]:
                    continue
            if rule.kind == "document":
                finding = self._document_rule(rule, doc, blocks)
                if finding:
                    findings.append(finding)
                continue
            for block, sentences, urls in blocks:
                for m, span in self._matches(rule, block, sentences, urls):
                    findings.append(self._finding(rule, doc, block, m, span))
        findings.sort(key=lambda f: f.sort_key)
        return findings

    def _blocks_by_rule(self, prepared: list[_Prepared]) -> list[list[_Prepared]]:
        """For each rule, the blocks it can match (all of them without the prefilter)."""
        if self.prefilter is None:
            return [prepared] * len(self.rules)
        by_rule: list[list[_Prepared]] = [[] for _ in self.rules]
        for item, indices in zip(prepared, self.prefilter.candidates_of_blocks([p.block.text for p in prepared])):
            for index in indices:
                by_rule[index].append(item)
        return by_rule

    def _needs_leads(self, rule: Rule) -> tuple[str, ...] | None:
        return self._needs_filter.leads[self._needs_order[rule.needs.pattern]] if self._needs_filter else None

    def _needs_blocks(self, doc: Document, rule: Rule) -> list[ProseBlock]:
        """The blocks that can hold a match of the rule's document-wide `needs` pattern."""
        if self._needs_filter is None:
            return doc.blocks
        index = self._needs_order[rule.needs.pattern]
        found = self._needs_filter.candidates_of_blocks([b.text for b in doc.blocks])
        return [b for b, indices in zip(doc.blocks, found) if index in indices]

    def _matches(self, rule: Rule, block: ProseBlock, sentences: list[Sentence], urls: list[tuple[int, int]]):
        """Matches of one rule in one block that no context releases."""
        starts = [s.start for s in sentences]
        for m in finditer(rule.compiled, block.text, self._leads.get(rule.id)):
            start, end = m.span(rule.report) if rule.report else m.span()
            if start >= end or PLACEHOLDER in block.text[start:end]:
                continue
            if any(a < end and start < b for a, b in urls):
                continue
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or end > sentences[i].end:
                continue
            sentence = sentences[i]
            span = Span(block.text, sentence.start, sentence.end, start, end, tuple(block.citations))
            if rule.needs is not None and rule.needs_scope != "document":
                lo, hi = (sentence.start, sentence.end) if rule.needs_scope == "sentence" else (0, len(block.text))
                if not rule.needs.search(block.text, lo, hi):
                    continue
            if self.context.releasing(rule.released_by, span):
                continue
            yield m, span

    def _finding(self, rule: Rule, doc: Document, block: ProseBlock, m: regex.Match, span: Span,
                 fix_at: tuple[int, int] | None = None) -> Finding:
        offset = block.source_start(span.start)
        end_offset = block.source_end(span.end)
        prose = block.text[span.start:span.end]
        source_text = doc.text[offset:end_offset]
        suggestions = [render(t, m, prose, self.ruleset.base_forms) for t in rule.suggest]
        fix = None
        if rule.fix != "none" and suggestions:
            if fix_at is not None:
                fix = Fix(suggestions[0], rule.fix, *fix_at)
            elif source_text == prose:  # never rewrite across markup
                fix = Fix(suggestions[0], rule.fix, offset, end_offset)
        line, col = doc.lines.line_col(offset)
        end_line, end_col = doc.lines.line_col(end_offset)
        return Finding(
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
            offset=offset, end_offset=end_offset, rule=rule.id, category=rule.category,
            severity=self.severities.get(rule.id, self.severities.get(rule.category, rule.severity)),
            message=rule.message.replace("{match}", prose), match=source_text,
            suggestions=suggestions, fix=fix,
        )

    def _document_rule(self, rule: Rule, doc: Document, prepared) -> Finding | None:
        """A trigger somewhere in the prose with a required statement missing everywhere."""
        assert rule.requires is not None
        if rule.requires.search(doc.text):
            return None
        for block, sentences, urls in prepared:
            for m, span in self._matches(rule, block, sentences, urls):
                end = len(doc.text)
                finding = self._finding(rule, doc, block, m, span, fix_at=(end, end))
                if finding.fix is None:
                    return finding
                # The fix appends the statement as its own paragraph, in the file's line endings.
                newline = "\r\n" if "\r\n" in doc.text else "\n"
                lead = "" if not doc.text or doc.text.endswith(("\n", "\r")) else newline
                text = lead + newline + finding.suggestions[0] + newline
                return dataclasses.replace(finding, fix=dataclasses.replace(finding.fix, replacement=text))
        return None


class _Prepared:
    """A block with its sentences and URL spans, worked out only if a rule needs them; unpacks
    as (block, sentences, urls)."""

    __slots__ = ("block", "_sentences", "_urls")

    def __init__(self, block: ProseBlock):
        self.block = block
        self._sentences: list[Sentence] | None = None
        self._urls: list[tuple[int, int]] | None = None

    def __iter__(self):
        if self._sentences is None:
            self._sentences = split_sentences(self.block.text)
            self._urls = _url_spans(self.block.text)
        return iter((self.block, self._sentences, self._urls))


def _document_has(blocks: list[ProseBlock], rule: Rule, leads: tuple[str, ...] | None = None) -> bool:
    """Whether the document's prose holds the rule's `needs` words at least `needs_count` times."""
    assert rule.needs is not None
    seen = 0
    for block in blocks:
        seen += sum(1 for _ in finditer(rule.needs, block.text, leads))
        if seen >= rule.needs_count:
            return True
    return False


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(text)] if ("/" in text or "@" in text or "www" in text) else []


def at_or_above(findings: list[Finding], level: str) -> bool:
    return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level] for f in findings)
