"""Linting many files: one at a time or in a pool of processes, through the findings cache.

Results come back in the order the files were given, whatever the number of processes, so the
output of `--jobs 4` is byte for byte the output of `--jobs 1`. Each worker gets the Linter once
(inherited when the platform forks, pickled once otherwise), then lints whole files: reading,
parsing and rules all happen in the worker, and only findings travel back, as plain tuples.
Files are read and linted one at a time, so memory stays flat however large the folder.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .cache import FindingsCache, content_hash, pack, unpack
from .errors import ReadError, RuleTimeout
from .findings import Finding
from .formats import read_document
from .reader import Source, decode, format_for, read_bytes

#: Below this much work a pool costs more (starting processes) than it saves.
_MIN_POOL_BYTES = 256 * 1024


@dataclass
class FileResult:
    """One file's outcome: its findings, or the reason it could not be read. `text` is the
    decoded text when there are findings (the text reporter shows the lines)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    text: str | None = None
    error: ReadError | None = None
    timeouts: list[RuleTimeout] = field(default_factory=list)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)





def _lint_bytes(linter, path: str, data: bytes, encoding: str | None) -> tuple[tuple, str | None, list]:
    """Findings (packed), the decoded text if there are any, and the rule time-outs (as plain
    values, to cross processes) that left the findings incomplete."""
    text, enc, bom = decode(data, path, encoding)
    source = Source(path=path, text=text, format=format_for(path), encoding=enc, bom=bom)
    packed = pack(linter.lint(read_document(source, getattr(linter, "reader_options", None))))
    stopped = getattr(linter, "timeouts", None) or []
    timeouts = [(t.path, t.rule_id, t.seconds) for t in stopped]
    stopped.clear()
    return packed, (text if packed else None), timeouts


# -- worker side ------------------------------------------------------------------------------

_WORKER_LINTER = None


def _init_worker(linter) -> None:
    global _WORKER_LINTER
    _WORKER_LINTER = linter


def _work(task: tuple[str, str | None]):
    """In a worker: read and lint one file. Returns (digest, packed findings, text, error,
    time-outs)."""
    path, encoding = task
    try:
        data = read_bytes(path)
        packed, text, timeouts = _lint_bytes(_WORKER_LINTER, path, data, encoding)
        return content_hash(data), packed, text, None, timeouts
    except ReadError as err:  # sent as plain values: the exception itself does not pickle
        return None, (), None, (err.path, err.problem), []


# -- main side --------------------------------------------------------------------------------

def lint_paths(paths: list[str], linter, *, jobs: int = 1, cache: FindingsCache | None = None,
               encoding: str | None = None,
               read_stdin: Callable[[], bytes] | None = None,
               stdin_filename: str | None = None) -> Iterator[FileResult]:
    """Lint each path (or '-' for stdin) and yield its result, in the given order."""
    pending: list[tuple[int, str]] = []  # files the cache did not answer: (position, path)
    results: list[FileResult | None] = [None] * len(paths)
    work_bytes = 0
    for i, path in enumerate(paths):
        if path == "-":
            results[i] = _lint_stdin(linter, read_stdin or sys.stdin.buffer.read, stdin_filename, encoding)
            continue
        if cache is not None:
            try:
                data = read_bytes(path)
            except ReadError as err:
                results[i] = FileResult(path, error=err)
                continue
            digest = content_hash(data)
            cached = cache.get(path, digest)
            if cached is not None:
                results[i] = FileResult(path, cached, _decode_quietly(data, path, encoding) if cached else None)
                continue
            work_bytes += len(data)
        else:
            try:
                work_bytes += os.stat(path).st_size
            except OSError:
                pass  # reported when the file is read
        pending.append((i, path))

    if jobs > 1 and len(pending) > 1 and work_bytes >= _MIN_POOL_BYTES:
        outcomes = _in_pool(linter, [p for _, p in pending], encoding, jobs)
    else:
        _init_worker(linter)
        outcomes = map(_work, [(p, encoding) for _, p in pending])
    emitted = 0
    it = iter(outcomes)
    for i, path in pending:
        # Yield everything before this file that is already known (cache hits, stdin, errors).
        while emitted < i:
            yield results[emitted]
            emitted += 1
        digest, packed, text, error, timeouts = next(it)
        if error is not None:
            result = FileResult(path, error=ReadError(*error))
        else:
            result = FileResult(path, unpack(path, packed), text, timeouts=[RuleTimeout(*t) for t in timeouts])
            if cache is not None and not timeouts:  # incomplete findings are never kept
                cache.put(path, digest, packed)
        yield result
        emitted = i + 1
    while emitted < len(paths):
        yield results[emitted]
        emitted += 1
    if cache is not None:
        cache.save()


def _in_pool(linter, paths: list[str], encoding: str | None, jobs: int):
    """Results of _work for each path, in order, from `jobs` processes."""
    import multiprocessing  # here, not at the top: ~15 ms of start-up a single file does not need

    method = "fork" if sys.platform == "linux" else None  # fork: the Linter is inherited, not sent
    context = multiprocessing.get_context(method)
    chunk = max(1, min(32, len(paths) // (jobs * 8)))
    with context.Pool(min(jobs, len(paths)), initializer=_init_worker, initargs=(linter,)) as pool:
        yield from pool.imap(_work, [(p, encoding) for p in paths], chunksize=chunk)


def _lint_stdin(linter, read: Callable[[], bytes], name: str | None, encoding: str | None) -> FileResult:
    name = name or "<stdin>"
    try:
        packed, text, timeouts = _lint_bytes(linter, name, read(), encoding)
    except ReadError as err:
        return FileResult(name, error=err)
    return FileResult(name, unpack(name, packed), text, timeouts=[RuleTimeout(*t) for t in timeouts])


def _decode_quietly(data: bytes, path: str, encoding: str | None) -> str | None:
    try:
        return decode(data, path, encoding)[0]
    except ReadError:
        return None
