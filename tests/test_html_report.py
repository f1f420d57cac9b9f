"""The HTML report without a browser: what a draft contains is escaped, colours meet WCAG AA,
findings land on the prose a reader sees, and `check --format html -o` writes the file.
(tests/test_html_browser.py opens the report in a real browser.)"""
from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from integration_support import DEMO, run
from healthlint.findings import Finding
from healthlint.reporters import REPORTERS, html_marks, palette
from healthlint.reporters.html_marks import Span
from healthlint.reporters.palette import CATEGORY_COLOURS, OTHER, contrast

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</mark></p><script>alert(2)</script>",
    "{{ 7*7 }} {% raw %}",
]


class Elements(HTMLParser):
    """Every start tag and its attributes, as a browser's tokenizer sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


# Contrast (WCAG 2.x AA) ----------------------------------------------------------------------

def test_contrast_arithmetic_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA boundary grey


@pytest.mark.parametrize("category", [*CATEGORY_COLOURS, "a-team-pack"])
def test_every_category_colour_pair_meets_wcag_aa(category):
    tint, accent = palette.colours(category)
    assert contrast(palette.INK, tint) >= 4.5, "marked text on its tint"
    assert contrast(palette.LABEL_TEXT, accent) >= 4.5, "the category label's text on its accent"
    assert contrast(accent, palette.PAGE) >= 3, "the underline against the page (non-text contrast)"
    assert contrast(accent, tint) >= 3, "the underline against the mark's own tint"


def test_page_text_colours_meet_wcag_aa():
    for background in (palette.PAGE, palette.CARD):
        assert contrast(palette.INK, background) >= 4.5
        assert contrast(palette.MUTED, background) >= 4.5
        assert contrast(palette.FOCUS, background) >= 3


def test_categories_are_told_apart_by_their_accents():
    accents = [c.accent for c in CATEGORY_COLOURS.values()] + [OTHER.accent]
    assert len(set(accents)) == len(accents)


# Mapping findings onto prose ------------------------------------------------------------------

def test_overlapping_findings_nest_and_open_once():
    cut = html_marks.segments("a miracle cure today", [Span(2, 14, 1), Span(10, 20, 2)])
    assert [(s.text, s.covers, sorted(s.opens)) for s in cut] == [
        ("a ", [], []), ("miracle ", [1], [1]), ("cure", [1, 2], [2]), (" today", [2], [])]


def _finding(text: str, phrase: str, path: str, rule: str = "demo/miracle-cure", category: str = "demo") -> Finding:
    at = text.index(phrase)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Finding(path, line, column, line, column + len(phrase), at, at + len(phrase), rule, category,
                   "warning", "This promises too much.", phrase)


def _marks(html: str) -> list[str]:
    """The text of each finding's first mark, its category label removed."""
    found = re.findall(r'<mark [^>]*id="f\d+"[^>]*><span class="tag">[^<]*<span class="num">[^<]*</span></span>([^<]*)',
                       html)
    return found


def test_markdown_and_html_show_as_prose_with_the_finding_marked():
    md = "# Ginger\n\nGinger is a **miracle cure** for [colds](https://example.org).\n"
    page = "<html><body><main><p>Ginger is a miracle&nbsp;cure &amp; more.</p></main></body></html>"
    findings = [_finding(md, "**miracle cure**", "a.md"), _finding(page, "miracle&nbsp;cure", "b.html")]
    html = REPORTERS["html"](findings, texts={"a.md": md, "b.html": page}, files=2)
    assert _marks(html) == ["miracle cure", "miracle\u00a0cure"]
    assert "**" not in html and "https://example.org" not in html and "&amp;nbsp;" not in html
    assert '<h3 class="block heading">Ginger</h3>' in html
    assert "Ginger is a " in html and "for colds." in html


def test_a_finding_outside_the_prose_is_shown_on_its_escaped_source_lines():
    text = "Intro line.\n\n```\ncode <b>miracle cure</b>\n```\n"
    html = REPORTERS["html"]([_finding(text, "miracle cure", "c.md")], texts={"c.md": text}, files=1)
    assert "Source, line 4" in html
    assert "code &lt;b&gt;" in html and _marks(html) == ["miracle cure"]


