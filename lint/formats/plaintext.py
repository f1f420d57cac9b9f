"""Plain text: every paragraph (lines up to a blank line) is one prose block."""
from __future__ import annotations

import regex

from ..document import ProseBlock

_PARAGRAPH = regex.compile(r"(?:[^\r\n]*\S[^\r\n]*(?:\r\n|\r|\n|$))+")
_LINE = regex.compile(r"([^\r\n]*)(\r\n|\r|\n)?")


def read_blocks(text: str) -> list[ProseBlock]:
    blocks: list[ProseBlock] = []
    for para in _PARAGRAPH.finditer(text):
        block = ProseBlock(kind="paragraph")
        pos = para.start()
        for line in _LINE.finditer(para.group()):
            if line.start() == line.end():
                break
            content, brk = line.group(1), line.group(2)
            start = pos + line.start()
            block.add(content, start)
            if brk:
                block.add(" ", start + len(content), start + len(content) + len(brk))
        if block.text.strip():
            blocks.append(block)
    return blocks
