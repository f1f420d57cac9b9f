"""Which parts of a Markdown file are prose. Each case puts the probe word `skipme` where it must
never be linted and `flagme` where it must be; the findings must be exactly the `flagme`s
(at their exact offsets), so a case also proves the text after a skipped region is still found
where it is."""
from __future__ import annotations

import pytest
import regex

from healthlint import Linter, lint_text

# name -> Markdown. Every `flagme` is prose (unless listed in NOT_PROSE_FLAGME); no `skipme` is.
NEVER_LINTED = {
    "fenced code (backticks)": "```\nskipme in code\n```\n\nflagme after.\n",
    "fenced code (tildes, info string)": "~~~python\nprint('skipme')\n~~~\nflagme after.\n",
    "fenced code inside a list": "- item flagme\n\n  ```\n  skipme\n  ```\n",
    "indented code": "Intro flagme.\n\n    skipme in code\n\nflagme after.\n",
    "inline code": "Use `skipme` then flagme.\n",
    "inline code with backticks inside": "A `` skip`me skipme `` flagme.\n",
    "inline code over two lines": "See `a flagme.\nb skipme` flagme.\n",
    # Metadata fields only: whether a page's title or description counts as prose is up to the
    # front-matter reader, not asserted here.
    "YAML front matter": "---\nslug: skipme-page\ntags: [skipme]\nlayout: skipme\n---\n\nflagme body.\n",
    "TOML front matter": '+++\nslug = "skipme"\ntags = ["skipme"]\n+++\n\nflagme body.\n',
    "HTML comment block": "<!-- skipme -->\n\nflagme after.\n",
    "HTML comment over lines": "<!--\nskipme\nskipme\n-->\n\nflagme after.\n",
    "inline HTML comment": "Text <!-- skipme --> flagme.\n",
    "inline tag attribute": 'A <span title="skipme">flagme</span> here.\n',
    "HTML block tags": '<div class="skipme">\n\nflagme inside.\n\n</div>\n',
    "bare URL": "Visit https://example.com/skipme and flagme.\n",
    "www URL": "Visit www.skipme.com now, flagme.\n",
    "autolink": "See <https://example.com/skipme> flagme.\n",
    "autolink with escapes": "See <https://example.com/%C3%BCskipme> flagme.\n",
    "email autolink": "Mail <skipme@example.com> flagme.\n",
    "link reference definition": '[flagme][r]\n\n[r]: https://example.com/skipme "skipme title"\n',
    "link destination and title": '[flagme](https://example.com/skipme "skipme") and flagme.\n',
    "link destination in angle brackets": "[flagme](<skipme page.html>) flagme.\n",
    "image destination": "![flagme](skipme.png) flagme.\n",
    # a line that opens with an inline or unknown tag is an HTML block of its own kind: not an
    # export's wrapper, left unread as before
    "stray inline tag at a line start": "<A>\nskipme after it\n\nflagme after.\n",
}

IS_PROSE = {
    "ATX heading": "# A flagme heading\n",
    "setext heading": "flagme heading\n==============\n",
    "paragraph over lines": "First line\nsecond flagme line\nthird.\n",
    "bullet list": "- one\n- flagme two\n",
    "ordered and nested lists": "1. one flagme\n   - nested flagme\n",
    "block quote": "> quoted flagme\n",
    "lazy block quote continuation": "> quoted\nflagme lazy\n",
    "list in a block quote": "> - quoted item flagme\n",
    "table cells": "| head flagme | b |\n|---|---|\n| flagme | x flagme |\n",
    "link text": "A [flagme link](https://example.com/x) here.\n",
    "reference link text": "A [flagme][r] here.\n\n[r]: /x\n",
    "image alt text": "![an flagme image](pic.png)\n",
    "emphasis and strong": "*flagme* and **flagme** and _flagme_ and ~~flagme~~\n",
    "escapes and entities": "Tom &amp; flagme \\* flagme &copy; flagme.\n",
    "hard breaks": "a  \nflagme\\\nflagme\n",
    "text inside inline tags": "A <b>flagme</b> word.\n",
    "after a multi-line inline tag": 'A <span\ntitle="skipme">flagme</span>.\n',
    # a CMS export's raw HTML: read as HTML (text is prose; attributes, comments, scripts are not)
    "raw HTML block": '<p class="skipme">A flagme paragraph.</p>\n\nflagme after.\n',
    "raw HTML block over lines": '<div id="skipme">\n<p>One <em>flagme</em> word.</p>\n<!-- skipme -->\n</div>\n',
    "raw HTML block with a script": '<div>\n<script>var skipme = 1;</script>\n<p>flagme é flagme</p>\n</div>\n',
    "raw HTML block with code and a link": '<p>\nA flagme `skipme` and [flagme](https://x.org/skipme "skipme") flagme.\n</p>\n',
}

# In "inline code over two lines" the first `flagme` is inside the code span.
NOT_PROSE_FLAGME = {"inline code over two lines": {0}}


def expected_offsets(name: str, text: str) -> list[int]:
    starts = [m.start() for m in regex.finditer("flagme", text)]
    return [s for i, s in enumerate(starts) if i not in NOT_PROSE_FLAGME.get(name, set())]


@pytest.fixture(scope="module")
def marker_linter(probe_ruleset) -> Linter:
    return Linter(probe_ruleset, select=["probe/marker"])


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("name", [*NEVER_LINTED, *IS_PROSE])
def test_only_prose_is_linted(name: str, newline: str, marker_linter: Linter):
    text = {**NEVER_LINTED, **IS_PROSE}[name].replace("\n", newline)
    found = lint_text(text, path="draft.md", linter=marker_linter)
    assert [f.match for f in found if f.match != "flagme"] == []
    assert [f.offset for f in found] == expected_offsets(name, text)


def test_plain_text_has_no_markup(marker_linter: Linter):
    """In a .txt file, fences, comments and front matter are just words: all of it is prose."""
    text = "---\ntitle: flagme\n---\n```\nflagme\n```\n<!-- flagme -->\n"
    found = lint_text(text, path="notes.txt", linter=marker_linter)
    assert [f.offset for f in found] == [m.start() for m in regex.finditer("flagme", text)]


def test_blocks_do_not_run_into_each_other(marker_linter: Linter, probe_ruleset):
    """A phrase split across two blocks (heading and paragraph, two cells) is not one match."""
    linter = Linter(probe_ruleset, select=["probe/overstated"])
    assert lint_text("# The key\n\nto treating it.\n", path="a.md", linter=linter) == []
    assert lint_text("| wonder | pill |\n|---|---|\n", path="a.md", linter=linter) == []
    assert lint_text("The key\n\nto treating it.\n", path="a.txt", linter=linter) == []
