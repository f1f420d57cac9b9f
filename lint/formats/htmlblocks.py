"""Raw HTML blocks inside Markdown: drafts exported from a CMS often wrap whole paragraphs in
`<p>`, `<div>` or `<figure>`. CommonMark passes such a block through as markup, so without this
its prose would never be linted. The HTML reader reads the block, and its offsets are moved to
where the block stands in the file."""
from __future__ import annotations

import re

from ..document import ProseBlock
from .options import ReaderOptions

_WHOLE = ReaderOptions(html_scope="all")  # a fragment: no page around it to choose <main> from
# Blocks that open with one of CommonMark's block-level tags (HTML block type 6): what an export
# wraps prose in. A stray "<A>" or "<span>" at a line's start (type 7) is left as it was.
_BLOCK_TAG = re.compile(
    r"\s*</?(?:address|article|aside|blockquote|body|caption|center|dd|details|dialog|div|dl|dt|"
    r"figcaption|figure|footer|h[1-6]|header|li|main|nav|ol|p|section|summary|table|tbody|td|tfoot|"
    r"th|thead|tr|ul)(?=[\s/>])", re.IGNORECASE)
# A writer's `code` and a link's (destination "title") inside such a block are still code and
# URLs to them: blanked, so they are never prose.
_NOT_PROSE = re.compile(r"(`+)[^`\n]+?\1|(?<=\])\([^()\n]*\)")


def html_block_prose(text: str, start: int, end: int) -> list[ProseBlock]:
    """Prose blocks of the HTML in text[start:end], with source offsets into `text`."""
    fragment = text[start:end]
    if not _BLOCK_TAG.match(fragment):
        return []
    if "`" in fragment or "](" in fragment:
        fragment = _NOT_PROSE.sub(lambda m: " " * len(m.group()), fragment)
    from .html import read_blocks  # the HTML reader, imported only for files that need it

    blocks = read_blocks(fragment, _WHOLE)
    if start:
        for block in blocks:
            block._pieces = [(at, s + start, e + start) for at, s, e in block._pieces]
    return blocks
