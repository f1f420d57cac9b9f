"""Readers: one module per source format, each turning a Source into prose blocks."""
from __future__ import annotations

import os
from collections.abc import Callable

from ..document import Document, ProseBlock
from ..reader import Source
from . import html, markdown, mdx, plaintext
from .options import FRONT_MATTER_KEYS, HTML_SCOPES, ReaderOptions

Reader = Callable[[str, ReaderOptions], list[ProseBlock]]

def _markdown_reader() -> Reader:
    """The fast pyromark reader when it is installed (and not switched off with
    HEALTHLINT_MARKDOWN=markdown-it); markdown-it-py otherwise. Both return the same blocks."""
    if os.environ.get("HEALTHLINT_MARKDOWN") != "markdown-it":
        try:
            from .markdown_fast import read_blocks
            return read_blocks
        except ImportError:
            pass
    return markdown.read_blocks


READERS: dict[str, Reader] = {
    "markdown": _markdown_reader(),
    "mdx": mdx.read_blocks,
    "html": html.read_blocks,
    "text": lambda text, options: plaintext.read_blocks(text),
}

__all__ = ["FRONT_MATTER_KEYS", "HTML_SCOPES", "READERS", "ReaderOptions", "read_document"]


def read_document(source: Source, options: ReaderOptions | None = None) -> Document:
    """Parse a decoded source into a Document with its prose blocks."""
    reader = READERS.get(source.format, READERS["text"])
    return Document(source=source, blocks=reader(source.text, options or ReaderOptions()))
