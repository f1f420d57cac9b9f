"""Code-point offsets <-> LSP positions (lint/server/positions.py), checked against Python's own
encoders on texts full of emoji, accents and mixed line endings."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from healthlint.server.positions import UTF8, UTF16, UTF32, PositionMap

_UNIT = {UTF8: ("utf-8", 1), UTF16: ("utf-16-le", 2), UTF32: ("utf-32-le", 4)}
texts = st.text(alphabet=st.sampled_from(list("ab \t.é中\r\n") + ["🍵", "𝔘"]), max_size=40)


def expected(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """Independently: the line is the number of breaks before `offset`; the character is the
    length of the line's text before `offset` once encoded, in code units."""
    before = text[:offset]
    breaks = list(re.finditer(r"\r\n|\r|\n", before))
    line_start = breaks[-1].end() if breaks else 0
    codec, width = _UNIT[encoding]
    return len(breaks), len(text[line_start:offset].encode(codec)) // width


@given(texts, st.sampled_from([UTF8, UTF16, UTF32]), st.data())
def test_positions_count_code_units_of_the_agreed_encoding(text: str, encoding: str, data):
    positions = PositionMap(text, encoding)
    offset = data.draw(st.integers(0, len(text)))
    if text[offset - 1:offset + 1] == "\r\n":
        return  # never a finding's edge
    assert positions.position(offset) == expected(text, offset, encoding)
    assert positions.offset(*positions.position(offset)) == offset


def test_an_emoji_is_two_utf16_units_and_one_code_point():
    text = "🍵🍵 tea lowers\r\nnext 🍵 line"
    positions = PositionMap(text)
    assert positions.position(text.index("lowers")) == (0, 4 + len(" tea "))
    assert positions.offset(0, 9) == text.index("lowers")
    assert positions.position(text.index("line")) == (1, len("next ") + 2 + 1)
    assert PositionMap(text, UTF32).position(text.index("lowers")) == (0, text.index("lowers"))


def test_positions_past_a_line_or_the_text_clamp_as_lsp_says():
    text = "ab🍵\ncd"
    positions = PositionMap(text)
    assert positions.offset(0, 99) == 3  # the end of line 0, before its line break
    assert positions.offset(0, 3) == 3  # inside the emoji's surrogate pair: after it
    assert positions.offset(7, 0) == len(text)
