"""Named word lists (hedges, negations, conditions, supplements, causal verbs...), one TOML file
each, referenced by name from rules and from the context layer.

A lexicon file:

    name = "hedges"
    description = "Cues that make a claim tentative."
    terms = ["may", "might"]          # count anywhere in the claim's clause
    before = ["suggests that"]        # count only before the claim
    after = ["in mice"]               # count only after the claim
    inflect = false                   # give each term's first word regular endings
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import RuleFileError
from .inflect import verb_forms

_KEYS = {"name", "description", "terms", "before", "after", "inflect", "plurals", "sources"}


@dataclass
class Lexicon:
    name: str
    path: str
    description: str = ""
    terms: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    inflect: bool = False
    #: Nouns: each term's last word also matches in the plural (wart -> warts, mouse -> mice).
    plurals: bool = False

    def __getstate__(self) -> dict:
        """Without the phrase sets and shared tries worked out from the terms (rules compile
        against them; matching never reads them): the rules cache stays small."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_phrases", "_tries")}

    @property
    def all_terms(self) -> list[str]:
        return self.terms + self.before + self.after

    def base_forms(self) -> dict[str, str]:
        """Inflected first words mapped to their base form (for the `|base` suggestion filter)."""
        if not self.inflect:
            return {}
        out = {}
        for term in self.all_terms:
            first = term.split()[0].lower()
            for form in verb_forms(first).values():
                out.setdefault(form, first)
        return out

    def phrases(self, forms: tuple[str, ...] | None = None) -> set[tuple[str, ...]]:
        """Every term as token sequences (see vocab.py); for an inflecting lexicon, `forms` picks
        which forms of each term's first word count (all by default)."""
        key = forms or ()
        cache = self.__dict__.setdefault("_phrases", {})
        if key not in cache:
            from .vocab import expand

            from .inflect import plural

            out: set[tuple[str, ...]] = set()
            for term in self.all_terms:
                out |= expand(term, self.inflect, forms)
                words = term.split()
                if self.plurals and words and words[-1][:1].isalpha():
                    out |= expand(" ".join([*words[:-1], plural(words[-1])]), self.inflect, forms)
            cache[key] = out
        return cache[key]


def load_lexicon(path: Path) -> Lexicon:
    from . import tomlparser  # only when lexicons are read from TOML, not from the rule cache

    try:
        data = tomlparser.loads(path.read_text(encoding="utf-8"))
    except tomlparser.TOMLDecodeError as err:
        raise RuleFileError(str(path), f"invalid TOML: {err}") from None
    except OSError as err:
        raise RuleFileError(str(path), f"cannot read: {err.strerror}") from None
    unknown = set(data) - _KEYS
    if unknown:
        raise RuleFileError(str(path), f"unknown key(s) in lexicon: {', '.join(sorted(unknown))}")
    name = data.get("name") or path.stem
    if not isinstance(name, str):
        raise RuleFileError(str(path), "lexicon 'name' must be a string")
    lexicon = Lexicon(name=name, path=str(path), description=str(data.get("description", "")))
    for scope in ("terms", "before", "after"):
        words = data.get(scope, [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise RuleFileError(str(path), f"lexicon {name}: '{scope}' must be a list of non-empty strings")
        setattr(lexicon, scope, words)
    if not lexicon.all_terms:
        raise RuleFileError(str(path), f"lexicon {name} has no terms")
    inflect = data.get("inflect", False)
    if not isinstance(inflect, bool):
        raise RuleFileError(str(path), f"lexicon {name}: 'inflect' must be true or false")
    lexicon.inflect = inflect
    plurals = data.get("plurals", False)
    if not isinstance(plurals, bool):
        raise RuleFileError(str(path), f"lexicon {name}: 'plurals' must be true or false")
    lexicon.plurals = plurals
    return lexicon
