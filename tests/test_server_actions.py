"""Where "Disable RULE on this line" writes its comment, and that suppressions.py reads it there
(no server, no rules: findings are made by hand)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from healthlint.api import parse
from healthlint.findings import Finding
from healthlint.server.actions import Target, disable_on_line
from healthlint.server.positions import PositionMap
from healthlint.suppressions import apply
from server_support import apply_edits, edits_of


def finding_at(text: str, words: str) -> Finding:
    offset = re.search(rf"(?<![/\w]){words}", text).start()  # not the rule id in a comment
    return Finding(path="d", line=0, column=0, end_line=0, end_column=0, offset=offset,
                   end_offset=offset + len(words), rule="hype/miracle", category="hype", severity="warning",
                   message="m", match=words)


def disabled(text: str, fmt: str, words: str = "miracle") -> str:
    finding = finding_at(text, words)
    target = Target("file:///d", 1, text, fmt, PositionMap(text))
    action = disable_on_line(target, finding, None, versioned=False)
    fixed = apply_edits(text, edits_of(action.edit, "file:///d"))
    # the comment must silence the finding at its new place, as `check` would read it
    moved = finding_at(fixed, words)
    assert apply(parse(fixed, format=fmt), [moved]) == [], fixed
    return fixed


@pytest.mark.parametrize(("text", "expected"), [
    # a paragraph line above: the comment joins it, the paragraph stays one
    ("It works.\nA miracle cure.\n", "It works. <!-- healthlint-disable-next-line hype/miracle -->\nA miracle cure.\n"),
    # a list item above: same, so the list is not split in two
    ("- one\n- a miracle\n", "- one <!-- healthlint-disable-next-line hype/miracle -->\n- a miracle\n"),
    # a blank line above: a comment line of its own, indented as the flagged line
    ("Intro.\n\n  A miracle.\n", "Intro.\n\n  <!-- healthlint-disable-next-line hype/miracle -->\n  A miracle.\n"),
    # a fence's closing line above is not prose: appending would break the fence
    ("```\ncode\n```\nA miracle.\n", "```\ncode\n```\n<!-- healthlint-disable-next-line hype/miracle -->\nA miracle.\n"),
    # the first line of the document, and CRLF line endings kept
    ("A miracle.\r\nMore.\r\n", "<!-- healthlint-disable-next-line hype/miracle -->\r\nA miracle.\r\nMore.\r\n"),
])
def test_markdown_disable_comment_placement(text: str, expected: str):
    assert disabled(text, "markdown") == expected


def test_html_and_text_comments_go_on_their_own_line():
    assert disabled("<p>Hi.\nA miracle.</p>\n", "html") == \
        "<p>Hi.\n<!-- healthlint-disable-next-line hype/miracle -->\nA miracle.</p>\n"
    assert disabled("Hi.\nA miracle.\n", "text") == "Hi.\n# healthlint-disable-next-line hype/miracle\nA miracle.\n"


def test_check_does_not_import_the_language_server():
    code = ("import sys\nfrom healthlint.cli import cli\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
