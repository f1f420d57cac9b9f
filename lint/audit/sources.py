"""Archive sources -> records: folders and globs of drafts, JSON Lines, CSV, Parquet and WARC.

Reading is split in two so that memory stays bounded whatever the archive size:

* `plan(sources)` runs on the client. It only looks at file sizes, counts lines or rows, walks
  the record headers of an uncompressed WARC, and cuts every file into `Piece`s of about
  `partition_bytes` of text. It keeps no text.
* `read_piece(piece)` runs on a worker and returns that piece's records as a pandas DataFrame
  with the columns of `RECORD_COLUMNS` (id, url, date, text, format, path, source, error).
  A record that cannot be read (undecodable bytes, a broken JSON line, a broken WARC record)
  is returned with `error` set to the reason and no text, so it is counted, never fatal.

Paths must be readable at the same place by the workers (a shared file system on a cluster).
pyarrow and warcio are imported where used: they are the `healthlint[audit]` extra.
"""
from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import HealthlintError, ReadError
from ..reader import FORMAT_BY_SUFFIX, decode, read_source
from .warcrecords import GZIP_MAGIC, gzip_entries, next_gzip_record, plain_entries, plain_record_starts

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

RECORD_COLUMNS = ["id", "url", "date", "text", "format", "path", "source", "error"]
#: Text formats a table's text column may hold (`--format`); the default is plain text, which
#: never hides prose (Markdown would read indented lines as code and skip them).
TEXT_FORMATS = ("text", "markdown", "mdx", "html")
DEFAULT_PARTITION_BYTES = 16 * 1024 * 1024
_FILES_PER_PIECE = 2000
_WARC_MAGIC = b"WARC/"


@dataclass(frozen=True)
class TableColumns:
    """Which columns of a JSON Lines, CSV or Parquet file hold what (`--text-column`...)."""

    text: str = "text"
    id: str | None = "id"  # when the file has no such column: `file:row`
    url: str | None = None
    date: str | None = None
    format: str = "text"


@dataclass(frozen=True)
class Piece:
    """One partition of work: a slice of one file (or a group of drafts). `size` is its bytes
    (for the progress bar's time left), `documents` its records (-1: not known before reading)."""

    kind: str  # "drafts", "jsonl", "csv", "parquet", "warc"
    path: str
    start: int = 0  # byte offset (jsonl, warc), row (csv), row group (parquet)
    end: int = 0
    first_row: int = 1  # jsonl: the line number at `start`; csv: the row number of row `start`
    paths: tuple[str, ...] = ()  # drafts
    size: int = 0
    documents: int = 0
    columns: TableColumns = field(default_factory=TableColumns)


def kind_of(path: str) -> str:
    """The reader a file name calls for: a table, a WARC, or a draft like `healthlint check`'s."""
    name = path.lower()
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    return "drafts"


def expand(sources: list[str]) -> list[str]:
    """Folders, globs and files -> files. A folder gives its drafts as `healthlint check` finds
    them; tables and WARC files are named or matched by a glob. Raises HealthlintError (one line)
    for a source that names nothing."""
    from ..walk import discover

    files: list[str] = []
    for source in sources:
        if any(ch in source for ch in "*?["):
            matched = sorted(p for p in glob.glob(source, recursive=True) if os.path.isfile(p))
            if not matched:
                raise HealthlintError(f"{source}: no file matches this pattern")
            files.extend(matched)
        elif os.path.isdir(source):
            files.extend(discover([source]))
        elif os.path.isfile(source):
            files.append(source)
        else:
            raise HealthlintError(f"{source}: no such file or folder")
    seen: set[str] = set()
    return [f for f in files if not (f in seen or seen.add(f))]


