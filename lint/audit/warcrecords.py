"""Where the records of a WARC file start, so that a file cut into byte ranges is read with each
record exactly once, as one sequential read reads it.

A record belongs to the piece whose byte range holds its first byte, so a reader must know where
records start and never take bytes inside a record for one:

* Gzipped WARC (one gzip member per record, as the standard recommends): members end where the
  compressed stream ends, so from a true record start the chain of records is exact. A worker
  whose range starts inside a member looks for the next gzip member that inflates to a WARC/1.x
  record header with the mandatory fields (never an ARC header: warcio tries ARC when it knows
  no format, and a corrupted member can pass for one). Payloads are compressed, so text in a
  payload cannot pass for a record; the client cuts byte ranges without reading the file.
* Uncompressed WARC: a payload can hold anything, "WARC/1.0" lines and whole records included, so
  no reader can tell a record start from the middle of a record by looking at it. The client
  walks the record headers instead (each header's Content-Length gives the next record: payloads
  are skipped, not read) and cuts at record starts; a worker walks the same way from its first.

After a broken record, reading resumes at the next record start found the same way, so one bad
record costs that record, not the rest of the file, and is reported once.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator

GZIP_MAGIC = b"\x1f\x8b\x08"

#: WARC 1.1 section 4: every record has these fields.
_MANDATORY = (b"warc-record-id", b"content-length", b"warc-date", b"warc-type")
_VERSION_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_HEADER_READ = 4096
_MAX_HEADER = 1 << 16


def _warc_header(fh, pos: int) -> int | None:
    """Where the record starting at `pos` ends (its header's end plus its Content-Length), or None
    when no WARC record header starts there: the version line, `Name: value` lines up to a blank
    line, the mandatory fields, and a Content-Length that is a whole number."""
    fh.seek(pos)
    head = fh.read(_HEADER_READ)
    if not _VERSION_LINE.match(head):
        return None
    while not (blank := _BLANK_LINE.search(head)) and len(head) < _MAX_HEADER:
        more = fh.read(_HEADER_READ)
        if not more:
            return None
        head += more
    if not blank:
        return None
    fields: dict[bytes, bytes] = {}
    for line in head[:blank.start()].splitlines()[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name.strip():
            return None
        fields[name.strip().lower()] = value.strip()
    if any(f not in fields for f in _MANDATORY) or not fields[b"content-length"].isdigit():
        return None
    return pos + blank.end() + int(fields[b"content-length"])


def plain_record_starts(fh, pos: int, size: int) -> Iterator[int]:
    """The record starts of an uncompressed WARC from the record start `pos`, following each
    header's length (payloads are never looked into). An offset whose bytes are no record header
    is yielded too (it is reported broken), and the walk resumes at the next line that starts a
    record header."""
    while 0 <= pos < size:
        yield pos
        end = _warc_header(fh, pos)
        if end is None:
            pos = _next_plain_header(fh, pos + 1)
            continue
        fh.seek(end)
        while fh.read(1) in (b"\r", b"\n"):  # the blank lines between records
            end += 1
        pos = end


def _next_plain_header(fh, start: int) -> int:
    """The first record header after `start` that begins a line, or -1."""
    pos = start
    while (pos := _find(fh, b"\nWARC/1.", pos - 1)) >= 0:
        pos += 1
        if _warc_header(fh, pos) is not None:
            return pos
    return -1


def _is_warc_start(record) -> bool:
    headers = record.rec_headers
    return (record.format == "warc" and headers.protocol in ("WARC/1.0", "WARC/1.1")
            and all(headers.get_header(f.decode()) for f in _MANDATORY)
            and (headers.get_header("Content-Length") or "").strip().isdigit())


def gzip_entries(path: str, start: int = 0, want=None):
    """Yield ("record", offset, record, body, starts) and ("broken", offset, reason, None, starts)
    from the record starting at `start` of a gzipped WARC; `body` is the payload of the records
    `want(record)` accepts (read here, so a payload that fails to decompress is that record's
    error); `starts` says whether a worker whose range begins before it would start there (see
    next_gzip_record), which decides the piece it belongs to. After a broken record, reading
    resumes at the next record start: one bad record costs that record, not the rest of the
    file, and is reported once."""
    from warcio.archiveiterator import WARCIterator

    with open(path, "rb") as fh:
        pos = start
        while pos >= 0:
            fh.seek(pos)
            iterator = WARCIterator(fh, check_digests=False)
            current, reported, starts = -1, -1, False
            try:
                for record in iterator:
                    current = iterator.offset  # where this record starts (get_record_offset reads it)
                    starts = _is_warc_start(record)
                    body = record.content_stream().read() if want is not None and want(record) else None
                    yield "record", current, record, body, starts
                    reported, current = current, -1
            except Exception as err:  # noqa: BLE001 - warcio, zlib and header parsing raise many kinds
                bad = current if current >= 0 else max(iterator.offset, pos)
                if bad != reported:  # a record already yielded whose end then failed is not reported twice
                    yield "broken", bad, f"broken WARC record: {_warc_problem(err)}", None, current >= 0 and starts
                pos = next_gzip_record(fh, bad + 1)
                continue
            return


def next_gzip_record(fh, start: int, limit: int | None = None) -> int:
    """The offset of the first gzip member at or after `start` (and before `limit`) that inflates
    to a WARC record header, or -1. A worker starting a byte range and a worker resuming after a
    broken record both land on the same record this way."""
    from warcio.archiveiterator import WARCIterator

    pos = start
    while (pos := _find(fh, GZIP_MAGIC, pos)) >= 0 and (limit is None or pos < limit):
        fh.seek(pos)
        try:
            if _is_warc_start(next(iter(WARCIterator(fh, check_digests=False)))):
                return pos
        except Exception:  # noqa: BLE001 - those bytes only looked like a record start
            pass
        pos += 1
    return -1


def plain_entries(path: str, start: int, end: int, want=None):
    """The same entries for an uncompressed WARC: the records whose first byte is in [start, end),
    `start` being a record start (see _plan_warc)."""
    from warcio.archiveiterator import WARCIterator

    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        for pos in plain_record_starts(fh, start, min(end, size)):
            fh.seek(pos)
            try:
                record = next(iter(WARCIterator(fh, check_digests=False)))
                body = record.content_stream().read() if want is not None and want(record) else None
            except Exception as err:  # noqa: BLE001 - as in gzip_entries
                yield "broken", pos, f"broken WARC record: {_warc_problem(err)}", None, True
                continue
            yield "record", pos, record, body, True


def _warc_problem(err: Exception) -> str:
    """warcio's message, without the raw bytes it quotes (a corrupted member is binary noise)."""
    text = str(err).split(", first line:")[0].split("first line:")[0].strip() or type(err).__name__
    return "".join(ch for ch in text.splitlines()[0] if ch.isprintable())[:160]


def _find(fh, magic: bytes, start: int) -> int:
    """Offset of the next `magic` at or after `start`, or -1."""
    start = max(start, 0)
    fh.seek(start)
    base, tail = start, b""
    while True:
        block = fh.read(1 << 20)
        if not block:
            return -1
        data = tail + block
        found = data.find(magic)
        if found >= 0:
            return base - len(tail) + found
        tail = data[-(len(magic) - 1):]
        base += len(block)
