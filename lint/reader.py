"""Reading files: bytes to text, keeping what a fixer needs to write them back unchanged."""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import ReadError

FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}


@dataclass(frozen=True)
class Source:
    """A decoded file. `text` excludes any byte-order mark; offsets are into `text`."""

    path: str
    text: str
    format: str
    encoding: str = "utf-8"
    bom: bytes = b""


def format_for(path: str, default: str = "text") -> str:
    """The document format implied by a file name."""
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower(), default)


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, bytes]:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); return text, encoding and BOM."""
    if encoding:
        try:
            return data.decode(encoding), encoding, b""
        except (UnicodeDecodeError, LookupError) as err:
            raise ReadError(path, f"cannot decode as {encoding}: {err}") from None
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), name, bom
            except UnicodeDecodeError:
                raise ReadError(path, f"not valid {name} text after its byte-order mark") from None
    if b"\x00" in data[:8192]:
        raise ReadError(path, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError:
        raise ReadError(path, "not UTF-8 text (use --encoding)") from None


def read_source(path: str, fmt: str | None = None, encoding: str | None = None) -> Source:
    """Read and decode one file; raises ReadError with the path on any failure."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except IsADirectoryError:
        raise ReadError(path, "is a directory") from None
    except OSError as err:
        raise ReadError(path, err.strerror or str(err)) from None
    text, enc, bom = decode(data, path, encoding)
    return Source(path=path, text=text, format=fmt or format_for(path), encoding=enc, bom=bom)
