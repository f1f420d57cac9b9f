"""Hover over a flagged span: why it was flagged, as `healthlint explain` tells it (the message,
the rationale, the rewrites for these words and the references), in Markdown."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .diagnostics import rule_href

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Finding
    from ..ruleset import RuleSet


def findings_at(findings: list[Finding], offset: int) -> list[Finding]:
    """The findings whose words hold the character at `offset`."""
    return [f for f in findings if f.offset <= offset < f.end_offset]


def hover_markdown(findings: list[Finding], ruleset: RuleSet | None) -> str:
    """One section per finding under the cursor."""
    sections = []
    for f in findings:
        rule = ruleset.get(f.rule) if ruleset is not None else None
        out = [f"**healthlint** `{f.rule}` ({f.severity})", "", f.message]
        if rule is not None and rule.rationale:
            out += ["", "**Why.** " + rule.rationale]
        if f.suggestions:
            out += ["", "**Rewrites:** " + "; ".join(f"“{s}”" for s in f.suggestions)]
        if rule is not None and (rule.references or rule.url):
            out += ["", "**References:** " + "; ".join(rule.references + ([rule.url] if rule.url else []))]
        href = rule_href(rule)
        if href:
            out += ["", f"[Rule reference]({href})"]
        sections.append("\n".join(out))
    return "\n\n---\n\n".join(sections)
