"""Sets that case cannot change are compiled case-sensitively (lint/casefree.py): a speed-up
that must never change what a rule matches."""
from __future__ import annotations

import sys

import pytest
import regex

from healthlint import casefree, ruleset
from healthlint.casefree import caseless_char, wrap_caseless_sets
from healthlint.ruleset import MARK

ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
MEMBERS = ["\\w", "\\W", "\\s", "\\S", "\\d", "\\D", "\\p{L}", "\\p{N}"]


@pytest.mark.parametrize("member", MEMBERS)
def test_each_class_it_trusts_matches_the_same_characters_whatever_the_case(member):
    """Over all of Unicode, one character at a time: with full case folding (what the rules are
    compiled with) a class matches exactly the characters it matches case-sensitively."""
    folded = regex.compile(f"[{member}]", regex.I | regex.V1)
    exact = regex.compile(f"[{member}]", regex.V1)
    assert [m.span() for m in folded.finditer(ALL_CHARS)] == [m.span() for m in exact.finditer(ALL_CHARS)]


def test_the_characters_it_takes_for_caseless_are_nobody_s_case_twin():
    """A caseless character matches only itself case-insensitively: no other character maps or
    folds to it."""
    targets = set()
    for ch in ALL_CHARS:
        for other in (ch.lower(), ch.upper(), ch.casefold(), ch.title()):
            if other != ch:
                targets.update(other)
    assert not [ch for ch in targets if caseless_char(ch)]


def test_only_sets_of_trusted_members_are_rewritten():
    assert wrap_caseless_sets(r"a[\w'’\-]+b[^\S\n]c") == r"a(?-i:[\w'’\-])+b(?-i:[^\S\n])c"
    for kept in [r"[sz]", r"[A-Z'’]", r"[\w\-\x41]", r"[\p{Lu}]", r"[1-9]", r"[!-~]"]:
        assert wrap_caseless_sets(kept) == kept
    assert wrap_caseless_sets(r"[[a-z]--[q]]\s[\w]") == r"[[a-z]--[q]]\s[\w]"  # set operations: untouched
    assert wrap_caseless_sets(r"\[x\] [\]\w]") == r"\[x\] (?-i:[\]\w])"
    assert wrap_caseless_sets("(?x) a # [comment]\n [.!]") == "(?x) a # [comment]\n (?-i:[.!])"
    assert wrap_caseless_sets("(?#[.]) [.]") == "(?#[.]) (?-i:[.])"


def test_every_rule_matches_the_same_as_written(monkeypatch):
    """Each rule's patterns, compiled as written and as rewritten: the same matches (and groups)
    on every example of every rule, in upper case too, and after a sentence of text."""
    rewritten = ruleset.load_ruleset()
    monkeypatch.setattr(ruleset, "for_flags", lambda source, flags: source)
    as_written = ruleset.load_ruleset()
    texts = []
    for rule in as_written.rules:
        for example in rule.bad + rule.good:
            text = MARK.sub(r"\1", example)
            texts += [text, text.upper(), "Intro text. " + text + " (more)"]
    changed = 0
    for new, old in zip(rewritten.rules, as_written.rules):
        for name in ("compiled", "needs", "requires"):
            a, b = getattr(new, name), getattr(old, name)
            if a is None:
                continue
            changed += a.pattern != b.pattern
            for text in texts:
                got = [(m.span(), m.groups()) for m in a.finditer(text)]
                assert got == [(m.span(), m.groups()) for m in b.finditer(text)], (new.id, name, text)
    assert changed > 100  # the rewrite does reach the rules
    assert casefree.for_flags("[.]", regex.V1) == "[.]"  # case-sensitive rules are left alone


def test_the_prefilter_reads_a_rewritten_pattern_as_written():
    """The prefilter's analysis (words, leads, word boundaries) is the same for a rule as written
    and as rewritten: `(?<![\\w\\-])` still reads as a word boundary."""
    from healthlint.prefilter import _analyse

    for source in [r"(?<![\w\-])(?:cures|treats)(?![\w])\s+[\w'’\-]+", r"\bholy[^\S\n]+grail\b"]:
        flags = regex.I | regex.V1
        assert _analyse(casefree.for_flags(source, flags), flags) == _analyse(source, flags)
    assert _analyse(r"(?<![\w\-])cures", regex.I | regex.V1)[1] == ("!cures",)
