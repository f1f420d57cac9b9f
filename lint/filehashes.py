"""Content hashes of the files a fingerprint covers (the healthlint code, the rule packs), each
remembered with the file's status when it was read, so that a run reads only the files that
changed since: the rules fingerprint is worked out on every run, and reading and hashing its
~250 files cost several ms of a one-file check.

The hashes are kept in `file-hashes.marshal` in the rules cache folder. A file's hash is reused
only when its size, modification and change times and inode are as recorded, and a status is
recorded only when both times were at least cache.RACY_NS older than the moment it was taken: the
rules under which the findings cache trusts a file's status (see cache.py's docstring). So an
edit to a rule file, even one that keeps its size and restores its modification time, changes
the fingerprint. A missing, damaged or foreign memo is ignored and written afresh.
"""
from __future__ import annotations

import contextlib
import marshal
import os
import time
from pathlib import Path

_FORMAT = 1
#: A memo shared by many checkouts keeps at most this many files; past it, only this run's.
_MAX_ENTRIES = 5_000


class FileHashes:
    """path -> (status, content hash) for one memo file, read when first asked."""

    def __init__(self, memo: Path | None, stat_key, digest):
        self.memo = memo
        self._stat_key = stat_key  # cache.stat_key: the status, or None when too recent to trust
        self._digest = digest  # bytes -> hash bytes
        self.now_ns = time.time_ns()
        self._known: dict[str, tuple] | None = None
        self._used: set[str] = set()
        self._dirty = False

    def _entries(self) -> dict[str, tuple]:
        if self._known is None:
            self._known = {}
            if self.memo is not None:
                with contextlib.suppress(Exception):  # missing or damaged: start empty
                    with open(self.memo, "rb") as f:
                        fmt, known = marshal.loads(f.read())
                    if fmt == _FORMAT and isinstance(known, dict):
                        self._known = known
        return self._known

    def hash_of(self, path: str) -> bytes:
        """The hash of the file's bytes (of b"<unreadable>" when it cannot be read)."""
        try:
            st = os.stat(path)
        except OSError:
            return self._digest(b"<unreadable>")
        key = self._stat_key(st, self.now_ns)
        entries = self._entries()
        self._used.add(path)
        known = entries.get(path)
        if key is not None and known is not None and known[0] == key:
            return known[1]
        try:
            with open(path, "rb") as f:
                digest = self._digest(f.read())
        except OSError:
            return self._digest(b"<unreadable>")
        if key is not None:  # the status taken before reading: a later change gives another one
            entries[path] = (key, digest)
            self._dirty = True
        elif known is not None:
            del entries[path]
            self._dirty = True
        return digest

    def save(self, write) -> None:
        """Write the memo if a hash was added (`write(path, bytes)`: cache.write_atomic)."""
        if not self._dirty or self.memo is None:
            return
        entries = self._entries()
        if len(entries) > _MAX_ENTRIES:
            entries = {p: v for p, v in entries.items() if p in self._used}
        with contextlib.suppress(OSError, ValueError):
            write(self.memo, marshal.dumps((_FORMAT, entries)))
        self._dirty = False