def plan(sources: list[str], columns: TableColumns = TableColumns(),
         partition_bytes: int = DEFAULT_PARTITION_BYTES) -> list[Piece]:
    """Cut the sources into pieces of about `partition_bytes` each (on the client; no text kept).
    Raises HealthlintError naming the file when a table lacks its text column or is not a table."""
    pieces: list[Piece] = []
    drafts: list[str] = []
    draft_bytes = 0
    for path in expand(sources):
        kind = kind_of(path)
        if kind == "drafts":
            drafts.append(path)
            draft_bytes += _size(path)
            if draft_bytes >= partition_bytes or len(drafts) >= _FILES_PER_PIECE:
                pieces.append(Piece("drafts", drafts[0], paths=tuple(drafts), size=draft_bytes, documents=len(drafts)))
                drafts, draft_bytes = [], 0
        elif kind == "jsonl":
            pieces.extend(_plan_jsonl(path, columns, partition_bytes))
        elif kind == "csv":
            pieces.extend(_plan_csv(path, columns, partition_bytes))
        elif kind == "parquet":
            pieces.extend(_plan_parquet(path, columns))
        else:
            pieces.extend(_plan_warc(path, partition_bytes))
    if drafts:
        pieces.append(Piece("drafts", drafts[0], paths=tuple(drafts), size=draft_bytes, documents=len(drafts)))
    return pieces


def read_piece(piece: Piece, max_chars: int | None = None) -> pd.DataFrame:
    """The records of one piece (on a worker). A text longer than `max_chars` is not kept: its
    record comes back with the reason (a giant document), so one huge page cannot exhaust a
    worker's memory further down."""
    import pandas as pd

    return pd.DataFrame(list(iter_records(piece, max_chars)), columns=RECORD_COLUMNS, dtype=object)


def iter_records(piece: Piece, max_chars: int | None = None) -> Iterator[dict[str, Any]]:
    """The records of `read_piece`, one dict (RECORD_COLUMNS) at a time."""
    reader = {"drafts": _read_drafts, "jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet,
              "warc": _read_warc}[piece.kind]
    for row in reader(piece):
        text = row.get("text")
        if max_chars is not None and text is not None and len(text) > max_chars:
            row["error"] = f"giant document: {len(text):,} characters, over the limit of {max_chars:,}"
            row["text"] = None
        yield row


# Drafts ------------------------------------------------------------------------------------

def _read_drafts(piece: Piece):
    for path in piece.paths:
        row = _row(id=path, path=path, source=path, format=FORMAT_BY_SUFFIX.get(Path(path).suffix.lower(), "text"))
        try:
            source = read_source(path)  # decoded exactly as `healthlint check` decodes it
        except ReadError as err:
            row["error"] = f"undecodable: {err.problem}"
        else:
            row["text"], row["format"] = source.text, source.format
        yield row


# JSON Lines --------------------------------------------------------------------------------

def _plan_jsonl(path: str, columns: TableColumns, partition_bytes: int) -> list[Piece]:
    """Cut at the first line end after every ~partition_bytes, counting lines on the way (a
    fast byte scan: no JSON is parsed on the client)."""
    pieces = []
    start, line, pending, pos, last = 0, 1, 0, 0, b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            base, pos, last = pos, pos + len(block), block[-1:]
            i = 0  # newlines before block[i] are counted
            while (j := block.find(b"\n", max(start + partition_bytes - 1 - base, i))) >= 0:
                pending += block.count(b"\n", i, j) + 1
                cut = base + j + 1
                pieces.append(Piece("jsonl", path, start, cut, line, size=cut - start, documents=pending, columns=columns))
                line, pending, start, i = line + pending, 0, cut, j + 1
            pending += block.count(b"\n", i)
    if pos > start:
        pieces.append(Piece("jsonl", path, start, pos, line, size=pos - start,
                            documents=pending + (last != b"\n"), columns=columns))
    return pieces


def _read_jsonl(piece: Piece):
    cols = piece.columns
    name = os.path.basename(piece.path)
    with open(piece.path, "rb") as fh:
        fh.seek(piece.start)
        number = piece.first_row - 1
        while fh.tell() < piece.end:
            raw = fh.readline()
            if not raw:
                break
            number += 1
            if not raw.strip():
                continue
            where = f"{name}:{number}"
            try:
                value = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as err:
                yield _row(id=where, source=where, error=f"undecodable: not UTF-8 at byte {err.start}")
                continue
            except ValueError as err:
                yield _row(id=where, source=where, error=f"undecodable: not a JSON line ({err})")
                continue
            if not isinstance(value, dict):
                yield _row(id=where, source=where, error="undecodable: the line is not a JSON object")
                continue
            yield _table_row(value, cols, where)


