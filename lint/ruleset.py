"""Rule packs: TOML files of `[[rule]]` tables, loaded and validated into `Rule` objects.

Everything is checked on load (unknown keys, types, regular expressions, lexicon names, duplicate
ids, examples) so a broken pack fails with its file, rule id and problem, never mid-run.
See docs/rule-format.md for the format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from .errors import RuleFileError
from .lazyregex import LazyPattern
from .records import Record

if TYPE_CHECKING:  # pragma: no cover
    from .lexicons import Lexicon  # imported to load rules from TOML: a rule set from the rules cache needs none
    from .matcher import Compiler

SEVERITIES = ("info", "warning", "error")
KINDS = ("sequence", "phrase", "document")
CONTEXTS = ("hedged", "negated", "attributed", "question", "cited", "animal-study", "qualified", "established", "sourced")
#: Kinds of prose block a rule may be limited to with `blocks = [...]`.
BLOCK_KINDS = ("heading", "paragraph", "list-item", "table-cell", "quote", "front-matter", "description")
# A pack that names no policy is released by these; "animal-study" is opt-in, for rules whose
# claim an experiment in animals does support (a causal verb), unlike hype or a cure claim.
DEFAULT_CONTEXTS = ("hedged", "negated", "attributed", "question", "cited")
APPLICABILITY = ("safe", "unsafe", "none")
#: The context table (lint/context.py) beside the packs, not a pack itself.
CONTEXT_FILE = "context.toml"
MARK = LazyPattern(r"<<(.+?)>>", regex.S)  # read when rules are loaded from TOML or explained, not to check

_PACK_KEYS = {"category", "title", "description", "severity", "released_by", "url", "references", "define", "unless",
              "overlap_group",
              "example_context", "priority", "needs", "needs_scope", "needs_count"}
_RULE_KEYS = {
    "id", "severity", "summary", "message", "kind", "phrases", "trigger", "requires", "suggest",
    "fix", "released_by", "examples", "rationale", "references", "url", "needs", "needs_scope",
    "needs_count", "tokens", "unless", "blocks", "priority",
    "jurisdiction",  # the country whose law the rule states (Rule.jurisdiction, see jurisdiction.py)
}
_KIND_KEYS = {
    "sequence": {"tokens"},
    "phrase": {"phrases"},
    "document": {"trigger", "requires"},
}
_KIND_ONLY = {"tokens": "sequence", "phrases": "phrase", "trigger": "document", "requires": "document"}
#: Keys of the regular-expression rule format this release replaced, with what to write instead.
_RETIRED = {"pattern": "a tokens = [...] sequence (docs/rule-format.md)", "report": "mark = true on token specs",
            "subject": "a tokens sequence", "predicate": "a tokens sequence", "object": "a tokens sequence",
            "window": "{ skip = N }", "inflect": "{ lemma = ... }", "case_sensitive": "case = \"capitalised\""}


@dataclass
class Rule:
    """One rule: what it matches, what it says, what releases it, and its own examples."""

    id: str
    category: str
    severity: str
    message: str
    kind: str
    summary: str
    suggest: list[str]
    fix: str
    released_by: frozenset[str]
    bad: list[str]
    good: list[str]
    rationale: str
    references: list[str]
    url: str
    path: str
    #: Words that must stand in the same sentence (paragraph, document) for the rule to apply.
    needs_scope: str = "sentence"
    needs_count: int = 1
    #: A paragraph the examples are checked after (a research report, for research-only rules).
    example_context: str = ""
    #: Which of two rules flagging the very same words is reported (higher wins; pack-level).
    priority: int = 0
    #: Token sequences (sequence and phrase rules); a match of any of them is a match of the rule.
    sequences: list = field(default_factory=list)
    #: Antipatterns: a match that one of these overlaps is not reported.
    unless: list = field(default_factory=list)
    #: Only in these kinds of block (headings, list items...), or everywhere.
    blocks: frozenset[str] | None = None
    #: A document rule's required statement, as phrases searched in the prose.
    requires_trie: object = None
    needs_trie: object = None
    #: Findings of rules in one group whose words overlap are reported once (see engine.py).
    overlap_group: str = ""
    #: The country whose law the rule states ("us"), or "" (see jurisdiction.py).
    jurisdiction: str = ""
    #: The rule's table as written in its pack. Not kept in the rules cache (matching never
    #: reads it): a rule from the cache reads it again from its file when first asked for.
    source: dict = field(default_factory=dict, repr=False)

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[1]

    @cached_property
    def anchors(self) -> list[tuple[frozenset[str] | None, tuple[frozenset[str], ...]]]:
        """For each sequence, the words its anchor is looked up by and the word lists a sentence
        must hold for it to match (Sequence.required): what tokenlint.RuleIndex files it under.
        A rule from the rules cache has them without its sequences being unpickled."""
        if "_parts" in self.__dict__:
            self._load_parts("anchors")
            return self.__dict__["anchors"]
        return [(seq.specs[seq.anchor].keys, seq.required) for seq in self.sequences]

    @cached_property
    def anchor_keys(self) -> list[frozenset[str] | None]:
        """Each sequence's anchor words alone (anchors' first halves): all the index needs of a
        rule until a document holds one of them; the rules cache keeps them with the rule."""
        return [keys for keys, _ in self.anchors]

    # -- the rules cache (rulecache.py) ---------------------------------------------------------
    def __getstate__(self) -> dict:
        if "_parts" in self.__dict__:
            self._load_parts()  # a rule sent to another process goes whole
        state = dict(self.__dict__)
        state.pop("source", None)
        return state

    def __getattr__(self, name: str):
        # Only for attributes missing from the instance: what the rules cache left out.
        if name in LAZY_FIELDS and "_parts" in self.__dict__:
            self._load_parts(name)
            return self.__dict__[name]
        if name == "source":
            source = raw_rule(Path(self.path), self.id)
            self.__dict__["source"] = source
            return source
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _load_parts(self, name: str | None = None) -> None:
        """Unpickle the group of fields the rules cache keeps apart that holds `name` (every
        group when None; rulecache.py). A group is loaded once: its fields are then in the
        instance, and __getattr__ is not asked for them again."""
        parts = self.__dict__.get("_parts")
        if parts is None:
            return
        store, numbers = parts
        groups = range(len(numbers)) if name is None else (LAZY_FIELDS[name],)
        for group in groups:
            if any(f not in self.__dict__ for f, g in LAZY_FIELDS.items() if g == group):
                self.__dict__.update(store.rule_parts(numbers[group]))
        if name is None:
            self.__dict__.pop("_parts", None)


#: Rule fields the rules cache keeps apart from the rule, by group; a group is unpickled the first
#: time one of its fields is read (Rule.__getattr__, Rule.anchors): 0, the word lists a sentence
#: must hold for each sequence, when a document holds one of the rule's anchor words; 1, the
#: sequences and antipatterns, when a sentence holds all the words of one; 2, what only `explain`,
#: `rules` and the editor's hovers show. (A field with a class default, such as the gates' tries,
#: cannot be one of them: the default would answer.)
LAZY_FIELDS = {"anchors": 0, "sequences": 1, "unless": 1,
               "summary": 2, "bad": 2, "good": 2, "rationale": 2, "references": 2, "url": 2}
LAZY_GROUPS = 3


def lazy_rule(store, numbers: tuple[int, ...], state: dict) -> Rule:
    """A Rule from the rules cache whose LAZY_FIELDS are parts `numbers` (one per group) of
    `store`, each loaded on first use."""
    rule = Rule.__new__(Rule)
    rule.__dict__.update(state)
    rule.__dict__["_parts"] = (store, numbers)
    return rule


def lazy_ruleset(store, n: int, state: dict) -> RuleSet:
    """A RuleSet from the rules cache whose lexicons are pickle `n` of `store`, loaded on first use."""
    ruleset = RuleSet.__new__(RuleSet)
    ruleset.__dict__.update(state)
    ruleset.__dict__["_lexicons"] = (store, n)
    return ruleset


class Pack(Record):
    """A rule pack: one file's rules and what the pack says of itself."""

    __slots__ = ("category", "title", "description", "path", "rules")
    category: str
    title: str
    description: str
    path: str
    rules: list[Rule]

    def __init__(self, category: str, title: str, description: str, path: str, rules: list[Rule]) -> None:
        self.category = category
        self.title = title
        self.description = description
        self.path = path
        self.rules = rules


