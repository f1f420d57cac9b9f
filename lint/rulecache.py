"""A cache of the loaded, validated and compiled rule set, so start-up does not pay for it.

Loading the rules means parsing TOML, validating every rule and building the token tries of the
lexicons: tens of milliseconds, which a pre-commit hook pays on every commit. On the first run
the rule set is loaded as usual (so a broken rule still fails with its file and id) and pickled to
`rules-<fingerprint>.pickle` in cache.rules_cache_dir() (the user's cache folder: one load per
machine, not per repository). The fingerprint covers the rule files, the healthlint code and the
Python version, so any change to them loads afresh. Any problem with the cache (unreadable,
stale, partial) falls back to the normal load.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as _cache

if TYPE_CHECKING:  # pragma: no cover
    from .ruleset import RuleSet

# The rule loader is imported where used: a run whose findings are all cached needs only the
# fingerprint.

_FORMAT = 6


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

    dirs = [bundled_rules_dir()] + [Path(d) for d in (extra_dirs or [])]
    if cache_dir is None or not all(d.is_dir() for d in dirs):
        return _load_ruleset(extra_dirs)  # a missing folder: let load_ruleset say so
    path = cache_dir / f"rules-{fingerprint or rules_fingerprint(extra_dirs)}.pickle"
    try:
        with open(path, "rb") as f:
            fmt, ruleset = pickle.load(f)
        if fmt == _FORMAT:
            return ruleset
    except Exception:  # noqa: BLE001 - missing, partial or stale: load afresh
        pass
    ruleset = _load_ruleset(extra_dirs)  # raises RuleFileError on a broken pack, as always
    ruleset.base_forms  # noqa: B018 - worked out once, kept in the cache
    if _cache.cache_dir_usable(cache_dir):
        with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            _cache.write_atomic(path, pickle.dumps((_FORMAT, ruleset), protocol=pickle.HIGHEST_PROTOCOL))
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