# CSV ---------------------------------------------------------------------------------------

def _csv_reader(path: str, text_column: str):
    """pyarrow's streaming CSV reader, the text column as bytes so a bad row is one error."""
    import pyarrow as pa
    from pyarrow import csv

    try:
        return csv.open_csv(path, read_options=csv.ReadOptions(block_size=1 << 22),
                            parse_options=csv.ParseOptions(newlines_in_values=True),
                            convert_options=csv.ConvertOptions(column_types={text_column: pa.binary()},
                                                               strings_can_be_null=True))
    except (pa.ArrowInvalid, OSError) as err:
        raise HealthlintError(f"{path}: not a readable CSV file ({err})") from None


def _plan_csv(path: str, columns: TableColumns, partition_bytes: int) -> list[Piece]:
    reader = _csv_reader(path, columns.text)
    if columns.text not in reader.schema.names:
        raise HealthlintError(f"{path}: no column {columns.text!r} (use --text-column; columns: "
                              f"{', '.join(reader.schema.names)})")
    rows = sum(batch.num_rows for batch in reader)
    size = _size(path)
    count = max(1, -(-size // partition_bytes))
    per = max(1, -(-rows // count))
    return [Piece("csv", path, r, min(r + per, rows), size=size * (min(r + per, rows) - r) // max(rows, 1),
                  documents=min(r + per, rows) - r, columns=columns)
            for r in range(0, rows, per)]


def _read_csv(piece: Piece):
    """Stream to the piece's rows (parsing, not keeping, the ones before it): CSV cannot be
    cut by bytes when quoted values hold line breaks."""
    name = os.path.basename(piece.path)
    row_number = 0
    for batch in _csv_reader(piece.path, piece.columns.text):
        n = batch.num_rows
        if row_number + n <= piece.start:
            row_number += n
            continue
        lo, hi = max(piece.start - row_number, 0), min(piece.end - row_number, n)
        for value in batch.slice(lo, hi - lo).to_pylist():
            yield _table_row(value, piece.columns, f"{name}:{row_number + lo + 2}")  # +2: 1-based, header
            lo += 1
        row_number += n
        if row_number >= piece.end:
            break


# Parquet -----------------------------------------------------------------------------------

def _plan_parquet(path: str, columns: TableColumns) -> list[Piece]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except (pa.ArrowInvalid, OSError) as err:
        raise HealthlintError(f"{path}: not a readable Parquet file ({err})") from None
    names = meta.schema.names
    if columns.text not in names:
        raise HealthlintError(f"{path}: no column {columns.text!r} (use --text-column; columns: {', '.join(names)})")
    pieces, first = [], 1
    for group in range(meta.num_row_groups):
        info = meta.row_group(group)
        pieces.append(Piece("parquet", path, group, group + 1, first, size=info.total_byte_size,
                            documents=info.num_rows, columns=columns))
        first += info.num_rows
    return pieces


def _read_parquet(piece: Piece):
    import pyarrow.parquet as pq

    cols = piece.columns
    parquet = pq.ParquetFile(piece.path)
    wanted = [c for c in (cols.text, cols.id, cols.url, cols.date) if c and c in parquet.schema_arrow.names]
    name = os.path.basename(piece.path)
    number = piece.first_row
    for batch in parquet.iter_batches(batch_size=1024, row_groups=[piece.start], columns=wanted):
        for value in batch.to_pylist():
            yield _table_row(value, cols, f"{name}:{number}")
            number += 1


# Table rows (JSON Lines, CSV, Parquet) -----------------------------------------------------

def _table_row(value: dict[str, Any], cols: TableColumns, where: str) -> dict[str, Any]:
    ident = value.get(cols.id) if cols.id else None
    row = _row(id=str(ident) if ident not in (None, "") else where, source=where, format=cols.format,
               url=_str(value.get(cols.url)) if cols.url else None,
               date=_str(value.get(cols.date)) if cols.date else None)
    text = value.get(cols.text)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            row["error"] = f"undecodable: not UTF-8 at byte {err.start}"
            return row
    if text is None or (isinstance(text, float) and text != text):
        row["text"] = ""  # missing: counted as an empty text by the partition function
    elif not isinstance(text, str):
        row["error"] = f"undecodable: column {cols.text!r} holds {type(text).__name__}, not text"
    else:
        row["text"] = text
    return row


# WARC --------------------------------------------------------------------------------------

def _is_gzip(path: str) -> bool:
    return path.lower().endswith(".gz")


def _plan_warc(path: str, partition_bytes: int) -> list[Piece]:
    """Cut into pieces of about `partition_bytes`. A gzipped WARC is cut by byte ranges without
    reading it (a crawl's files are gigabytes each: the client must not decompress them); a worker
    starts at the first record in its range. An uncompressed one is cut at record starts, found by
    walking the headers. The record count is unknown until the pieces are read."""
    size = _size(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_WARC_MAGIC))
            if head and not head.startswith((GZIP_MAGIC, _WARC_MAGIC)):
                raise HealthlintError(f"{path}: not a WARC file (it starts with neither a gzip member nor 'WARC/')")
            if _is_gzip(path) or head.startswith(GZIP_MAGIC):
                cuts = list(range(0, max(size, 1), partition_bytes))
            else:
                cuts = [0]
                for pos in plain_record_starts(fh, 0, size):
                    if pos - cuts[-1] >= partition_bytes:
                        cuts.append(pos)
    except OSError as err:
        raise HealthlintError(f"{path}: cannot read ({err.strerror or err})") from None
    ends = cuts[1:] + [max(size, cuts[-1])]
    return [Piece("warc", path, lo, hi, size=hi - lo, documents=-1) for lo, hi in zip(cuts, ends)]


def _read_warc(piece: Piece):
    name = os.path.basename(piece.path)
    if _is_gzip(piece.path) or _starts_with_gzip(piece.path):
        start = piece.start
        if start > 0:
            with open(piece.path, "rb") as fh:
                start = next_gzip_record(fh, start, piece.end)
            if start < 0:
                return  # no record starts in this range
        entries = gzip_entries(piece.path, start, want=_is_html_response)
    else:
        entries = plain_entries(piece.path, piece.start, piece.end, want=_is_html_response)
    for kind, offset, item, body, starts in entries:
        if offset >= piece.end and starts:
            return  # the next piece starts at this record (a broken stretch before it is ours)
        where = f"{name}@{offset}"
        if kind == "broken":
            yield _row(id=where, source=where, error=item)
            continue
        record = item
        if record.rec_type != "response":
            continue  # request, metadata, warcinfo: not pages
        url = record.rec_headers.get_header("WARC-Target-URI")
        ident = record.rec_headers.get_header("WARC-Record-ID") or where
        date = record.rec_headers.get_header("WARC-Date")
        ctype = _content_type(record)
        if body is None:
            yield _row(id=ident, url=url, date=date, source=where,
                       error=f"skipped: not an HTML response ({ctype or 'no Content-Type'})")
            continue
        row = _row(id=ident, url=url, date=date, source=where, format="html")
        try:
            row["text"] = decode(body, where, _charset(ctype))[0]
        except ReadError as err:
            row["error"] = f"undecodable: {err.problem}"
        yield row


def _starts_with_gzip(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(GZIP_MAGIC)) == GZIP_MAGIC


def _content_type(record) -> str:
    headers = record.http_headers
    return (headers.get_header("Content-Type") or "") if headers is not None else ""


def _is_html_response(record) -> bool:
    return record.rec_type == "response" and "html" in _content_type(record).lower()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            import codecs

            name = value.strip().strip("\"'")
            try:
                codecs.lookup(name)
            except LookupError:
                return None
            return name
    return None


# Helpers -----------------------------------------------------------------------------------

def _row(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(RECORD_COLUMNS)
    row["format"] = "text"
    row.update(values)
    return row


def _str(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
