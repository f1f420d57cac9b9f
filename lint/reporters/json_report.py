"""JSON: an array of findings, each with its positions, rule, message, match, suggestions, fix."""
from __future__ import annotations

import json

from ..findings import Finding


def report(findings: list[Finding], **_: object) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
