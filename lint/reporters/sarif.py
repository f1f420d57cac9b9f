"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

What code scanning needs, and how it is met here:
- every rule described in `tool.driver.rules` (short and full description, help as text and
  Markdown, default level, help URI when the rule has one), with results pointing at it by
  `ruleId` and `ruleIndex`;
- relative URIs against `%SRCROOT%`, the working folder, named in `originalUriBaseIds`;
- columns in UTF-16 code units (`columnKind`), converted from healthlint's code points;
- `partialFingerprints` that survive edits elsewhere in the file (fingerprints.py).
Suggested fixes are included as SARIF `fixes`.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from ..doclinks import rule_doc_url
from ..findings import Finding
from ..fingerprints import FileFingerprints
from ..positions import LineIndex
from ..ruleset import Rule, RuleSet
from ..suppressions import UNUSED_RULE, UNUSED_SUMMARY
from .catalog import explain_markdown, explain_text
from .paths import ci_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "healthlintMatch/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("/", "-").split("-"))


def rule_descriptor(rule: Rule) -> dict:
    descriptor = {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale or rule.message.replace("{match}", "…")},
        "help": {"text": explain_text(rule), "markdown": explain_markdown(rule, heading=False)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["health-copy", rule.category], "precision": "high"},
    }
    # The rule's own documentation (docs/rules.md), which names the regulation; a team's rule
    # that is not documented there links to its own `url`, if it has one.
    help_uri = rule_doc_url(rule.id) or rule.url
    if help_uri:
        descriptor["helpUri"] = help_uri
    if rule.url and rule.url != help_uri:
        descriptor["properties"]["reference"] = rule.url
    return descriptor


def _other_descriptor(rule_id: str) -> dict:
    """A rule that is not in the rule set (the unused-suppression check, or API callers')."""
    summary = UNUSED_SUMMARY if rule_id == UNUSED_RULE else rule_id
    return {"id": rule_id, "name": _pascal(rule_id), "shortDescription": {"text": summary},
            "fullDescription": {"text": summary}, "help": {"text": summary, "markdown": summary},
            "defaultConfiguration": {"level": "warning"}}


class _Columns:
    """Code-point columns of one file to UTF-16 code units."""

    def __init__(self, text: str):
        self.lines = LineIndex(text)

    def utf16(self, line: int, column: int) -> int:
        prefix = self.lines.line_text(line)[:column - 1] if line <= len(self.lines.starts) else ""
        return len(prefix.encode("utf-16-le")) // 2 + 1


def _artifact(path: str) -> dict:
    rel = ci_path(path)
    if rel.startswith("/"):
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel), "uriBaseId": SRCROOT}


def _region(f: Finding, columns: _Columns | None, start=None, end=None) -> dict:
    line, col = start or (f.line, f.column)
    end_line, end_col = end or (f.end_line, f.end_column)
    if columns is not None:
        col, end_col = columns.utf16(line, col), columns.utf16(end_line, end_col)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _fix(f: Finding, columns: _Columns | None, index: LineIndex | None) -> dict | None:
    if f.fix is None or index is None:
        return None
    start = index.line_col(f.fix.offset)
    end = index.line_col(f.fix.end_offset)
    return {"description": {"text": f"Replace with: {f.fix.replacement.strip()}"},
            "artifactChanges": [{"artifactLocation": _artifact(f.path),
                                 "replacements": [{"deletedRegion": _region(f, columns, start, end),
                                                   "insertedContent": {"text": f.fix.replacement}}]}]}


def _result(f: Finding, rule_index: int, fingerprint: str, columns: _Columns | None,
            index: LineIndex | None) -> dict:
    message = f.message + "".join(f"\nSuggest: {s}" for s in f.suggestions)
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(f.path),
                                            "region": _region(f, columns)}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    fix = _fix(f, columns, index)
    if fix:
        result["fixes"] = [fix]
    return result


def _notification(problem) -> dict:
    """A file that could not be read, a rule stopped on a file, or a skipped file."""
    return {"level": "error" if problem.level == "error" else "note",
            "message": {"text": problem.message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(problem.path)}}]}


def report(findings: list[Finding], texts: dict[str, str] | None = None, ruleset: RuleSet | None = None,
           problems: list | None = None, **_: object) -> str:
    from .. import __version__  # looked up here: importlib.metadata costs start-up time

    if ruleset is None:
        from ..api import default_ruleset

        ruleset = default_ruleset()
    texts = texts or {}
    rules = [rule_descriptor(r) for r in ruleset.rules]
    index_of = {r["id"]: i for i, r in enumerate(rules)}
    for f in findings:
        if f.rule not in index_of:
            index_of[f.rule] = len(rules)
            rules.append(_other_descriptor(f.rule))
    # Columns are UTF-16 when every file's text is at hand to convert them, else code points.
    utf16 = all(f.path in texts for f in findings)
    per_file: dict[str, tuple[FileFingerprints, _Columns | None, LineIndex | None]] = {}
    results = []
    for f in findings:
        if f.path not in per_file:
            text = texts.get(f.path)
            columns = _Columns(text) if utf16 and text is not None else None
            per_file[f.path] = (FileFingerprints(text), columns,
                                columns.lines if columns else (LineIndex(text) if text is not None else None))
        fingerprint, columns, index = per_file[f.path]
        results.append(_result(f, index_of[f.rule], fingerprint(f), columns, index))
    run = {
        "tool": {"driver": {"name": "healthlint", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "utf16CodeUnits" if utf16 else "unicodeCodePoints",
        "results": results,
    }
    if problems:  # files that could not be read reach code scanning too, not only stderr
        run["invocations"] = [{"executionSuccessful": not any(p.level == "error" for p in problems),
                               "toolExecutionNotifications": [_notification(p) for p in problems]}]
    sarif = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
