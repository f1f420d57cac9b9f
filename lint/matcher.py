"""Token sequences: the rule language's matcher.

A rule is a list of token specs, matched left to right over one sentence's tokens (the model is
LanguageTool's `<pattern>` of `<token>`s and Vale's `sequence`). A spec matches by word, lemma,
lexicon or word class, may be `optional`, repeat, or be a `skip` gap of up to N words; `mark`
picks the reported words and `name` captures words for suggestions. `unless` antipatterns are
short sequences that veto a match they overlap. Every sequence names at least one word or
lexicon: that is its anchor, so the rules a sentence can match are found by looking its tokens up
in one dictionary (see RuleIndex), never by trying every rule everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .errors import RuleFileError
from .inflect import VERB_FORMS
from .tokens import Tokens
from .vocab import ANY, Trie, expand, lookup_cost

SPEC_KEYS = {"word", "words", "lemma", "lexicon", "class", "suffix", "regex", "forms", "case", "optional",
             "repeat", "skip", "mark", "name", "except", "not", "at", "use"}
BUILTIN_CLASSES = {"word", "number", "numeral", "punct", "any"}
#: Number words a `numeral` spec accepts beside digits ("take two capsules", "half a teaspoon").
NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
forty fifty hundred dozen half""".split())
CASES = ("capitalised", "upper", "lower")
#: The most tokens one lexicon term or phrase may span (bounds how far back an anchor looks).
_MAX_TERM = 12


class Spec:
    """One token spec, compiled."""

    __slots__ = ("trie", "klass", "suffixes", "pattern", "case", "negate", "exception", "min", "max", "lazy",
                 "name", "mark", "at", "source", "is_class", "_one", "_test", "_any_word")

    def __init__(self) -> None:
        self.trie: Trie | None = None
        self.klass: str | None = None
        self.suffixes: tuple[str, ...] = ()
        self.pattern: regex.Pattern | None = None
        self.case: str | None = None
        self.negate = False
        self.exception: Spec | None = None
        self.min = 1
        self.max = 1
        self.lazy = False
        self.name: str | None = None
        self.mark = False
        self.at: str | None = None
        self.source: dict = {}
        #: A closed word class (copula, determiner...): too common to anchor a rule.
        self.is_class = False
        self._one: bool | None = None
        self._test: frozenset[str] | None | bool = False
        self._any_word: bool | None = None

    @property
    def one(self) -> bool:
        """Whether every occurrence is exactly one token (a word set, class, suffix, pattern, a
        negated spec or a skip's word): such specs repeat without backtracking inside them."""
        if self._one is None:
            self._one = self.at is None and (self.negate or self.trie is None or self.trie.single)
        return self._one

    @property
    def test(self) -> frozenset[str] | None:
        """The words this spec's one token must be one of, when that is all `ok` checks (a word
        list of single words, not negated, no case and no exception), else None: the matcher's
        commonest test is then one set lookup."""
        test = self._test
        if test is False:
            trie = self.trie
            test = self._test = (trie.firsts if trie is not None and trie.single and not self.negate
                                 and self.case is None and self.exception is None and self.at is None
                                 else None)
        return test  # type: ignore[return-value]

    @property
    def any_word(self) -> bool:
        """Whether `ok` only asks that the token be a word (a skip's words): the matcher runs
        over them without a call per token."""
        if self._any_word is None:
            self._any_word = (self.trie is None and self.klass is None and not self.suffixes and self.pattern is None
                              and not self.negate and self.case is None and self.exception is None
                              and self.at is None)
        return self._any_word

    def ok(self, toks: Tokens, i: int, hi: int) -> bool:
        """Whether token i is an occurrence of this one-token spec."""
        low = toks.lowers[i]
        if self.trie is not None:
            hit = low in self.trie.firsts if self.trie.single else bool(self.trie.ends(toks.lowers, i, hi))
        elif self.klass is not None:
            k = self.klass
            hit = (low[0].isalpha() if k == "word" else low[0].isdigit() if k == "number"
                   else low[0].isdigit() or low in NUMBER_WORDS if k == "numeral"
                   else not low[0].isalnum() if k == "punct" else True)
        elif self.suffixes:
            hit = low.endswith(self.suffixes) and low[0].isalnum()
        elif self.pattern is not None:
            hit = self.pattern.fullmatch(low) is not None
        else:
            hit = low[0].isalnum()  # a skip: any word
        if self.negate:
            hit = not hit and low[0].isalnum()
        if hit and self.case is not None and not _case_ok(toks.text[toks.starts[i]:toks.ends[i]], self.case):
            return False
        if hit and self.exception is not None and self.exception.ends(toks, i, hi):
            return False
        return hit

    # -- the rules cache (rulecache.py): every slot but `source`, as a tuple ---------------------
    def __getstate__(self) -> tuple:
        return tuple(None if name == "source" else getattr(self, name) for name in Spec.__slots__)

    def __setstate__(self, state: tuple) -> None:
        self._test, self._any_word = False, None  # (worked out on first use when the state predates them)
        for name, value in zip(Spec.__slots__, state):
            setattr(self, name, value)
        self.source = {}  # the raw TOML is not cached; Rule.source reads it again when asked

    # -- what one occurrence covers ------------------------------------------------------------
    def ends(self, toks: Tokens, i: int, hi: int) -> list[int]:
        """End indices of one occurrence of this spec starting at token i (longest first)."""
        if i >= hi:
            return []
        if self.one or self.trie is None:
            return [i + 1] if self.ok(toks, i, hi) else []
        ends = self.trie.ends(toks.lowers, i, hi)  # a phrase list: occurrences of several lengths
        if ends and self.case is not None and not _case_ok(toks.text[toks.starts[i]:toks.ends[i]], self.case):
            return []
        if ends and self.exception is not None and self.exception.ends(toks, i, hi):
            return []
        return ends

    @property
    def keys(self) -> frozenset[str] | None:
        """The tokens an occurrence can start with, if that is a finite list."""
        if self.negate or self.min == 0 or self.lazy or self.at or self.is_class:
            return None
        if self.trie is not None and self.trie.anchors is not None:
            return self.trie.anchors  # one token of each phrase, not always its first
        if self.suffixes and all(s.startswith("-") for s in self.suffixes):
            return frozenset(self.suffixes)  # looked up as the tail of hyphenated compounds
        return None

    @property
    def width(self) -> int:
        """The most tokens this spec can cover."""
        per = self.trie.longest if self.trie is not None else (0 if self.at else 1)
        return per * self.max


