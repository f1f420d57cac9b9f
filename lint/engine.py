"""The linting pipeline: document -> sentences -> rules (with context) -> findings."""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable

import regex

from .context import ContextLayer, Span
from .document import PLACEHOLDER, Document, ProseBlock
from .errors import RuleTimeout
from .findings import SEVERITY_RANK, Finding, Fix
from .formats.options import ReaderOptions
from .jurisdiction import adapt as adapt_to_jurisdiction
from .prefilter import Prefilter, finditer, lowered_for_leads
from .rulecache import LazyPattern
from .ruleset import Rule, RuleSet
from .sentences import Sentence, split_sentences
from .suggestions import render
from .tokenlint import TokenLinter

_URL = regex.compile(r"\b(?:https?://|www\.)\S+|(?<![\w.-])[\w.-]++@[\w-]+\.[\w.]+", regex.I)
#: Seconds a rule's regular expression may run on a block, plus as much again per million
#: characters: a team's pattern that backtracks catastrophically is stopped, not left to hang.
REGEX_TIMEOUT = 1.0


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
                 regex_timeout: float = REGEX_TIMEOUT, reader_options: ReaderOptions | None = None,
                 prefilter: bool = True, jurisdiction: str | None = None):
        # jurisdiction.py: rules bound to one country's law (the US FDA disclaimer) fix only there.
        self.jurisdiction = jurisdiction
        self.ruleset = ruleset
        self.context = ContextLayer(ruleset.lexicons, ruleset.context)
        self.all_rules = [r for r in ruleset.rules if rule_selected(r, select, ignore)]
        #: Token-sequence rules run through tokenlint.py; the rest (regular expressions, until
        #: every pack is ported) through the code below.
        self.token_linter = TokenLinter(self.all_rules, self.context)
        self.rules = [r for r in self.all_rules if not r.is_token_rule]
        self.severities = severities or {}
        self.regex_timeout = regex_timeout
        #: Rules stopped by the time limit, for the caller to report; the rule is skipped for the
        #: rest of that file and linting goes on.
        self.timeouts: list[RuleTimeout] = []
        #: How files are read for this linter (HTML scope, front matter fields); every caller that
        #: reads a file to lint it (check, fix, interactive review) passes these to read_document.
        self.reader_options = reader_options or ReaderOptions()
        # Which rules can match which block, from the words in it (see prefilter.py).
        self.prefilter = Prefilter([r.compiled for r in self.rules]) if prefilter else None
        # The same by sentence (see _Prepared.sentences_for).
        self._sentence_filter: Prefilter | None = None  # built when first needed: a short file may not
        # Where every match of a rule starts with known words, it is tried only where they occur.
        self._leads = dict(zip((r.id for r in self.rules), self.prefilter.leads)) if prefilter else {}
        # The same for document-wide `needs` patterns (often shared by several rules).
        needs = list({r.needs.pattern: r.needs for r in self.rules
                      if r.needs is not None and r.needs_scope == "document"}.values())
        self._needs_order = {p.pattern: i for i, p in enumerate(needs)}
        self._needs_filter = Prefilter(needs) if prefilter and needs else None
        # Document rules' required statements (a few, shared): which ones a file can hold at all.
        required = list({r.requires.pattern: r.requires for r in self.rules if r.requires is not None}.values())
        self._required_order = {p.pattern: i for i, p in enumerate(required)}
        self._required_filter = Prefilter(required) if prefilter and required else None

    def lint(self, doc: Document) -> list[Finding]:
        findings: list[Finding] = []
        prepared = [_Prepared(block) for block in doc.blocks] if self.rules else []
        has_needs: dict[tuple[str, int], bool] = {}
        # Document rules' `requires`: found or not, by pattern (rules share them); None: which can be.
        has_required: dict = {}
        for index, (rule, blocks) in enumerate(zip(self.rules, self._blocks_by_rule(prepared))):
            if not blocks:  # no block holds the words this rule needs (see prefilter.py)
                continue
            try:
                if rule.needs is not None and rule.needs_scope == "document":
                    key = (rule.needs.pattern, rule.needs_count)
                    if key not in has_needs:
                        has_needs[key] = _document_has(self._needs_blocks(doc), rule, self._needs_leads(rule))
                    if not has_needs[key]:
                        continue
                if rule.kind == "document":
                    finding = self._document_rule(rule, doc, blocks, has_required)
                    if finding:
                        findings.append(finding)
                    continue
                for item in blocks:
                    block, sentences, urls = item
                    for m, span in self._matches(rule, block, sentences, urls, item.lowered,
                                                 item.sentences_for(index)):
                        findings.append(self._finding(rule, doc, block, m, span))
            except TimeoutError:
                self.timeouts.append(RuleTimeout(doc.path, rule.id, self.regex_timeout))
        findings.extend(self._token_findings(doc))
        findings.sort(key=lambda f: f.sort_key)
        return adapt_to_jurisdiction(self._one_per_span(findings), self.rules, self.jurisdiction)

    def _token_findings(self, doc: Document) -> list[Finding]:
        out: list[Finding] = []
        first_trigger: dict[str, object] = {}
        for hit in self.token_linter.hits(doc, _url_spans):
            rule = hit.rule
            if rule.kind == "document":
                if rule.id not in first_trigger:
                    first_trigger[rule.id] = hit
                continue
            out.append(self._finding(rule, doc, hit.block, hit.match, hit.span))
        for rule_id, hit in first_trigger.items():
            if TokenLinter.document_holds(hit.rule, doc):
                continue
            out.append(self._document_finding(hit.rule, doc, hit.block, hit.match, hit.span))
        return out

    def _one_per_span(self, findings: list[Finding]) -> list[Finding]:
        """Words flagged by two rules of one overlap group (the same pack, or packs that judge the
        same thing, such as cure, causation and extrapolation: how strongly a claim is put) give
        one finding: the more severe, then the rule of the higher-priority pack (a specific
        extrapolation rule over generic causation), then the longer match. An unsourced figure
        and a causal verb in the same words are two problems and stay two findings."""
        if len(findings) < 2:
            return findings
        rules = {r.id: r for r in self.all_rules}
        ranked = sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], -rules[f.rule].priority,
                                                 -(f.end_offset - f.offset), f.offset, f.rule))
        kept: list[Finding] = []
        taken: dict[str, list[tuple[int, int]]] = {}
        exact: set[tuple[int, int]] = set()
        for f in ranked:
            if f.offset == f.end_offset or rules[f.rule].kind == "document":  # never hides another
                kept.append(f)
                continue
            if (f.offset, f.end_offset) in exact:  # the very same words: one finding whatever the packs
                continue
            exact.add((f.offset, f.end_offset))
            spans = taken.setdefault(rules[f.rule].overlap_group, [])
            if any(a < f.end_offset and f.offset < b for a, b in spans):
                continue
            kept.append(f)
            spans.append((f.offset, f.end_offset))
        kept.sort(key=lambda f: f.sort_key)
        return kept

    def _document_finding(self, rule: Rule, doc: Document, block: ProseBlock, m, span: Span) -> Finding:
        """A document rule's finding at its first trigger; the fix appends the statement as its
        own paragraph, in the file's line endings."""
        end = len(doc.text)
        finding = self._finding(rule, doc, block, m, span, fix_at=(end, end))
        if finding.fix is None:
            return finding
        newline = "\r\n" if "\r\n" in doc.text else "\n"
        lead = "" if not doc.text or doc.text.endswith(("\n", "\r")) else newline
        text = lead + newline + finding.suggestions[0] + newline
        return dataclasses.replace(finding, fix=dataclasses.replace(finding.fix, replacement=text))

    def _blocks_by_rule(self, prepared: list[_Prepared]) -> list[list[_Prepared]]:
        """For each rule, the blocks it can match (all of them without the prefilter)."""
        if self.prefilter is None:
            return [prepared] * len(self.rules)
        by_rule: list[list[_Prepared]] = [[] for _ in self.rules]
        texts = [p.block.text for p in prepared]
        candidates = self.prefilter.candidates_of_blocks(texts)
        by_sentence = _SentenceFilter(self, texts)
        for item, indices in zip(prepared, candidates):
            if indices:
                item.by_sentence = by_sentence
            for index in indices:
                by_rule[index].append(item)
        return by_rule

    def _needs_leads(self, rule: Rule) -> tuple[str, ...] | None:
        return self._needs_filter.leads[self._needs_order[rule.needs.pattern]] if self._needs_filter else None

    def _needs_blocks(self, doc: Document):
        """For each document-wide `needs` pattern, the blocks that can hold one of its matches."""
        def blocks_for(rule: Rule) -> list[ProseBlock]:
            if self._needs_filter is None:
                return doc.blocks
            index = self._needs_order[rule.needs.pattern]
            return [b for b, indices in zip(doc.blocks, found) if index in indices]

        found = self._needs_filter.candidates_of_blocks([b.text for b in doc.blocks]) if self._needs_filter else []
        return blocks_for

    def _matches(self, rule: Rule, block: ProseBlock, sentences: list[Sentence], urls: list[tuple[int, int]],
                 lowered: str | None = None, within: list[Sentence] | None = None):
        """Matches of one rule in one block that no context releases (`within`: the sentences
        that hold the words the rule needs, when the block has others too)."""
        limit = self.regex_timeout * (1 + len(block.text) / 1_000_000)
        block_needs: bool | None = None
        spans = [(s.start, s.end) for s in within] if within is not None else None
        pattern = rule.compiled
        if isinstance(pattern, LazyPattern):  # the compiled pattern itself: no lookup per attribute
            pattern = pattern.compiled()
        found = list(finditer(pattern, block.text, self._leads.get(rule.id), timeout=limit,
                              lowered=lowered, within=spans))
        starts = [s.start for s in sentences] if found else []  # most tries find nothing
        for m in found:
            start, end = m.span(rule.report) if rule.report else m.span()
            if start >= end or PLACEHOLDER in block.text[start:end]:
                continue
            if _overlaps(urls, start, end):
                continue
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or end > sentences[i].end:
                continue
            sentence = sentences[i]
            span = Span(block.text, sentence.start, sentence.end, start, end, tuple(block.citations))
            if rule.needs is not None and rule.needs_scope != "document":
                if rule.needs_scope == "sentence":
                    if not rule.needs.search(block.text, sentence.start, sentence.end):
                        continue
                else:  # one answer for the whole block: searched once, not once per match
                    if block_needs is None:
                        block_needs = bool(rule.needs.search(block.text))
                    if not block_needs:
                        continue
            if self.context.releasing(rule.released_by, span):
                continue
            yield m, span

    def _finding(self, rule: Rule, doc: Document, block: ProseBlock, m, span: Span,
                 fix_at: tuple[int, int] | None = None) -> Finding:
        offset = block.source_start(span.start)
        end_offset = block.source_end(span.end)
        prose = block.text[span.start:span.end]
        source_text = doc.text[offset:end_offset]
        initial = not block.text[span.sentence_start:span.start].strip(" 	\"'“‘([*_•-")
        suggestions = [render(t, m, prose, self.ruleset.base_forms, initial) for t in rule.suggest]
        fix = None
        if rule.fix != "none" and suggestions:
            if fix_at is not None:
                fix = Fix(suggestions[0], rule.fix, *fix_at)
            elif source_text == prose and block.fixable:  # never rewrite across markup
                fix = Fix(suggestions[0], rule.fix, offset, end_offset)
                lead = adverbs_before(block.text, span.sentence_start, span.start)
                if lead is not None and _MODAL_START.match(suggestions[0]):
                    fix = _with_adverbs(fix, block, doc, lead, span.start)
        line, col = doc.lines.line_col(offset)
        end_line, end_col = doc.lines.line_col(end_offset)
        return Finding(
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
            offset=offset, end_offset=end_offset, rule=rule.id, category=rule.category,
            severity=self.severities.get(rule.id, self.severities.get(rule.category, rule.severity)),
            message=rule.message.replace("{match}", prose), match=source_text,
            suggestions=suggestions, fix=fix,
        )

    def _document_rule(self, rule: Rule, doc: Document, prepared,
                       has_required: dict | None = None) -> Finding | None:
        """A trigger somewhere in the prose with a required statement missing everywhere
        (`has_required`: answers already found in this document, by `requires` pattern)."""
        assert rule.requires is not None
        key = rule.requires.pattern
        found = has_required.get(key) if has_required is not None else None
        if found is None:
            found = self._can_hold_required(rule, doc, has_required) and rule.requires.search(doc.text) is not None
            if has_required is not None:
                has_required[key] = found
        if found:
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


    def _can_hold_required(self, rule: Rule, doc: Document, has_required: dict | None) -> bool:
        """Whether the file holds the words of the rule's required statement (so that searching
        for it can find it): most files hold none of them, and a search reads the whole file."""
        if self._required_filter is None:
            return True
        possible = has_required.get(None) if has_required is not None else None
        if possible is None:
            possible = set(self._required_filter.candidates(doc.text))
            if has_required is not None:
                has_required[None] = possible
        return self._required_order[rule.requires.pattern] in possible


