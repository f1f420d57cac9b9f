"""Reading files: bytes to text, keeping what a fixer needs to write them back unchanged."""
from __future__ import annotations

import codecs
import errno
import os
from pathlib import Path

from .errors import ReadError
from .records import Frozen

FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "mdx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}


class Source(Frozen):
    """A decoded file. `text` excludes any byte-order mark; offsets are into `text`."""

    __slots__ = ("path", "text", "format", "encoding", "bom")
    path: str
    text: str
    format: str
    encoding: str
    bom: bytes

    def __init__(self, path: str, text: str, format: str, encoding: str = "utf-8", bom: bytes = b"") -> None:  # noqa: A002
        self._set(path=path, text=text, format=format, encoding=encoding, bom=bom)

    def with_text(self, text: str) -> Source:
        """The same file with another text (a fixed one)."""
        return Source(self.path, text, self.format, self.encoding, self.bom)


def format_for(path: str, default: str = "text") -> str:
    """The document format implied by a file name."""
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower(), default)


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, bytes]:
    """Decode bytes; return text, encoding and BOM.

    A byte-order mark decides (UTF-8, UTF-16); UTF-16 without one is recognised by where its NUL
    bytes fall; anything else is UTF-8, or `encoding` when it is not valid UTF-8 (so one legacy
    file in a folder of UTF-8 files reads right). A UTF-16/32 `encoding` is used as given.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), name, bom
            except UnicodeDecodeError:
                raise ReadError(path, f"not valid {name} text after its byte-order mark") from None
    if encoding and _is_wide(encoding):
        return _decode_as(data, path, encoding), encoding, b""
    head = data[:_SNIFF]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            try:
                return data.decode(utf16), utf16, b""
            except UnicodeDecodeError:
                pass
        raise ReadError(path, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError as err:
        if encoding:
            return _decode_as(data, path, encoding), encoding, b""
        line = data.count(b"\n", 0, err.start) + 1
        raise ReadError(path, f"not UTF-8 text (use --encoding); first undecodable byte on line {line}") from None


_SNIFF = 8192  # bytes looked at to tell text from binary, as git does


def _decode_as(data: bytes, path: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise ReadError(path, f"cannot decode as {encoding}: {err}") from None


def _is_wide(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when NUL bytes fall on one side of the code units only, as in
    UTF-16 text of a Latin-script language saved without a byte-order mark."""
    if len(head) < 2:
        return None
    head = head[:len(head) - len(head) % 2]
    units = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if even == 0 and odd >= units * 0.3:
        return "utf-16-le"
    if odd == 0 and even >= units * 0.3:
        return "utf-16-be"
    return None


def is_binary(path: str) -> bool:
    """Whether a file looks binary (NUL bytes that are not UTF-16 text); False if unreadable."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in head:
        return False
    return _utf16_without_bom(head) is None


def read_bytes(path: str) -> bytes:
    """A file's bytes; any failure becomes a ReadError that names the path and the problem."""
    try:
        with open(path, "rb") as f:  # not pathlib: ~20 µs a file counts when 10,000 come from the cache
            return f.read()
    except FileNotFoundError:
        why = "dangling symbolic link" if os.path.islink(path) else "no such file"
        raise ReadError(path, why) from None
    except IsADirectoryError:
        raise ReadError(path, "is a directory") from None
    except OSError as err:
        why = "symbolic link loop" if err.errno == errno.ELOOP else err.strerror or str(err)
        raise ReadError(path, why) from None


def read_source(path: str, fmt: str | None = None, encoding: str | None = None) -> Source:
    """Read and decode one file; raises ReadError with the path on any failure."""
    data = read_bytes(path)
    text, enc, bom = decode(data, path, encoding)
    return Source(path=path, text=text, format=fmt or format_for(path), encoding=enc, bom=bom)
