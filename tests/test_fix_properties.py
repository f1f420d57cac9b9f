"""Property: whatever the document, fixing changes bytes only inside the fixed spans.

Documents mix overstated sentences (the bundled rules' bad examples and the test pack's) with
random text, markup, code, front matter, link titles, tabs, non-ASCII, every line ending (also
mixed), a trailing newline or none, and no BOM, a UTF-8 BOM or UTF-16 (LE/BE) with its BOM.
"""
from __future__ import annotations

import codecs
import functools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixpack import write_pack
from healthlint import Linter, load_ruleset
from healthlint.fixer import fix_loaded, loaded_from_bytes
from healthlint.ruleset import MARK

@functools.cache
def linter() -> Linter:
    """The bundled rules and the test pack, loaded when a test first runs (not at collection)."""
    return Linter(load_ruleset([write_pack(Path(tempfile.mkdtemp(prefix="healthlint-fixpack-")))]))


@functools.cache
def phrases() -> list[str]:
    # One-line examples only: a phrase holding a blank line would end the paragraph, code span or
    # comment the generator wraps it in, which would then not be code at all.
    return sorted({MARK.sub(r"\1", bad) for rule in linter().ruleset.rules for bad in rule.bad if "\n" not in bad})

ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
             ("utf-16-be", codecs.BOM_UTF16_BE)]
# No backticks or tildes in random text, so code fences open and close only where we put them.
RANDOM = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="`~")
                 | st.sampled_from("\t\u00e9\u00ef\u2014\u201c\u201d\U0001f600\u4e2d"), max_size=25)
INLINE = st.sampled_from(["**", "*", "_", "&amp;", "<b>", "</b>", "[", "](", ")", "\\*", "  "])


@st.composite
def documents(draw):
    """(text, path, protected segments that a markdown reader never treats as prose)."""
    markdown = draw(st.booleans())
    lines: list[str] = []
    protected: list[str] = []
    tag = 0
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["prose", "prose", "prose", "heading", "quote", "item", "fence",
                                     "comment", "inline-code", "link-title", "blank"]))
        phrase = draw(st.sampled_from(phrases()))
        tag += 1
        if kind in ("prose", "heading", "quote", "item"):
            words = draw(st.lists(st.one_of(st.sampled_from(phrases()), RANDOM, INLINE), max_size=5))
            prefix = {"prose": "", "heading": "# ", "quote": "> ", "item": "- "}[kind]
            lines.append(prefix + " ".join(words))
        elif kind == "blank":
            lines.append("")
        elif markdown and kind == "fence":
            segment = f"zq{tag} {phrase}"
            lines += ["", "```", segment, "```", ""]
            protected.append(segment)
        elif markdown and kind == "comment":
            segment = f"<!-- zq{tag} {phrase} -->"
            lines += ["", segment, ""]
            protected.append(segment)
        elif markdown and kind == "inline-code":
            segment = f"`zq{tag} {phrase}`"
            lines.append(f"{draw(st.sampled_from(phrases()))} {segment} {draw(RANDOM)}")
            protected.append(segment)
        elif markdown and kind == "link-title":
            segment = f"(https://example.org/zq{tag} \"{phrase}\")"
            lines.append(f"See [this page]{segment} now.")
            protected.append(segment)
    if markdown and draw(st.booleans()):  # keys and non-prose fields are never prose
        segments = [f"note: zq0 {draw(st.sampled_from(phrases()))}", f"zq00 {draw(st.sampled_from(phrases()))}: yes"]
        lines = ["---", *segments, "---", ""] + lines
        protected += segments
    endings = draw(st.one_of(
        st.sampled_from(["\n", "\r\n", "\r"]).map(lambda e: [e] * len(lines)),
        st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines))))
    if lines[:1] == ["---"]:  # TODO: drop once the reader recognises front matter with CR-only lines
        endings = [e if e != "\r" else "\n" for e in endings]
    text = "".join(line + end for line, end in zip(lines, endings))
    if not draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text, "doc.md" if markdown else "doc.txt", protected


def byte_offset(data_bom: bytes, text: str, offset: int, encoding: str) -> int:
    return len(data_bom) + len(text[:offset].encode(encoding))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(ENCODINGS), st.booleans())
def test_bytes_outside_the_fixed_spans_never_change(doc, encoding_bom, unsafe):
    text, path, protected = doc
    encoding, bom = encoding_bom
    data = bom + text.encode(encoding)
    outcome = fix_loaded(loaded_from_bytes(path, data), linter(), unsafe)
    assert outcome.error is None

    # Replay each pass on the bytes: everything between fixes is sliced from the previous bytes,
    # never re-encoded, so a changed byte anywhere outside a fix would show.
    current_text, current = text, data
    for fixes in outcome.result.passes:
        pieces, last = [], len(bom)
        spans = sorted((f.fix for f in fixes), key=lambda f: (f.offset, f.end_offset))
        for fix in spans:
            start = byte_offset(bom, current_text, fix.offset, encoding)
            end = byte_offset(bom, current_text, fix.end_offset, encoding)
            assert start >= last, "overlapping fixes"
            pieces += [current[last:start], fix.replacement.encode(encoding)]
            last = end
        pieces.append(current[last:])
        for f in fixes:  # each fix replaces exactly the words it reported (or appends at the end)
            assert (current_text[f.fix.offset:f.fix.end_offset] == f.match
                    or f.fix.offset == f.fix.end_offset == len(current_text))
        current = current[:len(bom)] + b"".join(pieces)
        current_text = current[len(bom):].decode(encoding)
    assert outcome.new_data == current
    assert current.startswith(bom) and current_text == outcome.result.text

    for segment in protected:  # code, comments, front matter, link destinations: untouched
        assert outcome.result.text.count(segment) == text.count(segment)

    if outcome.result.settled:  # a second --fix changes nothing
        again = fix_loaded(loaded_from_bytes(path, outcome.new_data), linter(), unsafe)
        assert again.new_data == outcome.new_data