@dataclass
class RuleSet:
    packs: list[Pack]
    #: The lexicons by name. A rule set from the rules cache unpickles them when first asked
    #: for: its rules are compiled already, so a check never reads them.
    lexicons: dict[str, Lexicon]
    #: The context table (rules/context.toml), loaded with the packs.
    context: object = None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if "_lexicons" in state:  # a rule set sent to another process goes whole
            state["lexicons"] = self.lexicons
            del state["_lexicons"]
        return state

    def __getattr__(self, name: str):
        # Only for attributes missing from the instance: the lexicons a rules cache left out.
        lazy = self.__dict__.get("_lexicons")
        if name == "lexicons" and lazy is not None:
            store, n = lazy
            lexicons = self.__dict__["lexicons"] = store.load(n)
            return lexicons
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def rules(self) -> list[Rule]:
        return [rule for pack in self.packs for rule in pack.rules]

    @cached_property
    def base_forms(self) -> dict[str, str]:
        """Inflected verbs of every inflecting lexicon mapped to their base form."""
        out: dict[str, str] = {}
        for lexicon in self.lexicons.values():
            for form, base in lexicon.base_forms().items():
                out.setdefault(form, base)
        return out

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def bundled_rules_dir() -> Path:
    """The rule packs shipped inside the package: where the import system finds them
    (rulecache.bundled_rules_dir; importlib.resources, ~9 ms to import, only where that fails)."""
    from .rulecache import bundled_rules_dir as found

    return found()


