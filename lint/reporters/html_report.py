"""HTML: one self-contained page a medical reviewer opens (an e-mail attachment, no network).

The summary, then each draft as formatted prose with every finding marked in its category's
colour and labelled with the category's name, and beside it the rule, message, suggested
rewrites, rationale and references. Keyboard navigation, filters and the print stylesheet are
inline in the template (templates/report.html.j2).

Everything taken from a draft reaches the page through Jinja2 with autoescaping on: this module
only shapes plain data (strings, numbers, lists), and never builds markup itself.
Jinja2 is imported when a report is written, not at start-up.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..findings import Finding
from ..positions import LineIndex
from ..ruleset import Rule, RuleSet
from .html_marks import BlockIndex, Segment, Span, segments
from . import palette
from .palette import CATEGORY_COLOURS, colours

SEVERITIES = ("error", "warning", "info")  # most serious first, as a reviewer reads them
SEVERITY_NAMES = {"error": "Error", "warning": "Warning", "info": "Note"}
FORMAT_NAMES = {"markdown": "Markdown", "mdx": "MDX", "html": "HTML", "text": "plain text"}
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
_BLOCK_LABELS = {"front-matter": "Front matter", "title": "Page title", "description": "Page description",
                 "image": "Image text"}


@dataclass
class Note:
    """One finding as the report shows it beside the text."""

    number: int
    finding: Finding
    rule_key: str | None  # the anchor of its rule's notes (rationale, references), once per report


@dataclass
class RuleNote:
    """A rule's explanation, shown once at the end and opened beside each of its findings (6,000
    findings repeating their rules' rationales made a 1,000-file report twice the size)."""

    key: str
    id: str
    category: str
    category_title: str
    summary: list[tuple[str, bool]]
    rationale: list[tuple[str, bool]]  # (text, emphasised)
    references: list[tuple[str, str | None]]  # (text, link or None)


@dataclass
class Row:
    """A block of the document (or an excerpt of its source) and the notes for its findings."""

    kind: str
    label: str | None
    segments: list[Segment]
    notes: list[Note] = field(default_factory=list)
    cells: list[list[Segment]] = field(default_factory=list)  # a table row: its cells, in order
    source: bool = False  # escaped source lines (preformatted), not prose


@dataclass
class DocumentView:
    path: str
    anchor: str
    format: str
    rows: list[Row]
    notes: list[Note]
    pre_line: bool  # plain text keeps its line breaks


def _rationale(text: str) -> list[tuple[str, bool]]:
    """Rule rationales use *emphasis*; split it out so the template can emphasise it safely."""
    parts: list[tuple[str, bool]] = []
    last = 0
    for m in _EMPHASIS.finditer(text):
        parts.append((text[last:m.start()], False))
        parts.append((m.group(1), True))
        last = m.end()
    parts.append((text[last:], False))
    return [p for p in parts if p[0]]


def _references(rule: Rule | None) -> list[tuple[str, str | None]]:
    if rule is None:
        return []
    refs: list[tuple[str, str | None]] = []
    for ref in rule.references:
        link = ref if ref.startswith(("https://", "http://")) else None
        refs.append((ref, link))
    if rule.url and rule.url not in rule.references:
        refs.append((rule.url, rule.url if rule.url.startswith(("https://", "http://")) else None))
    return refs


def _category_titles(ruleset: RuleSet | None) -> dict[str, str]:
    return {pack.category: pack.title for pack in ruleset.packs} if ruleset else {}


def _line_breaks(block, text: str, source: str) -> str:
    """Plain text keeps its line breaks: a prose space that stands for a source newline."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch == " ":
            at = block.source_start(i)
            if at < len(source) and source[at] in "\r\n":
                chars[i] = "\n"
    return "".join(chars)


def _document(path: str, text: str, notes: list[Note], reader_options) -> DocumentView:
    """Lay one document out as rows of prose, each with the notes for the findings it holds."""
    from ..formats import read_document
    from ..reader import Source, format_for

    fmt = format_for(path)
    body = text[1:] if text.startswith("\ufeff") else text
    try:
        blocks = read_document(Source(path=path, text=body, format=fmt), reader_options).blocks
    except Exception:  # a reader's edge case must not lose the report: show source lines instead
        blocks = []
    index = BlockIndex(blocks)
    spans: dict[int, list[Span]] = {}
    block_notes: dict[int, list[Note]] = {}
    unplaced: list[Note] = []
    for note in notes:
        f = note.finding
        where = index.locate(f.offset, f.end_offset)
        if where is None:
            unplaced.append(note)
            continue
        b, start, end = where
        spans.setdefault(b, []).append(Span(start, end, note.number))
        block_notes.setdefault(b, []).append(note)
    pre_line = fmt == "text"
    rows: list[Row] = []
    lines: LineIndex | None = None  # built if the document has a table
    last_cell_line = -1
    for i, block in enumerate(blocks):
        prose = block.text
        if not prose.strip():
            continue
        if pre_line:
            prose = _line_breaks(block, prose, body)
        cut = segments(prose, spans.get(i, []))
        notes_here = block_notes.get(i, [])
        if block.kind == "table-cell":
            # Cells that start on one source line are one table row (a Markdown table's line).
            lines = lines or LineIndex(body)
            line = lines.line_col(block.source_start(0))[0]
            if rows and rows[-1].kind == "table-cell" and line == last_cell_line:
                rows[-1].cells.append(cut)
                rows[-1].notes.extend(notes_here)
            else:
                rows.append(Row("table-cell", None, [], list(notes_here), cells=[cut]))
            last_cell_line = line
            continue
        rows.append(Row(block.kind, _BLOCK_LABELS.get(block.kind), cut, notes_here))
    if unplaced:
        rows.extend(_source_rows(body, unplaced))
    return DocumentView(path, "", fmt, rows, notes, pre_line)


def _source_rows(text: str, notes: list[Note]) -> list[Row]:
    """Findings the prose does not hold, each on its own escaped source lines."""
    lines = LineIndex(text)
    rows: list[Row] = []
    groups: dict[tuple[int, int], list[Note]] = {}
    for note in notes:
        f = note.finding
        groups.setdefault((f.line, max(f.end_line, f.line)), []).append(note)
    for (first, last), group in sorted(groups.items()):
        start = lines.starts[first - 1] if first - 1 < len(lines.starts) else len(text)
        end = lines.starts[last] if last < len(lines.starts) else len(text)
        excerpt = text[start:end].rstrip("\r\n")
        spans = [Span(max(0, n.finding.offset - start), min(len(excerpt), n.finding.end_offset - start), n.number)
                 for n in group]
        spans = [s for s in spans if s.end > s.start]
        label = f"Source, line {first}" if first == last else f"Source, lines {first}–{last}"
        rows.append(Row("source", label, segments(excerpt, spans), group, source=True))
    return rows


def _split(severities: Iterable[str]) -> str:
    """'3 errors, 1 warning': a category's findings by severity, in words."""
    counts = Counter(severities)
    words = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}
    return ", ".join(f"{counts[s]} {words[s][counts[s] != 1]}" for s in SEVERITIES if counts[s])


