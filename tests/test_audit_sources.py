"""Reading archives into records (no cluster): every record read once whatever the partition
size, bad records counted with a reason, the WARC reader resuming after a broken record."""
from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("warcio")

from audit_archive import PAGES, WARC_LOOKALIKE, write_jsonl, write_parquet, write_warc  # noqa: E402

from healthlint.audit.sources import TableColumns, iter_records, plan, read_piece  # noqa: E402
from healthlint.errors import HealthlintError  # noqa: E402

COLUMNS = TableColumns(text="body", id="id", url="url", date="date")


def records(sources, columns=COLUMNS, partition_bytes=1 << 24, max_chars=None):
    pieces = plan([str(s) for s in sources], columns, partition_bytes)
    frames = [read_piece(p, max_chars) for p in pieces]
    return pieces, [row for frame in frames for row in frame.to_dict("records")]


@pytest.mark.parametrize("partition_bytes", [1, 150, 1 << 24])
def test_jsonl_every_line_once_whatever_the_cut(tmp_path, partition_bytes):
    path = write_jsonl(tmp_path / "a.jsonl")
    pieces, rows = records([path], partition_bytes=partition_bytes)
    assert [r["id"] for r in rows] == [p[0] for p in PAGES] + ["a.jsonl:9", "empty"]
    assert sum(p.documents for p in pieces) == len(rows)
    if partition_bytes == 1:
        assert len(pieces) == len(rows)
    by_id = {r["id"]: r for r in rows}
    assert by_id["p3"]["text"] == PAGES[2][3] and by_id["p3"]["url"] == PAGES[2][1]
    assert by_id["a.jsonl:9"]["error"].startswith("undecodable: not a JSON line")


