"""Which files are large: linted a piece at a time (stream.py) rather than read whole.

Kept apart from stream.py so that deciding costs nothing at start-up (a run answered by the
findings cache never imports the engine).
"""
from __future__ import annotations

from .reader import format_for

#: Markdown and plain-text files of at least this many bytes are linted in pieces, their findings
#: printed as they come (8 MiB: below it, reading the whole file costs ~200 MB at most).
STREAM_BYTES = 8 * 1024 * 1024
#: About how many characters a piece holds.
PIECE_CHARS = 1 << 20
#: Formats that can be cut into pieces (HTML and MDX are read whole).
STREAM_FORMATS = ("markdown", "text")


def streams(path: str, size: int) -> bool:
    """Whether a file of this size and name is linted in pieces."""
    return size >= STREAM_BYTES and format_for(path) in STREAM_FORMATS
