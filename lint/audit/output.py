"""The audit's output folder: findings.parquet, documents.parquet, errors.parquet and
summary.html.

Tables are appended partition by partition as results arrive (pyarrow ParquetWriter), and the
summary is built from running totals (`Tally`), so the client's memory does not grow with the
archive: only the rule counts, the per-month and per-site sums and the worst documents are kept.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .partition import ERROR_COLUMNS, FINDINGS_COLUMNS, document_columns

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .partition import PartitionResult

#: Distinct sites tallied one by one; the rest are counted as "(other sites)" so a crawl of
#: millions of hosts cannot grow the client's memory without end.
MAX_SITES = 100_000
#: A document needs this many words to rank among the worst (a 12-word page with one finding
#: would otherwise top the list at 83 per 1,000 words).
WORST_MIN_WORDS = 50
_SHOWN = 15


def _schemas(categories: tuple[str, ...]):
    import pyarrow as pa

    def typed(name: str, dtype: str):
        return pa.field(name, pa.int64() if dtype == "int64" else pa.float64() if dtype == "float64" else pa.string())

    findings = pa.schema([typed(n, d) for n, d in FINDINGS_COLUMNS.items()])
    doc_types = {"words": "int64", "findings": "int64", "per_1000_words": "float64"}
    for c in categories:
        doc_types[f"findings_{c}"] = "int64"
        doc_types[f"per_1000_{c}"] = "float64"
    documents = pa.schema([typed(n, doc_types.get(n, "str")) for n in document_columns(categories)])
    errors = pa.schema([typed(n, "str") for n in ERROR_COLUMNS])
    return {"findings": findings, "documents": documents, "errors": errors}


class TableWriter:
    """findings.parquet, documents.parquet and errors.parquet, appended as partitions finish.
    Each file is valid after close(), also after an interrupted run (it holds what was done)."""

    def __init__(self, out: Path, categories: tuple[str, ...]):
        self.out = out
        self.schemas = _schemas(categories)
        self._writers: dict[str, Any] = {}

    def write(self, result: PartitionResult) -> None:
        for name in ("findings", "documents", "errors"):
            self._append(name, getattr(result, name))

    def _append(self, name: str, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if frame.empty:
            return
        table = pa.Table.from_pandas(frame, schema=self.schemas[name], preserve_index=False)
        writer = self._writers.get(name)
        if writer is None:
            writer = self._writers[name] = pq.ParquetWriter(self.out / f"{name}.parquet", self.schemas[name])
        writer.write_table(table)

    def close(self) -> None:
        import pyarrow.parquet as pq

        for name, schema in self.schemas.items():
            writer = self._writers.pop(name, None)
            if writer is not None:
                writer.close()
            else:  # no rows: an empty table with the schema, so readers find every file
                pq.write_table(schema.empty_table(), self.out / f"{name}.parquet")


@dataclass
class Tally:
    """Running totals for the summary page; each partition's small tables are added and dropped."""

    categories: tuple[str, ...]
    documents: int = 0
    words: int = 0
    findings: int = 0
    partitions_done: int = 0
    partitions: int = 0
    rules: Counter = field(default_factory=Counter)
    rule_category: dict[str, str] = field(default_factory=dict)
    severities: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # reason (before any detail) -> count
    skipped: Counter = field(default_factory=Counter)
    months: dict = field(default_factory=lambda: defaultdict(Counter))  # "YYYY-MM" -> words, docs, categories
    sites: dict = field(default_factory=lambda: defaultdict(Counter))
    worst: list = field(default_factory=list)  # heap of (rate, findings, seq, row)
    _seq: int = 0

    def add(self, result: PartitionResult) -> None:
        self.partitions_done += 1
        findings, documents, errors = result.findings, result.documents, result.errors
        self.findings += len(findings)
        if len(findings):
            self.rules.update(findings["rule"].tolist())
            self.severities.update(findings["severity"].tolist())
            self.by_category.update(findings["category"].tolist())
            self.rule_category.update(zip(findings["rule"].tolist(), findings["category"].tolist()))
        for row in errors.to_dict("records"):
            reason = str(row["reason"])
            (self.skipped if row["kind"] == "skipped" else self.errors)[_reason_kind(reason)] += 1
        for row in documents.to_dict("records"):
            self._add_document({k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()})

    def _add_document(self, row: dict[str, Any]) -> None:
        self.documents += 1
        words = int(row["words"])
        self.words += words
        counts = {c: int(row[f"findings_{c}"]) for c in self.categories}
        if row.get("date"):
            month = self.months[str(row["date"])[:7]]
            month["_words"] += words
            month["_documents"] += 1
            month.update(counts)
        site_name = row.get("site") or "(no site)"
        if site_name not in self.sites and len(self.sites) >= MAX_SITES:
            site_name = "(other sites)"
        site = self.sites[site_name]
        site["_words"] += words
        site["_documents"] += 1
        site.update(counts)
        if words >= WORST_MIN_WORDS and row["findings"]:
            self._seq += 1
            entry = (float(row["per_1000_words"]), int(row["findings"]), -self._seq,
                     {k: row.get(k) for k in ("id", "url", "site", "date", "words", "findings", "per_1000_words")})
            if len(self.worst) < _SHOWN:
                heapq.heappush(self.worst, entry)
            else:
                heapq.heappushpop(self.worst, entry)


