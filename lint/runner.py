"""Linting many files: one at a time or in a pool of processes, through the findings cache.

Results come back in the order the files were given, whatever the number of processes, so the
output of `--jobs 4` is byte for byte the output of `--jobs 1`; each is yielded as soon as it and
every file before it are known, so the caller can print while the rest are linted. Each worker
gets the Linter once (inherited when the platform forks, with its patterns already compiled;
pickled once otherwise), then lints whole files: reading, parsing and rules all happen in the
worker, and only findings travel back, as plain tuples. Files are read and linted one at a time,
so memory stays flat however large the folder.

With the cache, a file whose status (size, times, inode) is as recorded is not read at all, one
whose bytes hash as recorded is not linted, and the Linter itself is only built (rules loaded)
when some file is not in the cache: pass a function that returns it to defer that.
"""
from __future__ import annotations

import itertools
import marshal
import os
import sys
from collections.abc import Callable, Iterator

from .cache import FindingsCache, content_hash, make_record, pack, unpack
from .errors import ReadError
from .findings import Finding
from .reader import Source, decode, format_for, read_bytes
from .large import streams

#: Below this much work a pool costs more (starting processes) than it saves.
_MIN_POOL_BYTES = 256 * 1024


class FileResult:
    """One file's outcome: its findings, or the reason it could not be read. `text` is the
    decoded text when there are findings and the caller wants it (the text reporter shows the
    lines). A result from the findings cache carries the cache's `record` (make_record), and
    builds its Finding objects only if asked for them. A plain class, not a dataclass: one
    fewer class to generate at start-up."""

    __slots__ = ("path", "_findings", "text", "error", "cached", "record", "pieces")

    def __init__(self, path: str, findings: list[Finding] | None = None, text: str | None = None,
                 error: ReadError | None = None, cached: bool = False, record: tuple | None = None,
                 pieces: Iterator | None = None):
        self.path = path
        #: A large file's findings as they come (stream.py): (piece, findings) pairs, to be
        #: read before the next result; `findings` is then empty.
        self.pieces = pieces
        self._findings = findings if findings is not None or record is not None else []
        self.text = text
        self.error = error
        self.cached = cached
        self.record = record

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = unpack(self.path, marshal.loads(self.record[0]))
        return self._findings

    def __repr__(self) -> str:
        return f"FileResult({self.path!r}, {len(self.findings)} findings, error={self.error!r})"


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _lint_bytes(linter, path: str, data: bytes | list[bytes], encoding: str | None) -> tuple[tuple, str]:
    """Findings (packed, as plain values to cross processes) and the decoded text. `data` may be
    a one-item list, emptied once decoded so that the bytes are freed while the text is linted."""
    from .formats import read_document

    if isinstance(data, list):
        text, enc, bom = decode(data[0], path, encoding)
        data.clear()
    else:
        text, enc, bom = decode(data, path, encoding)
    source = Source(path=path, text=text, format=format_for(path), encoding=enc, bom=bom)
    packed = pack(linter.lint(read_document(source, getattr(linter, "reader_options", None))))
    return packed, text


# -- worker side ------------------------------------------------------------------------------

_WORKER_LINTER = None


def _init_worker(linter) -> None:
    global _WORKER_LINTER
    _WORKER_LINTER = linter


def _work(task: tuple[str, str | None, bool]):
    """Read and lint one file (in a worker, or in this process). Returns (digest, packed
    findings, text if wanted and there are findings, error)."""
    path, encoding, want_text = task
    try:
        holder = [read_bytes(path)]
        digest = content_hash(holder[0])
        # The bytes are let go once decoded (a 50 MB file is not held twice while it is linted).
        packed, text = _lint_bytes(_WORKER_LINTER, path, holder, encoding)
        return digest, packed, (text if want_text and packed else None), None
    except ReadError as err:  # sent as plain values: the exception itself does not pickle
        return None, (), None, (err.path, err.problem)


# -- main side --------------------------------------------------------------------------------

