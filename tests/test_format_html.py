"""HTML pages: prose from text nodes at exact positions; markup, code and site chrome never read."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from formats_helpers import FIXTURES, assert_positions_exact, blocks, flagged_lines, lint
from healthlint.cli import cli

PAGE = (FIXTURES / "html" / "exported-page.html").read_text(encoding="utf-8")
NO_MAIN = (FIXTURES / "html" / "no-main.html").read_text(encoding="utf-8")


def test_exported_page_flags_prose_and_meta_description_only():
    findings = lint(PAGE, "page.html")
    # 6: meta description; 18: across <em>; 19; 20: across &nbsp;; 21: after a footnote-marked
    # sentence; 23, 24: list items; 32: table cell; 33: across <br>.
    assert flagged_lines(findings) == [6, 18, 19, 20, 21, 23, 24, 32, 33]
    assert_positions_exact(PAGE, findings)


def test_matches_keep_their_markup_and_entities_in_the_source_text():
    by_line = {f.line: f.match for f in lint(PAGE, "page.html")}
    assert by_line[18] == "sure</em> cure"
    assert by_line[20] == "sure&nbsp;cure"


def test_crlf_line_endings_keep_positions_exact():
    crlf = PAGE.replace("\n", "\r\n")
    findings = lint(crlf, "page.html")
    assert flagged_lines(findings) == [6, 18, 19, 20, 21, 23, 24, 32, 33]
    assert_positions_exact(crlf, findings)


def test_never_reads_script_style_code_pre_template_noscript_comments_or_attributes():
    text = " ".join(blocks(PAGE, "page.html", html_scope="all"))
    for hidden in ("banner", "content:", "Example:", "do not publish", "A sure cure in a cup", "site.css"):
        assert hidden not in text
    assert "Ginger is a sure cure</p>" not in text


def test_main_scope_leaves_out_navigation_and_footer_but_keeps_title():
    scoped = " ".join(blocks(PAGE, "page.html"))
    assert "Home" not in scoped and "boredom" not in scoped
    assert "Clinic news" in scoped  # the <title>, outside <main>, is always read
    everything = " ".join(blocks(PAGE, "page.html", html_scope="all"))
    assert "A sure cure a day" in everything and "boredom" in everything


def test_page_without_main_is_read_whole():
    assert blocks(NO_MAIN, "page.html") == blocks(NO_MAIN, "page.html", html_scope="all")
    assert flagged_lines(lint(NO_MAIN, "page.html")) == [3]


def test_block_elements_split_inline_elements_do_not():
    html = "<div>First <b>bold</b> words<p>Second<li>Third</li></div><span>a</span><i>b</i>"
    assert blocks(html, "x.html") == ["First bold words", "Second", "Third", "ab"]


def test_line_breaks_and_br_read_as_one_space():
    assert blocks("<p>one\n   two<br>three<br/>\n four</p>", "x.html") == ["one two three four"]


def test_entities_are_decoded_for_matching():
    assert blocks("<p>a &amp; b &lt;c&gt; &#233;t&#xE9; &nbsp;&bogus; AT&T</p>", "x.html") == \
        ["a & b <c> été \u00a0&bogus; AT&T"]


def test_footnote_sup_is_a_citation_and_exponents_stay_prose():
    cited = lint("<p>Ginger is a sure cure<sup>1</sup>.</p>", "x.html")
    assert cited == []
    assert blocks("<p>BMI of 25 kg/m<sup>2</sup>, 10<sup>6</sup> cells.</p>", "x.html") == \
        ["BMI of 25 kg/m2, 106 cells."]


def test_links_to_doi_pubmed_and_ncbi_count_as_citations():
    for href in ("https://doi.org/10.1/x", "https://pubmed.ncbi.nlm.nih.gov/123/",
                 "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/"):
        assert lint(f'<p>Ginger is a sure cure (<a href="{href}">study</a>).</p>', "x.html") == []
    assert len(lint('<p>Ginger is a sure cure (<a href="/shop">shop</a>).</p>', "x.html")) == 1


@pytest.mark.parametrize("html", [
    "<p>unclosed <b>bold <i>italic",
    "</div></p></span> stray end tags",
    "<p title='never closed>text",
    "<!-- comment that never ends <p>sure cure",
    "<p>a < b and c > d</p><",
    "<script>never closed sure cure",
    "<<<>>><p/><//p><!><?x?><![CDATA[x]]>",
    "<p>\x00\ufffd</p>&#0;&#x110000;&#99999999;",
    "<svg><title>x</title><text>y</text></svg><math><mi>z</mi></math>",
])
def test_malformed_html_never_raises(html):
    findings = lint(html + " Ginger is a sure cure.", "x.html")
    assert_positions_exact(html + " Ginger is a sure cure.", findings)


def test_ten_thousand_nested_elements_raise_no_recursion_error():
    html = "<div><blockquote>" * 10_000 + "Ginger is a sure cure." + "</blockquote></div>" * 10_000
    findings = lint(html, "deep.html")
    assert len(findings) == 1
    assert_positions_exact(html, findings)


def test_stdin_filename_picks_the_html_reader():
    page = "<nav>Ginger is a sure cure.</nav><main><p>Honey is a sure cure.</p></main>"
    args = ["check", "-", "--stdin-filename", "page.html", "--rule-path", str(FIXTURES / "packs" / "common-words"),
            "--select", "common/sure-cure", "-q"]
    out = CliRunner().invoke(cli, args, input=page.encode())
    assert out.stdout.splitlines() == ["page.html:1:54: warning common/sure-cure \"sure cure\" promises a cure."]
    everything = CliRunner().invoke(cli, args + ["--html-scope", "all"], input=page.encode())
    assert len(everything.stdout.splitlines()) == 2