def resources_rules_dir() -> Path:
    """bundled_rules_dir() through importlib.resources (a zip import or another loader)."""
    from importlib import resources

    return Path(str(resources.files("healthlint.rules")))


def load_ruleset(extra_dirs: list[Path] | None = None) -> RuleSet:
    """Load the bundled packs and lexicons, plus any extra rule directories (a team's own)."""
    from .lexicons import load_lexicon

    dirs = [bundled_rules_dir()] + [Path(d) for d in (extra_dirs or [])]
    lexicons: dict[str, Lexicon] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise RuleFileError(str(directory), "rule directory does not exist")
        lex_dir = directory / "lexicons"
        for path in sorted(lex_dir.glob("*.toml")) if lex_dir.is_dir() else []:
            lexicon = load_lexicon(path)
            if lexicon.name in lexicons:
                # A team's lexicon of the same name extends the bundled one.
                base = lexicons[lexicon.name]
                for scope in ("terms", "before", "after"):
                    getattr(base, scope).extend(getattr(lexicon, scope))
                base.__dict__.pop("compiled", None)
                base.__dict__.pop("_phrases", None)
                base.__dict__.pop("_tries", None)
            else:
                lexicons[lexicon.name] = lexicon
    per_dir = [[p for p in sorted(d.glob("*.toml")) if p.name != CONTEXT_FILE] for d in dirs]
    # A team's own packs are built before the bundled ones: a broken team pack then fails at once,
    # not after the bundled packs (nearly all of the load) were built for nothing. The rule set
    # keeps the folders' order, and a duplicate id names the later file, as before.
    order = [path for paths in per_dir[1:] + per_dir[:1] for path in paths]
    built = {path: load_pack(path, lexicons) for path in order}
    packs: list[Pack] = []
    seen: dict[str, str] = {}
    for path in (path for paths in per_dir for path in paths):
        pack = built[path]
        for rule in pack.rules:
            if rule.id in seen:
                raise RuleFileError(str(path), f"duplicate rule id (also in {seen[rule.id]})", rule.id)
            seen[rule.id] = str(path)
        packs.append(pack)
    from .context import load_context_table

    context = load_context_table(lexicons)
    for lexicon in lexicons.values():  # expanded phrase sets are built into tries by now
        lexicon.__dict__.pop("_phrases", None)
    return RuleSet(packs=packs, lexicons=lexicons, context=context)


#: The last pack file raw_rule parsed, as (path, text, parsed): asking for every rule's table
#: (`explain` for a pack, a rule set from the rules cache compared with the files) reads each file
#: once instead of once per rule. Compared by text, so an edited file is parsed again.
_LAST_PARSED: tuple[str, str, dict] | None = None


