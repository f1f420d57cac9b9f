"""Arbitrary text and markup through every reader: nothing raises, and every finding lies inside
the file and points at the words it reports, whatever the markup, entities or line endings."""
from __future__ import annotations

import functools
import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formats_helpers import COMMON_PACK
from healthlint.api import parse
from healthlint.engine import Linter
from healthlint.ruleset import load_ruleset


@functools.cache
def linter() -> Linter:
    """The test pack over the bundled rules, loaded when a test first runs (not at collection)."""
    return Linter(load_ruleset([COMMON_PACK]))


PROSE_IN_MESSAGE = re.compile(r'^"(.*)" (?:is a common word|ends in -ing)\.$', re.S)

WORDS = ["the", "health", "and", "cures", "walking", "is", "of", "a", "Ginger", "sure cure", "it"]
MARKUP = {
    "markdown": ["*", "**", "_", "`", "``", "[", "](", "](https://doi.org/1)", ")", "# ", "> ", "- ", "1. ",
                 "|", " | ", "\\", "\\*", "<b>", "</b>", "<!--", "-->", "```\n", "    ", "[^1]", "![",
                 "<https://x.org>", "[x]: /u\n", "~~"],
    "html": ["<p>", "</p>", "<b>", "</b>", "<a href=\"https://doi.org/x\">", "</a>", "<br>", "<sup>1</sup>",
             "<script>", "</script>", "<style>", "<code>", "</code>", "<pre>", "<main>", "</main>", "<!--",
             "-->", "<div", ">", "=\"", "'", "<title>", "</title>", "<meta name=\"description\" content=\"",
             "<li>", "<td>", "</", "<![CDATA[", "<svg>", "<template>", "&#116;", "&lt;"],
    "mdx": ["<Tip>", "</Tip>", "<Tip a=\"", "\" />", "{", "}", "{/* ", " */}", "import x from 'y'\n",
            "export const a = {\n", "<>", "</>", "`", "```\n", "\\{", "# ", "- ", "> "],
    "text": ["\t", "  ", "-", "(", ")", "[1]", "?", "!"],
}
COMMON = ["&amp;", "&nbsp;", "&#233;", "&bogus;", " ", "  ", "\n", "\n\n", "\r\n", "\r", ". ", ", ", "; ",
          "\"", "“", "”", "'", "’", "é", "😀", "\u00a0", "\u2028", "\x00", "\ufeff", "\ufffc", "1", "may ",
          "not ", "?", "---\n", "+++\n", "title: ", "description = \"", "|\n  ", ">\n  "]
FRONT_MATTER = st.sampled_from(["", "---\ntitle: the health of it\n---\n", "---\ndescription: \"the \\\"cures\\\"\n and\"\n---\n",
                                "+++\nsummary = '''the\nhealth'''\n+++\n", "---\nexcerpt: >\n  the walking\n\n  is\n---\n",
                                "---\ntitle: 'unclosed\n"])


def documents(fmt: str) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKUP[fmt]), st.sampled_from(COMMON),
                       st.text(max_size=4))
    body = st.lists(pieces, max_size=50).map("".join)
    return st.tuples(FRONT_MATTER, body).map("".join) if fmt in ("markdown", "mdx") else body


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def check_findings(text: str, fmt: str) -> None:
    doc = parse(text, f"doc.{fmt}", fmt)
    text = doc.text  # offsets are into the decoded text, without a leading byte-order mark
    findings = linter().lint(doc)
    starts = line_starts(text)
    for f in findings:
        assert 0 <= f.offset < f.end_offset <= len(text)
        assert text[f.offset:f.end_offset] == f.match
        assert starts[f.line - 1] + f.column - 1 == f.offset
        assert starts[f.end_line - 1] + f.end_column - 1 == f.end_offset
        m = PROSE_IN_MESSAGE.match(f.message)
        if m:  # the source begins and ends with the words found (markup only in between)
            prose, source = m.group(1), f.match
            decoded = html.unescape(source)
            assert decoded[0].lower() == prose[0].lower() or source[0] in "&\\", (prose, source)
            assert decoded[-1].lower() == prose[-1].lower() or source[-1] == ";", (prose, source)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(documents("markdown"))
def test_markdown_reader(text):
    check_findings(text, "markdown")


@PROPERTY
@given(documents("mdx"))
def test_mdx_reader(text):
    check_findings(text, "mdx")


@PROPERTY
@given(documents("html"))
def test_html_reader(text):
    check_findings(text, "html")


@PROPERTY
@given(documents("text"))
def test_text_reader(text):
    check_findings(text, "text")


@PROPERTY
@given(st.text(max_size=200), st.sampled_from(["markdown", "mdx", "html", "text"]))
def test_any_unicode_text_in_any_format(text, fmt):
    check_findings(text, fmt)
