"""A cache of the loaded, validated and compiled rule set, so start-up does not pay for it.

Loading the rules means parsing TOML, validating every rule, inflecting the lexicons and
building their token tries: about half a second, which a pre-commit hook would pay on every
commit. On the first run the rule set is loaded as usual (so a broken rule still fails with its
file and id) and pickled to `rules-<fingerprint>.pickle` in cache.rules_cache_dir() (the user's
cache folder: one load per machine, not per repository). The fingerprint covers the rule files,
the healthlint code and the Python version, so any change to them loads afresh. Any problem
with the cache (unreadable, stale, cut short) falls back to the normal load, which rewrites it.

What start-up unpickles is kept small, since a one-file check pays for all of it. The file is a
table of where each of its pickles ends, then the pickles, each unpickled when first needed from
the file mapped into memory (it is written atomically and never changed in place, so concurrent
runs share it, and a mapping outlives a newer cache written over it). Pickle 0 is the rule set
without what a check may never read: rules with their ids, messages, suggestions, gates and
each sequence's anchor words, and the context table. Then, for each rule, three groups of fields
(ruleset.LAZY_FIELDS, loaded by Rule.__getattr__): the word lists each sequence needs in a
sentence, read when a document holds one of its anchor words (tokenlint.RuleIndex); its
sequences and antipatterns, read when a sentence holds all those words; its explain-only texts.
Then the lexicons (RuleSet.lexicons: a check reads none), and last each distinct token trie
(vocab.Trie) and large word set, shared by every pickle that names it and unpickled once. A
short file loads a tenth of the rules. Nothing is kept that matching never reads: a rule's TOML
table (`Rule.source`) is read again from its file when asked for, and lexicons' phrase sets are
worked out again from their terms.
"""
from __future__ import annotations

import array
import contextlib
import itertools
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as _cache

if TYPE_CHECKING:  # pragma: no cover
    from .ruleset import RuleSet

# The rule loader is imported where used: a run whose findings are all cached needs only the
# fingerprint.

_FORMAT = 10


_BUNDLED: Path | None = None


def bundled_rules_dir() -> Path:
    """The bundled rule packs' folder, found without importing the rule loader (or
    importlib.resources): where the import system would load `healthlint.rules` from."""
    global _BUNDLED
    if _BUNDLED is None:
        from importlib.util import find_spec

        spec = find_spec("healthlint.rules")
        if spec is not None and spec.submodule_search_locations:
            _BUNDLED = Path(list(spec.submodule_search_locations)[0])
        else:  # pragma: no cover - a zip import or another loader
            from .ruleset import resources_rules_dir

            _BUNDLED = resources_rules_dir()
    return _BUNDLED


def rules_fingerprint(extra_dirs: list[Path] | None = None) -> str:
    """The fingerprint of the bundled rules plus these folders, and of the code."""
    return _cache.ruleset_fingerprint([bundled_rules_dir()] + [Path(d) for d in (extra_dirs or [])])


def load_ruleset_cached(extra_dirs: list[Path] | None = None, cache_dir: Path | None = None,
                        fingerprint: str | None = None) -> RuleSet:
    """load_ruleset(extra_dirs), from the cache when the rules and code are unchanged.
    `fingerprint` is rules_fingerprint(extra_dirs) when the caller has just worked it out."""
    dirs = [bundled_rules_dir()] + [Path(d) for d in (extra_dirs or [])]
    if cache_dir is None or not all(d.is_dir() for d in dirs):
        return _load_ruleset(extra_dirs)  # a missing folder: let load_ruleset say so
    path = cache_dir / f"rules-{fingerprint or rules_fingerprint(extra_dirs)}.pickle"
    try:
        with _no_gc():
            return _loads(_mapped(path))
    except Exception:  # noqa: BLE001 - missing, partial or stale: load afresh
        pass
    ruleset = _load_ruleset(extra_dirs)  # raises RuleFileError on a broken pack, as always
    ruleset.base_forms  # noqa: B018 - worked out once, kept in the cache
    if _pending is not None:
        _pending.append((cache_dir, path, ruleset))
    else:
        _write(cache_dir, path, ruleset)
    return ruleset


#: Rules caches built but not yet written (defer_writes; None: each is written as it is built).
_pending: list[tuple[Path, Path, RuleSet]] | None = None