#: A rewrite that opens with a modal: adverbs just before the flagged words go after it
#: ("completely eliminated" -> "may have completely eliminated", never "completely may have").
_MODAL_START = regex.compile(r"(?i)(?:may|might|could)(?:\s+(?:have|be)(?=\s+\w+(?:ed|en|n|t)\b))?(?=\s)")
_ADVERB_BEFORE = regex.compile(r"(?i)(?:\b(?:also|even|really|actually|truly|completely|fully|totally|entirely|"
                               r"quickly|rapidly|naturally|effectively|permanently|dramatically|significantly|"
                               r"greatly|literally|definitely|certainly|instantly|visibly|drastically|simply)"
                               r"[^\S\n]+)+$")


def adverbs_before(text: str, lo: int, start: int) -> int | None:
    """Where a run of adverbs that stands right before text[start] begins, if one does."""
    m = _ADVERB_BEFORE.search(text, max(lo, start - 80), start)
    return m.start() if m else None


def _with_adverbs(fix: Fix, block: ProseBlock, doc: Document, lead: int, start: int) -> Fix:
    """Extend a fix back over the adverbs before the flagged words and put them after the modal."""
    src_lead = block.source_start(lead)
    adverbs = doc.text[src_lead:fix.offset]
    if adverbs != block.text[lead:start]:  # markup in between: leave the fix as it was
        return fix
    m = _MODAL_START.match(fix.replacement)
    replacement = fix.replacement[:m.end()] + " " + adverbs.strip() + fix.replacement[m.end():]
    return Fix(replacement, fix.applicability, src_lead, fix.end_offset)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint spans."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


