"""Running an audit on Dask: plan on the client, lint on the workers, write as results arrive.

The client cuts the sources into pieces (sources.plan; no text), submits one task per piece
(read the piece, lint it: `process_piece`) and takes results as they complete, appending them to
the output tables and the running totals. Texts exist only inside a worker's task, one piece at a
time per worker thread, so memory per worker is bounded by the piece size, not the archive's.

Locally this starts a `distributed.LocalCluster` of single-threaded worker processes (the
linter is pure Python: threads would share one GIL); `--scheduler tcp://host:8786` uses a
running cluster instead, the same code either way. Ctrl-C cancels what is left and still writes
valid tables and a summary of what was done.
"""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import HealthlintError
from .output import WORST_MIN_WORDS, TableWriter, Tally, write_summary
from .partition import AuditSettings, PartitionResult, audit_records, categories_of
from .sources import DEFAULT_PARTITION_BYTES, Piece, TableColumns, plan, read_piece


@dataclass
class AuditJob:
    sources: list[str]
    out: Path
    settings: AuditSettings = field(default_factory=AuditSettings)
    columns: TableColumns = field(default_factory=TableColumns)
    scheduler: str | None = None
    workers: int | None = None
    partition_bytes: int = DEFAULT_PARTITION_BYTES


@dataclass
class AuditOutcome:
    tally: Tally
    elapsed: float
    interrupted: bool
    workers: int
    summary: Path


def process_piece(piece: Piece, settings: AuditSettings) -> PartitionResult:
    """One task: read a piece's records and lint them (on a worker)."""
    return audit_records(read_piece(piece, settings.max_chars), settings)


def run_audit(job: AuditJob, echo: Callable[[str], None] = print, progress: bool = True) -> AuditOutcome:
    """Plan, run and write an audit; returns its totals (raises HealthlintError on bad sources)."""
    pieces = plan(job.sources, job.columns, job.partition_bytes)
    settings = replace(job.settings, categories=job.settings.categories or categories_of(job.settings))
    try:  # an unwritable --out fails before any cluster starts
        job.out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise HealthlintError(f"{job.out}: cannot create the output folder ({err.strerror or err})") from None
    tally = Tally(categories=settings.categories, partitions=len(pieces))
    meter = Progress(pieces, echo if progress else None)
    started = time.monotonic()
    interrupted = False
    workers = 0
    with _client(job.scheduler, job.workers) as client:
        # The tables are opened once the cluster answers: a run that never started leaves none.
        writer = TableWriter(job.out, settings.categories)
        try:
            workers = len(client.scheduler_info().get("workers", {})) or (job.workers or 0)
            meter.start(workers, getattr(client, "dashboard_link", None) if job.scheduler else None)
            _gather(client, pieces, settings, writer, tally, meter)
        except KeyboardInterrupt:
            interrupted = True
            meter.interrupted()
        finally:
            writer.close()
    elapsed = time.monotonic() - started
    meter.finish()
    summary = write_summary(job.out, tally, _info(job, settings, workers, elapsed, interrupted))
    return AuditOutcome(tally, elapsed, interrupted, workers, summary)


def _gather(client, pieces: list[Piece], settings: AuditSettings, writer: TableWriter, tally: Tally,
            meter: Progress) -> None:
    from distributed import as_completed

    futures = client.map(process_piece, pieces, settings=settings, pure=False)
    index = {future.key: i for i, future in enumerate(futures)}
    try:
        for future in as_completed(futures):
            piece = pieces[index[future.key]]
            try:
                result = future.result()
            except Exception as err:  # noqa: BLE001 - a failed piece (unreadable file, killed worker) is counted
                result = _failed(piece, err, settings)
            future.release()
            writer.write(result)
            tally.add(result)
            meter.update(piece, len(result.documents) + len(result.errors))
    except KeyboardInterrupt:
        client.cancel(futures)
        raise


def _failed(piece: Piece, err: Exception, settings: AuditSettings) -> PartitionResult:
    import pandas as pd

    from .partition import ERROR_COLUMNS, document_columns, empty_findings

    reason = f"partition failed: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    where = piece.path if piece.kind != "drafts" else f"{len(piece.paths)} files from {piece.path}"
    errors = pd.DataFrame([{"id": f"{piece.path}#{piece.start}", "url": None, "date": None, "site": None,
                            "source": where, "kind": "error", "reason": reason}], columns=ERROR_COLUMNS)
    return PartitionResult(empty_findings(), pd.DataFrame(columns=document_columns(settings.categories)), errors)