def defer_writes() -> None:
    """Write the rules caches this process builds when write_pending() is called, not as they
    are built. The command line calls it, and write_pending() once its report is printed: on a
    fresh machine pickling the rule set is ~0.15 s that the first finding need not wait for. What
    is pickled then is the same rule set (linting fills in only what its rules work out on first
    use from their own specs, which a rule set read from the cache works out alike; tests/
    test_rules_cache.py checks that it lints the same)."""
    global _pending
    if _pending is None:
        _pending = []


def write_pending() -> None:
    """Write the rules caches defer_writes() held back (each atomically, as always)."""
    global _pending
    pending, _pending = _pending or [], None
    for cache_dir, path, ruleset in pending:
        _write(cache_dir, path, ruleset)


def _write(cache_dir: Path, path: Path, ruleset: RuleSet) -> None:
    """The rules cache at `path`, written whole or not at all (a reader never sees a part)."""
    if _cache.cache_dir_usable(cache_dir):
        import pickle

        with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            _cache.write_atomic(path, _dumps(ruleset))
            _forget_old(cache_dir, path)


# -- the file: the rule set, each rule's lazy groups, each shared object (see the docstring) ----

_STORE = object()  # stands for the _Store in the pickled rule set (a persistent id)
#: Word sets at least this large (a lexicon's first words, a rule's required words) are stored
#: once and shared by every pickle that holds them: a rule's required words, its sequences and
#: the tries they come from name the same sets.
_SHARED_SET = 16
#: The file starts with this and the length of its table (the format and where each pickle ends).
_MAGIC = b"healthlint rules\n"
_TABLE_LENGTH = struct.Struct("<I")


def _dumps(ruleset: RuleSet) -> bytes:
    """The rules cache's bytes for `ruleset`."""
    import io
    import pickle

    from .ruleset import LAZY_FIELDS, LAZY_GROUPS, Rule, RuleSet, lazy_rule, lazy_ruleset
    from .vocab import Trie

    protocol = pickle.HIGHEST_PROTOCOL
    shared: list = []  # tries and large word sets, each pickled by itself (see _Store.shared)
    # What a shared object is -> its place in `shared`: equal tries (the same word in many rules,
    # the same lexicons a rule `needs`) and equal sets are stored, unpickled and built once.
    numbers: dict[tuple, int] = {}
    parts: list[bytes] = []
    # Equal anchor word sets of different rules as one object, so the header pickles each once.
    same: dict[frozenset, frozenset] = {}

    def shared_id(obj, top: object) -> tuple | None:
        kind = type(obj)
        if obj is top or not (kind is Trie or (kind is frozenset and len(obj) >= _SHARED_SET)):
            return None
        try:
            key = (obj,) if kind is frozenset else ("trie", obj.__getstate__())
            hash(key)
        except TypeError:  # a state that cannot be compared: this trie alone
            key = ("id", id(obj))
        n = numbers.get(key)
        if n is None:
            n = numbers[key] = len(shared)
            shared.append(obj)
        return ("shared", n)

    class Pickler(pickle.Pickler):
        top: object = None  # the shared object being pickled, which refers to itself as itself
        header = False  # anchor word sets stay in the header, however large: start-up reads them all

        def persistent_id(self, obj):  # called for every object pickled (~350,000): a quick no first
            kind = type(obj)
            if kind is Trie or (kind is frozenset and not self.header):
                return shared_id(obj, self.top)
            return ("store",) if obj is _STORE else None

        def reducer_override(self, obj):
            if type(obj) is RuleSet:
                state = obj.__getstate__()
                parts.append(dump(state.pop("lexicons")))
                return lazy_ruleset, (_STORE, len(parts), state)  # (pickle 0 is the header)
            if type(obj) is not Rule:
                return NotImplemented
            anchors = obj.anchors  # kept apart from the rule, so the index needs no sequence
            state = obj.__getstate__()
            state["anchors"] = anchors
            state["anchor_keys"] = [None if keys is None else same.setdefault(keys, keys) for keys, _ in anchors]
            groups = []
            for group in range(LAZY_GROUPS):
                parts.append(dump({name: state.pop(name) for name, g in LAZY_FIELDS.items() if g == group}))
                groups.append(len(parts) - 1)
            return lazy_rule, (_STORE, tuple(groups), state)

    def dump(obj, top: object = None, header: bool = False) -> bytes:
        buffer = io.BytesIO()
        pickler = Pickler(buffer, protocol)
        pickler.top, pickler.header = top, header
        pickler.dump(obj)
        return buffer.getvalue()

    blobs = [dump(ruleset, header=True)]
    blobs += parts
    first_shared = len(blobs)
    while len(blobs) - first_shared < len(shared):  # a trie's sets join `shared` as it is pickled
        obj = shared[len(blobs) - first_shared]
        blobs.append(dump(obj, top=obj))
    ends = array.array("Q", itertools.accumulate(map(len, blobs)))
    table = pickle.dumps((_FORMAT, len(parts), ends.tobytes()), protocol)
    return b"".join([_MAGIC, _TABLE_LENGTH.pack(len(table)), table, *blobs])


