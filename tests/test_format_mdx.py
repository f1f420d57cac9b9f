"""MDX: imports, exports, JSX tags and {expressions} are code; the Markdown between is prose."""
from __future__ import annotations

from formats_helpers import FIXTURES, assert_positions_exact, blocks, flagged_lines, lint
from healthlint.formats.mdx import mask_mdx

POST = (FIXTURES / "mdx" / "ginger-post.mdx").read_text(encoding="utf-8")


def test_post_flags_prose_front_matter_and_jsx_children_only():
    findings = lint(POST, "post.mdx")
    # 2, 5: front matter title and description; 17: paragraph around inline JSX; 20: child
    # of a block component; 23: child on the component's own line; 25: inside an inline tag.
    assert flagged_lines(findings) == [2, 5, 17, 20, 23, 25]
    assert_positions_exact(POST, findings)


def test_mask_keeps_length_and_line_breaks():
    masked = mask_mdx(POST)
    assert len(masked) == len(POST)
    assert [i for i, c in enumerate(POST) if c == "\n"] == [i for i, c in enumerate(masked) if c == "\n"]


def test_never_reads_imports_exports_attributes_expressions_or_code():
    text = " ".join(blocks(POST, "post.mdx"))
    for hidden in ("components", "teaser", "props", "Tooltip", "warning", "comment", "Chart", "label"):
        assert hidden not in text
    assert "Callout" not in text  # the import, the block tags and the fenced JSX example


def test_component_at_line_start_does_not_make_an_indented_code_block():
    assert blocks("<Note kind=\"x\">Honey is a sure cure.</Note>\n", "a.mdx") == ["Honey is a sure cure."]
    assert blocks("- <Badge />Honey is a sure cure.\n> <Note>Garlic too.</Note>\n", "a.mdx") == \
        ["Honey is a sure cure.", "Garlic too."]


def test_braces_in_code_are_not_expressions():
    assert blocks("Use `{x}` and\n\n```\n{ sure cure }\n```\n\nthen {y} ends.\n", "a.mdx") == \
        ["Use \ufffc and", "then     ends."]


def test_escaped_braces_and_lone_angle_brackets_stay_text():
    assert blocks("Dose \\{1\\} is 2 < 3.\n", "a.mdx") == ["Dose {1} is 2 < 3."]


def test_unbalanced_mdx_never_raises():
    for text in ("{ never closed <A b=\"x", "<A {...", "</>{}}}{{", "export", "import {", "<A b={c>d", "`` ` ```"):
        lint(text + "\n\nGinger is a sure cure.\n", "a.mdx")


def test_an_escaped_backtick_before_a_run_is_read_not_a_crash():
    """'\\```' is an escaped backtick then a run of two (found by the reader property test): the
    run of two has no closer, so nothing is masked, and the file is read."""
    text = "\\```\nMagnesium cures insomnia.\n"
    masked = mask_mdx(text)
    assert len(masked) == len(text) and "Magnesium cures insomnia." in masked