def test_jsonl_without_final_newline_and_with_invalid_utf8(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_bytes(json.dumps({"body": "caf\u00e9"}).encode() + b"\n" + b'{"body": "\xff"}\n' +
                     json.dumps({"body": "last"}).encode())
    pieces, rows = records([path], partition_bytes=10)
    assert [r["id"] for r in rows] == ["b.jsonl:1", "b.jsonl:2", "b.jsonl:3"]
    assert rows[0]["text"] == "café" and rows[2]["text"] == "last"
    assert rows[1]["error"] == "undecodable: not UTF-8 at byte 10"
    assert sum(p.documents for p in pieces) == 3


def test_csv_with_line_breaks_inside_quoted_values(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('id,body\nx1,"first line\nsecond line"\nx2,plain\n,no id here\n', encoding="utf-8")
    pieces, rows = records([path], partition_bytes=8)
    assert len(pieces) > 1
    assert [(r["id"], r["text"]) for r in rows] == [
        ("x1", "first line\nsecond line"), ("x2", "plain"), ("c.csv:4", "no id here")]


def test_parquet_row_groups_are_partitions_and_null_text_is_kept_for_counting(tmp_path):
    path = write_parquet(tmp_path / "d.parquet")
    pieces, rows = records([path])
    assert len(pieces) == 3  # 9 rows in groups of 3
    assert [r["id"] for r in rows] == [p[0] for p in PAGES] + ["null-text"]
    assert rows[-1]["text"] == "" and rows[-1]["error"] is None  # counted as an empty text when linted


def test_missing_text_column_names_the_file(tmp_path):
    path = write_parquet(tmp_path / "d.parquet")
    with pytest.raises(HealthlintError, match=r"d\.parquet: no column 'text' \(use --text-column"):
        plan([str(path)], TableColumns())


def test_warc_html_responses_only_and_reading_resumes_after_a_broken_record(tmp_path):
    path = tmp_path / "e.warc.gz"
    pages = write_warc(path)
    pieces, rows = records([path])
    texts = {r["url"]: r for r in rows if r["error"] is None}
    assert set(texts) == set(pages)  # every page, also the ones after the broken record
    assert all(r["format"] == "html" and r["text"] == pages[url] for url, r in texts.items())
    assert texts[PAGES[0][1]]["date"] == "2024-01-15T00:00:00Z"
    errors = {r["url"] or r["id"]: r["error"] for r in rows if r["error"]}
    assert errors["https://shop.example/logo.png"] == "skipped: not an HTML response (image/png)"
    assert errors["https://blog.example/latin1"].startswith("undecodable: not UTF-8 text")
    broken = [e for e in errors.values() if e.startswith("broken WARC record")]
    assert len(broken) == 1


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("partition_bytes", [37, 97, 700, 2000])
def test_warc_cut_into_pieces_reads_each_record_once(tmp_path, gzip, partition_bytes):
    """Byte ranges cut anywhere (inside records, inside the broken one): every record and the
    broken one are reported once, as when the file is read whole."""
    path = tmp_path / ("f.warc.gz" if gzip else "f.warc")
    write_warc(path, gzip=gzip)
    _, whole = records([path])
    pieces, cut = records([path], partition_bytes=partition_bytes)
    assert len(pieces) > 3
    assert sum(r["error"] is None for r in whole) == len(PAGES)
    assert sum((r["error"] or "").startswith("broken WARC record") for r in whole) == 1
    def kinds(rows):  # warcio words a broken record differently when a piece starts on it
        return [(r["id"], r["text"], (r["error"] or "").split(":")[0]) for r in rows]

    assert kinds(cut) == kinds(whole)


def cut_rows(path, partition_bytes, columns=COLUMNS):
    """(id, text, kind of error) of every record, piece after piece."""
    return [(r["id"], r["text"], (r["error"] or "").split(":")[0])
            for piece in plan([str(path)], columns, partition_bytes) for r in iter_records(piece)]


SIZES = range(1, 301)


@pytest.mark.parametrize("gzip, seed", [(True, 0), (True, 1), (True, 3), (False, 0)])
def test_warc_cut_at_every_piece_size_reads_what_a_plain_read_reads(tmp_path, gzip, seed):
    """Random record ids (seeded), a broken record, and a page whose text holds "WARC/1.0" lines
    and a whole record: cut into pieces of every size from 1 to 300 bytes, the records read are
    those of one sequential read, each once. (Seed 3 once made a corrupted gzip member pass for
    an ARC record; the look-alike page once made a plain WARC's pieces start inside it.)"""
    path = tmp_path / ("h.warc.gz" if gzip else "h.warc")
    write_warc(path, PAGES[:4], gzip=gzip, ids=random.Random(seed), lookalike=True)
    whole = cut_rows(path, 1 << 24)
    assert whole[0][1] == WARC_LOOKALIKE  # the look-alike page is one page ...
    assert not any(ident.endswith("dead>") for ident, _, _ in whole)  # ... and the record in it none
    assert sum(error == "broken WARC record" for _, _, error in whole) == 1
    assert len(whole) == 7  # the look-alike, 4 pages, the PNG and the broken record
    for size in SIZES:
        assert cut_rows(path, size) == whole, f"pieces of {size} bytes"


@pytest.mark.parametrize("crlf, final_newline", [(False, True), (True, False)])
def test_jsonl_cut_at_every_piece_size_reads_each_line_once(tmp_path, crlf, final_newline):
    path = write_jsonl(tmp_path / "i.jsonl", PAGES[:4])
    data = path.read_bytes().replace(b"\n", b"\r\n" if crlf else b"\n")
    path.write_bytes(data if final_newline else data.rstrip(b"\r\n"))
    whole = cut_rows(path, 1 << 24)
    assert len(whole) == 6
    for size in SIZES:
        pieces = plan([str(path)], COLUMNS, size)
        assert cut_rows(path, size) == whole, f"pieces of {size} bytes"
        assert sum(p.documents for p in pieces) == len(whole)


def test_csv_cut_at_every_piece_size_reads_each_row_once(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text('id,body\nx1,"first line\nsecond, quoted"\nx2,plain\n,no id here\nx4,"a ""quote"" and\r\nCRLF"\n',
                    encoding="utf-8")
    whole = cut_rows(path, 1 << 24)
    assert [ident for ident, _, _ in whole] == ["x1", "x2", "j.csv:4", "x4"]
    for size in SIZES:
        assert cut_rows(path, size) == whole, f"pieces of {size} bytes"


def test_giant_documents_are_not_kept(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", giant_chars=5000)
    _, rows = records([path], max_chars=1000)
    giant = [r for r in rows if r["id"] == "giant"][0]
    assert giant["text"] is None
    assert giant["error"].startswith("giant document: 5,005 characters, over the limit of 1,000")


def test_folders_and_globs_mix(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text("# A\n\nThis cures colds.\n", encoding="utf-8")
    (tmp_path / "drafts" / "b.html").write_text("<p>Hello</p>", encoding="utf-8")
    (tmp_path / "drafts" / "bad.txt").write_bytes(b"caf\xe9\n")
    write_jsonl(tmp_path / "t1.jsonl", PAGES[:2])
    write_jsonl(tmp_path / "t2.jsonl", PAGES[2:3])
    _, rows = records([tmp_path / "drafts", str(tmp_path / "t*.jsonl")])
    formats = {r["id"].rsplit("/", 1)[-1]: r["format"] for r in rows}
    assert formats["a.md"] == "markdown" and formats["b.html"] == "html" and formats["p3"] == "text"
    bad = [r for r in rows if r["id"].endswith("bad.txt")][0]
    assert bad["error"].startswith("undecodable: not UTF-8 text")
    with pytest.raises(HealthlintError, match="nothing.jsonl: no such file or folder"):
        plan([str(tmp_path / "nothing.jsonl")])
    with pytest.raises(HealthlintError, match=r"\*\.csv: no file matches this pattern"):
        plan([str(tmp_path / "*.csv")])
