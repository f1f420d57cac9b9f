"""Raw HTML blocks inside Markdown: drafts exported from a CMS often wrap whole paragraphs in
`<p>`, `<div>` or `<figure>`. CommonMark passes such a block through as markup, so without this
its prose would never be linted. The HTML reader reads the block, and its offsets are moved to
where the block stands in the file."""
from __future__ import annotations

from ..document import ProseBlock
from .options import ReaderOptions

_WHOLE = ReaderOptions(html_scope="all")  # a fragment: no page around it to choose <main> from


def html_block_prose(text: str, start: int, end: int) -> list[ProseBlock]:
    """Prose blocks of the HTML in text[start:end], with source offsets into `text`."""
    fragment = text[start:end]
    if "<" not in fragment or not any(c.isalpha() for c in fragment):
        return []
    from .html import read_blocks  # the HTML reader, imported only for files that need it

    blocks = read_blocks(fragment, _WHOLE)
    if start:
        for block in blocks:
            block._pieces = [(at, s + start, e + start) for at, s, e in block._pieces]
    return blocks
