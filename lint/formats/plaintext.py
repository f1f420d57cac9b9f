"""Plain text: every paragraph (lines up to a blank line) is one prose block."""
from __future__ import annotations

import regex

from ..document import ProseBlock

# One line and its break. Lines are walked one by one (not matched as whole paragraphs by one
# pattern) so that a long line of white space costs linear, not quadratic, time.
_LINE = regex.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def read_blocks(text: str) -> list[ProseBlock]:
    blocks: list[ProseBlock] = []
    block: ProseBlock | None = None
    for line in _LINE.finditer(text):
        content, brk = line.group(1), line.group(2)
        if content.strip():
            block = block or ProseBlock(kind="paragraph")
            block.add(content, line.start())
            if brk:
                block.add(" ", line.start(1) + len(content), line.end())
        elif block is not None:
            blocks.append(block)
            block = None
        if line.end() == len(text):
            break
    if block is not None:
        blocks.append(block)
    return blocks