def raw_rule(path: Path, rule_id: str) -> dict:
    """The `[[rule]]` table of `rule_id` as written in the pack at `path` ({} if it is gone)."""
    import copy

    from . import tomlparser

    global _LAST_PARSED
    try:
        text = path.read_text(encoding="utf-8")
        if _LAST_PARSED is not None and _LAST_PARSED[:2] == (str(path), text):
            data = _LAST_PARSED[2]
        else:
            data = tomlparser.loads(text)
            _LAST_PARSED = (str(path), text, data)
    except (OSError, UnicodeDecodeError, tomlparser.TOMLDecodeError):
        return {}
    rules = data.get("rule", [])
    table = next((r for r in rules if isinstance(r, dict) and r.get("id") == rule_id), {}) if isinstance(rules, list) else {}
    return copy.deepcopy(table)  # the caller's own, as when each call parsed the file


def _toml_line(text: str, needle: str) -> int | None:
    """The 1-based line of a rule's id in its file, for error messages."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at != -1 else None


def load_pack(path: Path, lexicons: dict[str, Lexicon]) -> Pack:
    from . import tomlparser  # only when rules are read from TOML, not when they come from the rule cache

    try:
        text = path.read_text(encoding="utf-8")
        data = tomlparser.loads(text)
    except tomlparser.TOMLDecodeError as err:
        raise RuleFileError(str(path), f"invalid TOML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(str(path), f"cannot read: {err}") from None
    unknown = set(data) - {"pack", "rule"}
    if unknown:
        raise RuleFileError(str(path), f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    meta = data.get("pack")
    if not isinstance(meta, dict):
        raise RuleFileError(str(path), "missing [pack] table")
    unknown = set(meta) - _PACK_KEYS
    if unknown:
        raise RuleFileError(str(path), f"unknown key(s) in [pack]: {', '.join(sorted(unknown))}")
    category = meta.get("category")
    if not isinstance(category, str) or not regex.fullmatch(r"[a-z][a-z0-9-]*", category):
        raise RuleFileError(str(path), "[pack] needs a lowercase 'category'")
    if not isinstance(meta.get("priority", 0), int) or isinstance(meta.get("priority", 0), bool):
        raise RuleFileError(str(path), "[pack] priority must be a whole number")
    defines = meta.get("define", {})
    if not isinstance(defines, dict) or not all(isinstance(v, list) for v in defines.values()):
        raise RuleFileError(str(path), "[pack.define] must map names to token sequences")
    pack_unless = meta.get("unless", [])
    if not isinstance(pack_unless, list) or not all(isinstance(i, list) for i in pack_unless):
        raise RuleFileError(str(path), "[pack] unless must be a list of token sequences")
    defaults = {
        "defines": defines,
        "unless": pack_unless,
        # Packs that judge the same thing (how strongly a claim is put) give one finding where
        # their rules flag overlapping words; other packs only dedupe among their own rules.
        "overlap_group": meta.get("overlap_group", category),
        "example_context": meta.get("example_context", ""),
        "priority": meta.get("priority", 0),
        "severity": meta.get("severity", "warning"),
        "released_by": meta.get("released_by", list(DEFAULT_CONTEXTS)),
        "url": meta.get("url", ""),
        "references": meta.get("references", []),
        # A gate every rule of the pack shares (a rule may set its own).
        "needs": meta.get("needs"),
        "needs_scope": meta.get("needs_scope", "sentence"),
        "needs_count": meta.get("needs_count", 1),
    }
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleFileError(str(path), "a pack needs at least one [[rule]]")
    rules = []
    for raw in raw_rules:
        rid = raw.get("id") if isinstance(raw, dict) else None
        line = _toml_line(text, f'"{rid}"') if isinstance(rid, str) else None
        try:
            rules.append(_build_rule(raw, category, defaults, lexicons, str(path)))
        except RuleFileError as err:
            err.line = err.line or line
            raise RuleFileError(str(path), err.problem, err.rule_id, err.line) from None
    return Pack(category=category, title=str(meta.get("title", category)),
                description=str(meta.get("description", "")), path=str(path), rules=rules)


def _strings(value, what: str, rid: str | None, path: str, min_len: int = 0) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleFileError(path, f"'{what}' must be a list of non-empty strings", rid)
    if len(value) < min_len:
        raise RuleFileError(path, f"'{what}' needs at least {min_len} entries", rid)
    return value


def _build_rule(raw, category: str, defaults: dict, lexicons: dict[str, Lexicon], path: str) -> Rule:
    if not isinstance(raw, dict):
        raise RuleFileError(path, "each [[rule]] must be a table")
    rid = raw.get("id")
    if not isinstance(rid, str) or not regex.fullmatch(r"[a-z][a-z0-9-]*/[a-z0-9][a-z0-9-]*", rid):
        raise RuleFileError(path, f"rule id {rid!r} must look like 'category/slug'", rid if isinstance(rid, str) else None)
    if rid.split("/")[0] != category:
        raise RuleFileError(path, f"rule id must start with the pack category '{category}/'", rid)
    retired = sorted(set(raw) & set(_RETIRED))
    if retired:
        raise RuleFileError(path, f"'{retired[0]}' belongs to the old regular-expression rule format; "
                                  f"write {_RETIRED[retired[0]]}", rid)
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RuleFileError(path, f"unknown key(s): {', '.join(sorted(unknown))}", rid)
    kind = raw.get("kind") or ("sequence" if "tokens" in raw else "document" if "trigger" in raw else "phrase")
    if kind not in KINDS:
        raise RuleFileError(path, f"kind must be one of {', '.join(KINDS)}, not {kind!r}", rid)
    missing = _KIND_KEYS[kind] - set(raw)
    if missing:
        raise RuleFileError(path, f"a {kind} rule needs {', '.join(sorted(missing))}", rid)
    for key, owner in _KIND_ONLY.items():
        if key in raw and owner != kind:
            raise RuleFileError(path, f"'{key}' belongs to {owner} rules, not {kind}", rid)
    severity = raw.get("severity", defaults["severity"])
    if severity not in SEVERITIES:
        raise RuleFileError(path, f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}", rid)
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise RuleFileError(path, "missing 'message'", rid)
    released_raw = raw.get("released_by", defaults["released_by"])
    released = _strings(released_raw, "released_by", rid, path) if released_raw != [] else []
    bad_ctx = set(released) - set(CONTEXTS)
    if bad_ctx:
        raise RuleFileError(path, f"released_by has unknown context(s) {sorted(bad_ctx)}; use {', '.join(CONTEXTS)}", rid)
    from .matcher import Compiler

    compiler = Compiler(lexicons, path, rid, defaults["defines"])
    requires_trie = None
    if kind == "sequence":
        alternatives = raw["tokens"]
        if isinstance(alternatives, list) and alternatives and all(isinstance(a, list) for a in alternatives):
            # tokens = [[...], [...]]: alternative sequences of one rule (LanguageTool's rule group)
            sequences = [compiler.sequence(a, f"tokens[{n}]") for n, a in enumerate(alternatives)]
        else:
            sequences = [compiler.sequence(alternatives)]
    elif kind == "phrase":
        sequences = [compiler.phrase(p, "phrases") for p in _strings(raw["phrases"], "phrases", rid, path, 1)]
    else:
        sequences = _phrase_sequences(raw["trigger"], "trigger", compiler, lexicons, rid, path)
        requires_trie = _phrase_trie(raw["requires"], "requires", compiler, rid, path)
    items = raw.get("unless", [])
    if not isinstance(items, list) or not all(isinstance(i, list) for i in items):
        raise RuleFileError(path, "'unless' must be a list of token sequences ([[...], [...]])", rid)
    if kind != "document":  # the pack's antipatterns apply to each of its rules
        items = [*items, *defaults["unless"]]
    unless = [compiler.sequence(item, "unless", anchored=False) for item in items]
    blocks = None
    if "blocks" in raw:
        blocks = frozenset(_strings(raw["blocks"], "blocks", rid, path, 1))
        if blocks - set(BLOCK_KINDS):
            raise RuleFileError(path, f"blocks must be among {', '.join(BLOCK_KINDS)}", rid)
    needs_trie = None
    names = raw.get("needs", defaults["needs"])
    if names is not None:
        if isinstance(names, list) and names and all(isinstance(n, str) and n in lexicons for n in names):
            # Any of several lexicons: the trie the matcher builds for the same list, built once.
            needs_trie = compiler._shared_trie(tuple(names), None, set().union(*(lexicons[n].phrases() for n in names)))
        else:
            needs_trie = _phrase_trie(names, "needs", compiler, rid, path)
    needs_scope = raw.get("needs_scope", defaults["needs_scope"])
    if needs_scope not in ("sentence", "paragraph", "document"):
        raise RuleFileError(path, "needs_scope must be 'sentence', 'paragraph' or 'document'", rid)
    needs_count = raw.get("needs_count", defaults["needs_count"])
    if not isinstance(needs_count, int) or needs_count < 1:
        raise RuleFileError(path, "needs_count must be a whole number of at least 1", rid)
    suggest = _strings(raw.get("suggest", []), "suggest", rid, path, 1)
    fix = raw.get("fix", "unsafe")
    if fix not in APPLICABILITY:
        raise RuleFileError(path, f"fix must be one of {', '.join(APPLICABILITY)}, not {fix!r}", rid)
    examples = raw.get("examples")
    if not isinstance(examples, dict):
        raise RuleFileError(path, "missing [rule.examples] with 'bad' and 'good' lists", rid)
    unknown = set(examples) - {"bad", "good"}
    if unknown:
        raise RuleFileError(path, f"unknown key(s) in examples: {', '.join(sorted(unknown))}", rid)
    bad = _strings(examples.get("bad", []), "examples.bad", rid, path, 2)
    good = _strings(examples.get("good", []), "examples.good", rid, path, 2)
    for example in bad:
        if not MARK.search(example):
            raise RuleFileError(path, f"bad example has no <<marked>> words: {example!r}", rid)
    for key in ("summary", "rationale", "url", "jurisdiction"):
        if key in raw and not isinstance(raw[key], str):
            raise RuleFileError(path, f"'{key}' must be a string", rid)
    references = _strings(raw.get("references", defaults["references"]) or ["-"], "references", rid, path)
    return Rule(
        id=rid, category=category, severity=severity, message=message.strip(), kind=kind,
        summary=raw.get("summary", "") or message.strip(), suggest=suggest, fix=fix, released_by=frozenset(released), bad=bad, good=good,
        rationale=raw.get("rationale", ""), references=[r for r in references if r != "-"],
        url=raw.get("url", defaults["url"]), path=path, needs_scope=needs_scope, needs_count=needs_count,
        example_context=str(defaults["example_context"]), priority=_priority(raw, defaults, rid, path), source=raw,
        sequences=sequences, unless=unless, blocks=blocks, requires_trie=requires_trie, needs_trie=needs_trie,
        overlap_group=str(defaults["overlap_group"]), jurisdiction=raw.get("jurisdiction", ""),
    )


def _priority(raw: dict, defaults: dict, rid: str, path: str) -> int:
    """Which of two rules flagging the same words is reported: the rule's own `priority` (a
    specific rule over a general one of the same pack), else its pack's."""
    value = raw.get("priority", defaults["priority"])
    if not isinstance(value, int) or isinstance(value, bool):
        raise RuleFileError(path, "priority must be a whole number", rid)
    return value


def _phrase_sequences(value, what: str, compiler, lexicons: dict[str, Lexicon], rid: str, path: str) -> list:
    """A lexicon name or a phrase list as sequences (a document rule's trigger)."""
    if isinstance(value, str):
        if value not in lexicons:
            raise RuleFileError(path, f"'{what}' names lexicon '{value}', which does not exist", rid)
        return [compiler.sequence([{"lexicon": value}], what)]
    return [compiler.phrase(p, what) for p in _strings(value, what, rid, path, 1)]


def _phrase_trie(value, what: str, compiler: Compiler, rid: str, path: str):
    """A lexicon (the trie the matcher builds for it, built once) or a phrase list as a trie."""
    from .vocab import Trie, expand

    if isinstance(value, str):
        if value not in compiler.lexicons:
            raise RuleFileError(path, f"'{what}' names lexicon '{value}', which does not exist", rid)
        return compiler._shared_trie((value,), None, compiler.lexicons[value].phrases())
    phrases: set = set()
    for p in _strings(value, what, rid, path, 1):
        phrases |= expand(p)
    return Trie(phrases)
