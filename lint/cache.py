"""The findings cache: a file whose bytes, rules, code and options have not changed since the
last run is not linted again; its findings come from `.healthlint_cache/`.

Entries are keyed by the file's path, inside shard files named by a fingerprint of everything
else that decides the findings: the rule files, the healthlint code, the Python and `regex`
versions, the configuration file and the options (selected rules, encoding, baseline...). Any
change there gives a new fingerprint, so stale findings are never read; the cache only ever
saves work. Writes are atomic (a temporary file renamed into place), and a cache that cannot be
read or written is ignored.

Each entry holds the file's findings, the hash of the bytes they were found in, and the file's
status when it was read: size, modification and change times (nanoseconds) and inode. When the
status is the same on the next run the file is not even read; when it differs the bytes are
hashed, and the same hash still reuses the findings. What this trusts, and why it is safe:

- An edit that keeps the size and restores the modification time (`touch -d`, `cp -p`, `rsync -t`)
  still changes the change time (ctime), which no program can set: such a file is hashed. (On
  Windows st_ctime is the creation time, so there such an edit goes unseen unless the inode or
  the 2 s rule below catches it; `--no-cache` or deleting the cache then lints afresh.)
- A file changed within the file system's timestamp granularity of being read (a few ms, 2 s on
  FAT) could keep every field. So a status is only recorded when both times were at least
  `RACY_NS` older than the moment it was taken ("racily clean" in git's words); a file touched
  more recently is hashed on the next run, as without the status.
- Anything else (a new inode from an editor's save-and-rename, another size, a copied cache)
  just means hashing the bytes again.
"""
from __future__ import annotations

import contextlib
import marshal
import os
import sys
import time
from pathlib import Path

from .filehashes import FileHashes

try:  # blake2b without importing hashlib, whose OpenSSL bindings cost ~7 ms of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

DEFAULT_DIR = ".healthlint_cache"

_FORMAT = 3
_SHARDS = 16  # a run over one file reads one shard, not the whole cache
_MAX_ENTRIES_PER_SHARD = 20_000
#: A status is trusted only when the file's times were this much older than the moment of the
#: stat (see the module's docstring): the coarsest common timestamp granularity, FAT's 2 s.
RACY_NS = 2_000_000_000
#: Finding fields in the order `pack` stores them; a Fix is stored as a tuple led by _FIX_MARK.
FIELDS = ("line", "column", "end_line", "end_column", "offset", "end_offset", "rule", "category",
          "severity", "message", "match", "suggestions", "fix")
_FIX_FIELDS = ("replacement", "applicability", "offset", "end_offset")
_FIX_MARK = "\0fix"
_FIX_AT = FIELDS.index("fix")


def cache_dir() -> Path:
    """Where the caches live: HEALTHLINT_CACHE_DIR, else .healthlint_cache/ in the current folder."""
    return Path(os.environ.get("HEALTHLINT_CACHE_DIR") or DEFAULT_DIR)


def rules_cache_dir() -> Path:
    """Where the compiled rules are kept: HEALTHLINT_CACHE_DIR when set; else the user's cache
    folder, shared by every project on the machine, so that only the first run on a machine
    (not the first in each repository) pays the seconds that compiling the rules costs; else,
    when that folder cannot be written, .healthlint_cache/ in the current folder. The compiled
    rules depend only on the rule files, healthlint, Python and `regex`, which their
    fingerprint covers, so sharing them is safe."""
    if os.environ.get("HEALTHLINT_CACHE_DIR"):
        return cache_dir()
    user = user_cache_dir()
    return user if user is not None and cache_dir_usable(user) else cache_dir()


def user_cache_dir() -> Path | None:
    """The platform's per-user cache folder for healthlint (None when there is no home)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "healthlint" / "Cache" if base else None
    if sys.platform == "darwin":
        home = os.environ.get("HOME")
        return Path(home) / "Library" / "Caches" / "healthlint" if home else None
    xdg, home = os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME")
    if xdg and os.path.isabs(xdg):  # the XDG specification: a relative value is to be ignored
        return Path(xdg) / "healthlint"
    return Path(home) / ".cache" / "healthlint" if home else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old or the new content, never a part."""
    import tempfile  # here: ~4 ms of start-up that a run with nothing new to record does not need

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


def _hash_files(digest, paths: list[str], root: str) -> None:
    """Each file's name (relative to `root`, which holds them all) and the hash of its bytes,
    read only when the file changed since a run recorded it (filehashes.py). Plain strings, not
    pathlib: every run fingerprints ~250 files."""
    skip = len(os.path.join(root, ""))
    hashes = _file_hashes()
    for path in paths:
        digest.update(path[skip:].encode("utf-8", "surrogateescape") + b"\0" + hashes.hash_of(path) + b"\0")


