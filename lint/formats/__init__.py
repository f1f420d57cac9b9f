"""Readers: one module per source format, each turning a Source into prose blocks."""
from __future__ import annotations

import os

from ..document import Document
from ..reader import Source
from . import plaintext


def _markdown_reader():
    """The fast pyromark reader when it is installed (and not switched off with
    HEALTHLINT_MARKDOWN=markdown-it); markdown-it-py otherwise. Both return the same blocks."""
    if os.environ.get("HEALTHLINT_MARKDOWN") != "markdown-it":
        try:
            from .markdown_fast import read_blocks
            return read_blocks
        except ImportError:
            pass
    from .markdown import read_blocks
    return read_blocks


READERS = {
    "markdown": _markdown_reader(),
    "text": plaintext.read_blocks,
}


def read_document(source: Source) -> Document:
    """Parse a decoded source into a Document with its prose blocks."""
    reader = READERS.get(source.format, plaintext.read_blocks)
    return Document(source=source, blocks=reader(source.text))
