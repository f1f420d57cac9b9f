"""The findings cache: a file whose bytes, rules, code and options have not changed since the
last run is not linted again; its findings come from `.healthlint_cache/`.

Entries are keyed by the file's path and a hash of its bytes, inside a set of shard files named
by a fingerprint of everything else that decides the findings: the rule files, the healthlint
code, the Python and `regex` versions, and the options (selected rules, severities, encoding).
Any change there gives a new fingerprint, so stale findings are never read; the cache only ever
saves work. Writes are atomic (a temporary file renamed into place), and a cache that cannot be
read or written is ignored.
"""
from __future__ import annotations

import contextlib
import dataclasses
import marshal
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import regex

try:  # blake2b without importing hashlib, whose OpenSSL bindings cost ~7 ms of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

from .findings import Finding, Fix

DEFAULT_DIR = ".healthlint_cache"


def cache_dir() -> Path:
    """Where the caches live: HEALTHLINT_CACHE_DIR, else .healthlint_cache/ in the current folder."""
    return Path(os.environ.get("HEALTHLINT_CACHE_DIR") or DEFAULT_DIR)
_FORMAT = 1
_SHARDS = 16  # a run over one file reads one shard, not the whole cache
_MAX_ENTRIES_PER_SHARD = 20_000
_FIELDS = tuple(f.name for f in dataclasses.fields(Finding) if f.name != "path")
_FIX_FIELDS = tuple(f.name for f in dataclasses.fields(Fix))
_FIX_MARK = "\0fix"
# Findings are rebuilt positionally (much quicker than by keyword) when `path` comes first.
_POSITIONAL = [f.name for f in dataclasses.fields(Finding)][0] == "path"
_FIX_AT = _FIELDS.index("fix") if "fix" in _FIELDS else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old or the new content, never a part."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cache_dir_usable(directory: Path) -> bool:
    """Create the cache folder (marked so backup tools and git skip it); False if we cannot."""
    try:
        if not directory.is_dir():
            directory.mkdir(parents=True, exist_ok=True)
            (directory / ".gitignore").write_text("# Created by healthlint.\n*\n", encoding="utf-8")
            (directory / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# healthlint cache: safe to delete.\n",
                encoding="utf-8")
        return os.access(directory, os.W_OK)
    except OSError:
        return False