def _content_digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


_FILE_HASHES: dict[str, FileHashes] = {}


def _file_hashes() -> FileHashes:
    """The memo of file hashes in the rules cache folder (one per folder per process), its
    clock set to now: what is recorded from here on was stat'ed from now."""
    folder = rules_cache_dir()
    hashes = _FILE_HASHES.get(str(folder))
    if hashes is None:
        hashes = _FILE_HASHES[str(folder)] = FileHashes(folder / "file-hashes.marshal", stat_key, _content_digest)
    hashes.now_ns = time.time_ns()
    return hashes


def _named(folder: str, suffix: str) -> list[str]:
    """The paths of `folder`'s entries whose names end with `suffix` (as Path.glob('*' +
    suffix)), sorted; none if the folder cannot be read."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.path for entry in entries if entry.name.endswith(suffix))
    except OSError:
        return []


def _regex_version() -> str:
    """The `regex` module's version, without importing it (~10 ms a cached run does not need):
    its `_main.py` (which states the version) and the size and time of its compiled core. The
    same answer whether or not `regex` is imported yet: the rules cache is keyed by it, and a
    run with and one without --no-cache must find the same file."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("regex")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - unusual installs
        import regex

        return regex.__version__
    folder = spec.submodule_search_locations[0]
    digest = blake2b(digest_size=16)
    _hash_files(digest, [os.path.join(folder, "_main.py")], folder)
    for core in _named(folder, ""):
        name = os.path.basename(core)
        if name.startswith("_regex"):
            with contextlib.suppress(OSError):
                st = os.stat(core)
                digest.update(f"{name} {st.st_size} {st.st_mtime_ns}\0".encode())
    return digest.hexdigest()


_CODE_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """The healthlint code itself (every module: a new version, or an edit in a checkout) and
    the Python and `regex` versions that compiled the rules. Worked out once per process."""
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        digest = blake2b(digest_size=16)
        digest.update(f"{_FORMAT} {sys.version} {_regex_version()}\0".encode())
        package = os.path.dirname(os.path.realpath(__file__))
        _hash_files(digest, sorted(_python_files(package)), package)
        _CODE_FINGERPRINT = digest.hexdigest()
    return _CODE_FINGERPRINT