def _mapped(path: Path):
    """The file's bytes, mapped rather than read: start-up touches a fifth of them. The mapping
    outlives the file (a newer cache written over it, an older one deleted by another run)."""
    import mmap

    with open(path, "rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # a file system that cannot map it (or an empty file): read it
            return f.read()


def _loads(data) -> RuleSet:
    """The rule set in a rules cache's bytes (or mapped file; ValueError when they are not one
    of this format, or cut short)."""
    pickle = _pickle_module()

    if data[:len(_MAGIC)] != _MAGIC:
        raise ValueError("not a rules cache")
    at = len(_MAGIC) + _TABLE_LENGTH.size
    (length,) = _TABLE_LENGTH.unpack_from(data, len(_MAGIC))
    fmt, n_parts, ends = pickle.loads(data[at:at + length])
    if fmt != _FORMAT:
        raise ValueError("another format")
    ends = array.array("Q", ends)
    base = at + length
    if base + (ends[-1] if ends else 0) != len(data):
        raise ValueError("cut short")
    return _Store(data, base, ends, n_parts).load(0)


class _Store:
    """The pickles of one rules cache, each unpickled when first needed: 0 is the rule set's
    header, then each rule's groups of lazy fields, then the shared objects."""

    def __init__(self, data, base: int, ends: array.array, n_parts: int):
        import threading

        self._data = data
        self._base = base
        self._ends = ends
        self._n_parts = n_parts
        self._shared: dict[int, object] = {}
        self._lock = threading.RLock()  # the language server lints on worker threads

    def load(self, n: int):
        """Pickle n, unpickled (a fresh object each time)."""
        import io

        base = self._base
        stream = io.BytesIO(self._data[base + (self._ends[n - 1] if n else 0):base + self._ends[n]])
        with self._lock:
            unpickler = _unpickler_class()(stream)
            unpickler.store = self
            return unpickler.load()

    def rule_parts(self, n: int) -> dict:
        """Rule part n (a group of ruleset.LAZY_FIELDS; ruleset.lazy_rule)."""
        return self.load(1 + n)

    def shared(self, n: int):
        """Shared object n (a trie or a word set), unpickled on first use."""
        found = self._shared.get(n)
        if found is None:
            with self._lock:
                found = self._shared.get(n)
                if found is None:
                    found = self._shared[n] = self.load(1 + self._n_parts + n)
        return found


def _pickle_module():
    """What reading the cache needs of pickle (loads, Unpickler, UnpicklingError): its C
    accelerator, without `pickle` itself (the Python pickler, ~1 ms of start-up), when there."""
    try:
        import _pickle
    except ImportError:  # pragma: no cover - Python implementations without it
        import pickle as _pickle
    return _pickle


_UNPICKLER: type | None = None


def _unpickler_class() -> type:
    """An Unpickler that resolves the persistent ids _dumps writes (made once per process)."""
    global _UNPICKLER
    if _UNPICKLER is None:
        pickle = _pickle_module()

        class Unpickler(pickle.Unpickler):
            store: _Store

            def persistent_load(self, pid):
                if pid == ("store",):
                    return self.store
                if pid[0] == "shared":
                    return self.store.shared(pid[1])
                raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")

        _UNPICKLER = Unpickler
    return _UNPICKLER


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector off while the rule set is unpickled: it would walk the
    tens of thousands of new objects several times over (a third of the load), and unpickling
    makes no garbage for it to find."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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