def _case_ok(word: str, case: str) -> bool:
    if case == "capitalised":
        return word[:1].isupper()
    if case == "upper":
        return word.isupper()
    return word.islower()


@dataclass
class Sequence:
    """A compiled token sequence."""

    specs: list[Spec]
    anchor: int = -1
    #: Tokens before the anchor a match may start at most.
    lead: int = 0
    marked: tuple[int, ...] = ()
    #: name -> (first spec, last spec) whose words it captures
    names: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: The tokens a match can begin with (None: any), worked out on first use: starts are
    #: tried only at them.
    _firsts: object = field(default=False, repr=False)
    _required: object = field(default=None, repr=False)
    #: For each spec, how _match takes it in its straight run (see _plan), worked out on first use.
    _plan: object = field(default=None, repr=False)
    #: How `starts` tries the anchor (see _anchoring), worked out on first use.
    _anchoring: object = field(default=None, repr=False)
    #: The most tokens a match can cover (an antipattern's reach back from a match), on first use.
    _reach: object = field(default=None, repr=False)

    @property
    def reach(self) -> int:
        if self._reach is None:
            self._reach = sum(s.width if not s.lazy else s.max for s in self.specs)
        return self._reach  # type: ignore[return-value]

    @property
    def plan(self) -> tuple:
        if self._plan is None:
            self._plan = _plan(self.specs)
        return self._plan  # type: ignore[return-value]

    @property
    def firsts(self) -> frozenset[str] | None:
        if self._firsts is False:
            self._firsts = _first_tokens(self.specs)
        return self._firsts  # type: ignore[return-value]

    @property
    def required(self) -> tuple[frozenset[str], ...]:
        """For each spec every match must cover, the tokens one of its occurrences begins with:
        a sentence that lacks any one of these sets cannot match, which one set test per spec
        tells before the matcher runs (most tries end there)."""
        if self._required is None:
            self._required = _required_tokens(self.specs)
        return self._required  # type: ignore[return-value]

    def possible(self, words) -> bool:
        """Whether a sentence with these distinct tokens could hold a match."""
        for needed in self._required if self._required is not None else self.required:
            if needed.isdisjoint(words):
                return False
        return True

    def match(self, toks: Tokens, start: int, lo: int, hi: int,
              memo: dict | None = None) -> tuple[int, list[tuple[int, int]]] | None:
        """Match starting exactly at token `start` inside the sentence [lo, hi): the end and each
        spec's token range, or None. `memo` remembers, across calls on the same sentence, what the
        rest of the sequence does from each place (see _match)."""
        spans: list[tuple[int, int]] = [(start, start)] * len(self.specs)
        end = _match(self.specs, self.plan, 0, toks, start, lo, hi, spans, {} if memo is None else memo)
        return None if end is None else (end, spans)

    def starts(self, toks: Tokens, lo: int, hi: int, positions: list[int], memo: dict) -> list[int]:
        """Where a match may begin, given where the anchor occurs in the sentence [lo, hi). The
        specs from the anchor to the end are tried first where each anchor occurrence may begin
        (what they find is remembered in `memo` for the full tries): an anchor with nothing
        fitting after it needs no start before it tried."""
        specs = self.specs
        a = self.anchor
        lowers = toks.lowers
        lead = self.lead
        anchoring = self._anchoring
        if anchoring is None:
            anchoring = self._anchoring = _anchoring(specs[a])
        simple, inner, anchor_firsts = anchoring
        firsts = self.firsts
        if simple:
            scratch: list[tuple[int, int]] = [(lo, lo)] * len(specs)
            plan = self.plan
            begins: set[int] = set()
            if not inner:  # (the commonest case: each anchor occurrence is the one place to try)
                for p in positions:
                    if (anchor_firsts is None or lowers[p] in anchor_firsts) \
                            and _match(specs, plan, a, toks, p, lo, hi, scratch, memo) is not None:
                        begins.add(p)
            else:
                for p in positions:
                    for b in range(max(lo, p - inner), p + 1):
                        if b not in begins and (anchor_firsts is None or lowers[b] in anchor_firsts) \
                                and _match(specs, plan, a, toks, b, lo, hi, scratch, memo) is not None:
                            begins.add(b)
            if not begins:
                return []
            positions, lead = sorted(begins), lead - inner
            if not lead:  # the anchor opens every match: where its phrases begin is where matches may
                return positions if firsts is None else [p for p in positions if lowers[p] in firsts]
        if not positions:
            return []
        wanted: set[int] = set()
        for p in positions:
            wanted.update(range(max(lo, p - lead), p + 1))
        return sorted(wanted if firsts is None else {s for s in wanted if lowers[s] in firsts})

    def finditer(self, toks: Tokens, lo: int, hi: int, positions: list[int] | None = None):
        """Matches in the sentence [lo, hi), earliest first and never overlapping; `positions`:
        where the anchor occurs (all starts are tried without it)."""
        memo: dict = {}
        if positions is None:
            firsts, lowers = self.firsts, toks.lowers
            starts = [s for s in range(lo, hi) if firsts is None or lowers[s] in firsts]
        else:
            starts = self.starts(toks, lo, hi, positions, memo)
        last_end = lo
        for s in starts:
            if s < last_end:
                continue
            got = self.match(toks, s, lo, hi, memo)
            if got is None or got[0] == s:
                continue
            end, spans = got
            last_end = end
            yield s, end, spans

    def reported(self, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
        """The token range a finding reports: from the first marked spec to the last."""
        covered = [spans[k] for k in self.marked if spans[k][0] < spans[k][1]]
        if not covered:
            return start, end
        return min(a for a, _ in covered), max(b for _, b in covered)


def _first_tokens(specs: list[Spec]) -> frozenset[str] | None:
    """The tokens a match of these specs can begin with, or None when that is not a short list
    (a skip, a suffix, a negated or pattern spec may come first)."""
    out: set[str] = set()
    for s in specs:
        if s.at is not None:
            continue  # zero width: the next spec begins the match
        if s.lazy or s.negate or s.trie is None or s.trie.wild_first:
            return None
        out |= s.trie.firsts
        if s.min >= 1:
            return frozenset(out)
    return None  # every spec optional: a match may begin anywhere (or be empty)


def _plan(specs: list[Spec]) -> tuple:
    """For each spec k of n: at k, its word set when it is exactly one token tested by one set
    lookup (Spec.test), True when it is exactly one token of another kind (Spec.ok), None when
    it repeats, is optional, a skip, a phrase list or a position (the backtracking part of
    _match); at n + k, the words an occurrence of it must begin with when it must occur and that
    is a finite list, else None (and None at 2n, past the last): where spec k cannot begin,
    _match of specs k... fails at once, so a caller need not call it there."""
    out: list = []
    for s in specs:
        if s.min != 1 or s.max != 1 or not s.one or s.lazy:
            out.append(None)
        else:
            test = s.test
            out.append(test if test is not None else True)
    for s in specs:
        out.append(s.trie.firsts if s.min >= 1 and not s.lazy and not s.negate and s.at is None
                   and s.trie is not None and not s.trie.wild_first else None)
    out.append(None)
    return tuple(out)


def _required_tokens(specs: list[Spec]) -> tuple[frozenset[str], ...]:
    out = []
    for s in specs:
        if s.min < 1 or s.lazy or s.negate or s.at is not None or s.trie is None or s.trie.wild_first:
            continue
        out.append(s.trie.firsts)
    out.sort(key=len)  # the shortest lists first: the likeliest to be missing
    return tuple(out)


def _match(specs: list[Spec], plan: tuple, k: int, toks: Tokens, i: int, lo: int, hi: int, spans: list,
           memo: dict) -> int | None:
    """Specs k... from token i. Whether they can match there, and the match the search finds
    first, depend on k and i alone (never on how the tokens before were matched), so both are
    remembered in `memo` (None: no match) and never worked out again: backtracking over skips
    and repeats stays linear in the sentence, and the full tries after the anchor checks (see
    Sequence.starts) reuse those checks."""
    n = len(specs)
    lowers = toks.lowers
    while k < n:  # one-token specs that occur exactly once leave nothing to backtrack over
        test = plan[k]
        if test is None:
            break
        if i >= hi:
            return None
        if test is True:
            if not specs[k].ok(toks, i, hi):
                return None
        elif lowers[i] not in test:
            return None
        spans[k] = (i, i + 1)
        i += 1
        k += 1
    if k == n:
        return i
    key = (k, i)
    if key in memo:
        known = memo[key]
        if known is None:
            return None
        spans[k:] = known[1]
        return known[0]
    s = specs[k]
    got: int | None = None
    if s.at is not None:
        if _at(s.at, toks, i, lo, hi):
            spans[k] = (i, i)
            got = _match(specs, plan, k + 1, toks, i, lo, hi, spans, memo)
    elif s.one:  # a repeat or a skip of one-token specs: find the run once, then try its lengths
        j, limit = i, min(hi, i + s.max)
        test = s.test
        if test is not None:
            while j < limit and lowers[j] in test:
                j += 1
        elif s.any_word:
            while j < limit and lowers[j][0].isalnum():
                j += 1
        else:
            while j < limit and s.ok(toks, j, hi):
                j += 1
        if j - i >= s.min:
            # a skip takes as few words as will do, a repeat as many
            after = plan[n + k + 1]
            for e in (range(i + s.min, j + 1) if s.lazy else range(j, i + s.min - 1, -1)):
                if after is not None and (e >= hi or lowers[e] not in after):
                    continue  # (what _match would find at once, without the call)
                spans[k] = (i, e)
                got = _match(specs, plan, k + 1, toks, e, lo, hi, spans, memo)
                if got is not None:
                    break
    elif s.min == 1 and s.max == 1:  # a phrase list, once: each of its occurrences here, longest first
        after = plan[n + k + 1]
        for e in s.ends(toks, i, hi):
            if after is not None and (e >= hi or lowers[e] not in after):
                continue
            spans[k] = (i, e)
            got = _match(specs, plan, k + 1, toks, e, lo, hi, spans, memo)
            if got is not None:
                break
    else:
        got = _repeat(specs, plan, k, s, toks, i, lo, hi, spans, 0, i, memo)
    memo[key] = None if got is None else (got, spans[k:])
    return got


def _anchoring(spec: Spec) -> tuple[bool, int, frozenset[str] | None]:
    """Whether the anchor spec is exactly one occurrence (so the specs from it on can be tried at
    each place it may begin), how far into its phrases the looked-up word may stand, and the
    words its phrases begin with."""
    simple = spec.min == 1 and spec.max == 1 and not spec.lazy and not spec.negate
    return simple, _inner(spec), spec.trie.firsts if spec.trie is not None else None


def _repeat(specs, plan, k, s: Spec, toks, i, lo, hi, spans, count, start, memo: dict) -> int | None:
    if count < s.max:
        for e in s.ends(toks, i, hi):
            if (k, e, count + 1) in memo:
                continue
            got = _repeat(specs, plan, k, s, toks, e, lo, hi, spans, count + 1, start, memo)
            if got is not None:
                return got
            memo[(k, e, count + 1)] = None
    if count >= s.min:
        after = plan[len(specs) + k + 1]
        if after is not None and (i >= hi or toks.lowers[i] not in after):
            return None  # (what _match would find at once)
        spans[k] = (start, i)
        return _match(specs, plan, k + 1, toks, i, lo, hi, spans, memo)
    return None


_OPENERS = frozenset("\"'“‘([*_•-–—#>:")


def _at(where: str, toks: Tokens, i: int, lo: int, hi: int) -> bool:
    """Zero-width positions: the start of the sentence (after quotes, list numbers and bullets)
    or its end (before closing punctuation)."""
    lowers = toks.lowers
    if where == "sentence-start":
        j = lo
        while j < i and (lowers[j] in _OPENERS or (lowers[j][0].isdigit() and j + 1 < hi and lowers[j + 1] in ".)")
                         or (j > lo and lowers[j] in ".)" and lowers[j - 1][0].isdigit())):
            j += 1
        return j == i
    j = i
    while j < hi and not lowers[j][0].isalnum():
        j += 1
    return j == hi


# -- compiling from TOML -------------------------------------------------------------------------

class Compiler:
    """Turns rule-file sequences into Sequence objects, with every problem reported as the rule's."""

    def __init__(self, lexicons: dict, path: str, rid: str | None, defines: dict | None = None):
        self.lexicons = lexicons
        self.path, self.rid = path, rid
        #: The pack's named sequences, spliced in where a spec says { use = "NAME" }.
        self.defines = defines or {}

    def _shared_trie(self, names: tuple[str, ...], forms, phrases: set) -> Trie:
        """One trie per lexicon (or list of lexicons) and forms for the whole rule set: a large
        lexicon named by many rules is built, and pickled in the rules cache, once. Kept on the
        first lexicon; lexicons are all loaded, and teams' extensions merged, before any rule."""
        cache = self.lexicons[names[0]].__dict__.setdefault("_tries", {})
        key = (names, forms)
        if key not in cache:
            cache[key] = Trie(phrases)
        return cache[key]

    def splice(self, raw: list, what: str, depth: int = 0) -> list:
        out = []
        for item in raw:
            if isinstance(item, dict) and "use" in item:
                if set(item) != {"use"}:
                    raise self.error(f"'{what}': a {{ use = ... }} spec takes no other key")
                name = item["use"]
                if name not in self.defines:
                    raise self.error(f"'{what}': uses {name!r}, which [pack.define] does not define")
                if depth > 4:
                    raise self.error("[pack.define] entries use each other in a loop")
                out.extend(self.splice(self.defines[name], what, depth + 1))
            else:
                out.append(item)
        return out

    def error(self, problem: str) -> RuleFileError:
        return RuleFileError(self.path, problem, self.rid)

    def sequence(self, raw, what: str = "tokens", anchored: bool = True) -> Sequence:
        if not isinstance(raw, list) or not raw:
            raise self.error(f"'{what}' must be a non-empty list of token specs")
        specs = [self.spec(item, what) for item in self.splice(raw, what)]
        seq = Sequence(specs)
        seq.marked = tuple(k for k, s in enumerate(specs) if s.mark)
        for k, s in enumerate(specs):
            if s.name:
                if s.name in seq.names:
                    if seq.names[s.name][1] != k - 1:
                        raise self.error(f"'{what}': two specs are named {s.name!r} (only neighbours may share a name)")
                    seq.names[s.name] = (seq.names[s.name][0], k)  # neighbours share one name: their words together
                else:
                    seq.names[s.name] = (k, k)
        # An antipattern (anchored=False) may lack an anchor; when it has one, it is tried only around it.
        seq.anchor = _choose_anchor(specs)
        if seq.anchor < 0 and anchored:
            raise self.error(f"'{what}' names no word, lemma or lexicon that every match must contain "
                             "(a sequence needs one, so that it can be found quickly)")
        if seq.anchor >= 0:
            seq.lead = sum(s.width if not s.lazy else s.max for s in specs[:seq.anchor]) + _inner(specs[seq.anchor])
        return seq

    def phrase(self, text: str, what: str) -> Sequence:
        """`phrases = ["miracle cure"]`: the one-line form of a sequence of words (`*`: any word)."""
        specs = []
        for token in text.split():
            spec = Spec()
            if token == ANY:
                spec.lazy, spec.min, spec.max = False, 1, 1
            else:
                spec.trie = Trie(expand(token))
                if not spec.trie.size:
                    raise self.error(f"'{what}': {text!r} has an empty word")
            specs.append(spec)
        # A phrase is matched whole: hyphenated spellings meet through one trie of the phrase.
        if len(specs) > 1 and ANY not in text.split():
            whole = Spec()
            whole.trie = Trie(expand(text))
            specs = [whole]
        seq = Sequence(specs)
        seq.anchor = _choose_anchor(specs)
        if seq.anchor < 0:
            raise self.error(f"'{what}': {text!r} needs at least one word that is not '*'")
        seq.lead = sum(s.width for s in specs[:seq.anchor]) + _inner(specs[seq.anchor])
        return seq

    def spec(self, raw, what: str) -> Spec:
        if not isinstance(raw, dict):
            raise self.error(f"'{what}': each token spec must be a table such as {{ lemma = \"cure\" }}")
        unknown = set(raw) - SPEC_KEYS
        if unknown:
            raise self.error(f"'{what}': unknown key(s) in token spec: {', '.join(sorted(unknown))}")
        s = Spec()
        s.source = raw
        kinds = [k for k in ("word", "words", "lemma", "lexicon", "class", "suffix", "regex") if k in raw]
        if "skip" in raw:
            if kinds or "optional" in raw or "repeat" in raw:
                raise self.error(f"'{what}': a skip spec takes no word, lemma, lexicon or repeat")
            n = raw["skip"]
            if not isinstance(n, int) or isinstance(n, bool) or not 0 < n <= 20:
                raise self.error(f"'{what}': skip must be a whole number of words from 1 to 20")
            s.lazy, s.min, s.max = True, 0, n
        elif "at" in raw:
            if raw["at"] not in ("sentence-start", "sentence-end"):
                raise self.error(f"'{what}': at must be 'sentence-start' or 'sentence-end'")
            s.at = raw["at"]
            if kinds:
                raise self.error(f"'{what}': an 'at' spec matches a position, not words")
        else:
            if len(kinds) != 1:
                raise self.error(f"'{what}': a token spec needs exactly one of word, lemma, lexicon, class, "
                                 f"suffix or regex (got {', '.join(kinds) or 'none'})")
            self._what(s, kinds[0], raw, what)
        if "forms" in raw and not ("lemma" in raw or "lexicon" in raw):
            raise self.error(f"'{what}': 'forms' goes with lemma or lexicon")
        if "case" in raw:
            if raw["case"] not in CASES:
                raise self.error(f"'{what}': case must be one of {', '.join(CASES)}")
            s.case = raw["case"]
        if raw.get("optional"):
            s.min = 0
        if "repeat" in raw:
            rep = raw["repeat"]
            if not (isinstance(rep, list) and len(rep) == 2 and all(isinstance(x, int) for x in rep)
                    and 0 <= rep[0] <= rep[1] <= 20):
                raise self.error(f"'{what}': repeat must be [min, max] with 0 <= min <= max <= 20")
            s.min, s.max = rep
        s.negate = bool(raw.get("not", False))
        if "except" in raw:
            s.exception = self.spec(raw["except"], what + " except")
        if "mark" in raw:
            s.mark = bool(raw["mark"])
        if "name" in raw:
            if not isinstance(raw["name"], str) or not regex.fullmatch(r"[a-z][a-z0-9_]*", raw["name"]):
                raise self.error(f"'{what}': name must be a lower-case identifier")
            s.name = raw["name"]
        return s

    def _what(self, s: Spec, kind: str, raw: dict, what: str) -> None:
        value = raw[kind]
        forms = raw.get("forms")
        if forms is not None:
            allowed = (*VERB_FORMS, "plural")
            if not isinstance(forms, list) or not forms or set(forms) - set(allowed):
                raise self.error(f"'{what}': forms must be a list among {', '.join(allowed)}")
            forms = tuple(forms)
        if kind in ("word", "words", "lemma"):
            words = [value] if isinstance(value, str) else value
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
                raise self.error(f"'{what}': {kind} must be a word or a list of words")
            phrases: set = set()
            for w in words:
                phrases |= expand(w, inflect=kind == "lemma", forms=forms)
            s.trie = Trie(phrases)
        elif kind == "lexicon":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not names:
                raise self.error(f"'{what}': lexicon must be a name or a list of names")
            phrases = set()
            for name in names:
                lexicon = self.lexicons.get(name)
                if lexicon is None:
                    raise self.error(f"'{what}' names lexicon '{name}', which does not exist")
                if forms and not lexicon.inflect:
                    raise self.error(f"'{what}': lexicon {name} does not inflect, so it has no forms")
                phrases |= lexicon.phrases(forms)
            s.trie = self._shared_trie(tuple(names), forms, phrases)
        elif kind == "class":
            if value in BUILTIN_CLASSES:
                s.klass = value
            elif value in self.lexicons:
                s.trie = self._shared_trie((value,), None, self.lexicons[value].phrases())
                s.is_class = True
            else:
                raise self.error(f"'{what}': unknown class {value!r} (built in: {', '.join(sorted(BUILTIN_CLASSES))}; "
                                 "any other class is a lexicon of that name)")
        elif kind == "suffix":
            suffixes = [value] if isinstance(value, str) else value
            if not isinstance(suffixes, list) or not all(isinstance(x, str) and x for x in suffixes):
                raise self.error(f"'{what}': suffix must be a string or a list of strings")
            s.suffixes = tuple(x.lower() for x in suffixes)
        else:  # regex: the escape hatch, over one token's normalised form
            check_regex(value, self.error, what)
            s.pattern = regex.compile(value, regex.V1)


def check_regex(value, error, what: str) -> None:
    """The escape hatch stays small: a short pattern over one token, no lookbehind, no long
    inline word list (a list belongs in a lexicon)."""
    if not isinstance(value, str) or not value:
        raise error(f"'{what}': regex must be a non-empty string")
    if len(value) > 60:
        raise error(f"'{what}': regex {value!r} is longer than 60 characters; use words, lemmas or a lexicon")
    if "(?<" in value.replace("(?<P", ""):
        raise error(f"'{what}': regex {value!r} uses a lookbehind; use the tokens before it instead")
    alternatives = value.count("|") + 1
    if alternatives > 4:
        raise error(f"'{what}': regex {value!r} lists {alternatives} alternatives; put the words in a lexicon")
    try:
        regex.compile(value, regex.V1)
    except regex.error as err:
        raise error(f"'{what}': bad regex {value!r}: {err}") from None


def _inner(spec: Spec) -> int:
    """How far into one of its phrases an anchor spec's looked-up token may stand."""
    if spec.trie is None or spec.trie.anchors_first:
        return 0
    return spec.trie.longest - 1


def _choose_anchor(specs: list[Spec]) -> int:
    """The spec whose first tokens are fewest and rarest: where the matcher looks a sentence up."""
    best, best_cost = -1, None
    for k, s in enumerate(specs):
        keys = s.keys
        if not keys:
            continue
        # a shared lexicon trie comes back in many rules: it keeps its cost
        cost = s.trie.anchor_cost if s.trie is not None and keys is s.trie.anchors else lookup_cost(keys)
        if best_cost is None or cost < best_cost:
            best, best_cost = k, cost
    return best