class _client:
    """A distributed Client on a running scheduler, or on a new LocalCluster of processes."""

    def __init__(self, scheduler: str | None, workers: int | None):
        self.scheduler, self.workers = scheduler, workers
        self.cluster = self.client = None

    def __enter__(self):
        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler, timeout="20s")
        else:
            import os

            self.cluster = LocalCluster(n_workers=self.workers or os.cpu_count() or 1, threads_per_worker=1,
                                        processes=True, dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class Progress:
    """Documents done, rate and time left, from the results the client receives (so it is the
    same locally and on a cluster). On a terminal one line redrawn in place; otherwise a line
    every 10% of the work."""

    def __init__(self, pieces: list[Piece], echo: Callable[[str], None] | None):
        self.echo = echo
        self.total_bytes = sum(p.size for p in pieces) or 1
        self.total_docs = sum(p.documents for p in pieces)
        self.counted = all(p.documents >= 0 for p in pieces)  # WARC files are counted as they are read
        self.parts = len(pieces)
        self.done_bytes = self.docs = self.parts_done = 0
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()
        self._last_tenth = 0

    def start(self, workers: int, dashboard: str | None) -> None:
        self.started = time.monotonic()
        if self.echo:
            where = f" (dashboard: {dashboard})" if dashboard else ""
            what = f"{self.total_docs:,} documents" if self.counted else f"{self.total_bytes / 1e6:,.1f} MB"
            self.echo(f"healthlint audit: {what} in {self.parts:,} part{'s' * (self.parts != 1)} on "
                      f"{workers} worker{'s' * (workers != 1)}{where}")

    def update(self, piece: Piece, documents: int) -> None:
        self.done_bytes += piece.size
        self.docs += documents
        self.parts_done += 1
        if not self.echo:
            return
        tenth = 10 * self.done_bytes // self.total_bytes
        if self.tty:
            sys.stderr.write("\r" + self.line() + "\x1b[K")
            sys.stderr.flush()
        elif tenth > self._last_tenth or self.parts_done == self.parts:
            self._last_tenth = tenth
            self.echo(self.line())

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        fraction = min(self.done_bytes / self.total_bytes, 1.0)
        width = 24
        bar = "#" * int(width * fraction) + "-" * (width - int(width * fraction))
        rate = self.docs / elapsed if elapsed > 0 else 0.0
        left = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        done = f"{self.docs:,}/{self.total_docs:,}" if self.counted else f"{self.docs:,}"
        return (f"[{bar}] {done} documents · {rate:,.1f} docs/s · "
                f"{_duration(left) + ' left' if left is not None else 'time left unknown'}")

    def interrupted(self) -> None:
        if self.echo:
            self._newline()
            self.echo(f"healthlint audit: interrupted; {self.parts_done} of {self.parts} parts done, writing what was done")

    def finish(self) -> None:
        if self.echo:
            self._newline()

    def _newline(self) -> None:
        if self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def _info(job: AuditJob, settings: AuditSettings, workers: int, elapsed: float, interrupted: bool) -> dict[str, Any]:
    from .. import __version__

    rules = f"selected: {', '.join(settings.select)}" if settings.select else "all rules (and the configuration's selection)"
    if settings.ignore:
        rules += f"; ignored: {', '.join(settings.ignore)}"
    return {"version": __version__, "finished": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "elapsed": _duration(elapsed), "workers": workers, "sources": job.sources, "interrupted": interrupted,
            "rules": rules, "worst_min_words": WORST_MIN_WORDS, "by_folder": True}


def summary_line(outcome: AuditOutcome) -> str:
    t = outcome.tally
    rate = 1000.0 * t.findings / t.words if t.words else 0.0
    errors, skipped = sum(t.errors.values()), sum(t.skipped.values())
    return (f"healthlint audit: {t.documents:,} documents, {t.words:,} words, {t.findings:,} findings "
            f"({rate:.1f} per 1,000 words); {errors:,} not checked, {skipped:,} skipped (not pages); "
            f"{_duration(outcome.elapsed)}")
