"""Front matter: the values of title/description/summary/excerpt are prose; nothing else is."""
from __future__ import annotations

from formats_helpers import FIXTURES, assert_positions_exact, blocks, flagged_lines, lint

YAML = (FIXTURES / "markdown" / "yaml-front-matter.md").read_text(encoding="utf-8")
TOML = (FIXTURES / "markdown" / "toml-front-matter.md").read_text(encoding="utf-8")


def test_yaml_plain_quoted_escaped_and_block_scalars():
    findings = lint(YAML, "post.md")
    # 2 plain (comment not read); 3 double-quoted with an escape (the quoted "sure cure" is a
    # quotation and is released); 4 single-quoted; 6, 9 a literal block scalar's paragraphs;
    # 19 the body. Not: tags, author, nested seo.title.
    assert flagged_lines(findings) == [2, 3, 4, 6, 9, 19]
    assert_positions_exact(YAML, findings)
    assert findings[1].match == "sure\\u0020cure"


def test_yaml_reads_only_the_chosen_fields():
    texts = blocks(YAML, "post.md")
    assert "It's a sure cure for hiccups" in texts
    assert not any("writer" in t or "nested" in t or "comment" in t for t in texts)
    assert blocks(YAML, "post.md", front_matter_keys=("summary",))[0] == "It's a sure cure for hiccups"


def test_toml_basic_literal_and_multiline_strings_top_level_only():
    findings = lint(TOML, "post.md")
    assert flagged_lines(findings) == [2, 3, 5, 14]
    assert_positions_exact(TOML, findings)
    assert findings[2].match == "sure \\\ncure"  # a line-ending backslash joins the lines
    assert not any("table" in t or "a-sure-cure" in t for t in blocks(TOML, "post.md"))


def test_front_matter_with_crlf_and_folded_quotes():
    text = '---\r\ntitle: "Ginger is a\r\n  sure cure"\r\n---\r\nBody.\r\n'
    findings = lint(text, "post.md")
    assert [f.match for f in findings] == ["sure cure"]
    assert_positions_exact(text, findings)
    text = "---\ntitle: Ginger is a sure\n  cure for all\n---\n"
    assert [f.match for f in lint(text, "post.md")] == ["sure\n  cure"]


def test_unterminated_or_odd_front_matter_never_raises():
    for text in ("---\ntitle: \"never closed\n---\n", "---\ntitle: 'x\n", "+++\ntitle = \"\"\"x\n+++\n",
                 "---\ntitle: |\n---\n", "---\ntitle:\n  - a\n---\n", "---\n: :\n---\n", "+++\n[\n+++\n",
                 "---\ntitle: \"\\x\\u12\\U0011FFFF\\\"\n---\n"):
        lint(text + "Ginger is a sure cure.\n", "post.md")