def _reason_kind(reason: str) -> str:
    """'undecodable: not UTF-8 at byte 3' -> 'undecodable'; the counts group by the kind."""
    if reason.startswith("skipped: "):  # 'skipped: not an HTML response (image/png)' -> 'not an HTML response'
        return reason.removeprefix("skipped: ").split(" (", 1)[0]
    head = reason.split(":", 1)[0].strip()
    if head.startswith("rule ") and head.endswith("timed out (skipped)"):
        return "rule timed out"
    return head or reason


def write_summary(out: Path, tally: Tally, info: dict[str, Any]) -> Path:
    """summary.html: one self-contained page (inline SVG, no script, no external file)."""
    from importlib.resources import files

    from jinja2 import Environment

    from . import charts

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["n"] = lambda value: f"{value:,}"
    template = env.from_string(files(__package__).joinpath("summary.html.j2").read_text(encoding="utf-8"))
    categories = [c for c, _ in tally.by_category.most_common()] or list(tally.categories)
    rate = 1000.0 * tally.findings / tally.words if tally.words else 0.0
    months = sorted(tally.months)
    sites = sorted(tally.sites.items(), key=lambda item: (-item[1]["_documents"], item[0]))[:_SHOWN]
    worst = [entry[3] for entry in sorted(tally.worst, reverse=True)]
    page = template.render(
        info=info, tally=tally, rate=rate, categories=categories,
        top_rules=[(rule, tally.rule_category.get(rule, ""), count) for rule, count in tally.rules.most_common(_SHOWN)],
        rules_chart=charts.bars([(rule, count) for rule, count in tally.rules.most_common(_SHOWN)]),
        time_chart=charts.lines(months, {c: [_per_1000(tally.months[m], c) for m in months] for c in categories[:6]}),
        site_chart=charts.stacked_bars([(name, [_per_1000(counts, c) for c in categories[:6]]) for name, counts in sites],
                                       categories[:6]),
        sites=[(name, counts["_documents"], counts["_words"], _per_1000_all(counts, categories)) for name, counts in sites],
        worst=worst, colors=charts.COLORS,
    )
    path = out / "summary.html"
    path.write_text(page, encoding="utf-8")
    return path


def _per_1000(counts: Counter, category: str) -> float:
    return 1000.0 * counts[category] / counts["_words"] if counts["_words"] else 0.0


def _per_1000_all(counts: Counter, categories: list[str]) -> float:
    return sum(_per_1000(counts, c) for c in categories)
