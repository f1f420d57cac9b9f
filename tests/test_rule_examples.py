"""Every rule's own examples: bad ones flagged at the marked words, good ones not, and every
suggestion, substituted into every bad example, reads cleanly and is no longer flagged."""
from __future__ import annotations

import dataclasses

import pytest
import regex

from healthlint import Linter, parse
from healthlint.ruleset import MARK, Rule
from support import bundled_ruleset

RULESET = bundled_ruleset()
RULES = RULESET.rules


def linter_for(rule: Rule) -> Linter:
    return Linter(RULESET, select=[rule.id])


def unmark(example: str) -> tuple[str, list[tuple[int, int]]]:
    """The example without <<>> marks, and the marked spans in it."""
    text, spans, last = "", [], 0
    for m in MARK.finditer(example):
        text += example[last:m.start()]
        spans.append((len(text), len(text) + len(m.group(1))))
        text += m.group(1)
        last = m.end()
    return text + example[last:], spans


def findings(rule: Rule, text: str):
    """The rule's findings on an example, read after the pack's example context (if any), with
    offsets relative to the example."""
    lead = rule.example_context + "\n\n" if rule.example_context else ""
    # A rule limited to headings or list items has examples in Markdown, where those blocks exist.
    markdown = rule.blocks is not None and bool(rule.blocks - {"paragraph"})
    found = linter_for(rule).lint(parse(lead + text, "example.md" if markdown else "example.txt",
                                        "markdown" if markdown else "text"))
    return [dataclasses.replace(f, offset=f.offset - len(lead), end_offset=f.end_offset - len(lead),
                                fix=f.fix and dataclasses.replace(f.fix, offset=f.fix.offset - len(lead),
                                                                  end_offset=f.fix.end_offset - len(lead)))
            for f in found if f.rule == rule.id and f.offset >= len(lead)]


def ids(rule: Rule) -> str:
    return rule.id


@pytest.mark.parametrize("rule", RULES, ids=ids)
def test_bad_examples_are_flagged_at_the_marked_words(rule: Rule):
    for example in rule.bad:
        text, spans = unmark(example)
        got = [(f.offset, f.end_offset) for f in findings(rule, text)]
        if rule.kind == "document":
            assert spans[0] in got, f"{rule.id} did not flag {example!r}; got {got}"
            continue
        assert sorted(got) == sorted(spans), f"{rule.id} on {example!r}: expected {spans}, got {got}"


@pytest.mark.parametrize("rule", RULES, ids=ids)
def test_good_examples_are_not_flagged(rule: Rule):
    for example in rule.good:
        got = findings(rule, example)
        assert not got, f"{rule.id} flagged good example {example!r} at {[f.match for f in got]}"


_DOUBLED = regex.compile(r"\b(\w+)\s+\1\b", regex.I)
_A_BEFORE_VOWEL = regex.compile(r"\ba\s+(?!one\b|once\b|uni|use|usu|eu|eur)[aeiou]\w*", regex.I)
_AN_BEFORE_CONSONANT = regex.compile(r"\ban\s+(?!hour|honest|honou?r|herb\b|herbal|[aeiou]|\d|[A-Z]{2,})\w+", regex.I)


def apply(text: str, found, choice: int) -> str:
    """Replace each flagged span with its `choice`-th suggestion (or the last), right to left."""
    for f in sorted(found, key=lambda f: f.offset, reverse=True):
        s = f.suggestions[min(choice, len(f.suggestions) - 1)]
        if f.fix is not None and f.fix.offset == f.fix.end_offset:  # document rule: appended
            text = text + "\n\n" + s + "\n"
        else:
            text = text[:f.offset] + s + text[f.end_offset:]
    return text


@pytest.mark.parametrize("rule", RULES, ids=ids)
def test_every_suggestion_reads_cleanly_and_is_no_longer_flagged(rule: Rule):
    for example in rule.bad:
        text, _ = unmark(example)
        found = findings(rule, text)
        assert found, f"{rule.id} did not flag {example!r}"
        for choice in range(len(rule.suggest)):
            fixed = apply(text, found, choice)
            assert "{" not in fixed and "  " not in fixed, f"{rule.id}: broken template in {fixed!r}"
            assert not _DOUBLED.search(fixed), f"{rule.id}: doubled word in {fixed!r}"
            assert not _A_BEFORE_VOWEL.search(fixed), f"{rule.id}: 'a' before a vowel in {fixed!r}"
            assert not _AN_BEFORE_CONSONANT.search(fixed), f"{rule.id}: 'an' before a consonant in {fixed!r}"
            assert not _MODAL_IN_NO_VERB_SLOT.search(fixed), f"{rule.id}: a modal after 'be' or a preposition in {fixed!r}"
            again = findings(rule, fixed)
            assert not again, f"{rule.id}: suggestion {choice} still flagged in {fixed!r}"


#: "is may offer", "an expert in may slow": a modal where only an -ing form or a noun can stand.
_MODAL_IN_NO_VERB_SLOT = regex.compile(r"\b(?:is|are|was|were|am|be|been|being|in|of|for|by|about|without|from)\s+(?:may|might)\b",
                                       regex.I)
_ADVERB_THEN_MODAL = regex.compile(r"\bcompletely\s+(?:may|might|could)\b", regex.I)


def _with_adverb(example: str) -> str:
    """The example with an adverb right before its first flagged words."""
    at = example.index("<<")
    return example[:at] + "completely " + example[at:]


@pytest.mark.parametrize("rule", [r for r in RULES if r.fix != "none" and r.kind != "document"], ids=ids)
def test_a_fix_keeps_an_adverb_before_the_flagged_words_in_place(rule: Rule):
    """*X completely eliminated Y* is fixed to *X may have completely eliminated Y*, never to
    *X completely may have eliminated Y* (issue 16)."""
    for example in rule.bad:
        text, _ = unmark(_with_adverb(example))
        for f in findings(rule, text):
            if f.fix is None:
                continue
            fixed = text[:f.fix.offset] + f.fix.replacement + text[f.fix.end_offset:]
            assert not _ADVERB_THEN_MODAL.search(fixed), f"{rule.id}: {fixed!r}"


_FUNCTION_WORDS = frozenset("a an the of to in on for with and or is are be".split())


@pytest.mark.parametrize("rule", [r for r in RULES if r.fix == "safe"], ids=ids)
def test_a_safe_fix_does_not_change_what_the_sentence_claims(rule: Rule):
    """docs/fixing.md: a safe rewrite adds no hedge, negation, attribution or qualifier and keeps
    every content word; anything else needs --unsafe-fixes."""
    from healthlint.context import ContextLayer
    from healthlint.tokens import Tokens

    layer = ContextLayer(RULESET.lexicons, RULESET.context)
    for example in rule.bad:
        text, _ = unmark(example)
        for f in findings(rule, text):
            before, after = Tokens(f.match), Tokens(f.fix.replacement)
            cues_before = {tuple(before.lowers[a:b]) for a, b, _ in layer.table.cues(before, 0, len(before))}
            added = [tuple(after.lowers[a:b]) for a, b, _ in layer.table.cues(after, 0, len(after))
                     if tuple(after.lowers[a:b]) not in cues_before]
            assert not added, f"{rule.id}: the safe fix adds {added} in {f.fix.replacement!r}"
            content = lambda toks: {w for w in toks.lowers if w[0].isalnum() and w not in _FUNCTION_WORDS}
            assert content(before) == content(after), \
                f"{rule.id}: the safe fix changes the words of {f.match!r} to {f.fix.replacement!r}"
