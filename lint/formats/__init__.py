"""Readers: one module per source format, each turning a Source into prose blocks.

A reader's module is imported when a file of its format is first read: a check of Markdown
files never loads the HTML or MDX readers (a few milliseconds each of start-up).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping

from ..document import Document, ProseBlock
from ..reader import Source
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
    from .markdown import read_blocks as markdown_it_blocks

    return markdown_it_blocks


def _mdx_reader() -> Reader:
    from .mdx import read_blocks

    return read_blocks


def _html_reader() -> Reader:
    from .html import read_blocks

    return read_blocks


def _text_reader() -> Reader:
    from .plaintext import read_blocks

    return lambda text, options: read_blocks(text)


class _Readers(Mapping):
    """Format name -> reader, each imported on first use."""

    _MAKERS: dict[str, Callable[[], Reader]] = {
        "markdown": _markdown_reader, "mdx": _mdx_reader, "html": _html_reader, "text": _text_reader}

    def __init__(self) -> None:
        self._made: dict[str, Reader] = {}

    def __getitem__(self, name: str) -> Reader:
        reader = self._made.get(name)
        if reader is None:
            reader = self._made[name] = self._MAKERS[name]()
        return reader

    def __iter__(self) -> Iterator[str]:
        return iter(self._MAKERS)

    def __len__(self) -> int:
        return len(self._MAKERS)


READERS: Mapping[str, Reader] = _Readers()

__all__ = ["FRONT_MATTER_KEYS", "HTML_SCOPES", "READERS", "ReaderOptions", "read_document"]


def read_document(source: Source, options: ReaderOptions | None = None) -> Document:
    """Parse a decoded source into a Document with its prose blocks."""
    reader = READERS[source.format if source.format in READERS else "text"]
    return Document(source=source, blocks=reader(source.text, options or ReaderOptions()))