def _python_files(folder: str) -> list[str]:
    """Every .py file under the package (os.scandir: pathlib's rglob costs start-up time)."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and entry.name != "__pycache__":
                found += _python_files(entry.path)
            elif entry.name.endswith(".py"):
                found.append(entry.path)
    return found


def ruleset_fingerprint(rule_dirs: list[Path]) -> str:
    """The code plus every rule pack and lexicon file in the given folders."""
    digest = blake2b(digest_size=16)
    digest.update(code_fingerprint().encode())
    for directory in rule_dirs:
        folder = str(directory)
        digest.update(os.path.realpath(folder).encode("utf-8", "surrogateescape") + b"\0")
        files = _named(folder, ".toml") + _named(os.path.join(folder, "lexicons"), ".toml")
        _hash_files(digest, files, folder)
    hashes = _file_hashes()
    hashes.save(lambda path, data: cache_dir_usable(path.parent) and write_atomic(path, data))
    return digest.hexdigest()


def options_fingerprint(rules_fingerprint: str, **options) -> str:
    """The rule set plus everything else that decides the findings of this run: the selected
    and ignored codes, the configuration file, the reading options, the baseline... (given as
    keywords, in any order) and the current folder (paths are keys, and relative ones name other
    files elsewhere)."""
    digest = blake2b(digest_size=16)
    parts = [rules_fingerprint, repr(sorted(options.items())), os.getcwd(), repr(FIELDS), repr(_FIX_FIELDS)]
    digest.update("\0".join(parts).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str:
    """A settings file (configuration, baseline) as part of a fingerprint."""
    try:
        with open(path, "rb") as f:
            return content_hash(f.read())
    except OSError:
        return "<unreadable>"


def pack(findings: list) -> tuple:
    """Findings as plain tuples (without the path): quick to marshal and to send between
    processes."""
    out = []
    for f in findings:
        values = [getattr(f, name) for name in FIELDS]
        fix = values[_FIX_AT]
        if fix is not None:
            values[_FIX_AT] = (_FIX_MARK, *(getattr(fix, n) for n in _FIX_FIELDS))
        out.append(tuple(values))
    return tuple(out)


def unpack(path: str, packed: tuple) -> list:
    """Finding objects again. Built without the dataclass's __init__ (a frozen dataclass sets
    each field through object.__setattr__): half the time, for runs that print 100,000 of them."""
    from .findings import Finding, Fix

    new, set_dict = object.__new__, object.__setattr__
    names = ("path",) + FIELDS
    findings = []
    for values in packed:
        fields = dict(zip(names, (path, *values)))
        fix = values[_FIX_AT]
        if fix is not None:
            fields["fix"] = Fix(*fix[1:])
        finding = new(Finding)
        set_dict(finding, "__dict__", fields)
        findings.append(finding)
    return findings


def stat_key(st: os.stat_result, now_ns: int) -> tuple | None:
    """What identifies a file's content without reading it, or None when it changed too
    recently to tell (see the module's docstring)."""
    if now_ns - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _shard_of(path: str) -> int:
    return blake2b(path.encode("utf-8", "surrogateescape"), digest_size=1).digest()[0] % _SHARDS


def make_record(packed: tuple) -> tuple:
    """What the cache keeps of one file's findings: the packed findings as marshal bytes (turned
    into objects only when a report needs them), each finding's quiet text line without the path,
    and the counts by severity plus the fixable ones. A quiet re-run over thousands of unchanged
    files then prints and counts from strings and ints, never building a Finding."""
    from .reporters.text import quiet_tail

    errors = warnings = infos = fixable = 0
    severity, fix = FIELDS.index("severity"), FIELDS.index("fix")
    for row in packed:
        level = row[severity]
        if level == "error":
            errors += 1
        elif level == "warning":
            warnings += 1
        else:
            infos += 1
        fixable += row[fix] is not None
    return marshal.dumps(packed), tuple(quiet_tail(row) for row in packed), (errors, warnings, infos, fixable)


class FindingsCache:
    """Records of findings (see make_record) by path for one fingerprint, with the content hash
    and status they were found for; shards load on first use, and only changed ones are saved."""

    def __init__(self, directory: Path, fingerprint: str):
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self.now_ns = time.time_ns()
        # path -> (status or None, content hash, record)
        self._shards: dict[int, dict[str, tuple]] = {}
        self._dirty: set[int] = set()
        self._stats: dict[str, os.stat_result | None] = {}

    def _shard_path(self, shard: int) -> Path:
        return self.directory / f"findings-{self.fingerprint}-{shard:02x}.marshal"

    def _entries(self, path: str) -> tuple[int, dict]:
        shard = _shard_of(path)
        entries = self._shards.get(shard)
        if entries is None:
            entries = {}
            with contextlib.suppress(Exception):  # missing or damaged: start empty
                with open(self._shard_path(shard), "rb") as f:
                    # loads(read()): marshal.load on a file reads it object by object, 4x slower
                    fmt, fingerprint, data = marshal.loads(f.read())
                if fmt == _FORMAT and fingerprint == self.fingerprint and isinstance(data, dict):
                    entries = data
            self._shards[shard] = entries
        return shard, entries

    def stat(self, path: str) -> os.stat_result | None:
        """The file's status (None if it cannot be had), taken once per run."""
        if path not in self._stats:
            try:
                self._stats[path] = os.stat(path)
            except OSError:
                self._stats[path] = None
        return self._stats[path]

    def known_text(self, path: str) -> bool:
        """Whether the file is one the cache read before and that has not changed since (so it
        is text: binary files are never recorded)."""
        st = self.stat(path)
        return st is not None and self.by_status(path, st) is not None

    def by_status(self, path: str, st: os.stat_result) -> tuple | None:
        """The record of a file whose status is as recorded (it need not be read), or None."""
        entry = self._entries(path)[1].get(path)
        if entry is not None and entry[0] is not None and entry[0] == stat_key(st, self.now_ns):
            return entry[2]
        return None

    def by_content(self, path: str, digest: str, st: os.stat_result | None) -> tuple | None:
        """The record of a file whose bytes hash as recorded, or None. A hit records the file's
        new status, so the next run need not read it."""
        shard, entries = self._entries(path)
        entry = entries.get(path)
        if entry is None or entry[1] != digest:
            return None
        key = stat_key(st, self.now_ns) if st is not None else None
        if key != entry[0]:
            entries[path] = (key, digest, entry[2])
            self._dirty.add(shard)
        return entry[2]

    def put(self, path: str, digest: str, record: tuple, st: os.stat_result | None = None) -> None:
        """Record a file's findings for the bytes that hash to `digest` (and the status taken
        before they were read)."""
        shard, entries = self._entries(path)
        entry = (stat_key(st, self.now_ns) if st is not None else None, digest, record)
        if entries.get(path) != entry:
            entries[path] = entry
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
                write_atomic(self._shard_path(shard), marshal.dumps((_FORMAT, self.fingerprint, entries)))
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