def _hash_files(digest, paths: list[Path], root: Path) -> None:
    for path in paths:
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The healthlint code itself (every module: a new version, or an edit in a checkout) and
    the Python and `regex` versions that compiled the rules."""
    digest = blake2b(digest_size=16)
    digest.update(f"{_FORMAT} {sys.version} {regex.__version__}\0".encode())
    package = Path(__file__).resolve().parent
    _hash_files(digest, sorted(package.rglob("*.py")), package)
    return digest.hexdigest()


def ruleset_fingerprint(rule_dirs: list[Path]) -> str:
    """The code plus every rule pack and lexicon file in the given folders."""
    digest = blake2b(digest_size=16)
    digest.update(code_fingerprint().encode())
    for directory in rule_dirs:
        directory = Path(directory)
        digest.update(str(directory.resolve()).encode("utf-8", "surrogateescape") + b"\0")
        files = sorted(directory.glob("*.toml")) + sorted((directory / "lexicons").glob("*.toml"))
        _hash_files(digest, files, directory)
    return digest.hexdigest()


def options_fingerprint(rules_fingerprint: str, linter, **options) -> str:
    """The rule set plus what decides the findings in this run: the selected rules, the
    severities and any reading options (encoding...)."""
    digest = blake2b(digest_size=16)
    parts = [rules_fingerprint, ",".join(r.id for r in linter.rules),
             repr(sorted((linter.severities or {}).items())), repr(sorted(options.items())),
             repr(getattr(linter, "reader_options", None)), repr(getattr(linter, "per_file_ignores", None)),
             repr(_FIELDS), repr(_FIX_FIELDS)]
    digest.update("\0".join(parts).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str:
    """A settings file (configuration, baseline) as part of a fingerprint."""
    try:
        return content_hash(Path(path).read_bytes())
    except OSError:
        return "<unreadable>"


def pack(findings: list[Finding]) -> tuple:
    """Findings as plain tuples (without the path): quick to marshal and to send between
    processes."""
    out = []
    for f in findings:
        values = []
        for name in _FIELDS:
            value = getattr(f, name)
            if isinstance(value, Fix):
                value = (_FIX_MARK, *(getattr(value, n) for n in _FIX_FIELDS))
            values.append(value)
        out.append(tuple(values))
    return tuple(out)


def unpack(path: str, packed: tuple) -> list[Finding]:
    findings = []
    for values in packed:
        if _POSITIONAL:
            if _FIX_AT is not None and isinstance(values[_FIX_AT], tuple):
                values = list(values)
                values[_FIX_AT] = Fix(*values[_FIX_AT][1:])
            if not any(isinstance(v, tuple) and v[:1] == (_FIX_MARK,) for v in values):
                findings.append(Finding(path, *values))
                continue
        fields = dict(zip(_FIELDS, values))
        for name, value in fields.items():
            if isinstance(value, tuple) and value[:1] == (_FIX_MARK,):
                fields[name] = Fix(*value[1:])
        findings.append(Finding(path=path, **fields))
    return findings


class FindingsCache:
    """Findings by (path, content hash) for one fingerprint; load lazily, save what changed."""

    def __init__(self, directory: Path, fingerprint: str):
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self._shards: dict[int, dict[tuple[str, str], tuple]] = {}
        self._dirty: set[int] = set()
        self.hits = 0
        self.misses = 0

    def _shard_path(self, shard: int) -> Path:
        return self.directory / f"findings-{self.fingerprint}-{shard:02x}.marshal"

    def _shard(self, digest: str) -> tuple[int, dict]:
        shard = int(digest[0], 16) % _SHARDS
        if shard not in self._shards:
            entries: dict = {}
            with contextlib.suppress(Exception):  # missing or damaged: start empty
                with open(self._shard_path(shard), "rb") as f:
                    fmt, data = marshal.load(f)
                if fmt == _FORMAT and isinstance(data, dict):
                    entries = data
            self._shards[shard] = entries
        return shard, self._shards[shard]

    def get(self, path: str, digest: str) -> list[Finding] | None:
        _, entries = self._shard(digest)
        packed = entries.get((path, digest))
        if packed is None:
            self.misses += 1
            return None
        self.hits += 1
        return unpack(path, packed)

    def put(self, path: str, digest: str, packed: tuple) -> None:
        shard, entries = self._shard(digest)
        if entries.get((path, digest)) != packed:
            entries[(path, digest)] = packed
            self._dirty.add(shard)

    def save(self) -> None:
        """Write the shards that changed (keeping the newest entries when one grows large)."""
        if not self._dirty or not cache_dir_usable(self.directory):
            return
        for shard in sorted(self._dirty):
            entries = self._shards[shard]
            if len(entries) > _MAX_ENTRIES_PER_SHARD:
                entries = dict(list(entries.items())[-_MAX_ENTRIES_PER_SHARD:])
            with contextlib.suppress(OSError, ValueError):
                write_atomic(self._shard_path(shard), marshal.dumps((_FORMAT, entries)))
        self._dirty.clear()
        self._forget_old()

    def _forget_old(self, keep: int = 8) -> None:
        """Delete the shards of all but the few most recently used fingerprints."""
        groups: dict[str, float] = {}
        for path in self.directory.glob("findings-*.marshal"):
            fingerprint = path.name.split("-")[1]
            with contextlib.suppress(OSError):
                groups[fingerprint] = max(groups.get(fingerprint, 0), path.stat().st_mtime)
        old = sorted(groups, key=groups.get, reverse=True)[keep:]
        for fingerprint in old:
            if fingerprint != self.fingerprint:
                for path in self.directory.glob(f"findings-{fingerprint}-*.marshal"):
                    with contextlib.suppress(OSError):
                        path.unlink()
