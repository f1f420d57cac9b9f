"""A small generated archive for the audit tests: JSON Lines, Parquet and a WARC built with
warcio, each with the bad records an audit must count instead of failing on."""
from __future__ import annotations

import io
import json
import random
import uuid
from pathlib import Path

#: (id, url, date, text): pages with and without overstated claims, over three sites and months.
PAGES = [
    ("p1", "https://www.shop.example/turmeric", "2024-01-15",
     "This miracle supplement cures arthritis in days.\n\nOur revolutionary formula is loved by thousands."),
    ("p2", "https://shop.example/greens", "2024-01-20",
     "Greens powder is a convenient way to add vegetables to a busy day. Talk to your pharmacist first."),
    ("p3", "https://news.example/study", "2024-02-03T10:00:00Z",
     "A revolutionary new trial suggests that the drug cures migraine for good.\n\nResearchers were cautious."),
    ("p4", "https://news.example/sleep", "2024-02-11",
     "Sleep matters. Most adults need seven to nine hours, according to national guidance."),
    ("p5", "https://blog.example/detox", "2024-03-01",
     "This groundbreaking tea is a miracle for your gut and cures bloating naturally."),
    ("p6", "https://blog.example/walks", "2024-03-09",
     "Walking after dinner may help some people with blood sugar; the studies so far are small."),
    ("p7", "https://shop.example/cbd", "not a date",
     "Our CBD oil cures anxiety, insomnia and chronic pain - a true miracle in a bottle!"),
    ("p8", "https://news.example/vitamin-d", None,
     "Vitamin D levels were linked to mood in an observational study of 2,000 adults."),
]

SELECT = ("hype", "cure")


def write_jsonl(path: Path, pages=PAGES, giant_chars: int = 0) -> Path:
    """The pages as JSON Lines, then a line that is not JSON, an empty text and (if asked) a
    giant text of `giant_chars` characters."""
    with open(path, "w", encoding="utf-8") as fh:
        for ident, url, date, text in pages:
            fh.write(json.dumps({"id": ident, "url": url, "date": date, "body": text}) + "\n")
        fh.write('{"id": "broken", "body": "no closing quote}\n')
        fh.write(json.dumps({"id": "empty", "url": "https://shop.example/empty", "body": "   "}) + "\n")
        if giant_chars:
            fh.write(json.dumps({"id": "giant", "body": "word " * (giant_chars // 5 + 1)}) + "\n")
    return path


def write_parquet(path: Path, pages=PAGES) -> Path:
    """The pages as Parquet in row groups of three, plus a row whose text is null."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"id": i, "url": u, "date": d, "body": t} for i, u, d, t in pages]
    rows.append({"id": "null-text", "url": "https://news.example/null", "date": "2024-01-01", "body": None})
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=3)
    return path


def html_page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | Shop</nav>"
            f"<main><h1>{title}</h1>{paragraphs}</main><footer>Contact us</footer></body></html>")


#: A page about WARC files whose text holds what a reader resynchronising inside it could take for
#: a record start: "WARC/1.0" mid-line, header-looking CRLF lines, and after a blank line a whole
#: HTML response record, mandatory fields and exact length included.
_FAKE_HTTP = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nFake page: this tea cures colds."
WARC_LOOKALIKE = (
    "<!DOCTYPE html><html><body><main><h1>Reading WARC/1.0 files</h1><pre>\r\n"
    "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12\r\n\r\n"
    "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000dead>\r\n"
    "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: https://fake.example/\r\n"
    f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(_FAKE_HTTP)}\r\n\r\n"
    f"{_FAKE_HTTP}\r\n\r\n</pre><p>Ginger tea cures colds.</p></main></body></html>")


def write_warc(path: Path, pages=PAGES, gzip: bool = True, ids: random.Random | None = None,
               lookalike: bool = False) -> dict[str, str]:
    """A WARC (gzipped, one member per record, unless `gzip` is False): a request record and an
    HTML response per page, a PNG response, a broken record (a corrupted gzip member) in the
    middle, an HTML page in Latin-1 without a charset (undecodable), and with `lookalike` the
    WARC_LOOKALIKE page first. Record ids are numbered (the same bytes on every run), or random
    UUIDs drawn from `ids`. Returns {url: html} of the pages that should be linted."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages_html: dict[str, str] = {}
    data = bytearray()

    serial = iter(range(1, 1000))

    def record(kind: str, url: str, body: bytes, ctype: str | None, date: str | None = None) -> bytes:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=gzip)
        # The same bytes on every run (record ids and dates are random and current otherwise):
        # where a byte range starts inside the corrupted member depends on them.
        writer._make_warc_id = (lambda: f"<urn:uuid:{uuid.UUID(int=ids.getrandbits(128), version=4)}>") if ids else \
            (lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(serial):012d}>")
        date = date or "2024-01-01T00:00:00Z"
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)] if ctype else [], protocol="HTTP/1.1")
        if kind == "request":
            headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
        warc_headers = {"WARC-Date": date} if date else None
        rec = writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=headers,
                                        warc_headers_dict=warc_headers)
        writer.write_record(rec)
        return buffer.getvalue()

    if lookalike:
        pages_html["https://docs.example/warc"] = WARC_LOOKALIKE
        data += record("response", "https://docs.example/warc", WARC_LOOKALIKE.encode("utf-8"), "text/html; charset=utf-8")
    for n, (ident, url, date, text) in enumerate(pages):
        page = html_page(f"Page {ident}", text)
        pages_html[url] = page
        data += record("request", url, b"", None)
        data += record("response", url, page.encode("utf-8"), "text/html; charset=utf-8",
                       (date + "T00:00:00Z") if date and len(date) == 10 else None)
        if n == 2:
            data += record("response", "https://shop.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
            broken = bytearray(record("response", "https://shop.example/broken", html_page("x", "cures all").encode(),
                                      "text/html"))
            if gzip:
                broken[40:60] = b"\x00" * 20  # corrupt the middle of the gzip member
            else:
                broken[0:8] = b"WARX/1.0"  # an unreadable record header
            data += broken
        if n == 5:
            data += record("response", "https://blog.example/latin1", html_page("Café", "Un café crème").encode("latin-1"),
                           "text/html")
    path.write_bytes(bytes(data))
    return pages_html
