"""A cache of the loaded, validated and compiled rule set, so start-up does not pay for it.

Loading ~150 rules means parsing TOML, validating every rule and compiling large lexicon
alternations with the `regex` module, whose compiler is pure Python: seconds, not milliseconds.
On the first run the rule set is loaded as usual (so a broken rule still fails with its file and
id) and saved to `rules-<fingerprint>.pickle` in cache.rules_cache_dir() (the user's cache
folder: one compile per machine, not per repository) with, for every regular
expression, the compiled program the `regex` compiler produced. Later runs unpickle it and
rebuild each expression from its program only when a rule first needs it (a C call, ~1 ms for
the largest). The fingerprint covers the rule files, the healthlint code, and the Python and
`regex` versions, so any change to them loads afresh. Any problem with the cache (unreadable,
stale, from another `regex` build) falls back to the normal load.
"""
from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as _cache

if TYPE_CHECKING:  # pragma: no cover
    import regex

    from .ruleset import RuleSet

# `regex`, the rule loader and the prefilter are imported where used: a run whose findings are
# all cached needs only the fingerprint, and importing them costs ~40 ms of start-up.

_FORMAT = 4


class LazyPattern:
    """Stands for a compiled `regex` pattern; builds it on first use from its cached program."""

    __slots__ = ("pattern", "flags", "_program", "_compiled")

    def __init__(self, pattern: str, flags: int, program: bytes | None, compiled=None):
        self.pattern = pattern
        self.flags = flags
        self._program = program
        self._compiled = compiled

    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = _rebuild(self.pattern, self.flags, self._program)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)

    def __getstate__(self):
        return (self.pattern, self.flags, self._program)

    def __setstate__(self, state) -> None:
        self.pattern, self.flags, self._program = state
        self._compiled = None

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}...)"


def _rebuild(pattern: str, flags: int, program: bytes | None) -> regex.Pattern:
    import regex
    import regex._main as _regex_main

    if program is not None:
        try:
            return _regex_main._regex.compile(*marshal.loads(program))
        except Exception:  # noqa: BLE001 - a program this regex build cannot take: compile anew
            pass
    return regex.compile(pattern, flags)


@contextlib.contextmanager
def _capturing() -> Iterator[dict[tuple[str, int], bytes]]:
    """Record the program of every pattern the `regex` module compiles meanwhile."""
    import regex
    import regex._main as _regex_main

    programs: dict[tuple[str, int], bytes] = {}
    real = _regex_main._regex

    class Recorder:
        def __getattr__(self, name):
            return getattr(real, name)

        @staticmethod
        def compile(*args):
            # Flags arrive as RegexFlag (an int subclass marshal refuses): store plain ints.
            plain = tuple(int(a) if isinstance(a, int) and not isinstance(a, bool) else a for a in args)
            with contextlib.suppress(ValueError):  # anything else not marshallable: just not cached
                programs[(plain[0], plain[1])] = marshal.dumps(plain)
            return real.compile(*args)

    regex.purge()  # patterns already in regex's own cache would not be compiled (or recorded)
    _regex_main._regex = Recorder()
    try:
        yield programs
    finally:
        _regex_main._regex = real


def _lazy(pattern, programs: dict[tuple[str, int], bytes]):
    if pattern is None or isinstance(pattern, LazyPattern):
        return pattern
    return LazyPattern(pattern.pattern, pattern.flags, programs.get((pattern.pattern, pattern.flags)), pattern)


_BUNDLED: Path | None = None


def bundled_rules_dir() -> Path:
    """ruleset.bundled_rules_dir(), found without importing the rule loader (or
    importlib.resources): where the import system would load `healthlint.rules` from."""
    global _BUNDLED
    if _BUNDLED is None:
        from importlib.util import find_spec

        spec = find_spec("healthlint.rules")
        if spec is not None and spec.submodule_search_locations:
            _BUNDLED = Path(list(spec.submodule_search_locations)[0])
        else:  # pragma: no cover - a zip import or another loader
            from .ruleset import bundled_rules_dir as from_resources

            _BUNDLED = from_resources()
    return _BUNDLED


