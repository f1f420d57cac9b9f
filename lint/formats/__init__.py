"""Readers: one module per source format, each turning a Source into prose blocks."""
from __future__ import annotations

from ..document import Document
from ..reader import Source
from . import markdown, plaintext

READERS = {
    "markdown": markdown.read_blocks,
    "text": plaintext.read_blocks,
}


def read_document(source: Source) -> Document:
    """Parse a decoded source into a Document with its prose blocks."""
    reader = READERS.get(source.format, plaintext.read_blocks)
    return Document(source=source, blocks=reader(source.text))