def _anchor(i: int) -> str:
    return f"doc-{i + 1}"


def build(findings: Iterable[Finding], texts: Mapping[str, str], files: int, ruleset: RuleSet | None,
          reader_options=None) -> dict:
    """Everything the template shows, as plain data."""
    # Numbered in reading order; of two findings that start together the longer comes first,
    # as its mark encloses the other's.
    findings = sorted(findings, key=lambda f: (f.path, f.offset, -f.end_offset, f.rule))
    rules = {r.id: r for r in ruleset.rules} if ruleset else {}
    titles = _category_titles(ruleset)
    by_path: dict[str, list[Note]] = {}
    rule_notes: dict[str, RuleNote] = {}
    for number, f in enumerate(findings, start=1):
        rule = rules.get(f.rule)
        if rule is not None and rule.id not in rule_notes:
            rule_notes[rule.id] = RuleNote("", rule.id, rule.category, titles.get(rule.category, rule.category),
                                           _rationale(rule.summary), _rationale(rule.rationale), _references(rule))
        by_path.setdefault(f.path, []).append(Note(number, f, rule.id if rule else None))
    ordered_rules = sorted(rule_notes.values(), key=lambda r: r.id)
    for i, note in enumerate(ordered_rules, start=1):
        note.key = f"rule-{i}"
    for notes in by_path.values():
        for note in notes:
            if note.rule_key is not None:
                note.rule_key = rule_notes[note.rule_key].key
    documents = []
    for i, path in enumerate(sorted(by_path)):
        doc = _document(path, texts.get(path, ""), by_path[path], reader_options)
        doc.anchor = _anchor(i)
        documents.append(doc)
    per_category = Counter(f.category for f in findings)
    per_severity = Counter(f.severity for f in findings)
    order = [c for c in CATEGORY_COLOURS if c in per_category] + sorted(c for c in per_category if c not in CATEGORY_COLOURS)
    top = max(per_category.values(), default=1)
    categories = [{"name": c, "title": titles.get(c, c), "count": per_category[c],
                   "percent": round(100 * per_category[c] / top, 1), "colours": colours(c),
                   "split": _split(f.severity for f in findings if f.category == c)}
                  for c in order]
    severities = [{"name": s, "count": per_severity.get(s, 0)} for s in SEVERITIES]
    # CSS classes by index: a category name from a team's pack never reaches the style sheet.
    cat_class = {c: f"c{i}" for i, c in enumerate(order)}
    return {
        "files": files,
        "total": len(findings),
        "documents": documents,
        "categories": categories,
        "severities": severities,
        "palette": palette,
        "cat_class": cat_class,
        "cat_colours": [(c, colours(c)) for c in order],
        "rules": ordered_rules,
        "notes_by_number": {n.number: n for notes in by_path.values() for n in notes},
        "severity_names": SEVERITY_NAMES,
        "format_names": FORMAT_NAMES,
    }


_ENV = None


def _environment():
    """The Jinja2 environment, built once: autoescaping on for everything it renders."""
    global _ENV
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(
            loader=jinja2.PackageLoader("healthlint.reporters", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
    return _ENV


def _script() -> tuple[str, str]:
    """The page's own script and its CSP hash: the policy lets only this script run, so even
    a draft that slipped past escaping could not execute anything."""
    import base64
    import hashlib

    source = _environment().loader.get_source(_environment(), "report.js")[0]
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return source, f"sha256-{digest}"


def render(data: dict) -> str:
    from markupsafe import Markup

    from .. import __version__

    script, script_hash = _script()
    return _environment().get_template("report.html.j2").render(
        **data, script=Markup(script), script_hash=script_hash, version=__version__)


def report(findings: list[Finding], texts: Mapping[str, str] | None = None, files: int = 0,
           ruleset: RuleSet | None = None, reader_options=None, **_: object) -> str:
    if ruleset is None:
        from ..api import default_ruleset

        ruleset = default_ruleset()
    return render(build(findings, texts or {}, files, ruleset, reader_options))
