"""JSON: an array of findings, each with its positions, rule, message, match, suggestions, fix."""
from __future__ import annotations

from ..findings import Finding


def report(findings: list[Finding], **_: object) -> str:
    import json  # imported when used: most runs print text, and json costs start-up time

    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