class _SentenceFilter:
    """The linter's per-sentence prefilter (words a match takes in; see prefilter.py) and the
    document's word-part anchors for it, both worked out on first use."""

    __slots__ = ("linter", "texts", "_got")

    def __init__(self, linter: Linter, texts: list[str]):
        self.linter, self.texts = linter, texts
        self._got: tuple[Prefilter, list] | None = None

    def get(self) -> tuple[Prefilter, list]:
        if self._got is None:
            linter = self.linter
            if linter._sentence_filter is None:
                linter._sentence_filter = Prefilter([r.compiled for r in linter.rules], consumed_only=True)
            self._got = (linter._sentence_filter, linter._sentence_filter.anchors_inside_words(self.texts))
        return self._got


class _Prepared:
    """A block with its sentences and URL spans, worked out only if a rule needs them; unpacks
    as (block, sentences, urls)."""

    __slots__ = ("block", "by_sentence", "_sentences", "_urls", "_lowered", "_by_rule")

    def __init__(self, block: ProseBlock):
        self.block = block
        self.by_sentence: _SentenceFilter | None = None  # set when some rule can match in the block
        self._sentences: list[Sentence] | None = None
        self._urls: list[tuple[int, int]] | None = None
        self._lowered: str | None | bool = False
        self._by_rule: dict[int, list[Sentence]] | None = None

    @property
    def lowered(self) -> str | None:
        """The block's text as anchored search looks up leads in it, worked out once."""
        if self._lowered is False:
            self._lowered = lowered_for_leads(self.block.text)
        return self._lowered  # type: ignore[return-value]

    def sentences_for(self, rule_index: int) -> list[Sentence] | None:
        """The sentences of a block of several where a match of rule `rule_index` may start: those
        that, with the next one, hold the words the rule's matches take in (a paragraph that names
        a supplement in one sentence and says "can" in five others is tried only near the first).
        The next sentence counts because a match may run on into it ("Results? Guaranteed.");
        words that lookarounds read do not, since they may stand in any sentence. None: all."""
        if self.by_sentence is None or self._sentences is None or len(self._sentences) < 3:
            return None
        if self._by_rule is None:
            self._by_rule = {}
            text = self.block.text
            texts = [text[s.start:s.end] for s in self._sentences]  # white space between them, if anything
            prefilter, anchors = self.by_sentence.get()
            spans = self._sentences
            apart = [text[a.end:b.start].isspace() for a, b in zip(spans, spans[1:])]
            for sentence, indices in zip(spans, prefilter.candidates_with_next(texts, anchors, apart)):
                for index in indices:
                    self._by_rule.setdefault(index, []).append(sentence)
        return self._by_rule.get(rule_index, [])

    def __iter__(self):
        if self._sentences is None:
            self._sentences = split_sentences(self.block.text)
            self._urls = _url_spans(self.block.text)
        return iter((self.block, self._sentences, self._urls))


def _document_has(blocks_for, rule: Rule, leads: tuple[str, ...] | None = None) -> bool:
    """Whether the document's prose holds the rule's `needs` words at least `needs_count` times
    (`blocks_for(rule)`: the blocks that can hold them)."""
    assert rule.needs is not None
    seen = 0
    for block in blocks_for(rule):
        seen += sum(1 for _ in finditer(rule.needs, block.text, leads))
        if seen >= rule.needs_count:
            return True
    return False


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(text)] if ("/" in text or "@" in text or "www" in text) else []


def at_or_above(findings: list[Finding], level: str) -> bool:
    return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level] for f in findings)
