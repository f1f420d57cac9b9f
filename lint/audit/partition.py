"""The per-partition lint function: a pandas DataFrame of records in, findings out.

It is the whole of the linting in an audit and runs wherever the partition is: a Dask worker
(`healthlint audit`, `healthlint.audit.findings_frame`) or a Spark executor (`lint_batches` with
`mapInPandas`). Each record's text is read with `healthlint.api.parse` and linted by the same
`ProjectLinter` that `healthlint check` builds from the same settings (configuration, --select,
--ignore, inline suppressions), so a document's findings equal `healthlint check` on its text.

The linter is built once per worker process and kept in a module-level cache keyed by the
settings: building it loads the rule set, which is seconds of CPU on a cold rule cache.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..config import Config
    from ..document import Document
    from ..findings import Finding
    from ..projectlinter import ProjectLinter

#: Documents over this many characters are reported as giant, not linted (`--max-document-size`).
DEFAULT_MAX_CHARS = 5_000_000

FINDINGS_COLUMNS = {  # name -> pandas dtype
    "id": "object", "url": "object", "date": "object", "site": "object", "rule": "object", "category": "object",
    "severity": "object", "offset": "int64", "end_offset": "int64", "line": "int64", "column": "int64",
    "end_line": "int64", "end_column": "int64", "match": "object", "sentence": "object", "message": "object",
}
#: The same schema for Spark's `mapInPandas(lint_batches, schema=FINDINGS_SPARK_SCHEMA)`.
FINDINGS_SPARK_SCHEMA = ", ".join(
    f"{name} {'long' if dtype == 'int64' else 'string'}" for name, dtype in FINDINGS_COLUMNS.items())
DOCUMENT_COLUMNS = ["id", "url", "date", "site", "source", "words", "findings", "per_1000_words"]
ERROR_COLUMNS = ["id", "url", "date", "site", "source", "kind", "reason"]

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class AuditSettings:
    """What decides the findings, resolved on the client and shipped to the workers."""

    config: Config | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_paths: tuple[str, ...] = ()
    html_scope: str = "main"
    max_chars: int = DEFAULT_MAX_CHARS
    #: Categories that get a column in the documents table (the selected rules' categories).
    categories: tuple[str, ...] = field(default=())


_LINTERS: dict[str, ProjectLinter] = {}


def linter_for(settings: AuditSettings) -> ProjectLinter:
    """The linter for these settings, built once per process (a worker keeps it between tasks)."""
    key = repr((settings.config, settings.select, settings.ignore, settings.rule_paths, settings.html_scope))
    linter = _LINTERS.get(key)
    if linter is None:
        from ..formats import ReaderOptions
        from ..project import Project

        project = Project(settings.config, select=list(settings.select), ignore=list(settings.ignore),
                          rule_paths=settings.rule_paths)
        linter = project.linter
        linter.reader_options = ReaderOptions(html_scope=settings.html_scope)
        _LINTERS[key] = linter
    return linter


def categories_of(settings: AuditSettings) -> tuple[str, ...]:
    """The categories of the rules these settings select, in order."""
    return tuple(sorted({rule.category for rule in linter_for(settings).rules}))


@dataclass
class PartitionResult:
    """What one partition gives back to the client: three small tables (no texts)."""

    findings: pd.DataFrame
    documents: pd.DataFrame
    errors: pd.DataFrame


def audit_records(records: pd.DataFrame, settings: AuditSettings) -> PartitionResult:
    """Lint a partition of records (columns of sources.RECORD_COLUMNS; `error` set for a record
    that could not be read). Every record ends as one documents row or one errors row."""
    import pandas as pd

    linter = linter_for(settings)
    categories = settings.categories or categories_of(settings)
    findings: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for rec in records.to_dict("records"):
        url = _none(rec.get("url"))
        meta = {"id": str(rec.get("id")), "url": url, "date": iso_date(rec.get("date")),
                "site": site_of(url, rec.get("path"))}
        source = _none(rec.get("source")) or meta["id"]
        reason = _none(rec.get("error")) or _problem(rec.get("text"), settings.max_chars)
        if reason:
            errors.append({**meta, "source": source, "kind": "skipped" if reason.startswith("skipped") else "error",
                           "reason": reason})
            continue
        try:
            doc, found = lint_one(rec["text"], _none(rec.get("path")), rec.get("format") or "text", linter)
        except Exception as err:  # noqa: BLE001 - one document's failure must not stop an archive
            errors.append({**meta, "source": source, "kind": "error", "reason": f"lint failed: {type(err).__name__}: {err}"})
            continue
        findings.extend(finding_rows(meta, doc, found))
        documents.append(document_row(meta, source, doc, found, categories))
    return PartitionResult(
        findings=_frame(findings, FINDINGS_COLUMNS),
        documents=pd.DataFrame(documents, columns=document_columns(categories)),
        errors=pd.DataFrame(errors, columns=ERROR_COLUMNS).astype(object))


def lint_one(text: str, path: str | None, fmt: str, linter: ProjectLinter) -> tuple[Document, list[Finding]]:
    """Parse and lint one text as `healthlint check` would (a draft keeps its path, so per-file
    ignores apply; a record is `<record>`, which no per-file glob matches)."""
    from ..api import parse

    doc = parse(text, path or "<record>", fmt, linter.reader_options)
    return doc, linter.lint(doc)


def finding_rows(meta: dict[str, Any], doc: Document, found: list[Finding]) -> list[dict[str, Any]]:
    if not found:
        return []
    sentences = _sentences(doc)
    starts = [s[0] for s in sentences]
    import bisect

    rows = []
    for f in found:
        i = bisect.bisect_right(starts, f.offset) - 1
        sentence = sentences[i][2] if i >= 0 and sentences[i][0] <= f.offset < max(sentences[i][1], f.offset + 1) else f.match
        rows.append({**meta, "rule": f.rule, "category": f.category, "severity": f.severity, "offset": f.offset,
                     "end_offset": f.end_offset, "line": f.line, "column": f.column, "end_line": f.end_line,
                     "end_column": f.end_column, "match": f.match, "sentence": sentence, "message": f.message})
    return rows


def document_row(meta: dict[str, Any], source: str, doc: Document, found: list[Finding],
                 categories: tuple[str, ...]) -> dict[str, Any]:
    words = sum(len(_WORD.findall(block.text)) for block in doc.blocks)
    row = {**meta, "source": source, "words": words, "findings": len(found),
           "per_1000_words": _rate(len(found), words)}
    for category in categories:
        count = sum(1 for f in found if f.category == category)
        row[f"findings_{category}"] = count
        row[f"per_1000_{category}"] = _rate(count, words)
    return row


def document_columns(categories: Iterable[str]) -> list[str]:
    columns = list(DOCUMENT_COLUMNS)
    for category in categories:
        columns += [f"findings_{category}", f"per_1000_{category}"]
    return columns


# The notebook and Spark API ----------------------------------------------------------------

def lint_frame(df: pd.DataFrame, text: str = "text", id: str | None = None, url: str | None = None,
               date: str | None = None, format: str = "text", select: Iterable[str] = (),
               ignore: Iterable[str] = (), config: Config | None = None, html_scope: str = "main",
               max_chars: int = DEFAULT_MAX_CHARS) -> pd.DataFrame:
    """Findings of every row's `text` column (FINDINGS_COLUMNS). `id` names the id column (the
    index by default). Rows with no text or a giant one give no findings (the CLI's errors table
    reports them)."""
    import pandas as pd

    settings = AuditSettings(config=config, select=tuple(select), ignore=tuple(ignore), html_scope=html_scope,
                             max_chars=max_chars)
    linter = linter_for(settings)
    ids = df[id] if id else pd.Series(df.index, index=df.index)
    rows: list[dict[str, Any]] = []
    for position, value in enumerate(df[text].tolist()):
        if _problem(value, max_chars):
            continue
        link = _none(df[url].iat[position]) if url else None
        meta = {"id": str(ids.iat[position]), "url": link, "date": iso_date(df[date].iat[position]) if date else None,
                "site": site_of(link, None)}
        doc, found = lint_one(value, None, format, linter)
        rows.extend(finding_rows(meta, doc, found))
    return _frame(rows, FINDINGS_COLUMNS)


def lint_batches(batches: Iterator[pd.DataFrame], **options: Any) -> Iterator[pd.DataFrame]:
    """For Spark: `df.mapInPandas(lambda it: lint_batches(it, text="body"), FINDINGS_SPARK_SCHEMA)`."""
    for batch in batches:
        yield lint_frame(batch, **options)


def empty_findings() -> pd.DataFrame:
    """A findings frame with no rows and the right dtypes (Dask's `meta`)."""
    return _frame([], FINDINGS_COLUMNS)


# Helpers -----------------------------------------------------------------------------------

def _problem(text: Any, max_chars: int) -> str | None:
    if not isinstance(text, str):
        return "empty text" if text is None or text != text else f"not text ({type(text).__name__})"
    if not text.strip():
        return "empty text"
    if len(text) > max_chars:
        return f"giant document: {len(text):,} characters, over the limit of {max_chars:,}"
    return None


def _sentences(doc: Document) -> list[tuple[int, int, str]]:
    """Every sentence of the prose as (source start, source end, prose text), by start."""
    from ..sentences import split_sentences

    out = []
    for block in doc.blocks:
        prose = block.text
        for s in split_sentences(prose):
            if s.end > s.start:
                out.append((block.source_start(s.start), block.source_end(s.end), prose[s.start:s.end]))
    out.sort(key=lambda item: item[0])
    return out


def iso_date(value: Any) -> str | None:
    """A date as YYYY-MM-DD (UTC), or None when it is missing or not a date."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    if hasattr(value, "isoformat") and not isinstance(value, str):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            try:
                import pandas as pd

                moment = pd.Timestamp(str(value).strip()).to_pydatetime()
            except (ValueError, TypeError, OverflowError):
                return None
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    try:
        return moment.strftime("%Y-%m-%d")
    except (AttributeError, ValueError):
        return None


def site_of(url: str | None, path: str | None) -> str | None:
    """The site a document belongs to: the URL's host (without www.), else a draft's folder."""
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    if path:
        return os.path.dirname(path) or "."
    return None


def _rate(count: int, words: int) -> float:
    return round(1000.0 * count / words, 3) if words else 0.0


def _none(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and value != value) else value


def _frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)
