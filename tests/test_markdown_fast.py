"""The fast Markdown reader (pyromark) returns exactly the blocks of the reference reader
(markdown-it-py): same prose, same source offset for every character, same kinds, same citation
markers. Users see the same findings whichever reader their platform has."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.formats import markdown, markdown_fast

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "fixtures").rglob("*.md"))

SNIPPETS = [
    "A line\r\nwith CRLF\r\n\r\n- item\r\n",
    "Old Mac\rline endings\r\rpara",
    "Entities &amp; escapes \\* and &#x41; mid-word: vit&shy;amin",
    "Tilde ~approx~ and ~~struck~~ and ~~~ and x~y",
    "- a\n  - b\n    - c\n\n  para in a\n",
    "| a | b |\n|---|---|\n| `x` | [l](http://pubmed.ncbi.nlm.nih.gov/1) |\n",
    "Text<br>more <!-- comment --> end",
    "Non-ASCII first: éé *ü* “q” — 😀 [link ü](u) done",
    "```\nunclosed fence\ncures",
    "Line with trailing spaces   \nnext",
    "*unclosed emphasis and `unclosed code",
    "<https://a.b/c> <a@b.co> www.example.com",
    "# ATX closed #\n\nSetext\n---\n",
    "",
    "\n\n   \n",
]


def signature(blocks):
    """Everything a finding's position depends on."""
    return [(b.kind, b.text, [b.source_start(i) for i in range(len(b.text))],
             [b.source_end(i) for i in range(1, len(b.text) + 1)], list(b.citations)) for b in blocks]


@pytest.mark.parametrize("text", SNIPPETS + [p.read_text(encoding="utf-8") for p in FILES],
                         ids=[f"snippet{i}" for i in range(len(SNIPPETS))] + [p.name for p in FILES])
def test_fast_reader_matches_reference_reader(text: str):
    assert signature(markdown_fast.read_blocks(text)) == signature(markdown.read_blocks(text))


def test_every_prose_character_maps_to_the_same_source_character():
    text = (ROOT / "fixtures" / "markdown" / "edge-cases.md").read_text(encoding="utf-8")
    for block in markdown_fast.read_blocks(text):
        for i, ch in enumerate(block.text):
            start, end = block.source_start(i), block.source_end(i + 1)
            if end - start == 1 and ch not in " \ufffc":
                assert text[start] == ch, (block.text, i)