def rules_fingerprint(extra_dirs: list[Path] | None = None) -> str:
    """The fingerprint of the bundled rules plus these folders, and of the code."""
    return _cache.ruleset_fingerprint([bundled_rules_dir()] + [Path(d) for d in (extra_dirs or [])])


def load_ruleset_cached(extra_dirs: list[Path] | None = None, cache_dir: Path | None = None,
                        fingerprint: str | None = None) -> RuleSet:
    """load_ruleset(extra_dirs), from the cache when the rules and code are unchanged.
    `fingerprint` is rules_fingerprint(extra_dirs) when the caller has just worked it out."""
    import pickle

    import regex

    from . import prefilter

    dirs = [bundled_rules_dir()] + [Path(d) for d in (extra_dirs or [])]
    if cache_dir is None or not all(d.is_dir() for d in dirs):
        return _load_ruleset(extra_dirs)  # a missing folder: let load_ruleset say so
    path = cache_dir / f"rules-{fingerprint or rules_fingerprint(extra_dirs)}.pickle"
    try:
        with open(path, "rb") as f:
            fmt, ruleset, analyses = pickle.load(f)
        if fmt == _FORMAT:
            prefilter.ANALYSES.update(analyses)
            return ruleset
    except Exception:  # noqa: BLE001 - missing, partial or stale: load afresh
        pass
    with _capturing() as programs:
        ruleset = _load_ruleset(extra_dirs)  # raises RuleFileError on a broken pack, as always
        for lexicon in ruleset.lexicons.values():
            lexicon.compiled  # noqa: B018 - compiled now so their programs are recorded
        ruleset.base_forms  # noqa: B018 - worked out once, kept in the cache
    analyses = {}
    for rule in ruleset.rules:
        for name, value in list(vars(rule).items()):  # compiled, requires, needs...
            if isinstance(value, regex.Pattern):
                setattr(rule, name, _lazy(value, programs))
        # Every pattern the engine's prefilters read (see engine.Linter): none is analysed at start-up.
        for pattern in (rule.compiled, getattr(rule, "needs", None), getattr(rule, "requires", None)):
            if pattern is not None:
                key = (pattern.pattern, pattern.flags)
                analyses[key] = prefilter.analyse(*key)
    for lexicon in ruleset.lexicons.values():
        lexicon.__dict__["compiled"] = {k: _lazy(v, programs) for k, v in lexicon.compiled.items()}
    if _cache.cache_dir_usable(cache_dir):
        with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
            _cache.write_atomic(path, pickle.dumps((_FORMAT, ruleset, analyses), protocol=pickle.HIGHEST_PROTOCOL))
            _forget_old(cache_dir, path)
    return ruleset


def load_ruleset(extra_dirs: list[Path] | None = None) -> RuleSet:
    """ruleset.load_ruleset, imported when first needed."""
    from .ruleset import load_ruleset as load

    return load(extra_dirs)


def _load_ruleset(extra_dirs: list[Path] | None) -> RuleSet:
    return load_ruleset(extra_dirs)  # looked up at call time: tests count the loads


def _forget_old(cache_dir: Path, keep: Path, limit: int = 6) -> None:
    """Keep the few most recent rule caches (branches, projects with their own rule folders,
    healthlint versions: the folder may be shared by a whole machine), delete older ones."""
    old = sorted(cache_dir.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in [p for p in old if p != keep][limit - 1:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def compile_all(ruleset) -> None:
    """Build every pattern of a cached rule set now. Before forking a pool: each worker then
    inherits them compiled instead of rebuilding the same ones itself."""
    if ruleset is None:
        return
    for rule in ruleset.rules:
        for value in vars(rule).values():
            if isinstance(value, LazyPattern):
                value.compiled()
    for lexicon in ruleset.lexicons.values():
        for value in (lexicon.__dict__.get("compiled") or {}).values():
            if isinstance(value, LazyPattern):
                value.compiled()