def lint_paths(paths: list[str], linter, *, jobs: int = 1, cache: FindingsCache | None = None,
               encoding: str | None = None,
               read_stdin: Callable[[], bytes] | None = None,
               stdin_filename: str | None = None, want_text: bool = True,
               stream_large: bool = False) -> Iterator[FileResult]:
    """Lint each path (or '-' for stdin) and yield its result, in the given order. `linter` is
    a Linter, or a function returning one (called only if some file needs linting). Without
    `want_text`, results carry no text (a quiet or machine-readable report needs none).

    A large Markdown or text file (stream.streams) is linted in this process, a piece at a
    time, and never cached (its findings would have to be held to be stored). With
    `stream_large` its result carries `pieces`, findings as they come; otherwise its findings
    are collected (the parsed file is still never held whole)."""
    get_linter = linter if callable(linter) and not hasattr(linter, "lint") else (lambda: linter)
    # First pass: what the cache answers. Hits keep only their packed findings (which the
    # cache holds anyway); texts are read when their result is yielded.
    answered: dict[int, tuple] = {}
    pending: list[tuple[int, str]] = []  # files to lint: (position, path)
    stats: dict[int, os.stat_result] = {}
    work_bytes = 0
    large: set[int] = set()
    for i, path in enumerate(paths):
        if path == "-":
            continue
        st = cache.stat(path) if cache is not None else _stat(path)
        if st is None:
            pending.append((i, path))  # the read reports why
            continue
        if streams(path, st.st_size):
            large.add(i)
            continue
        if cache is not None:
            record = cache.by_status(path, st)
            if record is None:
                try:
                    data = read_bytes(path)
                except ReadError:
                    pending.append((i, path))
                    continue
                record = cache.by_content(path, content_hash(data), st)
            if record is not None:
                answered[i] = record
                continue
            stats[i] = st
        work_bytes += st.st_size
        pending.append((i, path))

    outcomes: Iterator = iter(())
    in_pool = False
    if pending or "-" in paths or large:
        live = get_linter()
        if jobs > 1 and len(pending) > 1 and work_bytes >= _MIN_POOL_BYTES:
            in_pool = True
            outcomes = _in_pool(live, [p for _, p in pending], encoding, jobs)
        else:
            _init_worker(live)
            outcomes = map(_work, [(p, encoding, want_text) for _, p in pending])
    next_pending = 0
    try:
        for i, path in enumerate(paths):
            if path == "-":
                yield _lint_stdin(get_linter(), read_stdin or sys.stdin.buffer.read, stdin_filename, encoding,
                                  want_text)
            elif i in large:
                yield _lint_large(get_linter(), path, encoding, stream_large, want_text)
            elif i in answered:
                record = answered.pop(i)
                yield FileResult(path, text=_text_of(path, encoding) if want_text and record[1] else None,
                                 cached=True, record=record)
            else:
                assert pending[next_pending][0] == i
                next_pending += 1
                digest, packed, text, error = next(outcomes)
                if error is not None:
                    yield FileResult(path, error=ReadError(*error))
                    continue
                record = make_record(packed)
                if cache is not None:
                    cache.put(path, digest, record, stats.get(i))
                if in_pool and want_text and packed:
                    text = _text_of(path, encoding)  # re-read here: cheaper than sending it between processes
                yield FileResult(path, text=text, record=record)
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()  # stops the pool if the caller stopped early
    if cache is not None:
        cache.save()


def _in_pool(linter, paths: list[str], encoding: str | None, jobs: int):
    """Results of _work for each path, in order, from `jobs` processes."""
    import multiprocessing  # here, not at the top: ~15 ms of start-up a single file does not need

    method = "fork" if sys.platform == "linux" else None  # fork: the Linter is inherited, not sent
    context = multiprocessing.get_context(method)
    # Small chunks keep the workers evenly busy to the end; each still carries many files.
    chunk = max(1, min(16, len(paths) // (jobs * 16)))
    with context.Pool(min(jobs, len(paths)), initializer=_init_worker, initargs=(linter,)) as pool:
        yield from pool.imap(_work, [(p, encoding, False) for p in paths], chunksize=chunk)


def _lint_large(linter, path: str, encoding: str | None, stream: bool, want_text: bool) -> FileResult:
    """A large file's result (see lint_paths). The first pass and the first piece run here, so
    a file that cannot be read is an error result, not a failure half-way through a report."""
    from .stream import lint_pieces

    pieces = lint_pieces(linter, path, encoding)
    try:
        first = next(pieces, None)
    except ReadError as err:
        return FileResult(path, error=err)
    if first is None:
        return FileResult(path)
    if stream:
        return FileResult(path, pieces=itertools.chain([first], pieces))
    try:
        findings = [f for _, found in itertools.chain([first], pieces) for f in found]
    except ReadError as err:
        return FileResult(path, error=err)
    return FileResult(path, findings, text=_text_of(path, encoding) if want_text and findings else None)


def _lint_stdin(linter, read: Callable[[], bytes], name: str | None, encoding: str | None,
                want_text: bool) -> FileResult:
    name = name or "<stdin>"
    try:
        packed, text = _lint_bytes(linter, name, read(), encoding)
    except ReadError as err:
        return FileResult(name, error=err)
    return FileResult(name, unpack(name, packed), text if want_text and packed else None)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _text_of(path: str, encoding: str | None) -> str | None:
    try:
        return decode(read_bytes(path), path, encoding)[0]
    except ReadError:
        return None