# Escaping --------------------------------------------------------------------------------------

@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """Drafts whose text, entities and file name try to break out of the page."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "drafts"
    folder.mkdir()
    lines = [f"A miracle cure, they say: {payload}" for payload in HOSTILE]
    (folder / "hostile.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    (folder / "hostile.md").write_text("A miracle cure \\<script>alert(3)</script> and `<b>` code.\n", encoding="utf-8")
    (folder / "hostile.html").write_text(
        "<p>A miracle cure &lt;script&gt;alert(4)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(5)&gt;</p>",
        encoding="utf-8")
    (folder / '"><img src=x onerror=alert(6)>.txt').write_text("Another miracle cure.\n", encoding="utf-8")
    return folder


def test_a_hostile_draft_renders_as_text(hostile):
    result = run("check", "--format", "html", *DEMO, "drafts")
    assert result.exit_code == 1, result.stderr
    page = Elements(result.stdout)
    assert len(page.named("script")) == 1, "only the report's own script"
    assert not page.named("img")
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs), "no event handler attribute"
    text = "".join(page.text)
    for payload in HOSTILE:
        assert payload in text
    assert "<script>alert(4)</script>" in text and '"><img src=x onerror=alert(5)>' in text
    assert 'drafts/"><img src=x onerror=alert(6)>.txt' in text
    assert "49" not in text, "the draft is not evaluated as a template"


def test_the_content_security_policy_allows_only_the_reports_own_script(hostile):
    html = run("check", "--format", "html", *DEMO, "drafts").stdout
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy
    (digest,) = re.findall(r"script-src '(sha256-[^']+)'", policy)
    script = re.search(r"<script>(.*)</script>", html, re.S).group(1)
    import base64
    import hashlib

    assert digest == "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def test_the_report_names_no_outside_resource(hostile):
    html = run("check", "--format", "html", *DEMO, "drafts").stdout
    page = Elements(html)
    assert not page.named("link") and not [a for a in page.named("script") if "src" in a]
    assert "@import" not in html and "url(" not in html


# The command line -----------------------------------------------------------------------------

def test_output_file_receives_the_report(hostile, tmp_path):
    out = tmp_path / "report.html"
    result = run("check", "--format", "html", "-o", str(out), *DEMO, "drafts")
    assert result.exit_code == 1 and result.stdout == ""
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('<article class="note') == 7
    assert "demo/miracle-cure" in html and "promising remedy" in html  # the rule and its rewrite
    assert "https://example.org/rules/demo-miracle-cure" in html  # the rule's reference
    tint, accent = palette.colours("demo")  # the colours the contrast tests check are the ones used
    assert f"--tint: {tint}; --accent: {accent};" in html


def test_output_file_works_for_the_other_formats(hostile, tmp_path):
    out = tmp_path / "findings.json"
    assert run("check", "--format", "json", "--output-file", str(out), *DEMO, "drafts").exit_code == 1
    assert '"rule": "demo/miracle-cure"' in out.read_text(encoding="utf-8")


def test_an_unwritable_output_file_is_a_one_line_error(hostile, tmp_path):
    result = run("check", "--format", "html", "-o", str(tmp_path / "missing" / "r.html"), *DEMO, "drafts")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "r.html: cannot write the report" in result.stderr


def test_a_clean_folder_gives_a_report_that_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.md").write_text("Ginger may ease nausea in some people.\n", encoding="utf-8")
    result = run("check", "--format", "html", *DEMO, "ok.md")
    assert result.exit_code == 0 and "No findings" in result.stdout


def test_jinja2_is_not_imported_at_start_up():
    code = "import sys, healthlint.cli; sys.exit('jinja2' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_template_is_package_data():
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"healthlint.reporters" = ["templates/*"]' in pyproject


def test_a_report_written_inside_the_checked_folder_is_not_linted_on_the_next_run(hostile):
    first = run("check", "--format", "html", "-o", "drafts/report.html", *DEMO, "drafts")
    again = run("check", "--format", "html", "-o", "drafts/report.html", *DEMO, "drafts")
    assert first.exit_code == again.exit_code == 1
    assert Path("drafts/report.html").read_text(encoding="utf-8").count('<article class="note') == 7
